#include "contract/validate.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/util/time_util.h>
#include <google/protobuf/wire_format_lite.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/uuid.h"
#include "contract/identifiers.h"
#include "contract/internal/messages.h"
#include "contract/roles.h"
#include "contract/streams.h"

namespace regiotafel::contract {

namespace {

namespace pb = google::protobuf;
using internal::EnumChoices;
using internal::Quoted;

constexpr size_t kMaxSignaalIdBytes = 64;

// The free-text notes (a reden in words, a toelichting, an omschrijving): the one kind of text that
// may hold a line break or a tab, as a note typed in a form does.
constexpr std::array<std::string_view, 3> kNoteFields = {"reden", "toelichting", "omschrijving"};

bool IsNote(const pb::FieldDescriptor& field) {
  return std::find(kNoteFields.begin(), kNoteFields.end(), field.name()) != kNoteFields.end();
}

// A list's bound, by the list's full proto name, and what its elements are called in a message.
struct ListBound {
  std::string_view list;
  int max;
  std::string_view noun;
};

const ListBound& BoundOf(const pb::FieldDescriptor& list) {
  // One commitment per class of personal data at most (KLASSE_GEEN is no class of it).
  static const int kClasses = v1::Klasse_descriptor()->value_count() - 1;
  static const std::array<ListBound, 4> kBounds = {{
      {"regiotafel.v1.Aanmelding.gezinsleden", kMaxGezinsleden, "gezinsleden"},
      {"regiotafel.v1.BrpInschrijving.personen", kMaxPersonen, "personen"},
      {"regiotafel.v1.NareizigersGearriveerd.personen", kMaxGezinsleden, "personen"},
      {"regiotafel.v1.Envelope.persoonsgegevens", kClasses, "verzegelde delen"},
  }};
  static const ListBound kOther{"", kMaxGezinsleden, "elementen"};
  for (const ListBound& bound : kBounds) {
    if (bound.list == list.full_name()) return bound;
  }
  return kOther;
}

// "deze tekst bevat een tab (U+0009) als teken 6; …": the character by its code, never the text
// around it (it may be a name).
std::string ControlCharacterMessage(const ControlCharacter& c, bool note) {
  char code[16];
  std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c.code_point));
  const bool line_break = c.code_point == '\n' || c.code_point == '\r';
  const std::string what = line_break             ? "een regeleinde"
                           : c.code_point == '\t' ? "een tab"
                                                  : "een stuurteken";
  std::string message =
      "deze tekst bevat " + what + " (" + code + ") als teken " + std::to_string(c.position);
  if (!note && (line_break || c.code_point == '\t')) {
    message += "; een regeleinde of tab mag alleen in een reden, toelichting of omschrijving";
  } else {
    message += "; zo'n onzichtbaar teken hoort niet in een tekst";
  }
  return message;
}

enum class Need { kRequired, kOptional };

// "gezinsleden[1]"
std::string At(std::string_view list, int index) {
  std::string out(list);
  out += '[';
  out += std::to_string(index);
  out += ']';
  return out;
}

std::string Join(std::string_view a, std::string_view b) {
  if (a.empty()) return std::string(b);
  if (b.empty()) return std::string(a);
  std::string out(a);
  out += '.';
  out += b;
  return out;
}

// YYYY-MM-DD by its shape alone (digits and dashes in place), whether or not the day exists.
bool HasDateShape(std::string_view text) {
  if (text.size() != 10) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? text[i] != '-' : (text[i] < '0' || text[i] > '9')) return false;
  }
  return true;
}

// Checks fields one after another and keeps the first failure; once failed, later checks do
// nothing. Field names are relative to the prefix given at construction ("aanmelding" turns
// "gezinsleden[1].v_nummer" into "aanmelding.gezinsleden[1].v_nummer").
class Checker {
 public:
  explicit Checker(std::string prefix) : prefix_(std::move(prefix)) {}

  const Status& status() const { return status_; }
  bool failed() const { return !status_.ok(); }

  void Fail(std::string_view field, std::string message) {
    if (!failed()) status_ = Status::InvalidArgument(std::move(message), Join(prefix_, field));
  }

  // A text that must not be empty.
  void Present(std::string_view field, const std::string& value) {
    if (!failed() && value.empty()) Fail(field, "dit veld is verplicht en mag niet leeg zijn");
  }

