// What a view call may narrow its answer to (DOMAIN.md §6): the filters, and a page of a long list.
// An empty (or UNSPECIFIED) criterion matches everything; the order of the view is kept.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections {

struct DossierFilter {
  std::string gemeente;  // the linked gemeente
  v1::Dossier::Fase fase = v1::Dossier::FASE_UNSPECIFIED;
  std::string signaal;  // a code in Dossier.signalen
};

// A page of the dossiers, signalen or woningen: at most `limit` rows (0: every row) after the row
// whose key is `na` ("": from the first). A row's key is its v_nummer (dossiers), its woning_id
// (woningen), or CODE/v_nummer or CODE/woning_id (signalen). The view's `volgende` is then the key
// of the page's last row when more rows follow, "" when none do: asking again with na=volgende at
// the same positie and peildatum gives the next rows, the pages together the whole list.
struct Page {
  size_t limit = 0;
  std::string na;
};

v1::TaakstellingView FilterTaakstelling(const v1::TaakstellingView& view, std::string_view periode);

}  // namespace regiotafel::projections
