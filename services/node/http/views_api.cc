#include "services/node/http/views_api.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/json_text.h"
#include "contract/identifiers.h"
#include "contract/json.h"
#include "projections/signal_codes.h"
#include "projections/view_filters.h"
#include "services/administratie/overzicht.h"
#include "services/http/reply.h"
#include "services/table/table_file.h"

namespace regiotafel::node {
namespace {

using http::Reply;

void Refuse(httplib::Response& response, const Status& status) { http::Refuse(response, status, "views"); }

namespace pb = google::protobuf;
using Clock = std::chrono::steady_clock;
constexpr size_t kHistorieChunk = 1000;

// The nine codes a dossier's `signalen` can hold (WONING_ONBENUT is a woning's).
constexpr std::string_view kDossierSignals[] = {projections::kTermijnHuisvesting,
                                                projections::kReserveringZonderContract,
                                                projections::kTermijnVerhuizing,
                                                projections::kBrpOntbreekt,
                                                projections::kBegeleidingOntbreekt,
                                                projections::kOverboekingOpen,
                                                projections::kNareizigersPassenNiet,
                                                projections::kStil,
                                                projections::kOnvolledig};

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

// The parameters of one view call, checked.
struct Query {
  projections::AsOf at;
  std::string peildatum;  // as given, or today's
  std::map<std::string, std::string> filters;
};

Status CheckFilter(const std::string& key, const std::string& value) {
  if (key == "gemeente") {
    std::optional<contract::OrgId> id = contract::ParseOrgId(value);
    if (!id || id->kind != contract::OrgKind::kGemeente)
      return Status::InvalidArgument("gemeente moet een gemeente zijn, bijvoorbeeld gemeente:dordrecht", key);
  } else if (key == "voor") {
    if (!contract::ParseOrgId(value))
      return Status::InvalidArgument("voor moet een organisatie zijn, bijvoorbeeld gemeente:dordrecht", key);
  } else if (key == "fase") {
    v1::Dossier::Fase fase;
    if (!v1::Dossier::Fase_Parse(value, &fase) || fase == v1::Dossier::FASE_UNSPECIFIED) {
      std::vector<std::string> names;
      const pb::EnumDescriptor* e = v1::Dossier::Fase_descriptor();
      for (int i = 1; i < e->value_count(); ++i) names.push_back(e->value(i)->name());
      return Status::InvalidArgument("fase moet een van deze zijn: " + Join(names), key);
    }
  } else if (key == "signaal") {
    if (std::find(std::begin(kDossierSignals), std::end(kDossierSignals), value) ==
        std::end(kDossierSignals)) {
      std::vector<std::string> names(std::begin(kDossierSignals), std::end(kDossierSignals));
      return Status::InvalidArgument("signaal moet een dossiersignaal zijn: " + Join(names), key);
    }
  } else if (key == "limit") {
    size_t limit = 0;
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), limit);
    if (error != std::errc() || end != value.data() + value.size() || limit == 0)
      return Status::InvalidArgument("limit moet een geheel getal vanaf 1 zijn", key);
  } else if (key == "periode") {
    if (!ParsePeriode(value))
      return Status::InvalidArgument("periode moet de vorm JJJJ-H1 of JJJJ-H2 hebben, bijvoorbeeld 2026-H1",
                                     key);
  }
  return Status::Ok();
}

