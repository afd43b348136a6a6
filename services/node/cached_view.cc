#include "services/node/cached_view.h"

#include "contract/json.h"

namespace regiotafel::node {
namespace {

// The message of `kind` in `views`.
const google::protobuf::Message& ViewOf(const projections::RegionViews& views, CachedView::Kind kind) {
  switch (kind) {
    case CachedView::Kind::kDossiers:
      return views.dossiers;
    case CachedView::Kind::kTaakstelling:
      return views.taakstelling;
    case CachedView::Kind::kPijplijn:
      return views.pijplijn;
    case CachedView::Kind::kSignalen:
      return views.signalen;
    case CachedView::Kind::kWoningen:
      return views.woningen;
    case CachedView::Kind::kCorporaties:
      break;
  }
  return views.corporaties;
}

}  // namespace

CachedView::CachedView(const projections::Projection& projection, Kind kind, const projections::AsOf& at)
    : kind_(kind) {
  switch (kind) {
    case Kind::kDossiers:
      views_.dossiers = projection.Dossiers(at);
      break;
    case Kind::kTaakstelling:
      views_.taakstelling = projection.Taakstelling(at);
      break;
    case Kind::kPijplijn:
      views_.pijplijn = projection.Pijplijn(at);
      break;
    case Kind::kSignalen:
      views_.signalen = projection.Signalen(at);
      break;
    case Kind::kWoningen:
      views_.woningen = projection.Woningen(at);
      break;
    case Kind::kCorporaties:
      views_.corporaties = projection.Corporaties(at);
      break;
  }
  // Parsed messages take about twice their encoding; the JSON about as much again.
  bytes_ = 3 * ViewOf(views_, kind).ByteSizeLong();
}

const std::string& CachedView::Json() const {
  std::call_once(once_, [&] { json_ = contract::ListToJson(ViewOf(views_, kind_)); });
  return json_;
}

}  // namespace regiotafel::node
