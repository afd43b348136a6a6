// The rules of DOMAIN.md §5 "How facts fold" and the Dossier view, one behaviour per test.
#include <gtest/gtest.h>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

using F = v1::Dossier;

TEST(FoldRulesTest, AanmeldingMakesAGekoppeldDossier) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht, 2, 1)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-03-10"));
  EXPECT_EQ(d.v_nummer(), kV1);
  EXPECT_EQ(d.naam(), "Amina Yusuf");
  EXPECT_EQ(d.gemeente(), kDordrecht);
  EXPECT_EQ(d.koppeldatum(), "2025-03-03");
  EXPECT_EQ(d.huishouden(), 3);
  EXPECT_EQ(d.verwachte_nareizigers(), 1);
  EXPECT_EQ(d.verblijfplaats(), "AZC Dordrecht");
  EXPECT_EQ(d.fase(), F::GEKOPPELD);
  EXPECT_EQ(d.woning_id(), "");
  EXPECT_EQ(d.datum_huurcontract(), "");
  EXPECT_EQ(d.begeleiding(), "");
  EXPECT_EQ(d.laatste_datum(), "2025-03-03");
  EXPECT_TRUE(d.signalen().empty());
}

TEST(FoldRulesTest, AnEventAfterThePeildatumDoesNotExistYet) {
  Projection p = Log{Aanmelding("2025-03-03", kV1, kDordrecht)}.Fold();
  v1::Dossier d;
  EXPECT_TRUE(p.Dossier(kV1, At("2025-03-02"), &d).IsNotFound());
  EXPECT_EQ(p.Dossiers(At("2025-03-02")).dossiers_size(), 0);
  EXPECT_EQ(p.Dossiers(At("2025-03-03")).dossiers_size(), 1);
}

TEST(FoldRulesTest, AReserveringMakesTheDossierGereserveerd) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-04-02"));
  EXPECT_EQ(d.fase(), F::GERESERVEERD);
  EXPECT_EQ(d.woning_id(), "W1");
  EXPECT_EQ(d.corporatie(), kTrivire);
  EXPECT_EQ(d.datum_reservering(), "2025-04-01");
}

TEST(FoldRulesTest, ANewReserveringReplacesTheActiveOne) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          Reservering("2025-04-10", kV1, "W2", kWoonbron)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-04-20"));
  EXPECT_EQ(d.woning_id(), "W2");
  EXPECT_EQ(d.corporatie(), kWoonbron);
  EXPECT_EQ(d.datum_reservering(), "2025-04-10");
}

TEST(FoldRulesTest, ReserveringVervallenForTheActiveWoningEndsIt) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          ReserveringVervallen("2025-04-05", kV1, "W1", kTrivire)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-04-20"));
  EXPECT_EQ(d.fase(), F::GEKOPPELD);
  EXPECT_EQ(d.woning_id(), "");
  EXPECT_EQ(d.datum_reservering(), "");
}

TEST(FoldRulesTest, ReserveringVervallenForAnotherWoningKeepsTheActiveOne) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          Reservering("2025-04-02", kV1, "W2", kTrivire),
          ReserveringVervallen("2025-04-05", kV1, "W1", kTrivire)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-04-20"));
  EXPECT_EQ(d.fase(), F::GERESERVEERD);
  EXPECT_EQ(d.woning_id(), "W2");
}

TEST(FoldRulesTest, AHuurcontractEndsTheActiveReservering) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          Huurcontract("2025-04-10", kV1, "W1", kTrivire, "2025-04-15", 1)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-04-20"));
  EXPECT_EQ(d.fase(), F::HUURCONTRACT);
  EXPECT_EQ(d.datum_reservering(), "");
  EXPECT_EQ(d.woning_id(), "W1");
  EXPECT_EQ(d.datum_huurcontract(), "2025-04-15");
}

