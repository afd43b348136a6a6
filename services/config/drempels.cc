#include "services/config/drempels.h"

#include <array>
#include <utility>

#include "services/config/toml_reading.h"

namespace regiotafel::config {

using config::ParseTomlFile;
namespace {

using Field = int32_t projections::Drempels::*;

struct Drempel {
  std::string_view name;
  Field field;
};

constexpr std::array<Drempel, 10> kDrempels = {{
    {"termijn_huisvesting_dagen", &projections::Drempels::termijn_huisvesting_dagen},
    {"reservering_zonder_contract_dagen", &projections::Drempels::reservering_zonder_contract_dagen},
    {"termijn_verhuizing_dagen", &projections::Drempels::termijn_verhuizing_dagen},
    {"brp_ontbreekt_dagen", &projections::Drempels::brp_ontbreekt_dagen},
    {"begeleiding_ontbreekt_vanaf_dagen", &projections::Drempels::begeleiding_ontbreekt_vanaf_dagen},
    {"begeleiding_ontbreekt_tot_dagen", &projections::Drempels::begeleiding_ontbreekt_tot_dagen},
    {"overboeking_open_dagen", &projections::Drempels::overboeking_open_dagen},
    {"stil_dagen", &projections::Drempels::stil_dagen},
    {"woning_onbenut_dagen", &projections::Drempels::woning_onbenut_dagen},
    {"monitoring_dagen", &projections::Drempels::monitoring_dagen},
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

Status SetDrempel(std::string_view name, int64_t days, projections::Drempels* out) {
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

Status CheckDrempels(const projections::Drempels& drempels) {
  if (drempels.begeleiding_ontbreekt_vanaf_dagen >= drempels.begeleiding_ontbreekt_tot_dagen) {
    return Status::InvalidArgument("drempels.begeleiding_ontbreekt_vanaf_dagen (" +
                                       std::to_string(drempels.begeleiding_ontbreekt_vanaf_dagen) +
                                       ") must be below drempels.begeleiding_ontbreekt_tot_dagen (" +
                                       std::to_string(drempels.begeleiding_ontbreekt_tot_dagen) + ")",
                                   "drempels.begeleiding_ontbreekt_vanaf_dagen");
  }
  return Status::Ok();
}

int32_t DrempelValue(std::string_view name, const projections::Drempels& drempels) {
  const Drempel* drempel = Find(name);
  return drempel == nullptr ? 0 : drempels.*(drempel->field);
}

Status ReadDrempels(const toml::node_view<const toml::node>& node, const std::string& path,
                    projections::Drempels* out) {
  if (!node) return Status::Ok();
  const toml::table* table = node.as_table();
  if (table == nullptr) return Status::InvalidArgument(path + ": drempels must be a table", "drempels");
  projections::Drempels drempels;
  for (const auto& [key, value] : *table) {
    const std::string name(key.str());
    std::optional<int64_t> days = value.is_integer() ? value.value<int64_t>() : std::nullopt;
    Status s = SetDrempel(name, days.value_or(-1), &drempels);
    if (!s.ok()) return Status::InvalidArgument(path + ": " + s.message(), s.field());
  }
  if (Status s = CheckDrempels(drempels); !s.ok())
    return Status::InvalidArgument(path + ": " + s.message(), s.field());
  *out = drempels;
  return Status::Ok();
}

Status LoadDrempels(const std::string& path, projections::Drempels* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root); !s.ok()) return s;
  const toml::table& r = root;
  return ReadDrempels(r["drempels"], path, out);
}

}  // namespace regiotafel::config
