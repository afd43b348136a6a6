// The filters of DOMAIN.md §6 on a computed view. An empty (or UNSPECIFIED) criterion matches
// everything; the order of the view is kept.
#pragma once

#include <string>
#include <string_view>

#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections {

struct DossierFilter {
  std::string gemeente;  // the linked gemeente
  v1::Dossier::Fase fase = v1::Dossier::FASE_UNSPECIFIED;
  std::string signaal;  // a code in Dossier.signalen
};

v1::DossiersView FilterDossiers(const v1::DossiersView& view, const DossierFilter& filter);
v1::TaakstellingView FilterTaakstelling(const v1::TaakstellingView& view, std::string_view periode);
v1::SignalenView FilterSignalen(const v1::SignalenView& view, std::string_view voor);

}  // namespace regiotafel::projections
