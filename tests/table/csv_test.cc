// CSV as Dutch Excel opens it: the exact bytes.
#include "services/table/csv.h"

#include <gtest/gtest.h>

#include <sstream>

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

}  // namespace
}  // namespace regiotafel::table