  void MaxBytes(std::string_view field, const std::string& value, size_t max) {
    if (failed() || value.size() <= max) return;
    Fail(field, "deze tekst is " + std::to_string(value.size()) + " bytes lang; er mogen er hoogstens " +
                    std::to_string(max) + " zijn");
  }

  void Date(std::string_view field, const std::string& value, Need need) {
    if (failed() || Absent(field, value, need, "de datum ontbreekt (schrijf JJJJ-MM-DD)")) return;
    if (ParseDate(value).has_value()) return;
    if (!HasDateShape(value)) {
      Fail(field, "een datum schrijf je als JJJJ-MM-DD, niet " + Quoted(value));
      return;
    }
    const int year = std::stoi(value.substr(0, 4));
    if (year < 1900 || year > 2999) {
      Fail(field, "een datum ligt tussen 1900 en 2999, niet " + value);
    } else {
      Fail(field, value + " bestaat niet als datum");
    }
  }

  void Periode(std::string_view field, const std::string& value) {
    if (failed() ||
        Absent(field, value, Need::kRequired, "de periode ontbreekt (schrijf JJJJ-H1 of JJJJ-H2)")) {
      return;
    }
    if (ParsePeriode(value).has_value()) return;
    Fail(field, "een periode schrijf je als JJJJ-H1 of JJJJ-H2 (jaar 1900–2999), niet " + Quoted(value));
  }

  void VNummer(std::string_view field, const std::string& value, Need need) {
    if (failed() || Absent(field, value, need, "het V-nummer ontbreekt")) return;
    if (!IsVNummer(value)) Fail(field, "een V-nummer bestaat uit precies 10 cijfers, niet " + Quoted(value));
  }

  void Bsn(std::string_view field, const std::string& value, Need need) {
    if (failed() || Absent(field, value, need, "het BSN ontbreekt")) return;
    if (value.size() != 9 ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      Fail(field, "een BSN bestaat uit precies 9 cijfers, niet " + Quoted(value));
    } else if (!IsBsn(value)) {
      Fail(field, "dit BSN klopt niet (11-proef)");
    }
  }

  void WoningId(std::string_view field, const std::string& value, Need need) {
    if (failed() || Absent(field, value, need, "het woning-id ontbreekt")) return;
    if (!IsWoningId(value)) {
      Fail(field,
           "een woning-id bestaat uit 1 tot 64 letters, cijfers of de tekens . _ / -, niet " + Quoted(value));
    }
  }

  // An organisation id of the given kind.
  void Org(std::string_view field, const std::string& value, OrgKind kind, Need need) {
    const std::string missing = std::string(internal::WordsFor(kind).definite) + " ontbreekt (bijv. " +
                                std::string(internal::WordsFor(kind).example) + ")";
    if (failed() || Absent(field, value, need, missing)) return;
    std::optional<OrgId> org = ParseOrgId(value);
    if (!org.has_value()) {
      Fail(field, "een organisatie-id schrijf je als soort:naam, bijv. " +
                      std::string(internal::WordsFor(kind).example) + ", niet " + Quoted(value));
    } else if (org->kind != kind) {
      Fail(field, "hier hoort " + std::string(internal::WordsFor(kind).indefinite) + " (" +
                      std::string(OrgKindName(kind)) + ":…), niet " + Quoted(value));
    }
  }

  void AtLeast(std::string_view field, int64_t value, int64_t min) {
    if (failed() || value >= min) return;
    if (min == 0) {
      Fail(field, "dit aantal mag niet negatief zijn (" + std::to_string(value) + ")");
    } else {
      Fail(field, "dit aantal moet minstens " + std::to_string(min) + " zijn, niet " + std::to_string(value));
    }
  }

  // A known value of the enum other than its UNSPECIFIED (0).
  void Enum(std::string_view field, int value, const pb::EnumDescriptor* type) {
    if (failed()) return;
    if (value == 0) {
      Fail(field, "kies een waarde: " + EnumChoices(type));
    } else if (type->FindValueByNumber(value) == nullptr) {
      Fail(field, "onbekende waarde " + std::to_string(value) + "; kies " + EnumChoices(type));
    }
  }

