// leveldb's ModelDB habit: random event sequences through the Projection and through a deliberately
// naive reference written here from docs/PROJECTIONS.md, compared field by field.
//
// The reference keeps nothing between questions: for every view it takes the list of envelopes,
// throws away what is not seen at (positie, peildatum), and recomputes every figure by scanning
// that list again (a woning's gemeente, whether an overboeking exists, …). It is slow and obvious;
// the Projection is fast (facts filed once, interned, kept sorted) and must agree with it.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "base/date.h"
#include "projections/projection.h"
#include "services/simulator/region_generator.h"
#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using P = v1::Envelope;

// ----------------------------------------------------------------------------------------------
// The reference.

struct Event {
  uint64_t pos;
  v1::Envelope e;
};

int32_t DayOf(const std::string& s) { return *ParseDate(s); }
std::string Text(std::optional<int32_t> day) { return day ? FormatDate(*day) : ""; }

bool Seen(int32_t datum, uint64_t pos, const AsOf& at) { return datum <= at.peildatum && pos <= at.positie; }

// The v_nummer of a dossier event, "" for any other.
std::string DossierOf(const v1::Envelope& e) {
  switch (e.payload_case()) {
    case P::kAanmelding:
      return e.aanmelding().v_nummer();
    case P::kHerkoppeling:
      return e.herkoppeling().v_nummer();
    case P::kVoordracht:
      return e.voordracht().v_nummer();
    case P::kReservering:
      return e.reservering().v_nummer();
    case P::kReserveringVervallen:
      return e.reservering_vervallen().v_nummer();
    case P::kHuurcontract:
      return e.huurcontract().v_nummer();
    case P::kUitstroom:
      return e.uitstroom().v_nummer();
    case P::kBrpInschrijving:
      return e.brp_inschrijving().v_nummer();
    case P::kNareizigersAangekondigd:
      return e.nareizigers_aangekondigd().v_nummer();
    case P::kNareizigersGearriveerd:
      return e.nareizigers_gearriveerd().v_nummer();
    case P::kBegeleidingFase:
      return e.begeleiding_fase().v_nummer();
    case P::kBegeleidingTaak:
      return e.begeleiding_taak().v_nummer();
    case P::kSignaal:
      return e.signaal().v_nummer();
    case P::kSignaalAfgehandeld:
      return e.signaal_afgehandeld().v_nummer();
    case P::kDossierGesloten:
      return e.dossier_gesloten().v_nummer();
    case P::kAdministratieOvergenomen:
      return e.administratie_overgenomen().v_nummer();
    default:
      return "";
  }
}

std::string DatumOf(const v1::Envelope& e) {
  switch (e.payload_case()) {
    case P::kAanmelding:
      return e.aanmelding().datum();
    case P::kHerkoppeling:
      return e.herkoppeling().datum();
    case P::kVoordracht:
      return e.voordracht().datum();
    case P::kReservering:
      return e.reservering().datum();
    case P::kReserveringVervallen:
      return e.reservering_vervallen().datum();
    case P::kHuurcontract:
      return e.huurcontract().datum();
    case P::kUitstroom:
      return e.uitstroom().datum();
    case P::kBrpInschrijving:
      return e.brp_inschrijving().datum();
    case P::kNareizigersAangekondigd:
      return e.nareizigers_aangekondigd().datum();
    case P::kNareizigersGearriveerd:
      return e.nareizigers_gearriveerd().datum();
    case P::kBegeleidingFase:
      return e.begeleiding_fase().datum();
    case P::kBegeleidingTaak:
      return e.begeleiding_taak().datum();
    case P::kSignaal:
      return e.signaal().datum();
    case P::kSignaalAfgehandeld:
      return e.signaal_afgehandeld().datum();
    case P::kDossierGesloten:
      return e.dossier_gesloten().datum();
    case P::kAdministratieOvergenomen:
      return e.administratie_overgenomen().datum();
    case P::kWoningAangeboden:
      return e.woning_aangeboden().datum();
    case P::kWoningIngetrokken:
      return e.woning_ingetrokken().datum();
    case P::kTaakstellingVastgesteld:
      return e.taakstelling_vastgesteld().datum();
    case P::kOverboeking:
      return e.overboeking().datum();
    case P::kCorporatieAfspraak:
      return e.corporatie_afspraak().datum();
    case P::kVrijgekomenWoningen:
      return e.vrijgekomen_woningen().datum();
    default:
      return "";
  }
}

// One fact about a dossier: a dossier event as it is, or one of the facts an administratie row
// stands for.
struct Fact {
  std::string
      kind;  // the payload name; an administratie row gives "aanmelding", "huurcontract", "uitstroom", "brp"
  int32_t seen_from = 0;
  int32_t effect = 0;
  std::optional<int32_t> laatste;
  uint64_t pos = 0;
  int sub = 0;
  bool admin = false;
  std::string origin;
  // what the kinds carry
  std::string naam, verblijfplaats, gemeente, woning, corporatie, woongemeente, signaal_id;
  std::optional<int32_t> koppeldatum;
  int64_t huishouden = 0, verwacht = 0, personen = 0, aantal = 0;
  int fase = 0, taak = 0;
  int32_t ingang = 0;
};

