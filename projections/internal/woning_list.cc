#include "projections/internal/woning_list.h"

#include <algorithm>

namespace regiotafel::projections::internal {

WoningState JudgeWoning(const FoldInput& in, uint32_t index, const WoningClaim& let,
                        const WoningClaim& reserved) {
  WoningState w;
  w.woning = &in.store().woningen()[index];
  w.offer = in.LatestOfferAt(index);
  if (w.offer == nullptr) return w;
  if (in.WithdrawnAt(index)) {
    w.status = v1::WoningRegel::INGETROKKEN;
  } else if (let.any) {
    w.status = v1::WoningRegel::VERHUURD;
    w.dossier = let.dossier;
  } else if (reserved.any) {
    w.status = v1::WoningRegel::GERESERVEERD;
    w.dossier = reserved.dossier;
  } else {
    w.status = v1::WoningRegel::BESCHIKBAAR;
  }
  return w;
}

v1::WoningRegel WoningRow(const FactStore& store, const WoningState& w, const AsOf& at) {
  const StringTable& str = store.strings();
  v1::WoningRegel row;
  row.set_woning_id(str.Get(w.woning->woning_id));
  if (w.offer->corporatie != 0) row.set_corporatie(str.Get(w.offer->corporatie));  // "" stays unset
  if (w.offer->gemeente != 0) row.set_gemeente(str.Get(w.offer->gemeente));
  row.set_status(w.status);
  if (w.status == v1::WoningRegel::VERHUURD || w.status == v1::WoningRegel::GERESERVEERD) {
    row.set_v_nummer(store.dossiers()[w.dossier].v_nummer);
  }
  if (w.status == v1::WoningRegel::BESCHIKBAAR)
    row.set_dagen_beschikbaar(std::max(0, at.peildatum - w.offer->beschikbaar_per));
  return row;
}

bool Onbenut(const WoningState& w, const AsOf& at, const Drempels& drempels) {
  return w.status == v1::WoningRegel::BESCHIKBAAR &&
         at.peildatum - w.offer->beschikbaar_per > drempels.woning_onbenut_dagen;
}

size_t WoningenInOrder::After(std::string_view key) const {
  const FactStore& store = in_.store();
  return std::upper_bound(order_.begin(), order_.end(), key,
                          [&](std::string_view k, uint32_t i) {
                            return k < store.strings().Get(store.woningen()[i].woning_id);
                          }) -
         order_.begin();
}

WoningState WoningenInOrder::At(size_t k) const {
  const uint32_t index = order_[k];
  const WoningFacts& woning = in_.store().woningen()[index];
  WoningClaim let, reserved;
  if (in_.LatestOfferAt(index) != nullptr) {
    for (uint32_t dossier : woning.dossiers) {
      ForEachClaim(FoldDossier(in_, dossier, FoldScope::kCounts),
                   [&](uint32_t claimed, bool is_let, auto stamp) {
                     if (claimed == index) (is_let ? let : reserved).Offer(stamp, dossier);
                   });
    }
  }
  return JudgeWoning(in_, index, let, reserved);
}

v1::WoningenView WoningenPage(const FactStore& store, const AsOf& at, const Page& page) {
  const FoldInput in(store, at);
  const WoningenInOrder woningen(in);
  const size_t wanted = page.limit == 0 ? SIZE_MAX : page.limit + 1;  // one more: whether a next page exists
  std::vector<WoningState> found;
  for (size_t k = page.na.empty() ? 0 : woningen.After(page.na); k < woningen.size() && found.size() < wanted;
       ++k) {
    WoningState w = woningen.At(k);
    if (w.offer != nullptr) found.push_back(w);
  }
  v1::WoningenView view;
  const size_t rows = page.limit == 0 ? found.size() : std::min(found.size(), page.limit);
  if (rows < found.size()) view.set_volgende(store.strings().Get(found[rows - 1].woning->woning_id));
  for (size_t i = 0; i < rows; ++i) *view.add_woningen() = WoningRow(store, found[i], at);
  return view;
}

}  // namespace regiotafel::projections::internal
