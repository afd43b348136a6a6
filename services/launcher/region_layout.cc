#include "services/launcher/region_layout.h"

#include <filesystem>

namespace regiotafel::region {

RegionLayout::RegionLayout(const std::string& data_dir) {
  // Symbolic links resolved: `down` recognises the region's processes by the configuration path on
  // their command line, which must come out the same however DIR was spelled for `up`.
  std::error_code ec;
  // absolute() first: weakly_canonical keeps a relative path relative when none of it exists yet.
  std::filesystem::path path = std::filesystem::weakly_canonical(std::filesystem::absolute(data_dir), ec);
  if (ec) path = std::filesystem::absolute(data_dir).lexically_normal();
  data_dir_ = path.string();
  // "data/x/" would give "…/data/x/" and then "…/data/x//bus": keep the paths in configs clean.
  while (data_dir_.size() > 1 && data_dir_.back() == '/') data_dir_.pop_back();
}

std::string RegionLayout::Stem(std::string_view name) {
  std::string stem(name);
  for (char& c : stem) {
    if (c == ':') c = '_';
  }
  return stem;
}

std::string RegionLayout::NameOf(std::string_view stem) {
  std::string name(stem);
  if (const size_t underscore = name.find('_'); underscore != std::string::npos) name[underscore] = ':';
  return name;
}

std::string RegionLayout::TokenFile(std::string_view stem) const {
  return KeysDir() + "/" + std::string(stem) + ".token";
}
std::string RegionLayout::KlasseSleutelsFile(std::string_view stem) const {
  return KeysDir() + "/" + std::string(stem) + ".klassesleutels.json";
}
std::string RegionLayout::ConfigFile(std::string_view stem) const {
  return ConfigDir() + "/" + std::string(stem) + ".toml";
}
std::string RegionLayout::LogFile(std::string_view stem) const {
  return LogsDir() + "/" + std::string(stem) + ".log";
}
std::string RegionLayout::PidFile(std::string_view stem) const {
  return RunDir() + "/" + std::string(stem) + ".pid";
}
std::string RegionLayout::NodeData(std::string_view stem) const {
  return data_dir_ + "/nodes/" + std::string(stem);
}

}  // namespace regiotafel::region