TEST(FoldRulesTest, AHuurcontractCountsOnlyFromItsIngangsdatum) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          Huurcontract("2025-04-10", kV1, "W1", kTrivire, "2025-05-01", 1)};
  Projection p = log.Fold();
  v1::Dossier before = DossierAt(p, kV1, At("2025-04-30"));
  EXPECT_EQ(before.fase(), F::GERESERVEERD);
  EXPECT_EQ(before.datum_huurcontract(), "");
  EXPECT_EQ(before.datum_reservering(), "2025-04-01");
  v1::Dossier from = DossierAt(p, kV1, At("2025-05-01"));
  EXPECT_EQ(from.fase(), F::HUURCONTRACT);
  EXPECT_EQ(from.datum_huurcontract(), "2025-05-01");
}

TEST(FoldRulesTest, ASignedButNotYetStartedHuurcontractStillCountsForLaatsteDatum) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          Huurcontract("2025-04-10", kV1, "W1", kTrivire, "2025-05-01", 1)};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-04-30")).laatste_datum(), "2025-04-10");
}

TEST(FoldRulesTest, AHuurcontractSignedAfterItsIngangsdatumExistsFromItsSigning) {
  Log log{Aanmelding("2025-03-03", kV1, kDordrecht), Reservering("2025-04-01", kV1, "W1", kTrivire),
          Huurcontract("2025-04-20", kV1, "W1", kTrivire, "2025-04-15", 1)};
  Projection p = log.Fold();
  EXPECT_EQ(DossierAt(p, kV1, At("2025-04-19")).fase(), F::GERESERVEERD);
  v1::Dossier d = DossierAt(p, kV1, At("2025-04-20"));
  EXPECT_EQ(d.fase(), F::HUURCONTRACT);
  EXPECT_EQ(d.datum_huurcontract(), "2025-04-15");
}

TEST(FoldRulesTest, ALaterHuurcontractMovesWoningCorporatieAndWoongemeenteOnly) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht),
          WoningAangeboden("2025-01-10", "T1", kTrivire, kDordrecht, 4, "2025-02-01"),
          WoningAangeboden("2025-06-01", "R9", kWoonbron, kZwijndrecht, 4, "2025-07-01"),
          Reservering("2025-01-20", kV1, "T1", kTrivire),
          Huurcontract("2025-01-25", kV1, "T1", kTrivire, "2025-02-01", 1),
          Reservering("2025-06-10", kV1, "R9", kWoonbron),
          Huurcontract("2025-06-20", kV1, "R9", kWoonbron, "2025-07-01", 1)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-07-02"));
  EXPECT_EQ(d.woning_id(), "R9");
  EXPECT_EQ(d.corporatie(), kWoonbron);
  EXPECT_EQ(d.woongemeente(), kZwijndrecht);
  EXPECT_EQ(d.datum_huurcontract(), "2025-02-01");
  EXPECT_EQ(d.fase(), F::HUURCONTRACT);
}

TEST(FoldRulesTest, WoongemeenteIsTheGemeenteOfTheWoning) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht),
          WoningAangeboden("2025-01-10", "W1", kTrivire, kPapendrecht, 4, "2025-02-01"),
          Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1)};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-02-02")).woongemeente(), kPapendrecht);
}

TEST(FoldRulesTest, WoongemeenteIsTheLinkedGemeenteWhenTheWoningIsUnknown) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1)};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-02-02")).woongemeente(), kDordrecht);
}

TEST(FoldRulesTest, WoongemeenteUsesAWoningReportedLaterInTheLog) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1),
          WoningAangeboden("2025-01-10", "W1", kTrivire, kPapendrecht, 4, "2025-02-01")};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-02-02")).woongemeente(), kPapendrecht);
}

TEST(FoldRulesTest, WoongemeenteIgnoresAWoningOfferedAfterThePeildatum) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1),
          WoningAangeboden("2025-03-01", "W1", kTrivire, kPapendrecht, 4, "2025-02-01")};
  Projection p = log.Fold();
  EXPECT_EQ(DossierAt(p, kV1, At("2025-02-28")).woongemeente(), kDordrecht);
  EXPECT_EQ(DossierAt(p, kV1, At("2025-03-01")).woongemeente(), kPapendrecht);
}

