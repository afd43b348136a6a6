#include "services/table/xlsx_reader.h"

#include <charconv>
#include <cmath>
#include <map>
#include <memory>
#include <pugixml.hpp>
#include <string_view>

#include "base/date.h"
#include "contract/identifiers.h"
#include "services/table/excel.h"
#include "services/table/number_format.h"
#include "services/table/zip_package.h"

namespace regiotafel::table {
namespace {

// Relationship types end in these names (transitional and strict OOXML differ in the prefix).
constexpr std::string_view kOfficeDocument = "/officeDocument";
constexpr std::string_view kWorksheet = "/worksheet";
constexpr std::string_view kSharedStrings = "/sharedStrings";
constexpr std::string_view kStyles = "/styles";

// Elements are matched on their local name: some writers put every element in a prefix ("x:row").
std::string_view LocalName(std::string_view name) {
  const size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

bool Is(const pugi::xml_node& node, std::string_view local_name) {
  return LocalName(node.name()) == local_name;
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local_name) {
  for (pugi::xml_node child : node.children()) {
    if (Is(child, local_name)) return child;
  }
  return {};
}

// An attribute by local name; `prefixed` asks for one in a namespace (r:id, not id).
pugi::xml_attribute Attribute(const pugi::xml_node& node, std::string_view local_name,
                              bool prefixed = false) {
  for (pugi::xml_attribute attribute : node.attributes()) {
    const std::string_view name = attribute.name();
    if (LocalName(name) == local_name && (name.find(':') != std::string_view::npos) == prefixed)
      return attribute;
  }
  return {};
}

// Excel writes a control character (not allowed in XML) as _xHHHH_, and a literal "_x" as _x005F_x.
std::string Unescape(std::string_view text) {
  if (text.find("_x") == std::string_view::npos) return std::string(text);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    unsigned code = 0;
    if (text.substr(i, 2) == "_x" && i + 7 <= text.size() && text[i + 6] == '_' &&
        std::from_chars(text.data() + i + 2, text.data() + i + 6, code, 16).ptr == text.data() + i + 6) {
      if (code < 0x80) {
        out += static_cast<char>(code);
      } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
      }
      i += 7;
    } else {
      out += text[i++];
    }
  }
  return out;
}

// The text of a shared or inline string: its <t>, or the <t> of each rich-text run (<r>). Phonetic
// guides (<rPh>) are not part of the text.
std::string StringText(const pugi::xml_node& item) {
  std::string text;
  for (pugi::xml_node child : item.children()) {
    if (Is(child, "t")) {
      text += child.text().get();
    } else if (Is(child, "r")) {
      text += Child(child, "t").text().get();
    }
  }
  return Unescape(text);
}

// The directory of a part ("xl/" of "xl/workbook.xml") and a relationship's target resolved against
// it ("worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml", "/xl/x.xml" → "xl/x.xml").
std::string Resolve(const std::string& part, std::string_view target) {
  std::string path;
  if (target.starts_with('/')) {
    target.remove_prefix(1);
  } else {
    path = part.substr(0, part.rfind('/') + 1);
  }
  for (size_t start = 0; start <= target.size();) {
    size_t end = target.find('/', start);
    if (end == std::string_view::npos) end = target.size();
    const std::string_view segment = target.substr(start, end - start);
    if (segment == "..") {
      if (!path.empty()) path.pop_back();
      path.resize(path.rfind('/') == std::string::npos ? 0 : path.rfind('/') + 1);
    } else if (!segment.empty() && segment != ".") {
      path += segment;
      if (end < target.size()) path += '/';
    }
    start = end + 1;
  }
  return path;
}

// "rels/…" of a part: its relationships' part, "xl/_rels/workbook.xml.rels" for "xl/workbook.xml".
std::string RelsOf(const std::string& part) {
  const size_t slash = part.rfind('/');
  const size_t name = slash == std::string::npos ? 0 : slash + 1;
  return part.substr(0, name) + "_rels/" + part.substr(name) + ".rels";
}

struct Relationship {
  std::string type;
  std::string target;  // resolved: a part's name in the zip
};

class Reader {
 public:
  explicit Reader(const ZipPackage& package) : package_(package) {}

