// The model tests' random logs and the comparison of all views (model_generator.h).
#include "tests/projections/model_generator.h"

#include <optional>
#include <string>
#include <vector>

namespace regiotafel::projections::testing {

std::vector<Event> Generator::Log() {
  std::vector<Event> log;
  const int n = Int(5, 60);
  for (int i = 0; i < n; ++i) log.push_back({static_cast<uint64_t>(i + 1), One()});
  return log;
}

std::string Generator::Date() {
  if (!dates_.empty() && Chance(33)) return Pick(dates_);
  std::string d = FormatDate(DayOf("2025-01-01") + Int(0, 400));
  dates_.push_back(d);
  return d;
}

std::string Generator::OptionalDate() { return Chance(30) ? "" : Date(); }

AsOf Generator::RandomAsOf(uint64_t log_size) {
  AsOf at;
  at.peildatum = DayOf("2024-12-15") + Int(0, 480);
  at.position = Chance(30) ? static_cast<uint64_t>(Int(0, static_cast<int>(log_size))) : kWholeLog;
  return at;
}

Drempels Generator::RandomDrempels() {
  Drempels t;
  if (Chance(70)) return t;
  t.termijn_huisvesting_dagen = Int(0, 90);
  t.reservering_zonder_contract_dagen = Int(0, 40);
  t.termijn_verhuizing_dagen = Int(0, 30);
  t.brp_ontbreekt_dagen = Int(0, 30);
  t.begeleiding_ontbreekt_vanaf_dagen = Int(0, 30);
  t.begeleiding_ontbreekt_tot_dagen = Int(30, 200);
  t.overboeking_open_dagen = Int(0, 40);
  t.stil_dagen = Int(0, 40);
  t.woning_onbenut_dagen = Int(0, 30);
  t.monitoring_dagen = Int(30, 400);
  return t;
}

v1::Envelope Generator::One() {
  const std::string v = Pick(vs_);
  const std::string w = Pick(woningen_);
  const std::string g = Pick(gemeenten_);
  const std::string c = Pick(corporaties_);
  v1::Envelope e;
  switch (Int(0, 21)) {
    case 0:
    case 1:
      e = Aanmelding(Date(), v, g, Int(0, 3), Int(0, 2), "naam " + std::to_string(Int(0, 9)));
      break;
    case 2:
      e = Herkoppeling(Date(), v, g);
      break;
    case 3:
      e = WoningAangeboden(Date(), w, c, g, Int(1, 6), Date());
      break;
    case 4:
      e = WoningIngetrokken(Date(), w, c);
      break;
    case 5:
      e = Voordracht(Date(), v, w);
      break;
    case 6:
    case 7:
      e = Reservering(Date(), v, w, c);
      break;
    case 8:
      e = ReserveringVervallen(Date(), v, w, c);
      break;
    case 9:
    case 10:
      e = Huurcontract(Date(), v, w, c, Date(), Int(1, 5));
      break;
    case 11:
      e = Uitstroom(Date(), v);
      break;
    case 12:
      e = BrpInschrijving(Date(), v, g);
      break;
    case 13:
      e = NareizigersAangekondigd(Date(), v, Int(1, 3));
      break;
    case 14:
      e = NareizigersGearriveerd(Date(), v, Int(1, 3));
      break;
    case 15:
      e = BegeleidingFase(Date(), v, static_cast<v1::BegeleidingFase::Fase>(Int(1, 4)));
      break;
    case 16:
      e = BegeleidingTaak(Date(), v, static_cast<v1::BegeleidingTaak::Taak>(Int(1, 8)));
      break;
    case 17:
      e = Chance(60) ? Signaal(Date(), v, "s" + std::to_string(Int(1, 3)), Pick(origins_))
                     : SignaalAfgehandeld(Date(), v, "s" + std::to_string(Int(1, 3)), Pick(origins_));
      break;
    case 18:
      e = DossierGesloten(Date(), v, Pick(origins_));
      break;
    case 19:
      e = Chance(50) ? Taakstelling(Date(), g, Pick(periodes_), Int(0, 20),
                                    Chance(40) ? std::optional<int>(Int(-5, 5)) : std::nullopt)
                     : Overboeking(Date(), g, Pick(gemeenten_), v, Int(1, 4), Pick(periodes_));
      break;
    case 20:
      e = Chance(50) ? CorporatieAfspraak(Date(), c, Pick(periodes_), Int(0, 30))
                     : VrijgekomenWoningen(Date(), c, g, Pick(periodes_), Int(0, 25));
      break;
    default: {
      AdminRow row;
      row.datum = Date();
      row.v_nummer = v;
      row.huishouden = Int(1, 5);
      row.verwachte_nareizigers = Int(0, 2);
      row.gemeente = g;
      row.datum_aanmelding = OptionalDate();
      row.corporatie = Chance(70) ? c : "";
      row.woning_id = Chance(70) ? w : "";
      row.woongemeente = Chance(50) ? Pick(gemeenten_) : "";
      row.datum_huurcontract = OptionalDate();
      row.datum_brp = OptionalDate();
      e = Administratie(row);
      break;
    }
  }
  if (Chance(15)) e.set_origin(Pick(origins_));  // origins matter only for ONVOLLEDIG
  return e;
}

std::string Describe(const std::vector<Event>& log) {
  std::string out;
  for (const Event& ev : log) out += std::to_string(ev.pos) + " " + ev.e.ShortDebugString() + "\n";
  return out;
}

bool CompareAll(const RegionViews& model, const RegionViews& actual, uint32_t seed, const AsOf& at,
                const std::vector<Event>& log) {
  return Same(model.dossiers, actual.dossiers, "dossiers", seed, at, log) &&
         Same(model.taakstelling, actual.taakstelling, "taakstelling", seed, at, log) &&
         Same(model.pijplijn, actual.pijplijn, "pijplijn", seed, at, log) &&
         Same(model.signalen, actual.signalen, "signalen", seed, at, log) &&
         Same(model.woningen, actual.woningen, "woningen", seed, at, log) &&
         Same(model.corporaties, actual.corporaties, "corporaties", seed, at, log) &&
         Same(model.begeleiding, actual.begeleiding, "begeleiding", seed, at, log);
}

Projection FoldAll(const std::vector<Event>& log, const Drempels& t, uint64_t up_to) {
  Projection p(t);
  for (const Event& ev : log) {
    if (ev.pos > up_to) break;
    Status s = p.Apply(ev.pos, ev.e);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return p;
}

}  // namespace regiotafel::projections::testing