std::vector<Fact> FactsOf(const std::vector<Event>& log, const std::string& v) {
  std::vector<Fact> out;
  for (const Event& ev : log) {
    const v1::Envelope& e = ev.e;
    if (DossierOf(e) != v) continue;
    Fact f;
    f.pos = ev.pos;
    f.origin = e.origin();
    if (e.has_administratie_overgenomen()) {
      const auto& r = e.administratie_overgenomen();
      std::vector<int32_t> dates;
      for (const std::string& d : {r.datum_aanmelding(), r.datum_huurcontract(), r.datum_brp()}) {
        if (!d.empty()) dates.push_back(DayOf(d));
      }
      Fact a = f;
      a.admin = true;
      a.kind = "aanmelding";
      a.seen_from = a.effect = !r.datum_aanmelding().empty() ? DayOf(r.datum_aanmelding())
                               : !dates.empty()              ? *std::min_element(dates.begin(), dates.end())
                                                             : DayOf(r.datum());
      if (!r.datum_aanmelding().empty()) a.laatste = a.koppeldatum = DayOf(r.datum_aanmelding());
      a.naam = r.naam();
      a.verblijfplaats = r.verblijfplaats();
      a.gemeente = r.gemeente();
      a.huishouden = r.huishouden();
      a.verwacht = r.verwachte_nareizigers();
      out.push_back(a);
      if (!r.datum_huurcontract().empty()) {
        const int32_t d = DayOf(r.datum_huurcontract());
        Fact h = f;
        h.admin = true;
        h.kind = "huurcontract";
        h.sub = 1;
        h.seen_from = h.effect = h.ingang = d;
        h.laatste = d;
        h.woning = r.woning_id();
        h.corporatie = r.corporatie();
        h.woongemeente = r.woongemeente().empty() ? r.gemeente() : r.woongemeente();
        h.personen = r.huishouden();
        out.push_back(h);
        Fact u = h;
        u.kind = "uitstroom";
        u.sub = 2;
        out.push_back(u);
      }
      if (!r.datum_brp().empty()) {
        Fact b = f;
        b.admin = true;
        b.kind = "brp";
        b.sub = 3;
        b.seen_from = b.effect = DayOf(r.datum_brp());
        b.laatste = b.seen_from;
        out.push_back(b);
      }
      continue;
    }
    f.seen_from = f.effect = DayOf(DatumOf(e));
    f.laatste = f.seen_from;
    switch (e.payload_case()) {
      case P::kAanmelding:
        f.kind = "aanmelding";
        f.naam = e.aanmelding().naam();
        f.verblijfplaats = e.aanmelding().verblijfplaats();
        f.gemeente = e.aanmelding().gemeente();
        f.koppeldatum = f.seen_from;
        f.huishouden = 1 + e.aanmelding().gezinsleden_size();
        f.verwacht = e.aanmelding().verwachte_nareizigers();
        break;
      case P::kHerkoppeling:
        f.kind = "herkoppeling";
        f.gemeente = e.herkoppeling().gemeente();
        break;
      case P::kReservering:
        f.kind = "reservering";
        f.woning = e.reservering().woning_id();
        f.corporatie = e.reservering().corporatie();
        break;
      case P::kReserveringVervallen:
        f.kind = "vervallen";
        f.woning = e.reservering_vervallen().woning_id();
        break;
      case P::kHuurcontract:
        f.kind = "huurcontract";
        f.woning = e.huurcontract().woning_id();
        f.corporatie = e.huurcontract().corporatie();
        f.ingang = DayOf(e.huurcontract().ingangsdatum());
        f.effect = std::max(f.seen_from, f.ingang);
        f.personen = e.huurcontract().personen();
        break;
      case P::kUitstroom:
        f.kind = "uitstroom";
        break;
      case P::kBrpInschrijving:
        f.kind = "brp";
        break;
      case P::kNareizigersAangekondigd:
        f.kind = "aangekondigd";
        f.aantal = e.nareizigers_aangekondigd().aantal();
        break;
      case P::kNareizigersGearriveerd:
        f.kind = "gearriveerd";
        f.aantal = e.nareizigers_gearriveerd().personen_size();
        break;
      case P::kBegeleidingFase:
        f.kind = "fase";
        f.fase = e.begeleiding_fase().fase();
        break;
      case P::kBegeleidingTaak:
        f.kind = "taak";
        f.taak = e.begeleiding_taak().taak();
        break;
      case P::kSignaal:
        f.kind = "signaal";
        f.signaal_id = e.signaal().signaal_id();
        break;
      case P::kSignaalAfgehandeld:
        f.kind = "afgehandeld";
        f.signaal_id = e.signaal_afgehandeld().signaal_id();
        break;
      case P::kDossierGesloten:
        f.kind = "gesloten";
        break;
      default:
        f.kind = "other";
        break;  // Voordracht
    }
    out.push_back(f);
  }
  return out;
}

// The woning as its latest offer seen describes it.
std::optional<v1::WoningAangeboden> Offer(const std::vector<Event>& log, const std::string& woning,
                                          const AsOf& at) {
  std::optional<v1::WoningAangeboden> best;
  std::pair<int32_t, uint64_t> best_stamp{0, 0};
  for (const Event& ev : log) {
    if (!ev.e.has_woning_aangeboden() || ev.e.woning_aangeboden().woning_id() != woning) continue;
    const int32_t d = DayOf(ev.e.woning_aangeboden().datum());
    if (!Seen(d, ev.pos, at)) continue;
    if (!best || std::make_pair(d, ev.pos) > best_stamp)
      best = ev.e.woning_aangeboden(), best_stamp = {d, ev.pos};
  }
  return best;
}

bool WithdrawnNow(const std::vector<Event>& log, const std::string& woning, const AsOf& at) {
  bool withdrawn = false;
  std::pair<int32_t, uint64_t> best{INT32_MIN, 0};
  for (const Event& ev : log) {
    std::string id, datum;
    if (ev.e.has_woning_aangeboden())
      id = ev.e.woning_aangeboden().woning_id(), datum = ev.e.woning_aangeboden().datum();
    if (ev.e.has_woning_ingetrokken())
      id = ev.e.woning_ingetrokken().woning_id(), datum = ev.e.woning_ingetrokken().datum();
    if (id != woning || !Seen(DayOf(datum), ev.pos, at)) continue;
    if (std::make_pair(DayOf(datum), ev.pos) > best) {
      best = {DayOf(datum), ev.pos};
      withdrawn = ev.e.has_woning_ingetrokken();
    }
  }
  return withdrawn;
}

struct MContract {
  std::string woning, corporatie, woongemeente;  // woongemeente: an administratie row's own
  int32_t ingang = 0, effect = 0;
  int64_t personen = 0;
  uint64_t pos = 0;
  int sub = 0;
};

struct MDossier {
  std::string v;
  bool exists = false, aangemeld = false, gesloten = false;
  std::string naam, verblijfplaats, gemeente;
  std::optional<int32_t> koppeldatum, laatste, uitstroom, brp;
  int64_t huishouden = 0, verwacht = 0;
  bool reserved = false;
  std::string r_woning, r_corporatie;
  int32_t r_datum = 0;
  uint64_t r_pos = 0;
  std::vector<MContract> contracts;
  std::vector<std::tuple<int32_t, int64_t, std::string>> arrivals;  // datum, persons, gemeente
  int begeleiding = 0;
  std::vector<std::pair<int32_t, int>> fasen;
  std::map<int, int32_t> taken;
  int meldingen_open = 0;
  std::optional<std::string> onvolledig;
  v1::Dossier::Fase fase = v1::Dossier::FASE_UNSPECIFIED;
};

std::string WoongemeenteOf(const std::vector<Event>& log, const MDossier& d, const MContract& c,
                           const AsOf& at) {
  if (!c.woongemeente.empty()) return c.woongemeente;
  auto offer = Offer(log, c.woning, at);
  if (offer && !offer->gemeente().empty()) return offer->gemeente();
  return d.gemeente;
}

