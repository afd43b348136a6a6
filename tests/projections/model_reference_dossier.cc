// The reference's dossier: the facts each event (or administratie row) states about it, folded as
// docs/PROJECTIONS.md says, and the woning offers they refer to (model_reference.h).
#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "base/date.h"
#include "projections/projection.h"
#include "tests/projections/model_reference.h"

namespace regiotafel::projections::testing {
namespace {

using P = v1::Envelope;

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

}  // namespace

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

}  // namespace regiotafel::projections::testing
