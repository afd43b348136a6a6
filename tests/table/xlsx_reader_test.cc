// ReadXlsx on what an importer meets: workbooks from other writers (shared and inline strings, rich
// text, booleans, 1904 dates, prefixed XML) and broken files, each a clear error and never a crash.
#include "services/table/xlsx_reader.h"

#include <gtest/gtest.h>

#include "services/table/number_format.h"
#include "services/table/xlsx.h"
#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

constexpr char kContentTypes[] =
    R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)";
constexpr char kRootRels[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>)";
constexpr char kWorkbookRels[] =
    R"(<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>)";
constexpr char kStyles[] =
    R"(<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="2"><numFmt numFmtId="164" formatCode="d\-m\-yyyy;@"/><numFmt numFmtId="165" formatCode="[Red]0.0"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="2"/></cellXfs>
</styleSheet>)";

std::string Workbook(const std::string& workbook_pr = "") {
  return R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">)" +
         workbook_pr + R"(<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>)";
}

std::string Sheet(const std::string& rows) {
  return R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

struct Parts {
  std::string workbook = Workbook();
  std::string sheet;
  std::string shared_strings =
      R"(<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">
<si><t>Naam</t></si><si><r><t>Zo</t></r><r><rPr><b/></rPr><t>ë</t></r><rPh><t>x</t></rPh></si><si><t xml:space="preserve">  </t></si></sst>)";
};

// A workbook as Excel itself would write it, around `parts`.
void WriteWorkbook(const std::string& path, const Parts& parts) {
  ASSERT_TRUE(WriteZip(path, {{"[Content_Types].xml", kContentTypes},
                              {"_rels/.rels", kRootRels},
                              {"xl/workbook.xml", parts.workbook},
                              {"xl/_rels/workbook.xml.rels", kWorkbookRels},
                              {"xl/styles.xml", kStyles},
                              {"xl/sharedStrings.xml", parts.shared_strings},
                              {"xl/worksheets/sheet1.xml", parts.sheet}}));
}

Status ReadParts(const TempDir& dir, const Parts& parts, std::vector<Table>* sheets) {
  const std::string path = dir.File("in.xlsx");
  WriteWorkbook(path, parts);
  return ReadXlsx(path, sheets);
}

TEST(XlsxReaderTest, ReadsWhatExcelWrites) {
  TempDir dir;
  Parts parts;
  parts.sheet = Sheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Datum</t></is></c><c r="C1" t="str"><v>Getal</v></c><c r="D1" t="inlineStr"><is><t>Waar</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="1"><v>46082</v></c><c r="C2"><v>42</v></c><c r="D2" t="b"><v>1</v></c></row>)"
      R"(<row r="3"><c r="A3" t="s"><v>2</v></c><c r="B3" s="2"><v>46082.75</v></c><c r="C3" s="3"><v>7</v></c><c r="D3" t="b"><v>0</v></c></row>)"
      R"(<row r="5"><c r="B5" s="4"><v>2.5</v></c><c r="C5"><v>-1.5E+3</v></c><c r="E5" s="1"/></row>)"
      R"(<row r="6"><c r="A6" t="inlineStr"><is><t>a_x000D_b</t></is></c><c r="C6" t="e"><v>#N/A</v></c></row>)");
  std::vector<Table> sheets;
  const Status status = ReadParts(dir, parts, &sheets);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(sheets.size(), 1u);
  const Table& t = sheets[0];
  EXPECT_EQ(t.name, "Blad1");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"Naam", "Datum", "Getal", "Waar"}));
  const Cell leeg = Cell::Text("");
  EXPECT_EQ(t.rows, (std::vector<std::vector<Cell>>{
                        {Cell::Text("Zoë"), Date("2026-03-01"), Cell::Number(42), Cell::Text("ja")},
                        {Cell::Text("  "), Date("2026-03-01"), Cell::Decimal(7), Cell::Text("nee")},
                        {leeg, leeg, leeg, leeg},
                        {leeg, Cell::Decimal(2.5), Cell::Number(-1500), leeg},
                        {Cell::Text("a\rb"), leeg, Cell::Text("#N/A"), leeg}}));
}