// peildatum, positie and the call's own filters; anything else is refused by name.
Status ParseQuery(const httplib::Request& request, const std::vector<std::string>& filters, uint64_t head,
                  const std::function<int32_t()>& today, Query* out) {
  Query q;
  q.at.position = head;
  q.at.peildatum = today();
  q.peildatum = FormatDate(q.at.peildatum);
  for (auto it = request.params.begin(); it != request.params.end();
       it = request.params.upper_bound(it->first)) {
    const std::string& key = it->first;
    const std::string& value = it->second;
    const bool known = key == "peildatum" || key == "positie" ||
                       std::find(filters.begin(), filters.end(), key) != filters.end();
    if (!known) {
      std::vector<std::string> allowed = {"peildatum", "positie"};
      allowed.insert(allowed.end(), filters.begin(), filters.end());
      return Status::InvalidArgument("onbekende parameter " + key + "; deze vraag kent " + Join(allowed),
                                     key);
    }
    if (request.params.count(key) > 1)
      return Status::InvalidArgument(key + " staat er meer dan één keer", key);
    if (value.empty()) return Status::InvalidArgument(key + " is leeg", key);
    if (key == "peildatum") {
      std::optional<int32_t> day = ParseDate(value);
      if (!day) return Status::InvalidArgument("peildatum moet een bestaande datum zijn (JJJJ-MM-DD)", key);
      q.at.peildatum = *day;
      q.peildatum = value;
    } else if (key == "positie") {
      uint64_t position = 0;
      auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), position);
      if (error != std::errc() || end != value.data() + value.size() || value[0] == '+') {
        return Status::InvalidArgument("positie moet een geheel getal vanaf 0 zijn", key);
      }
      if (position > head) {
        return Status::InvalidArgument("positie " + value +
                                           " ligt voorbij de kop van het log op deze node (positie " +
                                           std::to_string(head) + ")",
                                       key);
      }
      q.at.position = position;
    } else {
      if (Status s = CheckFilter(key, value); !s.ok()) return s;
      q.filters[key] = value;
    }
  }
  *out = std::move(q);
  return Status::Ok();
}

std::string Filter(const std::map<std::string, std::string>& filters, const std::string& key) {
  auto it = filters.find(key);
  return it == filters.end() ? "" : it->second;
}

void Mark(httplib::Response& response, const Query& q) {
  response.set_header("X-Regiotafel-Peildatum", q.peildatum);
  response.set_header("X-Regiotafel-Positie", std::to_string(q.at.position));
}

constexpr const char* kXlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
constexpr const char* kCsv = "text/csv; charset=utf-8";

// A directory of our own under the system's temporary one (mkdtemp: 0700, a name no one else has),
// removed with what is in it when this goes, whatever happened in between.
class ScratchDir {
 public:
  ScratchDir() = default;
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
    if (ec) spdlog::error("views: cannot remove {}: {}", path_.string(), ec.message());
  }

  Status Make() {
    std::error_code ec;
    const std::filesystem::path parent = std::filesystem::temp_directory_path(ec);
    if (ec) return Status::IOError("geen map voor tijdelijke bestanden: " + ec.message());
    std::string name = (parent / ("regiotafel-dossiers-" + std::to_string(getpid()) + "-XXXXXX")).string();
    if (mkdtemp(name.data()) == nullptr) {
      return Status::IOError("kan geen tijdelijke map maken in " + parent.string() + ": " +
                             std::strerror(errno));
    }
    path_ = name;
    return Status::Ok();
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// `tables` as the file `name` (.xlsx or .csv) would hold them, written by WriteTablesFile in a
// ScratchDir and read back.
// /dossiers/{v_nummer}[/historie]: the path's v_nummer checked, then the query.
Status ParseDossierQuery(const httplib::Request& request, uint64_t head,
                         const std::function<int32_t()>& today, Query* q) {
  if (!contract::IsVNummer(request.matches[1].str()))
    return Status::InvalidArgument("een v_nummer is precies 10 cijfers", "v_nummer");
  return ParseQuery(request, {}, head, today, q);
}

Status TablesFileBytes(const std::vector<table::Table>& tables, const std::string& name, std::string* out) {
  ScratchDir dir;
  if (Status s = dir.Make(); !s.ok()) return s;
  const std::string path = (dir.path() / name).string();
  if (Status s = table::WriteTablesFile(tables, path); !s.ok()) return s;
  std::ifstream file(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (!file || !bytes) return Status::IOError("kan " + path + " niet teruglezen");
  *out = std::move(bytes).str();
  return Status::Ok();
}

// The payload of an envelope, its message name ("BrpInschrijving") and its datum.
const pb::Message* Payload(const v1::Envelope& envelope, std::string* name, std::string* datum) {
  const pb::OneofDescriptor* oneof = v1::Envelope::descriptor()->FindOneofByName("payload");
  const pb::FieldDescriptor* field = envelope.GetReflection()->GetOneofFieldDescriptor(envelope, oneof);
  if (field == nullptr) return nullptr;
  const pb::Message& payload = envelope.GetReflection()->GetMessage(envelope, field);
  *name = field->message_type()->name();
  const pb::FieldDescriptor* d = field->message_type()->FindFieldByName("datum");
  *datum = d != nullptr && d->type() == pb::FieldDescriptor::TYPE_STRING
               ? payload.GetReflection()->GetString(payload, d)
               : "";
  return &payload;
}

}  // namespace

int32_t LocalToday() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof text, "%Y-%m-%d", &local);
  return ParseDate(text).value_or(0);
}

