#include "services/bus/bus_config.h"

#include <toml++/toml.h>

#include <filesystem>

#include "base/key_file.h"
#include "base/toml_file.h"

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

// A whole number from `min` to `max` under `key`, when there.
Status Number(const toml::table& table, const std::string& path, const char* key, int64_t min, int64_t max,
              std::optional<int64_t>* out) {
  if (!table.contains(key)) return Status::Ok();
  std::optional<int64_t> value = table[key].value<int64_t>();
  if (!value || *value < min || *value > max) {
    return Status::InvalidArgument(
        path + ": " + key + " must be a number from " + std::to_string(min) + " to " + std::to_string(max),
        key);
  }
  *out = value;
  return Status::Ok();
}

// checkpoint_sleutel, checkpoint_elke, checkpoint_seconden; the key must be the trust file's [bus] one.
Status Checkpoints(const toml::table& root, const std::string& path, BusConfig* config) {
  std::optional<int64_t> elke, seconden;
  if (Status s = Number(root, path, "checkpoint_elke", 1, 1'000'000'000, &elke); !s.ok()) return s;
  if (Status s = Number(root, path, "checkpoint_seconden", 1, 86'400, &seconden); !s.ok()) return s;
  if (elke) config->checkpoint_elke = static_cast<uint64_t>(*elke);
  if (seconden) config->checkpoint_interval = std::chrono::seconds(*seconden);
  if (!root.contains("checkpoint_sleutel")) return Status::Ok();
  std::string key_file;
  if (Status s = RequiredString(root, path, "checkpoint_sleutel", &key_file); !s.ok()) return s;
  if (Status s = LoadSigningKeyFile(Resolve(path, key_file), &config->checkpoint_sleutel); !s.ok()) {
    return Status::InvalidArgument(path + ": checkpoint_sleutel: " + s.message(), "checkpoint_sleutel");
  }
  if (!root.contains("trust")) return Status::Ok();
  std::string trusted;
  const std::string trust_file = Resolve(path, root["trust"].value_or(std::string()));
  if (Status s = LoadBusCheckpointKey(trust_file, &trusted); !s.ok()) return s;
  if (!trusted.empty() && trusted != config->checkpoint_sleutel->public_key()) {
    return Status::InvalidArgument(
        path +
            ": checkpoint_sleutel is not the key the trust file's [bus] names: the nodes "
            "and auditors would refuse every checkpoint",
        "checkpoint_sleutel");
  }
  return Status::Ok();
}

// metrics (address:port) and metrics_extern; a non-loopback address only when asked for explicitly.
Status Metrics(const toml::table& root, const std::string& path, BusConfig* config) {
  if (root.contains("metrics_extern") && !root["metrics_extern"].is_boolean()) {
    return Status::InvalidArgument(path + ": metrics_extern must be true or false", "metrics_extern");
  }
  if (!root.contains("metrics")) return Status::Ok();
  std::string text;
  if (Status s = RequiredString(root, path, "metrics", &text); !s.ok()) return s;
  ListenAddress address;
  if (Status s = ParseListenAddress(text, &address); !s.ok()) {
    return Status::InvalidArgument(path + ": metrics: " + s.message(), "metrics");
  }
  if (!IsLoopbackHost(address.host) && !root["metrics_extern"].value_or(false)) {
    return Status::InvalidArgument(
        path + ": metrics = \"" + text +
            "\" is not a loopback address; /metrics shows the region's traffic volumes "
            "to whoever reaches it: set metrics_extern = true to mean it",
        "metrics");
  }
  config->metrics = std::move(address);
  return Status::Ok();
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
  if (Status s = Checkpoints(root, path, &config); !s.ok()) return s;
  if (Status s = Metrics(root, path, &config); !s.ok()) return s;
  std::string backups;
  if (root.contains("backups")) {
    if (Status s = RequiredString(root, path, "backups", &backups); !s.ok()) return s;
  }
  fs::path data_path = fs::path(config.data_dir).lexically_normal();
  if (!data_path.has_filename()) data_path = data_path.parent_path();  // "data/" names "data"
  config.backups_dir = backups.empty() ? data_path.string() + "-backups" : Resolve(path, backups);
  *out = std::move(config);
  return Status::Ok();
}

}  // namespace regiotafel::bus
