#include "services/bus/bus_metrics.h"

namespace regiotafel::bus {

std::string_view RejectReason(const Status& why) {
  if (why.IsConflict()) return "conflict";
  if (why.field() == "origin" || why.field() == "signature" || why.field() == "event_id") {
    for (std::string_view reason : kRejectReasons) {
      if (reason == why.field()) return reason;
    }
  }
  return "contract";
}

void BusMetrics::Rejected(std::string_view reason, uint64_t events) {
  for (size_t i = 0; i < kRejectReasons.size(); ++i) {
    if (kRejectReasons[i] == reason) return rejected[i].Add(events);
  }
  rejected.back().Add(events);
}

}  // namespace regiotafel::bus
