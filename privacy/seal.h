// Sealing a part for the organisations that may read its class (docs/PRIVACY.md): one region key
// per class and epoch, XChaCha20-Poly1305 per part with a random nonce and the event id, class and
// epoch as associated data, so that a sealed part cannot be moved to another event or class. A class
// key reaches an entitled organisation sealed to its Curve25519 public key (crypto_box_seal), which
// is how one that joins later reads the history of its classes, and how a rotation leaves out a key
// that was removed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"

namespace regiotafel::privacy {

inline constexpr size_t kKlasseKeySize = 32;

struct KlasseKey {
  v1::Klasse klasse = v1::KLASSE_GEEN;
  uint32_t epoch = 0;  // 1, 2, 3… per class: a rotation makes the next one
  std::string key;     // kKlasseKeySize bytes
};

// A fresh random key (without bytes, which Seal refuses, when libsodium cannot start).
KlasseKey NewKlasseKey(v1::Klasse klasse, uint32_t epoch);

// The class keys one organisation holds.
class Keyring {
 public:
  void Add(KlasseKey key);
  const KlasseKey* Find(v1::Klasse klasse, uint32_t epoch) const;  // nullptr when not held
  const KlasseKey* Newest(v1::Klasse klasse) const;                // what new parts are sealed with

 private:
  std::vector<KlasseKey> keys_;
};

// InvalidArgument when the key is not of the part's class or not kKlasseKeySize bytes.
Status Seal(const v1::PersoonsgegevensDeel& deel, const KlasseKey& key, std::string_view event_id,
            v1::VerzegeldDeel* out);

// NotFound when `keys` holds no key of the part's class and epoch (the reader may not read it);
// InvalidArgument when it does not open: other bytes, another event, class or epoch.
Status Open(const v1::VerzegeldDeel& sealed, const Keyring& keys, std::string_view event_id,
            v1::PersoonsgegevensDeel* out);

// A class key sealed to an organisation's Curve25519 public key, and opened with its key pair.
Status WrapKey(const KlasseKey& key, std::string_view curve_public, std::string* wrapped);
Status UnwrapKey(std::string_view wrapped, std::string_view curve_public, std::string_view curve_secret,
                 KlasseKey* key);

}  // namespace regiotafel::privacy
