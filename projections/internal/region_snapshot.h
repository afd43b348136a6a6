// Every dossier folded at one (positie, peildatum), and the views that need the whole region:
// dossiers, taakstelling, pijplijn, signalen, woningen, corporaties, begeleiding, each whole.
//
// What only some views need is made on first use and kept for the others (Projection::All asks
// them all of one snapshot): the dossiers' signals (Dossiers, Signalen), their order by v_nummer
// (Dossiers, Signalen, Begeleiding) and the state of every woning (Woningen, Signalen). The orders
// come from the FactStore, kept sorted as facts arrive. A snapshot is used by one thread at a
// time. A filtered list or a page is made without one (dossier_list.h, woning_list.h): it folds
// only what it reaches.
#pragma once

#include <mutex>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "projections/as_of.h"
#include "projections/drempels.h"
#include "projections/internal/dossier_fold.h"
#include "projections/internal/fact_store.h"
#include "projections/internal/woning_list.h"
#include "projections/signal_codes.h"
#include "projections/view_filters.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

// A row of the signalen view before it is made. Rows are listed by code (the order of
// kSignalCodes), then by key.
struct SignalRow {
  size_t code = 0;       // index into kSignalCodes
  std::string_view key;  // the v_nummer, or the woning_id of a WONING_ONBENUT
  bool woning = false;
  Id voor = 0;
};

// What a signalen call asks: the rows after `na` (a row's key, CODE/v_nummer or CODE/woning_id),
// for `voor` (empty: anyone), at most `wanted` of them (one more than a page: whether a next follows).
struct SignalQuery {
  SignalQuery(const FactStore& store, std::string_view voor, const Page& page);
  bool After(size_t code, std::string_view key) const;  // the row comes after na
  bool For(Id who) const { return all || who == voor; }

  std::string_view na_code, na_key;  // both empty: from the first row
  bool all = true;
  Id voor = 0;
  size_t limit = 0;
  size_t wanted = 0;
};

// The view of `rows`, the first query.limit of them (all when 0); `volgende` when more follow.
v1::SignalenView SignalenOf(const StringTable& strings, const std::vector<SignalRow>& rows,
                            const SignalQuery& query);

// Appends to `rows` the WONING_ONBENUT rows the query asks, up to query.wanted in all, from the
// woningen `from` … n−1 in woning_id order; state(k) is the k-th (nullptr offer: not offered).
template <typename StateOf>
void AppendOnbenut(const FactStore& store, const AsOf& at, const Drempels& drempels, const SignalQuery& query,
                   size_t from, size_t n, const StateOf& state, std::vector<SignalRow>* rows) {
  const size_t onbenut = SignalIndex(kWoningOnbenut);
  for (size_t k = from; k < n && rows->size() < query.wanted; ++k) {
    const WoningState w = state(k);
    if (w.offer == nullptr || !Onbenut(w, at, drempels) || !query.For(w.offer->gemeente)) continue;
    const std::string_view woning_id = store.strings().Get(w.woning->woning_id);
    if (query.After(onbenut, woning_id)) rows->push_back({onbenut, woning_id, true, w.offer->gemeente});
  }
}

// Arrays of dossier states kept from one region view for the next: a fresh one is tens of
// megabytes of new pages and a list allocated per state, a kept one reuses both. Keeps one (~30 MB
// at 100,000 dossiers; views at the same time take fresh ones); any thread.
class StatePool {
 public:
  std::vector<DossierState> Take();
  void Give(std::vector<DossierState> states);

 private:
  std::mutex mutex_;
  std::vector<std::vector<DossierState>> spare_;
};

class RegionSnapshot {
 public:
  // Folds every dossier; `store` must outlive the snapshot and not change while it lives. A snapshot
  // folded with FoldScope::kCounts answers Taakstelling, Pijplijn, Woningen and Corporaties only;
  // one with kRows all but Begeleiding.
  RegionSnapshot(const FactStore& store, const AsOf& at, const Drempels& drempels,
                 FoldScope scope = FoldScope::kAll, StatePool* pool = nullptr);
  ~RegionSnapshot();
  RegionSnapshot(const RegionSnapshot&) = delete;
  RegionSnapshot& operator=(const RegionSnapshot&) = delete;

  // Every dossier's row (a whole list; Projection::All asks it of the snapshot it folded anyway; a
  // filter or a page is DossierList's, dossier_list.h).
  v1::DossiersView Dossiers() const;
  v1::TaakstellingView Taakstelling() const;
  v1::PijplijnView Pijplijn() const;
  // The signalen for `voor` ("": all); a page of them is SignalenPage's (dossier_list.h).
  v1::SignalenView Signalen(std::string_view voor = {}) const;
  v1::WoningenView Woningen() const;
  v1::CorporatiesView Corporaties() const;
  v1::BegeleidingView Begeleiding() const;

 private:
  // The offered woningen, sorted by woning_id.
  const std::vector<WoningState>& WoningStates() const;
  // Indexes into dossiers_, in the order of their v_nummers.
  const std::vector<uint32_t>& ByVNummer() const;
  // The signals of dossiers_[i].
  const std::vector<std::vector<DossierSignal>>& Signals() const;
  // `ids` sorted by the text they stand for (the views sort by gemeente and corporatie names).
  std::vector<Id> ByName(std::vector<Id> ids) const;

  const FactStore& store_;
  AsOf at_;
  Drempels drempels_;
  FoldInput in_;
  StatePool* pool_;
  std::vector<DossierState> states_;        // every dossier's, in the store's order (from pool_)
  std::span<const DossierState> dossiers_;  // those that exist at at_, in the store's order
  // Made on first use (see the top of this file).
  mutable std::optional<std::vector<std::vector<DossierSignal>>> signals_;
  mutable std::optional<std::vector<uint32_t>> by_v_nummer_;
  mutable std::optional<std::vector<WoningState>> woning_states_;
};

}  // namespace regiotafel::projections::internal
