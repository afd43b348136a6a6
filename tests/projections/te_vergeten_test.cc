// DossierVergeten in the dossier fold, and the view te_vergeten (DOMAIN.md §7 rules 5 and 6).
#include "projections/te_vergeten.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

using Lines = std::vector<std::string>;

// "v_nummer gemeente FASE laatste_datum te_vergeten_sinds" per row.
Lines TeVergetenLines(const Projection& p, const AsOf& at, int32_t jaren = 7) {
  Lines out;
  const v1::TeVergetenView view = TeVergeten(p.Dossiers(at), at.peildatum, jaren);
  for (const v1::TeVergetenRegel& r : view.dossiers()) {
    out.push_back(r.v_nummer() + " " + r.gemeente() + " " + v1::Dossier::Fase_Name(r.fase()) + " " +
                  r.laatste_datum() + " " + r.te_vergeten_sinds());
  }
  return out;
}

// ---- The fold

TEST(DossierVergetenTest, NaamBecomesVergetenAndTheFactsStay) {
  const Log log{Aanmelding("2015-01-10", kV1, kDordrecht, 2),
                Huurcontract("2015-03-01", kV1, "W1", kTrivire, "2015-03-15", 3),
                DossierVergeten("2025-06-01", kV1)};
  Projection p = log.Fold();
  const v1::Dossier before = DossierAt(p, kV1, At("2025-05-31"));
  const v1::Dossier after = DossierAt(p, kV1, At("2025-06-01"));
  EXPECT_EQ(before.naam(), "Amina Yusuf");
  EXPECT_FALSE(before.vergeten());
  EXPECT_EQ(after.naam(), "vergeten");
  EXPECT_TRUE(after.vergeten());
  // Everything else as before: the fase, the dates, the counts, and laatste_datum (forgetting does
  // not count for it).
  v1::Dossier expected = before;
  expected.set_naam("vergeten");
  expected.set_vergeten(true);
  EXPECT_EQ(after.DebugString(), expected.DebugString());
  EXPECT_EQ(after.laatste_datum(), "2015-03-01");
}

TEST(DossierVergetenTest, ItIsNotSeenBeforeItsPosition) {
  Projection p = Log{Aanmelding("2015-01-10", kV1, kDordrecht), DossierVergeten("2025-06-01", kV1)}.Fold();
  EXPECT_EQ(DossierAt(p, kV1, At("2025-07-01", 1)).naam(), "Amina Yusuf");
  EXPECT_EQ(DossierAt(p, kV1, At("2025-07-01", 2)).naam(), "vergeten");
}

TEST(DossierVergetenTest, ADossierKnownOnlyByItsForgettingIsNotOnvolledig) {
  Projection p = Log{DossierVergeten("2025-06-01", kV1)}.Fold();
  const v1::Dossier d = DossierAt(p, kV1, At("2025-07-01"));
  EXPECT_TRUE(d.vergeten());
  EXPECT_EQ(d.laatste_datum(), "");
  EXPECT_TRUE(Codes(d).empty());
}

// ---- Calendar years

TEST(TeVergetenTest, PlusJarenCountsCalendarYears) {
  EXPECT_EQ(PlusJaren(Day("2018-03-01"), 7), Day("2025-03-01"));
  EXPECT_EQ(PlusJaren(Day("2020-02-29"), 4), Day("2024-02-29"));
  // 29 February in a year without one: the term ends on 28 February.
  EXPECT_EQ(PlusJaren(Day("2020-02-29"), 7), Day("2027-02-28"));
  EXPECT_EQ(TeVergetenSinds(Day("2020-02-29"), 7), Day("2027-03-01"));
  EXPECT_EQ(TeVergetenSinds(Day("2018-12-31"), 7), Day("2026-01-01"));
}

// ---- The view

TEST(TeVergetenTest, ExactlyNYearsIsNotYetDue) {
  Projection p = Log{Aanmelding("2018-03-01", kV1, kDordrecht)}.Fold();
  EXPECT_EQ(TeVergetenLines(p, At("2025-03-01")), Lines{});
  EXPECT_EQ(TeVergetenLines(p, At("2025-03-02")),
            Lines{"1000000001 gemeente:dordrecht GEKOPPELD 2018-03-01 2025-03-02"});
}

TEST(TeVergetenTest, TheBewaartermijnIsTheRegionsNumberOfYears) {
  Projection p = Log{Aanmelding("2018-03-01", kV1, kDordrecht)}.Fold();
  EXPECT_EQ(TeVergetenLines(p, At("2020-03-02"), 2),
            Lines{"1000000001 gemeente:dordrecht GEKOPPELD 2018-03-01 2020-03-02"});
  EXPECT_EQ(TeVergetenLines(p, At("2025-03-02"), 10), Lines{});
}

TEST(TeVergetenTest, AForgottenDossierIsNeverListed) {
  Projection p = Log{Aanmelding("2010-01-10", kV1, kDordrecht), Aanmelding("2010-01-10", kV2, kDordrecht),
                     DossierVergeten("2024-01-01", kV1)}
                     .Fold();
  EXPECT_EQ(TeVergetenLines(p, At("2025-01-01")),
            Lines{"1000000002 gemeente:dordrecht GEKOPPELD 2010-01-10 2017-01-11"});
  // Before it was forgotten (by peildatum, or by positie) it was listed.
  EXPECT_EQ(TeVergetenLines(p, At("2023-12-31")).size(), 2u);
  EXPECT_EQ(TeVergetenLines(p, At("2025-01-01", 2)).size(), 2u);
}

TEST(TeVergetenTest, ALaterEventRestartsTheTerm) {
  Projection p = Log{Aanmelding("2010-01-10", kV1, kDordrecht), DossierGesloten("2019-05-01", kV1)}.Fold();
  EXPECT_EQ(TeVergetenLines(p, At("2025-01-01")), Lines{});
  EXPECT_EQ(TeVergetenLines(p, At("2026-05-02")),
            Lines{"1000000001 gemeente:dordrecht GESLOTEN 2019-05-01 2026-05-02"});
  // At a peildatum before the later event, or a positie without it, the old term holds.
  EXPECT_EQ(TeVergetenLines(p, At("2019-01-01")),
            Lines{"1000000001 gemeente:dordrecht GEKOPPELD 2010-01-10 2017-01-11"});
  EXPECT_EQ(TeVergetenLines(p, At("2025-01-01", 1)),
            Lines{"1000000001 gemeente:dordrecht GEKOPPELD 2010-01-10 2017-01-11"});
}

TEST(TeVergetenTest, RowsAreSortedByVNummer) {
  Projection p =
      Log{Aanmelding("2010-01-10", kV2, kZwijndrecht), Aanmelding("2011-01-10", kV1, kDordrecht)}.Fold();
  EXPECT_EQ(TeVergetenLines(p, At("2025-01-01")),
            (Lines{"1000000001 gemeente:dordrecht GEKOPPELD 2011-01-10 2018-01-11",
                   "1000000002 gemeente:zwijndrecht GEKOPPELD 2010-01-10 2017-01-11"}));
}

}  // namespace
}  // namespace regiotafel::projections::testing
