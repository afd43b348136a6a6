#include "services/config/bewaartermijn.h"

namespace regiotafel::config {

Status ReadBewaartermijn(Node node, const std::string& file, int32_t* jaren) {
  if (!node) return Status::Ok();
  const std::optional<int64_t> value = node.is_integer() ? node.value<int64_t>() : std::nullopt;
  if (!value || *value < kMinBewaartermijnJaren || *value > kMaxBewaartermijnJaren) {
    return Status::InvalidArgument(file + ": bewaartermijn_jaren moet een geheel aantal jaren van " +
                                       std::to_string(kMinBewaartermijnJaren) + " tot en met " +
                                       std::to_string(kMaxBewaartermijnJaren) + " zijn, bijvoorbeeld 7",
                                   "bewaartermijn_jaren");
  }
  *jaren = static_cast<int32_t>(*value);
  return Status::Ok();
}

}  // namespace regiotafel::config
