// WriteTablesFile: the format from the file's extension, and the file written whole or not at all,
// readable by its owner only, for CSV as for .xlsx.
#include "services/table/table_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "services/table/csv_reader.h"
#include "services/table/xlsx_reader.h"
#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

std::vector<Table> TwoTables() {
  Table dossiers{"Dossiers", {"V-nummer", "Grootte huishouden"}, {}};
  dossiers.rows.push_back({Cell::Text("1234567890"), Cell::Number(3)});
  Table over{"Over dit overzicht", {"Wat", "Waarde"}, {}};
  over.rows.push_back({Cell::Text("Peildatum"), Cell::Text("2026-06-30")});
  return {dossiers, over};
}

mode_t Mode(const std::string& path) {
  struct stat info {};
  EXPECT_EQ(stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

TEST(TableFileTest, TheExtensionChoosesTheFormatInAnyCase) {
  TempDir dir;
  ASSERT_TRUE(WriteTablesFile(TwoTables(), dir.File("a.XLSX")).ok());
  std::vector<Table> sheets;
  ASSERT_TRUE(ReadXlsx(dir.File("a.XLSX"), &sheets).ok());
  EXPECT_EQ(sheets.size(), 2u) << "every table a sheet";

  ASSERT_TRUE(WriteTablesFile(TwoTables(), dir.File("a.Csv")).ok());
  CsvFile csv;
  ASSERT_TRUE(ReadCsv(ReadFile(dir.File("a.Csv")), &csv).ok());
  EXPECT_EQ(csv.rows,
            (std::vector<std::vector<std::string>>{{"V-nummer", "Grootte huishouden"}, {"1234567890", "3"}}))
      << "CSV holds the first table";
  EXPECT_EQ(dir.Names(), (std::vector<std::string>{"a.Csv", "a.XLSX"})) << "no temporary file left";
  EXPECT_EQ(Mode(dir.File("a.Csv")), 0600u) << "it names people: the owner only";
  EXPECT_EQ(Mode(dir.File("a.XLSX")), 0600u);

  EXPECT_TRUE(IsTablesFileName("x.csv") && IsTablesFileName("X.XLSX"));
  EXPECT_FALSE(IsTablesFileName("x.xls") || IsTablesFileName("csv") || IsTablesFileName("x.txt"));
  const Status other = WriteTablesFile(TwoTables(), dir.File("a.txt"));
  EXPECT_TRUE(other.IsInvalidArgument());
  EXPECT_NE(other.message().find(".xlsx"), std::string::npos) << other.message();
}

TEST(TableFileTest, ACsvReplacesTheOldFileWholeOrNotAtAll) {
  TempDir dir;
  const std::string path = dir.File("overzicht.csv");
  WriteFile(path, "oud\r\n");
  ASSERT_TRUE(WriteTablesFile(TwoTables(), path).ok());
  EXPECT_EQ(ReadFile(path).substr(0, 3), "\xEF\xBB\xBF") << "UTF-8 with a BOM, for Dutch Excel";

  std::vector<Table> kapot = TwoTables();
  kapot[0].rows.push_back({Cell::Text("te kort")});  // a row of the wrong width
  EXPECT_TRUE(WriteTablesFile(kapot, path).IsInvalidArgument());
  EXPECT_NE(ReadFile(path).find("1234567890"), std::string::npos) << "the earlier file stays as it was";
  EXPECT_EQ(dir.Names(), std::vector<std::string>{"overzicht.csv"}) << "no temporary file left";

  const Status nowhere = WriteTablesFile(TwoTables(), dir.File("bestaat-niet/overzicht.csv"));
  EXPECT_TRUE(nowhere.IsIOError());
  EXPECT_NE(nowhere.message().find("bestaat niet"), std::string::npos) << nowhere.message();
}

}  // namespace
}  // namespace regiotafel::table
