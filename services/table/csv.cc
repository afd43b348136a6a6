#include "services/table/csv.h"

#include <cmath>
#include <ostream>
#include <string_view>

namespace regiotafel::table {
namespace {

// What Excel takes for the start of a formula (OWASP, "CSV Injection"): "=", "+", "-", "@", and a tab
// or CR, which Excel skips before looking again.
constexpr std::string_view kFormulaStart = "=+-@\t\r";

bool IsNumber(const Cell& cell) {
  return cell.kind == Cell::Kind::kNumber ||
         (cell.kind == Cell::Kind::kDecimal && std::isfinite(cell.decimal));
}

// A cell's text for Excel: a text that Excel would take for a formula gets a "'" before it, so that
// Excel shows it as the text it is and never computes it (=HYPERLINK(…) would be a link that sends
// the sheet's data away). A number is a number: "-3" stays -3.
std::string CsvText(const Cell& cell) {
  std::string text = CellText(cell);
  if (!IsNumber(cell) && !text.empty() && kFormulaStart.find(text.front()) != std::string_view::npos)
    text.insert(text.begin(), '\'');
  return text;
}

void WriteField(std::string_view text, char separator, std::ostream& out) {
  const char special[] = {separator, '"', '\r', '\n', '\0'};
  // Spaces at either end quoted too: a reader that trims unquoted fields would lose them.
  const bool spaces = !text.empty() && (text.front() == ' ' || text.back() == ' ');
  if (!spaces && text.find_first_of(special) == std::string_view::npos) {
    out << text;
    return;
  }
  out << '"';
  for (char c : text) {
    if (c == '"') out << '"';
    out << c;
  }
  out << '"';
}

template <typename T, typename TextOf>
void WriteLine(const std::vector<T>& fields, TextOf text_of, char separator, std::ostream& out) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out << separator;
    WriteField(text_of(fields[i]), separator, out);
  }
  out << "\r\n";
}

}  // namespace

Status WriteCsv(const Table& table, std::ostream& out, char separator) {
  if (separator == '"' || separator == '\r' || separator == '\n') {
    return Status::InvalidArgument("een CSV-scheidingsteken mag geen aanhalingsteken of regeleinde zijn");
  }
  if (Status status = CheckShape(table); !status.ok()) return status;
  out << "\xEF\xBB\xBF";
  WriteLine(
      table.columns, [](const std::string& header) { return CsvText(Cell::Text(header)); }, separator, out);
  for (const std::vector<Cell>& row : table.rows) WriteLine(row, CsvText, separator, out);
  out.flush();
  if (!out) return Status::IOError("de CSV van tabel '" + table.name + "' kon niet worden geschreven");
  return Status::Ok();
}

}  // namespace regiotafel::table
