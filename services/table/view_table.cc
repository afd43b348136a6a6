#include "services/table/view_table.h"

#include <google/protobuf/descriptor.h>

#include <array>
#include <string>
#include <string_view>
#include <utility>

#include "base/date.h"
#include "services/table/naming.h"

namespace regiotafel::table {
namespace {

namespace pb = google::protobuf;

// Deeper nesting is not flattened further (and a recursive message type ends here).
constexpr int kMaxDepth = 4;

// String fields that hold a date though their name does not say "datum".
constexpr std::array<std::string_view, 2> kDateFields = {"monitoring_tot", "beschikbaar_per"};

// Columns::kShort: per row message, the fields a person reads first on a terminal, in reading order.
// Only rows too wide for a line are listed.
constexpr std::array<std::pair<std::string_view, std::array<std::string_view, 9>>, 1> kKorteKolommen = {{
    {"regiotafel.v1.Dossier",
     {"v_nummer", "naam", "gemeente", "fase", "huishouden", "koppeldatum", "woning_id", "woongemeente",
      "signalen"}},
}};

// One column: the fields from the row message down to the value.
struct Column {
  std::vector<const pb::FieldDescriptor*> path;
  std::string header;
};

bool IsDateField(const pb::FieldDescriptor& field) {
  if (field.cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) return false;
  const std::string_view name = field.name();
  if (name.ends_with("datum") || name.starts_with("datum_")) return true;
  for (std::string_view date_field : kDateFields) {
    if (name == date_field) return true;
  }
  return false;
}

bool IsRepeatedMessage(const pb::FieldDescriptor& field) {
  return field.is_repeated() && field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
}

void AddColumns(const pb::Descriptor& row, std::vector<const pb::FieldDescriptor*> path,
                const std::string& prefix, int depth, std::vector<Column>* columns) {
  for (int i = 0; i < row.field_count(); ++i) {
    const pb::FieldDescriptor* field = row.field(i);
    std::vector<const pb::FieldDescriptor*> field_path = path;
    field_path.push_back(field);
    const std::string name = prefix + std::string(field->name());
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && !field->is_repeated()) {
      if (depth + 1 < kMaxDepth)
        AddColumns(*field->message_type(), field_path, name + "_", depth + 1, columns);
      continue;
    }
    columns->push_back(Column{std::move(field_path), DutchHeader(name)});
  }
}

std::vector<Column> ColumnsOf(const pb::Descriptor& row) {
  std::vector<Column> columns;
  AddColumns(row, {}, "", 0, &columns);
  return columns;
}

// The columns of `row` that Columns::kShort shows (a flattened nested field by its outer field).
std::vector<Column> KortOf(const pb::Descriptor& row, const std::vector<Column>& columns) {
  for (const auto& [message, fields] : kKorteKolommen) {
    if (row.full_name() != message) continue;
    std::vector<Column> kort;
    for (std::string_view field : fields) {
      for (const Column& column : columns) {
        if (column.path.front()->name() == field) kort.push_back(column);
      }
    }
    return kort;
  }
  return columns;
}

std::string BytesText(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (unsigned char b : bytes) {
    text += kHex[b >> 4];
    text += kHex[b & 0xF];
  }
  return text;
}

Cell RowsText(const pb::Message& message, const pb::FieldDescriptor& field);

// One value of a scalar field: the field's element `index` when it is repeated.
Cell ScalarCell(const pb::Message& message, const pb::FieldDescriptor& field, int index) {
  const pb::Reflection& r = *message.GetReflection();
  const bool rep = field.is_repeated();
  switch (field.cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return Cell::Number(rep ? r.GetRepeatedInt32(message, &field, index) : r.GetInt32(message, &field));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return Cell::Number(rep ? r.GetRepeatedInt64(message, &field, index) : r.GetInt64(message, &field));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return Cell::Number(rep ? r.GetRepeatedUInt32(message, &field, index) : r.GetUInt32(message, &field));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return Cell::Number(static_cast<int64_t>(rep ? r.GetRepeatedUInt64(message, &field, index)
                                                   : r.GetUInt64(message, &field)));
    case pb::FieldDescriptor::CPPTYPE_DOUBLE:
      return Cell::Decimal(rep ? r.GetRepeatedDouble(message, &field, index) : r.GetDouble(message, &field));
    case pb::FieldDescriptor::CPPTYPE_FLOAT:
      return Cell::Decimal(rep ? r.GetRepeatedFloat(message, &field, index) : r.GetFloat(message, &field));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return Cell::Text(
          (rep ? r.GetRepeatedBool(message, &field, index) : r.GetBool(message, &field)) ? "ja" : "nee");
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const int number =
          rep ? r.GetRepeatedEnumValue(message, &field, index) : r.GetEnumValue(message, &field);
      const pb::EnumValueDescriptor* value = field.enum_type()->FindValueByNumber(number);
      if (value == nullptr) return Cell::Text(std::to_string(number));  // a value newer than this program
      return Cell::Text(EnumText(field.enum_type()->name(), value->name()));
    }
    case pb::FieldDescriptor::CPPTYPE_STRING: {
      std::string text = rep ? r.GetRepeatedString(message, &field, index) : r.GetString(message, &field);
      if (field.type() == pb::FieldDescriptor::TYPE_BYTES) return Cell::Text(BytesText(text));
      if (IsDateField(field)) {
        if (const std::optional<int32_t> day = ParseDate(text)) return Cell::Date(*day);
      }
      return Cell::Text(std::move(text));
    }
    case pb::FieldDescriptor::CPPTYPE_MESSAGE:
      break;
  }
  return Cell::Text("");
}

