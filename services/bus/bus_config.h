// The bus's configuration file (TOML):
//
//   data = "/var/lib/regiotafel/bus"        # the log lives in data/log
//   submit = "tcp://0.0.0.0:7100"
//   publish = "tcp://0.0.0.0:7101"
//   fetch = "tcp://0.0.0.0:7102"
//   trust = "trust.toml"                    # optional; without it signatures are not checked
//   heartbeat_ms = 1000                     # optional
//
// and the trust file it names, one table per organisation with its Ed25519 public key in hex:
//
//   [organisaties."gemeente:dordrecht"]
//   ed25519 = "3b6a27bc…"
//
// Relative paths are taken from the directory of the file that names them.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "base/status.h"

namespace regiotafel::bus {

// Organisation id → 32-byte Ed25519 public key.
using TrustMap = std::map<std::string, std::string, std::less<>>;

struct BusConfig {
  std::string data_dir;
  std::string submit;
  std::string publish;
  std::string fetch;
  std::optional<TrustMap> trust;  // absent: no signature check (development only)
  std::chrono::milliseconds heartbeat{1000};
};

// InvalidArgument naming the key when a key is missing or malformed; NotFound for a missing file.
Status LoadBusConfig(const std::string& path, BusConfig* out);
Status LoadTrust(const std::string& path, TrustMap* out);

}  // namespace regiotafel::bus
