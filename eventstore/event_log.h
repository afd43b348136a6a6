// EventLog: the append-only regional log on RocksDB (layout and hash chain: docs/LOG_FORMAT.md).
//
// Positions are 1, 2, 3… without gaps. Every record carries
//   hash = SHA-256(previous hash ‖ position ‖ recorded_at ‖ envelope ‖ signature)
// with 32 zero bytes before position 1. There is no update and no delete of a record.
//
// Beside the records, outside the chain, a record may have parts: opaque bytes under a small tag (the
// personal data of an event, sealed per class elsewhere). They are stored with their record, but may
// differ per log and can be erased physically (EraseParts) while every record and hash stays as it is.
//
// Thread-safety: every method may be called from any thread. Concurrent Append calls are grouped
// into one RocksDB write and one fsync (group commit, as leveldb's DBImpl::Write).
// Errors: a failed write is sticky: every later Append/AppendReplicated answers Unavailable with
// the original reason until the log is reopened (Reopen, in place, or a new Open), because the state
// on disk is then unknown.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "base/metrics.h"
#include "base/status.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::eventstore {

struct LogHead {
  uint64_t position = 0;                     // 0 for an empty log
  std::string hash = std::string(32, '\0');  // hash of the record at `position`
};

// Bytes kept beside a record, outside the hash chain; the log does not look inside them.
struct Part {
  uint32_t tag = 0;  // one part per tag and record
  std::string bytes;
};

// The parts of the record at `position`, ordered by tag.
struct PositionParts {
  uint64_t position = 0;
  std::vector<Part> parts;
};

// One event to append. `event_id` and `stream` must be those of the envelope; FromSigned fills them.
struct AppendEntry {
  std::string event_id;
  std::string stream;
  std::string envelope;  // the serialized Envelope, stored byte for byte
  std::string signature;
  // Optimistic concurrency: the stream's version the writer last saw (0: the stream must be new).
  // A different current version makes this entry fail with Conflict.
  std::optional<uint64_t> expected_version;
  // Stored beside the record in the same synced write; not when the entry is a duplicate (a
  // resubmission never brings back parts that were erased). Two parts with one tag: InvalidArgument.
  std::vector<Part> parts;

  // Parses `envelope` for its event_id and stream. Corruption when the bytes do not parse.
  static Status FromSigned(std::string envelope, std::string signature, AppendEntry* out);
};

struct AppendResult {
  // ok, Conflict (stream version), or InvalidArgument (event id reused with another envelope; the
  // same envelope with another signature is a duplicate: the first one's record stands)
  Status status;
  uint64_t position = 0;   // when ok: the record's position
  bool duplicate = false;  // when ok: the event id was already in the log; position is the original one
};

struct EventLogOptions {
  bool sync = true;  // fsync the WAL before an append returns; false only for tests of other things
  bool create_if_missing = true;
  // RocksDB's memtables together: two thirds for the records, a sixth for each index. The bus
  // takes the default; a node's replica, written in bulk only while it catches up, less.
  size_t memtable_bytes = size_t{192} << 20;
  // RocksDB's block caches: two thirds for the records, a third for the indexes. Scans (a replica's
  // fetch, the views' rebuild) do not fill them; lookups by id or stream do.
  size_t cache_bytes = size_t{96} << 20;
};

class EventLog {
 public:
  static Status Open(const std::string& dir, const EventLogOptions& options, std::unique_ptr<EventLog>* out);

  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;
  ~EventLog();

  // Appends `batch` in order and returns when it is durable. `results` gets one entry per batch
  // entry. An entry that fails (conflict, id reused, or InvalidArgument when its envelope does not
  // parse or its event_id/stream are not the envelope's) gets no position; the others are written.
  // A non-ok return means nothing of the batch was acknowledged (I/O error, or writes stopped
  // earlier). After an I/O error the batch may still have reached the disk; appending the same
  // entries again after a reopen is safe, because an event id already logged answers duplicate.
  Status Append(std::vector<AppendEntry> batch, std::vector<AppendResult>* results);

  // For followers: appends records whose position, recorded_at and hash another log assigned.
  // The first must be at head + 1, each previous hash must match and each hash must recompute;
  // otherwise Corruption naming the position, and nothing of the call is written. `parts` are stored
  // beside some of these records in the same write; a position not among `records`, or a tag twice
  // for one position, is InvalidArgument and nothing is written.
  Status AppendReplicated(const std::vector<v1::LogRecord>& records,
                          const std::vector<PositionParts>& parts = {});

