// Whether a store's directory has room to be reopened after a failed write: RocksDB's open writes a
// new manifest, a new write-ahead log and a table file of what it replays, and this RocksDB (built
// with its assertions on) aborts the process when such a write fails during the open. So a reopen
// first writes, syncs and removes a probe file of about that size, and reopens only when that
// worked. Internal to eventstore/.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"

namespace regiotafel::eventstore::internal {

// Writes and syncs `dirs.front()`/REOPEN-PROBE of 4 MiB plus the size of the write-ahead logs
// (*.log) in `dirs` (at most 64 MiB), then removes it. Unavailable naming the error when it fails.
Status ProbeRoomToReopen(const std::vector<std::string>& dirs);

}  // namespace regiotafel::eventstore::internal
