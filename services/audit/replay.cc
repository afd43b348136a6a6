#include "services/audit/replay.h"

#include <functional>

namespace regiotafel::audit {
namespace {

bool After(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() > b.seconds() || (a.seconds() == b.seconds() && a.nanos() > b.nanos());
}

template <typename View>
std::unique_ptr<google::protobuf::Message> Owned(View view) {
  return std::make_unique<View>(std::move(view));
}

using ViewMaker = std::function<std::unique_ptr<google::protobuf::Message>(const projections::Projection&,
                                                                           const projections::AsOf&)>;

const std::vector<std::pair<std::string_view, ViewMaker>>& Views() {
  using P = projections::Projection;
  using A = projections::AsOf;
  static const std::vector<std::pair<std::string_view, ViewMaker>> views = {
      {"dossiers", [](const P& p, const A& at) { return Owned(p.Dossiers(at)); }},
      {"taakstelling", [](const P& p, const A& at) { return Owned(p.Taakstelling(at)); }},
      {"pijplijn", [](const P& p, const A& at) { return Owned(p.Pijplijn(at)); }},
      {"signalen", [](const P& p, const A& at) { return Owned(p.Signalen(at)); }},
      {"woningen", [](const P& p, const A& at) { return Owned(p.Woningen(at)); }},
      {"corporaties", [](const P& p, const A& at) { return Owned(p.Corporaties(at)); }},
      {"begeleiding", [](const P& p, const A& at) { return Owned(p.Begeleidingen(at)); }},
  };
  return views;
}

}  // namespace

Status Replay(const eventstore::RecordSource& log, const ReplayVraag& vraag, projections::Projection* out,
              uint64_t* tot) {
  *out = projections::Projection(vraag.drempels);
  *tot = 0;
  Status failed;
  v1::LogRecord record;
  Status scanned = log.Scan(1, [&](std::string_view key, std::string_view value) {
    if (!record.ParseFromArray(value.data(), static_cast<int>(value.size())) || key.size() != 8) {
      failed = Status::Corruption("het record na positie " + std::to_string(*tot) +
                                  " is onleesbaar; verifieer de log eerst (regiotafel-audit verify)");
      return false;
    }
    if (record.position() > vraag.position ||
        (vraag.bekend_op && After(record.recorded_at(), *vraag.bekend_op))) {
      return false;  // positions and times only grow along the log
    }
    if (Status s = out->Apply(record); !s.ok() && !s.IsInvalidArgument()) {
      failed = s;  // an event the facts cannot use is skipped, as on every node
      return false;
    }
    *tot = record.position();
    return true;
  });
  if (!scanned.ok()) return scanned;
  if (!failed.ok()) return failed;
  out->Prepare();
  return Status::Ok();
}

const std::vector<std::string_view>& ViewNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const auto& [name, make] : Views()) out.push_back(name);
    return out;
  }();
  return names;
}

Status ViewByName(const projections::Projection& projection, std::string_view naam,
                  const projections::AsOf& at, std::unique_ptr<google::protobuf::Message>* out) {
  for (const auto& [name, make] : Views()) {
    if (name == naam) {
      *out = make(projection, at);
      return Status::Ok();
    }
  }
  std::string known;
  for (std::string_view name : ViewNames()) known += (known.empty() ? "" : ", ") + std::string(name);
  return Status::InvalidArgument("onbekende view \"" + std::string(naam) + "\"; bekend zijn: " + known,
                                 "view");
}

}  // namespace regiotafel::audit
