// Tables into a file for people: an .xlsx workbook (xlsx.h) or a CSV file for Dutch Excel (csv.h),
// chosen by the file's extension, written whole or not at all and readable by its owner only (the
// tables name people).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "services/table/table.h"

namespace regiotafel::table {

// `path` ends in .xlsx (every table a sheet) or .csv (the first table; CSV has no sheets), in any case.
// InvalidArgument for another extension or no tables; else as WriteXlsx and WriteCsv.
Status WriteTablesFile(const std::vector<Table>& tables, const std::string& path);
// True when `path` ends in .xlsx or .csv (in any case): what WriteTablesFile can write.
bool IsTablesFileName(const std::string& path);

// Writes `path` whole or not at all: `write` fills a temporary file beside it (mode 0600), which is
// synced and renamed over `path`, and the directory synced. IOError, in Dutch, when the directory does
// not exist or cannot be written; `write`'s own error is returned as it is. The temporary file never
// stays behind.
Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(const std::string& temp)>& write);

}  // namespace regiotafel::table
