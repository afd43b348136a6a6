// The ten signal rules of DOMAIN.md §5, each at its boundary (a day before the threshold is passed
// and the day it is), with whom it is for and what ends it.
#include <gtest/gtest.h>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

std::string Plus(const std::string& date, int days) { return FormatDate(Day(date) + days); }

// The signal `code` of dossier kV1 at `peildatum`: its voor, or nullopt when it does not hold.
std::optional<std::string> Signal(const Projection& p, const std::string& code, const std::string& peildatum,
                                  const std::string& subject = kV1) {
  const auto view = p.Signalen(At(peildatum));
  for (const auto& s : view.signalen()) {
    if (s.code() == code && (s.v_nummer() == subject || s.woning_id() == subject)) return s.voor();
  }
  return std::nullopt;
}

constexpr char kKoppel[] = "2025-01-01";
constexpr char kIngang[] = "2025-03-01";

// kV1 linked to Dordrecht, housed in woning W1 of Trivire in Papendrecht from kIngang.
Log Housed() {
  return Log{Aanmelding(kKoppel, kV1, kDordrecht),
             WoningAangeboden("2025-02-01", "W1", kTrivire, kPapendrecht, 6, kIngang),
             Reservering("2025-02-10", kV1, "W1", kTrivire),
             Huurcontract("2025-02-20", kV1, "W1", kTrivire, kIngang, 1)};
}

// ---- TERMIJN_HUISVESTING

TEST(SignalRulesTest, TermijnHuisvestingHoldsFrom71Days) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht)}.Fold();
  EXPECT_EQ(Signal(p, "TERMIJN_HUISVESTING", Plus(kKoppel, 70)), std::nullopt);
  EXPECT_EQ(Signal(p, "TERMIJN_HUISVESTING", Plus(kKoppel, 71)), kDordrecht);
}

TEST(SignalRulesTest, TermijnHuisvestingIsForTheLinkedGemeenteAfterHerkoppeling) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht), Herkoppeling("2025-02-01", kV1, kHiA)}.Fold();
  EXPECT_EQ(Signal(p, "TERMIJN_HUISVESTING", Plus(kKoppel, 71)), kHiA);
}

TEST(SignalRulesTest, TermijnHuisvestingEndsWithAHuurcontract) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "TERMIJN_HUISVESTING", Plus(kKoppel, 71)), std::nullopt);
}

// ---- RESERVERING_ZONDER_CONTRACT

TEST(SignalRulesTest, ReserveringZonderContractHoldsFrom29Days) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht),
                     WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-01-05"),
                     Reservering("2025-01-10", kV1, "W1", kTrivire)}
                     .Fold();
  EXPECT_EQ(Signal(p, "RESERVERING_ZONDER_CONTRACT", Plus("2025-01-10", 28)), std::nullopt);
  EXPECT_EQ(Signal(p, "RESERVERING_ZONDER_CONTRACT", Plus("2025-01-10", 29)), kTrivire);
}

TEST(SignalRulesTest, ReserveringZonderContractEndsWhenTheReserveringVervalt) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire),
                     ReserveringVervallen("2025-02-01", kV1, "W1", kDordrecht)}
                     .Fold();
  EXPECT_EQ(Signal(p, "RESERVERING_ZONDER_CONTRACT", Plus("2025-01-10", 29)), std::nullopt);
}

TEST(SignalRulesTest, ReserveringZonderContractCountsFromTheReplacingReservering) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire),
                     Reservering("2025-01-20", kV1, "W2", kWoonbron)}
                     .Fold();
  EXPECT_EQ(Signal(p, "RESERVERING_ZONDER_CONTRACT", Plus("2025-01-20", 28)), std::nullopt);
  EXPECT_EQ(Signal(p, "RESERVERING_ZONDER_CONTRACT", Plus("2025-01-20", 29)), kWoonbron);
}

// ---- TERMIJN_VERHUIZING

