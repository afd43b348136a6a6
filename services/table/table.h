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
  enum class Soort { kTekst, kGetal, kDecimaal, kDatum };

  Soort soort = Soort::kTekst;
  std::string tekst;    // kTekst; "" is an empty cell
  int64_t getal = 0;    // kGetal; kDatum: a day number as base/date.h counts (days since 1970-01-01)
  double decimaal = 0;  // kDecimaal (e.g. aandeel_procent)

  static Cell Tekst(std::string tekst) { return Cell{Soort::kTekst, std::move(tekst), 0, 0}; }
  static Cell Getal(int64_t getal) { return Cell{Soort::kGetal, {}, getal, 0}; }
  static Cell Decimaal(double decimaal) { return Cell{Soort::kDecimaal, {}, 0, decimaal}; }
  static Cell Datum(int32_t day) { return Cell{Soort::kDatum, {}, day, 0}; }

  bool operator==(const Cell&) const = default;
};

struct Table {
  std::string naam;                      // the sheet's name in a workbook
  std::vector<std::string> kolommen;     // Dutch column headers
  std::vector<std::vector<Cell>> rijen;  // each exactly kolommen.size() cells

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

// For test failures: the soort and CellText.
std::ostream& operator<<(std::ostream& out, const Cell& cell);
void PrintTo(const Table& table, std::ostream* out);

}  // namespace regiotafel::table
