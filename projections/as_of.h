// What a view is a function of (DOMAIN.md §5): the log up to a position, and the peildatum.
#pragma once

#include <cstdint>

namespace regiotafel::projections {

inline constexpr uint64_t kWholeLog = UINT64_MAX;

struct AsOf {
  // The business date as a day number (base/date.h ParseDate). An event whose datum is after it
  // does not exist yet; a huurcontract counts from its ingangsdatum; time rules measure at it.
  int32_t peildatum = 0;
  // Only log records at positions ≤ positie are seen: "what did we know then". The answer equals
  // that of a Projection that applied only those records.
  uint64_t position = kWholeLog;
};

}  // namespace regiotafel::projections
