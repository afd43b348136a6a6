// EventLog on RocksDB. Key layout, value encodings and the hash chain: docs/LOG_FORMAT.md.
#include "eventstore/event_log.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <utility>

#include "base/bytes.h"
#include "base/sha256.h"
#include "base/string_hash.h"
#include "eventstore/internal/log_index.h"
#include "eventstore/internal/rocks.h"
#include "eventstore/internal/rocks_backup.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::eventstore {

namespace {

using internal::DecodePosition;
using internal::FromRocks;
using internal::LogIndex;
using internal::PositionKey;
using internal::ToSlice;

// Column families (docs/LOG_FORMAT.md). The meta keys live in RocksDB's default family; the
// indexes in a database of their own (internal/log_index.h).
constexpr char kRecordsFamily[] = "records";  // be64(position) → LogRecord
enum Family { kMeta = 0, kRecords };
constexpr char kIndexDirectory[] = "index";

constexpr std::string_view kFormatKey = "format";
constexpr std::string_view kFormatValue = "regiotafel-eventlog-2";
constexpr std::string_view kHeadKey = "head";  // be64(position) ‖ hash(32)

// A group commit stops taking more writers past this many envelope bytes (leveldb uses 1 MiB), so a
// small write queued behind the group does not wait for an unbounded amount of I/O.
constexpr size_t kMaxGroupBytes = size_t{1} << 20;
// The stream-version cache is only a cache: past this many streams it starts over rather than grow
// without bound (one entry per dossier, woning, … is far below it in a region).
constexpr size_t kMaxCachedStreams = size_t{1} << 20;
// Readahead for long sequential scans (Verify, large Reads); short reads rely on RocksDB's own.
constexpr size_t kScanReadahead = size_t{2} << 20;
constexpr size_t kLongScan = 256;
// How many of the newest records Read serves from memory (a few MiB).
constexpr size_t kTailRecords = 8192;

std::string EncodeHead(const LogHead& head) {
  std::string value = PositionKey(head.position);
  value.append(head.hash);
  return value;
}

std::string At(uint64_t position) { return "event log: position " + std::to_string(position); }

// The envelope's event id and stream (views into `envelope`), read off the wire without building
// an Envelope: the log checks that the bytes are framed as protobuf and names the envelope's ids,
// not what the payload says (that is the contract's job, done before an event reaches the log).
// As protobuf's parser, the last occurrence of a field wins. False when the framing is broken.
bool ParseIds(std::string_view envelope, std::string_view* event_id, std::string_view* stream) {
  using google::protobuf::internal::WireFormatLite;
  constexpr uint32_t kEventIdTag =
      WireFormatLite::MakeTag(v1::Envelope::kEventIdFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  constexpr uint32_t kStreamTag =
      WireFormatLite::MakeTag(v1::Envelope::kStreamFieldNumber, WireFormatLite::WIRETYPE_LENGTH_DELIMITED);
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(envelope.data()),
                                            static_cast<int>(envelope.size()));
  *event_id = {};
  *stream = {};
  while (const uint32_t tag = in.ReadTag()) {
    if (tag == kEventIdTag || tag == kStreamTag) {
      uint32_t length = 0;
      if (!in.ReadVarint32(&length)) return false;
      const size_t offset = static_cast<size_t>(in.CurrentPosition());
      if (length > envelope.size() - offset) return false;
      *(tag == kEventIdTag ? event_id : stream) = envelope.substr(offset, length);
      in.Skip(static_cast<int>(length));
    } else if (!WireFormatLite::SkipField(&in, tag)) {
      return false;
    }
  }
  return in.ConsumedEntireMessage() && in.ExpectAtEnd();
}

// The stream index separates the stream from the version with a 0 byte, so a stream may not hold one.
bool ValidStream(std::string_view stream) { return stream.find('\0') == std::string_view::npos; }

int64_t MicrosOf(const google::protobuf::Timestamp& t) { return t.seconds() * 1'000'000 + t.nanos() / 1000; }

google::protobuf::Timestamp TimestampOf(int64_t micros) {
  google::protobuf::Timestamp t;
  t.set_seconds(micros / 1'000'000);
  t.set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
  return t;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors(size_t records_memtable, size_t cache_bytes) {
  auto cache = rocksdb::NewLRUCache(cache_bytes);
  return {
      {rocksdb::kDefaultColumnFamilyName, internal::FamilyOptions(cache, {.write_buffer = size_t{4} << 20})},
      // Records arrive in key order and are mostly scanned: a big memtable, bigger blocks, and no
      // filter (keys of different files never overlap, so a point read touches one file per level).
      {kRecordsFamily, internal::FamilyOptions(
                           cache, {.write_buffer = records_memtable, .block_size = 16384, .scanned = true})},
  };
}

}  // namespace

std::string RecordHash(std::string_view previous_hash, const v1::LogRecord& record) {
  std::string fixed;  // position ‖ seconds ‖ nanos ‖ envelope length
  fixed.reserve(24);
  PutBigEndian64(&fixed, record.position());
  PutBigEndian64(&fixed, static_cast<uint64_t>(record.recorded_at().seconds()));
  PutBigEndian32(&fixed, static_cast<uint32_t>(record.recorded_at().nanos()));
  PutBigEndian32(&fixed, static_cast<uint32_t>(record.envelope().size()));
  std::string signature_length;
  PutBigEndian32(&signature_length, static_cast<uint32_t>(record.signature().size()));
  return Sha256()
      .Update(previous_hash)
      .Update(fixed)
      .Update(record.envelope())
      .Update(signature_length)
      .Update(record.signature())
      .Finish();
}

Status AppendEntry::FromSigned(std::string envelope, std::string signature, AppendEntry* out) {
  AppendEntry entry;
  std::string_view event_id, stream;
  if (!ParseIds(envelope, &event_id, &stream)) {
    return Status::Corruption("event log: the envelope bytes do not parse as an Envelope");
  }
  entry.event_id = event_id;
  entry.stream = stream;
  entry.envelope = std::move(envelope);
  entry.signature = std::move(signature);
  *out = std::move(entry);
  return Status::Ok();
}

class EventLog::Impl {
 public:
  Impl(const EventLogOptions& options, std::unique_ptr<rocksdb::DB> db,
       std::vector<rocksdb::ColumnFamilyHandle*> handles, std::unique_ptr<LogIndex> index)
      : db_(std::move(db)), handles_(std::move(handles)), index_(std::move(index)) {
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
  Status AppendReplicated(const std::vector<v1::LogRecord>& records);
  Status Read(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const;
  Status ReadStream(std::string_view stream, uint64_t from_version, size_t max,
                    std::vector<v1::LogRecord>* out) const;
  uint64_t StreamVersion(std::string_view stream) const;
  Status FindEvent(std::string_view event_id, uint64_t* position) const;
  LogHead Head() const;
  Status Verify(uint64_t from, uint64_t to, uint64_t* bad_position) const;
  Status Backup(const std::string& dir) const;
  const metrics::Histogram& append_latency() const { return append_latency_; }

 private:
  // One caller of Append or AppendReplicated, queued for the group commit (leveldb's DBImpl::Writer).
  struct Writer {
    std::vector<AppendEntry>* batch = nullptr;               // an Append, or
    const std::vector<v1::LogRecord>* replicated = nullptr;  // an AppendReplicated
    std::vector<AppendResult>* results = nullptr;            // with `batch`
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
    std::vector<LogIndex::Entry> indexed;                        // for the index, once the batch is durable
    v1::LogRecord record;                                        // reused for every record of the group
    std::vector<std::shared_ptr<const std::string>> serialized;  // the records' bytes, for the tail
  };

  Status Commit(Writer* w);
  void TakeFollowers(std::vector<Writer*>* members) const;
  Status WriteGroup(const std::vector<Writer*>& members, Group* group, bool* write_failed);
  Status BuildAppend(const std::vector<Writer*>& members, Group* group);
  Status BuildReplicated(const std::vector<v1::LogRecord>& records, Group* group);
  void AddRecord(const v1::LogRecord& record, std::string_view event_id, std::string_view stream,
                 uint64_t version, const AppendEntry* entry, Group* group);
  Status CurrentVersion(const Group& group, std::string_view stream, uint64_t* version);

  // Read from the tail in memory: false when `from` is before it.
  bool ReadTail(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const;
  // The record at `position`, parsed and checked to be that position's; NotFound when absent.
  Status ReadRecord(uint64_t position, v1::LogRecord* record) const;

  const std::unique_ptr<rocksdb::DB> db_;                    // thread-safe itself
  const std::vector<rocksdb::ColumnFamilyHandle*> handles_;  // indexed by Family
  std::unique_ptr<LogIndex> index_;                          // thread-safe itself
  rocksdb::WriteOptions write_options_;
  metrics::Histogram append_latency_{metrics::LatencyBuckets()};  // lock-free itself

  mutable std::mutex mutex_;
  // Guarded by mutex_.
  std::deque<Writer*> writers_;  // the front one leads the group being written
  LogHead head_;                 // published only once durable: every position ≤ head_ can be read
  // The newest records as stored, positions head_ - tail_.size() + 1 … head_: readers near the head
  // (the bus's PUB, a follower's fetch, a node's views) are served from here, not by a RocksDB
  // iterator, which cost the bus as much as a quarter of an append.
  std::deque<std::shared_ptr<const std::string>> tail_;
  Status write_error_;  // sticky: ok until a write fails, then Unavailable until reopened

  // Touched only by the leader, the writer at the front of writers_. Leadership passes from one
  // writer to the next under mutex_, which orders the hand-over; no reader looks at these.
  std::unordered_map<std::string, uint64_t, StringHash, std::equal_to<>> stream_versions_;  // of the index
  int64_t last_recorded_at_micros_ = 0;
};

Status EventLog::Impl::Load() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kMeta], ToSlice(kFormatKey), &value);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the format");
  const bool has_format = s.ok();
  if (has_format && value != kFormatValue) {
    return Status::Corruption("event log: unknown format \"" + value + "\" (expected " +
                              std::string(kFormatValue) + ")");
  }

