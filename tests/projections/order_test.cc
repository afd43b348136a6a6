// Late reports: the same facts in every log order give the same views (DOMAIN.md §5: woongemeente
// and "woning known" are judged on everything seen; docs/PROJECTIONS.md: facts fold in the order of
// their dates). Each case has at most one fact per dossier per day, so business order is fixed and
// only the log order varies; every permutation is tried.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

// Folds `events` in every order and compares every view at each peildatum with the log order given.
void ExpectSameInEveryOrder(const std::vector<v1::Envelope>& events,
                            const std::vector<std::string>& peildata) {
  std::vector<size_t> order(events.size());
  std::iota(order.begin(), order.end(), 0);
  Log original;
  for (const auto& e : events) original.Add(e);
  std::vector<std::string> expected;
  for (const auto& date : peildata) {
    RegionViews v = original.Fold().All(At(date));
    expected.push_back(v.dossiers.DebugString() + v.taakstelling.DebugString() + v.pijplijn.DebugString() +
                       v.signalen.DebugString() + v.woningen.DebugString() + v.corporaties.DebugString() +
                       v.begeleiding.DebugString());
  }
  int permutations = 0;
  do {
    Log log;
    for (size_t i : order) log.Add(events[i]);
    Projection p = log.Fold();
    for (size_t d = 0; d < peildata.size(); ++d) {
      RegionViews v = p.All(At(peildata[d]));
      const std::string actual = v.dossiers.DebugString() + v.taakstelling.DebugString() +
                                 v.pijplijn.DebugString() + v.signalen.DebugString() +
                                 v.woningen.DebugString() + v.corporaties.DebugString() +
                                 v.begeleiding.DebugString();
      ASSERT_EQ(actual, expected[d]) << "permutation " << permutations << " at " << peildata[d];
    }
    ++permutations;
  } while (std::next_permutation(order.begin(), order.end()));
  EXPECT_GT(permutations, 1);
}

TEST(OrderTest, AWoningReportedAfterItsHuurcontractGivesTheSameWoongemeente) {
  ExpectSameInEveryOrder(
      {Aanmelding("2025-01-06", kV1, kDordrecht, 2),
       WoningAangeboden("2025-01-10", "W1", kTrivire, kPapendrecht, 2, "2025-02-01"),
       Reservering("2025-01-20", kV1, "W1", kTrivire),
       Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 3), Uitstroom("2025-02-03", kV1),
       Taakstelling("2025-01-02", kPapendrecht, "2025-H1", 5)},
      {"2025-01-20", "2025-02-01", "2025-03-15"});
}

TEST(OrderTest, AnAanmeldingReportedLastGivesTheSameDossier) {
  ExpectSameInEveryOrder(
      {Signaal("2025-01-10", kV1, "s-1", kWoonbron), Voordracht("2025-01-12", kV1, "W1"),
       BrpInschrijving("2025-01-14", kV1, kDordrecht), Herkoppeling("2025-01-08", kV1, kZwijndrecht),
       Aanmelding("2025-01-06", kV1, kDordrecht)},
      {"2025-01-07", "2025-01-12", "2025-03-01"});
}

TEST(OrderTest, ReserveringenVervallenAndHuurcontractFoldInTheOrderOfTheirDates) {
  ExpectSameInEveryOrder(
      {Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire),
       ReserveringVervallen("2025-01-15", kV1, "W1", kTrivire),
       Reservering("2025-01-20", kV1, "W2", kWoonbron),
       Huurcontract("2025-01-28", kV1, "W2", kWoonbron, "2025-02-01", 1),
       WoningAangeboden("2025-01-05", "W2", kWoonbron, kZwijndrecht, 3, "2025-01-05")},
      {"2025-01-12", "2025-01-16", "2025-01-25", "2025-02-20"});
}

