// The payloads' field rules, from a table of every field's rule (docs/CONTRACT.md §7): one passing
// and one failing case per rule and field, generated, plus hand-written nested and cross-field cases.
#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "contract/identifiers.h"
#include "contract/streams.h"
#include "contract/validate.h"
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

// ---- The field rules, one passing and one failing case per rule and field.
//
// The table below is the required-field decision of docs/CONTRACT.md §7, written out again as data;
// cases are generated from it: for each field a set of values that must be refused (with exactly
// that field named) and a set that must pass.

enum class Rule {
  kDate,
  kVNummer,
  kBsn,
  kWoningId,
  kGemeente,
  kCorporatie,
  kPeriode,
  kText,
  kNote,  // a free-text note: may hold line breaks and tabs
  kSignaalId,
  kEnum,
  kCount
};

struct FieldSpec {
  P::PayloadCase payload;
  const char* field;
  Rule rule;
  bool required = false;  // for counts: the minimum is 1 rather than 0
};

constexpr bool kReq = true;
constexpr bool kOpt = false;

const std::vector<FieldSpec>& Specs() {
  static const std::vector<FieldSpec> specs = {
      {P::kAanmelding, "datum", Rule::kDate, kReq},
      {P::kAanmelding, "v_nummer", Rule::kVNummer, kReq},
      {P::kAanmelding, "naam", Rule::kText, kReq},
      {P::kAanmelding, "geboortedatum", Rule::kDate, kOpt},
      {P::kAanmelding, "verwachte_nareizigers", Rule::kCount, kOpt},
      {P::kAanmelding, "verblijfplaats", Rule::kText, kOpt},
      {P::kAanmelding, "gemeente", Rule::kGemeente, kReq},

      {P::kHerkoppeling, "datum", Rule::kDate, kReq},
      {P::kHerkoppeling, "v_nummer", Rule::kVNummer, kReq},
      {P::kHerkoppeling, "gemeente", Rule::kGemeente, kReq},
      {P::kHerkoppeling, "reden", Rule::kNote, kOpt},

      {P::kWoningAangeboden, "datum", Rule::kDate, kReq},
      {P::kWoningAangeboden, "woning_id", Rule::kWoningId, kReq},
      {P::kWoningAangeboden, "corporatie", Rule::kCorporatie, kReq},
      {P::kWoningAangeboden, "gemeente", Rule::kGemeente, kReq},
      {P::kWoningAangeboden, "adres", Rule::kText, kOpt},
      {P::kWoningAangeboden, "kamers", Rule::kCount, kOpt},
      {P::kWoningAangeboden, "kale_huur_cent", Rule::kCount, kOpt},
      {P::kWoningAangeboden, "soort", Rule::kEnum, kReq},
      {P::kWoningAangeboden, "capaciteit", Rule::kCount, kReq},
      {P::kWoningAangeboden, "beschikbaar_per", Rule::kDate, kReq},

      {P::kWoningIngetrokken, "datum", Rule::kDate, kReq},
      {P::kWoningIngetrokken, "woning_id", Rule::kWoningId, kReq},
      {P::kWoningIngetrokken, "corporatie", Rule::kCorporatie, kReq},
      {P::kWoningIngetrokken, "reden", Rule::kNote, kOpt},

      {P::kVoordracht, "datum", Rule::kDate, kReq},
      {P::kVoordracht, "v_nummer", Rule::kVNummer, kReq},
      {P::kVoordracht, "woning_id", Rule::kWoningId, kReq},

      {P::kReservering, "datum", Rule::kDate, kReq},
      {P::kReservering, "v_nummer", Rule::kVNummer, kReq},
      {P::kReservering, "woning_id", Rule::kWoningId, kReq},
      {P::kReservering, "corporatie", Rule::kCorporatie, kReq},
      {P::kReservering, "personen", Rule::kCount, kReq},
      {P::kReservering, "inschrijfnummer", Rule::kText, kOpt},

      {P::kReserveringVervallen, "datum", Rule::kDate, kReq},
      {P::kReserveringVervallen, "v_nummer", Rule::kVNummer, kReq},
      {P::kReserveringVervallen, "woning_id", Rule::kWoningId, kReq},
      {P::kReserveringVervallen, "reden", Rule::kEnum, kReq},
      {P::kReserveringVervallen, "toelichting", Rule::kNote, kOpt},

      {P::kHuurcontract, "datum", Rule::kDate, kReq},
      {P::kHuurcontract, "v_nummer", Rule::kVNummer, kReq},
      {P::kHuurcontract, "woning_id", Rule::kWoningId, kReq},
      {P::kHuurcontract, "corporatie", Rule::kCorporatie, kReq},
      {P::kHuurcontract, "ingangsdatum", Rule::kDate, kReq},
      {P::kHuurcontract, "kale_huur_cent", Rule::kCount, kOpt},
      {P::kHuurcontract, "personen", Rule::kCount, kReq},

      {P::kUitstroom, "datum", Rule::kDate, kReq},
      {P::kUitstroom, "v_nummer", Rule::kVNummer, kReq},
      {P::kUitstroom, "personen", Rule::kCount, kReq},

      {P::kBrpInschrijving, "datum", Rule::kDate, kReq},
      {P::kBrpInschrijving, "v_nummer", Rule::kVNummer, kReq},
      {P::kBrpInschrijving, "gemeente", Rule::kGemeente, kReq},

      {P::kNareizigersAangekondigd, "datum", Rule::kDate, kReq},
      {P::kNareizigersAangekondigd, "v_nummer", Rule::kVNummer, kReq},
      {P::kNareizigersAangekondigd, "aantal", Rule::kCount, kReq},
      {P::kNareizigersAangekondigd, "verwacht_per", Rule::kDate, kOpt},

      {P::kNareizigersGearriveerd, "datum", Rule::kDate, kReq},
      {P::kNareizigersGearriveerd, "v_nummer", Rule::kVNummer, kReq},

      {P::kBegeleidingFase, "datum", Rule::kDate, kReq},
      {P::kBegeleidingFase, "v_nummer", Rule::kVNummer, kReq},
      {P::kBegeleidingFase, "fase", Rule::kEnum, kReq},

      {P::kBegeleidingTaak, "datum", Rule::kDate, kReq},
      {P::kBegeleidingTaak, "v_nummer", Rule::kVNummer, kReq},
      {P::kBegeleidingTaak, "taak", Rule::kEnum, kReq},

      {P::kSignaal, "datum", Rule::kDate, kReq},
      {P::kSignaal, "v_nummer", Rule::kVNummer, kReq},
      {P::kSignaal, "signaal_id", Rule::kSignaalId, kReq},
      {P::kSignaal, "soort", Rule::kEnum, kReq},
      {P::kSignaal, "omschrijving", Rule::kNote, kOpt},

      {P::kSignaalAfgehandeld, "datum", Rule::kDate, kReq},
      {P::kSignaalAfgehandeld, "v_nummer", Rule::kVNummer, kReq},
      {P::kSignaalAfgehandeld, "signaal_id", Rule::kSignaalId, kReq},
      {P::kSignaalAfgehandeld, "toelichting", Rule::kNote, kOpt},

      {P::kDossierGesloten, "datum", Rule::kDate, kReq},
      {P::kDossierGesloten, "v_nummer", Rule::kVNummer, kReq},
      {P::kDossierGesloten, "reden", Rule::kEnum, kReq},
      {P::kDossierGesloten, "toelichting", Rule::kNote, kOpt},

      {P::kTaakstellingVastgesteld, "datum", Rule::kDate, kReq},
      {P::kTaakstellingVastgesteld, "gemeente", Rule::kGemeente, kReq},
      {P::kTaakstellingVastgesteld, "periode", Rule::kPeriode, kReq},
      {P::kTaakstellingVastgesteld, "aantal", Rule::kCount, kOpt},

      {P::kOverboeking, "datum", Rule::kDate, kReq},
      {P::kOverboeking, "van_gemeente", Rule::kGemeente, kReq},
      {P::kOverboeking, "naar_gemeente", Rule::kGemeente, kReq},
      {P::kOverboeking, "v_nummer", Rule::kVNummer, kReq},
      {P::kOverboeking, "personen", Rule::kCount, kReq},
      {P::kOverboeking, "periode", Rule::kPeriode, kReq},

      {P::kCorporatieAfspraak, "datum", Rule::kDate, kReq},
      {P::kCorporatieAfspraak, "corporatie", Rule::kCorporatie, kReq},
      {P::kCorporatieAfspraak, "periode", Rule::kPeriode, kReq},
      {P::kCorporatieAfspraak, "woningen", Rule::kCount, kOpt},

      {P::kVrijgekomenWoningen, "datum", Rule::kDate, kReq},
      {P::kVrijgekomenWoningen, "corporatie", Rule::kCorporatie, kReq},
      {P::kVrijgekomenWoningen, "gemeente", Rule::kGemeente, kReq},
      {P::kVrijgekomenWoningen, "periode", Rule::kPeriode, kReq},
      {P::kVrijgekomenWoningen, "aantal", Rule::kCount, kOpt},

      {P::kAdministratieOvergenomen, "datum", Rule::kDate, kReq},
      {P::kAdministratieOvergenomen, "v_nummer", Rule::kVNummer, kReq},
      {P::kAdministratieOvergenomen, "naam", Rule::kText, kOpt},
      {P::kAdministratieOvergenomen, "bsn", Rule::kBsn, kOpt},
      {P::kAdministratieOvergenomen, "inschrijfnummer", Rule::kText, kOpt},
      {P::kAdministratieOvergenomen, "geboortedatum", Rule::kDate, kOpt},
      {P::kAdministratieOvergenomen, "verblijfplaats", Rule::kText, kOpt},
      {P::kAdministratieOvergenomen, "huishouden", Rule::kCount, kReq},
      {P::kAdministratieOvergenomen, "verwachte_nareizigers", Rule::kCount, kOpt},
      {P::kAdministratieOvergenomen, "gemeente", Rule::kGemeente, kReq},
      {P::kAdministratieOvergenomen, "datum_aanmelding", Rule::kDate, kOpt},
      {P::kAdministratieOvergenomen, "corporatie", Rule::kCorporatie, kOpt},
      {P::kAdministratieOvergenomen, "woning_id", Rule::kWoningId, kOpt},
      {P::kAdministratieOvergenomen, "woongemeente", Rule::kGemeente, kOpt},
      {P::kAdministratieOvergenomen, "datum_huurcontract", Rule::kDate, kOpt},
      {P::kAdministratieOvergenomen, "datum_brp", Rule::kDate, kOpt},

      {P::kDossierVergeten, "datum", Rule::kDate, kReq},
      {P::kDossierVergeten, "v_nummer", Rule::kVNummer, kReq},
      {P::kDossierVergeten, "reden", Rule::kEnum, kReq},
  };
  return specs;
}