ViewsApi::ViewsApi(ViewHost& host, const eventstore::EventLog& replica, ViewsApiOptions options)
    : host_(host), replica_(replica), options_([&options] {
        if (!options.today) options.today = LocalToday;
        return std::move(options);
      }()) {}

void ViewsApi::Register(httplib::Server& server) {
  for (const std::string view :
       {"dossiers", "taakstelling", "pijplijn", "signalen", "woningen", "corporaties"}) {
    server.Get("/api/v1/" + view,
               [this, view](const httplib::Request& q, httplib::Response& r) { Region(q, r, view); });
  }
  server.Get("/api/v1/te-vergeten",
             [this](const httplib::Request& q, httplib::Response& r) { TeVergeten(q, r); });
  server.Get(R"(/api/v1/dossiers\.xlsx)",
             [this](const httplib::Request& q, httplib::Response& r) { OverzichtFile(q, r, true); });
  server.Get(R"(/api/v1/dossiers\.csv)",
             [this](const httplib::Request& q, httplib::Response& r) { OverzichtFile(q, r, false); });
  server.Get(R"(/api/v1/dossiers/([^/]+))",
             [this](const httplib::Request& q, httplib::Response& r) { OneDossier(q, r); });
  server.Get(R"(/api/v1/dossiers/([^/]+)/historie)",
             [this](const httplib::Request& q, httplib::Response& r) { Historie(q, r); });
}

