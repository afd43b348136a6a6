#include "base/signing.h"

namespace regiotafel {

namespace {
const unsigned char* Bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* Bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
void InitSodium() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}
}  // namespace

SigningKey SigningKey::Generate() {
  InitSodium();
  SigningKey key;
  key.public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  key.secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_keypair(Bytes(key.public_key_), Bytes(key.secret_key_));
  return key;
}

std::optional<SigningKey> SigningKey::FromSecret(std::string_view secret_key) {
  if (secret_key.size() != crypto_sign_SECRETKEYBYTES) return std::nullopt;
  InitSodium();
  SigningKey key;
  key.secret_key_ = std::string(secret_key);
  key.public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  crypto_sign_ed25519_sk_to_pk(Bytes(key.public_key_), Bytes(secret_key));
  return key;
}

std::string SigningKey::Sign(std::string_view message) const {
  std::string signature(crypto_sign_BYTES, '\0');
  crypto_sign_detached(Bytes(signature), nullptr, Bytes(message), message.size(), Bytes(secret_key_));
  return signature;
}

bool VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) return false;
  InitSodium();
  return crypto_sign_verify_detached(Bytes(signature), Bytes(message), message.size(), Bytes(public_key)) ==
         0;
}

}  // namespace regiotafel
