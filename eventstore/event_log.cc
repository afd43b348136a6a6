// EventLog on RocksDB: Open and the recovery it does (head against the last record, the index caught
// up), Backup, and the public methods handed to EventLog::Impl. Layout and hash chain: docs/LOG_FORMAT.md.
#include "eventstore/event_log.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/sha256.h"
#include "eventstore/internal/event_log_impl.h"
#include "eventstore/internal/log_index.h"
#include "eventstore/internal/rocks.h"
#include "eventstore/internal/rocks_backup.h"
#include "eventstore/internal/rocks_erase.h"
#include "eventstore/internal/room_probe.h"

namespace regiotafel::eventstore {

namespace {

using internal::At;
using internal::DecodePosition;
using internal::FromRocks;
using internal::kErasureCursorKey;
using internal::kHeadKey;
using internal::kMeta;
using internal::kRecords;
using internal::LogIndex;
using internal::MicrosOf;
using internal::ParseIds;
using internal::ToSlice;

// The column families beside RocksDB's default one (internal::Family), and the index's directory
// (docs/LOG_FORMAT.md).
constexpr char kRecordsFamily[] = "records";  // be64(position) → LogRecord
constexpr char kPartsFamily[] = "parts";      // be64(position) ‖ be32(tag) → bytes
constexpr char kIndexDirectory[] = "index";

constexpr std::string_view kFormatKey = "format";
constexpr std::string_view kFormatValue = "regiotafel-eventlog-3";
// Format 2 is format 3 without parts: opening one adds the empty family and moves the format on.
constexpr std::string_view kFormatWithoutParts = "regiotafel-eventlog-2";

std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors(size_t records_memtable, size_t cache_bytes) {
  auto cache = rocksdb::NewLRUCache(cache_bytes);
  return {
      {rocksdb::kDefaultColumnFamilyName, internal::FamilyOptions(cache, {.write_buffer = size_t{4} << 20})},
      // Records arrive in key order and are mostly scanned: a big memtable, bigger blocks, and no
      // filter (keys of different files never overlap, so a point read touches one file per level).
      {kRecordsFamily, internal::FamilyOptions(
                           cache, {.write_buffer = records_memtable, .block_size = 16384, .scanned = true})},
      // Sealed parts are ciphertext, which does not compress; written as the records, read by range.
      {kPartsFamily, internal::FamilyOptions(cache, {.write_buffer = size_t{8} << 20, .scanned = true})},
  };
}

// The format value of the closed log in `dir` ("" when it has none), read without writing anything.
Status ReadFormatOf(const rocksdb::DBOptions& db_options, const std::string& dir, std::string* format) {
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(rocksdb::Options(db_options, rocksdb::ColumnFamilyOptions()), dir, &raw);
  if (!s.ok()) return FromRocks(s, "opening " + dir + " to read its format");
  std::unique_ptr<rocksdb::DB> db(raw);
  s = db->Get(rocksdb::ReadOptions(), ToSlice(kFormatKey), format);
  if (s.IsNotFound()) format->clear();
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the format of " + dir);
  return Status::Ok();
}

}  // namespace

Status EventLog::Impl::Load() {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kMeta], ToSlice(kFormatKey), &value);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the format");
  const bool has_format = s.ok();
  if (has_format && value == kFormatWithoutParts) {
    // Open has added the parts family (or did so before a crash stopped this write).
    rocksdb::WriteOptions sync;
    sync.sync = true;
    s = db_->Put(sync, handles_[kMeta], ToSlice(kFormatKey), ToSlice(kFormatValue));
    if (!s.ok()) return FromRocks(s, "moving the format on to " + std::string(kFormatValue));
  } else if (has_format && value != kFormatValue) {
    return Status::Corruption("event log: unknown format \"" + value + "\" (expected " +
                              std::string(kFormatValue) + ")");
  }

  s = db_->Get(rocksdb::ReadOptions(), handles_[kMeta], ToSlice(kErasureCursorKey), &value);
  if (!s.ok() && !s.IsNotFound()) return FromRocks(s, "reading the erasure cursor");
  if (s.ok()) {
    auto cursor = GetBigEndian64(value);
    if (!cursor || value.size() != 8)
      return Status::Corruption("event log: the erasure cursor is not 8 bytes");
    erasure_cursor_ = *cursor;
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
  std::unique_ptr<EventLog> log(new EventLog(dir, options));
  if (Status s = log->OpenImpl(&log->impl_); !s.ok()) return s;
  *out = std::move(log);
  return Status::Ok();
}

