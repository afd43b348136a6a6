// Tables for a terminal: widths in terminal cells (wide CJK two, combining marks none), numbers to
// the right.
#include "services/table/text.h"

#include <gtest/gtest.h>

#include <sstream>

#include "tests/support/table_files.h"

namespace regiotafel::table {
namespace {

TEST(TextTest, WidthCountsCharactersNotBytes) {
  EXPECT_EQ(TextWidth(""), 0u);
  EXPECT_EQ(TextWidth("Zoë"), 3u);
  EXPECT_EQ(TextWidth("Ахмед"), 5u);
  EXPECT_EQ(TextWidth("€"), 1u);
}

TEST(TextTest, WideCharactersTakeTwoCells) {
  EXPECT_EQ(TextWidth("\xe6\x9d\x8e"), 2u) << "李, a CJK ideograph";
  EXPECT_EQ(TextWidth("\xe6\x9d\x8e\xe5\xb0\x8f\xe9\xbe\x99"), 6u) << "李小龙";
  EXPECT_EQ(TextWidth("\xea\xb9\x80"), 2u) << "김, Hangul";
  EXPECT_EQ(TextWidth("\xef\xbc\xa1"), 2u) << "Ａ, fullwidth";
  EXPECT_EQ(TextWidth("\xF0\x9F\x8F\xA0"), 2u) << "an emoji of four bytes";
  EXPECT_EQ(TextWidth("Li \xe6\x9d\x8e"), 5u);
}

TEST(TextTest, CombiningMarksTakeNoCell) {
  EXPECT_EQ(TextWidth("Zoe\xcc\x88"), 3u) << "e + combining diaeresis reads as ë";
  EXPECT_EQ(TextWidth("a\xcc\x81\xcc\xa3"), 1u) << "two marks on one letter";
  EXPECT_EQ(TextWidth("a\xe2\x80\x8d"), 1u) << "zero-width joiner";
}

TEST(TextTest, InvalidUtf8CountsOnePerByte) {
  EXPECT_EQ(TextWidth("\xff\xfe"), 2u) << "not UTF-8";
  EXPECT_EQ(TextWidth("\xC3"), 1u) << "cut short at the end";
  EXPECT_EQ(TextWidth("\xe6\x9d"), 2u) << "a wide character cut short";
  EXPECT_EQ(TextWidth("\xe6x\x8e"), 3u) << "a continuation byte missing";
  EXPECT_EQ(TextWidth("\x80xyz"), 4u) << "a lone continuation byte";
}

TEST(TextTest, WideAndCombiningTextLinesUp) {
  const Table table{"Dossiers",
                    {"Naam", "Huishouden"},
                    {{Cell::Text("\xe6\x9d\x8e\xe5\xb0\x8f"), Cell::Number(1)},
                     {Cell::Text("Zoe\xcc\x88"), Cell::Number(12)}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(table, out).ok());
  EXPECT_EQ(out.str(),
            "Naam  Huishouden\n"
            "----  ----------\n"
            "\xe6\x9d\x8e\xe5\xb0\x8f           1\n"
            "Zoe\xcc\x88           12\n");
}

TEST(TextTest, ColumnsLineUpNumbersRight) {
  const Table table{"Dossiers",
                    {"Naam", "Huishouden", "Koppeldatum", "Woning-ID"},
                    {{Cell::Text("Zoë Tesfaye"), Cell::Number(1), Date("2026-03-01"), Cell::Text("")},
                     {Cell::Text("Amina Haddad"), Cell::Number(12), Cell::Text(""), Cell::Text("DRD-12")}}};
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
                    {{Cell::Decimal(12.5), Cell::Number(7)}, {Cell::Decimal(3), Cell::Text("STIL")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(table, out).ok());
  EXPECT_EQ(out.str(),
            "Aandeel (%)  Code\n"
            "-----------  ----\n"
            "       12,5  7\n"
            "          3  STIL\n");
}

TEST(TextTest, SeveralTablesUnderTheirNames) {
  const std::vector<Table> tables{Table{"Een", {"A"}, {{Cell::Number(1)}}}, Table{"Twee", {"B"}, {}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(tables, out).ok());
  EXPECT_EQ(out.str(), "Een\n\nA\n-\n1\n\nTwee\n\nB\n-\n");
}

TEST(TextTest, FormHasAFieldPerLine) {
  const Table table{
      "Dossier",
      {"V-nummer", "Verwachte nareizigers", "Koppeldatum", "Woning-ID", "Huishouden"},
      {{Cell::Text("1234567890"), Cell::Number(0), Date("2026-01-05"), Cell::Text(""), Cell::Number(12)},
       {Cell::Text("\xe6\x9d\x8e"), Cell::Number(1), Cell::Text(""), Cell::Text("DRD-12"), Cell::Number(3)}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteForm(table, out).ok());
  EXPECT_EQ(out.str(),
            "V-nummer               1234567890\n"
            "Verwachte nareizigers  0\n"
            "Koppeldatum            05-01-2026\n"
            "Woning-ID\n"
            "Huishouden             12\n"
            "\n"
            "V-nummer               \xe6\x9d\x8e\n"
            "Verwachte nareizigers  1\n"
            "Koppeldatum\n"
            "Woning-ID              DRD-12\n"
            "Huishouden             3\n");
  std::ostringstream bad;
  EXPECT_TRUE(WriteForm(Table{"t", {"a"}, {{}}}, bad).IsInvalidArgument());
}

TEST(TextTest, RowOfTheWrongWidthIsRefused) {
  std::ostringstream out;
  EXPECT_TRUE(WriteText(Table{"t", {"a"}, {{Cell::Number(1), Cell::Number(2)}}}, out).IsInvalidArgument());
}

// Data that holds control characters: what a terminal would obey (ESC clears the screen, CR LF starts
// a fake row) is shown as a picture of it instead, so that one cell stays one line.
TEST(TerminalTextTest, ControlCharactersBecomeVisiblePictures) {
  EXPECT_EQ(TerminalText("Amina Haddad"), "Amina Haddad");
  EXPECT_EQ(TerminalText("Zo\xC3\xAB \xe6\x9d\x8e"), "Zo\xC3\xAB \xe6\x9d\x8e") << "other text as it is";
  EXPECT_EQ(TerminalText("a\x1b[2Jb"), "a\u241B[2Jb") << "ESC: ␛";
  EXPECT_EQ(TerminalText("een\r\ntwee\tdrie"), "een\u240D\u240Atwee\u2409drie") << "␍␊ and ␉";
  EXPECT_EQ(TerminalText(std::string("a\0b", 3)), "a\u2400b") << "NUL: ␀";
  EXPECT_EQ(TerminalText("a\x7f"), "a\u2421") << "DEL: ␡";
  EXPECT_EQ(TerminalText("a\xC2\x9B"
                         "31m"),
            "a\uFFFD31m")
      << "C1 CSI (U+009B): �";
  EXPECT_EQ(TerminalText("a\xC2\x85"), "a\uFFFD") << "C1 NEL (U+0085)";
  EXPECT_EQ(TerminalText("a\x9b"
                         "31m"),
            "a\uFFFD31m")
      << "a lone byte 9B, CSI to an 8-bit terminal";
  EXPECT_EQ(TerminalText("\xC2\xA0"), "\xC2\xA0") << "U+00A0, no control";
  EXPECT_EQ(TextWidth(TerminalText("a\x1b\r\n\x7f\xC2\x9B\xff")), 7u) << "each one cell";
}

TEST(TextTest, ControlCharactersInCellsKeepOneLinePerRow) {
  const Table table{"Dossiers\x1b[2J",
                    {"Naam", "Verblijfplaats"},
                    {{Cell::Text("Amina\x1b[2J\r\nHaddad"), Cell::Text("AZC\tDordrecht")},
                     {Cell::Text("Zo\xC3\xAB\xC2\x9B"
                                 "31m\n"),
                      Cell::Text("x\x7f")}}};
  std::ostringstream out;
  ASSERT_TRUE(WriteText(table, out).ok());
  EXPECT_EQ(out.str(),
            "Naam               Verblijfplaats\n"
            "-----------------  --------------\n"
            "Amina\u241B[2J\u240D\u240AHaddad  AZC\u2409Dordrecht\n"
            "Zo\xC3\xAB\uFFFD"
            "31m\u240A           x\u2421\n");
  std::ostringstream several;
  ASSERT_TRUE(WriteText(std::vector<Table>{table}, several).ok());
  EXPECT_EQ(several.str().rfind("Dossiers\u241B[2J\n\n", 0), 0u) << several.str();

  std::ostringstream form;
  ASSERT_TRUE(WriteForm(table, form).ok());
  EXPECT_EQ(form.str(),
            "Naam            Amina\u241B[2J\u240D\u240AHaddad\n"
            "Verblijfplaats  AZC\u2409Dordrecht\n"
            "\n"
            "Naam            Zo\xC3\xAB\uFFFD"
            "31m\u240A\n"
            "Verblijfplaats  x\u2421\n");
}

}  // namespace
}  // namespace regiotafel::table
