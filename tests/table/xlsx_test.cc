// Workbooks written with libxlsxwriter and read back with ReadXlsx (libzip + pugixml): the values,
// the layout the meeting asked for, and the errors.
#include "services/table/xlsx.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "regiotafel/v1/views.pb.h"
#include "services/table/view_table.h"
#include "services/table/xlsx_reader.h"
#include "services/table/zip_package.h"
#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

namespace v1 = regiotafel::v1;

std::vector<Table> Sample() {
  return {Table{"Dossiers",
                {"V-nummer", "Naam", "Koppeldatum", "Huishouden", "Aandeel (%)"},
                {{Cell::Text("0234567890"), Cell::Text("Zoë \"Z\" <Tesfaye> & co"), Date("2026-03-01"),
                  Cell::Number(4), Cell::Decimal(12.5)},
                 {Cell::Text("1234567891"), Cell::Text("  spaties  "), Cell::Text(""), Cell::Number(-3),
                  Cell::Decimal(10)},
                 {Cell::Text("twee\nregels"), Cell::Text(""), Date("1900-01-01"), Cell::Number(0),
                  Cell::Decimal(0.125)},
                 {Cell::Text("Ахмед 李"), Cell::Text("tab\there, bel\x07 en _x0041_ letterlijk"),
                  Date("2999-12-31"), Cell::Number(999'999'999'999'999), Cell::Decimal(-0.5)}}},
          Table{"Leeg", {"Gemeente", "Periode"}, {}}};
}

std::string Part(const std::string& path, const std::string& name) {
  std::unique_ptr<ZipPackage> package;
  std::string bytes;
  EXPECT_TRUE(ZipPackage::Open(path, &package).ok());
  if (package) {
    EXPECT_TRUE(package->Read(name, &bytes).ok()) << name;
  }
  return bytes;
}

TEST(XlsxTest, RoundTripGivesTheSameTables) {
  TempDir dir;
  const std::string path = dir.File("regio.xlsx");
  ASSERT_TRUE(WriteXlsx(Sample(), path).ok());
  std::vector<Table> read;
  const Status status = ReadXlsx(path, &read);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(read, Sample());
  EXPECT_EQ(dir.Names(), std::vector<std::string>{"regio.xlsx"}) << "no temporary file left";
}

TEST(XlsxTest, HeaderIsBoldFrozenAndFilteredDatesAreExcelDates) {
  TempDir dir;
  const std::string path = dir.File("regio.xlsx");
  ASSERT_TRUE(WriteXlsx(Sample(), path).ok());
  const std::string sheet = Part(path, "xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos)
      << sheet.substr(0, 800);
  EXPECT_NE(sheet.find("<autoFilter ref=\"A1:E5\"/>"), std::string::npos);
  EXPECT_NE(sheet.find("<v>46082</v>"), std::string::npos) << "2026-03-01 as Excel's serial number";
  EXPECT_NE(sheet.find("<cols>"), std::string::npos) << "column widths";
  const std::string styles = Part(path, "xl/styles.xml");
  EXPECT_NE(styles.find("formatCode=\"dd-mm-yyyy\""), std::string::npos);
  EXPECT_NE(styles.find("<b/>"), std::string::npos);
  const std::string workbook = Part(path, "xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"Dossiers\""), std::string::npos);
  EXPECT_NE(workbook.find("name=\"Leeg\""), std::string::npos);

  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u) << "it names people: the owner only";
}

