// Validate and ParseEnvelope: valid envelopes of every kind pass, the messages a clerk reads, the
// envelope's own fields, and bytes from outside. The payloads' field rules: validate_fields_test.cc.
#include "contract/validate.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "contract/identifiers.h"
#include "contract/streams.h"
#include "tests/contract/envelopes.h"
#include "tests/contract/validate_cases.h"

namespace regiotafel::contract {
namespace {

namespace pb = google::protobuf;
using testing::AllPayloads;
using testing::Case;
using testing::CaseName;
using testing::P;
using testing::ValidEnvelope;

std::string PayloadParamName(const ::testing::TestParamInfo<P::PayloadCase>& info) {
  return std::string(PayloadName(info.param));
}

// ---- Every valid envelope passes.

class ValidEnvelopeTest : public ::testing::TestWithParam<P::PayloadCase> {};

TEST_P(ValidEnvelopeTest, PassesValidate) {
  Status status = Validate(ValidEnvelope(GetParam()));
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(ValidEnvelopeTest, PassesValidatePayload) {
  Status status = ValidatePayload(ValidEnvelope(GetParam()));
  EXPECT_TRUE(status.ok()) << status.ToString();
}

TEST_P(ValidEnvelopeTest, SurvivesTheWire) {
  const v1::Envelope e = ValidEnvelope(GetParam());
  v1::Envelope parsed;
  Status status = ParseEnvelope(e.SerializeAsString(), &parsed);
  EXPECT_TRUE(status.ok()) << status.ToString();
  EXPECT_TRUE(pb::util::MessageDifferencer::Equals(parsed, e));
}

INSTANTIATE_TEST_SUITE_P(Contract, ValidEnvelopeTest, ::testing::ValuesIn(AllPayloads()), PayloadParamName);
// ---- Messages a clerk reads.

TEST(MessageTest, VNummer) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  e.mutable_uitstroom()->set_v_nummer("12345");
  EXPECT_EQ(ValidatePayload(e).message(), "een V-nummer bestaat uit precies 10 cijfers, niet \"12345\"");
}

TEST(MessageTest, BsnElevenTest) {
  v1::Envelope e = ValidEnvelope(P::kBrpInschrijving);
  e.mutable_brp_inschrijving()->mutable_personen(0)->set_bsn("111222334");
  EXPECT_EQ(ValidatePayload(e).message(), "dit BSN klopt niet (11-proef)");
}

TEST(MessageTest, DateThatDoesNotExist) {
  v1::Envelope e = ValidEnvelope(P::kHuurcontract);
  e.mutable_huurcontract()->set_ingangsdatum("2023-02-29");
  EXPECT_EQ(ValidatePayload(e).message(), "2023-02-29 bestaat niet als datum");
}

TEST(MessageTest, WrongKindOfOrganisation) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.mutable_aanmelding()->set_gemeente("corporatie:trivire");
  EXPECT_EQ(ValidatePayload(e).message(),
            "hier hoort een gemeente (gemeente:…), niet \"corporatie:trivire\"");
}

TEST(MessageTest, LongValuesAreCutInTheMessage) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  e.mutable_uitstroom()->set_v_nummer(std::string(300, '7'));
  const Status status = ValidatePayload(e);
  EXPECT_LT(status.message().size(), 120u);
  EXPECT_NE(status.message().find("…"), std::string::npos);
}

TEST(MessageTest, InvalidUtf8IsNotEchoed) {
  v1::Envelope e = ValidEnvelope(P::kSignaal);
  e.mutable_signaal()->set_omschrijving("\xFF\xFE");
  const Status status = ValidatePayload(e);
  EXPECT_EQ(status.message(), "deze tekst is geen geldige UTF-8");
  EXPECT_TRUE(IsValidUtf8(status.ToString()));
}

// ---- The envelope's own fields.

