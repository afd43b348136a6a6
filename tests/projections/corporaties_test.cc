// The Corporaties view: afspraak pro rata, huurcontracten up to P, vrijgekomen, aandeel.
#include <gtest/gtest.h>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

// The row of (corporatie, periode) at `peildatum`; a default row when there is none.
v1::CorporatieRegel Row(const Projection& p, const std::string& peildatum, const std::string& corporatie,
                        const std::string& periode) {
  const auto view = p.Corporaties(At(peildatum));
  for (const auto& r : view.regels()) {
    if (r.corporatie() == corporatie && r.periode() == periode) return r;
  }
  ADD_FAILURE() << "no row " << corporatie << " " << periode << " at " << peildatum;
  return {};
}

// `n` households housed by `corporatie` from `ingang` (each its own dossier and woning).
Log Contracts(int n, const std::string& corporatie, const std::string& ingang, int first_v = 0) {
  Log log;
  for (int i = first_v; i < first_v + n; ++i) {
    const std::string v = std::to_string(2000000000 + i);
    const std::string w = "W" + std::to_string(i);
    log.Add(Aanmelding("2025-01-02", v, kDordrecht));
    log.Add(WoningAangeboden("2025-01-03", w, corporatie, kDordrecht, 4, "2025-01-03"));
    log.Add(Reservering("2025-01-04", v, w, corporatie));
    log.Add(Huurcontract("2025-01-05", v, w, corporatie, ingang, 1));
  }
  return log;
}

Log With(Log log, std::initializer_list<v1::Envelope> more) {
  for (const auto& e : more) log.Add(e);
  return log;
}

TEST(CorporatiesTest, VerwachtIsTheAfspraakProRataOfTheDaysUpToThePeildatum) {
  Projection p = Log{CorporatieAfspraak("2024-12-01", kTrivire, "2025-H1", 18)}.Fold();  // 181 days
  EXPECT_EQ(Row(p, "2024-12-31", kTrivire, "2025-H1").verwacht(), 0);
  EXPECT_EQ(Row(p, "2025-01-01", kTrivire, "2025-H1").verwacht(), 0);   // ⌊18 × 1 / 181⌋
  EXPECT_EQ(Row(p, "2025-01-11", kTrivire, "2025-H1").verwacht(), 1);   // ⌊18 × 11 / 181⌋
  EXPECT_EQ(Row(p, "2025-03-31", kTrivire, "2025-H1").verwacht(), 8);   // ⌊18 × 90 / 181⌋
  EXPECT_EQ(Row(p, "2025-06-29", kTrivire, "2025-H1").verwacht(), 17);  // ⌊18 × 180 / 181⌋
  EXPECT_EQ(Row(p, "2025-06-30", kTrivire, "2025-H1").verwacht(), 18);
  EXPECT_EQ(Row(p, "2025-09-01", kTrivire, "2025-H1").verwacht(), 18);
}

TEST(CorporatiesTest, TheLatestAfspraakCounts) {
  Projection p = Log{CorporatieAfspraak("2024-12-01", kTrivire, "2025-H1", 18),
                     CorporatieAfspraak("2025-02-01", kTrivire, "2025-H1", 20)}
                     .Fold();
  EXPECT_EQ(Row(p, "2025-01-31", kTrivire, "2025-H1").afspraak(), 18);
  EXPECT_EQ(Row(p, "2025-02-01", kTrivire, "2025-H1").afspraak(), 20);
}

TEST(CorporatiesTest, HuurcontractenCountInThePeriodeOfTheirIngangsdatumFromThatDay) {
  Projection p =
      With(Contracts(2, kTrivire, "2025-06-30"), {CorporatieAfspraak("2024-12-01", kTrivire, "2025-H1", 4)})
          .Fold();
  EXPECT_EQ(Row(p, "2025-06-29", kTrivire, "2025-H1").huurcontracten(), 0);
  EXPECT_EQ(Row(p, "2025-06-30", kTrivire, "2025-H1").huurcontracten(), 2);
}

TEST(CorporatiesTest, VoorAchterIsHuurcontractenMinusVerwacht) {
  Projection p =
      With(Contracts(3, kTrivire, "2025-02-01"), {CorporatieAfspraak("2024-12-01", kTrivire, "2025-H1", 18)})
          .Fold();
  v1::CorporatieRegel r = Row(p, "2025-03-31", kTrivire, "2025-H1");
  EXPECT_EQ(r.huurcontracten(), 3);
  EXPECT_EQ(r.verwacht(), 8);
  EXPECT_EQ(r.voor_achter(), -5);
}

