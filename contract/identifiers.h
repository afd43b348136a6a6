// The identifier and value rules of the contract (docs/CONTRACT.md §2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace regiotafel::contract {

inline constexpr size_t kMaxTextBytes = 500;

// Exactly 10 digits.
bool IsVNummer(std::string_view text);
// Exactly 9 digits passing the 11-proef: Σ dᵢ·wᵢ, w = 9,8,7,6,5,4,3,2,−1, divisible by 11 and not 0.
bool IsBsn(std::string_view text);
// [A-Za-z0-9._/-]{1,64}
bool IsWoningId(std::string_view text);
bool IsValidUtf8(std::string_view text);

enum class OrgKind { kGemeente, kCorporatie, kVluchtelingenwerk, kCoa, kRegio };

// An organisation id `kind:slug`, slug [a-z0-9-]{1,40}, e.g. "gemeente:dordrecht".
struct OrgId {
  OrgKind kind;
  std::string slug;
};
std::optional<OrgId> ParseOrgId(std::string_view text);
// "gemeente", "corporatie", "vluchtelingenwerk", "coa", "regio".
std::string_view OrgKindName(OrgKind kind);
std::optional<OrgKind> ParseOrgKind(std::string_view name);

}  // namespace regiotafel::contract