Status EventLog::OpenImpl(std::unique_ptr<Impl>* out) {
  const std::string& dir = dir_;
  const EventLogOptions& options = options_;
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = options.create_if_missing;
  db_options.create_missing_column_families = options.create_if_missing;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 4;
  db_options.allow_mmap_reads = true;
  // No recycled or archived write-ahead logs: EraseParts must be able to make a part's bytes leave
  // every file, and a recycled log keeps old bytes behind its new end (docs/LOG_FORMAT.md).
  internal::KeepNoOldLogs(&db_options);

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
    if (!has(kPartsFamily)) {
      // Only format 2 (or a log whose creation stopped before its format was written) lacks it; Load moves
      // the format on once the family is there.
      std::string format;
      if (Status st = ReadFormatOf(db_options, dir, &format); !st.ok()) return st;
      if (!format.empty() && format != kFormatWithoutParts) {
        return Status::Corruption("event log: " + dir + " is of format \"" + format +
                                  "\" but has no column family " + kPartsFamily);
      }
      db_options.create_missing_column_families = true;
    }
  }

  internal::UseTolerantInfoLog(dir, options.create_if_missing, &db_options);
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
  auto impl = std::make_unique<Impl>(options, std::move(db), std::move(handles), std::move(index),
                                     append_latency_, write_failures_);
  if (Status st = impl->Load(); !st.ok()) return st;
  if (Status st = impl->CatchUpIndex(); !st.ok()) return st;
  *out = std::move(impl);
  return Status::Ok();
}

EventLog::EventLog(std::string dir, EventLogOptions options) : dir_(std::move(dir)), options_(options) {}
EventLog::~EventLog() = default;

// Every call below holds mutex_ shared, so that Reopen can replace impl_ between calls; a closed log
// (a reopen that failed) answers why.
#define REGIOTAFEL_OPEN_OR(fallback) \
  std::shared_lock lock(mutex_);     \
  if (!impl_) return fallback

Status EventLog::Append(std::vector<AppendEntry> batch, std::vector<AppendResult>* results) {
  std::shared_lock lock(mutex_);
  if (!impl_) {
    results->assign(batch.size(), AppendResult{closed_});
    return closed_;
  }
  return impl_->Append(&batch, results);
}

Status EventLog::AppendReplicated(const std::vector<v1::LogRecord>& records,
                                  const std::vector<PositionParts>& parts) {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->AppendReplicated(records, parts);
}

Status EventLog::ReadParts(uint64_t from, uint64_t to, std::vector<PositionParts>* out) const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->ReadParts(from, to, out);
}

Status EventLog::EraseParts(const std::vector<uint64_t>& positions) {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->EraseParts(positions);
}

uint64_t EventLog::ErasureCursor() const {
  REGIOTAFEL_OPEN_OR(0);
  return impl_->ErasureCursor();
}

Status EventLog::SetErasureCursor(uint64_t position) {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->SetErasureCursor(position);
}

Status EventLog::Read(uint64_t from, size_t max, std::vector<v1::LogRecord>* out) const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->Read(from, max, out);
}

Status EventLog::ReadStream(std::string_view stream, uint64_t from_version, size_t max,
                            std::vector<v1::LogRecord>* out) const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->ReadStream(stream, from_version, max, out);
}

uint64_t EventLog::StreamVersion(std::string_view stream) const {
  REGIOTAFEL_OPEN_OR(0);
  return impl_->StreamVersion(stream);
}

Status EventLog::FindEvent(std::string_view event_id, uint64_t* position) const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->FindEvent(event_id, position);
}

LogHead EventLog::Head() const {
  REGIOTAFEL_OPEN_OR(last_head_);
  return impl_->Head();
}

Status EventLog::Verify(uint64_t from, uint64_t to, uint64_t* bad_position) const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->Verify(from, to, bad_position);
}

Status EventLog::Backup(const std::string& dir) const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->Backup(dir);
}

Status EventLog::WriteError() const {
  REGIOTAFEL_OPEN_OR(closed_);
  return impl_->WriteError();
}

#undef REGIOTAFEL_OPEN_OR

Status EventLog::Reopen() {
  std::unique_lock lock(mutex_);  // waits for the calls in progress; new ones wait for this
  if (impl_) {
    Status stopped = impl_->WriteError();
    if (stopped.ok()) return Status::Ok();
    // Still full: the log stays open for reading, and stopped.
    if (Status s = internal::ProbeRoomToReopen({dir_, dir_ + "/" + kIndexDirectory}); !s.ok()) return s;
    last_head_ = impl_->Head();
    closed_ = stopped;
    impl_.reset();  // closed first: RocksDB's locks on the directories go with it
  }
  std::unique_ptr<Impl> impl;
  if (Status s = OpenImpl(&impl); !s.ok()) {
    closed_ = Status::Unavailable("event log: writes stopped after a failed write; reopening failed: " +
                                  s.message());
    return s;
  }
  impl_ = std::move(impl);
  closed_ = Status::Ok();
  reopens_.Add();
  return Status::Ok();
}

}  // namespace regiotafel::eventstore
