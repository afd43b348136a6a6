// The bus's configuration file (TOML):
//
//   data = "/var/lib/regiotafel/bus"        # the log lives in data/log
//   submit = "tcp://0.0.0.0:7100"
//   publish = "tcp://0.0.0.0:7101"
//   fetch = "tcp://0.0.0.0:7102"
//   trust = "trust.toml"                    # optional; without it signatures are not checked
//   curve_sleutel = "bus.curve"             # optional; the bus's CurveZMQ secret key (Z85); needs trust
//   heartbeat_ms = 1000                     # optional
//
// and the trust file it names, one table per organisation with its Ed25519 public key in hex and
// the Curve public key (Z85) it connects with:
//
//   [organisaties."gemeente:dordrecht"]
//   ed25519 = "3b6a27bc…"
//   curve = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
//
// With curve_sleutel every bus socket is a CURVE server and only the trust file's Curve keys get
// through the handshake (docs/TRUST.md). Relative paths are taken from the directory of the file
// that names them.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "base/status.h"
#include "services/transport/curve.h"

namespace regiotafel::bus {

// What the bus knows of one organisation: the keys it signs and connects with.
struct TrustedOrganisation {
  std::string ed25519;  // 32-byte Ed25519 public key
  std::string curve{};  // 32-byte Curve public key; empty: it cannot connect to a CURVE bus
};

// Organisation id → its keys.
using TrustMap = std::map<std::string, TrustedOrganisation, std::less<>>;

struct BusConfig {
  std::string data_dir;
  std::string submit;
  std::string publish;
  std::string fetch;
  std::optional<TrustMap> trust;  // absent: no signature check (development only)
  std::optional<transport::CurveKeyPair> curve;  // absent: plain sockets (development only)
  std::chrono::milliseconds heartbeat{1000};
};

// InvalidArgument naming the key when a key is missing or malformed; NotFound for a missing file.
Status LoadBusConfig(const std::string& path, BusConfig* out);
Status LoadTrust(const std::string& path, TrustMap* out);

}  // namespace regiotafel::bus
