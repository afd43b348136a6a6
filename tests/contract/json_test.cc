#include "contract/json.h"

#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "contract/identifiers.h"
#include "contract/streams.h"
#include "contract/validate.h"
#include "regiotafel/v1/views.pb.h"
#include "tests/contract/envelopes.h"

namespace regiotafel::contract {
namespace {

namespace pb = google::protobuf;
using testing::AllPayloads;
using testing::P;
using testing::ValidEnvelope;

std::string PayloadParamName(const ::testing::TestParamInfo<P::PayloadCase>& info) {
  return std::string(PayloadName(info.param));
}

// The envelope as EnvelopeFromBody gives it back: only event_id and the payload.
v1::Envelope BodyPart(const v1::Envelope& e) {
  v1::Envelope out = e;
  out.clear_origin();
  out.clear_origin_seq();
  out.clear_stream();
  out.clear_occurred_at();
  return out;
}

void ExpectRefused(std::string_view body, const std::string& field) {
  v1::Envelope out;
  Status status = EnvelopeFromBody(body, &out);
  EXPECT_TRUE(status.IsInvalidArgument()) << body << " -> " << status.ToString();
  EXPECT_EQ(status.field(), field) << body << " -> " << status.ToString();
  EXPECT_FALSE(status.message().empty());
  EXPECT_TRUE(IsValidUtf8(status.message()));
}

// ---- Round trips, once per payload kind.

class BodyRoundTripTest : public ::testing::TestWithParam<P::PayloadCase> {};

TEST_P(BodyRoundTripTest, BodyGivesBackEventIdAndPayload) {
  const v1::Envelope e = ValidEnvelope(GetParam());
  v1::Envelope out;
  Status status = EnvelopeFromBody(BodyFromEnvelope(e), &out);
  ASSERT_TRUE(status.ok()) << status.ToString() << "\n" << BodyFromEnvelope(e);
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(out, BodyPart(e))) << out.ShortDebugString();
}

TEST_P(BodyRoundTripTest, BodyHoldsOnlyEventIdAndThePayloadKey) {
  const v1::Envelope e = ValidEnvelope(GetParam());
  const std::string body = BodyFromEnvelope(e);
  const std::string expected_start = std::string("{\"event_id\":\"") + testing::kEventId + "\",\"" +
                                     std::string(PayloadName(GetParam())) + "\":{";
  EXPECT_EQ(body.substr(0, expected_start.size()), expected_start) << body;
  EXPECT_EQ(body.find("\"origin\""), std::string::npos);
  EXPECT_EQ(body.find("\"stream\""), std::string::npos);
}

TEST_P(BodyRoundTripTest, ToJsonAndFromJsonRoundTrip) {
  const v1::Envelope e = ValidEnvelope(GetParam());
  v1::Envelope out;
  Status status = FromJson(ToJson(e), &out);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(out, e));
}

INSTANTIATE_TEST_SUITE_P(Contract, BodyRoundTripTest, ::testing::ValuesIn(AllPayloads()), PayloadParamName);

// ---- ToJson / FromJson.

TEST(ToJsonTest, UsesProtoFieldNamesEnumNamesAndPrintsDefaults) {
  v1::WoningAangeboden w;
  w.set_woning_id("TRV-1");
  w.set_soort(v1::WoningAangeboden::TIJDELIJK);
  EXPECT_EQ(
      ToJson(w),
      "{\"datum\":\"\",\"woning_id\":\"TRV-1\",\"corporatie\":\"\",\"gemeente\":\"\",\"adres\":\"\","
      "\"kamers\":0,\"kale_huur_cent\":0,\"soort\":\"TIJDELIJK\",\"capaciteit\":0,\"beschikbaar_per\":\"\"}");
}

TEST(ToJsonTest, PrintsEmptyListsAndUnspecifiedEnums) {
  v1::Aanmelding a;
  const std::string json = ToJson(a);
  EXPECT_NE(json.find("\"gezinsleden\":[]"), std::string::npos) << json;
  v1::Signaal s;
  EXPECT_NE(ToJson(s).find("\"soort\":\"SOORT_UNSPECIFIED\""), std::string::npos);
}

