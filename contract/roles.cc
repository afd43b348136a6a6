#include "contract/roles.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "contract/internal/messages.h"

namespace regiotafel::contract {

namespace {

namespace pb = google::protobuf;
using P = v1::Envelope;

// The "own" rule of an event: when the origin is of `kind`, the payload field `field` must name the
// origin itself. An organisation of another kind that may publish the event (e.g. the regio for a
// TaakstellingVastgesteld) is not bound by it.
struct OwnRule {
  const char* field = nullptr;  // nullptr: no own rule
  OrgKind kind = OrgKind::kGemeente;
};

struct Rule {
  PayloadCase payload;
  // One position per kind, in the order C G K V R (coa, gemeente, corporatie, vluchtelingenwerk,
  // regio): the letter when that kind may publish, '-' when not.
  const char* who;
  OwnRule own;
};

constexpr OwnRule kOwnCorporatie{"corporatie", OrgKind::kCorporatie};
constexpr OwnRule kOwnGemeente{"gemeente", OrgKind::kGemeente};
constexpr OwnRule kOwnVanGemeente{"van_gemeente", OrgKind::kGemeente};

// docs/CONTRACT.md §4, column "who".
// clang-format off
constexpr Rule kRules[] = {
    // event                        CGKVR    own rule
    {P::kAanmelding,               "C----", {}},
    {P::kHerkoppeling,             "C----", {}},
    {P::kWoningAangeboden,         "--K--", kOwnCorporatie},
    {P::kWoningIngetrokken,        "--K--", kOwnCorporatie},
    {P::kVoordracht,               "CG--R", {}},
    {P::kReservering,              "--K--", kOwnCorporatie},
    {P::kReserveringVervallen,     "-GK--", {}},
    {P::kHuurcontract,             "--K--", kOwnCorporatie},
    {P::kUitstroom,                "C----", {}},
    {P::kBrpInschrijving,          "-G---", kOwnGemeente},
    {P::kNareizigersAangekondigd,  "C--V-", {}},
    {P::kNareizigersGearriveerd,   "CG---", {}},
    {P::kBegeleidingFase,          "-G-V-", {}},
    {P::kBegeleidingTaak,          "-G-V-", {}},
    {P::kSignaal,                  "CGKVR", {}},
    {P::kSignaalAfgehandeld,       "CGKVR", {}},
    {P::kDossierGesloten,          "CG--R", {}},
    {P::kTaakstellingVastgesteld,  "-G--R", kOwnGemeente},
    {P::kOverboeking,              "-G--R", kOwnVanGemeente},
    {P::kCorporatieAfspraak,       "----R", {}},
    {P::kVrijgekomenWoningen,      "--K--", kOwnCorporatie},
    {P::kAdministratieOvergenomen, "----R", {}},
    // DOMAIN says "G (linked)": the bus cannot know the linkage, so the gemeente's own node checks
    // it before the event leaves (services/node/http/events_api.cc).
    {P::kDossierVergeten,          "-G--R", {}},
};
// clang-format on

// The column order of Rule::who.
constexpr OrgKind kColumns[] = {OrgKind::kCoa, OrgKind::kGemeente, OrgKind::kCorporatie,
                                OrgKind::kVluchtelingenwerk, OrgKind::kRegio};

const Rule* FindRule(PayloadCase payload) {
  for (const Rule& rule : kRules) {
    if (rule.payload == payload) return &rule;
  }
  return nullptr;
}

bool Allows(const Rule& rule, OrgKind kind) {
  for (size_t i = 0; i < std::size(kColumns); ++i) {
    if (kColumns[i] == kind) return rule.who[i] != '-';
  }
  return false;
}

// "COA", "corporatie of gemeente", "COA, gemeente of regio".
std::string AllowedList(const Rule& rule) {
  std::vector<std::string_view> names;
  for (OrgKind kind : kColumns) {
    if (Allows(rule, kind)) names.push_back(internal::WordsFor(kind).list);
  }
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " of " : ", ";
    out += names[i];
  }
  return out;
}

const pb::FieldDescriptor* PayloadField(PayloadCase payload) {
  return P::descriptor()->FindFieldByNumber(static_cast<int>(payload));
}

// "Aanmelding", "BrpInschrijving": the event as the contract names it.
std::string EventName(PayloadCase payload) {
  const pb::FieldDescriptor* field = PayloadField(payload);
  return field != nullptr && field->message_type() != nullptr ? field->message_type()->name() : "";
}

}  // namespace

bool MayPublish(OrgKind kind, PayloadCase payload) {
  const Rule* rule = FindRule(payload);
  return rule != nullptr && Allows(*rule, kind);
}

Status CheckRole(const v1::Envelope& envelope) {
  std::optional<OrgId> origin = ParseOrgId(envelope.origin());
  if (!origin.has_value()) {
    return Status::InvalidArgument(
        "de afzender (origin) is geen geldige organisatie-id zoals gemeente:dordrecht", "origin");
  }
  const Rule* rule = FindRule(envelope.payload_case());
  if (rule == nullptr) return Status::InvalidArgument("er zit geen gebeurtenis in het bericht", "payload");
  const std::string event = EventName(rule->payload);
  if (!Allows(*rule, origin->kind)) {
    std::string message(internal::WordsFor(origin->kind).indefinite);
    message += " mag geen " + event + " publiceren (alleen " + AllowedList(*rule) + ")";
    return Status::InvalidArgument(std::move(message), "origin");
  }
  if (rule->own.field == nullptr || rule->own.kind != origin->kind) return Status::Ok();

  const pb::FieldDescriptor* payload_field = PayloadField(rule->payload);
  const pb::Message& payload = envelope.GetReflection()->GetMessage(envelope, payload_field);
  const pb::FieldDescriptor* own_field = payload.GetDescriptor()->FindFieldByName(rule->own.field);
  const std::string path = payload_field->name() + "." + rule->own.field;
  if (own_field == nullptr || own_field->type() != pb::FieldDescriptor::TYPE_STRING) {
    return Status::InvalidArgument("interne fout: de rollentabel noemt een onbekend veld", path);
  }
  const std::string named = payload.GetReflection()->GetString(payload, own_field);
  if (named == envelope.origin()) return Status::Ok();
  return Status::InvalidArgument(envelope.origin() + " mag alleen voor zichzelf een " + event +
                                     " publiceren, niet voor " + internal::Quoted(named),
                                 path);
}

}  // namespace regiotafel::contract