MDossier Fold(const std::vector<Event>& log, const std::string& v, const AsOf& at) {
  MDossier d;
  d.v = v;
  std::vector<Fact> facts;
  for (const Fact& f : FactsOf(log, v)) {
    if (Seen(f.seen_from, f.pos, at)) facts.push_back(f);
  }
  std::sort(facts.begin(), facts.end(), [](const Fact& a, const Fact& b) {
    return std::tie(a.effect, a.pos, a.sub) < std::tie(b.effect, b.pos, b.sub);
  });
  d.exists = !facts.empty();
  std::set<std::string> opened, closed, reserved_woningen;
  std::vector<int> arrival_contract;
  std::vector<std::pair<int32_t, int64_t>> arrival_raw;
  for (const Fact& f : facts) {
    if (f.laatste && (!d.laatste || *f.laatste > *d.laatste)) d.laatste = f.laatste;
    if (f.effect > at.peildatum) continue;
    if (f.kind == "aanmelding") {
      d.aangemeld = true;
      d.naam = f.naam;
      d.verblijfplaats = f.verblijfplaats;
      d.gemeente = f.gemeente;
      d.huishouden = f.huishouden;
      d.verwacht = f.verwacht;
      if (!d.koppeldatum) d.koppeldatum = f.koppeldatum;
    } else if (f.kind == "herkoppeling") {
      d.gemeente = f.gemeente;
    } else if (f.kind == "reservering") {
      d.reserved = true;
      d.r_woning = f.woning, d.r_corporatie = f.corporatie, d.r_datum = f.effect, d.r_pos = f.pos;
      reserved_woningen.insert(f.woning);
    } else if (f.kind == "vervallen") {
      if (d.reserved && d.r_woning == f.woning) d.reserved = false;
    } else if (f.kind == "huurcontract") {
      d.reserved = false;
      d.contracts.push_back(
          {f.woning, f.corporatie, f.woongemeente, f.ingang, f.effect, f.personen, f.pos, f.sub});
    } else if (f.kind == "uitstroom") {
      if (!d.uitstroom) d.uitstroom = f.effect;
    } else if (f.kind == "brp") {
      if (!d.brp) d.brp = f.effect;
    } else if (f.kind == "aangekondigd") {
      d.verwacht += f.aantal;
    } else if (f.kind == "gearriveerd") {
      d.huishouden += f.aantal;
      d.verwacht = std::max<int64_t>(0, d.verwacht - f.aantal);
      if (!d.contracts.empty() && f.effect > d.contracts.front().ingang) {
        arrival_raw.emplace_back(f.effect, f.aantal);
        arrival_contract.push_back(static_cast<int>(d.contracts.size()) - 1);
      }
    } else if (f.kind == "fase") {
      d.begeleiding = f.fase;
      d.fasen.emplace_back(f.effect, f.fase);
    } else if (f.kind == "taak") {
      if (!d.taken.count(f.taak)) d.taken[f.taak] = f.effect;
    } else if (f.kind == "signaal") {
      opened.insert(f.signaal_id);
    } else if (f.kind == "afgehandeld") {
      closed.insert(f.signaal_id);
    } else if (f.kind == "gesloten") {
      d.gesloten = true;
    }
  }
  for (const std::string& id : opened) d.meldingen_open += closed.count(id) ? 0 : 1;
  for (size_t i = 0; i < arrival_raw.size(); ++i) {
    d.arrivals.emplace_back(arrival_raw[i].first, arrival_raw[i].second,
                            WoongemeenteOf(log, d, d.contracts[arrival_contract[i]], at));
  }
  d.fase = d.gesloten                        ? v1::Dossier::GESLOTEN
           : (!d.contracts.empty() && d.brp) ? v1::Dossier::INGESCHREVEN
           : !d.contracts.empty()            ? v1::Dossier::HUURCONTRACT
           : d.reserved                      ? v1::Dossier::GERESERVEERD
                                             : v1::Dossier::GEKOPPELD;
  // ONVOLLEDIG: the first event in the log (by position) that is incomplete.
  std::vector<Fact> by_pos = facts;
  std::sort(by_pos.begin(), by_pos.end(), [](const Fact& a, const Fact& b) { return a.pos < b.pos; });
  for (const Fact& f : by_pos) {
    if (f.admin) continue;
    bool bad = !d.aangemeld;
    auto unfit = [&](const std::string& woning, const std::string& corporatie) {
      auto offer = Offer(log, woning, at);
      return !offer || offer->corporatie() != corporatie;
    };
    if (f.kind == "reservering" && unfit(f.woning, f.corporatie)) bad = true;
    if (f.kind == "huurcontract" && f.effect <= at.peildatum &&
        (!reserved_woningen.count(f.woning) || unfit(f.woning, f.corporatie))) {
      bad = true;
    }
    if (f.kind == "brp" && d.contracts.empty()) bad = true;
    if (bad) {
      d.onvolledig = f.origin;
      break;
    }
  }
  return d;
}

std::vector<std::string> AllDossiers(const std::vector<Event>& log, const AsOf& at) {
  std::set<std::string> vs;
  for (const Event& ev : log) {
    if (!DossierOf(ev.e).empty()) vs.insert(DossierOf(ev.e));
  }
  std::vector<std::string> out;
  for (const std::string& v : vs) {
    if (Fold(log, v, at).exists) out.push_back(v);
  }
  return out;
}