  // The parts of the positions in [from, to] that have any, in position order (one scan, cheap when
  // there are none). Corruption when a stored key is not a position and a tag.
  Status ReadParts(uint64_t from, uint64_t to, std::vector<PositionParts>* out) const;

  // Erases every part of `positions` physically: deletes them in one synced write, then flushes the
  // memtables (the write-ahead log that held them is deleted) and rewrites the table files that held
  // them, so their bytes are in no file of the log's directory when this returns (copies made
  // earlier by Backup keep theirs). Positions without parts are fine. Records and hashes are untouched.
  Status EraseParts(const std::vector<uint64_t>& positions);

  // For the service that erases again after a restore from an older backup: every record up to this
  // position has been looked at for erasures (0 at first). Stored in the log, so a backup copy has its own.
  uint64_t ErasureCursor() const;
  // Synced. Any value is accepted; the meaning is the service's.
  Status SetErasureCursor(uint64_t position);

  // Up to `max` records from position `from` (≥ 1) on, in order. Fewer at the head.
  Status Read(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const;
  // Up to `max` records of one stream, from its version `from_version` (≥ 1) on. Version n is the
  // stream's n-th record.
  Status ReadStream(std::string_view stream, uint64_t from_version, size_t max,
                    std::vector<v1::LogRecord>* out) const;
  // The stream's current version: how many records it has (0 for an unknown stream). Read from the
  // stored index; 0 as well when that cannot be read (Append checks expected_version itself).
  uint64_t StreamVersion(std::string_view stream) const;
  // The position of an event id; NotFound when it is not in the log.
  Status FindEvent(std::string_view event_id, uint64_t* position) const;

  LogHead Head() const;

  // A consistent copy of the log as it is now, into `dir` (which must not exist), while appends go
  // on: the index first, then the records with their parts and the erasure cursor (consistent copies of the
  // open databases, hard links where possible), so the copy's index never reaches past its records; opening
  // the copy indexes whatever it lacks. Written in dir.tmp and renamed: `dir` is a whole log or absent.
  // InvalidArgument when `dir` exists.
  Status Backup(const std::string& dir) const;

  // Seconds per group commit: the RocksDB write of one group, including its fsync (Append and
  // AppendReplicated alike). For /metrics.
  const metrics::Histogram& AppendLatency() const { return append_latency_; }

  // Ok while writes go on; after a failed write, Unavailable with its reason until a Reopen succeeds.
  Status WriteError() const;
  // After a failed write: closes the log and opens it again in place, waiting for the calls in
  // progress; the head is then what the disk holds (the failed write may or may not have reached it).
  // Ok at once while writes go on. Unavailable while a probe file of a few MiB cannot be written
  // into its directory (the disk is still full: the log stays stopped and readable); try again
  // later. When the open itself fails the log stays closed: reads answer Unavailable, Head() the last head.
  Status Reopen();
  // Writes that failed, and reopens that brought the log back, since it was opened (for /metrics).
  uint64_t WriteFailures() const { return write_failures_.value(); }
  uint64_t Reopens() const { return reopens_.value(); }

  // Recomputes the chain over [from, to] (to = 0: up to the head): positions without gaps, every
  // record parses and its hash recomputes from its predecessor's. Corruption naming the first bad
  // position otherwise; that position is also stored in *bad_position when given. from = 0 counts
  // as 1; a range past the head is InvalidArgument; an empty range (from > to) is ok.
  Status Verify(uint64_t from, uint64_t to, uint64_t* bad_position = nullptr) const;

 private:
  class Impl;
  EventLog(std::string dir, EventLogOptions options);
  // Opens the RocksDB databases in `dir_` and recovers (head, index).
  Status OpenImpl(std::unique_ptr<Impl>* out);

  const std::string dir_;
  const EventLogOptions options_;
  metrics::Histogram append_latency_{metrics::LatencyBuckets()};  // before impl_: outlives it
  metrics::Counter write_failures_;
  metrics::Counter reopens_;
  // Every call holds it shared; Reopen exclusively, to replace impl_. Null while a reopen failed.
  mutable std::shared_mutex mutex_;
  std::unique_ptr<Impl> impl_;
  LogHead last_head_;  // guarded by mutex_ (exclusive): the head when impl_ was closed
  Status closed_;      // guarded by mutex_: why impl_ is null
};

// The chained hash of one record (docs/LOG_FORMAT.md): what Append computes and Verify checks.
std::string RecordHash(std::string_view previous_hash, const v1::LogRecord& record);

}  // namespace regiotafel::eventstore