std::vector<Case> EnvelopeRefusals() {
  return {
      {"event_id_leeg", P::kAanmelding, [](v1::Envelope& e) { e.clear_event_id(); }, "event_id"},
      {"event_id_hoofdletters", P::kAanmelding,
       [](v1::Envelope& e) { e.set_event_id("3F2B8C1E-9D4A-4E5F-8A7B-1C2D3E4F5A6B"); }, "event_id"},
      {"event_id_accolades", P::kAanmelding,
       [](v1::Envelope& e) { e.set_event_id("{3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b}"); }, "event_id"},
      {"event_id_geen_uuid", P::kAanmelding, [](v1::Envelope& e) { e.set_event_id("evenement-1"); },
       "event_id"},
      {"origin_leeg", P::kAanmelding, [](v1::Envelope& e) { e.clear_origin(); }, "origin"},
      {"origin_zonder_soort", P::kAanmelding, [](v1::Envelope& e) { e.set_origin("dordrecht"); }, "origin"},
      {"origin_onbekende_soort", P::kAanmelding, [](v1::Envelope& e) { e.set_origin("provincie:zh"); },
       "origin"},
      {"origin_seq_nul", P::kAanmelding, [](v1::Envelope& e) { e.set_origin_seq(0); }, "origin_seq"},
      {"occurred_at_ontbreekt", P::kAanmelding, [](v1::Envelope& e) { e.clear_occurred_at(); },
       "occurred_at"},
      {"occurred_at_nanos_negatief", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_occurred_at()->set_nanos(-1); }, "occurred_at"},
      {"occurred_at_nanos_te_groot", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_occurred_at()->set_nanos(1'000'000'000); }, "occurred_at"},
      {"occurred_at_na_jaar_9999", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_occurred_at()->set_seconds(253402300800LL); }, "occurred_at"},
      {"occurred_at_voor_jaar_1", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_occurred_at()->set_seconds(-62135596801LL); }, "occurred_at"},
      {"stream_leeg", P::kAanmelding, [](v1::Envelope& e) { e.clear_stream(); }, "stream"},
      {"stream_ander_dossier", P::kAanmelding, [](v1::Envelope& e) { e.set_stream("dossier/0000000000"); },
       "stream"},
      {"stream_andere_soort", P::kTaakstellingVastgesteld,
       [](v1::Envelope& e) { e.set_stream("corporatie/dordrecht"); }, "stream"},
      {"stream_overboeking_naar", P::kOverboeking,
       [](v1::Envelope& e) { e.set_stream("gemeente/zwijndrecht"); }, "stream"},
      {"stream_niet_bijgewerkt", P::kUitstroom,
       [](v1::Envelope& e) { e.mutable_uitstroom()->set_v_nummer("1111111111"); }, "stream"},
      {"rol_regio_aanmelding", P::kAanmelding, [](v1::Envelope& e) { e.set_origin(testing::kRegio); },
       "origin"},
      {"rol_eigen_corporatie", P::kReservering,
       [](v1::Envelope& e) { e.set_origin(testing::kAndereCorporatie); }, "reservering.corporatie"},
  };
}

std::vector<Case> EnvelopePasses() {
  return {
      {"event_id_ander", P::kAanmelding,
       [](v1::Envelope& e) { e.set_event_id("00000000-0000-0000-0000-000000000000"); }, ""},
      {"origin_seq_groot", P::kAanmelding, [](v1::Envelope& e) { e.set_origin_seq(UINT64_MAX); }, ""},
      {"occurred_at_1970", P::kAanmelding, [](v1::Envelope& e) { e.mutable_occurred_at()->Clear(); }, ""},
      {"occurred_at_laatste_nanoseconde", P::kAanmelding,
       [](v1::Envelope& e) {
         e.mutable_occurred_at()->set_seconds(253402300799LL);
         e.mutable_occurred_at()->set_nanos(999'999'999);
       },
       ""},
      {"stream_bijgewerkt", P::kUitstroom,
       [](v1::Envelope& e) {
         e.mutable_uitstroom()->set_v_nummer("1111111111");
         e.set_stream("dossier/1111111111");
       },
       ""},
  };
}

class EnvelopeRefusedTest : public ::testing::TestWithParam<Case> {};

