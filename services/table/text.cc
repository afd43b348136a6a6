#include "services/table/text.h"

#include <algorithm>
#include <ostream>
#include <string>

namespace regiotafel::table {
namespace {

bool IsNumber(const Cell& cell) {
  return cell.kind == Cell::Kind::kNumber || cell.kind == Cell::Kind::kDecimal;
}

bool IsEmpty(const Cell& cell) { return cell.kind == Cell::Kind::kText && cell.text.empty(); }

// Marks drawn on the character before them (and the zero-width joiner, space and variation selectors).
bool Combining(char32_t c) {
  return (c >= 0x0300 && c <= 0x036F) || (c >= 0x1AB0 && c <= 0x1AFF) || (c >= 0x1DC0 && c <= 0x1DFF) ||
         (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE20 && c <= 0xFE2F) || c == 0x200B || c == 0x200D ||
         (c >= 0xFE00 && c <= 0xFE0F);
}

// East Asian wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms) and the emoji blocks:
// a terminal gives each two cells.
bool Wide(char32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
         (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD);
}

// The character that starts at byte `i` of `text` into `*c`; its length in bytes, or 0 when the byte
// there does not start a UTF-8 sequence that the text holds whole.
size_t DecodeAt(std::string_view text, size_t i, char32_t* c) {
  const auto b = static_cast<unsigned char>(text[i]);
  const size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (length == 0 || i + length > text.size()) return 0;
  *c = length == 1 ? b : b & (0xFF >> (length + 1));
  for (size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    *c = (*c << 6) | (next & 0x3F);
  }
  return length;
}

bool PrintableAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

size_t TextWidth(std::string_view text) {
  size_t width = 0;
  for (size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const size_t length = DecodeAt(text, i, &c);
    if (length == 0) {
      ++width;  // not UTF-8: one cell per byte
      ++i;
      continue;
    }
    width += Combining(c) ? 0 : Wide(c) ? 2 : 1;
    i += length;
  }
  return width;
}

std::string TerminalText(std::string_view text) {
  if (PrintableAscii(text)) return std::string(text);  // nearly every cell
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t c = 0;
    const size_t length = DecodeAt(text, i, &c);
    if (length == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (c < 0x20 || c == 0x7F) {
      // The control picture U+2400 + c (U+2421 for DEL), in UTF-8: E2 90 80+c.
      const char32_t picture = c == 0x7F ? 0x2421 : 0x2400 + c;
      out += static_cast<char>(0xE0 | (picture >> 12));
      out += static_cast<char>(0x80 | ((picture >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (picture & 0x3F));
    } else if (c >= 0x80 && c <= 0x9F) {
      out += kReplacement;
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

Status WriteText(const Table& table, std::ostream& out) {
  if (Status status = CheckShape(table); !status.ok()) return status;
  const size_t n = table.columns.size();
  std::vector<std::vector<std::string>> lines;
  lines.reserve(table.rows.size() + 2);
  std::vector<std::string>& header = lines.emplace_back();
  for (const std::string& column : table.columns) header.push_back(TerminalText(column));
  lines.emplace_back(n);  // the rule, filled in below
  std::vector<size_t> widths(n);
  std::vector<bool> right(n);
  for (size_t i = 0; i < n; ++i) {
    widths[i] = TextWidth(lines[0][i]);
    bool numbers = false, others = false;
    for (const std::vector<Cell>& row : table.rows) {
      numbers |= IsNumber(row[i]);
      others |= !IsNumber(row[i]) && !IsEmpty(row[i]);
    }
    right[i] = numbers && !others;
  }
  for (const std::vector<Cell>& row : table.rows) {
    std::vector<std::string>& line = lines.emplace_back();
    for (size_t i = 0; i < n; ++i) {
      line.push_back(TerminalText(CellText(row[i])));
      widths[i] = std::max(widths[i], TextWidth(line.back()));
    }
  }
  for (size_t i = 0; i < n; ++i) lines[1][i] = std::string(widths[i], '-');

  for (const std::vector<std::string>& line : lines) {
    // Trailing empty left-aligned cells would only add spaces at the end of the line.
    size_t last = n;
    while (last > 0 && line[last - 1].empty()) --last;
    std::string text;
    for (size_t i = 0; i < last; ++i) {
      const std::string gap(widths[i] - TextWidth(line[i]), ' ');
      if (i > 0) text += "  ";
      if (right[i]) text += gap;
      text += line[i];
      if (!right[i] && i + 1 < last) text += gap;
    }
    out << text << '\n';
  }
  out.flush();
  if (!out) return Status::IOError("de tabel '" + table.name + "' kon niet worden geschreven");
  return Status::Ok();
}

Status WriteForm(const Table& table, std::ostream& out) {
  if (Status status = CheckShape(table); !status.ok()) return status;
  std::vector<std::string> headers;
  size_t width = 0;
  for (const std::string& column : table.columns) {
    headers.push_back(TerminalText(column));
    width = std::max(width, TextWidth(headers.back()));
  }
  for (size_t r = 0; r < table.rows.size(); ++r) {
    if (r > 0) out << '\n';
    for (size_t i = 0; i < headers.size(); ++i) {
      const std::string value = TerminalText(CellText(table.rows[r][i]));
      out << headers[i];
      if (!value.empty()) out << std::string(width - TextWidth(headers[i]) + 2, ' ') << value;
      out << '\n';
    }
  }
  out.flush();
  if (!out) return Status::IOError("de tabel '" + table.name + "' kon niet worden geschreven");
  return Status::Ok();
}

Status WriteText(const std::vector<Table>& tables, std::ostream& out) {
  for (size_t i = 0; i < tables.size(); ++i) {
    if (i > 0) out << '\n';
    out << TerminalText(tables[i].name) << "\n\n";
    if (Status status = WriteText(tables[i], out); !status.ok()) return status;
  }
  return Status::Ok();
}

}  // namespace regiotafel::table