  Status Read(std::vector<Table>* sheets) {
    std::string workbook_part = "xl/workbook.xml";
    if (package_.Has("_rels/.rels")) {
      std::map<std::string, Relationship> root;
      if (Status status = ReadRelationships("_rels/.rels", "", &root); !status.ok()) return status;
      for (const auto& [id, relationship] : root) {
        if (relationship.type.ends_with(kOfficeDocument)) workbook_part = relationship.target;
      }
    }
    if (!package_.Has(workbook_part)) {
      return Status::InvalidArgument(
          package_.path() + " is een zip-bestand, maar geen Excel-werkmap: " + workbook_part + " ontbreekt");
    }
    pugi::xml_document workbook;
    if (Status status = Parse(workbook_part, &workbook); !status.ok()) return status;
    std::map<std::string, Relationship> relationships;
    if (package_.Has(RelsOf(workbook_part))) {
      if (Status status = ReadRelationships(RelsOf(workbook_part), workbook_part, &relationships);
          !status.ok()) {
        return status;
      }
    }
    for (const auto& [id, relationship] : relationships) {
      Status status;
      if (relationship.type.ends_with(kSharedStrings)) status = ReadSharedStrings(relationship.target);
      if (relationship.type.ends_with(kStyles)) status = ReadStyles(relationship.target);
      if (!status.ok()) return status;
    }

    const pugi::xml_node root = workbook.document_element();
    const pugi::xml_attribute date1904 = Attribute(Child(root, "workbookPr"), "date1904");
    date1904_ = date1904 &&
                (std::string_view(date1904.value()) == "1" || std::string_view(date1904.value()) == "true");

    std::vector<Table> tables;
    std::string first_empty;  // Excel's own Blad2 and Blad3 are empty: left out, unless all are
    size_t sheet_count = 0;
    for (pugi::xml_node sheet : Child(root, "sheets").children()) {
      if (!Is(sheet, "sheet")) continue;
      ++sheet_count;
      Table table;
      table.name = sheet.attribute("name").value();
      const auto relationship = relationships.find(Attribute(sheet, "id", true).value());
      if (relationship == relationships.end() || !relationship->second.type.ends_with(kWorksheet)) {
        return Status::Corruption("werkblad '" + table.name + "' van " + package_.path() +
                                  " verwijst naar een onderdeel dat niet in de werkmap staat");
      }
      bool empty = false;
      if (Status status = ReadSheet(relationship->second.target, &table, &empty); !status.ok()) return status;
      if (!empty) {
        tables.push_back(std::move(table));
      } else if (first_empty.empty()) {
        first_empty = table.name;
      }
    }
    if (sheet_count == 0)
      return Status::InvalidArgument("de werkmap " + package_.path() + " heeft geen werkbladen");
    if (tables.empty()) {
      return Status::InvalidArgument("werkblad '" + first_empty + "' in " + package_.path() +
                                     " is leeg: er staat geen kopregel in" +
                                     (sheet_count > 1 ? " (en de andere werkbladen zijn ook leeg)" : ""));
    }
    *sheets = std::move(tables);
    return Status::Ok();
  }

 private:
  struct Reference {
    int64_t row = 0;
    int64_t column = 0;
  };

  Status Parse(const std::string& part, pugi::xml_document* document) {
    std::string bytes;
    if (Status status = package_.Read(part, &bytes); !status.ok()) return status;
    // Every text of the workbook comes out as UTF-8 (pugixml converts a UTF-16 part itself, and passes
    // bytes through unchecked otherwise): a part that says UTF-8 and is not stops here.
    const bool utf16 = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
    if (!utf16 && !contract::IsValidUtf8(bytes)) {
      return Status::Corruption("onderdeel " + part + " van " + package_.path() + " is geen geldige UTF-8");
    }
    // ws_pcdata_single keeps a text of only spaces (<t xml:space="preserve">  </t>).
    const pugi::xml_parse_result result =
        document->load_buffer(bytes.data(), bytes.size(), pugi::parse_default | pugi::parse_ws_pcdata_single);
    if (!result) {
      return Status::Corruption("onderdeel " + part + " van " + package_.path() + " is geen geldige XML: " +
                                result.description() + " (bij byte " + std::to_string(result.offset) + ")");
    }
    return Status::Ok();
  }

