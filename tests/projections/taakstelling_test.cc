// The Taakstelling view: latest figures, carry-over without gaps, startsaldo, realisation by
// ingangsdatum and by nareizigers, overboekingen.
#include <gtest/gtest.h>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

// "gemeente periode: taakstelling startsaldo gerealiseerd in uit eindsaldo nog"
std::vector<std::string> Rows(const Projection& p, const std::string& peildatum) {
  std::vector<std::string> out;
  const auto view = p.Taakstelling(At(peildatum));
  for (const auto& r : view.regels()) {
    out.push_back(r.gemeente() + " " + r.periode() + ": " + std::to_string(r.taakstelling()) + " " +
                  std::to_string(r.startsaldo()) + " " + std::to_string(r.gerealiseerd()) + " " +
                  std::to_string(r.overboekingen_in()) + " " + std::to_string(r.overboekingen_uit()) + " " +
                  std::to_string(r.eindsaldo()) + " " + std::to_string(r.nog_te_huisvesten()));
  }
  return out;
}

using Lines = std::vector<std::string>;

// kV1 linked to `linked`, housed from `ingang` in woning `woning` of `gemeente` with `personen`.
Log Housed(const std::string& linked, const std::string& woning, const std::string& gemeente,
           const std::string& ingang, int personen) {
  return Log{Aanmelding("2025-01-06", kV1, linked, personen - 1),
             WoningAangeboden("2025-01-10", woning, kTrivire, gemeente, 6, ingang),
             Reservering("2025-01-20", kV1, woning, kTrivire),
             Huurcontract("2025-01-25", kV1, woning, kTrivire, ingang, personen)};
}

TEST(TaakstellingTest, ATaakstellingIsAnAchterstandUntilRealised) {
  Projection p = Log{Taakstelling("2025-01-05", kDordrecht, "2025-H1", 40)}.Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), Lines{"gemeente:dordrecht 2025-H1: 40 0 0 0 0 -40 40"});
}

TEST(TaakstellingTest, TheLatestVaststellingCounts) {
  Projection p = Log{Taakstelling("2025-01-05", kDordrecht, "2025-H1", 40),
                     Taakstelling("2025-02-01", kDordrecht, "2025-H1", 44),
                     Taakstelling("2025-01-02", kDordrecht, "2025-H1", 30)}  // reported late, but older
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-01-04"), Lines{"gemeente:dordrecht 2025-H1: 30 0 0 0 0 -30 30"});
  EXPECT_EQ(Rows(p, "2025-01-31"), Lines{"gemeente:dordrecht 2025-H1: 40 0 0 0 0 -40 40"});
  EXPECT_EQ(Rows(p, "2025-03-01"), Lines{"gemeente:dordrecht 2025-H1: 44 0 0 0 0 -44 44"});
}

TEST(TaakstellingTest, AVaststellingAfterThePeildatumDoesNotExistYet) {
  Projection p = Log{Taakstelling("2025-01-05", kDordrecht, "2025-H1", 40)}.Fold();
  EXPECT_EQ(Rows(p, "2025-01-04"), Lines{});
}

TEST(TaakstellingTest, TheSaldoCarriesOverWithoutGapsToThePeriodeOfThePeildatum) {
  Projection p = Log{Taakstelling("2024-06-01", kDordrecht, "2024-H2", 10)}.Fold();
  EXPECT_EQ(Rows(p, "2025-08-01"), (Lines{"gemeente:dordrecht 2024-H2: 10 0 0 0 0 -10 10",
                                          "gemeente:dordrecht 2025-H1: 0 -10 0 0 0 -10 10",
                                          "gemeente:dordrecht 2025-H2: 0 -10 0 0 0 -10 10"}));
}

TEST(TaakstellingTest, RowsReachTheLatestFigureWhenItIsAfterThePeildatum) {
  Projection p = Log{Taakstelling("2025-01-05", kDordrecht, "2025-H1", 10),
                     Taakstelling("2025-02-01", kDordrecht, "2026-H1", 12)}
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), (Lines{"gemeente:dordrecht 2025-H1: 10 0 0 0 0 -10 10",
                                          "gemeente:dordrecht 2025-H2: 0 -10 0 0 0 -10 10",
                                          "gemeente:dordrecht 2026-H1: 12 -10 0 0 0 -22 22"}));
}

TEST(TaakstellingTest, AGivenStartsaldoOverridesTheCarriedOne) {
  Projection p = Log{Taakstelling("2024-06-01", kDordrecht, "2024-H2", 10),
                     Taakstelling("2024-12-01", kDordrecht, "2025-H1", 20, 3)}
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), (Lines{"gemeente:dordrecht 2024-H2: 10 0 0 0 0 -10 10",
                                          "gemeente:dordrecht 2025-H1: 20 3 0 0 0 -17 17"}));
}

TEST(TaakstellingTest, AGivenStartsaldoStaysWhenALaterVaststellingOmitsIt) {
  Projection p = Log{Taakstelling("2024-12-01", kDordrecht, "2025-H1", 20, -5),
                     Taakstelling("2025-01-15", kDordrecht, "2025-H1", 22)}
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), Lines{"gemeente:dordrecht 2025-H1: 22 -5 0 0 0 -27 27"});
}

TEST(TaakstellingTest, AVoorsprongIsPositiveAndLeavesNothingToHouse) {
  Projection p = Log{Taakstelling("2024-12-01", kDordrecht, "2025-H1", 2, 5)}.Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), Lines{"gemeente:dordrecht 2025-H1: 2 5 0 0 0 3 0"});
}

