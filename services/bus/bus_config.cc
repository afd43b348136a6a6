#include "services/bus/bus_config.h"

#include <toml++/toml.h>

#include <filesystem>

#include "base/key_file.h"
#include "services/config/toml_reading.h"

namespace regiotafel::bus {

using config::BackupsDir;
using config::ParseTomlFile;
using config::ReadMillis;
using config::ReadNumber;
using config::ReadText;
using config::ResolvePath;
namespace {

// checkpoint_sleutel, checkpoint_elke, checkpoint_seconden; the key must be the trust file's [bus] one.
Status Checkpoints(const toml::table& root, const std::string& path, BusConfig* config) {
  std::optional<int64_t> elke, seconden;
  if (Status s = ReadNumber(root["checkpoint_elke"], path, "checkpoint_elke", 1, 1'000'000'000, &elke);
      !s.ok())
    return s;
  if (Status s = ReadNumber(root["checkpoint_seconden"], path, "checkpoint_seconden", 1, 86'400, &seconden);
      !s.ok())
    return s;
  if (elke) config->checkpoint_elke = static_cast<uint64_t>(*elke);
  if (seconden) config->checkpoint_interval = std::chrono::seconds(*seconden);
  if (!root.contains("checkpoint_sleutel")) return Status::Ok();
  std::string key_file;
  if (Status s = ReadText(root["checkpoint_sleutel"], path, "checkpoint_sleutel", true, &key_file); !s.ok())
    return s;
  if (Status s = LoadSigningKeyFile(ResolvePath(path, key_file), &config->checkpoint_sleutel); !s.ok()) {
    return Status::InvalidArgument(path + ": checkpoint_sleutel: " + s.message(), "checkpoint_sleutel");
  }
  if (!root.contains("trust")) return Status::Ok();
  std::string trusted;
  const std::string trust_file = ResolvePath(path, root["trust"].value_or(std::string()));
  if (Status s = config::LoadBusCheckpointKey(trust_file, &trusted); !s.ok()) return s;
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
  if (Status s = ReadText(root["metrics"], path, "metrics", true, &text); !s.ok()) return s;
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
  toml::table file;
  if (Status s = ParseTomlFile(path, &file); !s.ok()) return s;
  const toml::table& root = file;
  BusConfig config;
  std::string data;
  if (Status s = ReadText(root["data"], path, "data", true, &data); !s.ok()) return s;
  config.data_dir = ResolvePath(path, data);
  if (Status s = ReadText(root["submit"], path, "submit", true, &config.submit); !s.ok()) return s;
  if (Status s = ReadText(root["publish"], path, "publish", true, &config.publish); !s.ok()) return s;
  if (Status s = ReadText(root["fetch"], path, "fetch", true, &config.fetch); !s.ok()) return s;
  if (root.contains("trust")) {
    std::string trust;
    if (Status s = ReadText(root["trust"], path, "trust", true, &trust); !s.ok()) return s;
    config::TrustMap map;
    if (Status s = config::LoadTrust(ResolvePath(path, trust), &map); !s.ok()) return s;
    config.trust = std::move(map);
  }
  if (root.contains("curve_sleutel")) {
    std::string key_file;
    if (Status s = ReadText(root["curve_sleutel"], path, "curve_sleutel", true, &key_file); !s.ok()) return s;
    if (!config.trust) {
      return Status::InvalidArgument(
          path + ": curve_sleutel needs a trust file: it names the Curve keys that may connect", "trust");
    }
    transport::CurveKeyPair pair;
    if (Status s = transport::LoadCurveKeyFile(ResolvePath(path, key_file), &pair); !s.ok()) {
      return Status::InvalidArgument(path + ": curve_sleutel: " + s.message(), "curve_sleutel");
    }
    config.curve = std::move(pair);
  }
  if (Status s = ReadMillis(root["heartbeat_ms"], path, "heartbeat_ms", 10, 60'000, &config.heartbeat);
      !s.ok())
    return s;
  if (Status s = ReadMillis(root["handshake_ms"], path, "handshake_ms", 100, 60'000, &config.handshake);
      !s.ok())
    return s;
  if (Status s = Checkpoints(root, path, &config); !s.ok()) return s;
  if (Status s = Metrics(root, path, &config); !s.ok()) return s;
  std::string backups;
  if (Status s = ReadText(root["backups"], path, "backups", false, &backups); !s.ok()) return s;
  config.backups_dir = BackupsDir(path, config.data_dir, backups);
  *out = std::move(config);
  return Status::Ok();
}

}  // namespace regiotafel::bus
