#include "contract/identifiers.h"

#include <gtest/gtest.h>

#include <string>

namespace regiotafel::contract {
namespace {

TEST(VNummerTest, AcceptsExactlyTenDigits) {
  EXPECT_TRUE(IsVNummer("1234567890"));
  EXPECT_TRUE(IsVNummer("0000000000"));
}

TEST(VNummerTest, RefusesOtherLengthsAndNonDigits) {
  for (const char* bad : {"", "12345", "123456789", "12345678901", "12345678a0", " 234567890", "1234-67890",
                          "１２３４５６７８９０"}) {
    EXPECT_FALSE(IsVNummer(bad)) << bad;
  }
}

TEST(BsnTest, AcceptsNumbersPassingTheElevenTest) {
  // 111222333: 9+8+7+12+10+8+9+6−3 = 66; 123456782: 9+16+21+24+25+24+21+16−2 = 154.
  for (const char* good : {"111222333", "123456782", "999999990"}) EXPECT_TRUE(IsBsn(good)) << good;
}

TEST(BsnTest, RefusesNumbersFailingTheElevenTest) {
  EXPECT_FALSE(IsBsn("111222334"));
  EXPECT_FALSE(IsBsn("123456789"));
}

TEST(BsnTest, RefusesSumZero) { EXPECT_FALSE(IsBsn("000000000")); }

TEST(BsnTest, RefusesWrongLengths) {
  EXPECT_FALSE(IsBsn("12345678"));    // 8 digits
  EXPECT_FALSE(IsBsn("0111222333"));  // 10 digits
  EXPECT_FALSE(IsBsn(""));
}

TEST(BsnTest, RefusesLetters) {
  EXPECT_FALSE(IsBsn("11122233a"));
  EXPECT_FALSE(IsBsn("abcdefghi"));
  EXPECT_FALSE(IsBsn("111 22333"));
}

TEST(WoningIdTest, AcceptsTheAllowedCharacters) {
  for (const char* good : {"a", "TRV-0042", "dordrecht/voorstraat.1_a", "A.B_C/D-E9"}) {
    EXPECT_TRUE(IsWoningId(good)) << good;
  }
  EXPECT_TRUE(IsWoningId(std::string(64, 'x')));
}

TEST(WoningIdTest, RefusesEmptyTooLongAndOtherCharacters) {
  EXPECT_FALSE(IsWoningId(""));
  EXPECT_FALSE(IsWoningId(std::string(65, 'x')));
  for (const char* bad : {"TRV 0042", "TRV:0042", "wöning", "a+b", "a\\b", "a#1"})
    EXPECT_FALSE(IsWoningId(bad)) << bad;
}

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Amina"));
  EXPECT_TRUE(IsValidUtf8("Zoë Çelik"));             // 2 bytes
  EXPECT_TRUE(IsValidUtf8("€ 650,00"));              // 3 bytes
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x8F\xA0"));      // U+1F3E0, 4 bytes
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));      // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));          // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8(std::string("a\0b", 3)));  // NUL is a code point
}

TEST(Utf8Test, RefusesOverlongForms) {
  for (const char* bad :
       {"\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF"}) {
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
  }
}

TEST(Utf8Test, RefusesSurrogates) {
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));  // U+D800
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));  // U+DFFF
}

TEST(Utf8Test, RefusesCodePointsAboveTheLast) {
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // U+110000
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("\xFF"));
}

TEST(Utf8Test, RefusesTruncatedSequences) {
  for (const char* bad : {"\xC3", "a\xE2\x82", "\xF0\x9F\x8F",
                          "\xE2\x82"
                          "a"})
    EXPECT_FALSE(IsValidUtf8(bad)) << bad;
}

TEST(Utf8Test, RefusesStrayContinuationBytes) {
  EXPECT_FALSE(IsValidUtf8("\x80"));
  EXPECT_FALSE(
      IsValidUtf8("a\xBF"
                  "b"));
}

TEST(OrgIdTest, ParsesEveryKind) {
  struct Case {
    const char* text;
    OrgKind kind;
    const char* slug;
  };
  for (const Case& c : {Case{"gemeente:dordrecht", OrgKind::kGemeente, "dordrecht"},
                        Case{"corporatie:trivire", OrgKind::kCorporatie, "trivire"},
                        Case{"vluchtelingenwerk:zuid-west-2", OrgKind::kVluchtelingenwerk, "zuid-west-2"},
                        Case{"coa:gilze", OrgKind::kCoa, "gilze"},
                        Case{"regio:drechtsteden", OrgKind::kRegio, "drechtsteden"}}) {
    std::optional<OrgId> id = ParseOrgId(c.text);
    ASSERT_TRUE(id.has_value()) << c.text;
    EXPECT_EQ(id->kind, c.kind);
    EXPECT_EQ(id->slug, c.slug);
  }
}

TEST(OrgIdTest, AcceptsSlugsOfOneToFortyCharacters) {
  EXPECT_TRUE(ParseOrgId("gemeente:a").has_value());
  EXPECT_TRUE(ParseOrgId("gemeente:" + std::string(40, 'a')).has_value());
}

TEST(OrgIdTest, RefusesBadSlugs) {
  for (const std::string& bad :
       {std::string("gemeente:"), "gemeente:" + std::string(41, 'a'), std::string("gemeente:Dordrecht"),
        std::string("gemeente:den haag"), std::string("gemeente:dordrecht:2"),
        std::string("gemeente:'s-gravendeel"), std::string("gemeente:dördrecht")}) {
    EXPECT_FALSE(ParseOrgId(bad).has_value()) << bad;
  }
}

TEST(OrgIdTest, RefusesUnknownKindsAndMissingColon) {
  for (const char* bad : {"", "dordrecht", "provincie:zuid-holland", "Gemeente:dordrecht", ":dordrecht",
                          "gemeente dordrecht"}) {
    EXPECT_FALSE(ParseOrgId(bad).has_value()) << bad;
  }
}

TEST(OrgKindTest, NamesRoundTrip) {
  for (OrgKind kind : {OrgKind::kGemeente, OrgKind::kCorporatie, OrgKind::kVluchtelingenwerk, OrgKind::kCoa,
                       OrgKind::kRegio}) {
    EXPECT_EQ(ParseOrgKind(OrgKindName(kind)), kind);
  }
  EXPECT_EQ(OrgKindName(OrgKind::kVluchtelingenwerk), "vluchtelingenwerk");
  EXPECT_FALSE(ParseOrgKind("provincie").has_value());
  EXPECT_FALSE(ParseOrgKind("").has_value());
}

}  // namespace
}  // namespace regiotafel::contract
