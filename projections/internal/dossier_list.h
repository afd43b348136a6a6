// The dossiers view (DOMAIN.md §5, §6): every dossier seen at an AsOf as a row, by v_nummer,
// narrowed to a filter and a page on request.
#pragma once

#include "projections/as_of.h"
#include "projections/internal/fact_store.h"
#include "projections/thresholds.h"
#include "projections/view_filters.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

// Folds the dossiers in v_nummer order from the page's start, in chunks that double, only as far as
// the page reaches: an unfiltered page of 100 folds about 100 dossiers, a filtered one until 101
// match (the last tells whether a next page exists); a whole list folds every dossier at once.
v1::DossiersView DossierList(const FactStore& store, const AsOf& at, const Thresholds& thresholds,
                             const DossierFilter& filter, const Page& page);

}  // namespace regiotafel::projections::internal