TEST(OrderTest, NareizigersFoldInTheOrderOfTheirDates) {
  ExpectSameInEveryOrder(
      {Aanmelding("2025-01-06", kV1, kDordrecht, 0, 1), NareizigersGearriveerd("2025-02-01", kV1, 3),
       NareizigersAangekondigd("2025-02-10", kV1, 1), NareizigersGearriveerd("2025-03-01", kV1, 1),
       Reservering("2025-01-20", kV1, "W1", kTrivire),
       Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-15", 1)},
      {"2025-02-05", "2025-02-20", "2025-03-10"});
}

TEST(OrderTest, TaakstellingFiguresGiveTheSameRows) {
  ExpectSameInEveryOrder({Taakstelling("2024-12-01", kDordrecht, "2025-H1", 20, -3),
                          Taakstelling("2025-01-15", kDordrecht, "2025-H1", 22),
                          Taakstelling("2024-06-01", kDordrecht, "2024-H2", 10),
                          Overboeking("2025-03-01", kZwijndrecht, kDordrecht, kV1, 2, "2025-H1"),
                          Overboeking("2025-03-02", kDordrecht, kPapendrecht, kV2, 1, "2024-H2")},
                         {"2025-01-10", "2025-03-01", "2025-08-01"});
}

TEST(OrderTest, AnOldAdministratieRowReportedAfterLiveEventsGivesTheSameDossier) {
  AdminRow row;
  row.datum = "2025-06-01";
  row.huishouden = 3;
  row.datum_aanmelding = "2024-09-02";
  row.corporatie = kPoort6;
  row.woning_id = "OUD-1";
  row.woongemeente = kAlblasserdam;
  row.datum_huurcontract = "2024-12-01";
  ExpectSameInEveryOrder({Administratie(row), Reservering("2025-03-01", kV1, "W1", kTrivire),
                          Huurcontract("2025-03-05", kV1, "W1", kTrivire, "2025-04-01", 3),
                          BrpInschrijving("2025-04-10", kV1, kDordrecht),
                          WoningAangeboden("2025-02-01", "W1", kTrivire, kDordrecht, 3, "2025-04-01")},
                         {"2024-12-01", "2025-03-03", "2025-04-10", "2025-07-01"});
}

TEST(OrderTest, SignalenAfgehandeldAndGeslotenGiveTheSameDossier) {
  ExpectSameInEveryOrder({Aanmelding("2025-01-06", kV1, kDordrecht), Signaal("2025-01-10", kV1, "s-1"),
                          SignaalAfgehandeld("2025-01-20", kV1, "s-1"), Signaal("2025-01-25", kV1, "s-2"),
                          BegeleidingFase("2025-01-26", kV1, v1::BegeleidingFase::PRE_VESTIGING),
                          DossierGesloten("2025-02-01", kV1)},
                         {"2025-01-15", "2025-01-26", "2025-03-01"});
}

TEST(OrderTest, CorporatieFiguresGiveTheSameRows) {
  ExpectSameInEveryOrder({CorporatieAfspraak("2024-12-01", kTrivire, "2025-H1", 10),
                          CorporatieAfspraak("2025-02-01", kTrivire, "2025-H1", 12),
                          VrijgekomenWoningen("2025-03-01", kTrivire, kDordrecht, "2025-H1", 30),
                          VrijgekomenWoningen("2025-05-01", kTrivire, kDordrecht, "2025-H1", 35),
                          VrijgekomenWoningen("2025-04-01", kTrivire, kZwijndrecht, "2025-H1", 5)},
                         {"2025-01-15", "2025-03-15", "2025-06-30"});
}

TEST(OrderTest, AWoningWithdrawnAndOfferedAgainGivesTheSameStatus) {
  ExpectSameInEveryOrder(
      {WoningAangeboden("2025-01-05", "W1", kTrivire, kAlblasserdam, 4, "2025-01-10"),
       WoningIngetrokken("2025-02-01", "W1", kTrivire),
       WoningAangeboden("2025-03-01", "W1", kTrivire, kAlblasserdam, 4, "2025-03-05"),
       Aanmelding("2025-01-02", kV1, kAlblasserdam), Reservering("2025-04-01", kV1, "W1", kTrivire)},
      {"2025-01-30", "2025-02-15", "2025-03-30", "2025-04-15"});
}

}  // namespace
}  // namespace regiotafel::projections::testing
