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

// The wrapped form of a key: KlasseEpoch and the key's bytes.
constexpr size_t kWrappedPlainSize = kKlasseEpochSize + kKlasseKeySize;

}  // namespace

KlasseKey NewKlasseKey(v1::Klasse klasse, uint32_t epoch) {
  if (sodium_init() < 0) return KlasseKey{klasse, epoch, {}};  // Seal refuses a key without bytes
  KlasseKey k{klasse, epoch, std::string(kKlasseKeySize, '\0')};
  crypto_aead_xchacha20poly1305_ietf_keygen(Bytes(k.key));
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

Status Seal(const v1::PersoonsgegevensDeel& deel, const KlasseKey& key, std::string_view event_id,
            v1::VerzegeldDeel* out) {
  if (key.klasse != deel.klasse() || key.key.size() != kKlasseKeySize) {
    return Status::InvalidArgument("sleutel van klasse " + std::string(KlasseName(key.klasse)) +
                                       " past niet bij een deel van klasse " +
                                       std::string(KlasseName(deel.klasse())),
                                   "klasse");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  const std::string plain = deel.SerializeAsString();
  const std::string ad = AssociatedData(event_id, key.klasse, key.epoch);
  std::string nonce(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, '\0');
  randombytes_buf(nonce.data(), nonce.size());
  std::string cipher(plain.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(Bytes(cipher), &written, Bytes(plain), plain.size(), Bytes(ad),
                                             ad.size(), nullptr, Bytes(nonce), Bytes(key.key));
  cipher.resize(written);
  out->Clear();
  out->set_klasse(key.klasse);
  out->set_sleutel_epoch(key.epoch);
  out->set_nonce(std::move(nonce));
  out->set_ciphertext(std::move(cipher));
  return Status::Ok();
}

Status Open(const v1::VerzegeldDeel& sealed, const Keyring& keys, std::string_view event_id,
            v1::PersoonsgegevensDeel* out) {
  const std::string klasse(KlasseName(sealed.klasse()));
  const KlasseKey* key = keys.Find(sealed.klasse(), sealed.sleutel_epoch());
  if (key == nullptr) {
    return Status::NotFound("geen sleutel voor klasse " + klasse + " epoch " +
                            std::to_string(sealed.sleutel_epoch()));
  }
  const std::string& cipher = sealed.ciphertext();
  if (sealed.nonce().size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      cipher.size() < crypto_aead_xchacha20poly1305_ietf_ABYTES) {
    return Status::InvalidArgument("verzegeld deel " + klasse + " is te kort", "ciphertext");
  }
  const std::string ad = AssociatedData(event_id, sealed.klasse(), sealed.sleutel_epoch());
  std::string plain(cipher.size() - crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  unsigned long long read = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(Bytes(plain), &read, nullptr, Bytes(cipher), cipher.size(),
                                                 Bytes(ad), ad.size(), Bytes(sealed.nonce()),
                                                 Bytes(key->key)) != 0) {
    return Status::InvalidArgument(
        "verzegeld deel " + klasse + " gaat niet open: andere bytes, of van een ander event", "ciphertext");
  }
  plain.resize(read);
  v1::PersoonsgegevensDeel deel;
  if (!deel.ParseFromString(plain) || deel.klasse() != sealed.klasse()) {
    return Status::InvalidArgument("verzegeld deel " + klasse + " bevat geen deel van die klasse",
                                   "ciphertext");
  }
  *out = std::move(deel);
  return Status::Ok();
}

Status WrapKey(const KlasseKey& key, std::string_view curve_public, std::string* wrapped) {
  if (curve_public.size() != crypto_box_PUBLICKEYBYTES || key.key.size() != kKlasseKeySize) {
    return Status::InvalidArgument("een Curve25519-sleutel heeft 32 bytes", "curve");
  }
  if (sodium_init() < 0) return Status::Unavailable("libsodium kon niet starten");
  std::string plain = KlasseEpoch(key.klasse, key.epoch) + key.key;
  wrapped->assign(plain.size() + crypto_box_SEALBYTES, '\0');
  crypto_box_seal(Bytes(*wrapped), Bytes(plain), plain.size(), Bytes(curve_public));
  sodium_memzero(plain.data(), plain.size());
  return Status::Ok();
}

Status UnwrapKey(std::string_view wrapped, std::string_view curve_public, std::string_view curve_secret,
                 KlasseKey* key) {
  if (wrapped.size() != kWrappedPlainSize + crypto_box_SEALBYTES ||
      curve_public.size() != crypto_box_PUBLICKEYBYTES || curve_secret.size() != crypto_box_SECRETKEYBYTES) {
    return Status::InvalidArgument("een verpakte klassesleutel heeft " +
                                       std::to_string(kWrappedPlainSize + crypto_box_SEALBYTES) + " bytes",
                                   "sleutel");
  }
  std::string plain(kWrappedPlainSize, '\0');
  if (crypto_box_seal_open(Bytes(plain), Bytes(wrapped), wrapped.size(), Bytes(curve_public),
                           Bytes(curve_secret)) != 0) {
    return Status::InvalidArgument("de klassesleutel is niet voor deze organisatie verpakt", "sleutel");
  }
  const auto klasse = static_cast<v1::Klasse>(static_cast<unsigned char>(plain[0]));
  if (klasse != v1::IDENTITEIT && klasse != v1::BSN && klasse != v1::TOELICHTING) {
    return Status::InvalidArgument("de verpakte klassesleutel noemt geen klasse", "sleutel");
  }
  uint32_t epoch = 0;
  for (int i = 0; i < 4; ++i)
    epoch |= static_cast<uint32_t>(static_cast<unsigned char>(plain[1 + i])) << (8 * i);
  *key = KlasseKey{klasse, epoch, plain.substr(kKlasseEpochSize)};
  sodium_memzero(plain.data(), plain.size());
  return Status::Ok();
}

}  // namespace regiotafel::privacy
