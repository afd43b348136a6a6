// The Projection's own contract: positions, refused input, log records, positie cut-off, JSON form,
// filters.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "contract/json.h"
#include "projections/view_filters.h"
#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

TEST(ProjectionTest, PositionsMustIncrease) {
  Projection p;
  EXPECT_TRUE(p.Apply(1, Aanmelding("2025-01-02", kV1, kDordrecht)).ok());
  EXPECT_TRUE(p.Apply(1, Aanmelding("2025-01-02", kV2, kDordrecht)).IsInvalidArgument());
  EXPECT_TRUE(p.Apply(0, Aanmelding("2025-01-02", kV2, kDordrecht)).IsInvalidArgument());
  EXPECT_EQ(p.position(), 1u);
  EXPECT_EQ(p.Dossiers(At("2025-02-01")).dossiers_size(), 1);
  EXPECT_TRUE(p.Apply(5, Aanmelding("2025-01-02", kV2, kDordrecht)).ok());  // a gap is allowed
  EXPECT_EQ(p.position(), 5u);
}

TEST(ProjectionTest, AnEventWithABadDateIsRefusedAndItsPositionUsedUp) {
  Projection p;
  Status s = p.Apply(1, Aanmelding("2025-02-30", kV1, kDordrecht));
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_EQ(s.field(), "aanmelding.datum");
  EXPECT_EQ(p.position(), 1u);
  EXPECT_EQ(p.Dossiers(At("2025-12-31")).dossiers_size(), 0);
  EXPECT_TRUE(p.Apply(2, Aanmelding("2025-01-02", kV2, kDordrecht)).ok());
  EXPECT_EQ(p.Dossiers(At("2025-12-31")).dossiers_size(), 1);
}

TEST(ProjectionTest, AHuurcontractWithoutIngangsdatumIsRefused) {
  Projection p;
  Status s = p.Apply(1, Huurcontract("2025-01-02", kV1, "W1", kTrivire, "", 1));
  EXPECT_EQ(s.field(), "huurcontract.ingangsdatum");
  EXPECT_EQ(p.Dossiers(At("2025-12-31")).dossiers_size(), 0);
}

TEST(ProjectionTest, ABadPeriodeIsRefused) {
  Projection p;
  EXPECT_EQ(p.Apply(1, Taakstelling("2025-01-02", kDordrecht, "2025-H3", 4)).field(),
            "taakstelling_vastgesteld.periode");
  EXPECT_EQ(p.Taakstelling(At("2025-12-31")).regels_size(), 0);
}

TEST(ProjectionTest, AnEnvelopeWithoutPayloadIsSkipped) {
  Projection p;
  EXPECT_TRUE(p.Apply(1, v1::Envelope()).ok());
  EXPECT_EQ(p.position(), 1u);
}

TEST(ProjectionTest, ALogRecordIsAppliedFromItsEnvelopeBytes) {
  Projection p;
  v1::LogRecord record;
  record.set_position(1);
  record.set_envelope(Aanmelding("2025-01-02", kV1, kDordrecht).SerializeAsString());
  EXPECT_TRUE(p.Apply(record).ok());
  EXPECT_EQ(p.Dossiers(At("2025-02-01")).dossiers_size(), 1);
}

TEST(ProjectionTest, ALogRecordThatDoesNotParseIsCorruptionAndTheNextStillApplies) {
  Projection p;
  v1::LogRecord bad;
  bad.set_position(1);
  bad.set_envelope("\xff\xff\xff");
  EXPECT_TRUE(p.Apply(bad).IsCorruption());
  EXPECT_EQ(p.position(), 1u);
  v1::LogRecord good;
  good.set_position(2);
  good.set_envelope(Aanmelding("2025-01-02", kV1, kDordrecht).SerializeAsString());
  EXPECT_TRUE(p.Apply(good).ok());
  EXPECT_EQ(p.Dossiers(At("2025-02-01")).dossiers_size(), 1);
}

TEST(ProjectionTest, AViewAtPositionNEqualsTheViewOfTheFirstNRecords) {
  Log log{Aanmelding("2025-01-02", kV1, kDordrecht),
          WoningAangeboden("2025-01-03", "W1", kTrivire, kZwijndrecht, 4, "2025-01-03"),
          Reservering("2025-01-10", kV1, "W1", kTrivire),
          Huurcontract("2025-01-11", kV1, "W1", kTrivire, "2025-02-01", 1),
          Taakstelling("2025-01-02", kZwijndrecht, "2025-H1", 10),
          Overboeking("2025-03-01", kZwijndrecht, kDordrecht, kV1, 1, "2025-H1")};
  Projection whole = log.Fold();
  for (size_t n = 0; n <= log.events().size(); ++n) {
    Log prefix;
    for (size_t i = 0; i < n; ++i) prefix.Add(log.events()[i]);
    Projection part = prefix.Fold();
    for (const char* date : {"2025-01-10", "2025-02-01", "2025-03-15"}) {
      RegionViews a = whole.All(At(date, n));
      RegionViews b = part.All(At(date));
      EXPECT_TRUE(MessageDifferencer::Equals(a.dossiers, b.dossiers)) << n << " " << date;
      EXPECT_TRUE(MessageDifferencer::Equals(a.signalen, b.signalen)) << n << " " << date;
      EXPECT_TRUE(MessageDifferencer::Equals(a.taakstelling, b.taakstelling)) << n << " " << date;
      EXPECT_TRUE(MessageDifferencer::Equals(a.woningen, b.woningen)) << n << " " << date;
    }
  }
  EXPECT_EQ(whole.Dossiers(At("2025-03-15", 0)).dossiers_size(), 0);
  EXPECT_EQ(whole.Dossiers(At("2025-03-15", 1)).dossiers(0).fase(), v1::Dossier::GEKOPPELD);
  EXPECT_EQ(whole.Dossiers(At("2025-03-15", 4)).dossiers(0).fase(), v1::Dossier::HUURCONTRACT);
}

