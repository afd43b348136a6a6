// The Woningen, Pijplijn and Begeleiding views.
#include <gtest/gtest.h>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

using S = v1::WoningRegel;

std::vector<std::string> WoningLines(const Projection& p, const std::string& peildatum) {
  std::vector<std::string> out;
  const auto view = p.Woningen(At(peildatum));
  for (const auto& w : view.woningen()) {
    out.push_back(w.woning_id() + " " + w.corporatie() + " " + w.gemeente() + " " +
                  S::Status_Name(w.status()) + " " + w.v_nummer() + " " +
                  std::to_string(w.dagen_beschikbaar()));
  }
  return out;
}

using Lines = std::vector<std::string>;

// ---- Woningen

TEST(WoningenTest, AnOfferedWoningIsBeschikbaarWithTheDaysSinceBeschikbaarPer) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-02-01")}.Fold();
  EXPECT_EQ(WoningLines(p, "2025-01-20"), Lines{"W1 corporatie:trivire gemeente:dordrecht BESCHIKBAAR  0"});
  EXPECT_EQ(WoningLines(p, "2025-02-11"), Lines{"W1 corporatie:trivire gemeente:dordrecht BESCHIKBAAR  10"});
}

TEST(WoningenTest, AnActiveReserveringMakesItGereserveerd) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-02-01"),
                     Reservering("2025-02-05", kV1, "W1", kTrivire)}
                     .Fold();
  EXPECT_EQ(WoningLines(p, "2025-02-11"),
            Lines{"W1 corporatie:trivire gemeente:dordrecht GERESERVEERD 1000000001 0"});
}

TEST(WoningenTest, AnyHuurcontractInEffectMakesItVerhuurd) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-02-01"),
                     WoningAangeboden("2025-01-05", "W2", kTrivire, kDordrecht, 4, "2025-02-01"),
                     Reservering("2025-02-05", kV1, "W1", kTrivire),
                     Huurcontract("2025-02-06", kV1, "W1", kTrivire, "2025-02-15", 1),
                     Reservering("2025-03-01", kV1, "W2", kTrivire),
                     Huurcontract("2025-03-02", kV1, "W2", kTrivire, "2025-03-15", 1)}
                     .Fold();
  EXPECT_EQ(WoningLines(p, "2025-02-14"),
            (Lines{"W1 corporatie:trivire gemeente:dordrecht GERESERVEERD 1000000001 0",
                   "W2 corporatie:trivire gemeente:dordrecht BESCHIKBAAR  13"}));
  EXPECT_EQ(WoningLines(p, "2025-03-20"),  // W1 stays VERHUURD after the household moved on
            (Lines{"W1 corporatie:trivire gemeente:dordrecht VERHUURD 1000000001 0",
                   "W2 corporatie:trivire gemeente:dordrecht VERHUURD 1000000001 0"}));
}

TEST(WoningenTest, AWithdrawnWoningIsIngetrokkenWhateverElseHolds) {
  Projection p =
      Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-02-01"),
          Reservering("2025-02-05", kV1, "W1", kTrivire), WoningIngetrokken("2025-02-10", "W1", kTrivire)}
          .Fold();
  EXPECT_EQ(WoningLines(p, "2025-02-11"), Lines{"W1 corporatie:trivire gemeente:dordrecht INGETROKKEN  0"});
}

TEST(WoningenTest, OnlyOfferedWoningenAreListedSortedByWoningId) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W2", kWoonbron, kZwijndrecht, 4, "2025-01-05"),
                     Reservering("2025-01-06", kV1, "X9", kTrivire),
                     WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-01-05")}
                     .Fold();
  EXPECT_EQ(WoningLines(p, "2025-01-05"),
            (Lines{"W1 corporatie:trivire gemeente:dordrecht BESCHIKBAAR  0",
                   "W2 corporatie:woonbron gemeente:zwijndrecht BESCHIKBAAR  0"}));
}