TEST(XlsxReaderTest, Dates1904AndPrefixedXmlAndCellsWithoutReferences) {
  TempDir dir;
  Parts parts;
  parts.workbook = Workbook(R"(<workbookPr date1904="1"/>)");
  parts.sheet =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>)"
      R"(<x:row><x:c t="inlineStr"><x:is><x:t>Datum</x:t></x:is></x:c><x:c t="s"><x:v>0</x:v></x:c></x:row>)"
      R"(<x:row><x:c s="1"><x:v>0</x:v></x:c><x:c t="d"><x:v>2026-03-01T00:00:00</x:v></x:c></x:row>)"
      R"(</x:sheetData></x:worksheet>)";
  std::vector<Table> sheets;
  const Status status = ReadParts(dir, parts, &sheets);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(sheets[0].columns, (std::vector<std::string>{"Datum", "Naam"}));
  EXPECT_EQ(sheets[0].rows, (std::vector<std::vector<Cell>>{{Date("1904-01-01"), Date("2026-03-01")}}));
}

TEST(XlsxReaderTest, NumberFormats) {
  EXPECT_EQ(KindOfFormat(0, ""), NumberKind::kGeneral);
  EXPECT_EQ(KindOfFormat(1, ""), NumberKind::kGeneral);
  EXPECT_EQ(KindOfFormat(2, ""), NumberKind::kDecimal);
  EXPECT_EQ(KindOfFormat(14, ""), NumberKind::kDate);
  EXPECT_EQ(KindOfFormat(22, ""), NumberKind::kDate);
  EXPECT_EQ(KindOfFormat(164, "dd-mm-yyyy"), NumberKind::kDate);
  EXPECT_EQ(KindOfFormat(164, "[$-413]d mmmm yyyy"), NumberKind::kDate);
  EXPECT_EQ(KindOfFormat(164, "0.0##############"), NumberKind::kDecimal);
  EXPECT_EQ(KindOfFormat(164, "[Red]#,##0"), NumberKind::kGeneral) << "the d of [Red] is no day";
  EXPECT_EQ(KindOfFormat(164, "0\" dagen\""), NumberKind::kGeneral) << "quoted text is no format";
  EXPECT_EQ(KindOfFormat(164, "0%"), NumberKind::kDecimal);
  EXPECT_EQ(KindOfFormat(164, "General"), NumberKind::kGeneral);
}

// Each broken input: the status code and words of the message that say what is wrong.
void ExpectError(const std::string& path, Status::Code code, const std::string& words) {
  std::vector<Table> sheets{Table{"blijft", {}, {}}};
  const Status status = ReadXlsx(path, &sheets);
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_NE(status.message().find(words), std::string::npos) << status.message();
  EXPECT_NE(status.message().find(path), std::string::npos) << "names the file: " << status.message();
  EXPECT_EQ(sheets.size(), 1u) << "untouched on an error";
}

TEST(XlsxReaderTest, MissingFile) {
  TempDir dir;
  ExpectError(dir.File("weg.xlsx"), Status::Code::kNotFound, "bestaat niet");
}

