// Ed25519 signatures (libsodium): an organisation signs the exact bytes of its envelopes.
#pragma once

#include <sodium.h>

#include <optional>
#include <string>
#include <string_view>

namespace regiotafel {

inline constexpr size_t kSignatureSize = crypto_sign_BYTES;           // 64
inline constexpr size_t kPublicKeySize = crypto_sign_PUBLICKEYBYTES;  // 32

class SigningKey {
 public:
  static SigningKey Generate();
  // From the 64-byte secret key (libsodium's seed ‖ public key form); nullopt for another size.
  static std::optional<SigningKey> FromSecret(std::string_view secret_key);

  std::string Sign(std::string_view message) const;  // 64 bytes
  const std::string& public_key() const { return public_key_; }
  const std::string& secret_key() const { return secret_key_; }

 private:
  std::string public_key_;
  std::string secret_key_;
};

bool VerifySignature(std::string_view public_key, std::string_view message, std::string_view signature);

}  // namespace regiotafel
