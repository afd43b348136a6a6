#include "contract/identifiers.h"

#include <array>

namespace regiotafel::contract {

namespace {

constexpr size_t kVNummerLength = 10;
constexpr size_t kBsnLength = 9;
constexpr size_t kMaxWoningIdLength = 64;
constexpr size_t kMaxSlugLength = 40;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsSlug(std::string_view text) {
  if (text.empty() || text.size() > kMaxSlugLength) return false;
  for (char c : text) {
    if (!IsLower(c) && !IsDigit(c) && c != '-') return false;
  }
  return true;
}

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at the start of `text` (Unicode 15, table 3-7), or 0
// when it is not one: a stray continuation byte, an overlong form, a surrogate, a code point above
// U+10FFFF or a sequence cut short.
size_t SequenceLength(std::string_view text) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t length;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // below: overlong
    if (lead == 0xED) second_max = 0x9F;  // above: surrogates D800–DFFF
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // below: overlong
    if (lead == 0xF4) second_max = 0x8F;  // above: beyond U+10FFFF
  } else {
    return 0;  // 80–BF continuation, C0/C1 overlong, F5–FF out of range
  }
  if (text.size() < length) return 0;
  if (byte(1) < second_min || byte(1) > second_max) return 0;
  for (size_t i = 2; i < length; ++i) {
    if (!IsContinuation(byte(i))) return 0;
  }
  return length;
}

}  // namespace

bool IsVNummer(std::string_view text) { return text.size() == kVNummerLength && AllDigits(text); }

bool IsBsn(std::string_view text) {
  if (text.size() != kBsnLength || !AllDigits(text)) return false;
  static constexpr std::array<int, kBsnLength> kWeights = {9, 8, 7, 6, 5, 4, 3, 2, -1};
  int sum = 0;
  for (size_t i = 0; i < kBsnLength; ++i) sum += (text[i] - '0') * kWeights[i];
  return sum != 0 && sum % 11 == 0;
}

bool IsWoningId(std::string_view text) {
  if (text.empty() || text.size() > kMaxWoningIdLength) return false;
  for (char c : text) {
    if (!IsLower(c) && !IsUpper(c) && !IsDigit(c) && c != '.' && c != '_' && c != '/' && c != '-') {
      return false;
    }
  }
  return true;
}

bool IsValidUtf8(std::string_view text) {
  while (!text.empty()) {
    const size_t length = SequenceLength(text);
    if (length == 0) return false;
    text.remove_prefix(length);
  }
  return true;
}

std::optional<ControlCharacter> FirstControlCharacter(std::string_view text, bool line_breaks) {
  for (size_t position = 1; !text.empty(); ++position) {
    const size_t length = SequenceLength(text);
    if (length == 0) return std::nullopt;
    const auto lead = static_cast<unsigned char>(text[0]);
    char32_t c = 0xFFFD;  // anything but a control character
    if (length == 1) c = lead;
    if (length == 2 && lead == 0xC2) c = static_cast<unsigned char>(text[1]);  // U+0080–U+00BF
    const bool control = c < 0x20 || (c >= 0x7F && c <= 0x9F);
    const bool line_break = c == '\t' || c == '\n' || c == '\r';
    if (control && !(line_breaks && line_break)) return ControlCharacter{c, position};
    text.remove_prefix(length);
  }
  return std::nullopt;
}

std::optional<OrgId> ParseOrgId(std::string_view text) {
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::optional<OrgKind> kind = ParseOrgKind(text.substr(0, colon));
  std::string_view slug = text.substr(colon + 1);
  if (!kind.has_value() || !IsSlug(slug)) return std::nullopt;
  return OrgId{*kind, std::string(slug)};
}

std::string_view OrgKindName(OrgKind kind) {
  switch (kind) {
    case OrgKind::kGemeente:
      return "gemeente";
    case OrgKind::kCorporatie:
      return "corporatie";
    case OrgKind::kVluchtelingenwerk:
      return "vluchtelingenwerk";
    case OrgKind::kCoa:
      return "coa";
    case OrgKind::kRegio:
      return "regio";
  }
  return "";
}

std::optional<OrgKind> ParseOrgKind(std::string_view name) {
  for (OrgKind kind : {OrgKind::kGemeente, OrgKind::kCorporatie, OrgKind::kVluchtelingenwerk, OrgKind::kCoa,
                       OrgKind::kRegio}) {
    if (OrgKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace regiotafel::contract
