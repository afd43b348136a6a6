// The bus's trust file (docs/TRUST.md): for each organisation the keys it signs its envelopes with
// (Ed25519) and connects with (Curve). A key rotation adds a key from a position on and may end the
// old one at a later position; each record is then judged by the keys in effect at its position,
// so the old key still verifies the history it signed.
//
//   [organisaties."gemeente:dordrecht"]            # one key, from position 1 on
//   ed25519 = "3b6a27bc…"                           # public key, hex
//   curve = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"   # public key, Z85; optional
//
//   [[organisaties."gemeente:sliedrecht".sleutels]] # after a rotation: a key per table
//   ed25519 = "…"                                   # the old one, up to and with position 119 999
//   tot = 120000
//   [[organisaties."gemeente:sliedrecht".sleutels]]
//   ed25519 = "…"                                   # the new one, from position 118 000 on
//   curve = "…"
//   vanaf = 118000
//
//   [bus]                                           # optional
//   checkpoint_sleutel = "…"                        # the bus's Ed25519 public key (hex): its checkpoints
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/batch_signature.h"
#include "base/status.h"

namespace regiotafel::config {

inline constexpr uint64_t kNoEnd = std::numeric_limits<uint64_t>::max();

struct TrustedKey {
  std::string ed25519;    // 32-byte Ed25519 public key
  std::string curve{};    // 32-byte Curve public key; empty: it cannot connect to a CURVE bus
  uint64_t vanaf = 1;     // the first position it signs
  uint64_t tot = kNoEnd;  // the first position it no longer signs

  bool InEffectAt(uint64_t position) const { return vanaf <= position && position < tot; }
};

struct TrustedOrganisation {
  std::vector<TrustedKey> sleutels;

  // True when a key in effect at `position` signed `envelope` (a plain signature or a batch proof).
  bool Signed(uint64_t position, std::string_view envelope, std::string_view signature,
              SignatureVerifier& verifier) const;
};

// Organisation id → its keys.
using TrustMap = std::map<std::string, TrustedOrganisation, std::less<>>;

// InvalidArgument naming the key (organisaties.<id>.<key>) for anything malformed: a key that does
// not decode, vanaf ≥ tot, the same Curve key for two organisations, both forms in one table.
Status LoadTrust(const std::string& path, TrustMap* out);

// The trust file's [bus] checkpoint_sleutel: the public key the bus's checkpoints verify with (docs/TRUST.md,
// "Checkpoints"), 32 bytes; empty when the file names none. InvalidArgument naming bus.checkpoint_sleutel
// when it is not a 32-byte key in hex. LoadTrust checks it too.
Status LoadBusCheckpointKey(const std::string& path, std::string* public_key);

// Whether a key of any organisation starts or stops at a position in (after, up_to].
bool KeyChangeWithin(const TrustMap& trust, uint64_t after, uint64_t up_to);

}  // namespace regiotafel::config