TEST(TaakstellingTest, AHuurcontractCountsInThePeriodeOfItsIngangsdatumForTheGemeenteOfTheWoning) {
  Projection p = Housed(kDordrecht, "W1", kZwijndrecht, "2025-07-01", 3).Fold();
  EXPECT_EQ(Rows(p, "2025-06-30"), Lines{});
  EXPECT_EQ(Rows(p, "2025-07-01"), Lines{"gemeente:zwijndrecht 2025-H2: 0 0 3 0 0 3 0"});
}

TEST(TaakstellingTest, OnlyTheFirstHuurcontractCounts) {
  Projection p = Housed(kDordrecht, "W1", kDordrecht, "2025-02-01", 2)
                     .Add(WoningAangeboden("2025-03-01", "W2", kTrivire, kZwijndrecht, 6, "2025-04-01"))
                     .Add(Reservering("2025-03-02", kV1, "W2", kTrivire))
                     .Add(Huurcontract("2025-03-03", kV1, "W2", kTrivire, "2025-04-01", 2))
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-05-01"), Lines{"gemeente:dordrecht 2025-H1: 0 0 2 0 0 2 0"});
}

TEST(TaakstellingTest, NareizigersArrivingAfterTheIngangsdatumCountInThePeriodeOfTheirArrival) {
  Projection p = Housed(kDordrecht, "W1", kDordrecht, "2025-05-01", 2)
                     .Add(NareizigersGearriveerd("2025-08-10", kV1, 2))
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-08-09"), (Lines{"gemeente:dordrecht 2025-H1: 0 0 2 0 0 2 0",
                                          "gemeente:dordrecht 2025-H2: 0 2 0 0 0 2 0"}));
  EXPECT_EQ(Rows(p, "2025-08-10"), (Lines{"gemeente:dordrecht 2025-H1: 0 0 2 0 0 2 0",
                                          "gemeente:dordrecht 2025-H2: 0 2 2 0 0 4 0"}));
}

TEST(TaakstellingTest, NareizigersArrivingOnOrBeforeTheIngangsdatumDoNotCountSeparately) {
  Projection p = Housed(kDordrecht, "W1", kDordrecht, "2025-05-01", 2)
                     .Add(NareizigersGearriveerd("2025-04-01", kV1, 1))
                     .Add(NareizigersGearriveerd("2025-05-01", kV1, 1))
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-06-01"), Lines{"gemeente:dordrecht 2025-H1: 0 0 2 0 0 2 0"});
}

TEST(TaakstellingTest, NareizigersCountForTheWoongemeenteWhereTheHouseholdLivedWhenTheyArrived) {
  Projection p = Housed(kDordrecht, "W1", kDordrecht, "2025-02-01", 2)
                     .Add(NareizigersGearriveerd("2025-03-01", kV1, 1))
                     .Add(WoningAangeboden("2025-03-10", "W2", kTrivire, kZwijndrecht, 6, "2025-04-01"))
                     .Add(Reservering("2025-03-11", kV1, "W2", kTrivire))
                     .Add(Huurcontract("2025-03-12", kV1, "W2", kTrivire, "2025-04-01", 3))
                     .Add(NareizigersGearriveerd("2025-05-01", kV1, 2))
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-06-01"), (Lines{"gemeente:dordrecht 2025-H1: 0 0 3 0 0 3 0",
                                          "gemeente:zwijndrecht 2025-H1: 0 0 2 0 0 2 0"}));
}

TEST(TaakstellingTest, OverboekingenMoveCreditBetweenGemeenten) {
  Projection p = Log{Taakstelling("2025-01-05", kDordrecht, "2025-H1", 10),
                     Taakstelling("2025-01-05", kZwijndrecht, "2025-H1", 10),
                     Overboeking("2025-03-01", kZwijndrecht, kDordrecht, kV1, 3, "2025-H1")}
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), (Lines{"gemeente:dordrecht 2025-H1: 10 0 0 3 0 -7 7",
                                          "gemeente:zwijndrecht 2025-H1: 10 0 0 0 3 -13 13"}));
}

TEST(TaakstellingTest, ARealisationWithoutAnyKnownGemeenteCountsNowhere) {
  Projection p = Log{Reservering("2025-01-20", kV1, "W1", kTrivire),
                     Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 3)}
                     .Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), Lines{});
}

TEST(TaakstellingTest, ARealisationInAnUnknownWoningCountsForTheLinkedGemeente) {
  Projection p =
      Log{Aanmelding("2025-01-06", kV1, kAlblasserdam), Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 3)}
          .Fold();
  EXPECT_EQ(Rows(p, "2025-03-01"), Lines{"gemeente:alblasserdam 2025-H1: 0 0 3 0 0 3 0"});
}

TEST(TaakstellingTest, AdministratieCountsItsHuishoudenInItsWoongemeente) {
  AdminRow row;
  row.huishouden = 5;
  row.datum_aanmelding = "2024-09-02";
  row.woongemeente = kPapendrecht;
  row.datum_huurcontract = "2024-12-01";
  Projection p = Log{Administratie(row)}.Fold();
  EXPECT_EQ(Rows(p, "2025-01-10"), (Lines{"gemeente:papendrecht 2024-H2: 0 0 5 0 0 5 0",
                                          "gemeente:papendrecht 2025-H1: 0 5 0 0 0 5 0"}));
}

}  // namespace
}  // namespace regiotafel::projections::testing
