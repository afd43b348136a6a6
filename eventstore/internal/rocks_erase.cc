#include "eventstore/internal/rocks_erase.h"

#include <rocksdb/db.h>

#include <chrono>
#include <cstdint>
#include <thread>

namespace regiotafel::eventstore::internal {

namespace {

Status Failed(const rocksdb::Status& s, const std::string& what, const std::string& step) {
  return Status::IOError("erasing from " + what + ": " + step + ": " + s.ToString());
}

// The files a flush or compaction made obsolete are deleted by its background thread after it has
// answered; deleting them here instead (EnableFileDeletions finds and deletes them in the caller)
// and waiting for the background jobs to finish means none is left when PurgeDeleted returns.
Status DeleteObsoleteFiles(rocksdb::DB* db, const std::string& what) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    if (rocksdb::Status s = db->DisableFileDeletions(); !s.ok()) return Failed(s, what, "pausing deletions");
    // force = false: a backup that paused deletions itself keeps its files until it is done.
    if (rocksdb::Status s = db->EnableFileDeletions(/*force=*/false); !s.ok()) {
      return Failed(s, what, "deleting obsolete files");
    }
    uint64_t flushes = 0, compactions = 0;
    db->GetIntProperty("rocksdb.num-running-flushes", &flushes);
    db->GetIntProperty("rocksdb.num-running-compactions", &compactions);
    if (flushes == 0 && compactions == 0) return Status::Ok();
    if (std::chrono::steady_clock::now() > deadline) {
      return Status::IOError("erasing from " + what + ": background work does not finish");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

}  // namespace

void KeepNoOldLogs(rocksdb::DBOptions* options) {
  options->WAL_ttl_seconds = 0;
  options->WAL_size_limit_MB = 0;
  options->recycle_log_file_num = 0;
}

Status PurgeDeleted(rocksdb::DB* db, const std::vector<rocksdb::ColumnFamilyHandle*>& families,
                    rocksdb::ColumnFamilyHandle* family, const std::optional<std::string>& begin,
                    const std::optional<std::string>& end, const std::string& what) {
  rocksdb::FlushOptions flush;
  flush.wait = true;
  flush.allow_write_stall = true;
  if (rocksdb::Status s = db->Flush(flush, families); !s.ok()) return Failed(s, what, "flushing");

  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  rocksdb::Slice begin_slice, end_slice;
  if (begin) begin_slice = *begin;
  if (end) end_slice = *end;
  if (rocksdb::Status s =
          db->CompactRange(compact, family, begin ? &begin_slice : nullptr, end ? &end_slice : nullptr);
      !s.ok()) {
    return Failed(s, what, "compacting");
  }
  return DeleteObsoleteFiles(db, what);
}

}  // namespace regiotafel::eventstore::internal
