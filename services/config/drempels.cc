#include "services/config/drempels.h"

#include <array>
#include <utility>

#include "services/config/toml_reading.h"

namespace regiotafel::node {

using config::ParseTomlFile;
namespace {

using Field = int32_t projections::Thresholds::*;

struct Drempel {
  std::string_view name;
  Field field;
};

constexpr std::array<Drempel, 10> kDrempels = {{
    {"termijn_huisvesting_dagen", &projections::Thresholds::termijn_huisvesting_dagen},
    {"reservering_zonder_contract_dagen", &projections::Thresholds::reservering_zonder_contract_dagen},
    {"termijn_verhuizing_dagen", &projections::Thresholds::termijn_verhuizing_dagen},
    {"brp_ontbreekt_dagen", &projections::Thresholds::brp_ontbreekt_dagen},
    {"begeleiding_ontbreekt_vanaf_dagen", &projections::Thresholds::begeleiding_ontbreekt_vanaf_dagen},
    {"begeleiding_ontbreekt_tot_dagen", &projections::Thresholds::begeleiding_ontbreekt_tot_dagen},
    {"overboeking_open_dagen", &projections::Thresholds::overboeking_open_dagen},
    {"stil_dagen", &projections::Thresholds::stil_dagen},
    {"woning_onbenut_dagen", &projections::Thresholds::woning_onbenut_dagen},
    {"monitoring_dagen", &projections::Thresholds::monitoring_dagen},
}};

const Drempel* Find(std::string_view name) {
  for (const Drempel& d : kDrempels) {
    if (d.name == name) return &d;
  }
  return nullptr;
}

}  // namespace

const std::vector<std::string_view>& DrempelNames() {
  static const std::vector<std::string_view> names = [] {
    std::vector<std::string_view> out;
    for (const Drempel& d : kDrempels) out.push_back(d.name);
    return out;
  }();
  return names;
}

Status SetDrempel(std::string_view name, int64_t days, projections::Thresholds* out) {
  const std::string field = "drempels." + std::string(name);
  const Drempel* drempel = Find(name);
  if (drempel == nullptr) {
    std::string known;
    for (const Drempel& d : kDrempels) known += (known.empty() ? "" : ", ") + std::string(d.name);
    return Status::InvalidArgument(field + " is not a threshold; [drempels] knows " + known, field);
  }
  if (days < 0 || days > kMaxDrempelDagen) {
    return Status::InvalidArgument(
        field + " must be a whole number of days from 0 to " + std::to_string(kMaxDrempelDagen), field);
  }
  out->*(drempel->field) = static_cast<int32_t>(days);
  return Status::Ok();
}

Status CheckDrempels(const projections::Thresholds& thresholds) {
  if (thresholds.begeleiding_ontbreekt_vanaf_dagen >= thresholds.begeleiding_ontbreekt_tot_dagen) {
    return Status::InvalidArgument("drempels.begeleiding_ontbreekt_vanaf_dagen (" +
                                       std::to_string(thresholds.begeleiding_ontbreekt_vanaf_dagen) +
                                       ") must be below drempels.begeleiding_ontbreekt_tot_dagen (" +
                                       std::to_string(thresholds.begeleiding_ontbreekt_tot_dagen) + ")",
                                   "drempels.begeleiding_ontbreekt_vanaf_dagen");
  }
  return Status::Ok();
}

int32_t DrempelValue(std::string_view name, const projections::Thresholds& thresholds) {
  const Drempel* drempel = Find(name);
  return drempel == nullptr ? 0 : thresholds.*(drempel->field);
}

Status ReadDrempels(const toml::node_view<const toml::node>& node, const std::string& path,
                    projections::Thresholds* out) {
  if (!node) return Status::Ok();
  const toml::table* table = node.as_table();
  if (table == nullptr) return Status::InvalidArgument(path + ": drempels must be a table", "drempels");
  projections::Thresholds thresholds;
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    std::optional<int64_t> days = value.is_integer() ? value.value<int64_t>() : std::nullopt;
    Status s = SetDrempel(name, days.value_or(-1), &thresholds);
    if (!s.ok()) return Status::InvalidArgument(path + ": " + s.message(), s.field());
  }
  if (Status s = CheckDrempels(thresholds); !s.ok())
    return Status::InvalidArgument(path + ": " + s.message(), s.field());
  *out = thresholds;
  return Status::Ok();
}

Status LoadDrempels(const std::string& path, projections::Thresholds* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root); !s.ok()) return s;
  const toml::table& r = root;
  return ReadDrempels(r["drempels"], path, out);
}

}  // namespace regiotafel::node
