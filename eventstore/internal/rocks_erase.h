// Making deleted bytes leave a RocksDB database's files, for what must be erased physically (the
// event log's parts, an outbox's sealed parts once decided). A Delete only adds a tombstone: the old
// value stays in the write-ahead log and in table files until those are rewritten. Internal to eventstore/.
#pragma once

#include <rocksdb/options.h>

#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace regiotafel::eventstore::internal {

// Sets the options that let a write-ahead log file go once its memtables are flushed: no archive of
// old logs (WAL_ttl_seconds, WAL_size_limit_MB 0) and no recycling (recycle_log_file_num 0: a recycled
// file is overwritten from its start, so what it held before stays behind the new end).
void KeepNoOldLogs(rocksdb::DBOptions* options);

// After the deletes are written: flushes the memtables of all `families` (every family of `db`, so
// that no one keeps the old write-ahead log alive; it is then deleted), then compacts [begin, end]
// of `family` down to and including the bottom level (kForce), which rewrites every table file
// holding a deleted value and removes the old files. begin/end absent: from the first / to the last key.
// `what` names the database in an error ("the outbox"). Blocks until the old files are gone.
Status PurgeDeleted(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& families,
                    rocksdb::ColumnFamilyHandle* family, const std::optional<std::string>& begin,
                    const std::optional<std::string>& end, const std::string& what);

}  // namespace regiotafel::eventstore::internal
