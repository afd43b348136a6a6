// The bus's file descriptors: one per connection (ZeroMQ has no limit on connections of its own)
// besides the log's RocksDB files. At start the bus raises its soft RLIMIT_NOFILE to the hard limit
// and says in its log what it got; below kFewOpenFiles it warns, because a flood of connections
// could then take the descriptors the log needs to write (docs/OPERATIONS.md, "Connections").
#pragma once

#include <cstdint>

#include "base/status.h"

namespace regiotafel::bus {

inline constexpr uint64_t kFewOpenFiles = 4096;

struct OpenFileLimit {
  uint64_t before = 0;  // the soft limit the process started with
  uint64_t now = 0;     // the soft limit after raising it
};

// Raises the soft limit to the hard one (at most 1,048,576). IOError when it cannot be read.
Status RaiseOpenFileLimit(OpenFileLimit* out);

}  // namespace regiotafel::bus
