#include "projections/internal/dossier_list.h"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "base/parallel.h"
#include "projections/internal/dossier_fold.h"
#include "projections/internal/make_rows.h"
#include "projections/signal_codes.h"

namespace regiotafel::projections::internal {

namespace {

struct Folded {
  DossierState state;
  std::vector<DossierSignal> signals;
};

bool Matches(const FactStore& store, const DossierFilter& filter, const Folded& d) {
  if (!filter.gemeente.empty() && (d.state.gemeente == 0 || store.strings().Get(d.state.gemeente) != filter.gemeente))
    return false;
  if (filter.fase != v1::Dossier::FASE_UNSPECIFIED && d.state.fase != filter.fase) return false;
  if (!filter.signaal.empty()) {
    return std::any_of(d.signals.begin(), d.signals.end(),
                       [&](const DossierSignal& s) { return kSignalCodes[s.code] == filter.signaal; });
  }
  return true;
}

}  // namespace

v1::DossiersView DossierList(const FactStore& store, const AsOf& at, const Thresholds& thresholds,
                             const DossierFilter& filter, const Page& page) {
  const std::vector<uint32_t>& order = store.DossiersByVNummer();
  // A page that folds a few dossiers looks their woningen up directly; a longer fold makes the table.
  const FoldInput in = filter.gemeente.empty() && filter.fase == v1::Dossier::FASE_UNSPECIFIED &&
                               filter.signaal.empty() && page.limit != 0 && page.limit < 1000
                           ? FoldInput(store, at)
                           : FoldInput::WithOfferTable(store, at);
  size_t next = 0;
  if (!page.na.empty()) {
    next = std::upper_bound(order.begin(), order.end(), page.na,
                            [&](const std::string& na, uint32_t i) { return na < store.dossiers()[i].v_nummer; }) -
           order.begin();
  }
  const size_t want = page.limit == 0 ? std::numeric_limits<size_t>::max() : page.limit + 1;
  std::vector<Folded> found;
  for (size_t chunk = page.limit == 0 ? order.size() : std::max<size_t>(256, 2 * want);
       next < order.size() && found.size() < want; chunk *= 2) {
    const size_t n = std::min(chunk, order.size() - next);
    std::vector<std::optional<Folded>> folded(n);
    ForParts(n, [&](size_t begin, size_t end) {
      for (size_t k = begin; k < end; ++k) {
        Folded d{FoldDossier(in, order[next + k], FoldScope::kRows), {}};
        if (!d.state.exists) continue;
        d.signals = DossierSignals(in, d.state, thresholds);
        if (Matches(store, filter, d)) folded[k] = std::move(d);
      }
    });
    for (std::optional<Folded>& d : folded) {
      if (d && found.size() < want) found.push_back(std::move(*d));
    }
    next += n;
  }

  v1::DossiersView view;
  const size_t rows = page.limit == 0 ? found.size() : std::min(found.size(), page.limit);
  if (rows < found.size()) view.set_volgende(store.dossiers()[found[rows - 1].state.dossier].v_nummer);
  MakeRows(view.mutable_dossiers(), rows,
           [&](size_t k) { return DossierRow(store, found[k].state, found[k].signals); });
  return view;
}

}  // namespace regiotafel::projections::internal