// Fields covered by hand-written cases further down instead of the table.
const std::set<std::string>& HandWrittenFields() {
  static const std::set<std::string> fields = {"aanmelding.gezinsleden", "brp_inschrijving.personen",
                                               "nareizigers_gearriveerd.personen",
                                               "taakstelling_vastgesteld.startsaldo"};
  return fields;
}

// A value to put in a field: text, or a number (for counts and enums).
struct Value {
  const char* label;
  std::string text;
  int64_t number = 0;
};

Value Text(const char* label, std::string text) { return {label, std::move(text), 0}; }
Value Number(const char* label, int64_t number) { return {label, "", number}; }

const std::string kInvalidUtf8 = "Zo\xC3\x28";  // a lead byte followed by no continuation byte

// Control characters no text may hold: what would cut an .xlsx cell short (NUL), clear a screen
// (ESC), or be a control to an 8-bit terminal (DEL, C1). Field rules that allow fewer characters
// (a date, a V-nummer) refuse them too.
void AddControlCharacters(std::vector<Value>* bad) {
  bad->push_back(Text("nul", std::string("Amina\0Haddad", 12)));
  bad->push_back(Text("escape", "Amina\x1b[2J"));
  bad->push_back(Text("del", "Amina\x7f"));
  bad->push_back(Text("c1", "Amina\xC2\x9B"));
  bad->push_back(Text("bel_aan_het_begin",
                      "\x07"
                      "Amina"));
}