TEST(FoldRulesTest, HerkoppelingChangesTheLinkedGemeenteAndKeepsTheKoppeldatum) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Herkoppeling("2025-02-01", kV1, kAlblasserdam)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-02-02"));
  EXPECT_EQ(d.gemeente(), kAlblasserdam);
  EXPECT_EQ(d.koppeldatum(), "2025-01-06");
}

TEST(FoldRulesTest, NareizigersAangekondigdAddToVerwachteNareizigers) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht, 0, 1), NareizigersAangekondigd("2025-02-01", kV1, 2)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-02-02"));
  EXPECT_EQ(d.verwachte_nareizigers(), 3);
  EXPECT_EQ(d.huishouden(), 1);
}

TEST(FoldRulesTest, NareizigersGearriveerdMoveFromVerwachtToHuishouden) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht, 1, 3), NareizigersGearriveerd("2025-02-01", kV1, 2)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-02-02"));
  EXPECT_EQ(d.huishouden(), 4);
  EXPECT_EQ(d.verwachte_nareizigers(), 1);
}

TEST(FoldRulesTest, VerwachteNareizigersDoNotGoBelowZero) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht, 0, 1), NareizigersGearriveerd("2025-02-01", kV1, 3),
          NareizigersAangekondigd("2025-02-10", kV1, 1)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-02-20"));
  EXPECT_EQ(d.huishouden(), 4);
  EXPECT_EQ(d.verwachte_nareizigers(), 1);  // 1 − 3 stops at 0, then + 1
}

TEST(FoldRulesTest, DatumUitstroomAndDatumBrpAreTheFirstOfEach) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht),
          Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1),
          Uitstroom("2025-02-10", kV1),
          Uitstroom("2025-02-03", kV1),
          BrpInschrijving("2025-02-12", kV1, kDordrecht),
          BrpInschrijving("2025-02-20", kV1, kDordrecht)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-03-01"));
  EXPECT_EQ(d.datum_uitstroom(), "2025-02-03");
  EXPECT_EQ(d.datum_brp(), "2025-02-12");
}

TEST(FoldRulesTest, HuurcontractAndBrpMakeIngeschreven) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1),
          BrpInschrijving("2025-02-12", kV1, kDordrecht)};
  Projection p = log.Fold();
  EXPECT_EQ(DossierAt(p, kV1, At("2025-02-11")).fase(), F::HUURCONTRACT);
  EXPECT_EQ(DossierAt(p, kV1, At("2025-02-12")).fase(), F::INGESCHREVEN);
}

TEST(FoldRulesTest, BrpWithoutHuurcontractIsNotIngeschreven) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), BrpInschrijving("2025-02-12", kV1, kDordrecht)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-02-12"));
  EXPECT_EQ(d.fase(), F::GEKOPPELD);
  EXPECT_EQ(d.datum_brp(), "2025-02-12");
}

TEST(FoldRulesTest, DossierGeslotenWinsOverEveryOtherFase) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-01-20", kV1, "W1", kTrivire),
          Huurcontract("2025-01-25", kV1, "W1", kTrivire, "2025-02-01", 1),
          BrpInschrijving("2025-02-12", kV1, kDordrecht), DossierGesloten("2025-03-01", kV1)};
  Projection p = log.Fold();
  EXPECT_EQ(DossierAt(p, kV1, At("2025-02-28")).fase(), F::INGESCHREVEN);
  EXPECT_EQ(DossierAt(p, kV1, At("2025-03-01")).fase(), F::GESLOTEN);
}

TEST(FoldRulesTest, BegeleidingIsTheLatestFase) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht),
          BegeleidingFase("2025-03-01", kV1, v1::BegeleidingFase::COACHING_VESTIGING),
          BegeleidingFase("2025-01-10", kV1, v1::BegeleidingFase::PRE_VESTIGING)};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-03-02")).begeleiding(), "COACHING_VESTIGING");
}

