// An organisation node's configuration file (TOML):
//
//   organisatie = "gemeente:dordrecht"
//   data = "data/dordrecht"            # outbox in data/outbox, replica in data/replica
//   sleutel = "dordrecht.ed25519"      # the Ed25519 secret key, 64 bytes in hex
//   curve_sleutel = "dordrecht.curve"  # optional; the CurveZMQ secret key (Z85), with bus.curve
//
//   [bus]
//   submit = "tcp://127.0.0.1:7100"
//   publish = "tcp://127.0.0.1:7101"
//   fetch = "tcp://127.0.0.1:7102"
//   curve = "…"                        # optional; the bus's Curve public key (Z85), with curve_sleutel
//   heartbeat_ms = 1000                # optional; the bus's heartbeat interval
//   timeout_ms = 3000                  # optional; first resubmit timeout (doubles up to 30 s)
//
//   [http]
//   adres = "127.0.0.1"                # optional
//   poort = 8080                       # 0: any free port
//   wacht_ms = 30000                   # optional; the longest wait of POST ...?wait=commit
//
//   [drempels]                         # optional; the region's signal thresholds in days
//   termijn_huisvesting_dagen = 70     # (services/node/drempels.h lists every key; unknown: error)
//
// Relative paths are taken from the directory of the configuration file.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/signing.h"
#include "base/status.h"
#include "contract/identifiers.h"
#include "projections/thresholds.h"
#include "services/transport/curve.h"

namespace regiotafel::node {

struct NodeConfig {
  std::string organisatie;
  contract::OrgKind kind = contract::OrgKind::kGemeente;
  std::string data_dir;
  std::string key_file;
  std::string bus_submit;
  std::string bus_publish;
  std::string bus_fetch;
  transport::CurveSettings bus_curve;  // empty: plain sockets (a bus without curve_sleutel)
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds submit_timeout{3000};
  std::string http_address = "127.0.0.1";
  int http_port = 0;
  std::chrono::milliseconds commit_wait{30'000};
  projections::Thresholds drempels;  // [drempels]; defaults of DOMAIN.md §5
};

// InvalidArgument naming the key when something is missing or malformed; NotFound for no file.
Status LoadNodeConfig(const std::string& path, NodeConfig* out);

}  // namespace regiotafel::node