std::vector<Value> BadValues(const FieldSpec& spec) {
  std::vector<Value> bad;
  const bool text_field = spec.rule != Rule::kEnum && spec.rule != Rule::kCount;
  if (text_field) {
    if (spec.required) bad.push_back(Text("leeg", ""));
    bad.push_back(Text("geen_utf8", kInvalidUtf8));
    AddControlCharacters(&bad);
  }
  switch (spec.rule) {
    case Rule::kDate:
      bad.push_back(Text("geen_schrikkeljaar", "2023-02-29"));
      bad.push_back(Text("1900_geen_schrikkeljaar", "1900-02-29"));
      bad.push_back(Text("31_april", "2025-04-31"));
      bad.push_back(Text("dag_maand_jaar", "03-03-2025"));
      bad.push_back(Text("zonder_nullen", "2025-3-3"));
      bad.push_back(Text("voor_1900", "1899-12-31"));
      break;
    case Rule::kVNummer:
      bad.push_back(Text("te_kort", "12345"));
      bad.push_back(Text("te_lang", "12345678901"));
      bad.push_back(Text("letter", "123456789a"));
      break;
    case Rule::kBsn:
      bad.push_back(Text("elfproef", "111222334"));
      bad.push_back(Text("nullen", "000000000"));
      bad.push_back(Text("acht_cijfers", "12345678"));
      bad.push_back(Text("letters", "11122233a"));
      break;
    case Rule::kWoningId:
      bad.push_back(Text("spatie", "TRV 0042"));
      bad.push_back(Text("te_lang", std::string(65, 'x')));
      break;
    case Rule::kGemeente:
      bad.push_back(Text("corporatie", "corporatie:trivire"));
      bad.push_back(Text("regio", "regio:drechtsteden"));
      bad.push_back(Text("zonder_soort", "dordrecht"));
      bad.push_back(Text("hoofdletter", "gemeente:Dordrecht"));
      break;
    case Rule::kCorporatie:
      bad.push_back(Text("gemeente", "gemeente:dordrecht"));
      bad.push_back(Text("zonder_soort", "trivire"));
      break;
    case Rule::kPeriode:
      bad.push_back(Text("h3", "2025-H3"));
      bad.push_back(Text("kleine_h", "2025-h1"));
      bad.push_back(Text("datum", "2025-01-01"));
      bad.push_back(Text("voor_1900", "1899-H2"));
      break;
    case Rule::kText:
      bad.push_back(Text("te_lang", std::string(501, 'a')));
      bad.push_back(Text("regeleinde", "Amina\nHaddad"));
      bad.push_back(Text("cr", "Amina\r"));
      bad.push_back(Text("tab", "Amina\tHaddad"));
      break;
    case Rule::kNote:
      bad.push_back(Text("te_lang", std::string(501, 'a')));
      break;
    case Rule::kSignaalId:
      bad.push_back(Text("te_lang", std::string(65, 's')));
      bad.push_back(Text("regeleinde", "s1\n"));
      break;
    case Rule::kEnum:
      bad.push_back(Number("unspecified", 0));
      bad.push_back(Number("onbekend", 99));
      break;
    case Rule::kCount:
      bad.push_back(Number("negatief", -1));
      if (spec.required) bad.push_back(Number("nul", 0));
      break;
  }
  return bad;
}

