#include "services/node/views/cached_view.h"

#include "contract/json.h"

namespace regiotafel::node {

CachedView::CachedView(const projections::Projection& projection, Kind kind, const projections::AsOf& at)
    : kind_(kind) {
  switch (kind) {
    case Kind::kDossiers:
      views_.dossiers = projection.Dossiers(at);
      view_ = &views_.dossiers;
      break;
    case Kind::kTaakstelling:
      views_.taakstelling = projection.Taakstelling(at);
      view_ = &views_.taakstelling;
      break;
    case Kind::kPijplijn:
      views_.pijplijn = projection.Pijplijn(at);
      view_ = &views_.pijplijn;
      break;
    case Kind::kSignalen:
      views_.signalen = projection.Signalen(at);
      view_ = &views_.signalen;
      break;
    case Kind::kWoningen:
      views_.woningen = projection.Woningen(at);
      view_ = &views_.woningen;
      break;
    case Kind::kCorporaties:
      views_.corporaties = projection.Corporaties(at);
      view_ = &views_.corporaties;
      break;
  }
  // Parsed messages take about twice their encoding; the JSON about as much again.
  bytes_ = 3 * view_->ByteSizeLong();
}

const std::string& CachedView::Json() const {
  std::call_once(once_, [&] { json_ = contract::ListToJson(*view_); });
  return json_;
}

}  // namespace regiotafel::node
