#include "projections/internal/region_snapshot.h"

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "base/parallel.h"
#include "projections/internal/make_rows.h"
#include "projections/signal_codes.h"

namespace regiotafel::projections::internal {

namespace {

bool Seen(int32_t datum, uint64_t position, const AsOf& at) {
  return datum <= at.peildatum && position <= at.position;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// (datum, position): "latest" means the greatest, in business order and then log order.
using Stamp = std::pair<int32_t, uint64_t>;
constexpr Stamp kNoStamp{kNoDay, 0};

}  // namespace

std::vector<DossierState> StatePool::Take() {
  std::lock_guard lock(mutex_);
  if (spare_.empty()) return {};
  std::vector<DossierState> states = std::move(spare_.back());
  spare_.pop_back();
  return states;
}

void StatePool::Give(std::vector<DossierState> states) {
  std::lock_guard lock(mutex_);
  if (spare_.empty()) spare_.push_back(std::move(states));
}

RegionSnapshot::RegionSnapshot(const FactStore& store, const AsOf& at, const Drempels& drempels,
                               FoldScope scope, StatePool* pool)
    : store_(store),
      at_(at),
      drempels_(drempels),
      in_(FoldInput::WithOfferTable(store, at)),
      pool_(pool),
      states_(pool != nullptr ? pool->Take() : std::vector<DossierState>()) {
  // In the store's order, in which its dossiers, their facts (FactStore::Compact) and mostly their
  // identities lie in memory: v_nummer order would jump all over it. ByVNummer() gives the views'.
  states_.resize(store.dossiers().size());
  ForParts(states_.size(), [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) FoldDossier(in_, static_cast<uint32_t>(k), scope, &states_[k]);
  });
  // The dossiers that exist at `at`, swapped to the front in order (swaps keep every list's room).
  size_t existing = 0;
  for (size_t k = 0; k < states_.size(); ++k) {
    if (!states_[k].exists) continue;
    if (k != existing) std::swap(states_[existing], states_[k]);
    ++existing;
  }
  dossiers_ = std::span<const DossierState>(states_.data(), existing);
}

RegionSnapshot::~RegionSnapshot() {
  if (pool_ != nullptr) pool_->Give(std::move(states_));
}

const std::vector<uint32_t>& RegionSnapshot::ByVNummer() const {
  if (!by_v_nummer_) {
    // The store's order of every dossier, narrowed to those that exist here.
    std::vector<uint32_t> index_of(store_.dossiers().size(), UINT32_MAX);
    for (uint32_t i = 0; i < dossiers_.size(); ++i) index_of[dossiers_[i].dossier] = i;
    by_v_nummer_.emplace();
    by_v_nummer_->reserve(dossiers_.size());
    for (uint32_t dossier : store_.DossiersByVNummer()) {
      if (index_of[dossier] != UINT32_MAX) by_v_nummer_->push_back(index_of[dossier]);
    }
  }
  return *by_v_nummer_;
}

const std::vector<std::vector<DossierSignal>>& RegionSnapshot::Signals() const {
  if (!signals_) {
    signals_.emplace(dossiers_.size());
    ForParts(dossiers_.size(), [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) (*signals_)[k] = DossierSignals(in_, dossiers_[k], drempels_);
    });
  }
  return *signals_;
}

std::vector<Id> RegionSnapshot::ByName(std::vector<Id> ids) const {
  const StringTable& str = store_.strings();
  std::sort(ids.begin(), ids.end(), [&](Id a, Id b) { return str.Get(a) < str.Get(b); });
  return ids;
}

v1::DossiersView RegionSnapshot::Dossiers() const {
  const std::vector<uint32_t>& order = ByVNummer();
  const auto& signals = Signals();
  v1::DossiersView view;
  MakeRows(view.mutable_dossiers(), order.size(),
           [&](size_t k) { return DossierRow(store_, dossiers_[order[k]], signals[order[k]]); });
  return view;
}

v1::BegeleidingView RegionSnapshot::Begeleiding() const {
  v1::BegeleidingView view;
  const std::vector<uint32_t>& order = ByVNummer();
  MakeRows(view.mutable_begeleiding(), order.size(),
           [&](size_t k) { return BegeleidingRow(store_, dossiers_[order[k]], at_, drempels_); });
  return view;
}

