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

#include <vector>

#include "services/table/table.h"

namespace regiotafel::table {

// The main tables first, each followed by its detail tables.
std::vector<Table> TablesOfView(const google::protobuf::Message& view);

// The first of TablesOfView: the view's main table.
Table TableOfView(const google::protobuf::Message& view);

}  // namespace regiotafel::table