TEST(SignalRulesTest, TermijnVerhuizingHoldsFrom15DaysForTheWoongemeente) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "TERMIJN_VERHUIZING", Plus(kIngang, 14)), std::nullopt);
  EXPECT_EQ(Signal(p, "TERMIJN_VERHUIZING", Plus(kIngang, 15)), kPapendrecht);
}

TEST(SignalRulesTest, TermijnVerhuizingEndsWithUitstroom) {
  Projection p = Housed().Add(Uitstroom(Plus(kIngang, 20), kV1)).Fold();
  EXPECT_EQ(Signal(p, "TERMIJN_VERHUIZING", Plus(kIngang, 19)), kPapendrecht);
  EXPECT_EQ(Signal(p, "TERMIJN_VERHUIZING", Plus(kIngang, 20)), std::nullopt);
}

// ---- BRP_ONTBREEKT

TEST(SignalRulesTest, BrpOntbreektHoldsFrom15DaysForTheWoongemeente) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "BRP_ONTBREEKT", Plus(kIngang, 14)), std::nullopt);
  EXPECT_EQ(Signal(p, "BRP_ONTBREEKT", Plus(kIngang, 15)), kPapendrecht);
}

TEST(SignalRulesTest, BrpOntbreektEndsWithBrpInschrijving) {
  Projection p = Housed().Add(BrpInschrijving(Plus(kIngang, 16), kV1, kPapendrecht)).Fold();
  EXPECT_EQ(Signal(p, "BRP_ONTBREEKT", Plus(kIngang, 15)), kPapendrecht);
  EXPECT_EQ(Signal(p, "BRP_ONTBREEKT", Plus(kIngang, 16)), std::nullopt);
}

// ---- BEGELEIDING_ONTBREEKT

TEST(SignalRulesTest, BegeleidingOntbreektHoldsFrom15Days) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "BEGELEIDING_ONTBREEKT", Plus(kIngang, 14)), std::nullopt);
  EXPECT_EQ(Signal(p, "BEGELEIDING_ONTBREEKT", Plus(kIngang, 15)), kPapendrecht);
}

TEST(SignalRulesTest, BegeleidingOntbreektHoldsUpTo365DaysAndNotAfter) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "BEGELEIDING_ONTBREEKT", Plus(kIngang, 365)), kPapendrecht);
  EXPECT_EQ(Signal(p, "BEGELEIDING_ONTBREEKT", Plus(kIngang, 366)), std::nullopt);
}

TEST(SignalRulesTest, BegeleidingOntbreektEndsWithABegeleidingFase) {
  Projection p =
      Housed().Add(BegeleidingFase(Plus(kIngang, 20), kV1, v1::BegeleidingFase::COACHING_VESTIGING)).Fold();
  EXPECT_EQ(Signal(p, "BEGELEIDING_ONTBREEKT", Plus(kIngang, 19)), kPapendrecht);
  EXPECT_EQ(Signal(p, "BEGELEIDING_ONTBREEKT", Plus(kIngang, 20)), std::nullopt);
}

// ---- OVERBOEKING_OPEN

TEST(SignalRulesTest, OverboekingOpenHoldsFrom31DaysForTheWoongemeente) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "OVERBOEKING_OPEN", Plus(kIngang, 30)), std::nullopt);
  EXPECT_EQ(Signal(p, "OVERBOEKING_OPEN", Plus(kIngang, 31)), kPapendrecht);
}

TEST(SignalRulesTest, OverboekingOpenEndsWithAnOverboekingForTheDossier) {
  Projection p =
      Housed().Add(Overboeking(Plus(kIngang, 40), kPapendrecht, kDordrecht, kV1, 1, "2025-H1")).Fold();
  EXPECT_EQ(Signal(p, "OVERBOEKING_OPEN", Plus(kIngang, 39)), kPapendrecht);
  EXPECT_EQ(Signal(p, "OVERBOEKING_OPEN", Plus(kIngang, 40)), std::nullopt);
}

