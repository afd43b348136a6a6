// The envelopes of the projection tests, written out field by field: one builder per payload, each
// filling every field the views read (and a few they do not, as a sender would). No GoogleTest here,
// so that bench/ can build realistic logs with the same builders (region_generator.h).
#pragma once

#include <optional>
#include <string>

#include "regiotafel/v1/events.pb.h"

namespace regiotafel::simulation {

inline constexpr char kCoa[] = "coa:coa";
inline constexpr char kRegio[] = "regio:drechtsteden";
inline constexpr char kVwn[] = "vluchtelingenwerk:drechtsteden";
inline constexpr char kDordrecht[] = "gemeente:dordrecht";
inline constexpr char kZwijndrecht[] = "gemeente:zwijndrecht";
inline constexpr char kAlblasserdam[] = "gemeente:alblasserdam";
inline constexpr char kHiA[] = "gemeente:hendrik-ido-ambacht";
inline constexpr char kPapendrecht[] = "gemeente:papendrecht";
inline constexpr char kTrivire[] = "corporatie:trivire";
inline constexpr char kWoonbron[] = "corporatie:woonbron";
inline constexpr char kPoort6[] = "corporatie:poort6";
inline constexpr char kV1[] = "1000000001";
inline constexpr char kV2[] = "1000000002";
inline constexpr char kV3[] = "1000000003";

inline v1::Envelope From(const std::string& origin) {
  v1::Envelope e;
  e.set_origin(origin);
  return e;
}

// An Aanmelding of `v_nummer` with `gezinsleden` family members beside the main applicant.
inline v1::Envelope Aanmelding(const std::string& datum, const std::string& v_nummer,
                               const std::string& gemeente, int gezinsleden = 0,
                               int verwachte_nareizigers = 0, const std::string& naam = "Amina Yusuf") {
  v1::Envelope e = From(kCoa);
  auto* p = e.mutable_aanmelding();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_naam(naam);
  p->set_geboortedatum("1990-05-17");
  for (int i = 0; i < gezinsleden; ++i) {
    auto* lid = p->add_gezinsleden();
    lid->set_v_nummer(v_nummer.substr(0, 9) + std::to_string(i));
    lid->set_naam("gezinslid " + std::to_string(i));
  }
  p->set_verwachte_nareizigers(verwachte_nareizigers);
  p->set_verblijfplaats("AZC Dordrecht");
  p->set_gemeente(gemeente);
  return e;
}

inline v1::Envelope Herkoppeling(const std::string& datum, const std::string& v_nummer,
                                 const std::string& gemeente) {
  v1::Envelope e = From(kCoa);
  auto* p = e.mutable_herkoppeling();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_gemeente(gemeente);
  p->set_reden("passender aanbod");
  return e;
}

inline v1::Envelope WoningAangeboden(const std::string& datum, const std::string& woning_id,
                                     const std::string& corporatie, const std::string& gemeente,
                                     int capaciteit, const std::string& beschikbaar_per) {
  v1::Envelope e = From(corporatie);
  auto* p = e.mutable_woning_aangeboden();
  p->set_datum(datum);
  p->set_woning_id(woning_id);
  p->set_corporatie(corporatie);
  p->set_gemeente(gemeente);
  p->set_adres("Voorstraat 1");
  p->set_kamers(3);
  p->set_kale_huur_cent(65000);
  p->set_soort(v1::WoningAangeboden::REGULIER);
  p->set_capaciteit(capaciteit);
  p->set_beschikbaar_per(beschikbaar_per);
  return e;
}

inline v1::Envelope WoningIngetrokken(const std::string& datum, const std::string& woning_id,
                                      const std::string& corporatie) {
  v1::Envelope e = From(corporatie);
  auto* p = e.mutable_woning_ingetrokken();
  p->set_datum(datum);
  p->set_woning_id(woning_id);
  p->set_corporatie(corporatie);
  p->set_reden("verkocht");
  return e;
}

inline v1::Envelope Voordracht(const std::string& datum, const std::string& v_nummer,
                               const std::string& woning_id, const std::string& origin = kDordrecht) {
  v1::Envelope e = From(origin);
  auto* p = e.mutable_voordracht();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_woning_id(woning_id);
  return e;
}

inline v1::Envelope Reservering(const std::string& datum, const std::string& v_nummer,
                                const std::string& woning_id, const std::string& corporatie,
                                int personen = 1) {
  v1::Envelope e = From(corporatie);
  auto* p = e.mutable_reservering();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_woning_id(woning_id);
  p->set_corporatie(corporatie);
  p->set_personen(personen);
  return e;
}

inline v1::Envelope ReserveringVervallen(const std::string& datum, const std::string& v_nummer,
                                         const std::string& woning_id, const std::string& origin) {
  v1::Envelope e = From(origin);
  auto* p = e.mutable_reservering_vervallen();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_woning_id(woning_id);
  p->set_reden(v1::ReserveringVervallen::WEIGERING);
  return e;
}

inline v1::Envelope Huurcontract(const std::string& datum, const std::string& v_nummer,
                                 const std::string& woning_id, const std::string& corporatie,
                                 const std::string& ingangsdatum, int personen) {
  v1::Envelope e = From(corporatie);
  auto* p = e.mutable_huurcontract();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_woning_id(woning_id);
  p->set_corporatie(corporatie);
  p->set_ingangsdatum(ingangsdatum);
  p->set_kale_huur_cent(65000);
  p->set_personen(personen);
  return e;
}

inline v1::Envelope Uitstroom(const std::string& datum, const std::string& v_nummer, int personen = 1) {
  v1::Envelope e = From(kCoa);
  auto* p = e.mutable_uitstroom();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_personen(personen);
  return e;
}

inline v1::Envelope BrpInschrijving(const std::string& datum, const std::string& v_nummer,
                                    const std::string& gemeente) {
  v1::Envelope e = From(gemeente);
  auto* p = e.mutable_brp_inschrijving();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_gemeente(gemeente);
  auto* persoon = p->add_personen();
  persoon->set_v_nummer(v_nummer);
  persoon->set_bsn("111222333");
  return e;
}

inline v1::Envelope NareizigersAangekondigd(const std::string& datum, const std::string& v_nummer,
                                            int aantal) {
  v1::Envelope e = From(kCoa);
  auto* p = e.mutable_nareizigers_aangekondigd();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_aantal(aantal);
  return e;
}

inline v1::Envelope NareizigersGearriveerd(const std::string& datum, const std::string& v_nummer,
                                           int personen) {
  v1::Envelope e = From(kCoa);
  auto* p = e.mutable_nareizigers_gearriveerd();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  for (int i = 0; i < personen; ++i) {
    auto* persoon = p->add_personen();
    persoon->set_v_nummer(v_nummer.substr(0, 8) + "9" + std::to_string(i));
    persoon->set_naam("nareiziger " + std::to_string(i));
  }
  return e;
}

inline v1::Envelope BegeleidingFase(const std::string& datum, const std::string& v_nummer,
                                    v1::BegeleidingFase::Fase fase) {
  v1::Envelope e = From(kVwn);
  auto* p = e.mutable_begeleiding_fase();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_fase(fase);
  return e;
}

inline v1::Envelope BegeleidingTaak(const std::string& datum, const std::string& v_nummer,
                                    v1::BegeleidingTaak::Taak taak) {
  v1::Envelope e = From(kVwn);
  auto* p = e.mutable_begeleiding_taak();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_taak(taak);
  return e;
}

inline v1::Envelope Signaal(const std::string& datum, const std::string& v_nummer,
                            const std::string& signaal_id, const std::string& origin = kTrivire) {
  v1::Envelope e = From(origin);
  auto* p = e.mutable_signaal();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_signaal_id(signaal_id);
  p->set_soort(v1::Signaal::HUURACHTERSTAND);
  return e;
}

inline v1::Envelope SignaalAfgehandeld(const std::string& datum, const std::string& v_nummer,
                                       const std::string& signaal_id, const std::string& origin = kTrivire) {
  v1::Envelope e = From(origin);
  auto* p = e.mutable_signaal_afgehandeld();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_signaal_id(signaal_id);
  return e;
}

inline v1::Envelope DossierGesloten(const std::string& datum, const std::string& v_nummer,
                                    const std::string& origin = kCoa) {
  v1::Envelope e = From(origin);
  auto* p = e.mutable_dossier_gesloten();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_reden(v1::DossierGesloten::VERTROKKEN);
  return e;
}

inline v1::Envelope DossierVergeten(const std::string& datum, const std::string& v_nummer,
                                    const std::string& origin = kRegio) {
  v1::Envelope e = From(origin);
  auto* p = e.mutable_dossier_vergeten();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_reden(v1::DossierVergeten::BEWAARTERMIJN);
  return e;
}

inline v1::Envelope Taakstelling(const std::string& datum, const std::string& gemeente,
                                 const std::string& periode, int aantal,
                                 std::optional<int> startsaldo = std::nullopt) {
  v1::Envelope e = From(kRegio);
  auto* p = e.mutable_taakstelling_vastgesteld();
  p->set_datum(datum);
  p->set_gemeente(gemeente);
  p->set_periode(periode);
  p->set_aantal(aantal);
  if (startsaldo) p->set_startsaldo(*startsaldo);
  return e;
}

inline v1::Envelope Overboeking(const std::string& datum, const std::string& van, const std::string& naar,
                                const std::string& v_nummer, int personen, const std::string& periode) {
  v1::Envelope e = From(van);
  auto* p = e.mutable_overboeking();
  p->set_datum(datum);
  p->set_van_gemeente(van);
  p->set_naar_gemeente(naar);
  p->set_v_nummer(v_nummer);
  p->set_personen(personen);
  p->set_periode(periode);
  return e;
}

inline v1::Envelope CorporatieAfspraak(const std::string& datum, const std::string& corporatie,
                                       const std::string& periode, int woningen) {
  v1::Envelope e = From(kRegio);
  auto* p = e.mutable_corporatie_afspraak();
  p->set_datum(datum);
  p->set_corporatie(corporatie);
  p->set_periode(periode);
  p->set_woningen(woningen);
  return e;
}

inline v1::Envelope VrijgekomenWoningen(const std::string& datum, const std::string& corporatie,
                                        const std::string& gemeente, const std::string& periode, int aantal) {
  v1::Envelope e = From(corporatie);
  auto* p = e.mutable_vrijgekomen_woningen();
  p->set_datum(datum);
  p->set_corporatie(corporatie);
  p->set_gemeente(gemeente);
  p->set_periode(periode);
  p->set_aantal(aantal);
  return e;
}

struct AdminRow {
  std::string datum = "2025-01-02";  // the day of the take-over
  std::string v_nummer = kV1;
  std::string naam = "Omar Haddad";
  std::string verblijfplaats = "AZC Gilze";
  int huishouden = 1;
  int verwachte_nareizigers = 0;
  std::string gemeente = kDordrecht;
  std::string datum_aanmelding;
  std::string corporatie;
  std::string woning_id;
  std::string woongemeente;
  std::string datum_huurcontract;
  std::string datum_brp;
};

inline v1::Envelope Administratie(const AdminRow& row) {
  v1::Envelope e = From(kRegio);
  auto* p = e.mutable_administratie_overgenomen();
  p->set_datum(row.datum);
  p->set_v_nummer(row.v_nummer);
  p->set_naam(row.naam);
  p->set_verblijfplaats(row.verblijfplaats);
  p->set_huishouden(row.huishouden);
  p->set_verwachte_nareizigers(row.verwachte_nareizigers);
  p->set_gemeente(row.gemeente);
  p->set_datum_aanmelding(row.datum_aanmelding);
  p->set_corporatie(row.corporatie);
  p->set_woning_id(row.woning_id);
  p->set_woongemeente(row.woongemeente);
  p->set_datum_huurcontract(row.datum_huurcontract);
  p->set_datum_brp(row.datum_brp);
  return e;
}

}  // namespace regiotafel::simulation
