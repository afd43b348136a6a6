// CurveZMQ keys (Curve25519, 32 bytes each): the bus has a pair, every organisation has a pair, and
// the bus's trust file names the public key each organisation connects with. In files and trust
// files a key is its Z85 text (40 characters, ZeroMQ's own encoding, RFC 32).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace regiotafel::transport {

inline constexpr size_t kCurveKeySize = 32;

struct CurveKeyPair {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 32 bytes
};

CurveKeyPair GenerateCurveKeyPair();
// The pair of a 32-byte secret key (the public key follows from it); nullopt for another size.
std::optional<CurveKeyPair> CurveKeyPairFromSecret(std::string_view secret_key);

std::string ToZ85(std::string_view key);                    // a 32-byte key as 40 characters
std::optional<std::string> FromZ85(std::string_view text);  // 40 characters → 32 bytes

// A secret key file: the secret key's Z85 text (whitespace around it is ignored), mode 0600.
Status LoadCurveKeyFile(const std::string& path, CurveKeyPair* out);
// Writes a new file with mode 0600 from the first byte on; never over an existing one.
Status WriteCurveKeyFile(const std::string& path, const CurveKeyPair& pair);

// A socket's CurveZMQ settings (sockets.h). A server (the bus) has its own pair, and a ZAP handler
// in the same context decides who may connect (zap_handler.h); a client (a node) has its own pair
// and the server's public key. All empty: a plain socket (development, without a trust file).
struct CurveSettings {
  CurveKeyPair own;
  std::string server_key;  // a client's only: the bus's public key

  bool enabled() const { return !own.secret_key.empty(); }
};

}  // namespace regiotafel::transport
