// TextTable: rows of text cells, printed for people as an aligned table (column widths measured in
// terminal cells of UTF-8 text, so "Zoë" and "Ahmed" line up) or for Dutch Excel as CSV: ';'
// between fields, a header row, a field quoted ("…", quotes doubled) when it holds ';', '"', a line
// break or leading/trailing spaces.
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace regiotafel::organisation {

class TextTable {
 public:
  enum class Align { kLeft, kRight };

  // `header` heads the aligned table, `csv_header` the CSV.
  void AddColumn(std::string header, std::string csv_header, Align align = Align::kLeft);
  // One cell per column (missing cells print empty).
  void AddRow(std::vector<std::string> cells);

  size_t rows() const { return rows_.size(); }

  // Header, a rule of '-', the rows; two spaces between columns, no trailing spaces.
  void WriteAligned(std::ostream& out) const;
  // Header row and rows, ';'-separated, one line each ("\n").
  void WriteCsv(std::ostream& out) const;

 private:
  struct Column {
    std::string header;
    std::string csv_header;
    Align align;
  };
  std::vector<Column> columns_;
  std::vector<std::vector<std::string>> rows_;
};

// How many terminal cells `text` (UTF-8) takes: one per character, none for a combining mark, two
// for an East Asian wide character or an emoji. Bytes that are not UTF-8 count one each.
size_t DisplayWidth(std::string_view text);

// `text` as one CSV field (quoted when needed).
std::string CsvField(std::string_view text);

}  // namespace regiotafel::organisation