  s = db_->Get(rocksdb::ReadOptions(), handles_[kMeta], ToSlice(kHeadKey), &value);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the head");
  const bool has_head = s.ok();
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), handles_[kRecords]));
  it->SeekToLast();
  if (!it->status().ok()) return FromRocks(it->status(), "finding the last record");

  if (!has_head) {
    if (it->Valid()) return Status::Corruption("event log: records are stored but the head is missing");
    if (!has_format) {  // a new log (or one whose creation stopped before this write)
      rocksdb::WriteOptions sync;
      sync.sync = true;
      s = db_->Put(sync, handles_[kMeta], ToSlice(kFormatKey), ToSlice(kFormatValue));
      if (!s.ok()) return FromRocks(s, "writing the format");
    }
    return Status::Ok();
  }
  if (!has_format) return Status::Corruption("event log: a head is stored but the format key is missing");

  auto position = DecodePosition(std::string_view(value).substr(0, 8));
  if (value.size() != 8 + kSha256Size || !position) {
    return Status::Corruption("event log: the stored head is not 8 + 32 bytes with a position ≥ 1");
  }
  LogHead head{*position, value.substr(8)};

  // The head is written in the same batch as its records, so it must name the last record exactly.
  auto last = it->Valid() ? DecodePosition(it->key().ToStringView()) : std::nullopt;
  if (!last || *last != head.position) {
    return Status::Corruption("event log: the stored head " + std::to_string(head.position) +
                              " is not the last record" + (last ? " (" + std::to_string(*last) + ")" : ""));
  }
  v1::LogRecord record, previous;
  if (Status st = ReadRecord(head.position, &record); !st.ok()) return st;
  std::string previous_hash(kSha256Size, '\0');
  if (head.position > 1) {
    if (Status st = ReadRecord(head.position - 1, &previous); !st.ok()) {
      return st.IsNotFound() ? Status::Corruption(At(head.position - 1) + " is missing") : st;
    }
    previous_hash = previous.hash();
  }
  if (record.hash() != head.hash || RecordHash(previous_hash, record) != head.hash) {
    return Status::Corruption(At(head.position) + ": the record's hash does not match the stored head");
  }
  head_ = std::move(head);
  last_recorded_at_micros_ = MicrosOf(record.recorded_at());
  return Status::Ok();
}

