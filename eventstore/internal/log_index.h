// LogIndex: the event log's two indexes, in a RocksDB database of their own inside the log's
// directory (docs/LOG_FORMAT.md):
//   event_ids   event_id → be64(position)
//   streams     stream ‖ 0x00 ‖ be64(version) → be64(position)
// Both are derived from the records, so they are written behind them by a thread of their own, off
// the path of an acknowledgement (as EventStoreDB's index committer): the log makes a group of
// records durable, hands their entries to Add and answers its writers. Until the thread has written
// an entry it is held in memory, and every lookup sees it there. The database's "indexed" key says
// how far the written index reaches; after a crash the log hands the records past it to Add again.
//
// Thread-safety: Add from one thread at a time (the log's group-commit leader); lookups from any.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/status.h"

namespace rocksdb {
class DB;
class ColumnFamilyHandle;
}  // namespace rocksdb

namespace regiotafel::eventstore::internal {

class LogIndex {
 public:
  struct Entry {
    uint64_t position = 0;
    std::string event_id;
    std::string stream;
    uint64_t version = 0;  // the record is its stream's version-th
  };

  // `memtable_bytes`: of RocksDB's memtable, for each of the two indexes.
  static Status Open(const std::string& dir, bool create_if_missing, size_t memtable_bytes,
                     size_t cache_bytes, std::unique_ptr<LogIndex>* out);
  LogIndex(const LogIndex&) = delete;
  LogIndex& operator=(const LogIndex&) = delete;
  ~LogIndex();  // writes everything added, then stops

  // Every position up to this one is in the index database.
  uint64_t Indexed() const;

  // A consistent copy of the index database in `dir` (internal/rocks_backup.h): what is written
  // so far; the entries still held in memory are indexed again from the records when it is opened.
  Status Backup(const std::string& dir) const;

  // Entries of records the log has made durable, in position order. Blocks while more than
  // kMaxPending entries wait to be written. Once the thread has failed to write, its error.
  Status Add(std::vector<Entry> entries);

  // The position of an event id; 0 when the log does not hold it.
  Status FindEvent(std::string_view event_id, uint64_t* position) const;
  // How many records the stream has; 0 for a stream the log does not know.
  Status StreamVersion(std::string_view stream, uint64_t* version) const;
  // The positions of up to `max` versions of a stream from `from_version` on. Waits first until
  // everything added before the call is written.
  Status StreamPositions(std::string_view stream, uint64_t from_version, size_t max,
                         std::vector<uint64_t>* out) const;

 private:
  LogIndex(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
           uint64_t indexed);
  void Run();
  Status Write(const std::vector<const Entry*>& entries);
  Status WrittenEvent(std::string_view event_id, uint64_t* position) const;
  Status WrittenStreamVersion(std::string_view stream, uint64_t* version) const;

  const std::unique_ptr<rocksdb::DB> db_;
  const std::vector<rocksdb::ColumnFamilyHandle*> handles_;

  mutable std::mutex mutex_;
  mutable std::condition_variable work_;      // the thread waits for entries
  mutable std::condition_variable progress_;  // Add and StreamPositions wait for the thread
  // Guarded by mutex_. queue_ holds the entries added and not yet written, in order; elements never
  // move while queued (a deque grows at its ends), so the maps key on views of their strings.
  std::deque<Entry> queue_;
  std::unordered_map<std::string_view, uint64_t> pending_events_;       // event id → position
  std::unordered_map<std::string_view, const Entry*> pending_streams_;  // stream → its last entry
  uint64_t indexed_ = 0;
  uint64_t added_ = 0;
  Status error_;
  bool stopping_ = false;

  std::thread thread_;
};

}  // namespace regiotafel::eventstore::internal