std::vector<v1::SignaalRegel> DossierSignalsOf(const std::vector<Event>& log, const MDossier& d,
                                               const AsOf& at, const Thresholds& t) {
  std::vector<v1::SignaalRegel> out;
  auto add = [&](const std::string& code, const std::string& voor) {
    v1::SignaalRegel s;
    s.set_code(code);
    s.set_v_nummer(d.v);
    s.set_voor(voor);
    out.push_back(s);
  };
  if (d.gesloten) return out;
  const int32_t P = at.peildatum;
  const bool housed = !d.contracts.empty();
  if (!housed && d.koppeldatum && P - *d.koppeldatum > t.termijn_huisvesting_dagen)
    add("TERMIJN_HUISVESTING", d.gemeente);
  if (d.reserved && !housed && P - d.r_datum > t.reservering_zonder_contract_dagen) {
    add("RESERVERING_ZONDER_CONTRACT", d.r_corporatie);
  }
  if (housed) {
    const int32_t days = P - d.contracts.front().ingang;
    const std::string current = WoongemeenteOf(log, d, d.contracts.back(), at);
    const std::string first = WoongemeenteOf(log, d, d.contracts.front(), at);
    if (!d.uitstroom && days > t.termijn_verhuizing_dagen) add("TERMIJN_VERHUIZING", current);
    if (!d.brp && days > t.brp_ontbreekt_dagen) add("BRP_ONTBREEKT", current);
    if (d.fasen.empty() && days > t.begeleiding_ontbreekt_vanaf_dagen &&
        days <= t.begeleiding_ontbreekt_tot_dagen) {
      add("BEGELEIDING_ONTBREEKT", current);
    }
    bool overboeking = false;
    for (const Event& ev : log) {
      if (ev.e.has_overboeking() && ev.e.overboeking().v_nummer() == d.v &&
          Seen(DayOf(ev.e.overboeking().datum()), ev.pos, at)) {
        overboeking = true;
      }
    }
    if (!d.gemeente.empty() && !first.empty() && first != d.gemeente && !overboeking &&
        days > t.overboeking_open_dagen) {
      add("OVERBOEKING_OPEN", first);
    }
  }
  std::string woning = d.reserved ? d.r_woning : housed ? d.contracts.back().woning : "";
  if (!woning.empty()) {
    auto offer = Offer(log, woning, at);
    if (offer && offer->capaciteit() < d.huishouden + d.verwacht)
      add("NAREIZIGERS_PASSEN_NIET", offer->corporatie());
  }
  if (d.fase != v1::Dossier::INGESCHREVEN && d.laatste && P - *d.laatste > t.stil_dagen)
    add("STIL", d.gemeente);
  if (d.onvolledig) add("ONVOLLEDIG", *d.onvolledig);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.code() < b.code(); });
  return out;
}

v1::Dossier DossierRowOf(const std::vector<Event>& log, const MDossier& d, const AsOf& at,
                         const Thresholds& t) {
  v1::Dossier r;
  r.set_v_nummer(d.v);
  r.set_naam(d.naam);
  r.set_gemeente(d.gemeente);
  r.set_koppeldatum(Text(d.koppeldatum));
  r.set_huishouden(static_cast<int32_t>(d.huishouden));
  r.set_verwachte_nareizigers(static_cast<int32_t>(d.verwacht));
  r.set_verblijfplaats(d.verblijfplaats);
  r.set_fase(d.fase);
  if (!d.contracts.empty()) {
    r.set_woning_id(d.contracts.back().woning);
    r.set_corporatie(d.contracts.back().corporatie);
    r.set_woongemeente(WoongemeenteOf(log, d, d.contracts.back(), at));
    r.set_datum_huurcontract(FormatDate(d.contracts.front().ingang));
  } else if (d.reserved) {
    r.set_woning_id(d.r_woning);
    r.set_corporatie(d.r_corporatie);
  }
  if (d.reserved) r.set_datum_reservering(FormatDate(d.r_datum));
  r.set_datum_uitstroom(Text(d.uitstroom));
  r.set_datum_brp(Text(d.brp));
  if (d.begeleiding)
    r.set_begeleiding(v1::BegeleidingFase::Fase_Name(static_cast<v1::BegeleidingFase::Fase>(d.begeleiding)));
  for (const auto& s : DossierSignalsOf(log, d, at, t)) r.add_signalen(s.code());
  r.set_meldingen_open(d.meldingen_open);
  r.set_laatste_datum(Text(d.laatste));
  return r;
}

v1::Begeleiding BegeleidingOf(const std::vector<Event>& log, const MDossier& d, const AsOf& at,
                              const Thresholds& t) {
  v1::Begeleiding b;
  b.set_v_nummer(d.v);
  b.set_gemeente(d.gemeente);
  if (!d.contracts.empty()) {
    const int32_t ingang = d.contracts.front().ingang;
    b.set_woongemeente(WoongemeenteOf(log, d, d.contracts.back(), at));
    b.set_datum_huurcontract(FormatDate(ingang));
    b.set_monitoring_tot(FormatDate(ingang + t.monitoring_dagen));
    b.set_in_monitoring(!d.gesloten && at.peildatum - ingang <= t.monitoring_dagen);
  }
  if (d.begeleiding)
    b.set_begeleiding(v1::BegeleidingFase::Fase_Name(static_cast<v1::BegeleidingFase::Fase>(d.begeleiding)));
  for (const auto& [datum, fase] : d.fasen) {
    auto* f = b.add_fasen();
    f->set_datum(FormatDate(datum));
    f->set_fase(static_cast<v1::BegeleidingFase::Fase>(fase));
  }
  std::vector<std::pair<int32_t, int>> taken;
  for (const auto& [taak, datum] : d.taken) taken.emplace_back(datum, taak);
  std::sort(taken.begin(), taken.end());
  for (const auto& [datum, taak] : taken) {
    auto* row = b.add_taken();
    row->set_datum(FormatDate(datum));
    row->set_taak(static_cast<v1::BegeleidingTaak::Taak>(taak));
  }
  return b;
}