TEST(ToJsonTest, LeavesAnUnsetStartsaldoOut) {
  v1::TaakstellingVastgesteld t;
  t.set_aantal(5);
  EXPECT_EQ(ToJson(t).find("startsaldo"), std::string::npos);
  t.set_startsaldo(0);
  EXPECT_NE(ToJson(t).find("\"startsaldo\":0"), std::string::npos);
}

TEST(ToJsonTest, GivesEmptyTextForATimestampOutOfRange) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  e.mutable_occurred_at()->set_seconds(1LL << 60);
  EXPECT_EQ(ToJson(e), "");
}

// ListToJson prints a view row by row, on every core: the text must be ToJson's, byte for byte,
// whether the list is empty, short, or long enough to be split (rows with escapes, non-ASCII text,
// zero values and repeated fields among them), with a page's `volgende` or without.
TEST(ListToJsonTest, GivesToJsonsTextForEveryLength) {
  std::mt19937 random(7);
  for (int rows : {0, 1, 2, 4095, 4096, 10'001}) {
    v1::DossiersView view;
    for (int i = 0; i < rows; ++i) {
      v1::Dossier* d = view.add_dossiers();
      d->set_v_nummer(std::to_string(1000000000 + i));
      if (random() % 3 != 0) d->set_naam(i % 5 == 0 ? "Zoë \"de\" Vries\\\n\t\u00e9" : "Amina");
      d->set_huishouden(static_cast<int32_t>(random() % 6));
      d->set_fase(static_cast<v1::Dossier::Fase>(random() % 6));
      for (int k = 0; k < i % 3; ++k) d->add_signalen("WACHT_OP_WONING");
    }
    EXPECT_EQ(contract::ListToJson(view), contract::ToJson(view)) << rows << " rows";
    // A page: its `volgende` printed after the rows, whatever text it holds.
    for (const char* volgende : {"1000000001", "\"dossiers\":[] \u00e9\n"}) {
      view.set_volgende(volgende);
      EXPECT_EQ(contract::ListToJson(view), contract::ToJson(view)) << rows << " rows, volgende " << volgende;
    }
  }
  v1::TaakstellingView taakstelling;
  taakstelling.add_regels()->set_gemeente("gemeente:dordrecht");
  EXPECT_EQ(contract::ListToJson(taakstelling), contract::ToJson(taakstelling));
  // Not a list: as ToJson.
  v1::Dossier one;
  one.set_v_nummer("1234567890");
  EXPECT_EQ(contract::ListToJson(one), contract::ToJson(one));
}

TEST(FromJsonTest, RefusesUnknownKeys) {
  v1::Aanmelding a;
  Status status = FromJson(R"({"naam": "Amina", "kleur": "blauw"})", &a);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "kleur");
}

TEST(FromJsonTest, RefusesUnknownNestedKeys) {
  v1::Aanmelding a;
  Status status = FromJson(R"({"gezinsleden": [{"naam": "Sara"}, {"bsn": "111222333"}]})", &a);
  EXPECT_EQ(status.field(), "gezinsleden[1].bsn");
}

TEST(FromJsonTest, NamesTheFieldOfAWrongType) {
  v1::Aanmelding a;
  Status status = FromJson(R"({"verwachte_nareizigers": "twee"})", &a);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "verwachte_nareizigers");
  EXPECT_EQ(status.message().rfind("hier hoort een geheel getal", 0), 0u) << status.message();
}

TEST(FromJsonTest, RefusesUnknownEnumNames) {
  v1::Signaal s;
  Status status = FromJson(R"({"soort": "BRAND"})", &s);
  EXPECT_EQ(status.field(), "soort");
  EXPECT_NE(status.message().find("OVERLAST"), std::string::npos) << status.message();
}

TEST(FromJsonTest, RefusesDuplicateKeys) {
  v1::Aanmelding a;
  Status status = FromJson(R"({"naam": "Amina", "naam": "Sara"})", &a);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "naam");
}