TEST(XlsxReaderTest, NotAZip) {
  TempDir dir;
  WriteFile(dir.File("a.xlsx"), "V-nummer;Naam\r\n1234567890;Zoë\r\n");
  ExpectError(dir.File("a.xlsx"), Status::Code::kInvalidArgument, "geen Excel-bestand");
  WriteFile(dir.File("leeg.xlsx"), "");
  ExpectError(dir.File("leeg.xlsx"), Status::Code::kInvalidArgument, "is leeg");
  WriteFile(dir.File("oud.xlsx"),
            std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  ExpectError(dir.File("oud.xlsx"), Status::Code::kInvalidArgument, ".xls");
}

TEST(XlsxReaderTest, TruncatedZipAtManyLengths) {
  TempDir dir;
  const std::string good = dir.File("goed.xlsx");
  ASSERT_TRUE(WriteXlsx({Table{"Blad", {"A", "B"}, {{Cell::Text("x"), Cell::Number(1)}}}}, good).ok());
  const std::string bytes = ReadFile(good);
  const std::string cut = dir.File("afgebroken.xlsx");
  for (size_t length : {size_t{4}, size_t{100}, bytes.size() / 2, bytes.size() - 30, bytes.size() - 1}) {
    SCOPED_TRACE(length);
    WriteFile(cut, bytes.substr(0, length));
    ExpectError(cut, Status::Code::kCorruption, "afgebroken");
  }
}

TEST(XlsxReaderTest, DamagedPartIsCorruption) {
  TempDir dir;
  const std::string good = dir.File("goed.xlsx");
  ASSERT_TRUE(WriteXlsx({Table{"Blad", {"A"}, {{Cell::Text("x")}}}}, good).ok());
  std::string bytes = ReadFile(good);
  // Flip bytes inside the compressed data of the sheet, just past its name in its local header.
  const std::string name = "xl/worksheets/sheet1.xml";
  const size_t data = bytes.find(name) + name.size();
  for (size_t i = data + 8; i < data + 24; ++i) bytes[i] = static_cast<char>(bytes[i] ^ 0x5A);
  const std::string bad = dir.File("kapot.xlsx");
  WriteFile(bad, bytes);
  std::vector<Table> sheets;
  const Status status = ReadXlsx(bad, &sheets);
  EXPECT_TRUE(status.IsCorruption()) << status.ToString();
  EXPECT_NE(status.message().find("onderdeel xl/worksheets/sheet1.xml van " + bad), std::string::npos)
      << status.message();
}

TEST(XlsxReaderTest, ZipWithoutWorkbook) {
  TempDir dir;
  ASSERT_TRUE(WriteZip(dir.File("z.xlsx"), {{"leesmij.txt", "hallo"}}));
  ExpectError(dir.File("z.xlsx"), Status::Code::kInvalidArgument,
              "geen Excel-werkmap: xl/workbook.xml ontbreekt");
}

TEST(XlsxReaderTest, WorkbookWithoutSheets) {
  TempDir dir;
  Parts parts;
  parts.workbook =
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>)";
  parts.sheet = Sheet("");
  WriteWorkbook(dir.File("w.xlsx"), parts);
  ExpectError(dir.File("w.xlsx"), Status::Code::kInvalidArgument, "heeft geen werkbladen");
}

TEST(XlsxReaderTest, EmptySheet) {
  TempDir dir;
  Parts parts;
  parts.sheet = Sheet(R"(<row r="1"><c r="A1" s="1"/></row>)");  // a style, no value
  WriteWorkbook(dir.File("e.xlsx"), parts);
  ExpectError(dir.File("e.xlsx"), Status::Code::kInvalidArgument, "werkblad 'Blad1'");
  ExpectError(dir.File("e.xlsx"), Status::Code::kInvalidArgument, "is leeg");
}

// Older Excel starts every workbook with Blad1, Blad2 and Blad3; the empty ones are left out.
TEST(XlsxReaderTest, EmptySheetsBesideOneWithDataAreLeftOut) {
  TempDir dir;
  const std::string path = dir.File("drie.xlsx");
  const std::string workbook =
      R"(<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/><sheet name="Blad2" sheetId="2" r:id="rId4"/></sheets></workbook>)";
  const std::string rels =
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
</Relationships>)";
  ASSERT_TRUE(
      WriteZip(path, {{"[Content_Types].xml", kContentTypes},
                      {"_rels/.rels", kRootRels},
                      {"xl/workbook.xml", workbook},
                      {"xl/_rels/workbook.xml.rels", rels},
                      {"xl/worksheets/sheet1.xml",
                       Sheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>V-nummer</t></is></c></row>)")},
                      {"xl/worksheets/sheet2.xml", Sheet("")}}));
  std::vector<Table> sheets;
  ASSERT_TRUE(ReadXlsx(path, &sheets).ok());
  ASSERT_EQ(sheets.size(), 1u);
  EXPECT_EQ(sheets[0].name, "Blad1");
  EXPECT_EQ(sheets[0].columns, std::vector<std::string>{"V-nummer"});
}

