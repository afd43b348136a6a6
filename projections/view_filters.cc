#include "projections/view_filters.h"

namespace regiotafel::projections {

v1::TaakstellingView FilterTaakstelling(const v1::TaakstellingView& view, std::string_view periode) {
  v1::TaakstellingView out;
  for (const v1::TaakstellingRegel& r : view.regels()) {
    if (periode.empty() || r.periode() == periode) *out.add_regels() = r;
  }
  return out;
}

}  // namespace regiotafel::projections
