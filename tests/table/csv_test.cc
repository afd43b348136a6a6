// CSV as Dutch Excel opens it: the exact bytes.
#include "services/table/csv.h"

#include <gtest/gtest.h>

#include <limits>
#include <sstream>
#include <string_view>

#include "services/table/csv_reader.h"
#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

Table Small() {
  return Table{
      "Dossiers",
      {"V-nummer", "Naam", "Koppeldatum", "Huishouden", "Aandeel (%)"},
      {{Cell::Text("1234567890"), Cell::Text("Zoë \"Z\" Tesfaye"), Date("2026-03-01"), Cell::Number(4),
        Cell::Decimal(12.5)},
       {Cell::Text("0234567891"), Cell::Text("a;b"), Cell::Text(""), Cell::Number(-3), Cell::Decimal(0)},
       {Cell::Text("twee\r\nregels"), Cell::Text("cr\rlf\n"), Date("1999-12-31"), Cell::Number(0),
        Cell::Decimal(0.125)}}};
}

TEST(CsvTest, ExactBytesForDutchExcel) {
  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(Small(), out).ok());
  EXPECT_EQ(out.str(),
            "\xEF\xBB\xBF"
            "V-nummer;Naam;Koppeldatum;Huishouden;Aandeel (%)\r\n"
            "1234567890;\"Zoë \"\"Z\"\" Tesfaye\";01-03-2026;4;12,5\r\n"
            "0234567891;\"a;b\";;-3;0\r\n"
            "\"twee\r\nregels\";\"cr\rlf\n\";31-12-1999;0;0,125\r\n");
}

TEST(CsvTest, AnotherSeparatorQuotesTheDecimalComma) {
  Table table{"t", {"a", "b;c"}, {{Cell::Decimal(12.5), Cell::Text("x;y")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(table, out, ',').ok());
  EXPECT_EQ(out.str(),
            "\xEF\xBB\xBF"
            "a,b;c\r\n\"12,5\",x;y\r\n");
}

TEST(CsvTest, SpacesAtEitherEndAreQuoted) {
  Table table{
      "t", {"a", "b", "c"}, {{Cell::Text(" spatie"), Cell::Text("spatie "), Cell::Text("een spatie")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(table, out).ok());
  EXPECT_EQ(out.str(),
            "\xEF\xBB\xBF"
            "a;b;c\r\n\" spatie\";\"spatie \";een spatie\r\n");
}

TEST(CsvTest, HeaderOnlyWhenNoRows) {
  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(Table{"t", {"Gemeente", "Periode"}, {}}, out).ok());
  EXPECT_EQ(out.str(), "\xEF\xBB\xBFGemeente;Periode\r\n");
}

TEST(CsvTest, RowOfTheWrongWidthIsRefused) {
  std::ostringstream out;
  const Status status = WriteCsv(Table{"Pijplijn", {"a", "b"}, {{Cell::Number(1)}}}, out);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.message(), "rij 1 van tabel 'Pijplijn' heeft 1 cellen, er zijn 2 kolommen");
  EXPECT_TRUE(out.str().empty());
}

TEST(CsvTest, QuoteAsSeparatorIsRefused) {
  std::ostringstream out;
  EXPECT_TRUE(WriteCsv(Small(), out, '"').IsInvalidArgument());
}

TEST(CsvTest, FailingStreamIsAnIOError) {
  std::ostringstream out;
  out.setstate(std::ios::badbit);
  EXPECT_TRUE(WriteCsv(Small(), out).IsIOError());
}

// A text Excel would take for a formula (OWASP, "CSV Injection") gets a "'" before it, and reads back
// so: Excel shows the letters and computes nothing. Numbers, negative ones too, stay numbers.
TEST(CsvTest, TextThatExcelWouldTakeForAFormulaIsNeutralised) {
  const Table table{"Dossiers",
                    {"Naam", "Getal"},
                    {{Cell::Text("=HYPERLINK(\"http://x\",\"y\")"), Cell::Number(-3)},
                     {Cell::Text("@SUM(A1)"), Cell::Decimal(-2.5)},
                     {Cell::Text("+31 6 1234"), Cell::Text("-3")},
                     {Cell::Text("\t=1+1"), Cell::Text("\r=1+1")},
                     {Cell::Text("a=b-c"), Cell::Decimal(-std::numeric_limits<double>::infinity())}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(table, out).ok());
  EXPECT_EQ(out.str(),
            "\xEF\xBB\xBF"
            "Naam;Getal\r\n"
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\";-3\r\n"
            "'@SUM(A1);-2,5\r\n"
            "'+31 6 1234;'-3\r\n"
            "'\t=1+1;\"'\r=1+1\"\r\n"
            "a=b-c;'-\xE2\x88\x9E\r\n");

  CsvFile read;
  ASSERT_TRUE(ReadCsv(out.str(), &read).ok());
  ASSERT_EQ(read.rows.size(), 6u);
  EXPECT_EQ(read.rows[1][0], "'=HYPERLINK(\"http://x\",\"y\")");
  EXPECT_EQ(read.rows[2][0], "'@SUM(A1)");
  EXPECT_EQ(read.rows[1][1], "-3") << "a number as it is";
  for (const std::vector<std::string>& row : read.rows) {
    for (const std::string& field : row) {
      EXPECT_TRUE(field.empty() || std::string_view("=+@\t\r").find(field.front()) == std::string_view::npos)
          << field;
    }
  }
}

}  // namespace
}  // namespace regiotafel::table
