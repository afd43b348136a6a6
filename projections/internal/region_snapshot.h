// Every dossier folded at one (positie, peildatum), and the views that need the whole region:
// dossiers, taakstelling, pijplijn, signalen, woningen, corporaties, begeleiding.
#pragma once

#include <vector>

#include "projections/as_of.h"
#include "projections/internal/dossier_fold.h"
#include "projections/internal/fact_store.h"
#include "projections/thresholds.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

class RegionSnapshot {
 public:
  // Folds every dossier; `store` must outlive the snapshot and not change while it lives.
  RegionSnapshot(const FactStore& store, const AsOf& at, const Thresholds& thresholds);

  v1::DossiersView Dossiers() const;
  v1::TaakstellingView Taakstelling() const;
  v1::PijplijnView Pijplijn() const;
  v1::SignalenView Signalen() const;
  v1::WoningenView Woningen() const;
  v1::CorporatiesView Corporaties() const;
  v1::BegeleidingView Begeleiding() const;

 private:
  struct WoningState {
    const WoningFacts* woning = nullptr;
    const WoningFact* offer = nullptr;  // latest WoningAangeboden seen
    v1::WoningRegel::Status status = v1::WoningRegel::STATUS_UNSPECIFIED;
    uint32_t dossier = 0;  // of the contract or reservering naming it
  };
  std::vector<WoningState> WoningStates() const;  // the offered woningen, sorted by woning_id
  // `ids` sorted by the text they stand for (the views sort by gemeente and corporatie names).
  std::vector<Id> ByName(std::vector<Id> ids) const;

  const FactStore& store_;
  AsOf at_;
  Thresholds thresholds_;
  std::vector<DossierState> dossiers_;               // the dossiers that exist, sorted by v_nummer
  std::vector<std::vector<DossierSignal>> signals_;  // of dossiers_[i]
};

}  // namespace regiotafel::projections::internal