  // The repeated field `list` of `message` (named `name`): at most MaxListLength elements.
  void ListLength(std::string_view name, const pb::Message& message, const pb::FieldDescriptor& list) {
    const int n = message.GetReflection()->FieldSize(message, &list);
    const ListBound& bound = BoundOf(list);
    if (failed() || n <= bound.max) return;
    Fail(name, "deze lijst telt " + std::to_string(n) + " " + std::string(bound.noun) +
                   "; er mogen er hoogstens " + std::to_string(bound.max) + " in staan");
  }

  // Every repeated field of `message`, nested messages included, within its bound; checked before
  // anything walks the elements. `path` as for Texts.
  void Lists(const pb::Message& message, const std::string& path) {
    const pb::Descriptor* type = message.GetDescriptor();
    const pb::Reflection* reflection = message.GetReflection();
    for (int i = 0; i < type->field_count() && !failed(); ++i) {
      const pb::FieldDescriptor* field = type->field(i);
      const std::string name = Join(path, field->name());
      if (field->is_repeated()) {
        ListLength(name, message, *field);
        if (field->type() != pb::FieldDescriptor::TYPE_MESSAGE) continue;
        for (int j = 0; j < reflection->FieldSize(message, field) && !failed(); ++j)
          Lists(reflection->GetRepeatedMessage(message, field, j), At(name, j));
      } else if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE && reflection->HasField(message, field)) {
        Lists(reflection->GetMessage(message, field), name);
      }
    }
  }

  // Every string field of `message`, nested messages included: valid UTF-8, at most kMaxTextBytes
  // bytes, no control character (but line breaks and tabs in a note). `path` is the message's own
  // path relative to the prefix.
  void Texts(const pb::Message& message, const std::string& path) {
    const pb::Descriptor* type = message.GetDescriptor();
    const pb::Reflection* reflection = message.GetReflection();
    for (int i = 0; i < type->field_count() && !failed(); ++i) {
      const pb::FieldDescriptor* field = type->field(i);
      const std::string name = Join(path, field->name());
      if (field->is_repeated()) {
        for (int j = 0; j < reflection->FieldSize(message, field) && !failed(); ++j) {
          if (field->type() == pb::FieldDescriptor::TYPE_STRING) {
            Text(At(name, j), reflection->GetRepeatedString(message, field, j), IsNote(*field));
          } else if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
            Texts(reflection->GetRepeatedMessage(message, field, j), At(name, j));
          }
        }
      } else if (field->type() == pb::FieldDescriptor::TYPE_STRING) {
        Text(name, reflection->GetString(message, field), IsNote(*field));
      } else if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE && reflection->HasField(message, field)) {
        Texts(reflection->GetMessage(message, field), name);
      }
    }
  }

 private:
  // True (and, when required, failed) when the value is empty.
  bool Absent(std::string_view field, const std::string& value, Need need, std::string missing) {
    if (!value.empty()) return false;
    if (need == Need::kRequired) Fail(field, std::move(missing));
    return true;
  }

  void Text(std::string_view field, const std::string& value, bool note) {
    if (!IsValidUtf8(value)) {
      Fail(field, "deze tekst is geen geldige UTF-8");
      return;
    }
    MaxBytes(field, value, kMaxTextBytes);
    if (failed()) return;
    if (const std::optional<ControlCharacter> c = FirstControlCharacter(value, note))
      Fail(field, ControlCharacterMessage(*c, note));
  }

  std::string prefix_;
  Status status_;
};

// ---- The payloads. Required fields are checked with Need::kRequired / Present / AtLeast(…, 1);
// ---- docs/CONTRACT.md §7 lists them. Every payload's lists are checked first (Checker::Lists),
// ---- then its texts (Checker::Texts).

constexpr Need kRequired = Need::kRequired;
constexpr Need kOptional = Need::kOptional;

void CheckPersoon(const v1::Persoon& p, const std::string& path, Checker& c) {
  c.VNummer(path + ".v_nummer", p.v_nummer(), kRequired);
  c.Present(path + ".naam", p.naam());
  c.Date(path + ".geboortedatum", p.geboortedatum(), kOptional);
}

void CheckSignaalId(const std::string& value, Checker& c) {
  c.Present("signaal_id", value);
  c.MaxBytes("signaal_id", value, kMaxSignaalIdBytes);
}

void Check(const v1::Aanmelding& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Present("naam", p.naam());
  c.Date("geboortedatum", p.geboortedatum(), kOptional);
  for (int i = 0; i < p.gezinsleden_size(); ++i) CheckPersoon(p.gezinsleden(i), At("gezinsleden", i), c);
  c.AtLeast("verwachte_nareizigers", p.verwachte_nareizigers(), 0);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
}

