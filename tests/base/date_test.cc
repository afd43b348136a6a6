#include "base/date.h"

#include <gtest/gtest.h>

namespace regiotafel {
namespace {

TEST(DateTest, ParsesRealCalendarDates) {
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1970-01-02"), 1);
  EXPECT_TRUE(ParseDate("2024-02-29").has_value());  // leap year
  EXPECT_TRUE(ParseDate("2000-02-29").has_value());  // divisible by 400
}

TEST(DateTest, RefusesImpossibleOrMalformedDates) {
  for (const char* bad : {"2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01",
                          "24-01-01", "2024/01/01", "2024-01-01 ", "", "abcd-ef-gh", "1899-12-31"}) {
    EXPECT_FALSE(ParseDate(bad).has_value()) << bad;
  }
}

TEST(DateTest, FormatsRoundTrip) {
  for (const char* text : {"1970-01-01", "2024-02-29", "2026-12-31", "1999-07-15"}) {
    EXPECT_EQ(FormatDate(*ParseDate(text)), text);
  }
}

TEST(DateTest, DifferencesAreCalendarDays) {
  EXPECT_EQ(*ParseDate("2025-03-01") - *ParseDate("2025-02-28"), 1);
  EXPECT_EQ(*ParseDate("2024-03-01") - *ParseDate("2024-02-28"), 2);
  EXPECT_EQ(*ParseDate("2026-01-01") - *ParseDate("2025-01-01"), 365);
}

TEST(PeriodeTest, ParsesAndFormats) {
  auto p = ParsePeriode("2025-H2");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->year, 2025);
  EXPECT_EQ(p->half, 2);
  EXPECT_EQ(FormatPeriode(*p), "2025-H2");
  for (const char* bad : {"2025-H3", "2025-H0", "2025H1", "25-H1", "2025-h1", ""}) {
    EXPECT_FALSE(ParsePeriode(bad).has_value()) << bad;
  }
}

TEST(PeriodeTest, BoundariesAndSuccession) {
  EXPECT_EQ(FormatDate(Periode{2025, 1}.FirstDay()), "2025-01-01");
  EXPECT_EQ(FormatDate(Periode{2025, 1}.LastDay()), "2025-06-30");
  EXPECT_EQ(FormatDate(Periode{2025, 2}.FirstDay()), "2025-07-01");
  EXPECT_EQ(FormatDate(Periode{2025, 2}.LastDay()), "2025-12-31");
  EXPECT_EQ(PeriodeOf(*ParseDate("2025-06-30")), (Periode{2025, 1}));
  EXPECT_EQ(PeriodeOf(*ParseDate("2025-07-01")), (Periode{2025, 2}));
  EXPECT_EQ((Periode{2025, 2}.Next()), (Periode{2026, 1}));
  EXPECT_EQ((Periode{2026, 1}.Previous()), (Periode{2025, 2}));
}

}  // namespace
}  // namespace regiotafel