Status EventLog::Impl::CatchUpIndex() {
  const uint64_t indexed = index_->Indexed();
  if (indexed > head_.position) {
    return Status::Corruption("event log: the index reaches position " + std::to_string(indexed) +
                              ", past the head " + std::to_string(head_.position) +
                              "; delete the directory " + kIndexDirectory +
                              " inside the log to rebuild it from the records");
  }
  std::vector<v1::LogRecord> records;
  for (uint64_t from = indexed + 1; from <= head_.position; from += records.size()) {
    if (Status s = Read(from, 4096, &records); !s.ok()) return s;
    if (records.empty()) return Status::Corruption(At(from) + " is missing");
    std::vector<LogIndex::Entry> entries;
    std::unordered_map<std::string_view, uint64_t> versions;  // this chunk's streams so far
    for (const v1::LogRecord& record : records) {
      std::string_view event_id, stream;
      if (!ParseIds(record.envelope(), &event_id, &stream)) {
        return Status::Corruption(At(record.position()) + ": the envelope does not parse");
      }
      auto [version, fresh] = versions.try_emplace(stream, 0);
      if (fresh) {
        if (Status s = index_->StreamVersion(stream, &version->second); !s.ok()) return s;
      }
      entries.push_back({record.position(), std::string(event_id), std::string(stream), ++version->second});
    }
    if (Status s = index_->Add(std::move(entries)); !s.ok()) return s;
  }
  return Status::Ok();
}

