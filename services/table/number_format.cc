#include "services/table/number_format.h"

namespace regiotafel::table {
namespace {

// Built-in formats (ECMA-376 part 1, §18.8.30): 14–22 dates and times; 27–36 and 50–58 the dates of
// East Asian locales; 45–47 times.
bool IsBuiltinDate(int id) {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

// 0.00, #,##0.00, the currencies with cents, percentages, scientific.
bool IsBuiltinDecimal(int id) {
  return id == 2 || id == 4 || id == 7 || id == 8 || id == 9 || id == 10 || id == 11 || id == 39 ||
         id == 40 || id == 48;
}

}  // namespace

NumberKind KindOfFormat(int id, std::string_view code) {
  if (code.empty()) {
    if (IsBuiltinDate(id)) return NumberKind::kDate;
    if (IsBuiltinDecimal(id)) return NumberKind::kDecimal;
    return NumberKind::kGeneral;
  }
  // Letters inside "quotes", after a backslash or in [brackets] (colours, locales) are not format
  // tokens; d, m and y outside them make a date ("General" has none of them).
  bool decimal = false;
  for (size_t i = 0; i < code.size(); ++i) {
    const char c = code[i];
    if (c == '"') {
      i = code.find('"', i + 1);
      if (i == std::string_view::npos) break;
    } else if (c == '\\' || c == '_' || c == '*') {
      ++i;  // the next character is shown as is (or is padding)
    } else if (c == '[') {
      i = code.find(']', i + 1);
      if (i == std::string_view::npos) break;
    } else if (c == 'd' || c == 'D' || c == 'm' || c == 'M' || c == 'y' || c == 'Y') {
      return NumberKind::kDate;
    } else if (c == '.' && i + 1 < code.size() && (code[i + 1] == '0' || code[i + 1] == '#')) {
      decimal = true;
    } else if (c == '%' || ((c == 'E' || c == 'e') && i + 1 < code.size() &&
                            (code[i + 1] == '+' || code[i + 1] == '-'))) {
      decimal = true;  // a percentage or scientific notation
    }
  }
  return decimal ? NumberKind::kDecimal : NumberKind::kGeneral;
}

}  // namespace regiotafel::table
