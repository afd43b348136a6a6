#include "services/organisation/view_command.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/date.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/views.pb.h"
#include "services/node_client/node_client.h"
#include "services/organisation/event_command.h"
#include "services/table/csv.h"
#include "services/table/text.h"
#include "services/table/view_table.h"

namespace regiotafel::organisation {
namespace {

namespace pb = google::protobuf;

struct ViewSpec {
  const char* name;  // the subcommand and the API path
  const char* help;
  const char* singular;  // for the count line
  const char* plural;
};

const std::vector<ViewSpec>& Specs() {
  static const std::vector<ViewSpec> specs = {
      {"dossiers", "every dossier (filters --gemeente, --fase, --signaal)", "dossier", "dossiers"},
      {"taakstelling", "taakstelling per gemeente and periode (filter --periode)", "regel", "regels"},
      {"pijplijn", "dossiers per linked gemeente and fase", "gemeente", "gemeenten"},
      {"signalen", "the open signals (filter --voor)", "signaal", "signalen"},
      {"woningen", "every woning offered", "woning", "woningen"},
      {"corporaties", "per corporatie and periode: afspraak, huurcontracten, vrijgekomen", "regel", "regels"},
      {"te-vergeten", "the dossiers past the region's bewaartermijn, not forgotten yet", "dossier",
       "dossiers"},
  };
  return specs;
}

std::unique_ptr<pb::Message> NewView(const std::string& name) {
  if (name == "dossiers") return std::make_unique<v1::DossiersView>();
  if (name == "taakstelling") return std::make_unique<v1::TaakstellingView>();
  if (name == "pijplijn") return std::make_unique<v1::PijplijnView>();
  if (name == "signalen") return std::make_unique<v1::SignalenView>();
  if (name == "woningen") return std::make_unique<v1::WoningenView>();
  if (name == "te-vergeten") return std::make_unique<v1::TeVergetenView>();
  return std::make_unique<v1::CorporatiesView>();
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

// "positie 17, peildatum 2026-03-01" (what the node's headers said, shown and not obeyed)
std::string Exactness(const node_client::ViewAnswer& answer) {
  return table::TerminalText("positie " + answer.position + ", peildatum " + answer.peildatum);
}

// Prints a refusal or error; returns the exit code. The node's words may quote what it was sent:
// shown on the terminal, not obeyed (table::TerminalText).
int Failed(const Status& s, std::ostream& err) {
  const std::string message = table::TerminalText(s.message());
  if (s.IsInvalidArgument()) {
    err << "refused: " << (s.field().empty() ? "" : table::TerminalText(s.field()) + ": ") << message << "\n";
    return 1;
  }
  if (s.IsNotFound()) {
    err << message << "\n";
    return 1;
  }
  err << "error: " << message << "\n";
  return 2;
}

// 0 when written, else the error's exit code.
int Written(const Status& s, std::ostream& err) { return s.ok() ? 0 : Failed(s, err); }

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

// A history event's payload in words: its set fields but datum (the row has its own column), read into
// the event's message so that its values read as in the view tables.
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
  return table::FieldsText(*message, "datum");
}

// The node's RFC 3339 recorded_at ("2026-01-05T10:11:12.345Z") as people read a moment; as sent when
// it is not one.
std::string Vastgelegd(const std::string& rfc3339) {
  pb::Timestamp moment;
  if (!pb::util::TimeUtil::FromString(rfc3339, &moment)) return rfc3339;
  return table::TimestampText(moment.seconds());
}

// A date the node sent as YYYY-MM-DD as a date cell; anything else as text.
table::Cell DatumCell(const std::string& iso) {
  const std::optional<int32_t> day = ParseDate(iso);
  return day ? table::Cell::Date(*day) : table::Cell::Text(iso);
}

// The dossier's history (/historie: not a view of views.proto) as a table, an event a row. The event
// id only with `event_id`: for Excel, where it finds the event again; on a terminal it would push the
// payload off the line.
table::Table HistorieTable(const pb::Struct& historie, bool event_id) {
  table::Table t;
  t.name = "Historie";
  t.columns = {"Positie", "Datum", "Vastgelegd", "Door", "Event"};
  if (event_id) t.columns.emplace_back("Event-ID");
  t.columns.emplace_back("Inhoud");
  for (const pb::Value& value : historie.fields().at("events").list_value().values()) {
    const pb::Struct& e = value.struct_value();
    std::vector<table::Cell>& row = t.rows.emplace_back();
    row = {table::Cell::Number(static_cast<int64_t>(Number(e, "position"))), DatumCell(Text(e, "datum")),
           table::Cell::Text(Vastgelegd(Text(e, "recorded_at"))), table::Cell::Text(Text(e, "origin")),
           table::Cell::Text(Text(e, "event"))};
    if (event_id) row.push_back(table::Cell::Text(Text(e, "event_id")));
    auto payload = e.fields().find("payload");
    row.push_back(
        table::Cell::Text(payload == e.fields().end() ? "" : Inhoud(Text(e, "event"), payload->second)));
  }
  return t;
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
    CLI::Option* csv =
        command.add_flag("--csv", o.csv, "CSV for Dutch Excel: every field, ';' between, a header row");
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
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s = node_client::NodeClient::Open(o.node_url, o.token, std::chrono::seconds(o.timeout_seconds),
                                               &client);
      !s.ok())
    return Failed(s, err);
  node_client::ViewAnswer answer;
  if (Status s = client->View(Target(), &answer); !s.ok()) return Failed(s, err);
  if (o.json) {
    out << Trimmed(answer.body) << "\n";
    return 0;
  }
  std::unique_ptr<pb::Message> message = NewView(view->name);
  if (Status s = FromNodeJson(Trimmed(answer.body), message.get()); !s.ok()) {
    err << "error: the node's answer is not a " << view->name << " view: " << table::TerminalText(s.message())
        << "\n";
    return 2;
  }
  const ViewSpec& spec =
      *std::find_if(Specs().begin(), Specs().end(), [&](const ViewSpec& s) { return s.name == view->name; });
  // Every field for Excel; on a terminal what fits on a line.
  const std::vector<table::Table> tables =
      table::TablesOfView(*message, o.csv ? table::Columns::kAll : table::Columns::kShort);
  if (o.csv) return Written(table::WriteCsv(tables.front(), out), err);  // toon's views have one table
  if (Status s = tables.size() == 1 ? table::WriteText(tables.front(), out) : table::WriteText(tables, out);
      !s.ok())
    return Failed(s, err);
  const size_t rows = tables.front().rows.size();
  out << rows << " " << (rows == 1 ? spec.singular : spec.plural) << " (" << Exactness(answer) << ")\n";
  return 0;
}

int ViewCommand::RunDossier(const Options& o, std::ostream& out, std::ostream& err) const {
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s = node_client::NodeClient::Open(o.node_url, o.token, std::chrono::seconds(o.timeout_seconds),
                                               &client);
      !s.ok())
    return Failed(s, err);
  node_client::ViewAnswer dossier_answer, historie_answer;
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
    err << "error: the node's answer is not a dossier: " << table::TerminalText(s.message()) << "\n";
    return 2;
  }
  if (!pb::util::JsonStringToMessage(historie_answer.body, &historie).ok() ||
      !historie.fields().contains("events")) {
    err << "error: the node's history is not JSON with events\n";
    return 2;
  }

  const table::Table events = HistorieTable(historie, /*event_id=*/o.csv);
  if (o.csv) return Written(table::WriteCsv(events, out), err);

  out << "Dossier " << table::TerminalText(dossier.v_nummer()) << " (" << Exactness(dossier_answer) << ")\n";
  if (Status s = table::WriteForm(table::TableOfView(dossier), out); !s.ok()) return Failed(s, err);
  const size_t n = events.rows.size();
  out << "\nHistorie: " << n << " event" << (n == 1 ? "" : "s") << "\n";
  return Written(table::WriteText(events, out), err);
}

}  // namespace regiotafel::organisation
