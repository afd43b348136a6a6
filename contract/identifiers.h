// The identifier and value rules of the contract (docs/CONTRACT.md §2).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace regiotafel::contract {

inline constexpr size_t kMaxTextBytes = 500;

// The bounds on the lists of persons (docs/CONTRACT.md §7, "Lists"): a household is the main
// applicant and at most kMaxGezinsleden others, so a BRP-inschrijving names at most kMaxPersonen;
// nareizigers arrive at most kMaxGezinsleden at once.
inline constexpr int kMaxGezinsleden = 50;
inline constexpr int kMaxPersonen = kMaxGezinsleden + 1;

// Exactly 10 digits.
bool IsVNummer(std::string_view text);
// Exactly 9 digits passing the 11-proef: Σ dᵢ·wᵢ, w = 9,8,7,6,5,4,3,2,−1, divisible by 11 and not 0.
bool IsBsn(std::string_view text);
// [A-Za-z0-9._/-]{1,64}
bool IsWoningId(std::string_view text);
bool IsValidUtf8(std::string_view text);

// A control character in a text: which one, and the how-manieth character of the text it is (from 1).
struct ControlCharacter {
  char32_t code_point;
  size_t position;
};
// The first control character of valid UTF-8 `text`: C0 (U+0000–U+001F), DEL (U+007F) or C1
// (U+0080–U+009F). With `line_breaks` a tab, LF or CR does not count (a free-text note may hold
// them). nullopt when there is none; for text that is not valid UTF-8, what comes before the first
// bad byte is searched.
std::optional<ControlCharacter> FirstControlCharacter(std::string_view text, bool line_breaks);

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