TEST(FromJsonTest, RefusesMalformedJson) {
  v1::Aanmelding a;
  Status status = FromJson(R"({"naam": )", &a);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.message().rfind("dit is geen geldige JSON", 0), 0u) << status.message();
}

// ---- EnvelopeFromBody.

TEST(BodyTest, AcceptsAPayloadWithoutEventId) {
  v1::Envelope out;
  Status status = EnvelopeFromBody(
      R"({"uitstroom": {"datum": "2025-03-03", "v_nummer": "1234567890", "personen": 3}})", &out);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(out.payload_case(), P::kUitstroom);
  EXPECT_EQ(out.uitstroom().personen(), 3);
  EXPECT_EQ(out.event_id(), "");
}

TEST(BodyTest, AcceptsEnumNames) {
  v1::Envelope out;
  ASSERT_TRUE(EnvelopeFromBody(R"({"begeleiding_fase": {"fase": "AFGEROND"}})", &out).ok());
  EXPECT_EQ(out.begeleiding_fase().fase(), v1::BegeleidingFase::AFGEROND);
}

TEST(BodyTest, DoesNotValidateThePayload) {
  v1::Envelope out;
  EXPECT_TRUE(EnvelopeFromBody(R"({"aanmelding": {}})", &out).ok());
  EXPECT_EQ(out.payload_case(), P::kAanmelding);
  EXPECT_EQ(ValidatePayload(out).field(), "aanmelding.datum");
}

TEST(BodyTest, RefusesTwoPayloads) { ExpectRefused(R"({"aanmelding": {}, "uitstroom": {}})", "payload"); }

TEST(BodyTest, TwoPayloadsMessageNamesBoth) {
  v1::Envelope out;
  Status status = EnvelopeFromBody(R"({"uitstroom": {}, "aanmelding": {}})", &out);
  EXPECT_NE(status.message().find("aanmelding, uitstroom"), std::string::npos) << status.message();
}

TEST(BodyTest, RefusesTheSamePayloadKeyTwice) {
  ExpectRefused(R"({"aanmelding": {"naam": "a"}, "aanmelding": {"naam": "b"}})", "aanmelding");
}

TEST(BodyTest, RefusesADuplicateKeyDeepInside) {
  ExpectRefused(R"({"aanmelding": {"gezinsleden": [{"naam": "a"}, {"naam": "a", "naam": "b"}]}})",
                "aanmelding.gezinsleden[1].naam");
}

TEST(BodyTest, RefusesADuplicateKeySpelledTwoWays) {
  ExpectRefused(R"({"uitstroom": {}, "u\u0069tstroom": {}})", "uitstroom");
}

TEST(BodyTest, WrongElementOfAListAsksForAnObject) {
  v1::Envelope out;
  Status status = EnvelopeFromBody(R"({"aanmelding": {"gezinsleden": [5]}})", &out);
  EXPECT_EQ(status.field(), "aanmelding.gezinsleden[0]");
  EXPECT_EQ(status.message(), "hier hoort een object {...}");
}