TEST(SignalRulesTest, OverboekingOpenDoesNotHoldWhenHousedInTheLinkedGemeente) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kPapendrecht),
                     WoningAangeboden("2025-02-01", "W1", kTrivire, kPapendrecht, 6, kIngang),
                     Reservering("2025-02-10", kV1, "W1", kTrivire),
                     Huurcontract("2025-02-20", kV1, "W1", kTrivire, kIngang, 1)}
                     .Fold();
  EXPECT_EQ(Signal(p, "OVERBOEKING_OPEN", Plus(kIngang, 31)), std::nullopt);
}

TEST(SignalRulesTest, OverboekingOpenIsJudgedOnTheFirstWoongemeente) {
  // Doorstroming back into the linked gemeente does not undo the booking the first home needs.
  Projection p = Housed()
                     .Add(WoningAangeboden("2025-03-05", "W2", kTrivire, kDordrecht, 6, "2025-03-10"))
                     .Add(Reservering("2025-03-06", kV1, "W2", kTrivire))
                     .Add(Huurcontract("2025-03-07", kV1, "W2", kTrivire, "2025-03-10", 1))
                     .Fold();
  EXPECT_EQ(Signal(p, "OVERBOEKING_OPEN", Plus(kIngang, 31)), kPapendrecht);
}

// ---- NAREIZIGERS_PASSEN_NIET

TEST(SignalRulesTest, NareizigersPassenNietWhenCapaciteitIsBelowHuishoudenPlusVerwacht) {
  Projection p =
      Log{Aanmelding(kKoppel, kV1, kDordrecht, 1, 1),  // 2 persons + 1 expected
          WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 3, "2025-01-05"),
          Reservering("2025-01-10", kV1, "W1", kTrivire), NareizigersAangekondigd("2025-01-20", kV1, 1)}
          .Fold();
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-01-19"), std::nullopt);  // 3 persons, capaciteit 3
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-01-20"), kTrivire);      // 4 persons
}

TEST(SignalRulesTest, NareizigersPassenNietNeedsAKnownWoning) {
  Projection p =
      Log{Aanmelding(kKoppel, kV1, kDordrecht, 5), Reservering("2025-01-10", kV1, "W1", kTrivire)}.Fold();
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-01-20"), std::nullopt);
}

TEST(SignalRulesTest, NareizigersPassenNietLooksAtTheCurrentHuurcontractWithoutReservering) {
  Projection p = Housed().Add(NareizigersAangekondigd("2025-04-01", kV1, 6)).Fold();  // capaciteit 6 < 1 + 6
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-03-31"), std::nullopt);
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-04-01"), kTrivire);
}

TEST(SignalRulesTest, NareizigersPassenNietLooksAtTheActiveReserveringBeforeTheHuurcontract) {
  // Housed in W1 (capaciteit 6); a new reservering of W2 (capaciteit 2, Woonbron) for 3 persons.
  Projection p = Housed()
                     .Add(NareizigersGearriveerd("2025-04-01", kV1, 2))
                     .Add(WoningAangeboden("2025-04-02", "W2", kWoonbron, kDordrecht, 2, "2025-04-10"))
                     .Add(Reservering("2025-04-03", kV1, "W2", kWoonbron))
                     .Fold();
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-04-02"), std::nullopt);
  EXPECT_EQ(Signal(p, "NAREIZIGERS_PASSEN_NIET", "2025-04-03"), kWoonbron);
}

// ---- STIL

TEST(SignalRulesTest, StilHoldsFrom31DaysAfterTheLaatsteDatum) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht), Voordracht("2025-01-10", kV1, "W1")}.Fold();
  EXPECT_EQ(Signal(p, "STIL", Plus("2025-01-10", 30)), std::nullopt);
  EXPECT_EQ(Signal(p, "STIL", Plus("2025-01-10", 31)), kDordrecht);
}

TEST(SignalRulesTest, StilDoesNotHoldForAnIngeschrevenDossier) {
  const std::string p_date = Plus("2025-03-05", 31);
  EXPECT_EQ(Signal(Housed().Fold(), "STIL", p_date), kDordrecht);  // HUURCONTRACT, quiet since 2025-02-20
  Projection p = Housed().Add(BrpInschrijving("2025-03-05", kV1, kPapendrecht)).Fold();
  EXPECT_EQ(Signal(p, "STIL", p_date), std::nullopt);
}