std::vector<Value> GoodValues(const FieldSpec& spec) {
  std::vector<Value> good;
  const bool text_field = spec.rule != Rule::kEnum && spec.rule != Rule::kCount;
  if (text_field && !spec.required) good.push_back(Text("leeg", ""));
  switch (spec.rule) {
    case Rule::kDate:
      good.push_back(Text("schrikkeldag", "2024-02-29"));
      good.push_back(Text("schrikkeldag_2000", "2000-02-29"));
      good.push_back(Text("eerste_dag", "1900-01-01"));
      break;
    case Rule::kVNummer:
      good.push_back(Text("nullen", "0000000001"));
      break;
    case Rule::kBsn:
      good.push_back(Text("ander", "123456782"));
      break;
    case Rule::kWoningId:
      good.push_back(Text("tekens", "a/b.c_d-1"));
      good.push_back(Text("64_tekens", std::string(64, 'x')));
      break;
    case Rule::kGemeente:
      good.push_back(Text("andere", "gemeente:papendrecht"));
      break;
    case Rule::kCorporatie:
      good.push_back(Text("andere", "corporatie:woonbron"));
      break;
    case Rule::kPeriode:
      good.push_back(Text("h2", "2025-H2"));
      good.push_back(Text("laatste", "2999-H2"));
      break;
    case Rule::kText:
    case Rule::kNote:
      good.push_back(Text("500_bytes", std::string(500, 'a')));
      good.push_back(Text("accenten", "Zoë Çelik – €"));
      good.push_back(Text("nbsp_en_u_a0", "Zo\xC3\xAB\xC2\xA0\xC2\xA0\xC2\xBF"));  // U+00A0, U+00BF: no C1
      if (spec.rule == Rule::kNote) good.push_back(Text("regels", "eerste regel\r\ntweede\tregel\n"));
      break;
    case Rule::kSignaalId:
      good.push_back(Text("64_bytes", std::string(64, 's')));
      break;
    case Rule::kEnum:
      good.push_back(Number("laatste", -1));
      break;  // -1: the enum's last value
    case Rule::kCount:
      good.push_back(Number(spec.required ? "een" : "nul", spec.required ? 1 : 0));
      good.push_back(Number("veel", 1000));
      break;
  }
  return good;
}