// --- Writing -------------------------------------------------------------------------------------

Status EventLog::Impl::Append(std::vector<AppendEntry>* batch, std::vector<AppendResult>* results) {
  results->assign(batch->size(), AppendResult{});
  if (batch->empty()) return Status::Ok();

  // Checked by each caller on its own thread before queueing, so the leader does not parse for all.
  Writer w;
  w.batch = batch;
  w.results = results;
  std::string_view event_id, stream;
  for (size_t i = 0; i < batch->size(); ++i) {
    const AppendEntry& e = (*batch)[i];
    Status& status = (*results)[i].status;
    w.bytes += e.envelope.size() + e.signature.size();
    if (!ParseIds(e.envelope, &event_id, &stream)) {
      status = Status::InvalidArgument("the envelope bytes do not parse as an Envelope", "envelope");
    } else if (e.event_id.empty() || e.event_id != event_id) {
      status = Status::InvalidArgument("the event id is empty or not the envelope's", "event_id");
    } else if (e.stream != stream || !ValidStream(e.stream)) {
      status = Status::InvalidArgument("the stream is not the envelope's or holds a 0 byte", "stream");
    }
  }

  Status s = Commit(&w);
  if (!s.ok()) {
    for (AppendResult& r : *results) r = AppendResult{s};
  }
  return s;
}

Status EventLog::Impl::AppendReplicated(const std::vector<v1::LogRecord>& records) {
  if (records.empty()) return Status::Ok();
  Writer w;
  w.replicated = &records;
  return Commit(&w);
}

// The group commit, after leveldb's DBImpl::Write: the writer at the front of the queue leads; it
// takes the Append writers queued behind it, writes them all in one batch with one sync, and
// answers them. A replicated writer always forms a group of its own.
Status EventLog::Impl::Commit(Writer* w) {
  std::unique_lock lock(mutex_);
  writers_.push_back(w);
  while (!w->done && w != writers_.front()) w->cv.wait(lock);
  if (w->done) return w->status;

  std::vector<Writer*> members{w};
  Status status = write_error_;
  if (status.ok()) {
    if (w->batch != nullptr) TakeFollowers(&members);
    Group group;
    group.head = head_;
    bool write_failed = false;
    lock.unlock();  // others may queue meanwhile; only this leader writes
    status = WriteGroup(members, &group, &write_failed);
    lock.lock();
    if (status.ok()) {
      head_ = std::move(group.head);
      for (auto& bytes : group.serialized) tail_.push_back(std::move(bytes));
      while (tail_.size() > kTailRecords) tail_.pop_front();
    } else if (write_failed) {
      // The batch may or may not be on disk: refuse everything until a reopen has recovered.
      write_error_ =
          Status::Unavailable("event log: writes stopped after a failed write; reopen the log to recover (" +
                              status.ToString() + ")");
    }
  }

  for (Writer* member : members) {
    writers_.pop_front();
    member->status = status;
    member->done = true;
    if (member != w) member->cv.notify_one();
  }
  if (!writers_.empty()) writers_.front()->cv.notify_one();
  return status;
}

