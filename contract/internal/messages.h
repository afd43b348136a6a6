// Private to contract/: pieces of the Dutch error messages.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

#include "contract/identifiers.h"

namespace regiotafel::contract::internal {

inline constexpr size_t kMaxQuotedBytes = 40;

// How a clerk names a kind of organisation in a sentence.
struct KindWords {
  std::string_view indefinite;  // "een gemeente": as a subject, or what a field should hold
  std::string_view definite;    // "de gemeente": what is missing
  std::string_view list;        // "gemeente": in a list of who may publish
  std::string_view example;     // "gemeente:dordrecht"
};

inline const KindWords& WordsFor(OrgKind kind) {
  static const KindWords kGemeente{"een gemeente", "de gemeente", "gemeente", "gemeente:dordrecht"};
  static const KindWords kCorporatie{"een corporatie", "de corporatie", "corporatie", "corporatie:trivire"};
  static const KindWords kVluchtelingenwerk{"VluchtelingenWerk", "VluchtelingenWerk", "VluchtelingenWerk",
                                            "vluchtelingenwerk:drechtsteden"};
  static const KindWords kCoa{"COA", "COA", "COA", "coa:dordrecht"};
  static const KindWords kRegio{"de regio", "de regio", "regio", "regio:drechtsteden"};
  switch (kind) {
    case OrgKind::kGemeente:
      return kGemeente;
    case OrgKind::kCorporatie:
      return kCorporatie;
    case OrgKind::kVluchtelingenwerk:
      return kVluchtelingenwerk;
    case OrgKind::kCoa:
      return kCoa;
    case OrgKind::kRegio:
      return kRegio;
  }
  return kRegio;
}

// Valid UTF-8 `text` with every control character (C0, DEL, C1; line breaks too) as U+FFFD: a message
// printed on a terminal must not move its cursor or clear it.
inline std::string WithoutControlCharacters(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto b = static_cast<unsigned char>(text[i]);
    const bool c1 = b == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    if (b < 0x20 || b == 0x7F || c1) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      if (c1) ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// The value in double quotes, cut to at most kMaxQuotedBytes bytes on a character boundary (then
// followed by "…"), so that a message stays short and valid UTF-8 whatever the sender sent; a
// control character in it shows as U+FFFD.
inline std::string Quoted(std::string_view value) {
  if (!IsValidUtf8(value)) return "(een tekst die geen geldige UTF-8 is)";
  std::string out = "\"";
  if (value.size() <= kMaxQuotedBytes) {
    out += WithoutControlCharacters(value);
    out += '"';
    return out;
  }
  size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  out += WithoutControlCharacters(value.substr(0, cut));
  out += "…\"";
  return out;
}

// "HUURACHTERSTAND, OVERLAST, SCHADE, ZORG of OVERIG": every value of the enum but its
// UNSPECIFIED (0) one.
inline std::string EnumChoices(const google::protobuf::EnumDescriptor* type) {
  std::vector<std::string_view> names;
  for (int i = 0; i < type->value_count(); ++i) {
    if (type->value(i)->number() != 0) names.push_back(type->value(i)->name());
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " of " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace regiotafel::contract::internal
