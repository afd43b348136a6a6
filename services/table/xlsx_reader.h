// An .xlsx workbook read back as tables (libzip for the container, pugixml for the XML): for the tests
// of xlsx.h and for importing a region's Excel file.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "services/table/table.h"

namespace regiotafel::table {

// One Table per worksheet that holds anything, in the workbook's order: name is the sheet's name, columns
// its first row (as text), rows the rows below it down to the last one with a value, each as wide as the
// widest row, empty cells as empty text. Strings shared or inline are text, a boolean "ja"/"nee", a number
// whose format is a date a date (1900 and 1904 date systems), a number with a decimal format or a
// fraction a decimal, any other number a whole number.
//
// Errors, in Dutch and naming the file and the part: NotFound when `path` does not exist;
// InvalidArgument when it is not a zip, a zip without a workbook, a workbook without sheets, or one
// whose every sheet is without any value (an empty sheet has no header row to name columns; one
// empty sheet beside others, as Excel's own Blad2 and Blad3, is left out); Corruption when the zip
// is cut short or damaged, or an XML part does not parse or points outside the workbook.
// `sheets` is filled only on success.
Status ReadXlsx(const std::string& path, std::vector<Table>* sheets);

}  // namespace regiotafel::table
