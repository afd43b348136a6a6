// A table for a terminal: aligned columns, numbers right-aligned; or one record as a form. Whatever
// the data holds, one cell stays one line: its control characters are shown, not obeyed (TerminalText).
#pragma once

#include <iosfwd>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "services/table/table.h"

namespace regiotafel::table {

// The header, a rule of '-', the rows (cells as CellText, through TerminalText); two spaces between
// columns, no trailing spaces. A column whose filled cells are all numbers is right-aligned, its header too.
// InvalidArgument for a row of the wrong width, IOError when the stream fails.
Status WriteText(const Table& table, std::ostream& out);

// Each table under its name, a blank line between them.
Status WriteText(const std::vector<Table>& tables, std::ostream& out);

// A table as a form, for a record read field by field (a dossier's fields): per row, each column's
// header and, after the widest header and two spaces, the cell as CellText (through TerminalText);
// no header row, no rule,
// no trailing spaces, a blank line between rows. InvalidArgument for a row of the wrong width,
// IOError when the stream fails.
Status WriteForm(const Table& table, std::ostream& out);

// How many terminal cells UTF-8 text takes: one per character ("Zoë" is 3, not its 4 bytes), none
// for a combining mark ("Zoe" + U+0308 is 3 too), two for an East Asian wide character or an emoji
// ("李" is 2). A byte that is not part of valid UTF-8 counts as one.
size_t TextWidth(std::string_view text);

// `text` as a terminal may print it: a control character in it would move the cursor, clear the
// screen or start a line of its own (a fake row of the table). Each C0 control (U+0000–U+001F)
// becomes its Unicode control picture (U+2400–U+241F: "␛" for ESC, "␍␊" for CR LF, "␉" for a
// tab), DEL becomes "␡" (U+2421), and a C1 control (U+0080–U+009F) or a byte that is not part of
// valid UTF-8 becomes "�" (U+FFFD); each takes one terminal cell. Other text comes back as it is.
std::string TerminalText(std::string_view text);

}  // namespace regiotafel::table
