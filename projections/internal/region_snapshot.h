// Every dossier folded at one (positie, peildatum), and the views that need the whole region:
// taakstelling, pijplijn, signalen, woningen, corporaties, begeleiding.
//
// What only some views need is made on first use and kept for the others (Projection::All asks
// them all of one snapshot): the dossiers' signals (Signalen), their order by v_nummer (Signalen,
// Begeleiding) and the state of every woning (Woningen, Signalen). The orders come from the FactStore, kept sorted as facts arrive. A snapshot
// is used by one thread at a time. The dossiers view folds on its own (dossier_list.h): a page of it
// needs only the dossiers it shows.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "projections/as_of.h"
#include "projections/internal/dossier_fold.h"
#include "projections/internal/fact_store.h"
#include "projections/thresholds.h"
#include "projections/view_filters.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

class RegionSnapshot {
 public:
  // Folds every dossier; `store` must outlive the snapshot and not change while it lives. A snapshot
  // folded with FoldScope::kCounts answers Taakstelling, Pijplijn, Woningen and Corporaties only;
  // one with kRows all but Begeleiding.
  RegionSnapshot(const FactStore& store, const AsOf& at, const Thresholds& thresholds,
                 FoldScope scope = FoldScope::kAll);

  v1::TaakstellingView Taakstelling() const;
  v1::PijplijnView Pijplijn() const;
  // The signalen for `voor` ("": all), and the woningen: the page asked (view_filters.h) of each.
  v1::SignalenView Signalen(std::string_view voor = {}, const Page& page = {}) const;
  v1::WoningenView Woningen(const Page& page = {}) const;
  v1::CorporatiesView Corporaties() const;
  v1::BegeleidingView Begeleiding() const;

 private:
  struct WoningState {
    const WoningFacts* woning = nullptr;
    const WoningFact* offer = nullptr;  // latest WoningAangeboden seen
    v1::WoningRegel::Status status = v1::WoningRegel::STATUS_UNSPECIFIED;
    uint32_t dossier = 0;  // of the contract or reservering naming it
  };
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
  Thresholds thresholds_;
  FoldInput in_;
  std::vector<DossierState> dossiers_;  // the dossiers that exist, in the store's order
  // Made on first use (see the top of this file).
  mutable std::optional<std::vector<std::vector<DossierSignal>>> signals_;
  mutable std::optional<std::vector<uint32_t>> by_v_nummer_;
  mutable std::optional<std::vector<WoningState>> woning_states_;
};

}  // namespace regiotafel::projections::internal