// A repeated field in one cell: the elements' texts joined with ", ".
Cell JoinedCell(const pb::Message& message, const pb::FieldDescriptor& field) {
  if (field.cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) return RowsText(message, field);
  std::string text;
  const int n = message.GetReflection()->FieldSize(message, &field);
  for (int i = 0; i < n; ++i) {
    if (i > 0) text += ", ";
    text += CellText(ScalarCell(message, field, i));
  }
  return Cell::Text(std::move(text));
}

Cell ColumnCell(const pb::Message& row, const Column& column) {
  const pb::Message* message = &row;
  for (size_t i = 0; i + 1 < column.path.size(); ++i) {
    message = &message->GetReflection()->GetMessage(*message, column.path[i]);
  }
  const pb::FieldDescriptor& field = *column.path.back();
  return field.is_repeated() ? JoinedCell(*message, field) : ScalarCell(*message, field, -1);
}

std::vector<Cell> RowOf(const pb::Message& row, const std::vector<Column>& columns) {
  std::vector<Cell> cells;
  cells.reserve(columns.size());
  for (const Column& column : columns) cells.push_back(ColumnCell(row, column));
  return cells;
}

// Elements of a repeated message field in one text: each element's non-empty cells joined with a
// space, the elements with ", ".
Cell RowsText(const pb::Message& message, const pb::FieldDescriptor& field) {
  const std::vector<Column> columns = ColumnsOf(*field.message_type());
  const pb::Reflection& r = *message.GetReflection();
  std::string text;
  for (int i = 0; i < r.FieldSize(message, &field); ++i) {
    if (i > 0) text += ", ";
    std::string element;
    for (const Cell& cell : RowOf(r.GetRepeatedMessage(message, &field, i), columns)) {
      const std::string cell_text = CellText(cell);
      if (cell_text.empty()) continue;
      if (!element.empty()) element += ' ';
      element += cell_text;
    }
    text += element;
  }
  return Cell::Text(std::move(text));
}

std::vector<std::string> HeadersOf(const std::vector<Column>& columns) {
  std::vector<std::string> headers;
  for (const Column& column : columns) headers.push_back(column.header);
  return headers;
}

