#include <gtest/gtest.h>

#include <string>
#include <tuple>

#include "contract/roles.h"
#include "contract/streams.h"
#include "contract/validate.h"
#include "tests/contract/envelopes.h"

namespace regiotafel::contract {
namespace {

using testing::AllPayloads;
using testing::P;
using testing::ValidEnvelope;

// The table of docs/CONTRACT.md §4, written out again here: name, stream of ValidEnvelope(), who.
struct Expected {
  P::PayloadCase payload;
  const char* name;
  const char* stream;
  const char* who;  // letters as in §4: C coa, G gemeente, K corporatie, V vluchtelingenwerk, R regio
};

constexpr Expected kExpected[] = {
    {P::kAanmelding, "aanmelding", "dossier/1234567890", "C"},
    {P::kHerkoppeling, "herkoppeling", "dossier/1234567890", "C"},
    {P::kWoningAangeboden, "woning_aangeboden", "woning/TRV-0042", "K"},
    {P::kWoningIngetrokken, "woning_ingetrokken", "woning/TRV-0042", "K"},
    {P::kVoordracht, "voordracht", "dossier/1234567890", "CGR"},
    {P::kReservering, "reservering", "dossier/1234567890", "K"},
    {P::kReserveringVervallen, "reservering_vervallen", "dossier/1234567890", "KG"},
    {P::kHuurcontract, "huurcontract", "dossier/1234567890", "K"},
    {P::kUitstroom, "uitstroom", "dossier/1234567890", "C"},
    {P::kBrpInschrijving, "brp_inschrijving", "dossier/1234567890", "G"},
    {P::kNareizigersAangekondigd, "nareizigers_aangekondigd", "dossier/1234567890", "CV"},
    {P::kNareizigersGearriveerd, "nareizigers_gearriveerd", "dossier/1234567890", "CG"},
    {P::kBegeleidingFase, "begeleiding_fase", "dossier/1234567890", "VG"},
    {P::kBegeleidingTaak, "begeleiding_taak", "dossier/1234567890", "VG"},
    {P::kSignaal, "signaal", "dossier/1234567890", "CGKVR"},
    {P::kSignaalAfgehandeld, "signaal_afgehandeld", "dossier/1234567890", "CGKVR"},
    {P::kDossierGesloten, "dossier_gesloten", "dossier/1234567890", "CGR"},
    {P::kTaakstellingVastgesteld, "taakstelling_vastgesteld", "gemeente/dordrecht", "GR"},
    {P::kOverboeking, "overboeking", "gemeente/dordrecht", "GR"},
    {P::kCorporatieAfspraak, "corporatie_afspraak", "corporatie/trivire", "R"},
    {P::kVrijgekomenWoningen, "vrijgekomen_woningen", "corporatie/trivire", "K"},
    {P::kAdministratieOvergenomen, "administratie_overgenomen", "dossier/1234567890", "R"},
    {P::kDossierVergeten, "dossier_vergeten", "dossier/1234567890", "GR"},
};

const Expected& ExpectedFor(P::PayloadCase payload) {
  for (const Expected& e : kExpected) {
    if (e.payload == payload) return e;
  }
  ADD_FAILURE() << "no expectation for payload " << payload;
  return kExpected[0];
}

std::string PayloadParamName(const ::testing::TestParamInfo<P::PayloadCase>& info) {
  return ExpectedFor(info.param).name;
}

// ---- Streams and names, once per payload kind.

class PerPayloadTest : public ::testing::TestWithParam<P::PayloadCase> {};

TEST_P(PerPayloadTest, StreamFollowsThePayload) {
  EXPECT_EQ(StreamOf(ValidEnvelope(GetParam())), ExpectedFor(GetParam()).stream);
}

TEST_P(PerPayloadTest, NameIsTheSnakeCaseFieldName) {
  EXPECT_EQ(PayloadName(GetParam()), ExpectedFor(GetParam()).name);
}

TEST_P(PerPayloadTest, NameMapsBackToThePayload) {
  EXPECT_EQ(PayloadCaseOf(ExpectedFor(GetParam()).name), GetParam());
}

TEST_P(PerPayloadTest, ValidEnvelopePassesTheRoleCheck) {
  EXPECT_TRUE(CheckRole(ValidEnvelope(GetParam())).ok());
}

INSTANTIATE_TEST_SUITE_P(Contract, PerPayloadTest, ::testing::ValuesIn(AllPayloads()), PayloadParamName);

TEST(StreamTest, EveryPayloadIsCovered) {
  EXPECT_EQ(std::size(kExpected), AllPayloads().size());
  EXPECT_EQ(v1::Envelope::descriptor()->FindOneofByName("payload")->field_count(),
            static_cast<int>(AllPayloads().size()));
}

TEST(StreamTest, NoPayloadHasNoStream) { EXPECT_EQ(StreamOf(v1::Envelope()), ""); }

TEST(StreamTest, DossierStreamUsesTheVNummer) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  e.mutable_uitstroom()->set_v_nummer("9876543210");
  EXPECT_EQ(StreamOf(e), "dossier/9876543210");
}

TEST(StreamTest, AdministratieOvergenomenBelongsToTheDossier) {
  v1::Envelope e = ValidEnvelope(P::kAdministratieOvergenomen);
  e.mutable_administratie_overgenomen()->set_v_nummer("5555555555");
  EXPECT_EQ(StreamOf(e), "dossier/5555555555");
}

TEST(StreamTest, OverboekingBelongsToVanGemeente) {
  v1::Envelope e = ValidEnvelope(P::kOverboeking);
  e.mutable_overboeking()->set_van_gemeente("gemeente:papendrecht");
  e.mutable_overboeking()->set_naar_gemeente("gemeente:sliedrecht");
  EXPECT_EQ(StreamOf(e), "gemeente/papendrecht");
}

TEST(StreamTest, TaakstellingBelongsToItsGemeente) {
  v1::Envelope e = ValidEnvelope(P::kTaakstellingVastgesteld);
  e.mutable_taakstelling_vastgesteld()->set_gemeente("gemeente:hendrik-ido-ambacht");
  EXPECT_EQ(StreamOf(e), "gemeente/hendrik-ido-ambacht");
}

TEST(StreamTest, CorporatieFiguresBelongToTheCorporatie) {
  v1::Envelope e = ValidEnvelope(P::kVrijgekomenWoningen);
  e.mutable_vrijgekomen_woningen()->set_corporatie("corporatie:woonbron");
  EXPECT_EQ(StreamOf(e), "corporatie/woonbron");
}

TEST(PayloadNameTest, NoPayloadHasNoName) { EXPECT_EQ(PayloadName(P::PAYLOAD_NOT_SET), ""); }

TEST(PayloadNameTest, UnknownNamesMapToNoPayload) {
  for (const char* name :
       {"", "Aanmelding", "brpInschrijving", "event_id", "origin", "occurred_at", "bogus"}) {
    EXPECT_EQ(PayloadCaseOf(name), P::PAYLOAD_NOT_SET) << name;
  }
}

// ---- The role matrix, every cell.

const OrgKind kKinds[] = {OrgKind::kCoa, OrgKind::kGemeente, OrgKind::kCorporatie,
                          OrgKind::kVluchtelingenwerk, OrgKind::kRegio};

char Letter(OrgKind kind) {
  switch (kind) {
    case OrgKind::kCoa:
      return 'C';
    case OrgKind::kGemeente:
      return 'G';
    case OrgKind::kCorporatie:
      return 'K';
    case OrgKind::kVluchtelingenwerk:
      return 'V';
    case OrgKind::kRegio:
      return 'R';
  }
  return '?';
}

// An origin of this kind that is, where the event has an "own" rule, the organisation named in
// ValidEnvelope()'s payload: so that only the matrix decides.
const char* OriginOfKind(OrgKind kind) {
  switch (kind) {
    case OrgKind::kCoa:
      return testing::kCoa;
    case OrgKind::kGemeente:
      return testing::kGemeente;
    case OrgKind::kCorporatie:
      return testing::kCorporatie;
    case OrgKind::kVluchtelingenwerk:
      return testing::kVluchtelingenwerk;
    case OrgKind::kRegio:
      return testing::kRegio;
  }
  return "";
}

bool ExpectedAllowed(P::PayloadCase payload, OrgKind kind) {
  return std::string(ExpectedFor(payload).who).find(Letter(kind)) != std::string::npos;
}

class RoleCellTest : public ::testing::TestWithParam<std::tuple<P::PayloadCase, OrgKind>> {};

TEST_P(RoleCellTest, MayPublishFollowsTheMatrix) {
  const auto [payload, kind] = GetParam();
  EXPECT_EQ(MayPublish(kind, payload), ExpectedAllowed(payload, kind));
}

TEST_P(RoleCellTest, CheckRoleFollowsTheMatrix) {
  const auto [payload, kind] = GetParam();
  v1::Envelope e = ValidEnvelope(payload);
  e.set_origin(OriginOfKind(kind));
  Status status = CheckRole(e);
  if (ExpectedAllowed(payload, kind)) {
    EXPECT_TRUE(status.ok()) << status.ToString();
  } else {
    EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
    EXPECT_EQ(status.field(), "origin");
  }
}

INSTANTIATE_TEST_SUITE_P(Contract, RoleCellTest,
                         ::testing::Combine(::testing::ValuesIn(AllPayloads()), ::testing::ValuesIn(kKinds)),
                         [](const ::testing::TestParamInfo<std::tuple<P::PayloadCase, OrgKind>>& info) {
                           return std::string(ExpectedFor(std::get<0>(info.param)).name) + "_" +
                                  Letter(std::get<1>(info.param));
                         });

TEST(RoleTest, RefusalNamesWhoMay) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.set_origin(testing::kCorporatie);
  Status status = CheckRole(e);
  EXPECT_EQ(status.message(), "een corporatie mag geen Aanmelding publiceren (alleen COA)");
  EXPECT_EQ(status.field(), "origin");
}

