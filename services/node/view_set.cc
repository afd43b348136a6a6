#include "services/node/view_set.h"

#include "contract/json.h"

namespace regiotafel::node {

const std::string& ViewSet::Json(Kind kind) const {
  const auto i = static_cast<size_t>(kind);
  std::call_once(once_[i], [&] {
    switch (kind) {
      case Kind::kDossiers:
        json_[i] = contract::ToJson(views_.dossiers);
        break;
      case Kind::kTaakstelling:
        json_[i] = contract::ToJson(views_.taakstelling);
        break;
      case Kind::kPijplijn:
        json_[i] = contract::ToJson(views_.pijplijn);
        break;
      case Kind::kSignalen:
        json_[i] = contract::ToJson(views_.signalen);
        break;
      case Kind::kWoningen:
        json_[i] = contract::ToJson(views_.woningen);
        break;
      case Kind::kCorporaties:
        json_[i] = contract::ToJson(views_.corporaties);
        break;
    }
  });
  return json_[i];
}

}  // namespace regiotafel::node
