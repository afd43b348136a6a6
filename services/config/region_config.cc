#include "services/config/region_config.h"

#include <toml++/toml.h>

#include <filesystem>
#include <set>
#include <utility>

#include "services/config/bewaartermijn.h"
#include "services/config/drempels.h"
#include "services/config/toml_reading.h"

namespace regiotafel::config {

using config::ParseTomlFile;
using config::ReadMillis;
namespace {

constexpr const char* kKinds = "gemeente, corporatie, vluchtelingenwerk, coa or regio";

// Why `text` is not an organisation id, or "" when it is one.
std::string WhyNotOrgId(const std::string& text) {
  if (contract::ParseOrgId(text)) return "";
  const size_t colon = text.find(':');
  if (colon == std::string::npos) {
    return "not an organisation id (kind:slug, e.g. gemeente:dordrecht)";
  }
  const std::string kind = text.substr(0, colon);
  if (!contract::ParseOrgKind(kind)) {
    return "unknown kind \"" + kind + "\" (the kinds are " + kKinds + ")";
  }
  return "the part after \"" + kind + ":\" must be 1 to 40 of a-z, 0-9 and -";
}

}  // namespace

Status LoadRegionConfig(const std::string& path, RegionConfig* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root, "region file"); !s.ok()) return s;
  RegionConfig config;

  std::optional<std::string> naam = root["naam"].value<std::string>();
  if (!naam || naam->empty())
    return Status::InvalidArgument(path + ": naam must be a non-empty text", "naam");
  config.naam = *naam;

  const toml::array* organisaties = root["organisaties"].as_array();
  if (organisaties == nullptr || organisaties->empty()) {
    return Status::InvalidArgument(
        path + ": organisaties must be a non-empty list of organisation ids, e.g. [\"gemeente:dordrecht\"]",
        "organisaties");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < organisaties->size(); ++i) {
    const std::string entry = path + ": organisaties[" + std::to_string(i) + "]";
    std::optional<std::string> id = organisaties->at(i).value<std::string>();
    if (!id) return Status::InvalidArgument(entry + " is not a text", "organisaties");
    if (const std::string why = WhyNotOrgId(*id); !why.empty()) {
      return Status::InvalidArgument(entry + " = \"" + *id + "\": " + why, "organisaties");
    }
    if (!seen.insert(*id).second) {
      return Status::InvalidArgument(entry + " = \"" + *id + "\" is in the list twice", "organisaties");
    }
    config.organisaties.push_back(*id);
  }

  if (root.contains("poort_basis")) {
    std::optional<int64_t> base = root["poort_basis"].value<int64_t>();
    const int64_t highest =
        base.value_or(0) + kNodePortOffset + static_cast<int64_t>(config.organisaties.size()) - 1;
    if (!base || *base < 1024 || highest > 65535) {
      return Status::InvalidArgument(path + ": poort_basis must be a number from 1024 on, with room for " +
                                         std::to_string(kNodePortOffset + config.organisaties.size()) +
                                         " ports below 65536",
                                     "poort_basis");
    }
    config.port_base = static_cast<int>(*base);
  }
  if (Status s = ReadMillis(std::as_const(root)["heartbeat_ms"], path, "heartbeat_ms", 10, 60'000,
                            &config.heartbeat);
      !s.ok())
    return s;
  if (Status s =
          ReadBewaartermijn(std::as_const(root)["bewaartermijn_jaren"], path, &config.bewaartermijn_jaren);
      !s.ok())
    return s;
  if (root.contains("drempels")) {
    projections::Drempels drempels;
    const toml::table& r = root;
    if (Status s = config::ReadDrempels(r["drempels"], path, &drempels); !s.ok()) return s;
    for (const auto& [key, value] : *r["drempels"].as_table()) {
      config.drempels[std::string(key.str())] = DrempelValue(key.str(), drempels);
    }
  }
  *out = std::move(config);
  return Status::Ok();
}

}  // namespace regiotafel::config