pb::Message* MutablePayload(v1::Envelope& e) {
  const pb::FieldDescriptor* field = v1::Envelope::descriptor()->FindFieldByNumber(e.payload_case());
  return e.GetReflection()->MutableMessage(&e, field);
}

void SetField(v1::Envelope& e, const std::string& name, const Value& value) {
  pb::Message* payload = MutablePayload(e);
  const pb::FieldDescriptor* field = payload->GetDescriptor()->FindFieldByName(name);
  ASSERT_NE(field, nullptr) << name;
  const pb::Reflection* r = payload->GetReflection();
  switch (field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      r->SetString(payload, field, value.text);
      break;
    case pb::FieldDescriptor::CPPTYPE_INT32:
      r->SetInt32(payload, field, static_cast<int32_t>(value.number));
      break;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumDescriptor* type = field->enum_type();
      const int number = value.number == -1 ? type->value(type->value_count() - 1)->number()
                                            : static_cast<int>(value.number);
      r->SetEnumValue(payload, field, number);
      break;
    }
    default:
      FAIL() << "unexpected field type of " << name;
  }
}

std::vector<Case> TableCases(bool refused) {
  std::vector<Case> cases;
  for (const FieldSpec& spec : Specs()) {
    const std::string payload(PayloadName(spec.payload));
    for (const Value& value : refused ? BadValues(spec) : GoodValues(spec)) {
      const std::string field = spec.field;
      cases.push_back({payload + "_" + field + "_" + value.label, spec.payload,
                       [field, value](v1::Envelope& e) { SetField(e, field, value); },
                       payload + "." + field});
    }
  }
  return cases;
}

// The payload's list `name` made `n` long with copies of its first element (valid as it is).
void Grow(v1::Envelope& e, const std::string& name, int n) {
  pb::Message* payload = MutablePayload(e);
  const pb::FieldDescriptor* list = payload->GetDescriptor()->FindFieldByName(name);
  ASSERT_NE(list, nullptr) << name;
  const pb::Reflection* r = payload->GetReflection();
  ASSERT_GT(r->FieldSize(*payload, list), 0) << name;
  const std::string first = r->GetRepeatedMessage(*payload, list, 0).SerializeAsString();
  while (r->FieldSize(*payload, list) > n) r->RemoveLast(payload, list);
  while (r->FieldSize(*payload, list) < n) ASSERT_TRUE(r->AddMessage(payload, list)->ParseFromString(first));
}

