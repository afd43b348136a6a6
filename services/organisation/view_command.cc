#include "services/organisation/view_command.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <memory>
#include <ostream>
#include <sstream>

#include "contract/json.h"
#include "regiotafel/v1/views.pb.h"
#include "services/node_client/node_client.h"
#include "services/organisation/event_command.h"
#include "services/organisation/text_table.h"

namespace regiotafel::organisation {
namespace {

namespace pb = google::protobuf;

struct ViewSpec {
  const char* name;  // the subcommand and the API path
  const char* help;
  const char* singular;  // for the count line
  const char* plural;
  // The columns of the table for people (empty: every field); --csv has every field.
  std::vector<std::string> table_columns;
};

const std::vector<ViewSpec>& Specs() {
  static const std::vector<ViewSpec> specs = {
      {"dossiers",
       "every dossier (filters --gemeente, --fase, --signaal)",
       "dossier",
       "dossiers",
       {"v_nummer", "naam", "gemeente", "fase", "huishouden", "koppeldatum", "woning_id", "woongemeente",
        "signalen"}},
      {"taakstelling", "taakstelling per gemeente and periode (filter --periode)", "regel", "regels", {}},
      {"pijplijn", "dossiers per linked gemeente and fase", "gemeente", "gemeenten", {}},
      {"signalen", "the open signals (filter --voor)", "signaal", "signalen", {}},
      {"woningen", "every woning offered", "woning", "woningen", {}},
      {"corporaties",
       "per corporatie and periode: afspraak, huurcontracten, vrijgekomen",
       "regel",
       "regels",
       {}},
  };
  return specs;
}

std::unique_ptr<pb::Message> NewView(const std::string& name) {
  if (name == "dossiers") return std::make_unique<v1::DossiersView>();
  if (name == "taakstelling") return std::make_unique<v1::TaakstellingView>();
  if (name == "pijplijn") return std::make_unique<v1::PijplijnView>();
  if (name == "signalen") return std::make_unique<v1::SignalenView>();
  if (name == "woningen") return std::make_unique<v1::WoningenView>();
  return std::make_unique<v1::CorporatiesView>();
}

// A column header for people: the field name in words ("datum_huurcontract" → "datum huurcontract").
std::string Label(const std::string& field) {
  if (field == "v_nummer") return "V-nummer";
  if (field == "woning_id") return "woning";
  if (field == "aandeel_procent") return "aandeel %";
  if (field == "boven_10_procent") return "boven 10%";
  std::string out = field;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

bool Numeric(const pb::FieldDescriptor* field) {
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
    case pb::FieldDescriptor::CPPTYPE_INT64:
    case pb::FieldDescriptor::CPPTYPE_UINT32:
    case pb::FieldDescriptor::CPPTYPE_UINT64:
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return !field->is_repeated();
    default:
      return false;
  }
}

// 12.5 → "12,5": a Dutch decimal, one digit after the comma (the views round to one).
std::string Decimal(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", value);
  std::string out = text;
  std::replace(out.begin(), out.end(), '.', ',');
  return out;
}

std::string Scalar(const pb::Message& m, const pb::FieldDescriptor* f, int index) {
  const pb::Reflection* r = m.GetReflection();
  const bool rep = index >= 0;
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f);
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return Decimal(rep ? r->GetRepeatedDouble(m, f, index) : r->GetDouble(m, f));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return Decimal(rep ? r->GetRepeatedFloat(m, f, index) : r->GetFloat(m, f));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? "ja" : "nee";
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return (rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f))->name();
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      return contract::ToJson(rep ? r->GetRepeatedMessage(m, f, index) : r->GetMessage(m, f));
  }
  return "";
}

// One field of a row as a cell: repeated values joined with ", ".
std::string Cell(const pb::Message& m, const pb::FieldDescriptor* f) {
  if (!f->is_repeated()) return Scalar(m, f, -1);
  std::string out;
  for (int i = 0; i < m.GetReflection()->FieldSize(m, f); ++i) out += (i == 0 ? "" : ", ") + Scalar(m, f, i);
  return out;
}

