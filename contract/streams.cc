#include "contract/streams.h"

#include <google/protobuf/descriptor.h>

namespace regiotafel::contract {

namespace {

namespace pb = google::protobuf;

// The part after "kind:"; the whole text when there is no colon (validation refuses such ids
// before the stream is compared, so this only keeps StreamOf total).
std::string_view SlugOf(std::string_view org_id) {
  const size_t colon = org_id.find(':');
  return colon == std::string_view::npos ? org_id : org_id.substr(colon + 1);
}

std::string Stream(std::string_view kind, std::string_view key) {
  std::string stream(kind);
  stream += '/';
  stream += key;
  return stream;
}

std::string Dossier(std::string_view v_nummer) { return Stream("dossier", v_nummer); }
std::string Woning(std::string_view woning_id) { return Stream("woning", woning_id); }
std::string Gemeente(std::string_view gemeente_id) { return Stream("gemeente", SlugOf(gemeente_id)); }
std::string Corporatie(std::string_view corporatie_id) { return Stream("corporatie", SlugOf(corporatie_id)); }

// The `payload` oneof field of the Envelope with this number; nullptr for any other number.
const pb::FieldDescriptor* PayloadField(int number) {
  const pb::FieldDescriptor* field = v1::Envelope::descriptor()->FindFieldByNumber(number);
  if (field == nullptr || field->containing_oneof() == nullptr ||
      field->containing_oneof()->name() != "payload") {
    return nullptr;
  }
  return field;
}

}  // namespace

std::string StreamOf(const v1::Envelope& e) {
  using P = v1::Envelope;
  switch (e.payload_case()) {
    // Events about a household.
    case P::kAanmelding:
      return Dossier(e.aanmelding().v_nummer());
    case P::kHerkoppeling:
      return Dossier(e.herkoppeling().v_nummer());
    case P::kVoordracht:
      return Dossier(e.voordracht().v_nummer());
    case P::kReservering:
      return Dossier(e.reservering().v_nummer());
    case P::kReserveringVervallen:
      return Dossier(e.reservering_vervallen().v_nummer());
    case P::kHuurcontract:
      return Dossier(e.huurcontract().v_nummer());
    case P::kUitstroom:
      return Dossier(e.uitstroom().v_nummer());
    case P::kBrpInschrijving:
      return Dossier(e.brp_inschrijving().v_nummer());
    case P::kNareizigersAangekondigd:
      return Dossier(e.nareizigers_aangekondigd().v_nummer());
    case P::kNareizigersGearriveerd:
      return Dossier(e.nareizigers_gearriveerd().v_nummer());
    case P::kBegeleidingFase:
      return Dossier(e.begeleiding_fase().v_nummer());
    case P::kBegeleidingTaak:
      return Dossier(e.begeleiding_taak().v_nummer());
    case P::kSignaal:
      return Dossier(e.signaal().v_nummer());
    case P::kSignaalAfgehandeld:
      return Dossier(e.signaal_afgehandeld().v_nummer());
    case P::kDossierGesloten:
      return Dossier(e.dossier_gesloten().v_nummer());
    case P::kAdministratieOvergenomen:
      return Dossier(e.administratie_overgenomen().v_nummer());
    case P::kDossierVergeten:
      return Dossier(e.dossier_vergeten().v_nummer());
    // Events about a woning.
    case P::kWoningAangeboden:
      return Woning(e.woning_aangeboden().woning_id());
    case P::kWoningIngetrokken:
      return Woning(e.woning_ingetrokken().woning_id());
    // Figures of one organisation.
    case P::kTaakstellingVastgesteld:
      return Gemeente(e.taakstelling_vastgesteld().gemeente());
    case P::kOverboeking:
      return Gemeente(e.overboeking().van_gemeente());
    case P::kCorporatieAfspraak:
      return Corporatie(e.corporatie_afspraak().corporatie());
    case P::kVrijgekomenWoningen:
      return Corporatie(e.vrijgekomen_woningen().corporatie());
    case P::PAYLOAD_NOT_SET:
      return "";
  }
  return "";
}

std::string_view PayloadName(PayloadCase payload) {
  const pb::FieldDescriptor* field = PayloadField(static_cast<int>(payload));
  return field == nullptr ? std::string_view() : std::string_view(field->name());
}

PayloadCase PayloadCaseOf(std::string_view name) {
  const pb::FieldDescriptor* field = v1::Envelope::descriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || PayloadField(field->number()) != field) return v1::Envelope::PAYLOAD_NOT_SET;
  return static_cast<PayloadCase>(field->number());
}

}  // namespace regiotafel::contract
