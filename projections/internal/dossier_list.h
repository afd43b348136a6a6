// The lists of dossiers (DOMAIN.md §5, §6) that a page need not fold whole: the dossiers view
// (every dossier seen at an AsOf as a row, by v_nummer), narrowed to a filter and a page on
// request, and a page of the signalen.
#pragma once

#include <string_view>

#include "projections/as_of.h"
#include "projections/drempels.h"
#include "projections/internal/fact_store.h"
#include "projections/view_filters.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

// Folds the dossiers in v_nummer order from the page's start, in chunks that double, only as far as
// the page reaches: an unfiltered page of 100 folds about 100 dossiers, a filtered one until 101
// match (the last tells whether a next page exists); a whole list folds every dossier at once.
v1::DossiersView DossierList(const FactStore& store, const AsOf& at, const Drempels& drempels,
                             const DossierFilter& filter, const Page& page);

// A page of the signalen (limit 0: every row after na): for each dossier code from the page's start, a scan
// of the dossiers in v_nummer order (folded on the way, each once) until the page is full; the woningen's
// WONING_ONBENUT only when the page reaches them. A page within a common code folds a few hundred dossiers;
// one that must pass every dossier costs what the whole view does.
v1::SignalenView SignalenPage(const FactStore& store, const AsOf& at, const Drempels& drempels,
                              std::string_view voor, const Page& page);

}  // namespace regiotafel::projections::internal
