// The tables `toon` prints (services/organisation/text_table.h): widths in characters of UTF-8,
// right-aligned numbers, CSV for Dutch Excel.
#include "services/organisation/text_table.h"

#include <gtest/gtest.h>

#include <sstream>

namespace regiotafel::organisation {
namespace {

TEST(TextTableTest, WidthCountsCharactersNotBytes) {
  EXPECT_EQ(DisplayWidth("Zoë"), 3u);
  EXPECT_EQ(DisplayWidth("Zoe\xcc\x88"), 3u) << "e + combining diaeresis";
  EXPECT_EQ(DisplayWidth("Ахмед"), 5u);
  EXPECT_EQ(DisplayWidth("\xe6\x9d\x8e"), 2u) << "a CJK character takes two cells";
  EXPECT_EQ(DisplayWidth("\xff"), 1u) << "not UTF-8: a cell per byte";
  EXPECT_EQ(DisplayWidth(""), 0u);
}

TEST(TextTableTest, ColumnsLineUpAndNumbersAlignRight) {
  TextTable table;
  table.AddColumn("naam", "naam");
  table.AddColumn("huishouden", "huishouden", TextTable::Align::kRight);
  table.AddColumn("woning", "woning_id");
  table.AddRow({"Zoë Tesfaye", "1", ""});
  table.AddRow({"Amina Haddad", "12", "DRD-12"});
  std::ostringstream out;
  table.WriteAligned(out);
  EXPECT_EQ(out.str(),
            "naam          huishouden  woning\n"
            "------------  ----------  ------\n"
            "Zoë Tesfaye            1\n"
            "Amina Haddad          12  DRD-12\n");
}

TEST(TextTableTest, CsvUsesSemicolonsAndQuotesWhenNeeded) {
  TextTable table;
  table.AddColumn("naam", "naam");
  table.AddColumn("opmerking", "opmerking");
  table.AddRow({"Zoë", "a;b"});
  table.AddRow({"Omar \"O\"", " spatie"});
  table.AddRow({"x", "twee\nregels"});
  std::ostringstream out;
  table.WriteCsv(out);
  EXPECT_EQ(out.str(),
            "naam;opmerking\n"
            "Zoë;\"a;b\"\n"
            "\"Omar \"\"O\"\"\";\" spatie\"\n"
            "x;\"twee\nregels\"\n");
}

}  // namespace
}  // namespace regiotafel::organisation