void ViewsApi::Region(const httplib::Request& request, httplib::Response& response, const std::string& view) {
  std::vector<std::string> filters;
  if (view == "dossiers") filters = {"gemeente", "fase", "signaal", "limit", "na"};
  if (view == "taakstelling") filters = {"periode"};
  if (view == "signalen") filters = {"voor", "limit", "na"};
  if (view == "woningen") filters = {"limit", "na"};
  Query q;
  if (Status s = ParseQuery(request, filters, host_.head(), options_.today, &q); !s.ok())
    return Refuse(response, s);
  const Clock::time_point deadline = Clock::now() + options_.wait;
  using Kind = CachedView::Kind;
  const Kind kind = view == "dossiers"       ? Kind::kDossiers
                    : view == "taakstelling" ? Kind::kTaakstelling
                    : view == "pijplijn"     ? Kind::kPijplijn
                    : view == "signalen"     ? Kind::kSignalen
                    : view == "woningen"     ? Kind::kWoningen
                                             : Kind::kCorporaties;

  // A filtered list or a page of one: computed for this request. A whole list, or a taakstelling
  // narrowed to a periode: from the view the host keeps.
  if (kind == Kind::kDossiers || kind == Kind::kSignalen || kind == Kind::kWoningen) {
    if (!q.filters.empty()) {
      projections::Page page;
      if (const std::string limit = Filter(q.filters, "limit"); !limit.empty())
        page.limit = std::stoull(limit);
      page.na = Filter(q.filters, "na");
      if (kind == Kind::kSignalen && !page.na.empty() && page.na.find('/') == std::string::npos) {
        return Refuse(response,
                      Status::InvalidArgument(
                          "na moet de vorm CODE/v_nummer of CODE/woning_id hebben: de volgende van de "
                          "vorige pagina",
                          "na"));
      }
      std::string body;
      Status s = host_.Read(q.at, deadline, [&](const projections::Projection& p) {
        if (kind == Kind::kDossiers) {
          projections::DossierFilter filter;
          filter.gemeente = Filter(q.filters, "gemeente");
          filter.signaal = Filter(q.filters, "signaal");
          if (const std::string fase = Filter(q.filters, "fase"); !fase.empty())
            v1::Dossier::Fase_Parse(fase, &filter.fase);
          body = contract::ListToJson(p.Dossiers(q.at, filter, page));
        } else if (kind == Kind::kSignalen) {
          body = contract::ListToJson(p.Signalen(q.at, Filter(q.filters, "voor"), page));
        } else {
          body = contract::ListToJson(p.Woningen(q.at, page));
        }
      });
      if (!s.ok()) return Refuse(response, s);
      Mark(response, q);
      return Reply(response, 200, body);
    }
  }
  std::shared_ptr<const CachedView> cached;
  if (Status s = host_.View(kind, q.at, deadline, &cached); !s.ok()) return Refuse(response, s);
  Mark(response, q);
  if (const std::string periode = Filter(q.filters, "periode"); !periode.empty()) {
    return Reply(
        response, 200,
        contract::ListToJson(projections::FilterTaakstelling(cached->views().taakstelling, periode)));
  }
  Reply(response, 200, cached->Json());
}

void ViewsApi::TeVergeten(const httplib::Request& request, httplib::Response& response) {
  Query q;
  if (Status s = ParseQuery(request, {}, host_.head(), options_.today, &q); !s.ok())
    return Refuse(response, s);
  std::shared_ptr<const CachedView> cached;
  if (Status s = host_.View(CachedView::Kind::kDossiers, q.at, Clock::now() + options_.wait, &cached);
      !s.ok())
    return Refuse(response, s);
  Mark(response, q);
  Reply(response, 200,
        contract::ListToJson(
            projections::TeVergeten(cached->views().dossiers, q.at.peildatum, options_.bewaartermijn_jaren)));
}

void ViewsApi::OverzichtFile(const httplib::Request& request, httplib::Response& response, bool xlsx) {
  Query q;
  if (Status s = ParseQuery(request, {"gemeente"}, host_.head(), options_.today, &q); !s.ok())
    return Refuse(response, s);
  const Clock::time_point deadline = Clock::now() + options_.wait;
  const std::string gemeente = Filter(q.filters, "gemeente");
  std::vector<table::Table> tables;
  if (gemeente.empty()) {  // the whole list: the one the host keeps for GET /api/v1/dossiers too
    std::shared_ptr<const CachedView> cached;
    if (Status s = host_.View(CachedView::Kind::kDossiers, q.at, deadline, &cached); !s.ok())
      return Refuse(response, s);
    tables.push_back(administratie::Overzicht(cached->views().dossiers));
  } else {
    Status s = host_.Read(q.at, deadline, [&](const projections::Projection& p) {
      projections::DossierFilter filter;
      filter.gemeente = gemeente;
      tables.push_back(administratie::Overzicht(p.Dossiers(q.at, filter)));
    });
    if (!s.ok()) return Refuse(response, s);
  }
  if (xlsx) {
    tables.push_back(administratie::OverDitOverzicht(
        q.peildatum, std::to_string(q.at.position),
        options_.organisatie.empty() ? "node" : options_.organisatie, gemeente));
  }
  const std::string name = "dossiers-" + q.peildatum + (xlsx ? ".xlsx" : ".csv");
  std::string body;
  if (Status s = TablesFileBytes(tables, name, &body); !s.ok()) return Refuse(response, s);
  response.status = 200;
  response.body = std::move(body);
  response.set_header("Content-Type", xlsx ? kXlsx : kCsv);
  response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  response.set_header("Cache-Control", "no-store");  // it names people
  Mark(response, q);
}