TEST(FoldRulesTest, MeldingenOpenCountsSignaalIdsNotAfgehandeld) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Signaal("2025-02-01", kV1, "s-1"),
          Signaal("2025-02-02", kV1, "s-2"), Signaal("2025-02-03", kV1, "s-3"),
          SignaalAfgehandeld("2025-02-10", kV1, "s-2")};
  Projection p = log.Fold();
  EXPECT_EQ(DossierAt(p, kV1, At("2025-02-09")).meldingen_open(), 3);
  EXPECT_EQ(DossierAt(p, kV1, At("2025-02-10")).meldingen_open(), 2);
}

TEST(FoldRulesTest, ASignaalAfgehandeldReportedBeforeItsSignaalStillClosesIt) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), SignaalAfgehandeld("2025-02-10", kV1, "s-1"),
          Signaal("2025-02-01", kV1, "s-1")};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-02-10")).meldingen_open(), 0);
}

TEST(FoldRulesTest, LaatsteDatumIsTheLatestDatumNotTheLatestInTheLog) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Voordracht("2025-03-01", kV1, "W1"),
          Signaal("2025-02-01", kV1, "s-1")};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-03-10")).laatste_datum(), "2025-03-01");
}

TEST(FoldRulesTest, ALateReportedEarlierReserveringDoesNotReplaceALaterOne) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), Reservering("2025-04-10", kV1, "W2", kWoonbron),
          Reservering("2025-04-01", kV1, "W1", kTrivire)};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-04-20")).woning_id(), "W2");
}

TEST(FoldRulesTest, ALateReportedVervallenEndsTheReserveringItFollows) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht), ReserveringVervallen("2025-04-05", kV1, "W1", kTrivire),
          Reservering("2025-04-01", kV1, "W1", kTrivire)};
  EXPECT_EQ(DossierAt(log.Fold(), kV1, At("2025-04-20")).fase(), F::GEKOPPELD);
}

TEST(FoldRulesTest, ALaterAanmeldingRestatesTheHouseholdButKeepsTheKoppeldatum) {
  Log log{Aanmelding("2025-01-06", kV1, kDordrecht, 1), NareizigersGearriveerd("2025-02-01", kV1, 1),
          Aanmelding("2025-03-01", kV1, kZwijndrecht, 3, 0, "Amina Yusuf-Ali")};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-03-02"));
  EXPECT_EQ(d.koppeldatum(), "2025-01-06");
  EXPECT_EQ(d.gemeente(), kZwijndrecht);
  EXPECT_EQ(d.naam(), "Amina Yusuf-Ali");
  EXPECT_EQ(d.huishouden(), 4);
}

