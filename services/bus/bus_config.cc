#include "services/bus/bus_config.h"

#include <toml++/toml.h>

#include <filesystem>

#include "services/bus/toml_file.h"

namespace regiotafel::bus {
namespace {

namespace fs = std::filesystem;

Status RequiredString(const toml::table& table, const std::string& path, const char* key, std::string* out) {
  std::optional<std::string> value = table[key].value<std::string>();
  if (!value || value->empty())
    return Status::InvalidArgument(path + ": missing text key \"" + key + "\"", key);
  *out = *value;
  return Status::Ok();
}

std::string Resolve(const std::string& relative_to_file, const std::string& path) {
  fs::path p(path);
  if (p.is_absolute()) return path;
  return (fs::path(relative_to_file).parent_path() / p).lexically_normal().string();
}

}  // namespace

Status LoadBusConfig(const std::string& path, BusConfig* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root); !s.ok()) return s;
  BusConfig config;
  std::string data;
  if (Status s = RequiredString(root, path, "data", &data); !s.ok()) return s;
  config.data_dir = Resolve(path, data);
  if (Status s = RequiredString(root, path, "submit", &config.submit); !s.ok()) return s;
  if (Status s = RequiredString(root, path, "publish", &config.publish); !s.ok()) return s;
  if (Status s = RequiredString(root, path, "fetch", &config.fetch); !s.ok()) return s;
  if (root.contains("trust")) {
    std::string trust;
    if (Status s = RequiredString(root, path, "trust", &trust); !s.ok()) return s;
    TrustMap map;
    if (Status s = LoadTrust(Resolve(path, trust), &map); !s.ok()) return s;
    config.trust = std::move(map);
  }
  if (root.contains("curve_sleutel")) {
    std::string key_file;
    if (Status s = RequiredString(root, path, "curve_sleutel", &key_file); !s.ok()) return s;
    if (!config.trust) {
      return Status::InvalidArgument(
          path + ": curve_sleutel needs a trust file: it names the Curve keys that may connect", "trust");
    }
    transport::CurveKeyPair pair;
    if (Status s = transport::LoadCurveKeyFile(Resolve(path, key_file), &pair); !s.ok()) {
      return Status::InvalidArgument(path + ": curve_sleutel: " + s.message(), "curve_sleutel");
    }
    config.curve = std::move(pair);
  }
  if (root.contains("heartbeat_ms")) {
    std::optional<int64_t> ms = root["heartbeat_ms"].value<int64_t>();
    if (!ms || *ms < 10 || *ms > 60'000) {
      return Status::InvalidArgument(path + ": heartbeat_ms must be a number from 10 to 60000",
                                     "heartbeat_ms");
    }
    config.heartbeat = std::chrono::milliseconds(*ms);
  }
  *out = std::move(config);
  return Status::Ok();
}

}  // namespace regiotafel::bus