void EventLog::Impl::TakeFollowers(std::vector<Writer*>* members) const {
  size_t bytes = members->front()->bytes;
  for (auto it = writers_.begin() + 1; it != writers_.end(); ++it) {
    if ((*it)->batch == nullptr || bytes + (*it)->bytes > kMaxGroupBytes) break;
    bytes += (*it)->bytes;
    members->push_back(*it);
  }
}

Status EventLog::Impl::WriteGroup(const std::vector<Writer*>& members, Group* group, bool* write_failed) {
  const uint64_t first = group->head.position + 1;
  Status s = members.front()->replicated != nullptr ? BuildReplicated(*members.front()->replicated, group)
                                                    : BuildAppend(members, group);
  if (!s.ok()) return s;
  if (group->head.position < first) return Status::Ok();  // only duplicates and refusals

  group->batch.Put(handles_[kMeta], ToSlice(kHeadKey), EncodeHead(group->head));
  const auto write_started = std::chrono::steady_clock::now();
  rocksdb::Status ws = db_->Write(write_options_, &group->batch);
  append_latency_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - write_started).count());
  if (!ws.ok()) {
    *write_failed = true;
    return FromRocks(
        ws, "writing positions " + std::to_string(first) + ".." + std::to_string(group->head.position));
  }

  // Written (and synced, unless options.sync is off): the index and the leader's cache follow.
  if (Status st = index_->Add(std::move(group->indexed)); !st.ok()) {
    *write_failed = true;
    return st;
  }
  if (stream_versions_.size() + group->stream_versions.size() > kMaxCachedStreams) stream_versions_.clear();
  for (auto& [stream, version] : group->stream_versions) {
    if (auto it = stream_versions_.find(stream); it != stream_versions_.end()) {
      it->second = version;
    } else {
      stream_versions_.emplace(stream, version);
    }
  }
  last_recorded_at_micros_ = std::max(last_recorded_at_micros_, group->recorded_at_micros);
  return Status::Ok();
}

Status EventLog::Impl::BuildAppend(const std::vector<Writer*>& members, Group* group) {
  // One time for the whole group, never before the last record's: recorded_at stays monotonic even
  // when the wall clock steps back, so "as of" queries can rely on log order.
  group->recorded_at_micros = std::max(NowMicros(), last_recorded_at_micros_);
  const google::protobuf::Timestamp recorded_at = TimestampOf(group->recorded_at_micros);

  for (Writer* w : members) {
    for (size_t i = 0; i < w->batch->size(); ++i) {
      const AppendEntry& e = (*w->batch)[i];
      AppendResult& r = (*w->results)[i];
      if (!r.status.ok()) continue;  // refused before it was queued

      // Idempotency comes before the version check: a retry of an append that succeeded answers
      // its first position even though the stream has moved on since.
      std::string_view logged_envelope;
      v1::LogRecord logged;
      uint64_t logged_at = 0;
      if (auto it = group->event_ids.find(e.event_id); it != group->event_ids.end()) {
        logged_at = it->second.first;
        logged_envelope = it->second.second->envelope;
      } else {
        if (Status s = index_->FindEvent(e.event_id, &logged_at); !s.ok()) return s;
        if (logged_at != 0) {
          if (Status s = ReadRecord(logged_at, &logged); !s.ok()) {
            return s.IsNotFound() ? Status::Corruption(At(logged_at) + " is indexed for event " + e.event_id +
                                                       " but missing")
                                  : s;
          }
          logged_envelope = logged.envelope();
        }
      }
      if (logged_at != 0) {
        // The envelope's bytes decide, not the signature's: resubmitted in another batch, the same
        // envelope carries another batch proof (base/batch_signature.h), which the bus verified.
        if (logged_envelope == e.envelope) {
          r.position = logged_at;
          r.duplicate = true;
        } else {
          r.status =
              Status::InvalidArgument("event id " + e.event_id + " is already in the log at position " +
                                          std::to_string(logged_at) + " with other bytes",
                                      "event_id");
        }
        continue;
      }

      uint64_t version = 0;
      if (Status s = CurrentVersion(*group, e.stream, &version); !s.ok()) return s;
      if (e.expected_version && *e.expected_version != version) {
        r.status = Status::Conflict("stream " + e.stream + " is at version " + std::to_string(version) +
                                    ", not " + std::to_string(*e.expected_version));
        continue;
      }

      v1::LogRecord& record = group->record;
      record.set_position(group->head.position + 1);
      *record.mutable_recorded_at() = recorded_at;
      record.set_envelope(e.envelope);
      record.set_signature(e.signature);
      record.set_hash(RecordHash(group->head.hash, record));
      AddRecord(record, e.event_id, e.stream, version + 1, &e, group);
      r.position = record.position();
    }
  }
  return Status::Ok();
}