  Status ReadRelationships(const std::string& part, const std::string& source,
                           std::map<std::string, Relationship>* relationships) {
    pugi::xml_document document;
    if (Status status = Parse(part, &document); !status.ok()) return status;
    for (pugi::xml_node relationship : document.document_element().children()) {
      if (!Is(relationship, "Relationship")) continue;
      if (std::string_view(relationship.attribute("TargetMode").value()) == "External") continue;
      (*relationships)[relationship.attribute("Id").value()] = Relationship{
          relationship.attribute("Type").value(), Resolve(source, relationship.attribute("Target").value())};
    }
    return Status::Ok();
  }

  Status ReadSharedStrings(const std::string& part) {
    pugi::xml_document document;
    if (Status status = Parse(part, &document); !status.ok()) return status;
    for (pugi::xml_node item : document.document_element().children()) {
      if (Is(item, "si")) shared_strings_.push_back(StringText(item));
    }
    return Status::Ok();
  }

  // Per cell style (cellXfs, by index) what its number format makes of a number.
  Status ReadStyles(const std::string& part) {
    pugi::xml_document document;
    if (Status status = Parse(part, &document); !status.ok()) return status;
    const pugi::xml_node root = document.document_element();
    std::map<int, std::string> codes;
    for (pugi::xml_node format : Child(root, "numFmts").children()) {
      if (Is(format, "numFmt"))
        codes[format.attribute("numFmtId").as_int()] = format.attribute("formatCode").value();
    }
    for (pugi::xml_node xf : Child(root, "cellXfs").children()) {
      if (!Is(xf, "xf")) continue;
      const int id = xf.attribute("numFmtId").as_int();
      const auto code = codes.find(id);
      style_kinds_.push_back(KindOfFormat(id, code == codes.end() ? std::string_view() : code->second));
    }
    return Status::Ok();
  }

  // "B12" → row 11, column 1. False for anything else, or a cell outside Excel's grid.
  static bool ParseReference(std::string_view text, Reference* reference) {
    size_t i = 0;
    int64_t column = 0;
    for (; i < text.size() && text[i] >= 'A' && text[i] <= 'Z' && column <= excel::kMaxColumns; ++i) {
      column = column * 26 + (text[i] - 'A' + 1);
    }
    int64_t row = 0;
    const auto [end, ec] = std::from_chars(text.data() + i, text.data() + text.size(), row);
    if (i == 0 || ec != std::errc() || end != text.data() + text.size()) return false;
    if (column > excel::kMaxColumns || row < 1 || row > excel::kMaxRows) return false;
    *reference = Reference{row - 1, column - 1};
    return true;
  }

  Status CellError(const Table& table, const Reference& at, const std::string& what) const {
    return Status::Corruption("cel " + excel::CellName(at.row, at.column) + " van werkblad '" + table.name +
                              "' in " + package_.path() + ": " + what);
  }