TEST(BodyTest, RefusesEventIdTwice) {
  ExpectRefused(
      std::string(R"({"event_id": ")") + testing::kEventId + R"(", "event_id": "x", "uitstroom": {}})",
      "event_id");
}

TEST(BodyTest, RefusesNoPayload) { ExpectRefused("{}", "payload"); }

TEST(BodyTest, RefusesOnlyAnEventId) {
  ExpectRefused(std::string(R"({"event_id": ")") + testing::kEventId + R"("})", "payload");
}

TEST(BodyTest, RefusesAnUnknownKey) { ExpectRefused(R"({"uitstroom": {}, "kleur": "blauw"})", "kleur"); }

TEST(BodyTest, RefusesACamelCasePayloadName) {
  ExpectRefused(R"({"brpInschrijving": {}})", "brpInschrijving");
}

TEST(BodyTest, RefusesTheNodesOwnFields) {
  for (const char* key :
       {"origin", "origin_seq", "stream", "occurred_at", "signature", "originSeq", "occurredAt"}) {
    const std::string body = std::string(R"({"uitstroom": {}, ")") + key + R"(": "x"})";
    ExpectRefused(body, key);
    v1::Envelope out;
    EXPECT_NE(EnvelopeFromBody(body, &out).message().find("vult de node zelf in"), std::string::npos) << key;
  }
}

TEST(BodyTest, RefusesAnUnknownKeyInsideThePayload) {
  ExpectRefused(R"({"aanmelding": {"naam": "Amina", "bsn": "111222333"}})", "aanmelding.bsn");
}

TEST(BodyTest, RefusesAWrongTypeInsideThePayload) {
  ExpectRefused(R"({"aanmelding": {"gezinsleden": [{"v_nummer": 1234567891}]}})",
                "aanmelding.gezinsleden[0].v_nummer");
}

TEST(BodyTest, RefusesANullPayload) { ExpectRefused(R"({"aanmelding": null})", "aanmelding"); }

TEST(BodyTest, RefusesAPayloadThatIsNotAnObject) { ExpectRefused(R"({"aanmelding": [1, 2]})", "aanmelding"); }

TEST(BodyTest, RefusesAnEventIdThatIsNotAUuid) {
  ExpectRefused(R"({"event_id": "NIET-EEN-UUID", "uitstroom": {}})", "event_id");
}

TEST(BodyTest, RefusesAnEventIdThatIsNotAString) {
  ExpectRefused(R"({"event_id": 7, "uitstroom": {}})", "event_id");
}

TEST(BodyTest, RefusesJsonThatIsNotAnObject) {
  for (const char* body : {"[]", "[{\"aanmelding\": {}}]", "\"aanmelding\"", "5", "null", "true"}) {
    ExpectRefused(body, "");
  }
}

TEST(BodyTest, RefusesMalformedJson) {
  for (const char* body :
       {"", "   ", "{", "{\"aanmelding\": {}", "{\"aanmelding\" {}}", "{aanmelding: {}}",
        "{\"aanmelding\": {}} extra", "{'aanmelding': {}}", "{\"aanmelding\": {},}",
        "{\"aanmelding\": {\"kamers\": 01}}", "{\"aanmelding\": {\"naam\": \"a\tb\"}}",
        "{\"aanmelding\": {\"naam\": \"\\x41\"}}", "{\"aanmelding\": {\"kamers\": .5}}",
        "{\"aanmelding\": {\"kamers\": NaN}}", "{\"aanmelding\": {\"naam\": \"\\u12\"}}"}) {
    ExpectRefused(body, "");
  }
}

TEST(BodyTest, RefusesInvalidUtf8) {
  ExpectRefused("{\"aanmelding\": {\"naam\": \"Zo\xC3\x28\"}}", "");
  ExpectRefused("{\"aanmelding\": {\"naam\": \"\xED\xA0\x80\"}}", "");  // an encoded surrogate
}

TEST(BodyTest, RefusesAnEscapedLoneSurrogate) { ExpectRefused(R"({"aanmelding": {"naam": "\ud800"}})", ""); }

// How long the refusal takes is measured by bench/contract_bench.cc, not asserted here.
TEST(BodyTest, RefusesDeepNesting) {
  const std::string body = "{\"aanmelding\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  ExpectRefused(body, "");
}

TEST(BodyTest, BracketsInsideStringsDoNotCountAsNesting) {
  v1::Envelope out;
  const std::string naam(200, '[');
  Status status = EnvelopeFromBody(R"({"aanmelding": {"naam": ")" + naam + R"("}})", &out);
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(out.aanmelding().naam(), naam);
}

TEST(BodyTest, KeepsEscapedCharactersInText) {
  v1::Envelope out;
  ASSERT_TRUE(EnvelopeFromBody(R"({"signaal": {"omschrijving": "zegt \"nee\" \\ \u00e9"}})", &out).ok());
  EXPECT_EQ(out.signaal().omschrijving(), "zegt \"nee\" \\ \xC3\xA9");
}

// An escaped control character is valid JSON and reads into the text; the contract then refuses it,
// naming the field (a NUL would cut an .xlsx cell short, an ESC clear a clerk's screen).
TEST(BodyTest, AnEscapedControlCharacterIsRefusedByTheContractNamingTheField) {
  const std::string aanmelding =
      R"("datum": "2026-01-05", "v_nummer": "1234567890", "gemeente": "gemeente:dordrecht", )";
  for (const std::string naam : {R"(Amina\u0000Haddad)", R"(Amina\u001b[2J)", R"(Amina\r\nHaddad)",
                                 R"(Amina\u009b31m)", R"(Amina\u007f)"}) {
    v1::Envelope out;
    const Status parsed =
        EnvelopeFromBody(R"({"aanmelding": {)" + aanmelding + R"("naam": ")" + naam + R"("}})", &out);
    ASSERT_TRUE(parsed.ok()) << naam << ": " << parsed.ToString();
    const Status status = ValidatePayload(out);
    EXPECT_TRUE(status.IsInvalidArgument()) << naam;
    EXPECT_EQ(status.field(), "aanmelding.naam") << naam << ": " << status.ToString();
    EXPECT_EQ(status.message().find("Amina"), std::string::npos) << status.message();
  }
  v1::Envelope note;
  ASSERT_TRUE(
      EnvelopeFromBody(R"({"signaal": {"datum": "2026-01-05", "v_nummer": "1234567890", "signaal_id": "s1",
      "soort": "OVERLAST", "omschrijving": "eerste regel\r\ntweede\tregel"}})",
                       &note)
          .ok());
  EXPECT_TRUE(ValidatePayload(note).ok()) << "a note may hold line breaks and tabs";
}

