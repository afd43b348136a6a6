#include "services/bus/bus_config.h"

#include <toml++/toml.h>

#include <filesystem>

#include "base/bytes.h"
#include "base/signing.h"
#include "contract/identifiers.h"

namespace regiotafel::bus {
namespace {

namespace fs = std::filesystem;

Status ParseFile(const std::string& path, toml::table* out) {
  if (!fs::exists(path)) return Status::NotFound("configuration file " + path + " does not exist");
  try {
    *out = toml::parse_file(path);
    return Status::Ok();
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ": " + std::string(e.description()) + " (line " +
                                   std::to_string(e.source().begin.line) + ")");
  }
}

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

Status LoadTrust(const std::string& path, TrustMap* out) {
  toml::table root;
  if (Status s = ParseFile(path, &root); !s.ok()) return s;
  out->clear();
  const toml::table* orgs = root["organisaties"].as_table();
  if (orgs == nullptr) return Status::InvalidArgument(path + ": no [organisaties] table", "organisaties");
  for (const auto& [key, node] : *orgs) {
    const std::string org(key.str());
    if (!contract::ParseOrgId(org)) {
      return Status::InvalidArgument(path + ": \"" + org + "\" is not an organisation id", "organisaties");
    }
    const toml::table* entry = node.as_table();
    std::optional<std::string> hex = entry ? (*entry)["ed25519"].value<std::string>() : std::nullopt;
    std::optional<std::string> key_bytes = hex ? FromHex(*hex) : std::nullopt;
    if (!key_bytes || key_bytes->size() != kPublicKeySize) {
      return Status::InvalidArgument(path + ": " + org + ".ed25519 must be a 32-byte public key in hex",
                                     "organisaties." + org + ".ed25519");
    }
    TrustedOrganisation& trusted = (*out)[org];
    trusted.ed25519 = *key_bytes;
    if (entry->contains("curve")) {
      std::optional<std::string> z85 = (*entry)["curve"].value<std::string>();
      std::optional<std::string> curve = z85 ? transport::FromZ85(*z85) : std::nullopt;
      if (!curve) {
        return Status::InvalidArgument(path + ": " + org + ".curve must be a Curve public key (40 characters of Z85)",
                                       "organisaties." + org + ".curve");
      }
      for (const auto& [other, keys] : *out) {
        if (other != org && keys.curve == *curve) {
          return Status::InvalidArgument(path + ": " + org + " and " + other + " have the same Curve key",
                                         "organisaties." + org + ".curve");
        }
      }
      trusted.curve = *curve;
    }
  }
  return Status::Ok();
}

Status LoadBusConfig(const std::string& path, BusConfig* out) {
  toml::table root;
  if (Status s = ParseFile(path, &root); !s.ok()) return s;
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
