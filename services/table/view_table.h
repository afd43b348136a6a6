// A view (views.proto) as tables, by protobuf reflection, so that a view added later needs no code.
//
// Which fields are rows: each repeated message field of the view, in field order, is one table of one
// row per element, named after the view ("TaakstellingView" → "Taakstelling"; a view with several
// such fields gets "<view> - <field header>" per table). The view's own scalar fields (`volgende`, a
// page token) are not data and are left out. A message without a repeated message field is a table
// of one row: itself.
//
// Columns are the row message's fields in field order, headed in Dutch (naming.h): a nested message
// is flattened (its fields prefixed with its name), repeated scalars are joined with ", ", an enum is
// its value as a word, a bool "ja"/"nee", a string field named as a date (datum, …datum, datum_…,
// monitoring_tot) holding YYYY-MM-DD a date, "" staying empty text.
//
// A repeated message inside a row (Begeleiding.fasen) is in the row as one text column that lists
// its elements ("12-03-2026 pre vestiging, 01-05-2026 coaching vestiging"), and, for filtering in
// Excel, in a detail table "<table> - <field header>": one row per element, led by the row's first
// field (its key, e.g. v_nummer).
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>
#include <vector>

#include "services/table/table.h"

namespace regiotafel::table {

// Which columns a main table has. kAll: every field, for CSV and .xlsx, where a person filters and
// sorts. kShort: for a terminal, where a row of a dossier's nineteen fields would not fit on a line:
// a row kind with a short list (kKorteKolommen in view_table.cc) shows only those fields, in that
// list's order (a dossier: V-nummer, naam, gemeente, fase, huishouden, koppeldatum, woning-ID,
// woongemeente, signalen); other rows and detail tables keep every field.
enum class Columns { kAll, kShort };

// The main tables first, each followed by its detail tables.
std::vector<Table> TablesOfView(const google::protobuf::Message& view, Columns columns = Columns::kAll);

// The first of TablesOfView: the view's main table.
Table TableOfView(const google::protobuf::Message& view, Columns columns = Columns::kAll);

// The set fields of a message that is not a row (an event's payload in a dossier's history) as the
// text of one cell: "name=value, …" in field order under the proto field names, each value as its
// cell in a view table reads (dates dd-mm-jjjj, enums as words, ja/nee), a repeated field's values
// joined with ", ", a nested message in parentheses: "ingangsdatum=15-02-2026, woning_id=DRD-12". The
// field named `except` is left out (a column beside the cell shows it already).
std::string FieldsText(const google::protobuf::Message& message, std::string_view except = {});

}  // namespace regiotafel::table
