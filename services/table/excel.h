// Excel's conventions that the writer (xlsx.h) and the reader (xlsx_reader.h) share.
#pragma once

#include <cstdint>
#include <string>

namespace regiotafel::table::excel {

// Excel's own limits for a worksheet.
constexpr int64_t kMaxRows = 1'048'576;
constexpr int64_t kMaxColumns = 16'384;
constexpr size_t kMaxTextLength = 32'767;

// Excel stores a date as a serial number of days: 1 is 1900-01-01, and serial 60 is 29 February 1900,
// a day that never was (kept for Lotus 1-2-3). From 1900-03-01 (serial 61) on, the serial is the day
// number of base/date.h plus 25569.
constexpr int64_t kSerialOf1970 = 25569;
constexpr int64_t kDayOf19000301 = -25508;

inline double SerialOfDay(int64_t day) {
  return static_cast<double>(day >= kDayOf19000301 ? day + kSerialOf1970 : day + kSerialOf1970 - 1);
}

// In a workbook with the 1904 date system (old Mac Excel) serial 0 is 1904-01-01.
inline int64_t DayOfSerial(int64_t serial, bool date1904) {
  if (date1904) return serial - 24107;
  return serial >= 61 ? serial - kSerialOf1970 : serial - kSerialOf1970 + 1;
}

// "A1", "AB12": zero-based row and column as Excel names the cell.
inline std::string CellName(int64_t row, int64_t column) {
  std::string letters;
  for (int64_t c = column + 1; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row + 1);
}

}  // namespace regiotafel::table::excel
