// Test helpers for the contract tests: one valid envelope per payload kind, written out by hand
// from docs/CONTRACT.md (not computed with the code under test), so that a test can break one
// thing and see exactly that refused.
#pragma once

#include <string>
#include <vector>

#include "regiotafel/v1/events.pb.h"

namespace regiotafel::contract::testing {

using P = v1::Envelope;

inline constexpr char kEventId[] = "3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b";
inline constexpr char kVNummer[] = "1234567890";
inline constexpr char kDatum[] = "2025-03-03";
inline constexpr char kWoningId[] = "TRV-0042";
inline constexpr char kCoa[] = "coa:dordrecht";
inline constexpr char kGemeente[] = "gemeente:dordrecht";
inline constexpr char kAndereGemeente[] = "gemeente:zwijndrecht";
inline constexpr char kCorporatie[] = "corporatie:trivire";
inline constexpr char kAndereCorporatie[] = "corporatie:woonbron";
inline constexpr char kVluchtelingenwerk[] = "vluchtelingenwerk:drechtsteden";
inline constexpr char kRegio[] = "regio:drechtsteden";

// Every payload kind, in field-number order.
inline std::vector<P::PayloadCase> AllPayloads() {
  return {P::kAanmelding,
          P::kHerkoppeling,
          P::kWoningAangeboden,
          P::kWoningIngetrokken,
          P::kVoordracht,
          P::kReservering,
          P::kReserveringVervallen,
          P::kHuurcontract,
          P::kUitstroom,
          P::kBrpInschrijving,
          P::kNareizigersAangekondigd,
          P::kNareizigersGearriveerd,
          P::kBegeleidingFase,
          P::kBegeleidingTaak,
          P::kSignaal,
          P::kSignaalAfgehandeld,
          P::kDossierGesloten,
          P::kTaakstellingVastgesteld,
          P::kOverboeking,
          P::kCorporatieAfspraak,
          P::kVrijgekomenWoningen,
          P::kAdministratieOvergenomen,
          P::kDossierVergeten};
}

inline void SetPersoon(v1::Persoon* p, const char* v_nummer, const char* naam, const char* geboortedatum) {
  p->set_v_nummer(v_nummer);
  p->set_naam(naam);
  p->set_geboortedatum(geboortedatum);
}

// A valid envelope with every field of its payload filled in, published by an organisation that
// may publish it (for the "own" events: the organisation the payload names).
inline v1::Envelope ValidEnvelope(P::PayloadCase payload) {
  v1::Envelope e;
  e.set_event_id(kEventId);
  e.set_origin_seq(1);
  e.mutable_occurred_at()->set_seconds(1741000000);  // 2025-03-03
  e.mutable_occurred_at()->set_nanos(500);
  const std::string dossier = std::string("dossier/") + kVNummer;
  switch (payload) {
    case P::kAanmelding: {
      auto* p = e.mutable_aanmelding();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_naam("Amina Yusuf");
      p->set_geboortedatum("1990-05-17");
      SetPersoon(p->add_gezinsleden(), "1234567891", "Sara Yusuf", "2015-08-01");
      SetPersoon(p->add_gezinsleden(), "1234567892", "Adam Yusuf", "2018-02-11");
      p->set_verwachte_nareizigers(1);
      p->set_verblijfplaats("AZC Dordrecht");
      p->set_gemeente(kGemeente);
      e.set_origin(kCoa);
      e.set_stream(dossier);
      break;
    }
    case P::kHerkoppeling: {
      auto* p = e.mutable_herkoppeling();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_gemeente(kAndereGemeente);
      p->set_reden("familie woont in Zwijndrecht");
      e.set_origin(kCoa);
      e.set_stream(dossier);
      break;
    }
    case P::kWoningAangeboden: {
      auto* p = e.mutable_woning_aangeboden();
      p->set_datum(kDatum);
      p->set_woning_id(kWoningId);
      p->set_corporatie(kCorporatie);
      p->set_gemeente(kGemeente);
      p->set_adres("Voorstraat 1, Dordrecht");
      p->set_kamers(3);
      p->set_kale_huur_cent(65000);
      p->set_soort(v1::WoningAangeboden::REGULIER);
      p->set_capaciteit(4);
      p->set_beschikbaar_per("2025-04-01");
      e.set_origin(kCorporatie);
      e.set_stream(std::string("woning/") + kWoningId);
      break;
    }
    case P::kWoningIngetrokken: {
      auto* p = e.mutable_woning_ingetrokken();
      p->set_datum(kDatum);
      p->set_woning_id(kWoningId);
      p->set_corporatie(kCorporatie);
      p->set_reden("renovatie");
      e.set_origin(kCorporatie);
      e.set_stream(std::string("woning/") + kWoningId);
      break;
    }
    case P::kVoordracht: {
      auto* p = e.mutable_voordracht();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_woning_id(kWoningId);
      e.set_origin(kGemeente);
      e.set_stream(dossier);
      break;
    }
    case P::kReservering: {
      auto* p = e.mutable_reservering();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_woning_id(kWoningId);
      p->set_corporatie(kCorporatie);
      p->set_personen(3);
      p->set_inschrijfnummer("WZ-2025-001");
      e.set_origin(kCorporatie);
      e.set_stream(dossier);
      break;
    }
    case P::kReserveringVervallen: {
      auto* p = e.mutable_reservering_vervallen();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_woning_id(kWoningId);
      p->set_reden(v1::ReserveringVervallen::WEIGERING);
      p->set_toelichting("te ver van school");
      e.set_origin(kCorporatie);
      e.set_stream(dossier);
      break;
    }
    case P::kHuurcontract: {
      auto* p = e.mutable_huurcontract();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_woning_id(kWoningId);
      p->set_corporatie(kCorporatie);
      p->set_ingangsdatum("2025-04-01");
      p->set_kale_huur_cent(65000);
      p->set_personen(3);
      e.set_origin(kCorporatie);
      e.set_stream(dossier);
      break;
    }
    case P::kUitstroom: {
      auto* p = e.mutable_uitstroom();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_personen(3);
      e.set_origin(kCoa);
      e.set_stream(dossier);
      break;
    }
    case P::kBrpInschrijving: {
      auto* p = e.mutable_brp_inschrijving();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_gemeente(kGemeente);
      auto* a = p->add_personen();
      a->set_v_nummer(kVNummer);
      a->set_bsn("111222333");
      auto* b = p->add_personen();
      b->set_v_nummer("1234567891");
      b->set_bsn("123456782");
      e.set_origin(kGemeente);
      e.set_stream(dossier);
      break;
    }
    case P::kNareizigersAangekondigd: {
      auto* p = e.mutable_nareizigers_aangekondigd();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_aantal(2);
      p->set_verwacht_per("2025-09-01");
      e.set_origin(kVluchtelingenwerk);
      e.set_stream(dossier);
      break;
    }
    case P::kNareizigersGearriveerd: {
      auto* p = e.mutable_nareizigers_gearriveerd();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      SetPersoon(p->add_personen(), "1234567893", "Omar Yusuf", "2010-01-01");
      e.set_origin(kCoa);
      e.set_stream(dossier);
      break;
    }
    case P::kBegeleidingFase: {
      auto* p = e.mutable_begeleiding_fase();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_fase(v1::BegeleidingFase::PRE_VESTIGING);
      e.set_origin(kVluchtelingenwerk);
      e.set_stream(dossier);
      break;
    }
    case P::kBegeleidingTaak: {
      auto* p = e.mutable_begeleiding_taak();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_taak(v1::BegeleidingTaak::HUISARTS);
      e.set_origin(kVluchtelingenwerk);
      e.set_stream(dossier);
      break;
    }
    case P::kSignaal: {
      auto* p = e.mutable_signaal();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_signaal_id("S-2025-001");
      p->set_soort(v1::Signaal::OVERLAST);
      p->set_omschrijving("klachten van buren over geluid");
      e.set_origin(kCorporatie);
      e.set_stream(dossier);
      break;
    }
    case P::kSignaalAfgehandeld: {
      auto* p = e.mutable_signaal_afgehandeld();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_signaal_id("S-2025-001");
      p->set_toelichting("gesprek gevoerd");
      e.set_origin(kGemeente);
      e.set_stream(dossier);
      break;
    }
    case P::kDossierGesloten: {
      auto* p = e.mutable_dossier_gesloten();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_reden(v1::DossierGesloten::VERTROKKEN);
      p->set_toelichting("naar familie in Duitsland");
      e.set_origin(kCoa);
      e.set_stream(dossier);
      break;
    }
    case P::kTaakstellingVastgesteld: {
      auto* p = e.mutable_taakstelling_vastgesteld();
      p->set_datum(kDatum);
      p->set_gemeente(kGemeente);
      p->set_periode("2025-H1");
      p->set_aantal(40);
      p->set_startsaldo(-3);
      e.set_origin(kGemeente);
      e.set_stream("gemeente/dordrecht");
      break;
    }
    case P::kOverboeking: {
      auto* p = e.mutable_overboeking();
      p->set_datum(kDatum);
      p->set_van_gemeente(kGemeente);
      p->set_naar_gemeente(kAndereGemeente);
      p->set_v_nummer(kVNummer);
      p->set_personen(3);
      p->set_periode("2025-H1");
      e.set_origin(kGemeente);
      e.set_stream("gemeente/dordrecht");
      break;
    }
    case P::kCorporatieAfspraak: {
      auto* p = e.mutable_corporatie_afspraak();
      p->set_datum(kDatum);
      p->set_corporatie(kCorporatie);
      p->set_periode("2025-H1");
      p->set_woningen(12);
      e.set_origin(kRegio);
      e.set_stream("corporatie/trivire");
      break;
    }
    case P::kVrijgekomenWoningen: {
      auto* p = e.mutable_vrijgekomen_woningen();
      p->set_datum(kDatum);
      p->set_corporatie(kCorporatie);
      p->set_gemeente(kGemeente);
      p->set_periode("2025-H1");
      p->set_aantal(80);
      e.set_origin(kCorporatie);
      e.set_stream("corporatie/trivire");
      break;
    }
    case P::kAdministratieOvergenomen: {
      auto* p = e.mutable_administratie_overgenomen();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_naam("Amina Yusuf");
      p->set_bsn("111222333");
      p->set_inschrijfnummer("WZ-2019-77");
      p->set_geboortedatum("1990-05-17");
      p->set_verblijfplaats("AZC Gilze");
      p->set_huishouden(4);
      p->set_verwachte_nareizigers(1);
      p->set_gemeente(kGemeente);
      p->set_datum_aanmelding("2024-01-15");
      p->set_corporatie(kCorporatie);
      p->set_woning_id(kWoningId);
      p->set_woongemeente(kAndereGemeente);
      p->set_datum_huurcontract("2024-06-01");
      p->set_datum_brp("2024-06-10");
      e.set_origin(kRegio);
      e.set_stream(dossier);
      break;
    }
    case P::kDossierVergeten: {
      auto* p = e.mutable_dossier_vergeten();
      p->set_datum(kDatum);
      p->set_v_nummer(kVNummer);
      p->set_reden(v1::DossierVergeten::VERZOEK_BETROKKENE);
      e.set_origin(kGemeente);
      e.set_stream(dossier);
      break;
    }
    case P::PAYLOAD_NOT_SET:
      break;
  }
  return e;
}

}  // namespace regiotafel::contract::testing
