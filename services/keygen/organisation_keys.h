// An organisation's two key pairs (docs/TRUST.md): Ed25519 signs its envelopes, Curve authenticates
// its connections to the bus. The bus has both too, under the stem "bus": Curve for its sockets,
// Ed25519 for its signed checkpoints. Every secret key lives in a file of its own, mode 0600
// (base/key_file.h): <dir>/<stem>.ed25519 (hex) and <dir>/<stem>.curve (Z85), <stem> being the
// organisation id with ':' as '_'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/signing.h"
#include "base/status.h"
#include "transport/curve.h"

namespace regiotafel::keys {

struct KeyFiles {
  std::string ed25519;
  std::string curve;
};
// "gemeente:dordrecht" in "keys" → keys/gemeente_dordrecht.ed25519, keys/gemeente_dordrecht.curve;
// "bus" → keys/bus.ed25519, keys/bus.curve;
// a rotation's new keys, from position `vanaf` on, → keys/gemeente_dordrecht.vanaf-120000.ed25519, ….
KeyFiles KeyFilesOf(const std::string& dir, std::string_view organisation, uint64_t vanaf = 1);

struct OrganisationKeys {
  std::optional<SigningKey> signing;
  transport::CurveKeyPair curve;
};

// Each key read from its file when that exists, else made and written (never over an existing
// file); `made` counts the keys made.
Status LoadOrMakeKeys(const KeyFiles& files, OrganisationKeys* out, int* made = nullptr);
Status LoadOrMakeCurveKey(const std::string& path, transport::CurveKeyPair* out, bool* made = nullptr);
Status LoadOrMakeSigningKey(const std::string& path, std::optional<SigningKey>* out, bool* made = nullptr);

// The organisation's key in the bus's trust file (services/bus/trust.h), as TOML text: its table,
// or for a rotation's key (vanaf > 1) a [[organisaties."…".sleutels]] entry.
std::string TrustEntry(std::string_view organisation, const OrganisationKeys& keys, uint64_t vanaf = 1);

// The bus's public keys as the others need them, as TOML text: every node's [bus] curve and
// checkpoint_sleutel, and the trust file's [bus] checkpoint_sleutel (for auditors).
std::string BusEntries(const OrganisationKeys& bus_keys);

}  // namespace regiotafel::keys
