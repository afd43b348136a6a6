// Reading CSV as Excel users have it: each encoding and separator, quoting, line ends, and the files
// that are not CSV at all, each with a clear error.
#include "services/table/csv_reader.h"

#include <gtest/gtest.h>

#include <sstream>

#include "services/table/csv.h"
#include "services/table/table.h"

namespace regiotafel::table {
namespace {

using Rows = std::vector<std::vector<std::string>>;

CsvFile Read(std::string_view bytes) {
  CsvFile file;
  Status s = ReadCsv(bytes, &file);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return file;
}

TEST(CsvReaderTest, Utf8WithBomSemicolonsAndCrlf) {
  CsvFile file = Read("\xEF\xBB\xBFNaam;Gemeente\r\nJos\xC3\xA9 Mu\xC3\xB1oz;Dordrecht\r\n");
  EXPECT_EQ(file.encoding, "UTF-8");
  EXPECT_EQ(file.separator, ';');
  EXPECT_EQ(file.rows, (Rows{{"Naam", "Gemeente"}, {"Jos\xC3\xA9 Mu\xC3\xB1oz", "Dordrecht"}}));
}

TEST(CsvReaderTest, Windows1252WithCommasBecomesUtf8) {
  // "Zoë", "€ 12" and "‘s-Gravendeel" in Windows-1252: 0xEB, 0x80, 0x91.
  CsvFile file = Read("Naam,Huur,Plaats\nZo\xEB,\x80 12,\x91s-Gravendeel\n");
  EXPECT_EQ(file.encoding, "Windows-1252");
  EXPECT_EQ(file.separator, ',');
  EXPECT_EQ(file.rows, (Rows{{"Naam", "Huur", "Plaats"},
                             {"Zo\xC3\xAB", "\xE2\x82\xAC 12", "\xE2\x80\x98s-Gravendeel"}}));
}

TEST(CsvReaderTest, QuotesSeparatorsAndLineBreaksInsideAField) {
  CsvFile file = Read("a;b;c\n\"x;y\";\"he said \"\"ja\"\"\";\"twee\nregels\"\n;;\n\n");
  EXPECT_EQ(file.rows, (Rows{{"a", "b", "c"}, {"x;y", "he said \"ja\"", "twee\nregels"}, {"", "", ""}}));
  EXPECT_EQ(file.lines, (std::vector<size_t>{1, 2, 4})) << "the line each row starts on, as an editor counts";
}

TEST(CsvReaderTest, EmptyLinesAreLeftOutButCounted) {
  CsvFile file = Read("a;b\r\n\r\n1;2\r\n\r\n\r\n3;4\r\n");
  EXPECT_EQ(file.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(file.lines, (std::vector<size_t>{1, 3, 6}));

  // The separator comes from the header, also after empty lines.
  CsvFile commas = Read("\r\n\r\nNaam,Gemeente\r\nJos,Dordrecht\r\n");
  EXPECT_EQ(commas.separator, ',');
  EXPECT_EQ(commas.rows, (Rows{{"Naam", "Gemeente"}, {"Jos", "Dordrecht"}}));
  EXPECT_EQ(commas.lines, (std::vector<size_t>{3, 4}));
}

TEST(CsvReaderTest, TheLastLineNeedsNoLineEnd) {
  EXPECT_EQ(Read("a,b\n1,2").rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, ReadsBackWhatWriteCsvWrites) {
  Table table{.name = "t", .columns = {"V-nummer", "Naam", "Datum"}, .rows = {}};
  table.rows.push_back({Cell::Text("1234567890"), Cell::Text("Amal \"Mimi\"; Haddad"), Cell::Text("x\ny")});
  std::ostringstream out;
  ASSERT_TRUE(WriteCsv(table, out).ok());
  CsvFile file = Read(out.str());
  EXPECT_EQ(file.rows,
            (Rows{{"V-nummer", "Naam", "Datum"}, {"1234567890", "Amal \"Mimi\"; Haddad", "x\ny"}}));
}

TEST(CsvReaderTest, FilesThatAreNotCsvGetAClearError) {
  CsvFile file;
  Status s = ReadCsv("", &file);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.message(), "het bestand is leeg");
  s = ReadCsv("\xEF\xBB\xBF \r\n", &file);
  EXPECT_EQ(s.message(), "het bestand is leeg");
  s = ReadCsv(std::string_view("PK\x03\x04\x14\x00", 6), &file);
  EXPECT_NE(s.message().find("werkmap (.xlsx)"), std::string::npos) << s.message();
  s = ReadCsv(std::string_view("a;b\n1\0;2\n", 9), &file);
  EXPECT_NE(s.message().find("geen tekstbestand"), std::string::npos) << s.message();
  s = ReadCsv("a;b\nx\x81y;2\n", &file);  // 0x81: neither UTF-8 here nor defined in Windows-1252
  EXPECT_NE(s.message().find("byte 6"), std::string::npos) << s.message();
  s = ReadCsv("a;b\n1;2\n\"open;3\n4;5\n", &file);
  EXPECT_EQ(s.message(), "een aanhalingsteken op regel 3 wordt nooit gesloten");
}

}  // namespace
}  // namespace regiotafel::table