// The rows of `rows` (a repeated message field of `view`, or null for `view` itself), followed by a
// detail table per repeated message field of the row.
void AddTables(const pb::Message& view, const pb::FieldDescriptor* rows, const pb::Descriptor& row,
               std::string naam, Columns which, std::vector<Table>* tables) {
  std::vector<const pb::Message*> messages;
  if (rows == nullptr) {
    messages.push_back(&view);
  } else {
    const pb::Reflection& r = *view.GetReflection();
    for (int i = 0; i < r.FieldSize(view, rows); ++i)
      messages.push_back(&r.GetRepeatedMessage(view, rows, i));
  }
  const std::vector<Column> columns = which == Columns::kShort ? KortOf(row, ColumnsOf(row)) : ColumnsOf(row);
  Table& table = tables->emplace_back();
  table.name = naam;
  table.columns = HeadersOf(columns);
  table.rows.reserve(messages.size());
  for (const pb::Message* message : messages) table.rows.push_back(RowOf(*message, columns));

  // The key that leads each detail row: the row's first field, when it is a plain value.
  const pb::FieldDescriptor* key = row.field_count() > 0 ? row.field(0) : nullptr;
  if (key != nullptr && (key->is_repeated() || key->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE)) {
    key = nullptr;
  }
  for (int i = 0; i < row.field_count(); ++i) {
    const pb::FieldDescriptor& field = *row.field(i);
    if (!IsRepeatedMessage(field)) continue;
    const std::vector<Column> detail_columns = ColumnsOf(*field.message_type());
    Table detail;
    detail.name = naam + " - " + DutchHeader(field.name());
    if (key != nullptr) detail.columns.push_back(DutchHeader(key->name()));
    for (std::string& header : HeadersOf(detail_columns)) detail.columns.push_back(std::move(header));
    for (const pb::Message* message : messages) {
      const pb::Reflection& r = *message->GetReflection();
      for (int k = 0; k < r.FieldSize(*message, &field); ++k) {
        std::vector<Cell> cells;
        if (key != nullptr) cells.push_back(ScalarCell(*message, *key, -1));
        for (Cell& cell : RowOf(r.GetRepeatedMessage(*message, &field, k), detail_columns)) {
          cells.push_back(std::move(cell));
        }
        detail.rows.push_back(std::move(cells));
      }
    }
    tables->push_back(std::move(detail));
  }
}

}  // namespace

std::vector<Table> TablesOfView(const pb::Message& view, Columns columns) {
  const pb::Descriptor& descriptor = *view.GetDescriptor();
  std::string naam(descriptor.name());
  if (naam.size() > 4 && naam.ends_with("View")) naam.resize(naam.size() - 4);

  std::vector<const pb::FieldDescriptor*> row_fields;
  for (int i = 0; i < descriptor.field_count(); ++i) {
    if (IsRepeatedMessage(*descriptor.field(i))) row_fields.push_back(descriptor.field(i));
  }
  std::vector<Table> tables;
  if (row_fields.empty()) {
    AddTables(view, nullptr, descriptor, naam, columns, &tables);
    return tables;
  }
  for (const pb::FieldDescriptor* field : row_fields) {
    AddTables(view, field, *field->message_type(),
              row_fields.size() == 1 ? naam : naam + " - " + DutchHeader(field->name()), columns, &tables);
  }
  return tables;
}

Table TableOfView(const pb::Message& view, Columns columns) {
  return std::move(TablesOfView(view, columns).front());
}

std::string FieldsText(const pb::Message& message, std::string_view except) {
  const pb::Reflection& r = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  r.ListFields(message, &fields);  // the set ones, in field order
  std::string text;
  for (const pb::FieldDescriptor* field : fields) {
    if (field->name() == except) continue;
    std::string value;
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      value = CellText(field->is_repeated() ? JoinedCell(message, *field) : ScalarCell(message, *field, -1));
    } else {
      // Appended piece by piece: GCC 12 at -O3 takes `"(" + text + ")"` here for an overlapping
      // memcpy (a false -Wrestrict) and would stop the Release build of bench/run.
      const int n = field->is_repeated() ? r.FieldSize(message, field) : 1;
      for (int i = 0; i < n; ++i) {
        value += i == 0 ? "(" : ", (";
        value += FieldsText(field->is_repeated() ? r.GetRepeatedMessage(message, field, i)
                                                 : r.GetMessage(message, field));
        value += ")";
      }
    }
    if (!text.empty()) text += ", ";
    text += std::string(field->name()) + "=" + value;
  }
  return text;
}

}  // namespace regiotafel::table