RegionViews Model(const std::vector<Event>& all, const AsOf& at, const Thresholds& t) {
  std::vector<Event> log;  // what is known at positie
  for (const Event& ev : all) {
    if (ev.pos <= at.positie) log.push_back(ev);
  }
  RegionViews v;
  std::vector<MDossier> dossiers;
  for (const std::string& vn : AllDossiers(log, at)) dossiers.push_back(Fold(log, vn, at));

  std::vector<v1::SignaalRegel> signalen;
  std::map<std::string, v1::PijplijnRegel> pijplijn;
  for (const MDossier& d : dossiers) {
    *v.dossiers.add_dossiers() = DossierRowOf(log, d, at, t);
    *v.begeleiding.add_begeleiding() = BegeleidingOf(log, d, at, t);
    for (const auto& s : DossierSignalsOf(log, d, at, t)) signalen.push_back(s);
    v1::PijplijnRegel& p = pijplijn[d.gemeente];
    p.set_gemeente(d.gemeente);
    if (d.fase == v1::Dossier::GEKOPPELD) p.set_gekoppeld(p.gekoppeld() + 1);
    if (d.fase == v1::Dossier::GERESERVEERD) p.set_gereserveerd(p.gereserveerd() + 1);
    if (d.fase == v1::Dossier::HUURCONTRACT) p.set_huurcontract(p.huurcontract() + 1);
    if (d.fase == v1::Dossier::INGESCHREVEN) p.set_ingeschreven(p.ingeschreven() + 1);
    if (d.fase == v1::Dossier::GESLOTEN) p.set_gesloten(p.gesloten() + 1);
    if (d.fase == v1::Dossier::GEKOPPELD || d.fase == v1::Dossier::GERESERVEERD) {
      p.set_personen_wachtend(p.personen_wachtend() + static_cast<int32_t>(d.huishouden));
    }
  }
  for (auto& [g, p] : pijplijn) *v.pijplijn.add_gemeenten() = p;

  // Woningen: every woning with an offer seen.
  std::set<std::string> woningen;
  for (const Event& ev : log) {
    if (ev.e.has_woning_aangeboden() && Offer(log, ev.e.woning_aangeboden().woning_id(), at)) {
      woningen.insert(ev.e.woning_aangeboden().woning_id());
    }
  }
  for (const std::string& w : woningen) {
    auto offer = Offer(log, w, at);
    v1::WoningRegel r;
    r.set_woning_id(w);
    r.set_corporatie(offer->corporatie());
    r.set_gemeente(offer->gemeente());
    std::optional<std::tuple<int32_t, uint64_t, int>> let_stamp, res_stamp;
    std::string let_v, res_v;
    for (const MDossier& d : dossiers) {
      for (const MContract& c : d.contracts) {
        std::tuple<int32_t, uint64_t, int> s{c.effect, c.pos, c.sub};
        if (c.woning == w && (!let_stamp || s > *let_stamp)) let_stamp = s, let_v = d.v;
      }
      std::tuple<int32_t, uint64_t, int> s{d.r_datum, d.r_pos, 0};
      if (d.reserved && d.r_woning == w && (!res_stamp || s > *res_stamp)) res_stamp = s, res_v = d.v;
    }
    const int32_t beschikbaar = DayOf(offer->beschikbaar_per());
    if (WithdrawnNow(log, w, at)) {
      r.set_status(v1::WoningRegel::INGETROKKEN);
    } else if (let_stamp) {
      r.set_status(v1::WoningRegel::VERHUURD);
      r.set_v_nummer(let_v);
    } else if (res_stamp) {
      r.set_status(v1::WoningRegel::GERESERVEERD);
      r.set_v_nummer(res_v);
    } else {
      r.set_status(v1::WoningRegel::BESCHIKBAAR);
      r.set_dagen_beschikbaar(std::max(0, at.peildatum - beschikbaar));
      if (at.peildatum - beschikbaar > t.woning_onbenut_dagen) {
        v1::SignaalRegel s;
        s.set_code("WONING_ONBENUT");
        s.set_woning_id(w);
        s.set_voor(offer->gemeente());
        signalen.push_back(s);
      }
    }
    *v.woningen.add_woningen() = r;
  }
  std::sort(signalen.begin(), signalen.end(), [](const auto& a, const auto& b) {
    return std::make_tuple(a.code(), a.v_nummer(), a.woning_id()) <
           std::make_tuple(b.code(), b.v_nummer(), b.woning_id());
  });
  for (const auto& s : signalen) *v.signalen.add_signalen() = s;

  // Taakstelling.
  struct TRow {
    std::optional<std::pair<int32_t, uint64_t>> t_stamp, s_stamp;
    int64_t taakstelling = 0, startsaldo = 0, ger = 0, in = 0, uit = 0;
  };
  std::map<std::string, std::map<Periode, TRow>> t_rows;
  for (const Event& ev : log) {
    if (ev.e.has_taakstelling_vastgesteld()) {
      const auto& x = ev.e.taakstelling_vastgesteld();
      if (!Seen(DayOf(x.datum()), ev.pos, at)) continue;
      TRow& row = t_rows[x.gemeente()][*ParsePeriode(x.periode())];
      std::pair<int32_t, uint64_t> s{DayOf(x.datum()), ev.pos};
      if (!row.t_stamp || s > *row.t_stamp) row.t_stamp = s, row.taakstelling = x.aantal();
      if (x.has_startsaldo() && (!row.s_stamp || s > *row.s_stamp))
        row.s_stamp = s, row.startsaldo = x.startsaldo();
    }
    if (ev.e.has_overboeking()) {
      const auto& o = ev.e.overboeking();
      if (!Seen(DayOf(o.datum()), ev.pos, at)) continue;
      t_rows[o.naar_gemeente()][*ParsePeriode(o.periode())].in += o.personen();
      t_rows[o.van_gemeente()][*ParsePeriode(o.periode())].uit += o.personen();
    }
  }
  for (const MDossier& d : dossiers) {
    if (!d.contracts.empty()) {
      const std::string g = WoongemeenteOf(log, d, d.contracts.front(), at);
      if (!g.empty()) t_rows[g][PeriodeOf(d.contracts.front().ingang)].ger += d.contracts.front().personen;
    }
    for (const auto& [datum, n, g] : d.arrivals) {
      if (!g.empty()) t_rows[g][PeriodeOf(datum)].ger += n;
    }
  }
  for (auto& [g, rows] : t_rows) {
    Periode last = std::max(rows.rbegin()->first, PeriodeOf(at.peildatum));
    int64_t saldo = 0;
    for (Periode p = rows.begin()->first; p <= last; p = p.Next()) {
      TRow row = rows.count(p) ? rows[p] : TRow{};
      const int64_t start = row.s_stamp ? row.startsaldo : saldo;
      saldo = start + row.ger + row.in - row.uit - row.taakstelling;
      auto* r = v.taakstelling.add_regels();
      r->set_gemeente(g);
      r->set_periode(FormatPeriode(p));
      r->set_taakstelling(static_cast<int32_t>(row.taakstelling));
      r->set_startsaldo(static_cast<int32_t>(start));
      r->set_gerealiseerd(static_cast<int32_t>(row.ger));
      r->set_overboekingen_in(static_cast<int32_t>(row.in));
      r->set_overboekingen_uit(static_cast<int32_t>(row.uit));
      r->set_eindsaldo(static_cast<int32_t>(saldo));
      r->set_nog_te_huisvesten(static_cast<int32_t>(saldo < 0 ? -saldo : 0));
    }
  }

  // Corporaties.
  struct CRow {
    std::optional<std::pair<int32_t, uint64_t>> a_stamp;
    int64_t afspraak = 0, huurcontracten = 0;
    std::map<std::string, std::pair<std::pair<int32_t, uint64_t>, int64_t>> vrij;
  };
  std::map<std::string, std::map<Periode, CRow>> c_rows;
  for (const Event& ev : log) {
    if (ev.e.has_corporatie_afspraak()) {
      const auto& a = ev.e.corporatie_afspraak();
      if (!Seen(DayOf(a.datum()), ev.pos, at)) continue;
      CRow& row = c_rows[a.corporatie()][*ParsePeriode(a.periode())];
      std::pair<int32_t, uint64_t> s{DayOf(a.datum()), ev.pos};
      if (!row.a_stamp || s > *row.a_stamp) row.a_stamp = s, row.afspraak = a.woningen();
    }
    if (ev.e.has_vrijgekomen_woningen()) {
      const auto& x = ev.e.vrijgekomen_woningen();
      if (!Seen(DayOf(x.datum()), ev.pos, at)) continue;
      CRow& row = c_rows[x.corporatie()][*ParsePeriode(x.periode())];
      std::pair<int32_t, uint64_t> s{DayOf(x.datum()), ev.pos};
      if (!row.vrij.count(x.gemeente()) || s > row.vrij[x.gemeente()].first)
        row.vrij[x.gemeente()] = {s, x.aantal()};
    }
  }
  for (const MDossier& d : dossiers) {
    for (const MContract& c : d.contracts) {
      if (!c.corporatie.empty()) c_rows[c.corporatie][PeriodeOf(c.ingang)].huurcontracten++;
    }
  }
  for (auto& [c, rows] : c_rows) {
    for (auto& [p, row] : rows) {
      int64_t days_in = 0, days_up_to = 0;
      for (int32_t day = p.FirstDay(); day <= p.LastDay(); ++day) {
        ++days_in;
        if (day <= at.peildatum) ++days_up_to;
      }
      int64_t vrij = 0;
      for (const auto& [g, x] : row.vrij) vrij += x.second;
      const int64_t verwacht = row.afspraak * days_up_to / days_in;
      double aandeel = 0;
      if (vrij > 0)
        aandeel = static_cast<double>(std::floor(1000.0L * row.huurcontracten / vrij + 0.5L)) / 10.0;
      auto* r = v.corporaties.add_regels();
      r->set_corporatie(c);
      r->set_periode(FormatPeriode(p));
      r->set_afspraak(static_cast<int32_t>(row.afspraak));
      r->set_huurcontracten(static_cast<int32_t>(row.huurcontracten));
      r->set_verwacht(static_cast<int32_t>(verwacht));
      r->set_voor_achter(static_cast<int32_t>(row.huurcontracten - verwacht));
      r->set_vrijgekomen(static_cast<int32_t>(vrij));
      r->set_aandeel_procent(aandeel);
      r->set_boven_10_procent(aandeel > 10.0);
    }
  }
  return v;
}

