#include "services/table/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <string_view>

#include "services/table/excel.h"
#include "services/table/table_file.h"
#include "services/table/text.h"

namespace regiotafel::table {
namespace {

namespace fs = std::filesystem;

// Above this many cells a workbook is written row by row (libxlsxwriter's constant_memory: strings
// inline, not shared), so a large export does not hold every cell twice in memory.
constexpr size_t kConstantMemoryCells = 200'000;
// Column widths in characters: never narrower than a date, never wider than a screen's third.
constexpr double kMinWidth = 10;
constexpr double kMaxWidth = 60;
// Room for the autofilter's arrow in the header.
constexpr double kFilterButton = 3;

// Shows at least one decimal ("10,0", "12,5") and up to 15, so a whole decimal reads back as one.
constexpr char kDecimalFormat[] = "0.0##############";
// The file format stores the format code in English; Dutch Excel shows it as dd-mm-jjjj.
constexpr char kDateFormat[] = "dd-mm-yyyy";
// Whole numbers this large lose digits as an Excel number.
constexpr int64_t kMaxExactNumber = 999'999'999'999'999;

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

// The first `n` code points of UTF-8 text.
std::string TakeCodePoints(std::string_view text, size_t n) {
  size_t i = 0;
  for (size_t count = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;  // inside a character
    if (count++ == n) break;
  }
  return std::string(text.substr(0, i));
}

std::string SheetName(std::string_view naam, size_t index, std::set<std::string>* used) {
  std::string name;
  for (char c : naam) name += std::string_view("[]:*?/\\").find(c) == std::string_view::npos ? c : '_';
  while (!name.empty() && name.front() == '\'') name.erase(name.begin());
  while (!name.empty() && name.back() == '\'') name.pop_back();
  if (name.empty()) name = "Blad" + std::to_string(index + 1);
  name = TakeCodePoints(name, 31);
  const std::string base = name;
  for (int k = 2; used->count(Lower(name)); ++k) {
    const std::string suffix = " (" + std::to_string(k) + ")";
    name = TakeCodePoints(base, 31 - suffix.size()) + suffix;
  }
  used->insert(Lower(name));
  return name;
}

// Excel reads "_xHHHH_" in a string as the character HHHH (libxlsxwriter writes control characters
// so); a text that holds those letters itself keeps them by escaping its '_' as "_x005F_", as Excel does.
// A NUL, which would end the C string libxlsxwriter takes and so cut the cell short without a word,
// becomes U+FFFD. Every text goes into the workbook as a string cell (worksheet_write_string), never as
// a formula: a text "=HYPERLINK(…)" is shown as those letters and never computed.
std::string ExcelText(const std::string& text) {
  if (text.find("_x") == std::string::npos && text.find('\0') == std::string::npos) return text;
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\0') {
      out += "\xEF\xBF\xBD";  // U+FFFD
      continue;
    }
    const bool escape_like =
        text.compare(i, 2, "_x") == 0 && i + 7 <= text.size() && text[i + 6] == '_' &&
        std::all_of(text.begin() + i + 2, text.begin() + i + 6, [](char c) {
          return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        });
    out += escape_like ? "_x005F_" : text.substr(i, 1);
  }
  return out;
}

double ColumnWidth(const Table& table, size_t column) {
  size_t width = TextWidth(table.columns[column]) + static_cast<size_t>(kFilterButton);
  for (const std::vector<Cell>& row : table.rows) {
    const Cell& cell = row[column];
    width = std::max(width, cell.kind == Cell::Kind::kText ? TextWidth(cell.text) : CellText(cell).size());
    if (width >= kMaxWidth) break;
  }
  return std::clamp(static_cast<double>(width) + 1, kMinWidth, kMaxWidth);
}

Status Check(const std::vector<Table>& tables) {
  if (tables.empty()) return Status::InvalidArgument("er is geen tabel om in het Excel-bestand te zetten");
  for (const Table& table : tables) {
    if (table.columns.empty())
      return Status::InvalidArgument("tabel '" + table.name + "' heeft geen kolommen");
    if (Status status = CheckShape(table); !status.ok()) return status;
    if (static_cast<int64_t>(table.rows.size()) >= excel::kMaxRows) {
      return Status::InvalidArgument("tabel '" + table.name + "' heeft " + std::to_string(table.rows.size()) +
                                     " rijen; een Excel-werkblad heeft plaats voor " +
                                     std::to_string(excel::kMaxRows - 1) + " onder de kopregel");
    }
    if (static_cast<int64_t>(table.columns.size()) > excel::kMaxColumns) {
      return Status::InvalidArgument(
          "tabel '" + table.name + "' heeft " + std::to_string(table.columns.size()) +
          " kolommen; een Excel-werkblad heeft er hoogstens " + std::to_string(excel::kMaxColumns));
    }
  }
  return Status::Ok();
}

class Writer {
 public:
  explicit Writer(lxw_workbook* workbook) : workbook_(workbook) {
    bold_ = workbook_add_format(workbook_);
    format_set_bold(bold_);
    date_ = workbook_add_format(workbook_);
    format_set_num_format(date_, kDateFormat);
    decimal_ = workbook_add_format(workbook_);
    format_set_num_format(decimal_, kDecimalFormat);
  }

