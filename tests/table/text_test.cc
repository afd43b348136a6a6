// Tables for a terminal: widths in code points, numbers to the right.
#include "services/table/text.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

TEST(TextTest, WidthCountsCodePointsNotBytes) {
  EXPECT_EQ(TextWidth(""), 0u);
  EXPECT_EQ(TextWidth("Zoë"), 3u);
  EXPECT_EQ(TextWidth("Ахмед"), 5u);
  EXPECT_EQ(TextWidth("€"), 1u);
  EXPECT_EQ(TextWidth("\xF0\x9F\x8F\xA0"), 1u) << "one code point of four bytes";
  EXPECT_EQ(TextWidth("\xff\xfe"), 2u) << "not UTF-8: one per byte";
  EXPECT_EQ(TextWidth("\xC3"), 1u) << "cut short";
}

TEST(TextTest, ColumnsLineUpNumbersRight) {
  const Table table{"Dossiers",
                    {"Naam", "Huishouden", "Koppeldatum", "Woning-ID"},
                    {{Cell::Tekst("Zoë Tesfaye"), Cell::Getal(1), Date("2026-03-01"), Cell::Tekst("")},
                     {Cell::Tekst("Amina Haddad"), Cell::Getal(12), Cell::Tekst(""), Cell::Tekst("DRD-12")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(table, out).ok());
  EXPECT_EQ(out.str(),
            "Naam          Huishouden  Koppeldatum  Woning-ID\n"
            "------------  ----------  -----------  ---------\n"
            "Zoë Tesfaye            1  01-03-2026\n"
            "Amina Haddad          12               DRD-12\n");
}

TEST(TextTest, DecimalsAlignRightWithACommaAndMixedColumnsLeft) {
  const Table table{"t",
                    {"Aandeel (%)", "Code"},
                    {{Cell::Decimaal(12.5), Cell::Getal(7)}, {Cell::Decimaal(3), Cell::Tekst("STIL")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(table, out).ok());
  EXPECT_EQ(out.str(),
            "Aandeel (%)  Code\n"
            "-----------  ----\n"
            "       12,5  7\n"
            "          3  STIL\n");
}

TEST(TextTest, SeveralTablesUnderTheirNames) {
  const std::vector<Table> tables{Table{"Een", {"A"}, {{Cell::Getal(1)}}}, Table{"Twee", {"B"}, {}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(tables, out).ok());
  EXPECT_EQ(out.str(), "Een\n\nA\n-\n1\n\nTwee\n\nB\n-\n");
}

TEST(TextTest, RowOfTheWrongWidthIsRefused) {
  std::ostringstream out;
  EXPECT_TRUE(WriteText(Table{"t", {"a"}, {{Cell::Getal(1), Cell::Getal(2)}}}, out).IsInvalidArgument());
}

}  // namespace
}  // namespace regiotafel::table
