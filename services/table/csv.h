// A table as CSV for Dutch Excel, which opens it with a double click when it is UTF-8 with a BOM
// (else it reads Windows-1252), ';'-separated (',' is the decimal comma), with CRLF line ends.
#pragma once

#include <iosfwd>

#include "base/status.h"
#include "services/table/table.h"

namespace regiotafel::table {

// The header row, then the rows. A field is quoted ("…", quotes doubled) when it holds the separator,
// a quote, CR or LF, or begins or ends with a space. Numbers as CellText (decimal comma), dates dd-mm-jjjj.
// A text (a header too) that begins with "=", "+", "-", "@", a tab or CR gets a "'" before it, so that
// Excel never takes data for a formula (OWASP's advice against CSV injection); a number cell, a
// negative one too, is written as the number it is.
// InvalidArgument for a row of the wrong width, IOError when the stream fails.
Status WriteCsv(const Table& table, std::ostream& out, char separator = ';');

}  // namespace regiotafel::table
