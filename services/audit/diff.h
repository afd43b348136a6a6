// Two copies of the regional log side by side: every copy is a prefix of the one log (DESIGN.md),
// so they agree up to the shorter one's end, or the first position where they do not is where
// one of them was changed.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "eventstore/record_source.h"

namespace regiotafel::audit {

struct Verschil {
  uint64_t gelijk_tot = 0;       // the stored records 1 … gelijk_tot are byte for byte the same
  uint64_t eerste_verschil = 0;  // 0: none; else the first position where they differ
  uint64_t lengte_a = 0;         // how far each copy was read (its last stored position)
  uint64_t lengte_b = 0;
};

Status DiffLogs(const eventstore::RecordSource& a, const eventstore::RecordSource& b, Verschil* out);

}  // namespace regiotafel::audit