TEST(XlsxTest, SheetNamesAreMadeValidAndUnique) {
  TempDir dir;
  const std::string path = dir.File("namen.xlsx");
  const std::vector<std::string> kolommen = {"A"};
  std::vector<Table> tables = {Table{"Begeleiding - Fasen [2026/H1]: a*b?c\\d", kolommen, {}},
                               Table{"taakstelling", kolommen, {}},
                               Table{"Taakstelling", kolommen, {}},
                               Table{"'quoted'", kolommen, {}},
                               Table{"", kolommen, {}},
                               Table{"Een heel lange naam van een tabel, Zoë", kolommen, {}}};
  ASSERT_TRUE(WriteXlsx(tables, path).ok());
  std::vector<Table> read;
  ASSERT_TRUE(ReadXlsx(path, &read).ok());
  std::vector<std::string> names;
  for (const Table& table : read) names.push_back(table.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"Begeleiding - Fasen _2026_H1__ ", "taakstelling", "Taakstelling (2)",
                                      "quoted", "Blad5", "Een heel lange naam van een tab"}));
}

TEST(XlsxTest, EveryViewWritesAndReadsBack) {
  v1::CorporatiesView corporaties;
  v1::CorporatieRegel* r = corporaties.add_regels();
  r->set_corporatie("corporatie:trivire");
  r->set_aandeel_procent(12.5);
  r->set_boven_10_procent(true);
  v1::BegeleidingView begeleiding;
  v1::Begeleiding* b = begeleiding.add_begeleiding();
  b->set_v_nummer("1234567890");
  b->set_datum_huurcontract("2026-03-01");
  b->add_fasen()->set_datum("2026-02-15");
  v1::DossiersView dossiers;
  dossiers.add_dossiers()->set_koppeldatum("2026-01-05");

  std::vector<Table> tables;
  for (const google::protobuf::Message* view :
       std::initializer_list<const google::protobuf::Message*>{&corporaties, &begeleiding, &dossiers}) {
    for (Table& table : TablesOfView(*view)) tables.push_back(std::move(table));
  }
  TempDir dir;
  const std::string path = dir.File("views.xlsx");
  ASSERT_TRUE(WriteXlsx(tables, path).ok());
  std::vector<Table> read;
  ASSERT_TRUE(ReadXlsx(path, &read).ok());
  EXPECT_EQ(read, tables);
}

TEST(XlsxTest, ReplacesAnExistingFile) {
  TempDir dir;
  const std::string path = dir.File("regio.xlsx");
  WriteFile(path, "oud");
  ASSERT_TRUE(WriteXlsx(Sample(), path).ok());
  std::vector<Table> read;
  ASSERT_TRUE(ReadXlsx(path, &read).ok());
  EXPECT_EQ(read, Sample());
}

TEST(XlsxTest, MissingDirectoryIsAClearErrorAndLeavesNothing) {
  TempDir dir;
  const std::string path = dir.File("bestaat-niet/regio.xlsx");
  const Status status = WriteXlsx(Sample(), path);
  EXPECT_TRUE(status.IsIOError());
  EXPECT_EQ(status.message(),
            "kan " + path + " niet schrijven: de map " + dir.File("bestaat-niet") + " bestaat niet");
  EXPECT_TRUE(dir.Names().empty());
}

// A directory nobody may write in, root included (a test on file modes would only skip as root).
TEST(XlsxTest, DirectoryWhereNoFileCanBeMadeIsAClearError) {
  // /proc holds no files of ours, even for root.
  const Status status = WriteXlsx(Sample(), "/proc/regiotafel-test.xlsx");
  EXPECT_TRUE(status.IsIOError()) << status.ToString();
  EXPECT_NE(status.message().find("kan geen tijdelijk bestand maken in de map /proc"), std::string::npos)
      << status.message();
}

TEST(XlsxTest, PathThatIsADirectoryIsRefused) {
  TempDir dir;
  const Status status = WriteXlsx(Sample(), dir.path());
  EXPECT_TRUE(status.IsIOError());
  EXPECT_NE(status.message().find("dat is een map"), std::string::npos) << status.message();
}

TEST(XlsxTest, BadTablesAreRefusedBeforeAnyFileIsMade) {
  TempDir dir;
  const std::string path = dir.File("fout.xlsx");
  EXPECT_TRUE(WriteXlsx({}, path).IsInvalidArgument());
  EXPECT_TRUE(WriteXlsx({Table{"Zonder kolommen", {}, {}}}, path).IsInvalidArgument());
  EXPECT_TRUE(WriteXlsx({Table{"Scheef", {"a", "b"}, {{Cell::Number(1)}}}}, path).IsInvalidArgument());
  EXPECT_TRUE(dir.Names().empty());
}