TEST_P(EnvelopeRefusedTest, ValidateNamesTheField) {
  v1::Envelope e = ValidEnvelope(GetParam().payload);
  GetParam().change(e);
  Status status = Validate(e);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.field(), GetParam().field) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(Contract, EnvelopeRefusedTest, ::testing::ValuesIn(EnvelopeRefusals()), CaseName);

class EnvelopeAcceptedTest : public ::testing::TestWithParam<Case> {};

TEST_P(EnvelopeAcceptedTest, ValidateAccepts) {
  v1::Envelope e = ValidEnvelope(GetParam().payload);
  GetParam().change(e);
  Status status = Validate(e);
  EXPECT_TRUE(status.ok()) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(Contract, EnvelopeAcceptedTest, ::testing::ValuesIn(EnvelopePasses()), CaseName);

TEST(ValidateTest, ValidatePayloadIgnoresTheEnvelopeFields) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.clear_event_id();
  e.clear_origin();
  e.clear_stream();
  e.clear_occurred_at();
  e.set_origin_seq(0);
  EXPECT_TRUE(ValidatePayload(e).ok());
}

TEST(ValidateTest, EnvelopeFieldsAreCheckedBeforeThePayload) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.set_event_id("x");
  e.mutable_aanmelding()->clear_naam();
  EXPECT_EQ(Validate(e).field(), "event_id");
}

TEST(ValidateTest, ThePayloadIsCheckedBeforeTheStream) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.mutable_aanmelding()->set_v_nummer("12");  // the stream no longer matches either
  EXPECT_EQ(Validate(e).field(), "aanmelding.v_nummer");
}

TEST(ValidateTest, StreamMessageSaysWhichStream) {
  v1::Envelope e = ValidEnvelope(P::kOverboeking);
  e.set_stream("gemeente/zwijndrecht");
  EXPECT_EQ(Validate(e).message(),
            "deze gebeurtenis hoort in stream \"gemeente/dordrecht\", niet in \"gemeente/zwijndrecht\"");
}

// ---- ParseEnvelope: bytes from outside.

std::string Bytes(const v1::Envelope& e) { return e.SerializeAsString(); }

TEST(ParseEnvelopeTest, RefusesBytesThatDoNotParse) {
  v1::Envelope out;
  Status status = ParseEnvelope(std::string("\xFF\xFF\xFF", 3), &out);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.message(), "kan het bericht niet lezen");
}

TEST(ParseEnvelopeTest, ClearsOutputWhenBytesDoNotParse) {
  v1::Envelope out = ValidEnvelope(P::kAanmelding);
  EXPECT_FALSE(ParseEnvelope(std::string("\xFF\xFF\xFF", 3), &out).ok());
  EXPECT_EQ(out.payload_case(), P::PAYLOAD_NOT_SET);
  EXPECT_EQ(out.event_id(), "");
}

TEST(ParseEnvelopeTest, RefusesTruncatedBytes) {
  const std::string bytes = Bytes(ValidEnvelope(P::kAanmelding));
  v1::Envelope out;
  Status status = ParseEnvelope(std::string_view(bytes).substr(0, bytes.size() - 3), &out);
  EXPECT_EQ(status.message(), "kan het bericht niet lezen");
}

TEST(ParseEnvelopeTest, RefusesInvalidUtf8OnTheWire) {
  pb::LogSilencer silence;  // protobuf logs the bad string
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.mutable_aanmelding()->set_naam("\xC0\x80");
  v1::Envelope out;
  EXPECT_TRUE(ParseEnvelope(Bytes(e), &out).IsInvalidArgument());
}

TEST(ParseEnvelopeTest, EmptyBytesLackAnEventId) {
  v1::Envelope out;
  EXPECT_EQ(ParseEnvelope("", &out).field(), "event_id");
}

TEST(ParseEnvelopeTest, ValidatesWhatItParsed) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.set_origin(testing::kRegio);
  v1::Envelope out;
  Status status = ParseEnvelope(Bytes(e), &out);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "origin");
}

