// The old administration as a clerk hands it in: an .xlsx workbook (table/xlsx_reader.h) or a CSV file
// as Excel saves it (table/csv_reader.h), told apart by their bytes rather than by the file's name.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "services/table/table.h"

namespace regiotafel::administratie {

struct Rij {
  uint64_t nummer = 0;              // as the clerk finds it: Excel's row number, or the CSV's line number
  std::vector<table::Cell> cellen;  // as wide as the header; CSV fields are text
};

struct Blad {
  std::string bron;                 // "werkblad 'Statushouders'", "CSV, UTF-8, ';'"
  std::vector<std::string> kopjes;  // the header row
  std::vector<Rij> rijen;           // rows that hold anything, in the file's order
};

// Reads `path`. A workbook's sheet is the first whose header row names a V-nummer (else the first
// sheet). Errors, in Dutch and naming the file: NotFound, InvalidArgument (not a workbook nor text,
// UTF-16, an empty sheet or file, no header row), Corruption (a damaged or truncated workbook).
Status LeesOudeAdministratie(const std::string& path, Blad* out);

// A column's name as the clerk finds it in Excel: "A", …, "Z", "AA", …
std::string KolomLetter(size_t index);

}  // namespace regiotafel::administratie
