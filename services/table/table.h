// Table: a view as the region's monthly meeting reads it, rows of typed cells under Dutch column
// names. The writers (csv.h, xlsx.h, text.h) and the reader (xlsx_reader.h) share it, so that a
// written and read-back workbook compares equal.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"

namespace regiotafel::table {

struct Cell {
  enum class Kind { kText, kNumber, kDecimal, kDate };

  Kind kind = Kind::kText;
  std::string text;    // kText; "" is an empty cell
  int64_t number = 0;  // kNumber; kDate: a day number as base/date.h counts (days since 1970-01-01)
  double decimal = 0;  // kDecimal (e.g. aandeel_procent)

  static Cell Text(std::string text) { return Cell{Kind::kText, std::move(text), 0, 0}; }
  static Cell Number(int64_t number) { return Cell{Kind::kNumber, {}, number, 0}; }
  static Cell Decimal(double decimal) { return Cell{Kind::kDecimal, {}, 0, decimal}; }
  static Cell Date(int32_t day) { return Cell{Kind::kDate, {}, day, 0}; }

  bool operator==(const Cell&) const = default;
};

struct Table {
  std::string name;                     // the sheet's name in a workbook
  std::vector<std::string> columns;     // Dutch column headers
  std::vector<std::vector<Cell>> rows;  // each exactly columns.size() cells

  bool operator==(const Table&) const = default;
};

// A cell as a Dutch reader writes it: numbers in decimal ("-3", "12,5" with a decimal comma), dates
// dd-mm-jjjj, text as is.
std::string CellText(const Cell& cell);

// A moment as a Dutch reader writes it, in UTC as the log records it: "05-01-2026 10:11:12 UTC", its
// date as CellText writes a date. For a moment shown as text (a record's recorded_at); `unix_seconds`
// since 1970-01-01T00:00:00Z.
std::string TimestampText(int64_t unix_seconds);

// Ok, or InvalidArgument naming the first row whose number of cells differs from the columns'.
Status CheckShape(const Table& table);

// For test failures: the kind and CellText.
std::ostream& operator<<(std::ostream& out, const Cell& cell);
void PrintTo(const Table& table, std::ostream* out);

}  // namespace regiotafel::table
