// The event log's parts, beside the records and outside the hash chain: ReadParts, and EraseParts,
// which removes their bytes from every file of the log (docs/LOG_FORMAT.md, "Parts beside the
// records"); and the erasure cursor of the service that erases them.
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "eventstore/event_log.h"
#include "eventstore/internal/event_log_impl.h"
#include "eventstore/internal/rocks.h"
#include "eventstore/internal/rocks_erase.h"

namespace regiotafel::eventstore {

namespace internal {

std::string PartKey(uint64_t position, uint32_t tag) {
  std::string key = PositionKey(position);
  PutBigEndian32(&key, tag);
  return key;
}

}  // namespace internal

namespace {

using internal::FromRocks;
using internal::kErasureCursorKey;
using internal::kMeta;
using internal::kParts;
using internal::PartKey;
using internal::PositionKey;
using internal::ToSlice;

constexpr size_t kPartKeySize = 8 + 4;

// Erasing is rare and must hold whatever the log's options say: always synced.
rocksdb::WriteOptions Synced() {
  rocksdb::WriteOptions options;
  options.sync = true;
  return options;
}

}  // namespace

Status EventLog::Impl::ReadParts(uint64_t from, uint64_t to, std::vector<PositionParts>* out) const {
  out->clear();
  if (from == 0) from = 1;
  if (from > to) return Status::Ok();
  const std::string upper = PositionKey(to == std::numeric_limits<uint64_t>::max() ? to : to + 1);
  rocksdb::Slice upper_slice = ToSlice(upper);
  rocksdb::ReadOptions options;
  if (to != std::numeric_limits<uint64_t>::max()) options.iterate_upper_bound = &upper_slice;

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kParts]));
  for (it->Seek(PositionKey(from)); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    const uint64_t position = key.size() == kPartKeySize ? GetBigEndian64(key.substr(0, 8)).value_or(0) : 0;
    if (position == 0) {
      out->clear();
      return Status::Corruption("event log: a key of the parts is not a position ≥ 1 and a tag (" +
                                std::to_string(key.size()) + " bytes)");
    }
    const uint32_t tag = GetBigEndian32(key.substr(8)).value_or(0);
    if (out->empty() || out->back().position != position) out->push_back({position, {}});
    out->back().parts.push_back({tag, it->value().ToString()});
  }
  if (!it->status().ok()) {
    out->clear();
    return FromRocks(it->status(), "reading the parts from position " + std::to_string(from));
  }
  return Status::Ok();
}

Status EventLog::Impl::EraseParts(const std::vector<uint64_t>& given) {
  if (given.empty()) return Status::Ok();
  std::vector<uint64_t> positions = given;
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());

  std::lock_guard erasing(erase_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (!write_error_.ok()) return write_error_;
  }
  rocksdb::WriteBatch batch;
  {
    // Released before the purge below: an open iterator pins the memtables and files it reads.
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kParts]));
    for (uint64_t position : positions) {
      const std::string prefix = PositionKey(position);
      for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
        batch.Delete(handles_[kParts], it->key());
      }
    }
    if (!it->status().ok()) return FromRocks(it->status(), "finding the parts to erase");
  }
  if (batch.Count() > 0) {
    if (rocksdb::Status s = db_->Write(Synced(), &batch); !s.ok()) {
      Status failed = FromRocks(s, "erasing parts");
      std::lock_guard lock(mutex_);
      write_error_ =
          Status::Unavailable("event log: writes stopped after a failed write; reopen the log to recover (" +
                              failed.ToString() + ")");
      return failed;
    }
  }
  // Also when nothing was left to delete: an erasure interrupted after its deletes (a crash) may
  // have left the bytes in the files, and erasing the same positions again must remove them.
  return internal::PurgeDeleted(db_.get(), handles_, handles_[kParts], PositionKey(positions.front()),
                                PartKey(positions.back(), std::numeric_limits<uint32_t>::max()),
                                "the event log");
}

Status EventLog::Impl::SetErasureCursor(uint64_t position) {
  std::lock_guard erasing(erase_mutex_);
  {
    std::lock_guard lock(mutex_);
    if (!write_error_.ok()) return write_error_;
  }
  if (rocksdb::Status s =
          db_->Put(Synced(), handles_[kMeta], ToSlice(kErasureCursorKey), PositionKey(position));
      !s.ok()) {
    return FromRocks(s, "writing the erasure cursor");
  }
  erasure_cursor_ = position;
  return Status::Ok();
}

}  // namespace regiotafel::eventstore