TEST(ProjectionTest, AllGivesTheSameViewsAsTheSingleCalls) {
  Log log{Aanmelding("2025-01-02", kV1, kDordrecht), Reservering("2025-01-10", kV1, "W1", kTrivire),
          CorporatieAfspraak("2025-01-01", kTrivire, "2025-H1", 5),
          Taakstelling("2025-01-02", kDordrecht, "2025-H1", 10)};
  Projection p = log.Fold();
  const AsOf at = At("2025-03-01");
  RegionViews all = p.All(at);
  EXPECT_TRUE(MessageDifferencer::Equals(all.dossiers, p.Dossiers(at)));
  EXPECT_TRUE(MessageDifferencer::Equals(all.taakstelling, p.Taakstelling(at)));
  EXPECT_TRUE(MessageDifferencer::Equals(all.pijplijn, p.Pijplijn(at)));
  EXPECT_TRUE(MessageDifferencer::Equals(all.signalen, p.Signalen(at)));
  EXPECT_TRUE(MessageDifferencer::Equals(all.woningen, p.Woningen(at)));
  EXPECT_TRUE(MessageDifferencer::Equals(all.corporaties, p.Corporaties(at)));
  EXPECT_TRUE(MessageDifferencer::Equals(all.begeleiding, p.Begeleidingen(at)));
  EXPECT_EQ(all.signalen.signalen_size(), 3);  // ONVOLLEDIG, RESERVERING_ZONDER_CONTRACT, STIL
}

TEST(ProjectionTest, TheSingleDossierEqualsItsRowInTheList) {
  Log log{Aanmelding("2025-01-02", kV1, kDordrecht), Aanmelding("2025-01-02", kV2, kZwijndrecht),
          Reservering("2025-01-10", kV2, "W1", kTrivire)};
  Projection p = log.Fold();
  v1::DossiersView all = p.Dossiers(At("2025-03-01"));
  ASSERT_EQ(all.dossiers_size(), 2);
  EXPECT_TRUE(MessageDifferencer::Equals(DossierAt(p, kV2, At("2025-03-01")), all.dossiers(1)));
}

// Ten-digit v_nummers are indexed as numbers; any other text (the bus never commits it) still
// files and finds its dossier, apart from a ten-digit one of the same digits.
TEST(ProjectionTest, ADossierIsFoundWhateverItsVNummerLooksLike) {
  Log log{Aanmelding("2025-01-02", "0000000001", kDordrecht),
          Aanmelding("2025-01-02", "1", kZwijndrecht),
          Aanmelding("2025-01-02", "00000000010", kPapendrecht),
          Aanmelding("2025-01-02", "V000000001", kHiA),
          Reservering("2025-01-10", "1", "W1", kTrivire),
          Reservering("2025-01-11", "0000000001", "W2", kTrivire)};
  Projection p = log.Fold();
  v1::DossiersView all = p.Dossiers(At("2025-03-01"));
  ASSERT_EQ(all.dossiers_size(), 4);
  EXPECT_EQ(all.dossiers(0).v_nummer(), "0000000001");
  EXPECT_EQ(all.dossiers(1).v_nummer(), "00000000010");
  EXPECT_EQ(all.dossiers(2).v_nummer(), "1");
  EXPECT_EQ(all.dossiers(3).v_nummer(), "V000000001");
  EXPECT_EQ(DossierAt(p, "0000000001", At("2025-03-01")).woning_id(), "W2");
  EXPECT_EQ(DossierAt(p, "1", At("2025-03-01")).woning_id(), "W1");
  EXPECT_EQ(DossierAt(p, "00000000010", At("2025-03-01")).gemeente(), kPapendrecht);
  EXPECT_EQ(DossierAt(p, "V000000001", At("2025-03-01")).gemeente(), kHiA);
  v1::Dossier d;
  EXPECT_TRUE(p.Dossier("0000000002", At("2025-03-01"), &d).IsNotFound());
  EXPECT_TRUE(p.Dossier("01", At("2025-03-01"), &d).IsNotFound());
}