TEST(RoleTest, RefusalListsSeveralKinds) {
  v1::Envelope e = ValidEnvelope(P::kVoordracht);
  e.set_origin(testing::kVluchtelingenwerk);
  EXPECT_EQ(CheckRole(e).message(),
            "VluchtelingenWerk mag geen Voordracht publiceren (alleen COA, gemeente of regio)");
}

TEST(RoleTest, RefusesAnInvalidOrigin) {
  v1::Envelope e = ValidEnvelope(P::kSignaal);
  e.set_origin("provincie:zuid-holland");
  Status status = CheckRole(e);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "origin");
}

TEST(RoleTest, RefusesAnEnvelopeWithoutPayload) {
  v1::Envelope e;
  e.set_origin(testing::kRegio);
  Status status = CheckRole(e);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "payload");
}

// ---- The "own" rules.

struct OwnCase {
  const char* name;
  P::PayloadCase payload;
  const char* origin;  // of the right kind, but not the organisation the payload names
  const char* field;
};

// Keeps CTest's test names short: GoogleTest would print the parameter's bytes.
void PrintTo(const OwnCase& c, std::ostream* os) { *os << c.name; }

class OwnRuleTest : public ::testing::TestWithParam<OwnCase> {};

TEST_P(OwnRuleTest, AnotherOrganisationOfTheSameKindIsRefused) {
  v1::Envelope e = ValidEnvelope(GetParam().payload);
  e.set_origin(GetParam().origin);
  Status status = CheckRole(e);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.field(), GetParam().field);
}