v1::PijplijnView RegionSnapshot::Pijplijn() const {
  std::map<Id, v1::PijplijnRegel> rows;  // by linked gemeente
  for (const DossierState& s : dossiers_) {
    v1::PijplijnRegel& row = rows[s.gemeente];
    switch (s.fase) {
      case v1::Dossier::GEKOPPELD:
        row.set_gekoppeld(row.gekoppeld() + 1);
        row.set_personen_wachtend(Count32(int64_t{row.personen_wachtend()} + s.huishouden));
        break;
      case v1::Dossier::GERESERVEERD:
        row.set_gereserveerd(row.gereserveerd() + 1);
        row.set_personen_wachtend(Count32(int64_t{row.personen_wachtend()} + s.huishouden));
        break;
      case v1::Dossier::HUURCONTRACT:
        row.set_huurcontract(row.huurcontract() + 1);
        break;
      case v1::Dossier::INGESCHREVEN:
        row.set_ingeschreven(row.ingeschreven() + 1);
        break;
      default:
        row.set_gesloten(row.gesloten() + 1);
        break;
    }
  }
  std::vector<Id> gemeenten;
  for (const auto& [gemeente, row] : rows) gemeenten.push_back(gemeente);
  v1::PijplijnView view;
  for (Id gemeente : ByName(std::move(gemeenten))) {
    v1::PijplijnRegel* row = view.add_gemeenten();
    *row = std::move(rows[gemeente]);
    row->set_gemeente(store_.strings().Get(gemeente));
  }
  return view;
}

const std::vector<WoningState>& RegionSnapshot::WoningStates() const {
  if (woning_states_) return *woning_states_;
  // Per woning the latest huurcontract in effect and the latest active reservering naming it.
  const size_t n = store_.woningen().size();
  std::vector<WoningClaim> let(n), reserved(n);
  for (const DossierState& s : dossiers_) {
    ForEachClaim(s, [&](uint32_t woning, bool is_let, auto stamp) {
      (is_let ? let : reserved)[woning].Offer(stamp, s.dossier);
    });
  }
  std::vector<WoningState> out;
  out.reserve(n);
  for (uint32_t i : store_.WoningenById()) {
    WoningState w = JudgeWoning(in_, i, let[i], reserved[i]);
    if (w.offer != nullptr) out.push_back(w);
  }
  woning_states_ = std::move(out);
  return *woning_states_;
}

v1::WoningenView RegionSnapshot::Woningen() const {
  const std::vector<WoningState>& states = WoningStates();
  v1::WoningenView view;
  MakeRows(view.mutable_woningen(), states.size(),
           [&](size_t i) { return WoningRow(store_, states[i], at_); });
  return view;
}

SignalQuery::SignalQuery(const FactStore& store, std::string_view who, const Page& page)
    : all(who.empty()),
      voor(who.empty() ? 0 : store.strings().Find(who)),
      limit(page.limit),
      wanted(page.limit == 0 ? SIZE_MAX : page.limit + 1) {
  const size_t slash = page.na.find('/');
  na_code = std::string_view(page.na).substr(0, slash);
  if (slash != std::string::npos) na_key = std::string_view(page.na).substr(slash + 1);
}

bool SignalQuery::After(size_t code, std::string_view key) const {
  return std::pair(kSignalCodes[code], key) > std::pair(na_code, na_key);
}

v1::SignalenView SignalenOf(const StringTable& strings, const std::vector<SignalRow>& rows,
                            const SignalQuery& query) {
  v1::SignalenView view;
  const size_t n = query.limit == 0 ? rows.size() : std::min(rows.size(), query.limit);
  if (n < rows.size())
    view.set_volgende(std::string(kSignalCodes[rows[n - 1].code]) + "/" + std::string(rows[n - 1].key));
  view.mutable_signalen()->Reserve(static_cast<int>(n));
  for (size_t i = 0; i < n; ++i) {
    const SignalRow& r = rows[i];
    v1::SignaalRegel* row = view.add_signalen();
    row->set_code(std::string(kSignalCodes[r.code]));
    (r.woning ? row->mutable_woning_id() : row->mutable_v_nummer())->assign(r.key);
    if (r.voor != 0) row->set_voor(strings.Get(r.voor));
  }
  return view;
}