TEST(ProjectionTest, ThousandsOfDossiersAreAllFound) {
  Log log;
  for (int i = 0; i < 5000; ++i)
    log.Add(Aanmelding("2025-01-02", std::to_string(3'000'000'000LL + 7919LL * i), kDordrecht));
  Projection p = log.Fold();
  EXPECT_EQ(p.Dossiers(At("2025-01-02")).dossiers_size(), 5000);
  for (int i = 0; i < 5000; ++i) {
    v1::Dossier d;
    ASSERT_TRUE(p.Dossier(std::to_string(3'000'000'000LL + 7919LL * i), At("2025-01-02"), &d).ok()) << i;
  }
  v1::Dossier d;
  EXPECT_TRUE(p.Dossier("3000000001", At("2025-01-02"), &d).IsNotFound());
}

TEST(ProjectionTest, ADossierPrintsEveryFieldInJson) {
  Projection p = Log{Aanmelding("2025-01-02", kV1, kDordrecht)}.Fold();
  std::string json = contract::ToJson(p.Dossiers(At("2025-01-02")));
  for (const char* field :
       {"\"v_nummer\":\"1000000001\"", "\"koppeldatum\":\"2025-01-02\"", "\"woning_id\":\"\"",
        "\"fase\":\"GEKOPPELD\"", "\"huishouden\":1", "\"signalen\":[]", "\"begeleiding\":\"\"",
        "\"datum_brp\":\"\"", "\"meldingen_open\":0"}) {
    EXPECT_NE(json.find(field), std::string::npos) << field << " in " << json;
  }
}

TEST(ProjectionTest, AandeelProcentIsAJsonNumberWithOneDecimal) {
  Log log{Aanmelding("2025-01-02", kV1, kDordrecht), Reservering("2025-01-03", kV1, "W1", kTrivire),
          Huurcontract("2025-01-04", kV1, "W1", kTrivire, "2025-01-05", 1),
          VrijgekomenWoningen("2025-01-02", kTrivire, kDordrecht, "2025-H1", 8)};
  std::string json = contract::ToJson(log.Fold().Corporaties(At("2025-02-01")));
  EXPECT_NE(json.find("\"aandeel_procent\":12.5"), std::string::npos) << json;
  EXPECT_NE(json.find("\"boven_10_procent\":true"), std::string::npos) << json;
}

TEST(ProjectionTest, FiltersKeepOnlyMatchingRowsInOrder) {
  Log log{Aanmelding("2025-01-02", kV1, kDordrecht), Aanmelding("2025-01-02", kV2, kZwijndrecht),
          Aanmelding("2025-01-02", kV3, kDordrecht), Reservering("2025-01-10", kV3, "W1", kTrivire),
          Taakstelling("2024-12-01", kDordrecht, "2024-H2", 3)};
  Projection p = log.Fold();
  const AsOf at = At("2025-04-01");
  DossierFilter by_gemeente;
  by_gemeente.gemeente = kDordrecht;
  v1::DossiersView d = p.Dossiers(at, by_gemeente);
  ASSERT_EQ(d.dossiers_size(), 2);
  EXPECT_EQ(d.dossiers(0).v_nummer(), kV1);
  EXPECT_EQ(d.dossiers(1).v_nummer(), kV3);
  DossierFilter by_fase;
  by_fase.fase = v1::Dossier::GERESERVEERD;
  EXPECT_EQ(p.Dossiers(at, by_fase).dossiers_size(), 1);
  DossierFilter by_signaal;
  by_signaal.signaal = "RESERVERING_ZONDER_CONTRACT";
  EXPECT_EQ(p.Dossiers(at, by_signaal).dossiers_size(), 1);
  DossierFilter nowhere;
  nowhere.gemeente = "gemeente:nergens";
  EXPECT_EQ(p.Dossiers(at, nowhere).dossiers_size(), 0);
  EXPECT_EQ(p.Dossiers(at, DossierFilter()).dossiers_size(), 3);
  EXPECT_EQ(FilterTaakstelling(p.Taakstelling(at), "2025-H1").regels_size(), 1);
  EXPECT_EQ(FilterTaakstelling(p.Taakstelling(at), "").regels_size(), 2);
  v1::SignalenView s = p.Signalen(at, kTrivire);
  for (const auto& row : s.signalen()) EXPECT_EQ(row.voor(), kTrivire);
  EXPECT_EQ(s.signalen_size(), 2);  // RESERVERING_ZONDER_CONTRACT and ONVOLLEDIG (unknown woning)
}

TEST(ProjectionTest, AProjectionCanBeMoved) {
  Projection p = Log{Aanmelding("2025-01-02", kV1, kDordrecht)}.Fold();
  Projection q = std::move(p);
  EXPECT_EQ(q.Dossiers(At("2025-01-02")).dossiers_size(), 1);
}

}  // namespace
}  // namespace regiotafel::projections::testing
