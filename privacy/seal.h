// Sealing a part so that only the kinds that may read its class open it (docs/PRIVACY.md, "Keys").
//
// Per class and epoch the region has an X25519 key pair. Every organisation holds the public halves
// (it must seal what it writes, also a class it may not read: a corporatie's toelichting, the regio's
// BSNs of the old administration); only the kinds that may read a class hold its secret half, sealed
// to their own Curve25519 key (crypto_box_seal). A writer seals each part with XChaCha20-Poly1305
// under a content key of its own, the event id, class and epoch as associated data (a sealed part
// cannot be moved to another event or class), and carries the content key sealed to the class's
// public key. The content key is made once per Sealer, so sealing a part costs no X25519; an Opener
// unseals each content key once.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"

namespace regiotafel::privacy {

inline constexpr size_t kKeySize = 32;

// One class key pair of the region; `secret_key` empty where the holder may not read the class.
struct KlasseKey {
  v1::Klasse klasse = v1::KLASSE_GEEN;
  uint32_t epoch = 0;  // 1, 2, 3… per class: a rotation makes the next one
  std::string public_key;
  std::string secret_key;
};

// A fresh key pair (without bytes, which a Sealer refuses, when libsodium cannot start).
KlasseKey NewKlasseKey(v1::Klasse klasse, uint32_t epoch);

// The class keys one organisation holds.
class Keyring {
 public:
  void Add(KlasseKey key);
  const KlasseKey* Find(v1::Klasse klasse, uint32_t epoch) const;  // nullptr when not held
  const KlasseKey* Newest(v1::Klasse klasse) const;                // what new parts are sealed for
  bool empty() const { return keys_.empty(); }
  const std::vector<KlasseKey>& keys() const { return keys_; }

 private:
  std::vector<KlasseKey> keys_;
};

// Seals parts for the newest epoch of their class. Thread-safe.
class Sealer {
 public:
  explicit Sealer(const Keyring& keys) : keys_(keys) {}

  // Unavailable when the keyring has no public key of the part's class (the node has no key file).
  Status Seal(const v1::PersoonsgegevensDeel& deel, std::string_view event_id, v1::VerzegeldDeel* out);

 private:
  struct ContentKey {
    uint32_t epoch = 0;
    std::string key;     // kKeySize bytes, never on disk
    std::string sealed;  // sealed to the class's public key of `epoch`
  };
  const Keyring keys_;
  std::mutex mutex_;
  std::map<v1::Klasse, ContentKey> content_keys_;  // guarded by mutex_
};

// Opens parts with the secret keys of a keyring. Thread-safe.
class Opener {
 public:
  explicit Opener(const Keyring& keys) : keys_(keys) {}

  // NotFound when the keyring holds no secret key of the part's class and epoch (the holder may not
  // read it); InvalidArgument when it does not open: other bytes, another event, class or epoch.
  Status Open(const v1::VerzegeldDeel& sealed, std::string_view event_id, v1::PersoonsgegevensDeel* out);

 private:
  const Keyring keys_;
  std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> content_keys_;  // sealed → key; guarded by mutex_
};

// A class's secret key sealed to an organisation's Curve25519 public key; and opened with its key pair
// into `key->secret_key`, where `key` names the class, epoch and public key the file gives for it
// (InvalidArgument when the wrapped key is of another class or epoch, or not that public key's half).
Status WrapSecret(const KlasseKey& key, std::string_view curve_public, std::string* wrapped);
Status UnwrapSecret(std::string_view wrapped, std::string_view curve_public, std::string_view curve_secret,
                    KlasseKey* key);

}  // namespace regiotafel::privacy