void ViewsApi::OneDossier(const httplib::Request& request, httplib::Response& response) {
  const std::string v_nummer = request.matches[1];
  Query q;
  if (Status s = ParseDossierQuery(request, host_.head(), options_.today, &q); !s.ok())
    return Refuse(response, s);
  v1::Dossier dossier;
  Status s = host_.Dossier(v_nummer, q.at, Clock::now() + options_.wait, &dossier);
  if (s.IsNotFound()) {
    s = Status::NotFound("dossier " + v_nummer + " is niet bekend op peildatum " + q.peildatum +
                         " en positie " + std::to_string(q.at.position));
  }
  if (!s.ok()) return Refuse(response, s);
  Mark(response, q);
  Reply(response, 200, contract::ToJson(dossier));
}

void ViewsApi::Historie(const httplib::Request& request, httplib::Response& response) {
  const std::string v_nummer = request.matches[1];
  Query q;
  if (Status s = ParseDossierQuery(request, host_.head(), options_.today, &q); !s.ok())
    return Refuse(response, s);

  const std::string stream = "dossier/" + v_nummer;
  std::string events;
  size_t count = 0;
  std::vector<v1::LogRecord> records;
  for (uint64_t version = 1;;) {
    records.clear();
    if (Status s = replica_.ReadStream(stream, version, kHistorieChunk, &records); !s.ok())
      return Refuse(response, s);
    bool past = false;
    for (const v1::LogRecord& record : records) {
      if (record.position() > q.at.position) {
        past = true;
        break;
      }
      v1::Envelope envelope;
      std::string name, datum;
      const pb::Message* payload = nullptr;
      if (envelope.ParseFromString(record.envelope())) {
        // Before `payload` points into it: revealing replaces the payload.
        if (options_.personal_data != nullptr) {
          std::vector<eventstore::PositionParts> parts;
          if (Status s = replica_.ReadParts(record.position(), record.position(), &parts); !s.ok())
            return Refuse(response, s);
          options_.personal_data->Reveal(parts.empty() ? std::vector<eventstore::Part>{} : parts[0].parts,
                                         &envelope);
        }
        payload = Payload(envelope, &name, &datum);
      }
      if (payload == nullptr) {
        spdlog::warn("views: historie {}: the record at position {} has no payload this node knows", v_nummer,
                     record.position());
        continue;
      }
      const std::optional<int32_t> day = ParseDate(datum);
      if (day && *day > q.at.peildatum) continue;  // has not happened yet at the peildatum
      events += (count++ == 0 ? "" : ", ");
      events += "{\"position\": " + std::to_string(record.position()) +
                ", \"recorded_at\": " + JsonQuote(pb::util::TimeUtil::ToString(record.recorded_at())) +
                ", \"event_id\": " + JsonQuote(envelope.event_id()) +
                ", \"origin\": " + JsonQuote(envelope.origin()) +
                ", \"origin_seq\": " + std::to_string(envelope.origin_seq()) +
                ", \"event\": " + JsonQuote(name) + ", \"datum\": " + JsonQuote(datum) +
                ", \"payload\": " + contract::ToJson(*payload) + "}";
    }
    if (past || records.size() < kHistorieChunk) break;
    version += records.size();
  }
  if (count == 0) {
    return Refuse(response, Status::NotFound("dossier " + v_nummer + " heeft geen events op peildatum " +
                                             q.peildatum + " en positie " + std::to_string(q.at.position)));
  }
  Mark(response, q);
  Reply(response, 200, "{\"v_nummer\": " + JsonQuote(v_nummer) + ", \"events\": [" + events + "]}");
}

}  // namespace regiotafel::node
