// Private to contract/: pieces of the Dutch error messages.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string>
#include <string_view>
#include <vector>

#include "contract/identifiers.h"

namespace regiotafel::contract::internal {

inline constexpr size_t kMaxQuotedBytes = 40;

// The value in double quotes, cut to at most kMaxQuotedBytes bytes on a character boundary (then
// followed by "…"), so that a message stays short and valid UTF-8 whatever the sender sent.
inline std::string Quoted(std::string_view value) {
  if (!IsValidUtf8(value)) return "(een tekst die geen geldige UTF-8 is)";
  std::string out = "\"";
  if (value.size() <= kMaxQuotedBytes) {
    out += value;
    out += '"';
    return out;
  }
  size_t cut = kMaxQuotedBytes;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  out += value.substr(0, cut);
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
