// A RocksDB checkpoint of an open database: a consistent copy of it at one moment, made of hard
// links to its immutable table files where the target is on the same file system (copies
// otherwise) plus a copy of what is still only in its write-ahead log. Internal to eventstore/.
#pragma once

#include <string>

#include "base/status.h"

namespace rocksdb {
class DB;
}  // namespace rocksdb

namespace regiotafel::eventstore::internal {

// `dir` must not exist; RocksDB writes it as dir.tmp and renames it when complete. `what` names
// the database in an error ("the outbox").
Status RocksCheckpoint(rocksdb::DB* db, const std::string& dir, const std::string& what);

}  // namespace regiotafel::eventstore::internal
