#include "projections/internal/dossier_list.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "base/parallel.h"
#include "projections/internal/dossier_fold.h"
#include "projections/internal/make_rows.h"
#include "projections/internal/region_snapshot.h"
#include "projections/internal/woning_list.h"
#include "projections/signal_codes.h"

namespace regiotafel::projections::internal {

namespace {

struct Folded {
  DossierState state;
  std::vector<DossierSignal> signals;  // of a dossier that exists
};

// The dossiers in v_nummer order, each folded (with its signals) on first use and kept for the
// request: in blocks, a run of blocks at a time on every core, the runs doubling as a scan goes on,
// so that a page folds about what it shows and a long scan runs at the speed of a whole view.
class DossiersInOrder {
 public:
  // `whole`: every dossier will be asked for, folded at once on first use.
  DossiersInOrder(const FactStore& store, const FoldInput& in, const Drempels& drempels, bool whole)
      : store_(store),
        in_(in),
        drempels_(drempels),
        order_(store.DossiersByVNummer()),
        blocks_((order_.size() + kBlock - 1) / kBlock),
        run_(whole ? blocks_.size() : 1) {}

  size_t size() const { return order_.size(); }
  // The place of the first dossier whose v_nummer comes after `key`.
  size_t After(std::string_view key) const {
    return std::upper_bound(
               order_.begin(), order_.end(), key,
               [&](std::string_view k, uint32_t i) { return k < store_.dossiers()[i].v_nummer; }) -
           order_.begin();
  }
  const Folded& At(size_t k) {
    const size_t block = k / kBlock;
    if (!blocks_[block]) Fold(block);
    return (*blocks_[block])[k % kBlock];
  }

 private:
  static constexpr size_t kBlock = 256;

  // Folds `first` and the blocks after it not folded yet, as many as the run has grown to.
  void Fold(size_t first) {
    size_t last = first;
    while (last + 1 < blocks_.size() && last + 1 - first < run_ && !blocks_[last + 1]) ++last;
    run_ *= 2;
    const size_t begin = first * kBlock, end = std::min(order_.size(), (last + 1) * kBlock);
    for (size_t b = first; b <= last; ++b) blocks_[b] = std::make_unique<std::vector<Folded>>(kBlock);
    ForParts(end - begin, [&](size_t from, size_t to) {
      for (size_t k = begin + from; k < begin + to; ++k) {
        Folded& d = (*blocks_[k / kBlock])[k % kBlock];
        FoldDossier(in_, order_[k], FoldScope::kRows, &d.state);
        if (d.state.exists) d.signals = DossierSignals(in_, d.state, drempels_);
      }
    });
  }

  const FactStore& store_;
  const FoldInput& in_;
  const Drempels& drempels_;
  const std::vector<uint32_t>& order_;
  std::vector<std::unique_ptr<std::vector<Folded>>> blocks_;
  size_t run_;
};

// A page that folds a few dossiers looks their woningen up directly; a longer scan makes the table.
FoldInput InputFor(const FactStore& store, const AsOf& at, bool few) {
  return few ? FoldInput(store, at) : FoldInput::WithOfferTable(store, at);
}

bool Matches(const FactStore& store, const DossierFilter& filter, const Folded& d) {
  if (!filter.gemeente.empty() &&
      (d.state.gemeente == 0 || store.strings().Get(d.state.gemeente) != filter.gemeente))
    return false;
  if (filter.fase != v1::Dossier::FASE_UNSPECIFIED && d.state.fase != filter.fase) return false;
  if (!filter.signaal.empty()) {
    return std::any_of(d.signals.begin(), d.signals.end(),
                       [&](const DossierSignal& s) { return kSignalCodes[s.code] == filter.signaal; });
  }
  return true;
}

}  // namespace

v1::DossiersView DossierList(const FactStore& store, const AsOf& at, const Drempels& drempels,
                             const DossierFilter& filter, const Page& page) {
  const bool unfiltered =
      filter.gemeente.empty() && filter.fase == v1::Dossier::FASE_UNSPECIFIED && filter.signaal.empty();
  const FoldInput in = InputFor(store, at, unfiltered && page.limit != 0 && page.limit < 1000);
  DossiersInOrder dossiers(store, in, drempels, /*whole=*/page.limit == 0);
  const size_t wanted = page.limit == 0 ? std::numeric_limits<size_t>::max() : page.limit + 1;
  std::vector<const Folded*> found;  // one more than the page tells whether a next page exists
  for (size_t k = page.na.empty() ? 0 : dossiers.After(page.na); k < dossiers.size() && found.size() < wanted;
       ++k) {
    const Folded& d = dossiers.At(k);
    if (d.state.exists && Matches(store, filter, d)) found.push_back(&d);
  }

  v1::DossiersView view;
  const size_t rows = page.limit == 0 ? found.size() : std::min(found.size(), page.limit);
  if (rows < found.size()) view.set_volgende(store.dossiers()[found[rows - 1]->state.dossier].v_nummer);
  MakeRows(view.mutable_dossiers(), rows,
           [&](size_t k) { return DossierRow(store, found[k]->state, found[k]->signals); });
  return view;
}

v1::SignalenView SignalenPage(const FactStore& store, const AsOf& at, const Drempels& drempels,
                              std::string_view voor, const Page& page) {
  const SignalQuery query(store, voor, page);
  const FoldInput in = InputFor(store, at, false);
  DossiersInOrder dossiers(store, in, drempels, /*whole=*/false);
  // Per dossier code from the page's start, the dossiers that have it, in v_nummer order: a scan
  // from `na` that stops when the page is full, folding only what it passes.
  std::vector<SignalRow> rows;
  const size_t onbenut = SignalIndex(kWoningOnbenut);
  for (size_t code = 0; code < onbenut && rows.size() < query.wanted; ++code) {
    if (kSignalCodes[code] < query.na_code) continue;
    const bool at_na = kSignalCodes[code] == query.na_code;
    for (size_t k = at_na ? dossiers.After(query.na_key) : 0;
         k < dossiers.size() && rows.size() < query.wanted; ++k) {
      const Folded& d = dossiers.At(k);
      for (const DossierSignal& s : d.signals) {
        if (s.code == code && query.For(s.voor)) {
          rows.push_back({code, store.dossiers()[d.state.dossier].v_nummer, false, s.voor});
        }
      }
    }
  }
  // The woningen's, when the page reaches them: each judged as the scan passes it.
  const WoningenInOrder woningen(in);
  const bool at_onbenut = query.na_code == kWoningOnbenut;
  AppendOnbenut(
      store, at, drempels, query, at_onbenut ? woningen.After(query.na_key) : 0, woningen.size(),
      [&](size_t k) { return woningen.At(k); }, &rows);
  return SignalenOf(store.strings(), rows, query);
}

}  // namespace regiotafel::projections::internal