void Check(const v1::Herkoppeling& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
}

void Check(const v1::WoningAangeboden& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.WoningId("woning_id", p.woning_id(), kRequired);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kRequired);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
  c.AtLeast("kamers", p.kamers(), 0);
  c.AtLeast("kale_huur_cent", p.kale_huur_cent(), 0);
  c.Enum("soort", p.soort(), v1::WoningAangeboden::Soort_descriptor());
  c.AtLeast("capaciteit", p.capaciteit(), 1);
  c.Date("beschikbaar_per", p.beschikbaar_per(), kRequired);
}

void Check(const v1::WoningIngetrokken& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.WoningId("woning_id", p.woning_id(), kRequired);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kRequired);
}

void Check(const v1::Voordracht& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.WoningId("woning_id", p.woning_id(), kRequired);
}

void Check(const v1::Reservering& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.WoningId("woning_id", p.woning_id(), kRequired);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kRequired);
  c.AtLeast("personen", p.personen(), 1);
}

void Check(const v1::ReserveringVervallen& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.WoningId("woning_id", p.woning_id(), kRequired);
  c.Enum("reden", p.reden(), v1::ReserveringVervallen::Reden_descriptor());
}

void Check(const v1::Huurcontract& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.WoningId("woning_id", p.woning_id(), kRequired);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kRequired);
  c.Date("ingangsdatum", p.ingangsdatum(), kRequired);
  c.AtLeast("kale_huur_cent", p.kale_huur_cent(), 0);
  c.AtLeast("personen", p.personen(), 1);
}

void Check(const v1::Uitstroom& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.AtLeast("personen", p.personen(), 1);
}

void Check(const v1::BrpInschrijving& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
  if (p.personen_size() == 0) c.Fail("personen", "noem minstens één ingeschreven persoon");
  for (int i = 0; i < p.personen_size(); ++i) {
    const std::string path = At("personen", i);
    c.VNummer(path + ".v_nummer", p.personen(i).v_nummer(), kRequired);
    c.Bsn(path + ".bsn", p.personen(i).bsn(), kRequired);
  }
}

void Check(const v1::NareizigersAangekondigd& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.AtLeast("aantal", p.aantal(), 1);
  c.Date("verwacht_per", p.verwacht_per(), kOptional);
}

void Check(const v1::NareizigersGearriveerd& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  if (p.personen_size() == 0) c.Fail("personen", "noem minstens één aangekomen persoon");
  for (int i = 0; i < p.personen_size(); ++i) CheckPersoon(p.personen(i), At("personen", i), c);
}

void Check(const v1::BegeleidingFase& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Enum("fase", p.fase(), v1::BegeleidingFase::Fase_descriptor());
}

void Check(const v1::BegeleidingTaak& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Enum("taak", p.taak(), v1::BegeleidingTaak::Taak_descriptor());
}

void Check(const v1::Signaal& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  CheckSignaalId(p.signaal_id(), c);
  c.Enum("soort", p.soort(), v1::Signaal::Soort_descriptor());
}

void Check(const v1::SignaalAfgehandeld& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  CheckSignaalId(p.signaal_id(), c);
}

void Check(const v1::DossierGesloten& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Enum("reden", p.reden(), v1::DossierGesloten::Reden_descriptor());
}

void Check(const v1::TaakstellingVastgesteld& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
  c.Periode("periode", p.periode());
  c.AtLeast("aantal", p.aantal(), 0);
  // startsaldo: any value, negative is an achterstand.
}

void Check(const v1::Overboeking& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.Org("van_gemeente", p.van_gemeente(), OrgKind::kGemeente, kRequired);
  c.Org("naar_gemeente", p.naar_gemeente(), OrgKind::kGemeente, kRequired);
  if (!c.failed() && p.naar_gemeente() == p.van_gemeente()) {
    c.Fail("naar_gemeente", "een overboeking gaat naar een andere gemeente dan van_gemeente");
  }
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.AtLeast("personen", p.personen(), 1);
  c.Periode("periode", p.periode());
}

void Check(const v1::CorporatieAfspraak& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kRequired);
  c.Periode("periode", p.periode());
  c.AtLeast("woningen", p.woningen(), 0);
}