// ----------------------------------------------------------------------------------------------
// Random logs.

// Seeds are fixed, so a run is repeatable with the same compiler (the order in which C++ evaluates
// the arguments of one call, several of which draw numbers, is the compiler's); a failure prints the
// whole log, which replays anywhere.
class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  std::vector<Event> Log() {
    std::vector<Event> log;
    const int n = Int(5, 60);
    for (int i = 0; i < n; ++i) log.push_back({static_cast<uint64_t>(i + 1), One()});
    return log;
  }

  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Int(1, 100) <= percent; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Int(0, static_cast<int>(v.size()) - 1)];
  }

  // A date in 2025-01-01 … 2026-02-04; one date in three repeats an earlier one (same-day ties).
  std::string Date() {
    if (!dates_.empty() && Chance(33)) return Pick(dates_);
    std::string d = FormatDate(DayOf("2025-01-01") + Int(0, 400));
    dates_.push_back(d);
    return d;
  }
  std::string OptionalDate() { return Chance(30) ? "" : Date(); }
  AsOf RandomAsOf(uint64_t log_size) {
    AsOf at;
    at.peildatum = DayOf("2024-12-15") + Int(0, 480);
    at.positie = Chance(30) ? static_cast<uint64_t>(Int(0, static_cast<int>(log_size))) : kWholeLog;
    return at;
  }
  Thresholds RandomThresholds() {
    Thresholds t;
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

 private:
  const std::vector<std::string> vs_{"1000000001", "1000000002", "1000000003", "1000000004", "1000000005"};
  const std::vector<std::string> woningen_{"W1", "W2", "W3", "W4"};
  const std::vector<std::string> gemeenten_{kDordrecht, kZwijndrecht, kPapendrecht};
  const std::vector<std::string> corporaties_{kTrivire, kWoonbron};
  const std::vector<std::string> periodes_{"2024-H2", "2025-H1", "2025-H2", "2026-H1"};
  const std::vector<std::string> origins_{kCoa, kRegio, kDordrecht, kTrivire, kWoonbron, kVwn};

  v1::Envelope One() {
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

  std::mt19937 rng_;
  std::vector<std::string> dates_;
};

std::string Describe(const std::vector<Event>& log) {
  std::string out;
  for (const Event& ev : log) out += std::to_string(ev.pos) + " " + ev.e.ShortDebugString() + "\n";
  return out;
}

// Compares one view; on a difference, reports it with everything needed to replay it.
template <typename M>
bool Same(const M& model, const M& actual, const std::string& what, uint32_t seed, const AsOf& at,
          const std::vector<Event>& log) {
  std::string diff;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&diff);
  if (differencer.Compare(model, actual)) return true;
  ADD_FAILURE() << what << " differs (seed " << seed << ", peildatum " << FormatDate(at.peildatum)
                << ", positie " << (at.positie == kWholeLog ? std::string("all") : std::to_string(at.positie))
                << "):\n"
                << diff << "log:\n"
                << Describe(log);
  return false;
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

Projection FoldAll(const std::vector<Event>& log, const Thresholds& t, uint64_t up_to = kWholeLog) {
  Projection p(t);
  for (const Event& ev : log) {
    if (ev.pos > up_to) break;
    Status s = p.Apply(ev.pos, ev.e);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return p;
}

constexpr int kSequences = 1200;

TEST(ModelTest, RandomLogsGiveTheSameViewsAsTheReference) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSequences; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Thresholds t = gen.RandomThresholds();
    const Projection projection = FoldAll(log, t);
    for (int q = 0; q < 4; ++q) {
      const AsOf at = gen.RandomAsOf(log.size());
      const RegionViews model = Model(log, at, t);
      ASSERT_TRUE(CompareAll(model, projection.All(at), seed, at, log));
      ++compared;
    }
  }
  EXPECT_EQ(compared, 4 * kSequences);
}

