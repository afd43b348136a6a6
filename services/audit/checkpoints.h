// A verified log against the checkpoints the bus signed (docs/AUDIT.md): those kept by the copy
// itself and by any other node. A checkpoint binds a size to a root; a log whose root at that size
// differs was rewritten at or before it, somewhere after the last checkpoint that still holds.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/merkle.h"
#include "base/status.h"
#include "services/audit/verify.h"

namespace regiotafel::audit {

struct CheckpointVerdict {
  size_t gecontroleerd = 0;  // checkpoints within the log, each holding
  size_t voorbij = 0;        // checkpoints past the log's end (the copy is behind them): not judged
  uint64_t hoogste = 0;      // the highest positie of a checkpoint that holds
  std::optional<Bevinding> bevinding{};
};

// `stores`: data directories holding checkpoints/ (a node's, the bus's) or checkpoint stores
// themselves. With `bus_key`, every checkpoint must carry the bus's signature. A store that cannot
// be opened is an error (the auditor named it).
Status CheckCheckpoints(const merkle::Tree& tree, const std::vector<std::string>& stores,
                        std::optional<std::string_view> bus_key, CheckpointVerdict* out);

}  // namespace regiotafel::audit