TEST(XlsxReaderTest, BrokenPartsAreCorruptionNamingWhere) {
  TempDir dir;
  const std::string path = dir.File("b.xlsx");
  struct Case {
    std::string sheet;
    std::string words;
  };
  const std::vector<Case> cases = {
      {"<worksheet><sheetData><row>", "geen geldige XML"},
      {Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Zo\xEB</t></is></c></row>"),
       "geen geldige UTF-8"},
      {Sheet(R"(<row r="1"><c r="A1" t="s"><v>99</v></c></row>)"), "cel A1 van werkblad 'Blad1'"},
      {Sheet(R"(<row r="1"><c r="A1" t="s"><v>-1</v></c></row>)"), "gedeelde tekst"},
      {Sheet(R"(<row r="1"><c r="A1"><v>veel</v></c></row>)"), "'veel' is geen getal"},
      {Sheet(R"(<row r="1"><c r="1A"><v>1</v></c></row>)"), "'1A' die geen celnaam is"},
      {Sheet(R"(<row r="1"><c r="XFE1"><v>1</v></c></row>)"), "'XFE1' die geen celnaam is"},
      {Sheet(R"(<row r="1"><c r="AAAAAAAAAAAAAAAAAAAA1"><v>1</v></c></row>)"), "geen celnaam"},
      {Sheet(R"(<row r="1"><c r="A1048577"><v>1</v></c></row>)"), "geen celnaam"},
      {Sheet(R"(<row r="0"><c><v>1</v></c></row>)"), "rij 0 buiten het werkblad"},
      {Sheet(R"(<row r="1"><c r="A1" t="q"><v>1</v></c></row>)"), "onbekend celtype 'q'"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.sheet);
    Parts parts;
    parts.sheet = c.sheet;
    WriteWorkbook(path, parts);
    ExpectError(path, Status::Code::kCorruption, c.words);
  }
}

TEST(XlsxReaderTest, SheetPointingNowhere) {
  TempDir dir;
  Parts parts;
  parts.workbook = R"(<workbook xmlns:r="r"><sheets><sheet name="Weg" r:id="rId9"/></sheets></workbook>)";
  parts.sheet = Sheet("");
  WriteWorkbook(dir.File("n.xlsx"), parts);
  ExpectError(dir.File("n.xlsx"), Status::Code::kCorruption, "werkblad 'Weg'");
}

TEST(XlsxReaderTest, ThousandsOfMutationsNeverCrash) {
  // Deterministic byte flips of a good workbook: every read ends in Ok or an error, never a crash.
  TempDir dir;
  const std::string good = dir.File("goed.xlsx");
  ASSERT_TRUE(WriteXlsx({Table{"Blad", {"A", "B"}, {{Cell::Text("x"), Date("2026-03-01")}}}}, good).ok());
  const std::string bytes = ReadFile(good);
  const std::string path = dir.File("m.xlsx");
  uint32_t seed = 12345;
  int errors = 0;
  for (int i = 0; i < 2000; ++i) {
    std::string mutated = bytes;
    for (int k = 0; k < 3; ++k) {
      seed = seed * 1664525 + 1013904223;
      mutated[seed % mutated.size()] = static_cast<char>(seed >> 24);
    }
    WriteFile(path, mutated);
    std::vector<Table> sheets;
    errors += ReadXlsx(path, &sheets).ok() ? 0 : 1;
  }
  EXPECT_GT(errors, 0);
}

}  // namespace
}  // namespace regiotafel::table
