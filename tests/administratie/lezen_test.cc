// LeesOudeAdministratie on files as clerks hand them in, made here in a temporary directory: workbooks
// written by table::WriteXlsx (libxlsxwriter, as Excel would read them), CSV in the encodings and
// separators Dutch Excel saves, and files that are neither, each a clear error naming the file.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "services/administratie/oude_administratie.h"
#include "services/table/xlsx.h"
#include "tests/support/table_files.h"

namespace regiotafel::administratie {
namespace {

using table::Cell;
using table::ReadFile;
using table::TempDir;
using table::WriteFile;
using table::WriteZip;
using namespace std::string_literals;  // NOLINT(build/namespaces): bytes with NUL in them

Cell Dag(const char* iso) { return Cell::Date(*ParseDate(iso)); }

// The error of reading `path`: of kind `code`, in words, naming the file.
void ExpectError(const std::string& path, Status::Code code, const std::string& words = "") {
  Blad blad;
  blad.bron = "vooraf";
  const Status status = LeesOudeAdministratie(path, &blad);
  EXPECT_EQ(status.code(), code) << status.ToString();
  EXPECT_FALSE(status.message().empty());
  EXPECT_NE(status.message().find(path), std::string::npos) << "names the file: " << status.message();
  if (!words.empty()) {
    EXPECT_NE(status.message().find(words), std::string::npos) << status.message();
  }
  EXPECT_TRUE(blad.bron.empty() && blad.kopjes.empty() && blad.rijen.empty()) << "no half-read Blad";
}

Blad Lees(const std::string& path) {
  Blad blad;
  const Status status = LeesOudeAdministratie(path, &blad);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return blad;
}

std::vector<uint64_t> Nummers(const Blad& blad) {
  std::vector<uint64_t> out;
  for (const Rij& rij : blad.rijen) out.push_back(rij.nummer);
  return out;
}

std::vector<Cell> Tekst(std::initializer_list<const char*> velden) {
  std::vector<Cell> out;
  for (const char* veld : velden) out.push_back(Cell::Text(veld));
  return out;
}

// ---- Workbooks

TEST(LezenTest, WorkbookTakesTheSheetThatNamesAVNummerWithExcelsRowNumbers) {
  TempDir dir;
  const std::string path = dir.File("administratie.xlsx");
  const table::Table uitleg{"Toelichting", {"Uitleg"}, {{Cell::Text("bijgewerkt door Fatima")}}};
  const Cell leeg = Cell::Text("");
  const table::Table statushouders{
      "Statushouders",
      {"Naam", "V-nr", "Geboortedatum", "Grootte huishouden"},
      {
          {Cell::Text("Zoë Haddad"), Cell::Text("0123456789"), Dag("1990-05-17"), Cell::Number(3)},  // row 2
          {leeg, leeg, leeg, leeg},                                                                  // row 3
          {Cell::Text("  "), leeg, Cell::Text(" "), leeg},  // row 4: spaces only, nothing in it
          {Cell::Text("Yonas Tesfay"), Cell::Number(1234567890), leeg, Cell::Number(1)},  // row 5
      }};
  ASSERT_TRUE(table::WriteXlsx({uitleg, statushouders}, path).ok());

  const Blad blad = Lees(path);
  EXPECT_EQ(blad.bron, "werkblad 'Statushouders'");
  EXPECT_EQ(blad.kopjes, (std::vector<std::string>{"Naam", "V-nr", "Geboortedatum", "Grootte huishouden"}));
  EXPECT_EQ(Nummers(blad), (std::vector<uint64_t>{2, 5}))
      << "empty rows are skipped, the numbering stays Excel's";
  ASSERT_EQ(blad.rijen.size(), 2u);
  // Text stays text (leading zero kept), numbers numbers, dates dates.
  EXPECT_EQ(blad.rijen[0].cellen, (std::vector<Cell>{Cell::Text("Zoë Haddad"), Cell::Text("0123456789"),
                                                     Dag("1990-05-17"), Cell::Number(3)}));
  EXPECT_EQ(blad.rijen[1].cellen,
            (std::vector<Cell>{Cell::Text("Yonas Tesfay"), Cell::Number(1234567890), leeg, Cell::Number(1)}));
}

TEST(LezenTest, WorkbookWithoutAVNummerSheetGivesTheFirst) {
  TempDir dir;
  const std::string path = dir.File("w.xlsx");
  ASSERT_TRUE(table::WriteXlsx({table::Table{"Eerste", {"Naam"}, {{Cell::Text("a")}}},
                                table::Table{"Tweede", {"Gemeente"}, {{Cell::Text("b")}}}},
                               path)
                  .ok());
  const Blad blad = Lees(path);
  EXPECT_EQ(blad.bron, "werkblad 'Eerste'");
  EXPECT_EQ(blad.kopjes, std::vector<std::string>{"Naam"});
  ASSERT_EQ(blad.rijen.size(), 1u);
  EXPECT_EQ(blad.rijen[0].nummer, 2u);
}

TEST(LezenTest, TheFirstOfTwoVNummerSheetsIsChosen) {
  TempDir dir;
  const std::string path = dir.File("w.xlsx");
  ASSERT_TRUE(table::WriteXlsx({table::Table{"Oud", {"V-nummer"}, {{Cell::Text("1")}}},
                                table::Table{"Nieuw", {"V-nummer"}, {{Cell::Text("2")}}}},
                               path)
                  .ok());
  EXPECT_EQ(Lees(path).bron, "werkblad 'Oud'");
}

TEST(LezenTest, ReadingAgainStartsFromAnEmptyBlad) {
  TempDir dir;
  const std::string path = dir.File("w.xlsx");
  ASSERT_TRUE(table::WriteXlsx({table::Table{"Blad1", {"V-nummer"}, {{Cell::Text("1")}}}}, path).ok());
  Blad blad;
  blad.kopjes = {"oud"};
  blad.rijen.push_back(Rij{99, Tekst({"oud"})});
  ASSERT_TRUE(LeesOudeAdministratie(path, &blad).ok());
  EXPECT_EQ(blad.kopjes, std::vector<std::string>{"V-nummer"});
  EXPECT_EQ(Nummers(blad), std::vector<uint64_t>{2});
}

// ---- CSV

// The same small administration in several encodings and separators: header line 1, rows on 2 and 4.
std::string Csv(char sep, bool windows1252) {
  const std::string e = windows1252 ? "\xEB" : "ë";       // ë
  const std::string eacute = windows1252 ? "\xE9" : "é";  // é
  const std::string s(1, sep);
  return "Naam" + s + "V-nummer" + s + "Verblijfplaats" + s + "Opmerking\r\n" +  //
         "Zo" + e + " Haddad" + s + "0123456789" + s + "\"AZC Budel" + s + " Noord\"" + s + "caf" + eacute +
         "\r\n" +  //
         "\r\n" +  //
         "\"Yonas \"\"Jo\"\" Tesfay\"" + s + "1234567890" + s + "AZC Gilze" + s +
         "\r\n";  // the last field empty
}

void ExpectKleineAdministratie(const Blad& blad, char sep) {
  const std::string s(1, sep);
  EXPECT_EQ(blad.kopjes, (std::vector<std::string>{"Naam", "V-nummer", "Verblijfplaats", "Opmerking"}));
  EXPECT_EQ(Nummers(blad), (std::vector<uint64_t>{2, 4}));
  ASSERT_EQ(blad.rijen.size(), 2u);
  EXPECT_EQ(blad.rijen[0].cellen,
            Tekst({"Zoë Haddad", "0123456789", ("AZC Budel" + s + " Noord").c_str(), "café"}));
  EXPECT_EQ(blad.rijen[1].cellen, Tekst({"Yonas \"Jo\" Tesfay", "1234567890", "AZC Gilze", ""}));
}

TEST(LezenTest, CsvInEveryEncodingAndSeparatorGivesTheSameBlad) {
  TempDir dir;
  struct Geval {
    std::string naam;
    std::string bytes;
    char sep;
    std::string bron;
  };
  const std::vector<Geval> gevallen = {
      {"bom-puntkomma.csv", "\xEF\xBB\xBF" + Csv(';', false), ';', "CSV, UTF-8, ';'"},
      {"bom-komma.csv", "\xEF\xBB\xBF" + Csv(',', false), ',', "CSV, UTF-8, ','"},
      {"utf8-puntkomma.csv", Csv(';', false), ';', "CSV, UTF-8, ';'"},
      {"utf8-komma.csv", Csv(',', false), ',', "CSV, UTF-8, ','"},
      {"ansi-puntkomma.csv", Csv(';', true), ';', "CSV, Windows-1252, ';'"},
      {"ansi-komma.csv", Csv(',', true), ',', "CSV, Windows-1252, ','"},
  };
  for (const Geval& g : gevallen) {
    SCOPED_TRACE(g.naam);
    const std::string path = dir.File(g.naam);
    WriteFile(path, g.bytes);
    const Blad blad = Lees(path);
    EXPECT_EQ(blad.bron, g.bron);
    ExpectKleineAdministratie(blad, g.sep);
  }
}

TEST(LezenTest, CsvRowsKeepTheLineTheyStartOn) {
  TempDir dir;
  const std::string path = dir.File("regels.csv");
  WriteFile(path,
            "\n"                        // 1: empty, before the header
            "V-nummer;Naam;Gemeente\n"  // 2: header
            "\n"                        // 3
            "0000000001;a;Dordrecht\n"  // 4
            ";;\n"                      // 5: separators only, nothing in it
            "  ; ;\t\n"                 // 6: blanks only
            "0000000002;\"b\nc\";x\n"   // 7–8: a line break inside quotes
            "0000000003;d\n"            // 9: short; filled to the header's width
            "\r\n\r\n"                  // 10, 11
            "0000000004;e;f;g");        // 12: no line end, one field too many
  const Blad blad = Lees(path);
  EXPECT_EQ(blad.kopjes, (std::vector<std::string>{"V-nummer", "Naam", "Gemeente"}));
  EXPECT_EQ(Nummers(blad), (std::vector<uint64_t>{4, 7, 9, 12}));
  ASSERT_EQ(blad.rijen.size(), 4u);
  EXPECT_EQ(blad.rijen[1].cellen, Tekst({"0000000002", "b\nc", "x"}));
  EXPECT_EQ(blad.rijen[2].cellen, Tekst({"0000000003", "d", ""}));
  EXPECT_EQ(blad.rijen[3].cellen, Tekst({"0000000004", "e", "f", "g"}))
      << "nothing the clerk typed is dropped";
}

TEST(LezenTest, HeaderOnlyIsAnEmptyAdministration) {
  TempDir dir;
  const std::string path = dir.File("kop.csv");
  WriteFile(path, "V-nummer;Naam\r\n\r\n");
  const Blad blad = Lees(path);
  EXPECT_EQ(blad.kopjes, (std::vector<std::string>{"V-nummer", "Naam"}));
  EXPECT_TRUE(blad.rijen.empty());
}

TEST(LezenTest, TheContentDecidesNotTheName) {
  TempDir dir;
  // Saved as CSV but named .xlsx (a clerk renamed it).
  const std::string csv = dir.File("administratie.xlsx");
  WriteFile(csv, "V-nummer;Naam\r\n0123456789;Zoë\r\n");
  Blad blad = Lees(csv);
  EXPECT_EQ(blad.bron, "CSV, UTF-8, ';'");
  EXPECT_EQ(Nummers(blad), std::vector<uint64_t>{2});
  // And a workbook named .csv.
  const std::string werkmap = dir.File("administratie.csv");
  ASSERT_TRUE(
      table::WriteXlsx({table::Table{"Blad1", {"V-nummer"}, {{Cell::Text("0123456789")}}}}, werkmap).ok());
  blad = Lees(werkmap);
  EXPECT_EQ(blad.bron, "werkblad 'Blad1'");
  EXPECT_EQ(blad.rijen.at(0).cellen, Tekst({"0123456789"}));
}

// ---- What is neither

TEST(LezenTest, AMissingFileIsNotFound) {
  TempDir dir;
  ExpectError(dir.File("weg.xlsx"), Status::Code::kNotFound);
  ExpectError(dir.File("weg.csv"), Status::Code::kNotFound);
}

TEST(LezenTest, ABinaryFileIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.File("foto.xlsx");
  std::string bytes;
  uint32_t seed = 7;
  for (int i = 0; i < 4096; ++i) {
    seed = seed * 1664525 + 1013904223;
    bytes.push_back(static_cast<char>(seed >> 24));
  }
  bytes[0] = 'B';  // as a bitmap starts: neither a zip's nor a BOM's signature
  bytes[1] = 'M';
  bytes[100] = '\0';  // whatever the generator made, a binary file has NUL bytes
  WriteFile(path, bytes);
  ExpectError(path, Status::Code::kInvalidArgument, "geen tekstbestand");
  // Without NUL bytes, but bytes that Windows-1252 leaves undefined and that are no UTF-8.
  WriteFile(path, "V-nummer\r\n\x81\x8D\x8F\x90\x9D\r\n");
  ExpectError(path, Status::Code::kInvalidArgument, "geen UTF-8 en geen Windows-1252");
}

TEST(LezenTest, AnOldXlsFileIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.File("oud.xls");
  WriteFile(path, std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0'));
  ExpectError(path, Status::Code::kInvalidArgument);
}

TEST(LezenTest, ATruncatedWorkbookIsAnErrorNotACrash) {
  TempDir dir;
  const std::string good = dir.File("goed.xlsx");
  std::vector<std::vector<Cell>> rijen;
  for (int i = 0; i < 200; ++i) rijen.push_back({Cell::Text("naam " + std::to_string(i)), Cell::Number(i)});
  ASSERT_TRUE(table::WriteXlsx({table::Table{"Blad1", {"Naam", "V-nummer"}, rijen}}, good).ok());
  const std::string bytes = ReadFile(good);
  ASSERT_GT(bytes.size(), 1000u);
  const std::string cut = dir.File("afgebroken.xlsx");
  WriteFile(cut, bytes.substr(0, bytes.size() / 2));
  ExpectError(cut, Status::Code::kCorruption);
  // Cut to just its zip signature: still a workbook by its bytes, and broken.
  WriteFile(cut, bytes.substr(0, 4));
  Blad blad;
  const Status status = LeesOudeAdministratie(cut, &blad);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find(cut), std::string::npos) << status.message();
}

TEST(LezenTest, Utf16IsRefusedWithAHint) {
  TempDir dir;
  const std::string path = dir.File("unicode.txt");
  std::string bytes = "\xFF\xFE";
  for (char c : std::string("V-nummer\tNaam\r\n0123456789\tZo")) {
    bytes.push_back(c);
    bytes.push_back('\0');
  }
  bytes += "\xEB";
  bytes.push_back('\0');
  WriteFile(path, bytes);
  ExpectError(path, Status::Code::kInvalidArgument, "UTF-16");
  // Big-endian too.
  WriteFile(path, "\xFE\xFF\0V"s);
  ExpectError(path, Status::Code::kInvalidArgument, "UTF-16");
}

TEST(LezenTest, AnEmptyFileIsInvalidArgument) {
  TempDir dir;
  const std::string path = dir.File("leeg.csv");
  WriteFile(path, "");
  ExpectError(path, Status::Code::kInvalidArgument, "leeg");
  WriteFile(path, "\xEF\xBB\xBF\r\n \r\n");  // a BOM and blank lines are nothing either
  ExpectError(path, Status::Code::kInvalidArgument, "leeg");
}

// A workbook of one sheet with `sheet_data` as its rows: one that libxlsxwriter would not write.
void WriteOneSheetWorkbook(const std::string& path, const std::string& sheet_data) {
  ASSERT_TRUE(WriteZip(
      path,
      {{"[Content_Types].xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
       {"_rels/.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
       {"xl/workbook.xml",
        R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
       {"xl/worksheets/sheet1.xml",
        R"(<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
            sheet_data + "</sheetData></worksheet>"}}));
}

TEST(LezenTest, AWorkbookWithAnEmptySheetIsInvalidArgument) {
  TempDir dir;
  // The same builder with a header and a row reads: the error below is about the empty sheet only.
  const std::string goed = dir.File("goed.xlsx");
  WriteOneSheetWorkbook(goed, R"(<row r="1"><c r="A1" t="inlineStr"><is><t>V-nummer</t></is></c></row>)"
                              R"(<row r="3"><c r="A3" t="inlineStr"><is><t>0123456789</t></is></c></row>)");
  const Blad blad = Lees(goed);
  EXPECT_EQ(blad.kopjes, std::vector<std::string>{"V-nummer"});
  EXPECT_EQ(Nummers(blad), std::vector<uint64_t>{3});

  const std::string leeg = dir.File("leeg.xlsx");
  WriteOneSheetWorkbook(leeg, "");
  ExpectError(leeg, Status::Code::kInvalidArgument, "is leeg");
  // Styled cells without a value are empty too.
  WriteOneSheetWorkbook(leeg, R"(<row r="1"><c r="A1" s="0"/><c r="B1" s="0"/></row>)");
  ExpectError(leeg, Status::Code::kInvalidArgument, "is leeg");
}

// ---- Size

constexpr int kVeel = 100000;

std::string VNummer(int i) {
  std::string v = std::to_string(i);
  return std::string(10 - v.size(), '0') + v;
}

TEST(LezenTest, AHundredThousandRowsOfCsv) {
  TempDir dir;
  const std::string path = dir.File("groot.csv");
  std::string bytes = "\xEF\xBB\xBFV-nummer;Naam;Grootte huishouden;Datum aanmelding\r\n";
  for (int i = 1; i <= kVeel; ++i) {
    bytes +=
        VNummer(i) + ";Persoon " + std::to_string(i) + ";" + std::to_string(i % 7 + 1) + ";01-03-2025\r\n";
  }
  WriteFile(path, bytes);
  const Blad blad = Lees(path);
  ASSERT_EQ(blad.rijen.size(), static_cast<size_t>(kVeel));
  EXPECT_EQ(blad.rijen.front().nummer, 2u);
  EXPECT_EQ(blad.rijen.back().nummer, static_cast<uint64_t>(kVeel) + 1);
  EXPECT_EQ(blad.rijen.back().cellen, Tekst({"0000100000", "Persoon 100000", "6", "01-03-2025"}));
}

TEST(LezenTest, AHundredThousandRowsOfWorkbook) {
  TempDir dir;
  const std::string path = dir.File("groot.xlsx");
  table::Table t{"Statushouders", {"V-nummer", "Naam", "Grootte huishouden", "Datum aanmelding"}, {}};
  t.rows.reserve(kVeel);
  for (int i = 1; i <= kVeel; ++i) {
    t.rows.push_back({Cell::Text(VNummer(i)), Cell::Text("Persoon " + std::to_string(i)),
                      Cell::Number(i % 7 + 1), Dag("2025-03-01")});
  }
  ASSERT_TRUE(table::WriteXlsx({t}, path).ok());
  const Blad blad = Lees(path);
  ASSERT_EQ(blad.rijen.size(), static_cast<size_t>(kVeel));
  EXPECT_EQ(blad.rijen.front().nummer, 2u);
  EXPECT_EQ(blad.rijen.back().nummer, static_cast<uint64_t>(kVeel) + 1);
  EXPECT_EQ(blad.rijen.back().cellen, t.rows.back());
  EXPECT_EQ(blad.rijen[4999].cellen, t.rows[4999]);
}

// ---- Column letters, as the clerk finds them in Excel

TEST(LezenTest, KolomLetter) {
  EXPECT_EQ(KolomLetter(0), "A");
  EXPECT_EQ(KolomLetter(3), "D");
  EXPECT_EQ(KolomLetter(25), "Z");
  EXPECT_EQ(KolomLetter(26), "AA");
  EXPECT_EQ(KolomLetter(27), "AB");
  EXPECT_EQ(KolomLetter(701), "ZZ");
  EXPECT_EQ(KolomLetter(702), "AAA");
}

}  // namespace
}  // namespace regiotafel::administratie