  Status Add(const Table& table, size_t index) {
    lxw_worksheet* sheet = workbook_add_worksheet(workbook_, SheetName(table.name, index, &used_).c_str());
    if (sheet == nullptr) return Status::IOError("werkblad '" + table.name + "' kon niet worden aangemaakt");
    const auto last_column = static_cast<lxw_col_t>(table.columns.size() - 1);
    // Widths, frozen pane and filter first: in constant_memory mode rows are gone once written.
    for (size_t c = 0; c < table.columns.size(); ++c) {
      const auto col = static_cast<lxw_col_t>(c);
      if (lxw_error e = worksheet_set_column(sheet, col, col, ColumnWidth(table, c), nullptr))
        return Failed(e, table, 0, c);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    if (lxw_error e =
            worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(table.rows.size()), last_column)) {
      return Failed(e, table, 0, 0);
    }
    for (size_t c = 0; c < table.columns.size(); ++c) {
      if (lxw_error e = worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c),
                                               ExcelText(table.columns[c]).c_str(), bold_)) {
        return Failed(e, table, 0, c);
      }
    }
    for (size_t r = 0; r < table.rows.size(); ++r) {
      for (size_t c = 0; c < table.columns.size(); ++c) {
        if (lxw_error e = WriteCell(sheet, static_cast<lxw_row_t>(r + 1), static_cast<lxw_col_t>(c),
                                    table.rows[r][c])) {
          return Failed(e, table, r + 1, c);
        }
      }
    }
    return Status::Ok();
  }

 private:
  lxw_error WriteCell(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const Cell& cell) {
    switch (cell.kind) {
      case Cell::Kind::kText:
        if (cell.text.empty()) return LXW_NO_ERROR;
        return worksheet_write_string(sheet, row, col, ExcelText(cell.text).c_str(), nullptr);
      case Cell::Kind::kNumber:
        if (cell.number > kMaxExactNumber || cell.number < -kMaxExactNumber) {
          return worksheet_write_string(sheet, row, col, std::to_string(cell.number).c_str(), nullptr);
        }
        return worksheet_write_number(sheet, row, col, static_cast<double>(cell.number), nullptr);
      case Cell::Kind::kDecimal:
        // Excel has no NaN or infinity.
        if (!std::isfinite(cell.decimal))
          return worksheet_write_string(sheet, row, col, CellText(cell).c_str(), nullptr);
        return worksheet_write_number(sheet, row, col, cell.decimal, decimal_);
      case Cell::Kind::kDate:
        return worksheet_write_number(sheet, row, col, excel::SerialOfDay(cell.number), date_);
    }
    return LXW_NO_ERROR;
  }

  static Status Failed(lxw_error error, const Table& table, size_t row, size_t column) {
    const std::string where = "cel " +
                              excel::CellName(static_cast<int64_t>(row), static_cast<int64_t>(column)) +
                              " van tabel '" + table.name + "'";
    if (error == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED) {
      return Status::InvalidArgument(where + " heeft meer dan " + std::to_string(excel::kMaxTextLength) +
                                     " tekens, meer dan Excel in een cel toelaat");
    }
    return Status::IOError(where + " kon niet worden geschreven: " + lxw_strerror(error));
  }

  lxw_workbook* workbook_;
  lxw_format* bold_;
  lxw_format* date_;
  lxw_format* decimal_;
  std::set<std::string> used_;
};

}  // namespace

Status WriteXlsx(const std::vector<Table>& tables, const std::string& path) {
  if (Status status = Check(tables); !status.ok()) return status;
  size_t cells = 0;
  for (const Table& table : tables) cells += table.rows.size() * table.columns.size();
  return WriteFileAtomically(path, [&](const std::string& temp) {
    lxw_workbook_options options = {};
    options.constant_memory = cells > kConstantMemoryCells ? LXW_TRUE : LXW_FALSE;
    lxw_workbook* workbook = workbook_new_opt(temp.c_str(), &options);
    if (workbook == nullptr)
      return Status::IOError("kan het Excel-bestand " + path + " niet beginnen (geen geheugen?)");
    Status status;
    {
      Writer writer(workbook);
      for (size_t i = 0; i < tables.size() && status.ok(); ++i) status = writer.Add(tables[i], i);
    }
    // Always closed: it frees the workbook, and writes the file that is then thrown away on an error.
    const lxw_error closed = workbook_close(workbook);
    if (status.ok() && closed != LXW_NO_ERROR) {
      const std::string dir = fs::path(temp).parent_path().string();
      status = closed == LXW_ERROR_CREATING_XLSX_FILE
                   ? Status::IOError("kan " + path + " niet aanmaken: geen schrijfrechten in de map " + dir +
                                     ", of de schijf is vol")
                   : Status::IOError("het Excel-bestand " + path +
                                     " kon niet worden geschreven: " + lxw_strerror(closed));
    }
    return status;
  });
}

}  // namespace regiotafel::table