INSTANTIATE_TEST_SUITE_P(
    Contract, OwnRuleTest,
    ::testing::Values(
        OwnCase{"woning_aangeboden", P::kWoningAangeboden, testing::kAndereCorporatie,
                "woning_aangeboden.corporatie"},
        OwnCase{"woning_ingetrokken", P::kWoningIngetrokken, testing::kAndereCorporatie,
                "woning_ingetrokken.corporatie"},
        OwnCase{"reservering", P::kReservering, testing::kAndereCorporatie, "reservering.corporatie"},
        OwnCase{"huurcontract", P::kHuurcontract, testing::kAndereCorporatie, "huurcontract.corporatie"},
        OwnCase{"vrijgekomen_woningen", P::kVrijgekomenWoningen, testing::kAndereCorporatie,
                "vrijgekomen_woningen.corporatie"},
        OwnCase{"brp_inschrijving", P::kBrpInschrijving, testing::kAndereGemeente,
                "brp_inschrijving.gemeente"},
        OwnCase{"taakstelling_vastgesteld", P::kTaakstellingVastgesteld, testing::kAndereGemeente,
                "taakstelling_vastgesteld.gemeente"},
        // The naar_gemeente may not book the credit towards itself: only van_gemeente may.
        OwnCase{"overboeking", P::kOverboeking, testing::kAndereGemeente, "overboeking.van_gemeente"}),
    [](const ::testing::TestParamInfo<OwnCase>& info) { return std::string(info.param.name); });