// Hand-written refusals: nested persons, lists too long, cross-field rules.
std::vector<Case> HandWrittenRefusals() {
  return {
      {"aanmelding_gezinslid_zonder_v_nummer", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(1)->clear_v_nummer(); },
       "aanmelding.gezinsleden[1].v_nummer"},
      {"aanmelding_gezinslid_fout_v_nummer", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(0)->set_v_nummer("12"); },
       "aanmelding.gezinsleden[0].v_nummer"},
      {"aanmelding_gezinslid_zonder_naam", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(1)->clear_naam(); },
       "aanmelding.gezinsleden[1].naam"},
      {"aanmelding_gezinslid_naam_geen_utf8", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(1)->set_naam(kInvalidUtf8); },
       "aanmelding.gezinsleden[1].naam"},
      {"aanmelding_gezinslid_naam_te_lang", P::kAanmelding,
       [](v1::Envelope& e) {
         e.mutable_aanmelding()->mutable_gezinsleden(0)->set_naam(std::string(501, 'n'));
       },
       "aanmelding.gezinsleden[0].naam"},
      {"aanmelding_gezinslid_geboortedatum_bestaat_niet", P::kAanmelding,
       [](v1::Envelope& e) {
         e.mutable_aanmelding()->mutable_gezinsleden(1)->set_geboortedatum("2023-02-29");
       },
       "aanmelding.gezinsleden[1].geboortedatum"},
      {"brp_inschrijving_zonder_personen", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->clear_personen(); }, "brp_inschrijving.personen"},
      {"brp_inschrijving_persoon_zonder_bsn", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->mutable_personen(0)->clear_bsn(); },
       "brp_inschrijving.personen[0].bsn"},
      {"brp_inschrijving_persoon_bsn_elfproef", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->mutable_personen(1)->set_bsn("123456789"); },
       "brp_inschrijving.personen[1].bsn"},
      {"brp_inschrijving_persoon_bsn_nullen", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->mutable_personen(1)->set_bsn("000000000"); },
       "brp_inschrijving.personen[1].bsn"},
      {"brp_inschrijving_persoon_bsn_acht_cijfers", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->mutable_personen(1)->set_bsn("12345678"); },
       "brp_inschrijving.personen[1].bsn"},
      {"brp_inschrijving_persoon_zonder_v_nummer", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->mutable_personen(1)->clear_v_nummer(); },
       "brp_inschrijving.personen[1].v_nummer"},
      {"nareizigers_gearriveerd_zonder_personen", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) { e.mutable_nareizigers_gearriveerd()->clear_personen(); },
       "nareizigers_gearriveerd.personen"},
      {"nareizigers_gearriveerd_persoon_zonder_naam", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) { e.mutable_nareizigers_gearriveerd()->mutable_personen(0)->clear_naam(); },
       "nareizigers_gearriveerd.personen[0].naam"},
      {"nareizigers_gearriveerd_persoon_fout_v_nummer", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) { e.mutable_nareizigers_gearriveerd()->mutable_personen(0)->set_v_nummer("x"); },
       "nareizigers_gearriveerd.personen[0].v_nummer"},
      {"nareizigers_gearriveerd_persoon_geboortedatum_fout", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) {
         e.mutable_nareizigers_gearriveerd()->mutable_personen(0)->set_geboortedatum("2010");
       },
       "nareizigers_gearriveerd.personen[0].geboortedatum"},
      {"aanmelding_51_gezinsleden", P::kAanmelding, [](v1::Envelope& e) { Grow(e, "gezinsleden", 51); },
       "aanmelding.gezinsleden"},
      {"aanmelding_20001_gezinsleden", P::kAanmelding,
       [](v1::Envelope& e) { Grow(e, "gezinsleden", 20'001); }, "aanmelding.gezinsleden"},
      {"brp_inschrijving_52_personen", P::kBrpInschrijving, [](v1::Envelope& e) { Grow(e, "personen", 52); },
       "brp_inschrijving.personen"},
      {"nareizigers_gearriveerd_51_personen", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) { Grow(e, "personen", 51); }, "nareizigers_gearriveerd.personen"},
      {"aanmelding_gezinslid_naam_met_escape", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(1)->set_naam("Omar\x1b[2J"); },
       "aanmelding.gezinsleden[1].naam"},
      {"aanmelding_gezinslid_naam_met_regeleinde", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(0)->set_naam("Omar\r\nHaddad"); },
       "aanmelding.gezinsleden[0].naam"},
      {"overboeking_naar_zichzelf", P::kOverboeking,
       [](v1::Envelope& e) { e.mutable_overboeking()->set_naar_gemeente(testing::kGemeente); },
       "overboeking.naar_gemeente"},
      {"geen_payload", P::kAanmelding, [](v1::Envelope& e) { e.clear_payload(); }, "payload"},
  };
}

// Hand-written passes: optional nested parts left out, a negative startsaldo.
std::vector<Case> HandWrittenPasses() {
  return {
      {"aanmelding_zonder_gezinsleden", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->clear_gezinsleden(); }, ""},
      {"aanmelding_gezinslid_zonder_geboortedatum", P::kAanmelding,
       [](v1::Envelope& e) { e.mutable_aanmelding()->mutable_gezinsleden(1)->clear_geboortedatum(); }, ""},
      {"brp_inschrijving_een_persoon", P::kBrpInschrijving,
       [](v1::Envelope& e) { e.mutable_brp_inschrijving()->mutable_personen()->RemoveLast(); }, ""},
      {"nareizigers_gearriveerd_zonder_geboortedatum", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) {
         e.mutable_nareizigers_gearriveerd()->mutable_personen(0)->clear_geboortedatum();
       },
       ""},
      {"aanmelding_50_gezinsleden", P::kAanmelding, [](v1::Envelope& e) { Grow(e, "gezinsleden", 50); }, ""},
      {"brp_inschrijving_51_personen", P::kBrpInschrijving, [](v1::Envelope& e) { Grow(e, "personen", 51); },
       ""},
      {"nareizigers_gearriveerd_50_personen", P::kNareizigersGearriveerd,
       [](v1::Envelope& e) { Grow(e, "personen", 50); }, ""},
      {"taakstelling_zonder_startsaldo", P::kTaakstellingVastgesteld,
       [](v1::Envelope& e) { e.mutable_taakstelling_vastgesteld()->clear_startsaldo(); }, ""},
      {"taakstelling_startsaldo_negatief", P::kTaakstellingVastgesteld,
       [](v1::Envelope& e) { e.mutable_taakstelling_vastgesteld()->set_startsaldo(-250); }, ""},
      {"taakstelling_startsaldo_positief", P::kTaakstellingVastgesteld,
       [](v1::Envelope& e) { e.mutable_taakstelling_vastgesteld()->set_startsaldo(12); }, ""},
      {"administratie_alleen_verplicht", P::kAdministratieOvergenomen,
       [](v1::Envelope& e) {
         auto* p = e.mutable_administratie_overgenomen();
         v1::AdministratieOvergenomen minimal;
         minimal.set_datum(p->datum());
         minimal.set_v_nummer(p->v_nummer());
         minimal.set_gemeente(p->gemeente());
         minimal.set_huishouden(1);
         *p = minimal;
       },
       ""},
  };
}