// ---- ONVOLLEDIG

TEST(SignalRulesTest, OnvolledigForAnEventWithoutAanmeldingIsForItsOrigin) {
  Projection p = Log{Signaal("2025-01-10", kV1, "s-1", kWoonbron)}.Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-10"), kWoonbron);
}

TEST(SignalRulesTest, OnvolledigEndsWhenTheAanmeldingIsReportedLate) {
  Projection p =
      Log{Signaal("2025-01-10", kV1, "s-1", kWoonbron), Aanmelding(kKoppel, kV1, kDordrecht)}.Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-10"), std::nullopt);
  EXPECT_EQ(p.Signalen(At("2025-01-10", 1)).signalen_size(), 1);  // known at position 1
}

TEST(SignalRulesTest, OnvolledigForAHuurcontractWithoutReserveringOfThatWoning) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht),
                     WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-01-05"),
                     WoningAangeboden("2025-01-05", "W2", kTrivire, kDordrecht, 4, "2025-01-05"),
                     Reservering("2025-01-10", kV1, "W2", kTrivire),
                     Huurcontract("2025-01-20", kV1, "W1", kTrivire, "2025-02-01", 1)}
                     .Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-31"), std::nullopt);
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-02-01"), kTrivire);
}

TEST(SignalRulesTest, NoOnvolledigForAHuurcontractAfterAReserveringOfThatWoning) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", Plus(kIngang, 1)), std::nullopt);
}

TEST(SignalRulesTest, OnvolledigForABrpInschrijvingWithoutHuurcontract) {
  Projection p =
      Log{Aanmelding(kKoppel, kV1, kDordrecht), BrpInschrijving("2025-01-10", kV1, kZwijndrecht)}.Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-10"), kZwijndrecht);
}

TEST(SignalRulesTest, OnvolledigForAReserveringOfAWoningNeverAangeboden) {
  Projection p =
      Log{Aanmelding(kKoppel, kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire)}.Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-10"), kTrivire);
}

TEST(SignalRulesTest, OnvolledigForAReserveringOfAWoningAnotherCorporatieOffered) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht),
                     WoningAangeboden("2025-01-05", "W1", kWoonbron, kDordrecht, 4, "2025-01-05"),
                     Reservering("2025-01-10", kV1, "W1", kTrivire)}
                     .Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-10"), kTrivire);
}

TEST(SignalRulesTest, OnvolledigEndsWhenTheWoningIsReportedLate) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire),
                     WoningAangeboden("2025-01-05", "W1", kTrivire, kDordrecht, 4, "2025-01-05")}
                     .Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-10"), std::nullopt);
}

TEST(SignalRulesTest, OnvolledigIsForTheOriginOfTheFirstSuchEventInTheLog) {
  // Log order: BRP (Zwijndrecht, 20 Jan), reservering of an unknown woning (Trivire, 10 Jan), another
  // (Woonbron, 25 Jan). By date the first is Trivire's and the last Woonbron's; in the log, the BRP.
  Projection p =
      Log{Aanmelding(kKoppel, kV1, kDordrecht), BrpInschrijving("2025-01-20", kV1, kZwijndrecht),
          Reservering("2025-01-10", kV1, "W1", kTrivire), Reservering("2025-01-25", kV1, "W2", kWoonbron)}
          .Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-19"), kTrivire);  // the BRP does not exist yet
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-20"), kZwijndrecht);
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2025-01-25"), kZwijndrecht);
}

TEST(SignalRulesTest, AdministratieNeverRaisesOnvolledig) {
  AdminRow row;
  row.datum_huurcontract = "2024-12-01";  // no aanmelding date, no reservering, unknown woning
  row.woning_id = "OUD-1";
  row.corporatie = kTrivire;
  row.datum_brp = "2024-11-01";  // before the huurcontract
  Projection p = Log{Administratie(row), Signaal("2024-12-05", kV1, "s-1")}.Fold();
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2024-11-01"), std::nullopt);
  EXPECT_EQ(Signal(p, "ONVOLLEDIG", "2024-12-05"), std::nullopt);
}