// Each view asked on its own (as a node asks them; the counting views fold without the begeleiding
// lists) is the view All gives, which the test above compares with the reference.
TEST(ModelTest, EachViewOnItsOwnIsAllsView) {
  for (uint32_t seed = 30001; seed <= 30000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Thresholds t = gen.RandomThresholds();
    const Projection projection = FoldAll(log, t);
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews all = projection.All(at);
    ASSERT_EQ(projection.Dossiers(at).SerializeAsString(), all.dossiers.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Taakstelling(at).SerializeAsString(), all.taakstelling.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Pijplijn(at).SerializeAsString(), all.pijplijn.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Signalen(at).SerializeAsString(), all.signalen.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Woningen(at).SerializeAsString(), all.woningen.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Corporaties(at).SerializeAsString(), all.corporaties.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Begeleidingen(at).SerializeAsString(), all.begeleiding.SerializeAsString())
        << "seed " << seed;
  }
}

// Pages (view_filters.h): asked with `limit` from na="" on, each next one from the last's
// `volgende`, they must give `expected` (the whole list, filtered by the test itself) row for row:
// full pages but the last, `volgende` the key of a page's last row, "" on the last page. Asking
// from a text between two keys starts after the lower one.
template <typename Row, typename Ask, typename Rows, typename Key>
void ExpectPagesToGive(const std::vector<Row>& expected, size_t limit, const Ask& ask, const Rows& rows,
                       const Key& key, const std::string& what) {
  SCOPED_TRACE(what + ", limit " + std::to_string(limit));
  std::vector<Row> got;
  Page page;
  page.limit = limit;
  for (size_t pages = 0; pages <= expected.size() + 1; ++pages) {
    const auto view = ask(page);
    const auto& part = rows(view);
    ASSERT_LE(static_cast<size_t>(part.size()), limit);
    got.insert(got.end(), part.begin(), part.end());
    if (view.volgende().empty()) break;
    ASSERT_EQ(static_cast<size_t>(part.size()), limit);
    ASSERT_EQ(view.volgende(), key(part[part.size() - 1]));
    page.na = view.volgende();
  }
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_TRUE(MessageDifferencer::Equals(got[i], expected[i])) << i;
  if (expected.empty()) return;
  // From between row k's key and the next: the rows after k.
  const size_t k = expected.size() / 2;
  page.limit = 0;
  page.na = key(expected[k]) + "0";
  const auto view = ask(page);
  ASSERT_EQ(static_cast<size_t>(rows(view).size()), expected.size() - k - 1);
  EXPECT_EQ(view.volgende(), "");
}

// The rows of each long list, and their keys as `na` and `volgende` give them.
const auto kDossierRows = [](const v1::DossiersView& v) -> const auto& { return v.dossiers(); };
const auto kSignaalRows = [](const v1::SignalenView& v) -> const auto& { return v.signalen(); };
const auto kWoningRows = [](const v1::WoningenView& v) -> const auto& { return v.woningen(); };
const auto kDossierKey = [](const v1::Dossier& d) { return d.v_nummer(); };
const auto kSignaalKey = [](const v1::SignaalRegel& r) {
  return r.code() + "/" + r.v_nummer() + r.woning_id();
};
const auto kWoningKey = [](const v1::WoningRegel& w) { return w.woning_id(); };

template <typename Row>
std::vector<Row> Where(const google::protobuf::RepeatedPtrField<Row>& rows,
                       const std::function<bool(const Row&)>& keep) {
  std::vector<Row> out;
  for (const Row& row : rows) {
    if (keep(row)) out.push_back(row);
  }
  return out;
}

TEST(ModelTest, FilteredListsAndTheirPagesAreTheReferencesRows) {
  const std::vector<std::string> signals = {"TERMIJN_HUISVESTING", "STIL", "ONVOLLEDIG", "BRP_ONTBREEKT"};
  for (uint32_t seed = 40001; seed <= 40000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Thresholds t = gen.RandomThresholds();
    const Projection projection = FoldAll(log, t);
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews model = Model(log, at, t);
    const std::string what = "seed " + std::to_string(seed);
    const size_t limit = static_cast<size_t>(gen.Int(1, 4));

    DossierFilter filter;
    if (gen.Chance(50) && model.dossiers.dossiers_size() > 0)
      filter.gemeente = model.dossiers.dossiers(0).gemeente();
    if (gen.Chance(30)) filter.fase = static_cast<v1::Dossier::Fase>(gen.Int(1, 5));
    if (gen.Chance(30)) filter.signaal = gen.Pick(signals);
    const std::vector<v1::Dossier> expected =
        Where<v1::Dossier>(model.dossiers.dossiers(), [&](const v1::Dossier& d) {
          return (filter.gemeente.empty() || d.gemeente() == filter.gemeente) &&
                 (filter.fase == v1::Dossier::FASE_UNSPECIFIED || d.fase() == filter.fase) &&
                 (filter.signaal.empty() ||
                  std::find(d.signalen().begin(), d.signalen().end(), filter.signaal) != d.signalen().end());
        });
    ExpectPagesToGive(
        expected, limit, [&](const Page& page) { return projection.Dossiers(at, filter, page); },
        kDossierRows, kDossierKey, what + " dossiers");

    const std::string voor =
        gen.Chance(50) && model.signalen.signalen_size() > 0
            ? model.signalen.signalen(gen.Int(0, model.signalen.signalen_size() - 1)).voor()
            : "";
    ExpectPagesToGive(
        Where<v1::SignaalRegel>(model.signalen.signalen(),
                                [&](const v1::SignaalRegel& r) { return voor.empty() || r.voor() == voor; }),
        limit, [&](const Page& page) { return projection.Signalen(at, voor, page); }, kSignaalRows,
        kSignaalKey, what + " signalen voor " + voor);
    ExpectPagesToGive(
        Where<v1::WoningRegel>(model.woningen.woningen(), [](const v1::WoningRegel&) { return true; }), limit,
        [&](const Page& page) { return projection.Woningen(at, page); }, kWoningRows, kWoningKey,
        what + " woningen");
  }
}

