// An organisation node's configuration file (TOML):
//
//   organisatie = "gemeente:dordrecht"
//   data = "data/dordrecht"            # outbox in data/outbox, replica in data/replica
//   sleutel = "dordrecht.ed25519"      # the Ed25519 secret key, 64 bytes in hex
//   curve_sleutel = "dordrecht.curve"  # optional; the CurveZMQ secret key (Z85), with bus.curve
//   klassesleutels = "dordrecht.klassesleutels.json"  # optional, with curve_sleutel: the class keys
//                                      # (docs/PRIVACY.md); without: events go out whole
//   backups = "data/dordrecht-backups" # optional; where backups go (default: data + "-backups"),
//                                      # on data's file system so they are hard links (docs/OPERATIONS.md)
//
//   [bus]
//   submit = "tcp://127.0.0.1:7100"
//   publish = "tcp://127.0.0.1:7101"
//   fetch = "tcp://127.0.0.1:7102"
//   curve = "…"                        # optional; the bus's Curve public key (Z85), with curve_sleutel
//   heartbeat_ms = 1000                # optional; the bus's heartbeat interval
//   timeout_ms = 3000                  # optional; first resubmit timeout (doubles up to 30 s)
//   checkpoint_sleutel = "…"           # optional; the bus's Ed25519 public key (hex): its checkpoints'
//                                      # signatures are checked (without: stored unchecked, logged once)
//
//   [http]
//   adres = "127.0.0.1"                # optional
//   poort = 8080                       # 0: any free port
//   wacht_ms = 30000                   # optional; the longest wait of POST ...?wait=commit
//
//   [[tokens]]                         # optional, repeatable: who may call the HTTP API (api_access.h)
//   token = "<at least 32 characters>" # sent as Authorization: Bearer <token>
//   rol = "schrijven"                  # "lezen": GET only; "schrijven": GET and POST
//
//   bewaartermijn_jaren = 7            # optional; the region's bewaartermijn in years (1–100), for
//                                      # the view te_vergeten (services/config/bewaartermijn.h)
//
//   [drempels]                         # optional; the region's signal thresholds in days
//   termijn_huisvesting_dagen = 70     # (services/config/drempels.h lists every key; unknown: error)
//
// Relative paths are taken from the directory of the configuration file. Without any [[tokens]] the
// API is open to whoever reaches it, so http.adres must then be a loopback address (127.0.0.0/8,
// ::1, localhost); anything else is a configuration error.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/signing.h"
#include "base/status.h"
#include "contract/identifiers.h"
#include "privacy/seal.h"
#include "projections/drempels.h"
#include "projections/te_vergeten.h"
#include "services/config/api_tokens.h"
#include "transport/curve.h"

namespace regiotafel::node {

struct NodeConfig {
  std::string organisatie;
  contract::OrgKind kind = contract::OrgKind::kGemeente;
  std::string data_dir;
  std::string backups_dir;  // backups; default data_dir + "-backups"
  std::string key_file;
  std::string bus_submit;
  std::string bus_publish;
  std::string bus_fetch;
  transport::CurveSettings bus_curve;  // empty: plain sockets (a bus without curve_sleutel)
  // klassesleutels: the region's class keys as this organisation holds them (docs/PRIVACY.md). Empty:
  // events go to the bus whole, personal data included (development and tests without a region).
  privacy::Keyring klassesleutels;
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds submit_timeout{3000};
  std::string bus_checkpoint_key;  // bus.checkpoint_sleutel, 32 bytes; empty: signatures not checked
  std::string http_address = "127.0.0.1";
  int http_port = 0;
  std::chrono::milliseconds commit_wait{30'000};
  std::vector<config::ApiToken> tokens;  // [[tokens]]; empty: the API is open (loopback only)
  projections::Drempels drempels;        // [drempels]; defaults of DOMAIN.md §5
  int32_t bewaartermijn_jaren = projections::kDefaultBewaartermijnJaren;
};

// InvalidArgument naming the key when something is missing or malformed; NotFound for no file.
Status LoadNodeConfig(const std::string& path, NodeConfig* out);

// 127.0.0.0/8, ::1 or "localhost".
bool IsLoopbackAddress(const std::string& address);

}  // namespace regiotafel::node
