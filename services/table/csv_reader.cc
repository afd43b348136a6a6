#include "services/table/csv_reader.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "contract/identifiers.h"

namespace regiotafel::table {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Windows-1252's 0x80–0x9F as Unicode (0: undefined there); 0xA0–0xFF are Latin-1, U+00A0–U+00FF.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void AppendUtf8(char32_t c, std::string* out) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Windows-1252 bytes as UTF-8; false at a byte that encoding leaves undefined.
bool FromCp1252(std::string_view bytes, std::string* out, size_t* bad_offset) {
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 8);
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    char32_t c = b;
    if (b >= 0x80 && b < 0xA0) {
      c = kCp1252High[b - 0x80];
      if (c == 0) {
        *bad_offset = i;
        return false;
      }
    }
    AppendUtf8(c, out);
  }
  return true;
}

// The separator the header line (the first that is not empty) uses: ';' or ',', counted outside
// quotes; ';' when neither or both as often (Dutch Excel's own).
char SeparatorOf(std::string_view text) {
  size_t semicolons = 0, commas = 0;
  bool quoted = false;
  text.remove_prefix(std::min(text.size(), text.find_first_not_of("\r\n")));
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) break;
    if (!quoted && c == ';') ++semicolons;
    if (!quoted && c == ',') ++commas;
  }
  return commas > semicolons ? ',' : ';';
}

}  // namespace

Status ReadCsv(std::string_view bytes, CsvFile* out) {
  *out = CsvFile{};
  if (bytes.starts_with("PK\x03\x04")) {
    return Status::InvalidArgument("dit is een werkmap (.xlsx) of een ander zip-bestand, geen CSV");
  }
  if (bytes.find('\0') != std::string_view::npos) {
    return Status::InvalidArgument("dit is geen tekstbestand: er staan nul-bytes in");
  }
  std::string text;
  if (bytes.starts_with(kBom)) bytes.remove_prefix(kBom.size());
  if (contract::IsValidUtf8(bytes)) {
    out->encoding = "UTF-8";
    text = std::string(bytes);
  } else {
    size_t bad = 0;
    if (!FromCp1252(bytes, &text, &bad)) {
      return Status::InvalidArgument("de tekst is geen UTF-8 en geen Windows-1252 (byte " +
                                     std::to_string(bad + 1) + " bestaat in geen van beide)");
    }
    out->encoding = "Windows-1252";
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidArgument("het bestand is leeg");
  out->separator = SeparatorOf(text);

  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  size_t line = 1, quote_line = 0, row_line = 1;
  auto end_row = [&] {
    row.push_back(std::move(field));
    field.clear();
    const bool empty = row.size() == 1 && row[0].empty() && !any;
    if (!empty) {
      out->rows.push_back(std::move(row));
      out->lines.push_back(row_line);
    }
    row.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
      quote_line = line;
    } else if (c == out->separator) {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      end_row();
      row_line = ++line;
    } else {
      field.push_back(c);
    }
  }
  if (quoted) {
    return Status::InvalidArgument("een aanhalingsteken op regel " + std::to_string(quote_line) +
                                   " wordt nooit gesloten");
  }
  if (!field.empty() || !row.empty()) end_row();
  return Status::Ok();
}

}  // namespace regiotafel::table
