#include "transport/curve.h"

#include <sodium.h>
#include <zmq.h>

#include "base/key_file.h"

namespace regiotafel::transport {
namespace {

constexpr size_t kZ85Size = 40;

}  // namespace

CurveKeyPair GenerateCurveKeyPair() {
  // CurveZMQ's keys are libsodium's crypto_box keys (zmq_curve_keypair makes them the same way).
  CurveKeyPair pair{std::string(kCurveKeySize, '\0'), std::string(kCurveKeySize, '\0')};
  crypto_box_keypair(reinterpret_cast<unsigned char*>(pair.public_key.data()),
                     reinterpret_cast<unsigned char*>(pair.secret_key.data()));
  return pair;
}

std::optional<CurveKeyPair> CurveKeyPairFromSecret(std::string_view secret_key) {
  if (secret_key.size() != kCurveKeySize) return std::nullopt;
  CurveKeyPair pair{std::string(kCurveKeySize, '\0'), std::string(secret_key)};
  crypto_scalarmult_base(reinterpret_cast<unsigned char*>(pair.public_key.data()),
                         reinterpret_cast<const unsigned char*>(pair.secret_key.data()));
  return pair;
}

std::string ToZ85(std::string_view key) {
  if (key.size() != kCurveKeySize) return "";
  char text[kZ85Size + 1];
  zmq_z85_encode(text, reinterpret_cast<const uint8_t*>(key.data()), key.size());
  return std::string(text, kZ85Size);
}

std::optional<std::string> FromZ85(std::string_view text) {
  if (text.size() != kZ85Size) return std::nullopt;
  const std::string terminated(text);  // zmq_z85_decode reads a C string
  std::string key(kCurveKeySize, '\0');
  if (zmq_z85_decode(reinterpret_cast<uint8_t*>(key.data()), terminated.c_str()) == nullptr)
    return std::nullopt;
  return key;
}

Status LoadCurveKeyFile(const std::string& path, CurveKeyPair* out) {
  std::string text;
  if (Status s = ReadKeyFile(path, &text); !s.ok()) return s;
  std::optional<std::string> secret = FromZ85(text);
  std::optional<CurveKeyPair> pair = secret ? CurveKeyPairFromSecret(*secret) : std::nullopt;
  if (!pair)
    return Status::InvalidArgument("key file " + path +
                                   " does not hold a Curve secret key (40 characters of Z85)");
  *out = std::move(*pair);
  return Status::Ok();
}

Status WriteCurveKeyFile(const std::string& path, const CurveKeyPair& pair) {
  return WriteNewKeyFile(path, ToZ85(pair.secret_key));
}

}  // namespace regiotafel::transport
