// The woningen at an AsOf (DOMAIN.md §5 "woningen"): each one's latest offer seen, and whether it is
// withdrawn, let, reserved or available. A whole view judges them all from every dossier's fold
// (RegionSnapshot); a page judges only its own woningen, each from the dossiers that name it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <tuple>
#include <vector>

#include "projections/drempels.h"
#include "projections/internal/dossier_fold.h"
#include "projections/internal/fact_store.h"
#include "projections/view_filters.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

struct WoningState {
  const WoningFacts* woning = nullptr;
  const WoningFact* offer = nullptr;  // latest WoningAangeboden seen; nullptr: not offered at the AsOf
  v1::WoningRegel::Status status = v1::WoningRegel::STATUS_UNSPECIFIED;
  uint32_t dossier = 0;  // of the contract or reservering naming it
};

// The latest claim on a woning: the huurcontract in effect, or the active reservering, with the
// greatest (day, position, sub) among the dossiers naming it.
struct WoningClaim {
  std::tuple<int32_t, uint64_t, uint8_t> stamp{kNoDay, 0, 0};
  uint32_t dossier = 0;
  bool any = false;
  void Offer(std::tuple<int32_t, uint64_t, uint8_t> at, uint32_t by) {
    if (!any || at > stamp) *this = WoningClaim{at, by, true};
  }
};

// Calls claim(woning_index, let, stamp) for every woning a dossier's state claims: each huurcontract
// in effect (let) and the active reservering (woning_index into FactStore::woningen(), never kNoWoning).
template <typename Claim>
void ForEachClaim(const DossierState& s, const Claim& claim) {
  for (const ContractInfo& c : s.contracts) {
    if (c.woning_index != kNoWoning) claim(c.woning_index, true, std::tuple(c.key, c.position, c.sub));
  }
  if (s.reservering && s.reservering->woning_index != kNoWoning) {
    claim(s.reservering->woning_index, false,
          std::tuple(s.reservering->datum, s.reservering->position, uint8_t{0}));
  }
}

// Woning `index` (into FactStore::woningen()) judged at in.at(), given the claims on it.
WoningState JudgeWoning(const FoldInput& in, uint32_t index, const WoningClaim& let,
                        const WoningClaim& reserved);

// Its row in the woningen view (an offered woning).
v1::WoningRegel WoningRow(const FactStore& store, const WoningState& w, const AsOf& at);

// Whether an offered woning signals WONING_ONBENUT.
bool Onbenut(const WoningState& w, const AsOf& at, const Drempels& drempels);

// The woningen in woning_id order, each judged when asked: its dossiers (FactStore's
// WoningFacts::dossiers) folded for it alone.
class WoningenInOrder {
 public:
  explicit WoningenInOrder(const FoldInput& in) : in_(in), order_(in.store().WoningenById()) {}
  size_t size() const { return order_.size(); }
  // The place of the first woning whose woning_id comes after `key`.
  size_t After(std::string_view key) const;
  WoningState At(size_t k) const;

 private:
  const FoldInput& in_;
  const std::vector<uint32_t>& order_;
};

// A page of the woningen: only its woningen judged (limit 0: every one after na).
v1::WoningenView WoningenPage(const FactStore& store, const AsOf& at, const Page& page);

}  // namespace regiotafel::projections::internal
