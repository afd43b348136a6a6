// Tables as one Excel workbook (libxlsxwriter), a worksheet per table, as the region's monthly
// meeting opens it: a bold, frozen header row with an autofilter, numbers as numbers, dates as real
// Excel dates shown dd-mm-jjjj, columns as wide as their contents (within limits).
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "services/table/table.h"

namespace regiotafel::table {

// Writes `tables` to `path` (replaced if it exists). The workbook is written under a temporary name in
// the same directory and renamed when complete, so `path` never holds half a workbook. The file is
// readable by its owner only: it names people.
//
// Sheet names are the tables' names made valid for Excel: []:*?/\ become '_', at most 31 characters,
// unique (a second "Taakstelling" becomes "Taakstelling (2)"). A whole number of 16 digits or more is
// written as text (Excel keeps 15). Errors, in Dutch: InvalidArgument for no tables, a table without
// columns, a row of the wrong width, more rows or columns than Excel holds, a text over 32 767
// characters; IOError when the directory does not exist or cannot be written.
Status WriteXlsx(const std::vector<Table>& tables, const std::string& path);

}  // namespace regiotafel::table
