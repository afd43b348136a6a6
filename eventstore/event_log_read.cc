// The event log's reading side: Read (the newest records from memory, older ones from RocksDB),
// ReadStream, the index lookups, Head, and Verify, which recomputes the hash chain over a range.
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/sha256.h"
#include "eventstore/event_log.h"
#include "eventstore/internal/event_log_impl.h"
#include "eventstore/internal/log_index.h"
#include "eventstore/internal/rocks.h"

namespace regiotafel::eventstore {

namespace {

using internal::At;
using internal::DecodePosition;
using internal::FromRocks;
using internal::kRecords;
using internal::PositionKey;
using internal::ToSlice;
using internal::ValidStream;

// Readahead for long sequential scans (Verify, large Reads); short reads rely on RocksDB's own.
constexpr size_t kScanReadahead = size_t{2} << 20;
constexpr size_t kLongScan = 256;

}  // namespace

Status EventLog::Impl::ReadRecord(uint64_t position, v1::LogRecord* record) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kRecords], PositionKey(position), &value);
  if (!s.ok()) return FromRocks(s, "reading position " + std::to_string(position));
  if (!record->ParseFromString(value))
    return Status::Corruption(At(position) + ": the record does not parse");
  if (record->position() != position) {
    return Status::Corruption(At(position) + ": the record says position " +
                              std::to_string(record->position()));
  }
  return Status::Ok();
}

bool EventLog::Impl::ReadTail(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const {
  std::vector<std::shared_ptr<const std::string>> bytes;
  {
    std::lock_guard lock(mutex_);
    const uint64_t first = head_.position + 1 - tail_.size();
    if (tail_.empty() || from < first) return false;
    for (uint64_t p = from; p <= head_.position && bytes.size() < max; ++p) bytes.push_back(tail_[p - first]);
  }
  out->resize(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    // Bytes this log serialized itself; should they not parse, the stored copy is read instead.
    if (!(*out)[i].ParseFromString(*bytes[i])) {
      out->clear();
      return false;
    }
  }
  return true;
}

Status EventLog::Impl::Read(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const {
  out->clear();
  if (from == 0) return Status::InvalidArgument("positions start at 1", "from");
  if (max == 0) return Status::Ok();
  if (ReadTail(from, max, out)) return Status::Ok();
  const uint64_t last = max - 1 > std::numeric_limits<uint64_t>::max() - from
                            ? std::numeric_limits<uint64_t>::max()
                            : from + (max - 1);
  const std::string upper = PositionKey(last == std::numeric_limits<uint64_t>::max() ? last : last + 1);
  rocksdb::Slice upper_slice = ToSlice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  // A replay or catch-up reads the log in chunks: keep its blocks out of the cache, which the
  // appends' index probes need and a scan of the whole log would only flush. (No explicit
  // readahead: each chunk opens its own iterator, and a large readahead per iterator costs more
  // than the chunk itself.)
  if (max >= kLongScan) options.fill_cache = false;

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kRecords]));
  uint64_t expected = from;
  for (it->Seek(PositionKey(from)); it->Valid() && out->size() < max; it->Next(), ++expected) {
    auto position = DecodePosition(it->key().ToStringView());
    if (!position || *position != expected) return Status::Corruption(At(expected) + " is missing");
    v1::LogRecord& record = out->emplace_back();
    if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        record.position() != expected) {
      out->clear();
      return Status::Corruption(At(expected) + ": the record does not parse or names another position");
    }
  }
  if (!it->status().ok()) {
    out->clear();
    return FromRocks(it->status(), "reading from position " + std::to_string(from));
  }
  return Status::Ok();
}

Status EventLog::Impl::ReadStream(std::string_view stream, uint64_t from_version, size_t max,
                                  std::vector<v1::LogRecord>* out) const {
  out->clear();
  if (from_version == 0) return Status::InvalidArgument("stream versions start at 1", "from_version");
  if (!ValidStream(stream)) return Status::InvalidArgument("a stream holds no 0 byte", "stream");
  std::vector<uint64_t> positions;
  if (Status s = index_->StreamPositions(stream, from_version, max, &positions); !s.ok()) return s;
  out->resize(positions.size());
  for (size_t i = 0; i < positions.size(); ++i) {
    if (Status s = ReadRecord(positions[i], &(*out)[i]); !s.ok()) {
      out->clear();
      return s.IsNotFound()
                 ? Status::Corruption("event log: stream " + std::string(stream) + " version " +
                                      std::to_string(from_version + i) + " points at missing position " +
                                      std::to_string(positions[i]))
                 : s;
    }
  }
  return Status::Ok();
}

// Reads the index, not the leader's cache; 0 also when the index cannot be read.
uint64_t EventLog::Impl::StreamVersion(std::string_view stream) const {
  uint64_t version = 0;
  if (!ValidStream(stream) || !index_->StreamVersion(stream, &version).ok()) return 0;
  return version;
}

Status EventLog::Impl::FindEvent(std::string_view event_id, uint64_t* position) const {
  uint64_t found = 0;
  if (Status s = index_->FindEvent(event_id, &found); !s.ok()) return s;
  if (found == 0) return Status::NotFound("event log: event " + std::string(event_id) + " is not in the log");
  *position = found;
  return Status::Ok();
}

LogHead EventLog::Impl::Head() const {
  std::lock_guard lock(mutex_);
  return head_;
}

Status EventLog::Impl::Verify(uint64_t from, uint64_t to, uint64_t* bad_position) const {
  const LogHead head = Head();
  if (from == 0) from = 1;
  if (to == 0) to = head.position;
  if (to > head.position) {
    return Status::InvalidArgument("the log ends at position " + std::to_string(head.position), "to");
  }
  if (from > to) return Status::Ok();

  uint64_t expected = from;
  auto bad = [&](std::string why) {
    if (bad_position != nullptr) *bad_position = expected;
    return Status::Corruption(At(expected) + ": " + why);
  };

  std::string previous_hash(kSha256Size, '\0');
  if (from > 1) {
    --expected;  // the record before `from` supplies the hash to chain from
    v1::LogRecord previous;
    if (Status s = ReadRecord(expected, &previous); !s.ok()) {
      return s.IsNotFound() || s.IsCorruption() ? bad(s.message()) : s;
    }
    previous_hash = previous.hash();
    ++expected;
  }

  const std::string upper = PositionKey(to + 1);
  rocksdb::Slice upper_slice = ToSlice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  options.readahead_size = kScanReadahead;
  options.fill_cache = false;  // one pass over everything would only evict what readers need
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kRecords]));
  v1::LogRecord record;
  for (it->Seek(PositionKey(from)); it->Valid(); it->Next(), ++expected) {
    auto position = DecodePosition(it->key().ToStringView());
    if (!position || *position != expected) return bad("missing");
    if (!record.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return bad("the record does not parse");
    }
    if (record.position() != expected)
      return bad("the record says position " + std::to_string(record.position()));
    if (RecordHash(previous_hash, record) != record.hash()) return bad("the hash does not recompute");
    previous_hash = record.hash();
  }
  if (it->status().IsCorruption()) return bad(it->status().ToString());
  if (!it->status().ok()) return FromRocks(it->status(), "verifying from position " + std::to_string(from));
  if (expected != to + 1) return bad("missing");
  if (to == head.position && previous_hash != head.hash) return bad("the hash is not the head's");
  return Status::Ok();
}

}  // namespace regiotafel::eventstore
