#include "services/config/api_tokens.h"

namespace regiotafel::config {

std::string_view TokenRolName(TokenRol rol) { return rol == TokenRol::kLezen ? "lezen" : "schrijven"; }

std::optional<TokenRol> ParseTokenRol(std::string_view name) {
  if (name == "lezen") return TokenRol::kLezen;
  if (name == "schrijven") return TokenRol::kSchrijven;
  return std::nullopt;
}

}  // namespace regiotafel::config
