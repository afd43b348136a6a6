// What an Excel number format says about the number it shows: a date, a decimal, or a whole number.
// A cell stores only a double; its style's number format is what makes 46082 the date 1-3-2026.
#pragma once

#include <string_view>

namespace regiotafel::table {

enum class NumberKind { kGeneral, kDecimal, kDate };

// `id` is the numFmtId of styles.xml; `code` its formatCode for a custom format (id ≥ 164), else "".
NumberKind KindOfFormat(int id, std::string_view code);

}  // namespace regiotafel::table