// ---- WONING_ONBENUT

TEST(SignalRulesTest, WoningOnbenutHoldsFrom15DaysAfterBeschikbaarPerForItsGemeente) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kAlblasserdam, 4, "2025-02-01")}.Fold();
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", Plus("2025-02-01", 14), "W1"), std::nullopt);
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", Plus("2025-02-01", 15), "W1"), kAlblasserdam);
}

TEST(SignalRulesTest, WoningOnbenutDoesNotHoldWhileReserved) {
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht),
                     WoningAangeboden("2025-01-05", "W1", kTrivire, kAlblasserdam, 4, "2025-01-20"),
                     Reservering("2025-02-10", kV1, "W1", kTrivire),
                     ReserveringVervallen("2025-03-01", kV1, "W1", kTrivire)}
                     .Fold();
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-02-09", "W1"), kAlblasserdam);
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-02-28", "W1"), std::nullopt);
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-03-01", "W1"), kAlblasserdam);
}

TEST(SignalRulesTest, WoningOnbenutDoesNotHoldOnceLet) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", Plus(kIngang, 15), "W1"), std::nullopt);
}

TEST(SignalRulesTest, WoningOnbenutDoesNotHoldForAWithdrawnWoning) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kAlblasserdam, 4, "2025-02-01"),
                     WoningIngetrokken("2025-02-20", "W1", kTrivire)}
                     .Fold();
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-02-19", "W1"), kAlblasserdam);
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-02-20", "W1"), std::nullopt);
}

TEST(SignalRulesTest, AWoningOfferedAgainAfterWithdrawalCanBeOnbenutAgain) {
  Projection p = Log{WoningAangeboden("2025-01-05", "W1", kTrivire, kAlblasserdam, 4, "2025-02-01"),
                     WoningIngetrokken("2025-02-20", "W1", kTrivire),
                     WoningAangeboden("2025-03-01", "W1", kTrivire, kAlblasserdam, 4, "2025-03-01")}
                     .Fold();
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-03-15", "W1"), std::nullopt);
  EXPECT_EQ(Signal(p, "WONING_ONBENUT", "2025-03-16", "W1"), kAlblasserdam);
}

// ---- general

TEST(SignalRulesTest, AClosedDossierHasNoSignals) {
  Projection p = Log{Signaal("2025-01-10", kV1, "s-1"), Reservering("2025-01-10", kV1, "W1", kTrivire),
                     DossierGesloten("2025-01-11", kV1)}
                     .Fold();
  EXPECT_FALSE(SignalLines(p, At("2025-01-10")).empty());
  EXPECT_TRUE(SignalLines(p, At("2025-06-30")).empty());
  EXPECT_TRUE(DossierAt(p, kV1, At("2025-06-30")).signalen().empty());
}

TEST(SignalRulesTest, DossierSignalenAreTheSortedCodesOfItsSignals) {
  Projection p = Housed().Fold();
  EXPECT_EQ(Codes(DossierAt(p, kV1, At(Plus(kIngang, 31)))),
            (std::vector<std::string>{"BEGELEIDING_ONTBREEKT", "BRP_ONTBREEKT", "OVERBOEKING_OPEN", "STIL",
                                      "TERMIJN_VERHUIZING"}));
}

TEST(SignalRulesTest, DrempelsAreConfigurable) {
  Drempels t;
  t.termijn_huisvesting_dagen = 10;
  t.stil_dagen = 100;
  Projection p = Log{Aanmelding(kKoppel, kV1, kDordrecht)}.Fold(t);
  EXPECT_EQ(Signal(p, "TERMIJN_HUISVESTING", Plus(kKoppel, 10)), std::nullopt);
  EXPECT_EQ(Signal(p, "TERMIJN_HUISVESTING", Plus(kKoppel, 11)), kDordrecht);
  EXPECT_EQ(Signal(p, "STIL", Plus(kKoppel, 100)), std::nullopt);
  EXPECT_EQ(Signal(p, "STIL", Plus(kKoppel, 101)), kDordrecht);
}

}  // namespace
}  // namespace regiotafel::projections::testing