TEST(CorporatiesTest, VrijgekomenSumsTheLatestReportPerGemeente) {
  Projection p = Log{VrijgekomenWoningen("2025-02-01", kTrivire, kDordrecht, "2025-H1", 30),
                     VrijgekomenWoningen("2025-03-01", kTrivire, kDordrecht, "2025-H1", 45),
                     VrijgekomenWoningen("2025-02-15", kTrivire, kZwijndrecht, "2025-H1", 10)}
                     .Fold();
  EXPECT_EQ(Row(p, "2025-02-01", kTrivire, "2025-H1").vrijgekomen(), 30);
  EXPECT_EQ(Row(p, "2025-02-28", kTrivire, "2025-H1").vrijgekomen(), 40);
  EXPECT_EQ(Row(p, "2025-03-01", kTrivire, "2025-H1").vrijgekomen(), 55);
}

TEST(CorporatiesTest, AandeelProcentIsRoundedHalfUpToOneDecimal) {
  Log base = Contracts(1, kTrivire, "2025-02-01");
  auto aandeel = [&](int vrijgekomen) {
    Projection p =
        With(base, {VrijgekomenWoningen("2025-02-01", kTrivire, kDordrecht, "2025-H1", vrijgekomen)}).Fold();
    return Row(p, "2025-03-01", kTrivire, "2025-H1").aandeel_procent();
  };
  EXPECT_EQ(aandeel(16), 6.3);  // 6.25
  EXPECT_EQ(aandeel(80), 1.3);  // 1.25
  EXPECT_EQ(aandeel(3), 33.3);  // 33.33…
  EXPECT_EQ(aandeel(8), 12.5);  // 12.5
  EXPECT_EQ(aandeel(7), 14.3);  // 14.28…
  EXPECT_EQ(aandeel(1), 100.0);
}

TEST(CorporatiesTest, AandeelProcentIsZeroWhenNothingCameFree) {
  Projection p = Contracts(2, kTrivire, "2025-02-01").Fold();
  v1::CorporatieRegel r = Row(p, "2025-03-01", kTrivire, "2025-H1");
  EXPECT_EQ(r.vrijgekomen(), 0);
  EXPECT_EQ(r.aandeel_procent(), 0.0);
  EXPECT_FALSE(r.boven_10_procent());
}

TEST(CorporatiesTest, Boven10ProcentIsAboveTenNotAtTen) {
  Log base = Contracts(1, kTrivire, "2025-02-01");
  auto row = [&](int vrijgekomen) {
    Projection p =
        With(base, {VrijgekomenWoningen("2025-02-01", kTrivire, kDordrecht, "2025-H1", vrijgekomen)}).Fold();
    return Row(p, "2025-03-01", kTrivire, "2025-H1");
  };
  EXPECT_FALSE(row(10).boven_10_procent());  // 10.0
  EXPECT_TRUE(row(9).boven_10_procent());    // 11.1
}

TEST(CorporatiesTest, Boven10ProcentIsJudgedOnTheRoundedAandeel) {
  Log base = Contracts(21, kTrivire, "2025-02-01");
  Projection p = With(base, {VrijgekomenWoningen("2025-02-01", kTrivire, kDordrecht, "2025-H1", 209)}).Fold();
  v1::CorporatieRegel r = Row(p, "2025-03-01", kTrivire, "2025-H1");  // 21 / 209 = 10.047…%
  EXPECT_EQ(r.aandeel_procent(), 10.0);
  EXPECT_FALSE(r.boven_10_procent());
}

TEST(CorporatiesTest, ARowExistsForEveryCorporatieAndPeriodeWithAnyFigure) {
  Projection p = With(Contracts(1, kWoonbron, "2025-08-01"),
                      {VrijgekomenWoningen("2025-02-01", kTrivire, kDordrecht, "2025-H1", 5),
                       CorporatieAfspraak("2025-01-01", kPoort6, "2025-H2", 3)})
                     .Fold();
  std::vector<std::string> rows;
  const auto view = p.Corporaties(At("2025-09-01"));
  for (const auto& r : view.regels()) rows.push_back(r.corporatie() + " " + r.periode());
  EXPECT_EQ(rows, (std::vector<std::string>{"corporatie:poort6 2025-H2", "corporatie:trivire 2025-H1",
                                            "corporatie:woonbron 2025-H2"}));
}

}  // namespace
}  // namespace regiotafel::projections::testing