void Check(const v1::VrijgekomenWoningen& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kRequired);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
  c.Periode("periode", p.periode());
  c.AtLeast("aantal", p.aantal(), 0);
}

void Check(const v1::AdministratieOvergenomen& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Bsn("bsn", p.bsn(), kOptional);
  c.Date("geboortedatum", p.geboortedatum(), kOptional);
  c.AtLeast("huishouden", p.huishouden(), 1);
  c.AtLeast("verwachte_nareizigers", p.verwachte_nareizigers(), 0);
  c.Org("gemeente", p.gemeente(), OrgKind::kGemeente, kRequired);
  c.Date("datum_aanmelding", p.datum_aanmelding(), kOptional);
  c.Org("corporatie", p.corporatie(), OrgKind::kCorporatie, kOptional);
  c.WoningId("woning_id", p.woning_id(), kOptional);
  c.Org("woongemeente", p.woongemeente(), OrgKind::kGemeente, kOptional);
  c.Date("datum_huurcontract", p.datum_huurcontract(), kOptional);
  c.Date("datum_brp", p.datum_brp(), kOptional);
}

void Check(const v1::DossierVergeten& p, Checker& c) {
  c.Date("datum", p.datum(), kRequired);
  c.VNummer("v_nummer", p.v_nummer(), kRequired);
  c.Enum("reden", p.reden(), v1::DossierVergeten::Reden_descriptor());
}

void CheckPayload(const v1::Envelope& e, Checker& c) {
  using P = v1::Envelope;
  switch (e.payload_case()) {
    case P::kAanmelding:
      return Check(e.aanmelding(), c);
    case P::kHerkoppeling:
      return Check(e.herkoppeling(), c);
    case P::kWoningAangeboden:
      return Check(e.woning_aangeboden(), c);
    case P::kWoningIngetrokken:
      return Check(e.woning_ingetrokken(), c);
    case P::kVoordracht:
      return Check(e.voordracht(), c);
    case P::kReservering:
      return Check(e.reservering(), c);
    case P::kReserveringVervallen:
      return Check(e.reservering_vervallen(), c);
    case P::kHuurcontract:
      return Check(e.huurcontract(), c);
    case P::kUitstroom:
      return Check(e.uitstroom(), c);
    case P::kBrpInschrijving:
      return Check(e.brp_inschrijving(), c);
    case P::kNareizigersAangekondigd:
      return Check(e.nareizigers_aangekondigd(), c);
    case P::kNareizigersGearriveerd:
      return Check(e.nareizigers_gearriveerd(), c);
    case P::kBegeleidingFase:
      return Check(e.begeleiding_fase(), c);
    case P::kBegeleidingTaak:
      return Check(e.begeleiding_taak(), c);
    case P::kSignaal:
      return Check(e.signaal(), c);
    case P::kSignaalAfgehandeld:
      return Check(e.signaal_afgehandeld(), c);
    case P::kDossierGesloten:
      return Check(e.dossier_gesloten(), c);
    case P::kTaakstellingVastgesteld:
      return Check(e.taakstelling_vastgesteld(), c);
    case P::kOverboeking:
      return Check(e.overboeking(), c);
    case P::kCorporatieAfspraak:
      return Check(e.corporatie_afspraak(), c);
    case P::kVrijgekomenWoningen:
      return Check(e.vrijgekomen_woningen(), c);
    case P::kAdministratieOvergenomen:
      return Check(e.administratie_overgenomen(), c);
    case P::kDossierVergeten:
      return Check(e.dossier_vergeten(), c);
    case P::PAYLOAD_NOT_SET:
      return c.Fail("payload", "er zit geen gebeurtenis in het bericht");
  }
  c.Fail("payload", "er zit geen gebeurtenis in het bericht");
}

// ---- The envelope.

