#include "eventstore/internal/rocks_backup.h"

#include <rocksdb/db.h>
#include <rocksdb/utilities/checkpoint.h>

#include <filesystem>
#include <memory>

namespace regiotafel::eventstore::internal {

Status CopyOpenDatabase(rocksdb::DB* db, const std::string& dir, const std::string& what) {
  std::error_code ec;
  if (std::filesystem::exists(dir, ec)) return Status::InvalidArgument("backup: " + dir + " already exists");
  rocksdb::Checkpoint* raw = nullptr;
  rocksdb::Status s = rocksdb::Checkpoint::Create(db, &raw);
  std::unique_ptr<rocksdb::Checkpoint> checkpoint(raw);
  // log_size_for_flush 0: flush the memtables first, so the copy is table files plus a short WAL.
  if (s.ok()) s = checkpoint->CreateCheckpoint(dir, /*log_size_for_flush=*/0);
  if (!s.ok()) return Status::IOError("backup of " + what + " into " + dir + ": " + s.ToString());
  return Status::Ok();
}

}  // namespace regiotafel::eventstore::internal