TEST(WoningenTest, TheLatestOfferDescribesTheWoning) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-01-05"),
                     WoningAangeboden("2025-02-01", "W1", kTrivire, kPapendrecht, 4, "2025-02-10")}
                     .Fold();
  EXPECT_EQ(WoningLines(p, "2025-02-15"), Lines{"W1 corporatie:trivire gemeente:papendrecht BESCHIKBAAR  5"});
}

// ---- Pijplijn

TEST(PijplijnTest, CountsDossiersPerFaseAndThePersonsWaiting) {
  Projection p = Log{Aanmelding("2025-01-02", kV1, kDordrecht, 2),  // 3 persons, GEKOPPELD
                     Aanmelding("2025-01-02", kV2, kDordrecht, 1),  // 2 persons, GERESERVEERD
                     Reservering("2025-01-10", kV2, "W1", kTrivire),
                     Aanmelding("2025-01-02", kV3, kDordrecht, 4),  // 5 persons, HUURCONTRACT
                     Reservering("2025-01-10", kV3, "W2", kTrivire),
                     Huurcontract("2025-01-11", kV3, "W2", kTrivire, "2025-01-15", 5),
                     Aanmelding("2025-01-02", "1000000004", kZwijndrecht),  // GESLOTEN
                     DossierGesloten("2025-01-20", "1000000004")}
                     .Fold();
  v1::PijplijnView v = p.Pijplijn(At("2025-02-01"));
  ASSERT_EQ(v.gemeenten_size(), 2);
  const auto& d = v.gemeenten(0);
  EXPECT_EQ(d.gemeente(), kDordrecht);
  EXPECT_EQ(d.gekoppeld(), 1);
  EXPECT_EQ(d.gereserveerd(), 1);
  EXPECT_EQ(d.huurcontract(), 1);
  EXPECT_EQ(d.ingeschreven(), 0);
  EXPECT_EQ(d.gesloten(), 0);
  EXPECT_EQ(d.personen_wachtend(), 5);
  const auto& z = v.gemeenten(1);
  EXPECT_EQ(z.gemeente(), kZwijndrecht);
  EXPECT_EQ(z.gesloten(), 1);
  EXPECT_EQ(z.personen_wachtend(), 0);
}

TEST(PijplijnTest, TheFasesAddUpToTheDossiersIncludingThoseWithoutGemeente) {
  Projection p = Log{Aanmelding("2025-01-02", kV1, kDordrecht), Signaal("2025-01-03", kV2, "s-1")}.Fold();
  v1::PijplijnView v = p.Pijplijn(At("2025-02-01"));
  ASSERT_EQ(v.gemeenten_size(), 2);
  EXPECT_EQ(v.gemeenten(0).gemeente(), "");
  EXPECT_EQ(v.gemeenten(0).gekoppeld(), 1);
  EXPECT_EQ(v.gemeenten(1).gemeente(), kDordrecht);
  EXPECT_EQ(v.gemeenten(1).gekoppeld(), 1);
}

TEST(PijplijnTest, ADossierCountsForItsLinkedGemeenteAfterHerkoppeling) {
  Projection p =
      Log{Aanmelding("2025-01-02", kV1, kDordrecht), Herkoppeling("2025-01-10", kV1, kPapendrecht)}.Fold();
  EXPECT_EQ(p.Pijplijn(At("2025-01-09")).gemeenten(0).gemeente(), kDordrecht);
  EXPECT_EQ(p.Pijplijn(At("2025-01-10")).gemeenten(0).gemeente(), kPapendrecht);
}

// ---- Begeleiding

Log Housed() {
  return Log{Aanmelding("2025-01-02", kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire),
             Huurcontract("2025-01-11", kV1, "W1", kTrivire, "2025-02-01", 1)};
}

v1::Begeleiding BegeleidingAt(const Projection& p, const std::string& peildatum) {
  v1::Begeleiding b;
  Status s = p.Begeleiding(kV1, At(peildatum), &b);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return b;
}