TEST(XlsxTest, TextLongerThanExcelAllowsIsRefusedAndNoFileRemains) {
  TempDir dir;
  const std::string path = dir.File("lang.xlsx");
  const Status status =
      WriteXlsx({Table{"Lang", {"Toelichting"}, {{Cell::Text(std::string(40'000, 'x'))}}}}, path);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_NE(status.message().find("cel A2 van tabel 'Lang'"), std::string::npos) << status.message();
  EXPECT_TRUE(dir.Names().empty());
}

TEST(XlsxTest, HugeWholeNumbersBecomeTextNotRoundedNumbers) {
  TempDir dir;
  const std::string path = dir.File("groot.xlsx");
  ASSERT_TRUE(WriteXlsx({Table{"Groot", {"N"}, {{Cell::Number(1'234'567'890'123'456'789)}}}}, path).ok());
  std::vector<Table> read;
  ASSERT_TRUE(ReadXlsx(path, &read).ok());
  EXPECT_EQ(read[0].rows[0][0], Cell::Text("1234567890123456789"));
}

TEST(XlsxTest, HundredThousandRowsWriteAndReadBack) {
  Table table{"Dossiers", {"V-nummer", "Naam", "Koppeldatum", "Huishouden", "Aandeel (%)"}, {}};
  table.rows.reserve(100'000);
  for (int i = 0; i < 100'000; ++i) {
    table.rows.push_back({Cell::Text(std::to_string(1'000'000'000 + i)),
                          Cell::Text("Naam " + std::to_string(i % 977)), Cell::Date(20'000 + i % 3650),
                          Cell::Number(i % 9), Cell::Decimal(i % 1000 / 10.0)});
  }
  TempDir dir;
  const std::string path = dir.File("groot.xlsx");
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(WriteXlsx({table}, path).ok());
  std::vector<Table> read;
  const Status status = ReadXlsx(path, &read);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0], table);
  // Inline strings: a table this large is written row by row.
  EXPECT_NE(Part(path, "xl/worksheets/sheet1.xml").find("t=\"inlineStr\""), std::string::npos);
  std::cout << "100 000 rows written and read in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() << " s\n";
}

// In a workbook a text is a string cell, which Excel never computes: a naam "=HYPERLINK(…)" reads back
// as those letters, with no formula in the sheet. A NUL (which would end the C string and cut the
// cell short) is shown as U+FFFD.
TEST(XlsxTest, TextThatLooksLikeAFormulaStaysAStringAndANulCutsNothing) {
  TempDir dir;
  const std::string path = dir.File("formule.xlsx");
  const std::vector<Table> tables = {
      Table{"Dossiers",
            {"Naam", "Getal"},
            {{Cell::Text("=HYPERLINK(\"http://x\",\"y\")"), Cell::Number(-3)},
             {Cell::Text("@SUM(A1)"), Cell::Text("-3")},
             {Cell::Text(std::string("Amina\0Haddad", 12)), Cell::Text("+1")}}}};
  ASSERT_TRUE(WriteXlsx(tables, path).ok());
  const std::string sheet = Part(path, "xl/worksheets/sheet1.xml");
  EXPECT_EQ(sheet.find("<f>"), std::string::npos) << sheet;
  std::vector<Table> read;
  ASSERT_TRUE(ReadXlsx(path, &read).ok());
  ASSERT_EQ(read.size(), 1u);
  std::vector<Table> expected = tables;
  expected[0].rows[2][0] = Cell::Text("Amina\xEF\xBF\xBDHaddad");
  EXPECT_EQ(read, expected);
}

}  // namespace
}  // namespace regiotafel::table
