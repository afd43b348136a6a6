#include "projections/view_filters.h"

#include <algorithm>

namespace regiotafel::projections {

v1::DossiersView FilterDossiers(const v1::DossiersView& view, const DossierFilter& filter) {
  v1::DossiersView out;
  for (const v1::Dossier& d : view.dossiers()) {
    if (!filter.gemeente.empty() && d.gemeente() != filter.gemeente) continue;
    if (filter.fase != v1::Dossier::FASE_UNSPECIFIED && d.fase() != filter.fase) continue;
    if (!filter.signaal.empty() &&
        std::find(d.signalen().begin(), d.signalen().end(), filter.signaal) == d.signalen().end()) {
      continue;
    }
    *out.add_dossiers() = d;
  }
  return out;
}

v1::TaakstellingView FilterTaakstelling(const v1::TaakstellingView& view, std::string_view periode) {
  v1::TaakstellingView out;
  for (const v1::TaakstellingRegel& r : view.regels()) {
    if (periode.empty() || r.periode() == periode) *out.add_regels() = r;
  }
  return out;
}

v1::SignalenView FilterSignalen(const v1::SignalenView& view, std::string_view voor) {
  v1::SignalenView out;
  for (const v1::SignaalRegel& s : view.signalen()) {
    if (voor.empty() || s.voor() == voor) *out.add_signalen() = s;
  }
  return out;
}

}  // namespace regiotafel::projections