template <typename T>
std::vector<T> Concat(std::vector<T> a, const std::vector<T>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class RefusedTest : public ::testing::TestWithParam<Case> {};

TEST_P(RefusedTest, ValidatePayloadNamesTheField) {
  v1::Envelope e = ValidEnvelope(GetParam().payload);
  GetParam().change(e);
  Status status = ValidatePayload(e);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.field(), GetParam().field) << status.ToString();
  EXPECT_FALSE(status.message().empty());
  EXPECT_TRUE(IsValidUtf8(status.message())) << status.message();
}

TEST_P(RefusedTest, ValidateNamesTheSameField) {
  v1::Envelope e = ValidEnvelope(GetParam().payload);
  GetParam().change(e);
  Status status = Validate(e);
  EXPECT_TRUE(status.IsInvalidArgument()) << status.ToString();
  EXPECT_EQ(status.field(), GetParam().field) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(Contract, RefusedTest,
                         ::testing::ValuesIn(Concat(TableCases(true), HandWrittenRefusals())), CaseName);

class AcceptedTest : public ::testing::TestWithParam<Case> {};

// ValidatePayload: some good values change the stream or the own organisation, which only
// Validate compares.
TEST_P(AcceptedTest, ValidatePayloadAccepts) {
  v1::Envelope e = ValidEnvelope(GetParam().payload);
  GetParam().change(e);
  Status status = ValidatePayload(e);
  EXPECT_TRUE(status.ok()) << status.ToString();
}

INSTANTIATE_TEST_SUITE_P(Contract, AcceptedTest,
                         ::testing::ValuesIn(Concat(TableCases(false), HandWrittenPasses())), CaseName);

TEST(FieldTableTest, EveryPayloadFieldHasARule) {
  std::set<std::string> covered = HandWrittenFields();
  for (const FieldSpec& spec : Specs())
    covered.insert(std::string(PayloadName(spec.payload)) + "." + spec.field);
  const pb::OneofDescriptor* oneof = v1::Envelope::descriptor()->FindOneofByName("payload");
  for (int i = 0; i < oneof->field_count(); ++i) {
    const pb::Descriptor* type = oneof->field(i)->message_type();
    for (int j = 0; j < type->field_count(); ++j) {
      const std::string name = oneof->field(i)->name() + "." + type->field(j)->name();
      EXPECT_TRUE(covered.count(name)) << name << " has no validation case";
    }
  }
}

TEST(FieldTableTest, EveryPayloadHasADatum) {
  for (P::PayloadCase payload : AllPayloads()) {
    v1::Envelope e = ValidEnvelope(payload);
    SetField(e, "datum", Text("leeg", ""));
    Status status = ValidatePayload(e);
    EXPECT_EQ(status.field(), std::string(PayloadName(payload)) + ".datum");
  }
}

// docs/CONTRACT.md §7, "Lists", written out again: every repeated field of the envelope and of every
// payload, with its bound. A list added to the contract must be added here (and there).
TEST(ListBoundTest, EveryListHasTheBoundOfTheTable) {
  const std::map<std::string, int> expected = {
      {"regiotafel.v1.Aanmelding.gezinsleden", 50},
      {"regiotafel.v1.BrpInschrijving.personen", 51},
      {"regiotafel.v1.NareizigersGearriveerd.personen", 50},
      {"regiotafel.v1.Envelope.persoonsgegevens", 3},
  };
  std::map<std::string, int> found;
  std::vector<const pb::Descriptor*> types = {v1::Envelope::descriptor()};
  for (size_t t = 0; t < types.size(); ++t) {
    for (int i = 0; i < types[t]->field_count(); ++i) {
      const pb::FieldDescriptor* field = types[t]->field(i);
      if (field->is_repeated()) found[std::string(field->full_name())] = MaxListLength(*field);
      const pb::Descriptor* inner = field->message_type();
      if (inner != nullptr && inner->file() == v1::Envelope::descriptor()->file() &&
          std::find(types.begin(), types.end(), inner) == types.end())
        types.push_back(inner);
    }
  }
  EXPECT_EQ(found, expected);
}

TEST(ListBoundTest, TooManyCommitmentsAreRefused) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  for (int i = 0; i < 4; ++i) e.add_persoonsgegevens()->set_klasse(v1::IDENTITEIT);
  const Status status = Validate(e);
  EXPECT_EQ(status.field(), "persoonsgegevens") << status.ToString();
  EXPECT_EQ(status.message(), "deze lijst telt 4 verzegelde delen; er mogen er hoogstens 3 in staan");
}