TEST(BodyTest, AnUnknownKeyIsQuotedWithoutItsControlCharacters) {
  v1::Envelope out;
  const Status status = EnvelopeFromBody(R"({"uitstroom": {}, "k\u001b[2J": 1})", &out);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.message().find('\x1b'), std::string::npos) << status.message();
  EXPECT_EQ(status.field(), "k\xEF\xBF\xBD[2J") << "the key as the field, its ESC shown as U+FFFD";
}

TEST(BodyTest, DamagedBodiesGiveAStatus) {
  std::mt19937 random(777);
  const std::vector<P::PayloadCase> payloads = AllPayloads();
  std::uniform_int_distribution<size_t> pick(0, payloads.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255), edits(1, 3);
  for (int i = 0; i < 1000; ++i) {
    std::string body = BodyFromEnvelope(ValidEnvelope(payloads[pick(random)]));
    for (int n = edits(random); n > 0; --n) {
      const size_t at = std::uniform_int_distribution<size_t>(0, body.size() - 1)(random);
      body[at] = static_cast<char>(byte(random));
    }
    v1::Envelope out;
    Status status = EnvelopeFromBody(body, &out);
    EXPECT_TRUE(status.ok() || (status.IsInvalidArgument() && !status.message().empty())) << body;
    if (status.ok()) {
      EXPECT_NE(out.payload_case(), P::PAYLOAD_NOT_SET) << body;
    }
  }
}

TEST(BodyFromEnvelopeTest, LeavesAnEmptyEventIdOut) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  e.clear_event_id();
  EXPECT_EQ(BodyFromEnvelope(e),
            "{\"uitstroom\":{\"datum\":\"2025-03-03\",\"v_nummer\":\"1234567890\",\"personen\":3}}");
}

TEST(BodyFromEnvelopeTest, KeepsStartsaldoPresence) {
  v1::Envelope e = ValidEnvelope(P::kTaakstellingVastgesteld);
  e.mutable_taakstelling_vastgesteld()->clear_startsaldo();
  v1::Envelope out;
  ASSERT_TRUE(EnvelopeFromBody(BodyFromEnvelope(e), &out).ok());
  EXPECT_FALSE(out.taakstelling_vastgesteld().has_startsaldo());
  e.mutable_taakstelling_vastgesteld()->set_startsaldo(0);
  ASSERT_TRUE(EnvelopeFromBody(BodyFromEnvelope(e), &out).ok());
  EXPECT_TRUE(out.taakstelling_vastgesteld().has_startsaldo());
}

}  // namespace
}  // namespace regiotafel::contract
