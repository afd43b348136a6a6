#include "services/organisation/text_table.h"

#include <algorithm>
#include <ostream>

namespace regiotafel::organisation {
namespace {

bool Combining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D ||
         (c >= 0xFE00 && c <= 0xFE0F);
}

bool Wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

void Pad(std::ostream& out, size_t n) {
  for (size_t i = 0; i < n; ++i) out << ' ';
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      ++width;  // not UTF-8: one cell per byte
      ++i;
      continue;
    }
    char32_t c = length == 1 ? b : b & (0xFF >> (length + 1));
    bool valid = true;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      c = (c << 6) | (next & 0x3F);
    }
    if (!valid) {
      ++width;
      ++i;
      continue;
    }
    width += Combining(c) ? 0 : Wide(c) ? 2 : 1;
    i += length;
  }
  return width;
}

std::string CsvField(std::string_view text) {
  const bool quote = text.find_first_of(";\"\n\r") != std::string_view::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void TextTable::AddColumn(std::string header, std::string csv_header, Align align) {
  columns_.push_back(Column{std::move(header), std::move(csv_header), align});
}

void TextTable::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  rows_.push_back(std::move(cells));
}

void TextTable::WriteAligned(std::ostream& out) const {
  std::vector<size_t> widths;
  for (const Column& column : columns_) widths.push_back(DisplayWidth(column.header));
  for (const auto& row : rows_) {
    for (size_t i = 0; i < columns_.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  }
  const auto line = [&](const std::vector<std::string>& cells) {
    // Trailing empty left-aligned cells would only add spaces at the end of the line.
    size_t last = cells.size();
    while (last > 0 && cells[last - 1].empty()) --last;
    for (size_t i = 0; i < last; ++i) {
      const size_t gap = widths[i] - DisplayWidth(cells[i]);
      if (i > 0) out << "  ";
      if (columns_[i].align == Align::kRight) Pad(out, gap);
      out << cells[i];
      if (columns_[i].align == Align::kLeft && i + 1 < last) Pad(out, gap);
    }
    out << "\n";
  };
  std::vector<std::string> header, rule;
  for (size_t i = 0; i < columns_.size(); ++i) {
    header.push_back(columns_[i].header);
    rule.push_back(std::string(widths[i], '-'));
  }
  line(header);
  line(rule);
  for (const auto& row : rows_) line(row);
}

void TextTable::WriteCsv(std::ostream& out) const {
  for (size_t i = 0; i < columns_.size(); ++i) out << (i == 0 ? "" : ";") << CsvField(columns_[i].csv_header);
  out << "\n";
  for (const auto& row : rows_) {
    for (size_t i = 0; i < row.size(); ++i) out << (i == 0 ? "" : ";") << CsvField(row[i]);
    out << "\n";
  }
}

}  // namespace regiotafel::organisation
