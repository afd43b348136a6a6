#include "privacy/seal.h"

#include <sodium.h>

#include "privacy/klassen.h"

namespace regiotafel::privacy {
namespace {

// The class (one byte) and the epoch (little-endian): what a sealed part and a wrapped key name.
constexpr size_t kKlasseEpochSize = 1 + 4;
std::string KlasseEpoch(v1::Klasse klasse, uint32_t epoch) {
  std::string bytes(1, static_cast<char>(klasse));
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<char>((epoch >> (8 * i)) & 0xff));
  return bytes;
}

// The event id, a zero byte, the class and the epoch: what a sealed part is bound to.
std::string AssociatedData(std::string_view event_id, v1::Klasse klasse, uint32_t epoch) {
  return std::string(event_id) + '\0' + KlasseEpoch(klasse, epoch);
}

const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

constexpr size_t kSealedKeySize = kKeySize + crypto_box_SEALBYTES;
// The wrapped form of a secret key: KlasseEpoch and the key's bytes.
constexpr size_t kWrappedPlainSize = kKlasseEpochSize + kKeySize;

}  // namespace

KlasseKey NewKlasseKey(v1::Klasse klasse, uint32_t epoch) {
  KlasseKey k{klasse, epoch, {}, {}};
  if (sodium_init() < 0) return k;
  k.public_key.assign(crypto_box_PUBLICKEYBYTES, '\0');
  k.secret_key.assign(crypto_box_SECRETKEYBYTES, '\0');
  crypto_box_keypair(Bytes(k.public_key), Bytes(k.secret_key));
  return k;
}

void Keyring::Add(KlasseKey key) { keys_.push_back(std::move(key)); }

const KlasseKey* Keyring::Find(v1::Klasse klasse, uint32_t epoch) const {
  for (const KlasseKey& k : keys_) {
    if (k.klasse == klasse && k.epoch == epoch) return &k;
  }
  return nullptr;
}

const KlasseKey* Keyring::Newest(v1::Klasse klasse) const {
  const KlasseKey* newest = nullptr;
  for (const KlasseKey& k : keys_) {
    if (k.klasse == klasse && (newest == nullptr || k.epoch > newest->epoch)) newest = &k;
  }
  return newest;
}

