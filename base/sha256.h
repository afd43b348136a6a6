// SHA-256 (libsodium), one-shot and incremental.
#pragma once

#include <sodium.h>

#include <string>
#include <string_view>

namespace regiotafel {

inline constexpr size_t kSha256Size = crypto_hash_sha256_BYTES;  // 32

class Sha256 {
 public:
  Sha256() { crypto_hash_sha256_init(&state_); }
  Sha256& Update(std::string_view bytes) {
    crypto_hash_sha256_update(&state_, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return *this;
  }
  // The 32-byte digest; the object is spent afterwards.
  std::string Finish() {
    std::string digest(kSha256Size, '\0');
    crypto_hash_sha256_final(&state_, reinterpret_cast<unsigned char*>(digest.data()));
    return digest;
  }

 private:
  crypto_hash_sha256_state state_;
};

inline std::string Sha256Of(std::string_view bytes) { return Sha256().Update(bytes).Finish(); }

}  // namespace regiotafel