// The rows of a view (its one repeated message field) as a table of `columns` (empty: every field).
TextTable ViewTable(const pb::Message& view, const std::vector<std::string>& columns) {
  const pb::FieldDescriptor* list = view.GetDescriptor()->field(0);
  const pb::Descriptor* row = list->message_type();
  std::vector<const pb::FieldDescriptor*> fields;
  if (columns.empty()) {
    for (int i = 0; i < row->field_count(); ++i) fields.push_back(row->field(i));
  } else {
    for (const std::string& name : columns) fields.push_back(row->FindFieldByName(name));
  }
  TextTable table;
  for (const pb::FieldDescriptor* f : fields) {
    table.AddColumn(Label(f->name()), f->name(),
                    Numeric(f) ? TextTable::Align::kRight : TextTable::Align::kLeft);
  }
  const pb::Reflection* r = view.GetReflection();
  for (int i = 0; i < r->FieldSize(view, list); ++i) {
    const pb::Message& m = r->GetRepeatedMessage(view, list, i);
    std::vector<std::string> cells;
    for (const pb::FieldDescriptor* f : fields) cells.push_back(Cell(m, f));
    table.AddRow(std::move(cells));
  }
  return table;
}

std::string Encode(const std::string& value) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

// The node's JSON into `out`. Lenient about keys this version does not know: a later node may add
// fields (DOMAIN.md: added, never renamed), and an older `toon` should still show the rest.
Status FromNodeJson(const std::string& json, pb::Message* out) {
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto status = pb::util::JsonStringToMessage(json, out, options);
  return status.ok() ? Status::Ok() : Status::InvalidArgument(std::string(status.message()));
}

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

std::string Trimmed(std::string body) {
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.pop_back();
  return body;
}

// "positie 17, peildatum 2026-03-01"
std::string Exactness(const ViewAnswer& answer) {
  return "positie " + answer.position + ", peildatum " + answer.peildatum;
}

// Prints a refusal or error; returns the exit code.
int Failed(const Status& s, std::ostream& err) {
  if (s.IsInvalidArgument()) {
    err << "refused: " << (s.field().empty() ? "" : s.field() + ": ") << s.message() << "\n";
    return 1;
  }
  if (s.IsNotFound()) {
    err << s.message() << "\n";
    return 1;
  }
  err << "error: " << s.message() << "\n";
  return 2;
}

std::string Text(const pb::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

uint64_t Number(const pb::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() || it->second.number_value() < 0
             ? 0
             : static_cast<uint64_t>(it->second.number_value());
}

// "2026-01-05T10:11:12.345Z" → "2026-01-05 10:11:12 UTC"
std::string When(const std::string& rfc3339) {
  if (rfc3339.size() < 19) return rfc3339;
  return rfc3339.substr(0, 10) + " " + rfc3339.substr(11, 8) + " UTC";
}

// The set fields of `m` as "name=value, …" in field order; a nested message in parentheses
// ("gezinsleden=(v_nummer=1234567891, naam=Omar Haddad)").
std::string Words(const pb::Message& m, bool skip_datum) {
  std::vector<const pb::FieldDescriptor*> set;
  m.GetReflection()->ListFields(m, &set);
  std::string out;
  for (const pb::FieldDescriptor* f : set) {
    if (skip_datum && f->name() == "datum") continue;
    std::string value;
    if (f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      value = Cell(m, f);
    } else if (!f->is_repeated()) {
      value = "(" + Words(m.GetReflection()->GetMessage(m, f), false) + ")";
    } else {
      for (int i = 0; i < m.GetReflection()->FieldSize(m, f); ++i)
        value += (i == 0 ? "(" : ", (") + Words(m.GetReflection()->GetRepeatedMessage(m, f, i), false) + ")";
    }
    out += (out.empty() ? "" : ", ") + f->name() + "=" + value;
  }
  return out;
}

// A history event's payload in words: its set fields but datum, "name=value" in field order.
std::string Inhoud(const std::string& event, const pb::Value& payload) {
  const pb::OneofDescriptor* oneof = v1::Envelope::descriptor()->FindOneofByName("payload");
  const pb::FieldDescriptor* field = nullptr;
  for (int i = 0; i < oneof->field_count(); ++i) {
    if (oneof->field(i)->message_type()->name() == event) field = oneof->field(i);
  }
  std::string json;
  (void)pb::util::MessageToJsonString(payload, &json);
  if (field == nullptr) return json;  // an event of a later contract version: as the node sent it
  v1::Envelope envelope;
  pb::Message* message = envelope.GetReflection()->MutableMessage(&envelope, field);
  if (!FromNodeJson(json, message).ok()) return json;
  return Words(*message, /*skip_datum=*/true);
}

}  // namespace

