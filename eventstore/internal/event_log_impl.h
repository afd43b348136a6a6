// EventLog::Impl, the state the event log's parts share (open and recovery in event_log.cc, appends in
// event_log_append.cc, reads in event_log_read.cc), and the small helpers they all use.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/metrics.h"
#include "base/status.h"
#include "base/string_hash.h"
#include "eventstore/event_log.h"
#include "eventstore/internal/log_index.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::eventstore {

namespace internal {

// Column families (docs/LOG_FORMAT.md), indexed as EventLog::Impl's handles. The meta keys live in
// RocksDB's default family; the indexes in a database of their own (internal/log_index.h).
enum Family { kMeta = 0, kRecords, kParts };

constexpr std::string_view kHeadKey = "head";                     // be64(position) ‖ hash(32)
constexpr std::string_view kErasureCursorKey = "erasure_cursor";  // be64(position)

// be64(position) ‖ be32(tag): a record's parts are next to each other, in tag order.
std::string PartKey(uint64_t position, uint32_t tag);

inline std::string At(uint64_t position) { return "event log: position " + std::to_string(position); }

// The envelope's event id and stream (views into `envelope`), read off the wire without building
// an Envelope: the log checks that the bytes are framed as protobuf and names the envelope's ids,
// not what the payload says (that is the contract's job, done before an event reaches the log).
// As protobuf's parser, the last occurrence of a field wins. False when the framing is broken.
bool ParseIds(std::string_view envelope, std::string_view* event_id, std::string_view* stream);

// The stream index separates the stream from the version with a 0 byte, so a stream may not hold one.
inline bool ValidStream(std::string_view stream) { return stream.find('\0') == std::string_view::npos; }

inline int64_t MicrosOf(const google::protobuf::Timestamp& t) {
  return t.seconds() * 1'000'000 + t.nanos() / 1000;
}

}  // namespace internal

class EventLog::Impl {
 public:
  // `append_latency` and `write_failures` are the EventLog's, which outlives every Impl it opens.
  Impl(const EventLogOptions& options, std::unique_ptr<rocksdb::DB> db,
       std::vector<rocksdb::ColumnFamilyHandle*> handles, std::unique_ptr<internal::LogIndex> index,
       metrics::Histogram& append_latency, metrics::Counter& write_failures)
      : db_(std::move(db)),
        handles_(std::move(handles)),
        index_(std::move(index)),
        append_latency_(append_latency),
        write_failures_(write_failures) {
    write_options_.sync = options.sync;
  }

  ~Impl() {
    index_.reset();  // writes what it holds first
    for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  }

  Status Load();
  // Hands the records the index does not reach yet (after a crash) to the index again.
  Status CatchUpIndex();
  Status Append(std::vector<AppendEntry>* batch, std::vector<AppendResult>* results);
  Status AppendReplicated(const std::vector<v1::LogRecord>& records, const std::vector<PositionParts>& parts);
  Status ReadParts(uint64_t from, uint64_t to, std::vector<PositionParts>* out) const;
  Status EraseParts(const std::vector<uint64_t>& positions);
  uint64_t ErasureCursor() const { return erasure_cursor_.load(); }
  Status SetErasureCursor(uint64_t position);
  Status Read(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const;
  Status ReadStream(std::string_view stream, uint64_t from_version, size_t max,
                    std::vector<v1::LogRecord>* out) const;
  uint64_t StreamVersion(std::string_view stream) const;
  Status FindEvent(std::string_view event_id, uint64_t* position) const;
  LogHead Head() const;
  Status Verify(uint64_t from, uint64_t to, uint64_t* bad_position) const;
  Status Backup(const std::string& dir) const;
  // Ok while writes go on; the sticky error after a failed write.
  Status WriteError() const {
    std::lock_guard lock(mutex_);
    return write_error_;
  }

 private:
  // One caller of Append or AppendReplicated, queued for the group commit (leveldb's DBImpl::Writer).
  struct Writer {
    std::vector<AppendEntry>* batch = nullptr;                     // an Append, or
    const std::vector<v1::LogRecord>* replicated = nullptr;        // an AppendReplicated
    const std::vector<PositionParts>* replicated_parts = nullptr;  // with `replicated`
    std::vector<AppendResult>* results = nullptr;                  // with `batch`
    size_t bytes = 0;
    Status status;
    bool done = false;
    std::condition_variable cv;
  };

  // What one group adds. Kept apart from the published state until the batch is durable.
  struct Group {
    rocksdb::WriteBatch batch;
    LogHead head;  // after the records added so far
    int64_t recorded_at_micros = 0;
    // Keys are views into the entries or records being written, which outlive the group.
    std::unordered_map<std::string_view, uint64_t> stream_versions;  // streams this group appends to
    // Event ids this group appends → position and (for Append) the entry carrying the bytes.
    std::unordered_map<std::string_view, std::pair<uint64_t, const AppendEntry*>> event_ids;
    std::vector<internal::LogIndex::Entry> indexed;              // for the index, once the batch is durable
    v1::LogRecord record;                                        // reused for every record of the group
    std::vector<std::shared_ptr<const std::string>> serialized;  // the records' bytes, for the tail
  };

  Status Commit(Writer* w);
  void TakeFollowers(std::vector<Writer*>* members) const;
  Status WriteGroup(const std::vector<Writer*>& members, Group* group, bool* write_failed);
  Status BuildAppend(const std::vector<Writer*>& members, Group* group);
  Status BuildReplicated(const std::vector<v1::LogRecord>& records, const std::vector<PositionParts>& parts,
                         Group* group);
  void AddRecord(const v1::LogRecord& record, std::string_view event_id, std::string_view stream,
                 uint64_t version, const AppendEntry* entry, Group* group);
  Status CurrentVersion(const Group& group, std::string_view stream, uint64_t* version);

  // Read from the tail in memory: false when `from` is before it.
  bool ReadTail(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const;
  // The record at `position`, parsed and checked to be that position's; NotFound when absent.
  Status ReadRecord(uint64_t position, v1::LogRecord* record) const;

  const std::unique_ptr<rocksdb::DB> db_;                    // thread-safe itself
  const std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Family
  std::unique_ptr<internal::LogIndex> index_;                // thread-safe itself
  rocksdb::WriteOptions write_options_;
  metrics::Histogram& append_latency_;  // lock-free itself
  metrics::Counter& write_failures_;    // lock-free itself

  mutable std::mutex mutex_;
  // Guarded by mutex_.
  std::deque<Writer*> writers_;  // the front one leads the group being written
  LogHead head_;                 // published only once durable: every position ≤ head_ can be read
  // The newest records as stored, positions head_ - tail_.size() + 1 … head_: readers near the head
  // (the bus's PUB, a follower's fetch, a node's views) are served from here, not by a RocksDB
  // iterator, which cost the bus as much as a quarter of an append.
  std::deque<std::shared_ptr<const std::string>> tail_;
  Status write_error_;  // sticky: ok until a write fails, then Unavailable until reopened

  std::atomic<uint64_t> erasure_cursor_{0};  // as stored; written under erase_mutex_
  std::mutex erase_mutex_;                   // one EraseParts or SetErasureCursor at a time

  // Touched only by the leader, the writer at the front of writers_. Leadership passes from one
  // writer to the next under mutex_, which orders the hand-over; no reader looks at these.
  std::unordered_map<std::string, uint64_t, StringHash, std::equal_to<>> stream_versions_;  // of the index
  int64_t last_recorded_at_micros_ = 0;
};

}  // namespace regiotafel::eventstore