  // The value of <c>, or false in *has_value for a cell without one (only a style).
  Status CellValue(const pugi::xml_node& c, const Table& table, const Reference& at, Cell* cell,
                   bool* has_value) {
    const std::string_view type = c.attribute("t").value();
    const pugi::xml_node v = Child(c, "v");
    *has_value = true;
    if (type == "inlineStr") {
      *cell = Cell::Text(StringText(Child(c, "is")));
      return Status::Ok();
    }
    if (!v) {
      *has_value = false;
      return Status::Ok();
    }
    const std::string_view value = v.text().get();
    if (type == "s") {
      size_t index = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), index);
      if (ec != std::errc() || end != value.data() + value.size() || index >= shared_strings_.size()) {
        return CellError(table, at,
                         "verwijst naar gedeelde tekst " + std::string(value) + ", die er niet is");
      }
      *cell = Cell::Text(shared_strings_[index]);
    } else if (type == "str" || type == "e") {
      *cell = Cell::Text(Unescape(value));
    } else if (type == "b") {
      *cell = Cell::Text(value == "1" ? "ja" : "nee");
    } else if (type == "d") {
      const std::optional<int32_t> day = ParseDate(value.substr(0, 10));
      *cell = day ? Cell::Date(*day) : Cell::Text(std::string(value));
    } else if (type.empty() || type == "n") {
      double number = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
      if (ec != std::errc() || end != value.data() + value.size() || !std::isfinite(number)) {
        return CellError(table, at, "'" + std::string(value) + "' is geen getal");
      }
      const size_t style = c.attribute("s").as_uint();
      *cell = NumberCell(number, style < style_kinds_.size() ? style_kinds_[style] : NumberKind::kGeneral);
    } else {
      return CellError(table, at, "onbekend celtype '" + std::string(type) + "'");
    }
    return Status::Ok();
  }

  Cell NumberCell(double number, NumberKind kind) const {
    // Up to 9999-12-31, the last day Excel shows.
    if (kind == NumberKind::kDate && number >= 0 && number < 2958466) {
      return Cell::Date(
          static_cast<int32_t>(excel::DayOfSerial(static_cast<int64_t>(std::floor(number)), date1904_)));
    }
    if (kind == NumberKind::kGeneral && number == std::floor(number) &&
        std::fabs(number) <= 9007199254740992.0) {
      return Cell::Number(static_cast<int64_t>(number));
    }
    return Cell::Decimal(number);
  }

  // `empty`: the sheet holds no value at all (then `table` has no columns).
  Status ReadSheet(const std::string& part, Table* table, bool* empty) {
    pugi::xml_document document;
    if (Status status = Parse(part, &document); !status.ok()) return status;
    std::vector<std::vector<Cell>> rows;  // row 0 is the header
    size_t width = 0;
    int64_t next_row = 0;
    for (pugi::xml_node row : Child(document.document_element(), "sheetData").children()) {
      if (!Is(row, "row")) continue;
      Reference at{next_row, 0};
      if (pugi::xml_attribute r = row.attribute("r")) {
        at.row = r.as_llong() - 1;
        if (at.row < 0 || at.row >= excel::kMaxRows) {
          return Status::Corruption("werkblad '" + table->name + "' in " + package_.path() +
                                    " heeft een rij " + r.value() + " buiten het werkblad");
        }
      }
      next_row = at.row + 1;
      for (pugi::xml_node c : row.children()) {
        if (!Is(c, "c")) continue;
        if (pugi::xml_attribute r = c.attribute("r"); r && !ParseReference(r.value(), &at)) {
          return Status::Corruption("werkblad '" + table->name + "' in " + package_.path() +
                                    " heeft een cel '" + r.value() + "' die geen celnaam is");
        }
        Cell cell;
        bool has_value = false;
        if (Status status = CellValue(c, *table, at, &cell, &has_value); !status.ok()) return status;
        if (has_value) {
          if (rows.size() <= static_cast<size_t>(at.row)) rows.resize(at.row + 1);
          std::vector<Cell>& cells = rows[at.row];
          if (cells.size() <= static_cast<size_t>(at.column)) cells.resize(at.column + 1);
          cells[at.column] = std::move(cell);
          width = std::max(width, cells.size());
        }
        ++at.column;
      }
    }
    *empty = rows.empty();
    if (*empty) return Status::Ok();
    for (std::vector<Cell>& cells : rows) cells.resize(width);
    for (const Cell& header : rows.front()) table->columns.push_back(CellText(header));
    table->rows.assign(std::make_move_iterator(rows.begin() + 1), std::make_move_iterator(rows.end()));
    return Status::Ok();
  }

  const ZipPackage& package_;
  std::vector<std::string> shared_strings_;
  std::vector<NumberKind> style_kinds_;
  bool date1904_ = false;
};

}  // namespace

Status ReadXlsx(const std::string& path, std::vector<Table>* sheets) {
  std::unique_ptr<ZipPackage> package;
  if (Status status = ZipPackage::Open(path, &package); !status.ok()) return status;
  return Reader(*package).Read(sheets);
}

}  // namespace regiotafel::table