TEST(BegeleidingTest, ShowsTheFaseHistoryInTheOrderItHappened) {
  Projection p = Housed()
                     .Add(BegeleidingFase("2025-03-01", kV1, v1::BegeleidingFase::COACHING_VESTIGING))
                     .Add(BegeleidingFase("2025-01-20", kV1, v1::BegeleidingFase::PRE_VESTIGING))
                     .Fold();
  v1::Begeleiding b = BegeleidingAt(p, "2025-03-10");
  ASSERT_EQ(b.fasen_size(), 2);
  EXPECT_EQ(b.fasen(0).datum(), "2025-01-20");
  EXPECT_EQ(b.fasen(0).fase(), v1::BegeleidingFase::PRE_VESTIGING);
  EXPECT_EQ(b.fasen(1).fase(), v1::BegeleidingFase::COACHING_VESTIGING);
  EXPECT_EQ(b.begeleiding(), "COACHING_VESTIGING");
}

TEST(BegeleidingTest, ShowsEachTaskDoneOnceWithItsFirstDate) {
  Projection p = Housed()
                     .Add(BegeleidingTaak("2025-02-10", kV1, v1::BegeleidingTaak::HUISARTS))
                     .Add(BegeleidingTaak("2025-02-03", kV1, v1::BegeleidingTaak::ZORGVERZEKERING))
                     .Add(BegeleidingTaak("2025-02-12", kV1, v1::BegeleidingTaak::HUISARTS))
                     .Fold();
  v1::Begeleiding b = BegeleidingAt(p, "2025-03-10");
  ASSERT_EQ(b.taken_size(), 2);
  EXPECT_EQ(b.taken(0).taak(), v1::BegeleidingTaak::ZORGVERZEKERING);
  EXPECT_EQ(b.taken(0).datum(), "2025-02-03");
  EXPECT_EQ(b.taken(1).taak(), v1::BegeleidingTaak::HUISARTS);
  EXPECT_EQ(b.taken(1).datum(), "2025-02-10");
}

TEST(BegeleidingTest, InMonitoringDuringTheFirstYearAfterTheIngangsdatum) {
  Projection p = Housed().Fold();
  EXPECT_FALSE(BegeleidingAt(p, "2025-01-31").in_monitoring());
  EXPECT_TRUE(BegeleidingAt(p, "2025-02-01").in_monitoring());
  EXPECT_TRUE(BegeleidingAt(p, "2026-02-01").in_monitoring());  // day 365
  EXPECT_FALSE(BegeleidingAt(p, "2026-02-02").in_monitoring());
  EXPECT_EQ(BegeleidingAt(p, "2025-02-01").monitoring_tot(), "2026-02-01");
}

TEST(BegeleidingTest, AClosedDossierIsNotInMonitoring) {
  Projection p = Housed().Add(DossierGesloten("2025-05-01", kV1)).Fold();
  EXPECT_TRUE(BegeleidingAt(p, "2025-04-30").in_monitoring());
  EXPECT_FALSE(BegeleidingAt(p, "2025-05-01").in_monitoring());
}

TEST(BegeleidingTest, AnUnknownDossierIsNotFound) {
  Projection p = Housed().Fold();
  v1::Begeleiding b;
  EXPECT_TRUE(p.Begeleiding(kV2, At("2025-03-01"), &b).IsNotFound());
  EXPECT_TRUE(p.Begeleiding(kV1, At("2024-12-31"), &b).IsNotFound());
}

TEST(BegeleidingTest, TheListHasEveryDossierSortedByVNummer) {
  Projection p = Housed().Add(Aanmelding("2025-01-02", "0000000001", kDordrecht)).Fold();
  v1::BegeleidingView v = p.Begeleidingen(At("2025-03-01"));
  ASSERT_EQ(v.begeleiding_size(), 2);
  EXPECT_EQ(v.begeleiding(0).v_nummer(), "0000000001");
  EXPECT_EQ(v.begeleiding(1).v_nummer(), kV1);
  EXPECT_EQ(v.begeleiding(1).datum_huurcontract(), "2025-02-01");
}

}  // namespace
}  // namespace regiotafel::projections::testing
