// A consistent copy of an open RocksDB database at one moment (RocksDB calls it a "checkpoint";
// here that word means the bus's signed Merkle checkpoints only): hard links to its immutable table
// files where the target is on the same file system (copies otherwise) plus a copy of what is still
// only in its write-ahead log. Internal to eventstore/.
#pragma once

#include <string>

#include "base/status.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace regiotafel::eventstore::internal {

// `dir` must not exist; RocksDB writes it as dir.tmp and renames it when complete. `what` names
// the database in an error ("the outbox").
Status CopyOpenDatabase(rocksdb::DB* db, const std::string& dir, const std::string& what);

}  // namespace regiotafel::eventstore::internal
