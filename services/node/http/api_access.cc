#include "services/node/http/api_access.h"

#include <sodium.h>

#include <cctype>

#include "base/sha256.h"
#include "services/node/http/dashboard_api.h"

namespace regiotafel::node {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

AccessDecision Refused(int code, std::string error, std::string reason) {
  return {code, std::move(error), std::move(reason), std::nullopt};
}

AccessDecision LetIn(config::TokenRol rol) {
  AccessDecision decision;
  decision.rol = rol;
  return decision;
}

}  // namespace

ApiAccess::ApiAccess(const std::vector<config::ApiToken>& tokens) {
  for (const config::ApiToken& token : tokens) tokens_.push_back({Sha256Of(token.token), token.rol});
}

bool ApiAccess::IsWrite(std::string_view method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

AccessDecision ApiAccess::Check(std::string_view method, std::string_view path,
                                std::string_view authorization) const {
  if (open()) return LetIn(config::TokenRol::kSchrijven);
  if (path == "/healthz" && !IsWrite(method)) return {};  // liveness probes carry no secret
  // The dashboard's files hold no data, and a browser opening the page cannot send a token.
  if (IsDashboardFile(path) && !IsWrite(method)) return {};

  authorization = Trim(authorization);
  if (authorization.empty()) {
    return Refused(401, "geen toegang: deze node vraagt een token (Authorization: Bearer <token>)",
                   "no Authorization header");
  }
  constexpr std::string_view kScheme = "Bearer";
  const size_t space = authorization.find_first_of(" \t");
  if (space == std::string_view::npos || !EqualsIgnoringCase(authorization.substr(0, space), kScheme)) {
    return Refused(401, "geen toegang: de Authorization-header moet de vorm \"Bearer <token>\" hebben",
                   "Authorization is not a Bearer token");
  }
  const std::string presented = Sha256Of(Trim(authorization.substr(space)));

  // Every digest is compared, whatever matched before: the time taken does not depend on which.
  std::optional<config::TokenRol> rol;
  for (const Digest& token : tokens_) {
    if (sodium_memcmp(presented.data(), token.sha256.data(), presented.size()) == 0) rol = token.rol;
  }
  if (!rol) {
    return Refused(401, "geen toegang: deze node kent dit token niet", "unknown token");
  }
  if (IsWrite(method) && *rol == config::TokenRol::kLezen) {
    return Refused(403, "geen toegang: dit token mag alleen lezen (rol lezen)",
                   "a lezen token may not " + std::string(method));
  }
  return LetIn(*rol);
}

}  // namespace regiotafel::node