ViewCommand::ViewCommand(CLI::App& app) {
  toon_ = app.add_subcommand("toon", "show a view of the region as this node knows it (DOMAIN.md §5)");
  toon_->require_subcommand(1);
  toon_->footer(
      "Every view is exact for a peildatum (default: today on the node) and a position in the log "
      "(default: the node's head); the last line of the table names both.");
  const auto add = [this](const std::string& name, const std::string& help) -> View& {
    View view{name, toon_->add_subcommand(name, help), std::make_unique<Options>()};
    Options& o = *view.options;
    o.node_url = kDefaultNode;
    CLI::App& command = *view.command;
    if (name == "dossier")
      command.add_option("v_nummer", o.v_nummer, "the dossier's V-nummer (10 digits)")->required();
    AddNodeOptions(command, &o.node_url, &o.token);
    command.add_option("--peildatum", o.peildatum, "the business date the view is of (default: today)")
        ->type_name("JJJJ-MM-DD");
    command.add_option("--positie", o.position, "only the log up to this position (default: all of it)")
        ->type_name("N");
    CLI::Option* json = command.add_flag("--json", o.json, "the API's JSON, as the node sends it");
    CLI::Option* csv = command.add_flag("--csv", o.csv, "CSV for Excel: ';' between fields, a header row");
    json->excludes(csv);
    command.add_option("--timeout", o.timeout_seconds, "seconds to wait for the node's answer")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    views_.push_back(std::move(view));
    return views_.back();
  };
  for (const ViewSpec& spec : Specs()) {
    View& view = add(spec.name, spec.help);
    Options& o = *view.options;
    CLI::App& command = *view.command;
    if (view.name == "dossiers") {
      command.add_option("--gemeente", o.gemeente,
                         "only dossiers linked to this gemeente (gemeente:slug or slug)");
      command.add_option("--fase", o.fase,
                         "only this fase: GEKOPPELD, GERESERVEERD, HUURCONTRACT, INGESCHREVEN, GESLOTEN");
      command.add_option("--signaal", o.signaal,
                         "only dossiers with this open signal, e.g. TERMIJN_HUISVESTING");
    } else if (view.name == "taakstelling") {
      command.add_option("--periode", o.periode, "only this periode")->type_name("JJJJ-H1|JJJJ-H2");
    } else if (view.name == "signalen") {
      command.add_option("--voor", o.voor, "only the signals for this organisation, e.g. gemeente:dordrecht");
    }
  }
  add("dossier", "one dossier: its fields and its whole history");
}

const ViewCommand::View* ViewCommand::Chosen() const {
  for (const View& view : views_) {
    if (view.command->parsed()) return &view;
  }
  return nullptr;
}

std::string ViewCommand::Query(const Options& o,
                               const std::vector<std::pair<std::string, std::string>>& extra) {
  std::vector<std::pair<std::string, std::string>> params;
  if (!o.peildatum.empty()) params.emplace_back("peildatum", o.peildatum);
  if (!o.position.empty()) params.emplace_back("positie", o.position);
  for (const auto& p : extra) {
    if (!p.second.empty()) params.push_back(p);
  }
  std::string query;
  for (const auto& [key, value] : params) query += (query.empty() ? "?" : "&") + key + "=" + Encode(value);
  return query;
}

std::string ViewCommand::Target() const {
  const View* view = Chosen();
  if (view == nullptr) return "";
  const Options& o = *view->options;
  if (view->name == "dossier") return "/api/v1/dossiers/" + Encode(o.v_nummer) + Query(o, {});
  std::vector<std::pair<std::string, std::string>> filters;
  if (view->name == "dossiers") {
    std::string gemeente = o.gemeente;
    if (!gemeente.empty() && gemeente.find(':') == std::string::npos) gemeente = "gemeente:" + gemeente;
    filters = {{"gemeente", gemeente}, {"fase", Upper(o.fase)}, {"signaal", Upper(o.signaal)}};
  } else if (view->name == "taakstelling") {
    filters = {{"periode", Upper(o.periode)}};
  } else if (view->name == "signalen") {
    filters = {{"voor", o.voor}};
  }
  return "/api/v1/" + view->name + Query(o, filters);
}