TEST(FoldRulesTest, ADossierWithoutAanmeldingIsShownAsGekoppeldWithoutGemeente) {
  Log log{Signaal("2025-02-01", kV1, "s-1", kTrivire)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-02-01"));
  EXPECT_EQ(d.fase(), F::GEKOPPELD);
  EXPECT_EQ(d.gemeente(), "");
  EXPECT_EQ(d.koppeldatum(), "");
  EXPECT_EQ(d.huishouden(), 0);
  EXPECT_EQ(Codes(d), std::vector<std::string>{"ONVOLLEDIG"});
}

TEST(FoldRulesTest, AdministratieStandsForItsFactsEachOnItsOwnDate) {
  AdminRow row;
  row.datum = "2025-06-01";
  row.huishouden = 4;
  row.verwachte_nareizigers = 1;
  row.datum_aanmelding = "2024-09-02";
  row.corporatie = kTrivire;
  row.woning_id = "OUD-7";
  row.woongemeente = kZwijndrecht;
  row.datum_huurcontract = "2024-12-01";
  row.datum_brp = "2025-01-15";
  Projection p = Log{Administratie(row)}.Fold();

  v1::Dossier d;
  EXPECT_TRUE(p.Dossier(kV1, At("2024-09-01"), &d).IsNotFound());
  d = DossierAt(p, kV1, At("2024-09-02"));
  EXPECT_EQ(d.fase(), F::GEKOPPELD);
  EXPECT_EQ(d.koppeldatum(), "2024-09-02");
  EXPECT_EQ(d.gemeente(), kDordrecht);
  EXPECT_EQ(d.huishouden(), 4);
  EXPECT_EQ(d.verwachte_nareizigers(), 1);
  EXPECT_EQ(d.naam(), "Omar Haddad");
  d = DossierAt(p, kV1, At("2024-12-01"));
  EXPECT_EQ(d.fase(), F::HUURCONTRACT);
  EXPECT_EQ(d.datum_huurcontract(), "2024-12-01");
  EXPECT_EQ(d.datum_uitstroom(), "2024-12-01");
  EXPECT_EQ(d.woning_id(), "OUD-7");
  EXPECT_EQ(d.corporatie(), kTrivire);
  EXPECT_EQ(d.woongemeente(), kZwijndrecht);
  d = DossierAt(p, kV1, At("2025-01-15"));
  EXPECT_EQ(d.fase(), F::INGESCHREVEN);
  EXPECT_EQ(d.datum_brp(), "2025-01-15");
}

TEST(FoldRulesTest, AdministratieOwnDatumPlaysNoPartNotEvenForLaatsteDatum) {
  AdminRow row;
  row.datum = "2025-06-01";
  row.datum_aanmelding = "2024-09-02";
  v1::Dossier d = DossierAt(Log{Administratie(row)}.Fold(), kV1, At("2025-06-30"));
  EXPECT_EQ(d.laatste_datum(), "2024-09-02");
}

TEST(FoldRulesTest, AdministratieWithoutWoongemeenteIsHousedInItsGemeente) {
  AdminRow row;
  row.datum_aanmelding = "2024-09-02";
  row.datum_huurcontract = "2024-12-01";
  row.gemeente = kHiA;
  EXPECT_EQ(DossierAt(Log{Administratie(row)}.Fold(), kV1, At("2025-01-01")).woongemeente(), kHiA);
}

TEST(FoldRulesTest, AdministratieWithoutDatumAanmeldingHasNoKoppeldatum) {
  AdminRow row;
  row.datum_huurcontract = "2024-12-01";
  Projection p = Log{Administratie(row)}.Fold();
  v1::Dossier d;
  EXPECT_TRUE(p.Dossier(kV1, At("2024-11-30"), &d).IsNotFound());
  d = DossierAt(p, kV1, At("2024-12-01"));
  EXPECT_EQ(d.koppeldatum(), "");
  EXPECT_EQ(d.gemeente(), kDordrecht);
  EXPECT_EQ(d.fase(), F::HUURCONTRACT);
}

TEST(FoldRulesTest, AdministratieWithoutAnyDateIsKnownFromTheTakeOverButAddsNoLaatsteDatum) {
  AdminRow row;
  row.datum = "2025-06-01";
  Projection p = Log{Administratie(row)}.Fold();
  v1::Dossier d;
  EXPECT_TRUE(p.Dossier(kV1, At("2025-05-31"), &d).IsNotFound());
  d = DossierAt(p, kV1, At("2025-06-01"));
  EXPECT_EQ(d.fase(), F::GEKOPPELD);
  EXPECT_EQ(d.koppeldatum(), "");
  EXPECT_EQ(d.laatste_datum(), "");
}

TEST(FoldRulesTest, AnEarlierHuurcontractReportedLaterBecomesTheFirst) {
  AdminRow row;
  row.datum = "2025-06-01";
  row.datum_aanmelding = "2024-09-02";
  row.datum_huurcontract = "2024-12-01";
  row.woning_id = "OUD-7";
  Log log{Reservering("2025-03-01", kV1, "W1", kTrivire),
          Huurcontract("2025-03-05", kV1, "W1", kTrivire, "2025-04-01", 2), Administratie(row)};
  v1::Dossier d = DossierAt(log.Fold(), kV1, At("2025-06-01"));
  EXPECT_EQ(d.datum_huurcontract(), "2024-12-01");
  EXPECT_EQ(d.woning_id(), "W1");  // the current huurcontract is the later one
}

}  // namespace
}  // namespace regiotafel::projections::testing
