// Reading a CSV file as people have it from Excel (issue 8's import): UTF-8 with or without a BOM,
// or Windows-1252 (what Dutch Excel writes for "CSV (gescheiden door lijstscheidingsteken)"); ';' or
// ',' as separator, whichever the header line uses; quoted fields with doubled quotes and line
// breaks inside; CRLF or LF. Every text comes out as UTF-8.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace regiotafel::table {

struct CsvFile {
  std::string encoding;  // "UTF-8" or "Windows-1252"
  char separator = ';';
  std::vector<std::vector<std::string>> rows;  // [0]: the header line; empty lines left out
  std::vector<size_t> lines;                   // per row, the line it starts on (1-based), for pointing at it
};

// InvalidArgument, in words a clerk understands, for: an empty file, a file that is not text (a
// workbook or another binary file), a quote that is never closed (naming its line).
Status ReadCsv(std::string_view bytes, CsvFile* out);

}  // namespace regiotafel::table