Status EventLog::Impl::BuildReplicated(const std::vector<v1::LogRecord>& records, Group* group) {
  group->recorded_at_micros = last_recorded_at_micros_;
  std::string_view event_id, stream;
  for (const v1::LogRecord& record : records) {
    const uint64_t expected = group->head.position + 1;
    const std::string at = "event log: replicated record at position " + std::to_string(record.position());
    if (record.position() != expected) {
      return Status::Corruption(at + " does not follow position " + std::to_string(expected - 1));
    }
    if (RecordHash(group->head.hash, record) != record.hash()) {
      return Status::Corruption(at + ": its hash does not chain from the hash of position " +
                                std::to_string(expected - 1));
    }
    if (!ParseIds(record.envelope(), &event_id, &stream) || event_id.empty() || !ValidStream(stream)) {
      return Status::Corruption(at + ": the envelope does not parse or lacks a usable event id and stream");
    }
    uint64_t logged_at = 0;
    if (auto it = group->event_ids.find(event_id); it != group->event_ids.end()) {
      logged_at = it->second.first;
    } else if (Status s = index_->FindEvent(event_id, &logged_at); !s.ok()) {
      return s;
    }
    if (logged_at != 0) {  // a log that assigned one event id twice is not a log this one can follow
      return Status::Corruption(at + ": event id " + std::string(event_id) + " is already at position " +
                                std::to_string(logged_at));
    }
    uint64_t version = 0;
    if (Status s = CurrentVersion(*group, stream, &version); !s.ok()) return s;
    AddRecord(record, event_id, stream, version + 1, nullptr, group);
    group->recorded_at_micros = std::max(group->recorded_at_micros, MicrosOf(record.recorded_at()));
  }
  return Status::Ok();
}

void EventLog::Impl::AddRecord(const v1::LogRecord& record, std::string_view event_id,
                               std::string_view stream, uint64_t version, const AppendEntry* entry,
                               Group* group) {
  const std::string position = PositionKey(record.position());
  auto bytes = std::make_shared<std::string>();
  record.SerializeToString(bytes.get());
  group->batch.Put(handles_[kRecords], position, *bytes);
  group->serialized.push_back(std::move(bytes));
  group->indexed.push_back({record.position(), std::string(event_id), std::string(stream), version});
  group->head.position = record.position();
  group->head.hash = record.hash();
  group->stream_versions[stream] = version;
  group->event_ids.emplace(event_id, std::make_pair(record.position(), entry));
}

Status EventLog::Impl::CurrentVersion(const Group& group, std::string_view stream, uint64_t* version) {
  if (auto it = group.stream_versions.find(stream); it != group.stream_versions.end()) {
    *version = it->second;
    return Status::Ok();
  }
  if (auto it = stream_versions_.find(stream); it != stream_versions_.end()) {
    *version = it->second;
    return Status::Ok();
  }
  if (Status s = index_->StreamVersion(stream, version); !s.ok()) return s;
  if (stream_versions_.size() >= kMaxCachedStreams) stream_versions_.clear();
  stream_versions_.emplace(stream, *version);
  return Status::Ok();
}

// --- Reading -------------------------------------------------------------------------------------

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

