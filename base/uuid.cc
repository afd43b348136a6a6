#include "base/uuid.h"

#include <sodium.h>

#include "base/bytes.h"
#include "base/sha256.h"

namespace regiotafel {

namespace {
std::string Format(std::string bytes, int version) {
  bytes[6] = static_cast<char>((bytes[6] & 0x0f) | (version << 4));
  bytes[8] = static_cast<char>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string hex = ToHex(bytes.substr(0, 16));
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}
}  // namespace

std::string NewUuid() {
  static const bool sodium_ready = sodium_init() >= 0;  // seeds randombytes once; safe to repeat
  (void)sodium_ready;
  std::string bytes(16, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  return Format(std::move(bytes), 4);
}

std::string UuidFromName(std::string_view name) { return Format(Sha256Of(name), 5); }

bool IsCanonicalUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace regiotafel