TEST(ParseEnvelopeTest, RefusesTwoDifferentPayloadsOnTheWire) {
  // Protobuf merges concatenated messages and keeps the last member of a oneof.
  v1::Envelope second;
  second.mutable_uitstroom()->CopyFrom(ValidEnvelope(P::kUitstroom).uitstroom());
  const std::string bytes = Bytes(ValidEnvelope(P::kAanmelding)) + Bytes(second);
  v1::Envelope merged;
  ASSERT_TRUE(merged.ParseFromString(bytes));
  ASSERT_EQ(merged.payload_case(), P::kUitstroom);

  v1::Envelope out;
  Status status = ParseEnvelope(bytes, &out);
  EXPECT_TRUE(status.IsInvalidArgument());
  EXPECT_EQ(status.field(), "payload");
}

TEST(ParseEnvelopeTest, RefusesTheSamePayloadTwiceOnTheWire) {
  v1::Envelope second;
  second.mutable_aanmelding()->set_naam("Iemand Anders");
  v1::Envelope out;
  Status status = ParseEnvelope(Bytes(ValidEnvelope(P::kAanmelding)) + Bytes(second), &out);
  EXPECT_EQ(status.field(), "payload");
}

TEST(ParseEnvelopeTest, RefusesAPayloadNumberWithAnotherWireType) {
  // Field 11 (herkoppeling) as a varint: protobuf keeps it as an unknown field.
  const std::string bytes = Bytes(ValidEnvelope(P::kAanmelding)) + std::string("\x58\x01", 2);
  v1::Envelope out;
  EXPECT_EQ(ParseEnvelope(bytes, &out).field(), "payload");
}

TEST(ParseEnvelopeTest, AcceptsUnknownFieldsOutsideThePayload) {
  // Field 99 as a varint: a later version of the contract may add envelope fields.
  const std::string bytes = Bytes(ValidEnvelope(P::kAanmelding)) + std::string("\x98\x06\x01", 3);
  v1::Envelope out;
  Status status = ParseEnvelope(bytes, &out);
  EXPECT_TRUE(status.ok()) << status.ToString();
}

bool IsAcceptableResult(const Status& status, const v1::Envelope& out) {
  if (status.ok()) return Validate(out).ok();
  return status.IsInvalidArgument() && !status.message().empty() && IsValidUtf8(status.ToString());
}

TEST(ParseEnvelopeTest, RandomBytesGiveAStatus) {
  pb::LogSilencer silence;
  std::mt19937 random(20250303);
  std::uniform_int_distribution<int> length(0, 300), byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string bytes(length(random), '\0');
    for (char& c : bytes) c = static_cast<char>(byte(random));
    v1::Envelope out;
    Status status = ParseEnvelope(bytes, &out);
    EXPECT_FALSE(status.ok()) << "buffer " << i;
    EXPECT_TRUE(IsAcceptableResult(status, out)) << "buffer " << i << ": " << status.ToString();
  }
}

TEST(ParseEnvelopeTest, DamagedValidBytesGiveAStatus) {
  pb::LogSilencer silence;
  std::mt19937 random(4242);
  const std::vector<P::PayloadCase> payloads = AllPayloads();
  std::uniform_int_distribution<size_t> pick(0, payloads.size() - 1);
  std::uniform_int_distribution<int> byte(0, 255), edits(1, 4), kind(0, 2);
  int refused = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string bytes = Bytes(ValidEnvelope(payloads[pick(random)]));
    for (int n = edits(random); n > 0 && !bytes.empty(); --n) {
      const size_t at = std::uniform_int_distribution<size_t>(0, bytes.size() - 1)(random);
      switch (kind(random)) {
        case 0:
          bytes[at] = static_cast<char>(byte(random));
          break;
        case 1:
          bytes.erase(at, 1);
          break;
        case 2:
          bytes.insert(at, 1, static_cast<char>(byte(random)));
          break;
      }
    }
    v1::Envelope out;
    Status status = ParseEnvelope(bytes, &out);
    if (!status.ok()) ++refused;
    EXPECT_TRUE(IsAcceptableResult(status, out)) << "buffer " << i << ": " << status.ToString();
  }
  EXPECT_GT(refused, 1500);  // most damage is noticed
}

}  // namespace
}  // namespace regiotafel::contract