v1::SignalenView RegionSnapshot::Signalen(std::string_view voor) const {
  const SignalQuery query(store_, voor, Page{});
  // Per dossier code, in the order of the codes, the dossiers' signals by v_nummer; then the
  // woningen's: the view's order, nothing sorted.
  std::vector<std::vector<SignalRow>> by_code(SignalIndex(kWoningOnbenut));
  const auto& signals = Signals();
  for (uint32_t i : ByVNummer()) {
    const std::string_view v_nummer = store_.dossiers()[dossiers_[i].dossier].v_nummer;
    for (const DossierSignal& signal : signals[i]) {
      if (query.For(signal.voor) && query.After(signal.code, v_nummer)) {
        by_code[signal.code].push_back({signal.code, v_nummer, false, signal.voor});
      }
    }
  }
  std::vector<SignalRow> rows;
  for (size_t code = 0; code < by_code.size() && rows.size() < query.wanted; ++code) {
    rows.insert(rows.end(), by_code[code].begin(), by_code[code].end());
  }
  const std::vector<WoningState>& woningen = WoningStates();
  AppendOnbenut(
      store_, at_, drempels_, query, 0, woningen.size(), [&](size_t k) { return woningen[k]; }, &rows);
  return SignalenOf(store_.strings(), rows, query);
}

v1::TaakstellingView RegionSnapshot::Taakstelling() const {
  struct Row {
    Stamp aantal_stamp = kNoStamp;
    int64_t taakstelling = 0;
    Stamp saldo_stamp = kNoStamp;
    std::optional<int64_t> startsaldo;
    int64_t gerealiseerd = 0, in = 0, uit = 0;
  };
  std::map<Id, std::map<int32_t, Row>> rows;  // gemeente → periode → figures
  for (const VaststellingFact& v : store_.vaststellingen()) {
    if (!Seen(v.datum, v.position, at_)) continue;
    Row& row = rows[v.gemeente][v.periode];
    const Stamp stamp{v.datum, v.position};
    if (stamp > row.aantal_stamp) row.aantal_stamp = stamp, row.taakstelling = v.aantal;
    if (v.startsaldo && stamp > row.saldo_stamp) row.saldo_stamp = stamp, row.startsaldo = *v.startsaldo;
  }
  for (const DossierState& s : dossiers_) {
    if (const ContractInfo* first = s.first(); first != nullptr && s.woongemeente_first != 0) {
      rows[s.woongemeente_first][PeriodeIndexOf(first->ingang)].gerealiseerd += first->personen;
    }
    for (const ArrivalInfo& a : s.arrivals) {
      const Id gemeente = WoongemeenteOf(in_, s, s.contracts[a.contract]);
      if (gemeente != 0) rows[gemeente][PeriodeIndexOf(a.datum)].gerealiseerd += a.personen;
    }
  }
  for (const OverboekingFact& o : store_.overboekingen()) {
    if (!Seen(o.datum, o.position, at_)) continue;
    rows[o.naar][o.periode].in += o.personen;
    rows[o.van][o.periode].uit += o.personen;
  }

  std::vector<Id> gemeenten;
  for (const auto& [gemeente, periodes] : rows) gemeenten.push_back(gemeente);
  v1::TaakstellingView view;
  const int32_t periode_of_p = PeriodeIndexOf(at_.peildatum);
  for (Id gemeente : ByName(std::move(gemeenten))) {
    const std::map<int32_t, Row>& periodes = rows[gemeente];
    // Every periode from the earliest figure to the later of the latest figure and P's, without gaps.
    const int32_t last = std::max(periodes.rbegin()->first, periode_of_p);
    int64_t saldo = 0;
    for (int32_t periode = periodes.begin()->first; periode <= last; ++periode) {
      static const Row kEmpty;
      auto it = periodes.find(periode);
      const Row& row = it == periodes.end() ? kEmpty : it->second;
      const int64_t start = row.startsaldo ? *row.startsaldo : saldo;
      saldo = start + row.gerealiseerd + row.in - row.uit - row.taakstelling;
      auto* out = view.add_regels();
      out->set_gemeente(store_.strings().Get(gemeente));
      out->set_periode(PeriodeText(periode));
      out->set_taakstelling(Count32(row.taakstelling));
      out->set_startsaldo(Count32(start));
      out->set_gerealiseerd(Count32(row.gerealiseerd));
      out->set_overboekingen_in(Count32(row.in));
      out->set_overboekingen_uit(Count32(row.uit));
      out->set_eindsaldo(Count32(saldo));
      out->set_nog_te_huisvesten(Count32(std::max<int64_t>(0, -saldo)));
    }
  }
  return view;
}