TEST(OwnRuleTest, RefusalNamesTheOtherOrganisation) {
  v1::Envelope e = ValidEnvelope(P::kHuurcontract);
  e.set_origin(testing::kAndereCorporatie);
  EXPECT_EQ(CheckRole(e).message(),
            "corporatie:woonbron mag alleen voor zichzelf een Huurcontract publiceren, niet voor "
            "\"corporatie:trivire\"");
}

TEST(OwnRuleTest, RegioMaySetAnyGemeentesTaakstelling) {
  v1::Envelope e = ValidEnvelope(P::kTaakstellingVastgesteld);
  e.set_origin(testing::kRegio);
  e.mutable_taakstelling_vastgesteld()->set_gemeente(testing::kAndereGemeente);
  EXPECT_TRUE(CheckRole(e).ok());
}

TEST(OwnRuleTest, RegioMayBookAnyOverboeking) {
  v1::Envelope e = ValidEnvelope(P::kOverboeking);
  e.set_origin(testing::kRegio);
  e.mutable_overboeking()->set_van_gemeente("gemeente:papendrecht");
  EXPECT_TRUE(CheckRole(e).ok());
}

TEST(OwnRuleTest, VanGemeenteMayBookItsOverboeking) {
  v1::Envelope e = ValidEnvelope(P::kOverboeking);
  e.mutable_overboeking()->set_van_gemeente(testing::kAndereGemeente);
  e.mutable_overboeking()->set_naar_gemeente(testing::kGemeente);
  e.set_origin(testing::kAndereGemeente);
  EXPECT_TRUE(CheckRole(e).ok());
}

TEST(OwnRuleTest, EventsWithoutOwnRuleAcceptAnyOrganisationOfAnAllowedKind) {
  v1::Envelope e = ValidEnvelope(P::kReserveringVervallen);
  e.set_origin(testing::kAndereCorporatie);  // the payload names no corporatie
  EXPECT_TRUE(CheckRole(e).ok());
  e.set_origin(testing::kAndereGemeente);
  EXPECT_TRUE(CheckRole(e).ok());
}

TEST(OwnRuleTest, ValidateAppliesTheOwnRule) {
  v1::Envelope e = ValidEnvelope(P::kWoningAangeboden);
  e.set_origin(testing::kAndereCorporatie);
  Status status = Validate(e);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "woning_aangeboden.corporatie");
}

}  // namespace
}  // namespace regiotafel::contract
