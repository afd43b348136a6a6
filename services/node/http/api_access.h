// ApiAccess: who may call the node's HTTP API. The configuration's [[tokens]] each carry a role:
// `lezen` may GET, `schrijven` may also POST. With tokens configured every request but
// GET /healthz and the dashboard's files (dashboard_api.h: no data in them) needs `Authorization: Bearer
// <token>`: none or an unknown one is 401, a lezen token on a write is 403. Without tokens the API is open
// (development; the configuration then allows only a loopback address, node_config.h).
//
// Only SHA-256 digests of the tokens are kept, and a presented token's digest is compared with every
// one of them in constant time (sodium_memcmp), so the answer's timing does not tell how much of a
// guess was right.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/config/api_tokens.h"

namespace regiotafel::node {

// What to do with one request.
struct AccessDecision {
  int code = 200;      // 200: go ahead; 401: no or an unknown token; 403: the token may not do this
  std::string error;   // refused: for the client, in Dutch
  std::string reason;  // refused: for the node's log (never the token itself)
  // Allowed by a token: its role; an open node allows all, as a schrijven token does. None for a
  // request that needs no token (GET /healthz, the dashboard's files).
  std::optional<config::TokenRol> rol;

  bool allowed() const { return code == 200; }
};

class ApiAccess {
 public:
  explicit ApiAccess(const std::vector<config::ApiToken>& tokens);

  // No tokens configured: every request is allowed.
  bool open() const { return tokens_.empty(); }

  // `authorization` is the request's Authorization header ("" when it has none).
  AccessDecision Check(std::string_view method, std::string_view path, std::string_view authorization) const;

  // Whether a request of this method changes something (everything but GET, HEAD and OPTIONS).
  static bool IsWrite(std::string_view method);

 private:
  struct Digest {
    std::string sha256;
    config::TokenRol rol;
  };
  std::vector<Digest> tokens_;
};

}  // namespace regiotafel::node
