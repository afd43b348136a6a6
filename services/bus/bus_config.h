// The bus's configuration file (TOML):
//
//   data = "/var/lib/regiotafel/bus"        # the log lives in data/log
//   submit = "tcp://0.0.0.0:7100"
//   publish = "tcp://0.0.0.0:7101"
//   fetch = "tcp://0.0.0.0:7102"
//   trust = "trust.toml"                    # optional; without it signatures are not checked
//   curve_sleutel = "bus.curve"             # optional; the bus's CurveZMQ secret key (Z85); needs trust
//   heartbeat_ms = 1000                     # optional
//   handshake_ms = 5000                     # optional; a connection that has not finished its handshake
//                                           # by then is closed (100–60000)
//   checkpoint_sleutel = "bus.ed25519"      # optional; the bus's Ed25519 secret key: it signs checkpoints
//   checkpoint_elke = 1000                  # optional; a checkpoint at every positie divisible by it
//   checkpoint_seconden = 10                # optional; and when the head moved and this long passed
//   metrics = "127.0.0.1:9464"              # optional; GET /metrics and POST /beheer/backup
//   (metrics_server.h) metrics_extern = false                  # optional; true lets metrics listen on a
//   non-loopback address backups = "/var/lib/regiotafel/bus-backups"  # optional; where backups go (default:
//   data + "-backups")
//
// With curve_sleutel every bus socket is a CURVE server and only the trust file's Curve keys get
// through the handshake. The trust file is described in trust.h, the whole model in docs/TRUST.md.
// Without checkpoint_sleutel the bus signs no checkpoints (docs/TRUST.md, "Checkpoints"); with it and
// a trust file whose [bus] names a checkpoint_sleutel, both must be the same key.
// metrics is loopback only unless metrics_extern = true: /metrics reveals the region's traffic
// volumes (events per second, organisations, rejections), not their content, and /beheer/backup
// answers only loopback peers anyway. Relative paths are taken from the directory of the file that
// names them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "base/listen_address.h"
#include "base/signing.h"
#include "base/status.h"
#include "services/config/trust.h"
#include "transport/curve.h"
#include "transport/sockets.h"

namespace regiotafel::bus {

struct BusConfig {
  std::string data_dir;
  std::string submit;
  std::string publish;
  std::string fetch;
  std::optional<config::TrustMap> trust;         // absent: no signature check (development only)
  std::optional<transport::CurveKeyPair> curve;  // absent: plain sockets (development only)
  std::chrono::milliseconds heartbeat{1000};
  std::chrono::milliseconds handshake{transport::kHandshakeInterval};  // handshake_ms
  // Refusals past the first few of a peer are summed up in one log line per this long (not in the
  // file: tests shorten it).
  std::chrono::milliseconds refusal_summary{10'000};
  std::optional<SigningKey> checkpoint_sleutel;           // absent: no checkpoints
  uint64_t checkpoint_elke = 1000;                        // records between checkpoints, at most
  std::chrono::milliseconds checkpoint_interval{10'000};  // checkpoint_seconden
  std::optional<ListenAddress> metrics;                   // absent: no HTTP listener at all
  std::string backups_dir;                                // backups; default data_dir + "-backups"
};

// InvalidArgument naming the key when a key is missing or malformed; NotFound for a missing file.
Status LoadBusConfig(const std::string& path, BusConfig* out);

}  // namespace regiotafel::bus