int ViewCommand::Run(std::ostream& out, std::ostream& err) const {
  const View* view = Chosen();
  if (view == nullptr) return 2;
  const Options& o = *view->options;
  if (view->name == "dossier") return RunDossier(o, out, err);
  std::unique_ptr<NodeClient> client;
  if (Status s = NodeClient::Open(o.node_url, o.token, std::chrono::seconds(o.timeout_seconds), &client);
      !s.ok())
    return Failed(s, err);
  ViewAnswer answer;
  if (Status s = client->View(Target(), &answer); !s.ok()) return Failed(s, err);
  if (o.json) {
    out << Trimmed(answer.body) << "\n";
    return 0;
  }
  std::unique_ptr<pb::Message> message = NewView(view->name);
  if (Status s = FromNodeJson(Trimmed(answer.body), message.get()); !s.ok()) {
    err << "error: the node's answer is not a " << view->name << " view: " << s.message() << "\n";
    return 2;
  }
  const ViewSpec& spec =
      *std::find_if(Specs().begin(), Specs().end(), [&](const ViewSpec& s) { return s.name == view->name; });
  const TextTable table = ViewTable(*message, o.csv ? std::vector<std::string>{} : spec.table_columns);
  if (o.csv) {
    table.WriteCsv(out);
    return 0;
  }
  table.WriteAligned(out);
  out << table.rows() << " " << (table.rows() == 1 ? spec.singular : spec.plural) << " (" << Exactness(answer)
      << ")\n";
  return 0;
}

int ViewCommand::RunDossier(const Options& o, std::ostream& out, std::ostream& err) const {
  std::unique_ptr<NodeClient> client;
  if (Status s = NodeClient::Open(o.node_url, o.token, std::chrono::seconds(o.timeout_seconds), &client);
      !s.ok())
    return Failed(s, err);
  ViewAnswer dossier_answer, historie_answer;
  if (Status s = client->View(Target(), &dossier_answer); !s.ok()) return Failed(s, err);
  // The history at exactly the dossier's {peildatum, positie}, even when the log grew in between.
  std::string historie_target = "/api/v1/dossiers/" + Encode(o.v_nummer) + "/historie";
  historie_target +=
      dossier_answer.position.empty() || dossier_answer.peildatum.empty()
          ? Query(o, {})
          : "?peildatum=" + Encode(dossier_answer.peildatum) + "&positie=" + Encode(dossier_answer.position);
  if (Status s = client->View(historie_target, &historie_answer); !s.ok()) return Failed(s, err);
  if (o.json) {
    out << "{\"dossier\": " << Trimmed(dossier_answer.body)
        << ", \"historie\": " << Trimmed(historie_answer.body) << "}\n";
    return 0;
  }
  v1::Dossier dossier;
  pb::Struct historie;
  if (Status s = FromNodeJson(Trimmed(dossier_answer.body), &dossier); !s.ok()) {
    err << "error: the node's answer is not a dossier: " << s.message() << "\n";
    return 2;
  }
  if (!pb::util::JsonStringToMessage(historie_answer.body, &historie).ok() ||
      !historie.fields().contains("events")) {
    err << "error: the node's history is not JSON with events\n";
    return 2;
  }

  TextTable events;
  events.AddColumn("positie", "position", TextTable::Align::kRight);
  events.AddColumn("datum", "datum");
  events.AddColumn("vastgelegd", "recorded_at");
  events.AddColumn("door", "origin");
  events.AddColumn("event", "event");
  if (o.csv) events.AddColumn("event id", "event_id");
  events.AddColumn("inhoud", "payload");
  for (const pb::Value& value : historie.fields().at("events").list_value().values()) {
    const pb::Struct& e = value.struct_value();
    std::vector<std::string> cells = {std::to_string(Number(e, "position")), Text(e, "datum"),
                                      o.csv ? Text(e, "recorded_at") : When(Text(e, "recorded_at")),
                                      Text(e, "origin"), Text(e, "event")};
    if (o.csv) cells.push_back(Text(e, "event_id"));
    auto payload = e.fields().find("payload");
    cells.push_back(payload == e.fields().end() ? "" : Inhoud(Text(e, "event"), payload->second));
    events.AddRow(std::move(cells));
  }
  if (o.csv) {
    events.WriteCsv(out);
    return 0;
  }

  out << "Dossier " << dossier.v_nummer() << " (" << Exactness(dossier_answer) << ")\n";
  TextTable fields;
  fields.AddColumn("veld", "veld");
  fields.AddColumn("waarde", "waarde");
  const pb::Descriptor* d = v1::Dossier::descriptor();
  for (int i = 0; i < d->field_count(); ++i)
    fields.AddRow({Label(d->field(i)->name()), Cell(dossier, d->field(i))});
  // Field and value without the header rule: a form, not a list.
  std::ostringstream form;
  fields.WriteAligned(form);
  std::string text = form.str();
  text = text.substr(text.find('\n', text.find('\n') + 1) + 1);  // drop the header and its rule
  out << text << "\nHistorie: " << events.rows() << " event" << (events.rows() == 1 ? "" : "s") << "\n";
  events.WriteAligned(out);
  return 0;
}

}  // namespace regiotafel::organisation