TEST(ListBoundTest, TheMessageCountsAndNamesTheBound) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  Grow(e, "gezinsleden", 20'001);
  const Status status = ValidatePayload(e);
  EXPECT_EQ(status.field(), "aanmelding.gezinsleden");
  EXPECT_EQ(status.message(), "deze lijst telt 20001 gezinsleden; er mogen er hoogstens 50 in staan");
}

// The message names the character by its code and where it is, never the text around it: a naam
// is personal data, and a message may be printed on a terminal.
TEST(ControlCharacterTest, TheMessageNamesTheCharacterNotTheText) {
  v1::Envelope e = ValidEnvelope(P::kAanmelding);
  e.mutable_aanmelding()->set_naam(std::string("Amina\0Haddad", 12));
  Status status = ValidatePayload(e);
  EXPECT_EQ(status.field(), "aanmelding.naam");
  EXPECT_EQ(status.message(),
            "deze tekst bevat een stuurteken (U+0000) als teken 6; zo'n onzichtbaar teken hoort niet "
            "in een tekst");
  e.mutable_aanmelding()->set_naam("Zo\xC3\xAB\nTesfaye");
  status = ValidatePayload(e);
  EXPECT_EQ(status.message(),
            "deze tekst bevat een regeleinde (U+000A) als teken 4; een regeleinde of tab mag "
            "alleen in een reden, toelichting of omschrijving");
  e.mutable_aanmelding()->set_naam("Zo\xC3\xAB\xC2\x9B");
  status = ValidatePayload(e);
  EXPECT_NE(status.message().find("(U+009B) als teken 4"), std::string::npos) << status.message();
  EXPECT_EQ(status.message().find("Zo"), std::string::npos) << status.message();
}

TEST(ControlCharacterTest, AQuotedValueShowsThemAsReplacementCharacters) {
  v1::Envelope e = ValidEnvelope(P::kUitstroom);
  e.set_event_id("\x1b[2J\r\n");
  const Status status = Validate(e);
  EXPECT_EQ(status.field(), "event_id");
  EXPECT_NE(status.message().find("niet \"\xEF\xBF\xBD[2J\xEF\xBF\xBD\xEF\xBF\xBD\""), std::string::npos)
      << status.message();
}

TEST(ControlCharacterTest, FirstControlCharacterCountsCharacters) {
  EXPECT_FALSE(FirstControlCharacter("Zo\xC3\xAB \xC2\xA0\xe6\x9d\x8e", false).has_value());
  EXPECT_FALSE(FirstControlCharacter("een\r\ntwee\tdrie", true).has_value());
  const std::optional<ControlCharacter> tab = FirstControlCharacter("Zo\xC3\xAB\tx", false);
  ASSERT_TRUE(tab.has_value());
  EXPECT_EQ(tab->code_point, U'\t');
  EXPECT_EQ(tab->position, 4u);
  const std::optional<ControlCharacter> esc = FirstControlCharacter("a\tb\x1b", true);
  ASSERT_TRUE(esc.has_value());
  EXPECT_EQ(esc->code_point, 0x1Bu);
  EXPECT_EQ(esc->position, 4u);
  const std::optional<ControlCharacter> c1 = FirstControlCharacter("\xC2\x80", true);
  ASSERT_TRUE(c1.has_value());
  EXPECT_EQ(c1->code_point, 0x80u);
  EXPECT_EQ(FirstControlCharacter("a\x7f", true)->code_point, 0x7Fu);
}

}  // namespace
}  // namespace regiotafel::contract
