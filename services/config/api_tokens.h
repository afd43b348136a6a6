// The node's API tokens as its configuration names them ([[tokens]] in node.toml, docs/OPERATIONS.md):
// a token and its role. Who may do what with them is the HTTP edge's (services/node/http/api_access.h).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace regiotafel::config {

enum class TokenRol { kLezen, kSchrijven };

// "lezen", "schrijven".
std::string_view TokenRolName(TokenRol rol);
std::optional<TokenRol> ParseTokenRol(std::string_view name);

struct ApiToken {
  std::string token;
  TokenRol rol = TokenRol::kLezen;
};

inline constexpr size_t kMinTokenLength = 32;

}  // namespace regiotafel::config