Status EventLog::Impl::Backup(const std::string& dir) const {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(dir, ec)) return Status::InvalidArgument("backup: " + dir + " already exists");
  const fs::path tmp = dir + ".tmp";
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Status::IOError("backup: cannot create " + tmp.string() + ": " + ec.message());
  auto fail = [&tmp](Status s) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    return s;
  };
  // The index first: it is written behind the records, so taken before them it cannot reach past
  // the copy's head (which Open would refuse); the copy's Open indexes the records it lacks.
  if (Status s = index_->Backup((tmp / kIndexDirectory).string()); !s.ok()) return fail(s);
  if (Status s = internal::CopyOpenDatabase(db_.get(), (tmp / "log").string(), "the log"); !s.ok())
    return fail(s);
  fs::rename(tmp / kIndexDirectory, tmp / "log" / kIndexDirectory, ec);
  if (!ec) fs::rename(tmp / "log", dir, ec);
  if (ec)
    return fail(Status::IOError("backup: cannot move the log's copy into " + dir + ": " + ec.message()));
  fs::remove_all(tmp, ec);
  return Status::Ok();
}

// --- EventLog ------------------------------------------------------------------------------------

Status EventLog::Open(const std::string& dir, const EventLogOptions& options,
                      std::unique_ptr<EventLog>* out) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;
  db_options.allow_mmap_reads = true;
  db_options.recycle_log_file_num = 4;

  // A RocksDB database without our records family is someone else's (an outbox, say): never add
  // to it. One with the index families inside is an event log of format 1.
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, dir, &existing).ok()) {
    auto has = [&](const char* name) {
      return std::find(existing.begin(), existing.end(), name) != existing.end();
    };
    if (has("event_ids")) {
      return Status::InvalidArgument(dir +
                                     " holds an event log of an earlier format (regiotafel-eventlog-1), "
                                     "which this version does not read");
    }
    if (!has(kRecordsFamily)) {
      return Status::InvalidArgument(dir +
                                     " holds a RocksDB database that is not an event log (no column family " +
                                     kRecordsFamily + ")");
    }
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(
      db_options, dir, FamilyDescriptors(options.memtable_bytes / 3 * 2, options.cache_bytes / 3 * 2),
      &handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening " + dir);
  std::unique_ptr<rocksdb::DB> db(raw);
  std::unique_ptr<LogIndex> index;
  if (Status st = LogIndex::Open(dir + "/" + kIndexDirectory, options.create_if_missing,
                                 options.memtable_bytes / 6, options.cache_bytes / 3, &index);
      !st.ok()) {
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
    return st;
  }
  auto impl = std::make_unique<Impl>(options, std::move(db), std::move(handles), std::move(index));
  if (Status st = impl->Load(); !st.ok()) return st;
  if (Status st = impl->CatchUpIndex(); !st.ok()) return st;
  out->reset(new EventLog(std::move(impl)));
  return Status::Ok();
}

EventLog::EventLog(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EventLog::~EventLog() = default;

Status EventLog::Append(std::vector<AppendEntry> batch, std::vector<AppendResult>* results) {
  return impl_->Append(&batch, results);
}

Status EventLog::AppendReplicated(const std::vector<v1::LogRecord>& records) {
  return impl_->AppendReplicated(records);
}

Status EventLog::Read(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const {
  return impl_->Read(from, max, out);
}

Status EventLog::ReadStream(std::string_view stream, uint64_t from_version, size_t max,
                            std::vector<v1::LogRecord>* out) const {
  return impl_->ReadStream(stream, from_version, max, out);
}

uint64_t EventLog::StreamVersion(std::string_view stream) const { return impl_->StreamVersion(stream); }

Status EventLog::FindEvent(std::string_view event_id, uint64_t* position) const {
  return impl_->FindEvent(event_id, position);
}

LogHead EventLog::Head() const { return impl_->Head(); }

Status EventLog::Verify(uint64_t from, uint64_t to, uint64_t* bad_position) const {
  return impl_->Verify(from, to, bad_position);
}

Status EventLog::Backup(const std::string& dir) const { return impl_->Backup(dir); }

const metrics::Histogram& EventLog::AppendLatency() const { return impl_->append_latency(); }

}  // namespace regiotafel::eventstore
