// The reference's views: every dossier's row, signals and begeleiding, and the woningen,
// taakstelling and corporaties of the region, each recomputed from the log (model_reference.h).
#include <algorithm>
#include <cmath>
#include <map>
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

std::string Text(std::optional<int32_t> day) { return day ? FormatDate(*day) : ""; }

std::vector<v1::SignaalRegel> DossierSignalsOf(const std::vector<Event>& log, const MDossier& d,
                                               const AsOf& at, const Drempels& t) {
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
                         const Drempels& t) {
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
                              const Drempels& t) {
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

}  // namespace

RegionViews Model(const std::vector<Event>& all, const AsOf& at, const Drempels& t) {
  std::vector<Event> log;  // what is known at positie
  for (const Event& ev : all) {
    if (ev.pos <= at.position) log.push_back(ev);
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

}  // namespace regiotafel::projections::testing