Status Sealer::Seal(const v1::PersoonsgegevensDeel& deel, std::string_view event_id, v1::VerzegeldDeel* out) {
  const KlasseKey* region_key = keys_.Newest(deel.klasse());
  if (region_key == nullptr || region_key->public_key.size() != crypto_box_PUBLICKEYBYTES) {
    return Status::Unavailable("geen publieke sleutel voor klasse " + std::string(KlasseName(deel.klasse())) +
                               " om mee te verzegelen");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  std::string key, sealed_key;
  {
    std::lock_guard lock(mutex_);
    ContentKey& content = content_keys_[deel.klasse()];
    if (content.key.empty() || content.epoch != region_key->epoch) {
      content.epoch = region_key->epoch;
      content.key.assign(kKeySize, '\0');
      crypto_aead_xchacha20poly1305_ietf_keygen(Bytes(content.key));
      content.sealed.assign(kSealedKeySize, '\0');
      crypto_box_seal(Bytes(content.sealed), Bytes(content.key), content.key.size(),
                      Bytes(region_key->public_key));
    }
    key = content.key;
    sealed_key = content.sealed;
  }
  const std::string plain = deel.SerializeAsString();
  const std::string ad = AssociatedData(event_id, deel.klasse(), region_key->epoch);
  std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  std::string cipher(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(Bytes(cipher), &written, Bytes(plain), plain.size(), Bytes(ad),
                                             ad.size(), nullptr, Bytes(nonce), Bytes(key));
  sodium_memzero(key.data(), key.size());
  cipher.resize(written);
  out->Clear();
  out->set_klasse(deel.klasse());
  out->set_sleutel_epoch(region_key->epoch);
  out->set_nonce(std::move(nonce));
  out->set_ciphertext(std::move(cipher));
  out->set_inhoudssleutel(std::move(sealed_key));
  return Status::Ok();
}

Status Opener::Open(const v1::VerzegeldDeel& sealed, std::string_view event_id,
                    v1::PersoonsgegevensDeel* out) {
  const std::string klasse(KlasseName(sealed.klasse()));
  const KlasseKey* region_key = keys_.Find(sealed.klasse(), sealed.sleutel_epoch());
  if (region_key == nullptr || region_key->secret_key.empty()) {
    return Status::NotFound("geen sleutel voor klasse " + klasse + " epoch " +
                            std::to_string(sealed.sleutel_epoch()));
  }
  const std::string& cipher = sealed.ciphertext();
  if (sealed.nonce().size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      cipher.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES ||
      sealed.inhoudssleutel().size() != kSealedKeySize) {
    return Status::InvalidArgument("verzegeld deel " + klasse + " is te kort", "ciphertext");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  std::string key;
  {
    std::lock_guard lock(mutex_);
    auto known = content_keys_.find(sealed.inhoudssleutel());
    if (known == content_keys_.end()) {
      key.assign(kKeySize, '\0');
      if (crypto_box_seal_open(Bytes(key), Bytes(sealed.inhoudssleutel()), kSealedKeySize,
                               Bytes(region_key->public_key), Bytes(region_key->secret_key)) != 0) {
        return Status::InvalidArgument("de inhoudssleutel van verzegeld deel " + klasse + " gaat niet open",
                                       "inhoudssleutel");
      }
      // Bounded by the writers' process starts and rotations; a cache that grows past reason starts over.
      if (content_keys_.size() >= 100'000) content_keys_.clear();
      content_keys_.emplace(sealed.inhoudssleutel(), key);
    } else {
      key = known->second;
    }
  }
  const std::string ad = AssociatedData(event_id, sealed.klasse(), sealed.sleutel_epoch());
  std::string plain(cipher.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long read = 0;
  const int opened =
      crypto_aead_xchacha20poly1305_ietf_decrypt(Bytes(plain), &read, nullptr, Bytes(cipher), cipher.size(),
                                                 Bytes(ad), ad.size(), Bytes(sealed.nonce()), Bytes(key));
  sodium_memzero(key.data(), key.size());
  if (opened != 0) {
    return Status::InvalidArgument(
        "verzegeld deel " + klasse + " gaat niet open: andere bytes, of van een ander event", "ciphertext");
  }
  plain.resize(read);
  v1::PersoonsgegevensDeel deel;
  const bool parsed = deel.ParseFromString(plain);
  sodium_memzero(plain.data(), plain.size());
  if (!parsed || deel.klasse() != sealed.klasse()) {
    return Status::InvalidArgument("verzegeld deel " + klasse + " bevat geen deel van die klasse",
                                   "ciphertext");
  }
  *out = std::move(deel);
  return Status::Ok();
}

Status WrapSecret(const KlasseKey& key, std::string_view curve_public, std::string* wrapped) {
  if (curve_public.size() != crypto_box_PUBLICKEYBYTES) {
    return Status::InvalidArgument("een Curve25519-sleutel heeft 32 bytes", "curve");
  }
  if (key.secret_key.size() != kKeySize) {
    return Status::InvalidArgument("geen geheime sleutel om te verpakken", "sleutel");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  std::string plain = KlasseEpoch(key.klasse, key.epoch) + key.secret_key;
  wrapped->assign(plain.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(Bytes(*wrapped), Bytes(plain), plain.size(), Bytes(curve_public));
  sodium_memzero(plain.data(), plain.size());
  return Status::Ok();
}

Status UnwrapSecret(std::string_view wrapped, std::string_view curve_public, std::string_view curve_secret,
                    KlasseKey* key) {
  if (wrapped.size() != kWrappedPlainSize + crypto_box_SEALBYTES ||
      curve_public.size() != crypto_box_PUBLICKEYBYTES || curve_secret.size() != crypto_box_SECRETKEYBYTES) {
    return Status::InvalidArgument("een verpakte klassesleutel heeft " +
                                       std::to_string(kWrappedPlainSize + crypto_box_SEALBYTES) + " bytes",
                                   "sleutel");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  std::string plain(kWrappedPlainSize, '\0');
  if (crypto_box_seal_open(Bytes(plain), Bytes(wrapped), wrapped.size(), Bytes(curve_public),
                           Bytes(curve_secret)) != 0) {
    return Status::InvalidArgument("de klassesleutel is niet voor deze organisatie verpakt", "sleutel");
  }
  const auto klasse = static_cast<v1::Klasse>(static_cast<unsigned char>(plain[0]));
  uint32_t epoch = 0;
  for (int i = 0; i < 4; ++i)
    epoch |= static_cast<uint32_t>(static_cast<unsigned char>(plain[1 + i])) << (8 * i);
  const std::string secret = plain.substr(kKlasseEpochSize);
  sodium_memzero(plain.data(), plain.size());
  if (klasse != key->klasse || epoch != key->epoch) {
    return Status::InvalidArgument("de verpakte klassesleutel is van een andere klasse of epoch", "sleutel");
  }
  // The secret must be the public key's other half: a file that pairs them wrongly is refused here.
  std::string derived(crypto_box_PUBLICKEYBYTES, '\0');
  crypto_scalarmult_base(Bytes(derived), Bytes(secret));
  if (derived != key->public_key) {
    return Status::InvalidArgument("de verpakte klassesleutel hoort niet bij de publieke sleutel", "sleutel");
  }
  key->secret_key = secret;
  return Status::Ok();
}

}  // namespace regiotafel::privacy