v1::CorporatiesView RegionSnapshot::Corporaties() const {
  struct Row {
    Stamp afspraak_stamp = kNoStamp;
    int64_t afspraak = 0;
    std::map<Id, std::pair<Stamp, int64_t>> vrijgekomen;  // per gemeente: the latest
    int64_t huurcontracten = 0;
  };
  std::map<Id, std::map<int32_t, Row>> rows;  // corporatie → periode → figures
  for (const AfspraakFact& a : store_.afspraken()) {
    if (!Seen(a.datum, a.position, at_)) continue;
    Row& row = rows[a.corporatie][a.periode];
    const Stamp stamp{a.datum, a.position};
    if (stamp > row.afspraak_stamp) row.afspraak_stamp = stamp, row.afspraak = a.woningen;
  }
  for (const VrijgekomenFact& v : store_.vrijgekomen()) {
    if (!Seen(v.datum, v.position, at_)) continue;
    Row& row = rows[v.corporatie][v.periode];
    const Stamp stamp{v.datum, v.position};
    auto [it, added] = row.vrijgekomen.try_emplace(v.gemeente, stamp, v.aantal);
    if (!added && stamp > it->second.first) it->second = {stamp, v.aantal};
  }
  for (const DossierState& s : dossiers_) {
    for (const ContractInfo& c : s.contracts) {
      if (c.corporatie != 0) ++rows[c.corporatie][PeriodeIndexOf(c.ingang)].huurcontracten;
    }
  }
  std::vector<Id> corporaties;
  for (const auto& [corporatie, periodes] : rows) corporaties.push_back(corporatie);
  v1::CorporatiesView view;
  for (Id corporatie : ByName(std::move(corporaties))) {
    for (const auto& [periode, row] : rows[corporatie]) {
      const int32_t first_day = PeriodeFirstDay(periode);
      const int64_t days = PeriodeLastDay(periode) - first_day + 1;
      const int64_t days_up_to_p = std::clamp<int64_t>(int64_t{at_.peildatum} - first_day + 1, 0, days);
      const int64_t verwacht = FloorDiv(row.afspraak * days_up_to_p, days);
      int64_t vrijgekomen = 0;
      for (const auto& [gemeente, latest] : row.vrijgekomen) vrijgekomen += latest.second;
      // Tenths of a percent, rounded half up: ⌊(1000·h/v) + ½⌋ = ⌊(2000·h + v) / 2v⌋.
      const int64_t tienden =
          vrijgekomen > 0 ? FloorDiv(2000 * row.huurcontracten + vrijgekomen, 2 * vrijgekomen) : 0;
      auto* out = view.add_regels();
      out->set_corporatie(store_.strings().Get(corporatie));
      out->set_periode(PeriodeText(periode));
      out->set_afspraak(Count32(row.afspraak));
      out->set_huurcontracten(Count32(row.huurcontracten));
      out->set_verwacht(Count32(verwacht));
      out->set_voor_achter(Count32(row.huurcontracten - verwacht));
      out->set_vrijgekomen(Count32(vrijgekomen));
      out->set_aandeel_procent(static_cast<double>(tienden) / 10.0);
      out->set_boven_10_procent(tienden > 100);
    }
  }
  return view;
}

}  // namespace regiotafel::projections::internal