// A region large enough that a page of a filtered list, or of the signalen, folds the dossiers in
// several runs: the pages are the whole list (the test above checks whole lists against the
// reference) in pieces.
TEST(ModelTest, PagesOfALargeRegionAreItsWholeListInPieces) {
  RegionShape shape;
  shape.households = 3000;
  RegionGenerator generator(shape);
  std::vector<v1::Envelope> envelopes = generator.Log();
  Projection projection;
  for (size_t i = 0; i < envelopes.size(); ++i) ASSERT_TRUE(projection.Apply(i + 1, envelopes[i]).ok());
  const AsOf at{generator.last_day() - 40, envelopes.size()};
  for (const char* gemeente : {"", "gemeente:dordrecht"}) {
    DossierFilter filter;
    filter.gemeente = gemeente;
    const v1::DossiersView whole = projection.Dossiers(at, filter);
    ASSERT_GT(whole.dossiers_size(), 300);
    EXPECT_EQ(whole.volgende(), "");
    for (size_t limit : {1, 97, 1000}) {
      ExpectPagesToGive(
          std::vector<v1::Dossier>(whole.dossiers().begin(), whole.dossiers().end()), limit,
          [&](const Page& page) { return projection.Dossiers(at, filter, page); }, kDossierRows, kDossierKey,
          std::string("gemeente ") + gemeente);
    }
  }
  for (const char* voor : {"", "gemeente:dordrecht"}) {
    const v1::SignalenView whole = projection.Signalen(at, voor);
    ASSERT_GT(whole.signalen_size(), 300);
    for (size_t limit : {97, 1000}) {
      ExpectPagesToGive(
          std::vector<v1::SignaalRegel>(whole.signalen().begin(), whole.signalen().end()), limit,
          [&](const Page& page) { return projection.Signalen(at, voor, page); }, kSignaalRows, kSignaalKey,
          std::string("signalen voor ") + voor);
    }
  }
  const v1::WoningenView woningen = projection.Woningen(at);
  ASSERT_GT(woningen.woningen_size(), 300);
  for (size_t limit : {97, 1000}) {
    ExpectPagesToGive(
        std::vector<v1::WoningRegel>(woningen.woningen().begin(), woningen.woningen().end()), limit,
        [&](const Page& page) { return projection.Woningen(at, page); }, kWoningRows, kWoningKey, "woningen");
  }
}

// The lists' orders are sorted on first use and then kept: dossiers and woningen filed after a query
// (or after Prepare) must be merged into them, not lost or misplaced.
TEST(ModelTest, WhatArrivesAfterAQueryJoinsTheListsInOrder) {
  for (uint32_t seed = 50001; seed <= 50000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const AsOf at = gen.RandomAsOf(log.size());
    Projection fresh = FoldAll(log, {});
    Projection queried;
    for (const Event& ev : log) {
      ASSERT_TRUE(queried.Apply(ev.pos, ev.e).ok());
      if (gen.Chance(20)) queried.Dossiers(at);
      if (gen.Chance(20)) queried.Woningen(at);
      if (gen.Chance(10)) queried.Prepare();
    }
    ASSERT_TRUE(CompareAll(fresh.All(at), queried.All(at), seed, at, log));
  }
}

TEST(ModelTest, APrefixFoldGivesTheSameViewsAsTheReference) {
  for (uint32_t seed = 10001; seed <= 10000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const uint64_t n = static_cast<uint64_t>(gen.Int(0, static_cast<int>(log.size())));
    const Projection prefix = FoldAll(log, {}, n);
    AsOf at = gen.RandomAsOf(log.size());
    at.positie = kWholeLog;
    AsOf model_at = at;
    model_at.positie = n;
    ASSERT_TRUE(CompareAll(Model(log, model_at, {}), prefix.All(at), seed, model_at, log));
  }
}

TEST(ModelTest, SingleDossierAndBegeleidingCallsAgreeWithTheReference) {
  for (uint32_t seed = 20001; seed <= 20000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Projection projection = FoldAll(log, {});
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews model = Model(log, at, {});
    for (const std::string v : {"1000000001", "1000000002", "1000000003", "1000000004", "1000000005"}) {
      const v1::Dossier* expected = nullptr;
      const v1::Begeleiding* expected_b = nullptr;
      for (int i = 0; i < model.dossiers.dossiers_size(); ++i) {
        if (model.dossiers.dossiers(i).v_nummer() == v) {
          expected = &model.dossiers.dossiers(i);
          expected_b = &model.begeleiding.begeleiding(i);
        }
      }
      v1::Dossier d;
      v1::Begeleiding b;
      Status s = projection.Dossier(v, at, &d);
      Status sb = projection.Begeleiding(v, at, &b);
      ASSERT_EQ(s.ok(), expected != nullptr) << "seed " << seed << " " << v;
      ASSERT_EQ(sb.ok(), expected != nullptr) << "seed " << seed << " " << v;
      if (expected != nullptr) {
        ASSERT_TRUE(Same(*expected, d, "dossier " + v, seed, at, log));
        ASSERT_TRUE(Same(*expected_b, b, "begeleiding " + v, seed, at, log));
      }
    }
  }
}

// The region projections_bench measures (services/simulator/region_generator.h), at a small scale:
// its logs give the reference's views too, so the bench times what the reference specifies.
TEST(ModelTest, ARealisticRegionGivesTheSameViewsAsTheReference) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    RegionShape shape;
    shape.households = 50;
    shape.gemeenten = 4;
    shape.corporaties = 3;
    shape.first_day = "2024-01-01";
    shape.last_day = "2025-06-30";
    shape.seed = seed;
    RegionGenerator generator(shape);
    std::vector<v1::Envelope> envelopes = generator.Log();
    std::vector<Event> log;
    for (size_t i = 0; i < envelopes.size(); ++i) log.push_back({i + 1, std::move(envelopes[i])});
    ASSERT_GT(log.size(), 400u);
    const Projection projection = FoldAll(log, {});
    for (int32_t day = generator.first_day() - 10; day <= generator.last_day() + 30; day += 61) {
      for (uint64_t positie : {kWholeLog, static_cast<uint64_t>(log.size() / 2)}) {
        const AsOf at{day, positie};
        ASSERT_TRUE(CompareAll(Model(log, at, {}), projection.All(at), seed, at, log));
      }
    }
  }
}

// The generator must reach the cases the rules are about; otherwise the comparison proves little.
TEST(ModelTest, TheRandomLogsReachEveryFaseAndEverySignal) {
  std::set<std::string> codes;
  std::set<int> fases;
  std::set<int> statuses;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Projection projection = FoldAll(log, {});
    for (int q = 0; q < 4; ++q) {
      RegionViews v = projection.All(gen.RandomAsOf(log.size()));
      for (const auto& s : v.signalen.signalen()) codes.insert(s.code());
      for (const auto& d : v.dossiers.dossiers()) fases.insert(d.fase());
      for (const auto& w : v.woningen.woningen()) statuses.insert(w.status());
    }
  }
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_EQ(fases.size(), 5u);
  EXPECT_EQ(statuses.size(), 4u);
}

}  // namespace
}  // namespace regiotafel::projections::testing