void CheckEnvelopeFields(const v1::Envelope& e, Checker& c) {
  if (e.event_id().empty()) {
    c.Fail("event_id", "het event_id ontbreekt");
  } else if (!IsCanonicalUuid(e.event_id())) {
    c.Fail("event_id",
           "een event_id is een UUID in kleine letters, zoals 3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b, niet " +
               Quoted(e.event_id()));
  }
  if (!c.failed() && e.origin().empty()) {
    c.Fail("origin", "de afzender (origin) ontbreekt");
  } else if (!c.failed() && !ParseOrgId(e.origin()).has_value()) {
    c.Fail("origin", "de afzender (origin) is geen organisatie-id zoals gemeente:dordrecht, maar " +
                         Quoted(e.origin()));
  }
  if (e.origin_seq() < 1) c.Fail("origin_seq", "het volgnummer (origin_seq) begint bij 1");
  if (!e.has_occurred_at()) {
    c.Fail("occurred_at", "het tijdstip (occurred_at) ontbreekt");
  } else {
    const pb::Timestamp& t = e.occurred_at();
    if (t.seconds() < pb::util::TimeUtil::kTimestampMinSeconds ||
        t.seconds() > pb::util::TimeUtil::kTimestampMaxSeconds || t.nanos() < 0 || t.nanos() > 999'999'999) {
      c.Fail("occurred_at", "het tijdstip (occurred_at) bestaat niet");
    }
  }
  c.ListLength("persoonsgegevens", e, *v1::Envelope::descriptor()->FindFieldByName("persoonsgegevens"));
}

const std::vector<int>& PayloadFieldNumbers() {
  static const std::vector<int> numbers = [] {
    std::vector<int> out;
    const pb::OneofDescriptor* oneof = v1::Envelope::descriptor()->FindOneofByName("payload");
    for (int i = 0; oneof != nullptr && i < oneof->field_count(); ++i)
      out.push_back(oneof->field(i)->number());
    return out;
  }();
  return numbers;
}

// How many top-level fields of the payload oneof the wire bytes carry; nullopt when the bytes
// cannot be walked field by field.
std::optional<int> CountPayloadFields(std::string_view bytes) {
  using pb::internal::WireFormatLite;
  const std::vector<int>& numbers = PayloadFieldNumbers();
  pb::io::CodedInputStream input(reinterpret_cast<const uint8_t*>(bytes.data()),
                                 static_cast<int>(bytes.size()));
  int count = 0;
  while (true) {
    const uint32_t tag = input.ReadTag();
    if (tag == 0) break;
    const int number = WireFormatLite::GetTagFieldNumber(tag);
    if (std::find(numbers.begin(), numbers.end(), number) != numbers.end()) ++count;
    if (!WireFormatLite::SkipField(&input, tag)) return std::nullopt;
  }
  if (input.CurrentPosition() != static_cast<int>(bytes.size())) return std::nullopt;
  return count;
}

}  // namespace

int MaxListLength(const pb::FieldDescriptor& list) { return BoundOf(list).max; }

Status ValidatePayload(const v1::Envelope& envelope) {
  const PayloadCase payload = envelope.payload_case();
  if (payload == v1::Envelope::PAYLOAD_NOT_SET) {
    return Status::InvalidArgument("er zit geen gebeurtenis in het bericht", "payload");
  }
  const std::string name(PayloadName(payload));
  Checker checker(name);
  const pb::FieldDescriptor* field = v1::Envelope::descriptor()->FindFieldByName(name);
  const pb::Message& message = envelope.GetReflection()->GetMessage(envelope, field);
  checker.Lists(message, "");
  checker.Texts(message, "");
  CheckPayload(envelope, checker);
  return checker.status();
}

Status Validate(const v1::Envelope& envelope) {
  Checker checker("");
  CheckEnvelopeFields(envelope, checker);
  if (checker.failed()) return checker.status();
  Status status = ValidatePayload(envelope);
  if (!status.ok()) return status;
  const std::string stream = StreamOf(envelope);
  if (envelope.stream() != stream) {
    return Status::InvalidArgument(
        "deze gebeurtenis hoort in stream \"" + stream + "\", niet in " + Quoted(envelope.stream()),
        "stream");
  }
  return CheckRole(envelope);
}

Status ParseEnvelope(std::string_view bytes, v1::Envelope* out) {
  out->Clear();
  if (bytes.size() > static_cast<size_t>(INT_MAX) ||
      !out->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    out->Clear();
    return Status::InvalidArgument("kan het bericht niet lezen");
  }
  std::optional<int> payloads = CountPayloadFields(bytes);
  if (!payloads.has_value()) {
    out->Clear();
    return Status::InvalidArgument("kan het bericht niet lezen");
  }
  if (*payloads > 1) {
    out->Clear();
    return Status::InvalidArgument("er zitten " + std::to_string(*payloads) +
                                       " gebeurtenissen in het bericht; een bericht draagt er precies één",
                                   "payload");
  }
  return Validate(*out);
}

}  // namespace regiotafel::contract
