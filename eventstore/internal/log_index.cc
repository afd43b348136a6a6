#include "eventstore/internal/log_index.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/memtablerep.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <limits>

#include "base/bytes.h"
#include "eventstore/internal/rocks.h"
#include "eventstore/internal/rocks_backup.h"

namespace regiotafel::eventstore::internal {
namespace {

enum Family { kMeta = 0, kStreams, kEventIds };
constexpr char kStreamsFamily[] = "streams";
constexpr char kEventIdsFamily[] = "event_ids";
constexpr std::string_view kFormatKey = "format";
constexpr std::string_view kFormatValue = "regiotafel-logindex-1";
constexpr std::string_view kIndexedKey = "indexed";  // be64(position)

// Add waits while this many entries are not yet written: the memory they hold stays bounded when
// a catch-up appends faster than the index is written.
constexpr size_t kMaxPending = 100'000;
// Entries per write of the thread.
constexpr size_t kMaxWrite = 8'192;

std::string StreamPrefix(std::string_view stream) {
  std::string prefix(stream);
  prefix.push_back('\0');
  return prefix;
}

std::string StreamKey(std::string_view stream, uint64_t version) {
  std::string key = StreamPrefix(stream);
  PutBigEndian64(&key, version);
  return key;
}

// A stream key's stream part, `stream ‖ 0x00`: a stream's keys arrive in version order, so RocksDB
// can insert each one next to the previous one of its stream instead of searching the memtable
// (memtable_insert_with_hint_prefix_extractor).
class StreamOfKey final : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "regiotafel.StreamOfKey"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    const size_t end = key.ToStringView().find('\0');
    return rocksdb::Slice(key.data(), end == std::string_view::npos ? key.size() : end + 1);
  }
  bool InDomain(const rocksdb::Slice&) const override { return true; }
};

// Event ids are random: in a skiplist memtable every insert searches all of it. A hash memtable
// keyed by the whole id (a UUID is 36 bytes) inserts and finds in constant time; ids are only
// ever looked up one by one, never scanned.
constexpr size_t kEventIdBytes = 36;

std::vector<rocksdb::ColumnFamilyDescriptor> FamilyDescriptors(size_t memtable_bytes, size_t cache_bytes) {
  auto cache = rocksdb::NewLRUCache(cache_bytes);
  rocksdb::ColumnFamilyOptions streams = FamilyOptions(cache, {.write_buffer = memtable_bytes});
  streams.memtable_insert_with_hint_prefix_extractor = std::make_shared<StreamOfKey>();
  rocksdb::ColumnFamilyOptions event_ids =
      FamilyOptions(cache, {.write_buffer = memtable_bytes, .point_lookups = true});
  event_ids.prefix_extractor.reset(rocksdb::NewCappedPrefixTransform(kEventIdBytes));
  // Buckets of the hash memtable: about one per id a memtable of this size holds (~100 bytes each).
  event_ids.memtable_factory.reset(
      rocksdb::NewHashSkipListRepFactory(std::max<size_t>(memtable_bytes / 100, 1024)));
  return {
      {rocksdb::kDefaultColumnFamilyName, FamilyOptions(cache, {.write_buffer = size_t{1} << 20})},
      {kStreamsFamily, streams},
      {kEventIdsFamily, event_ids},
  };
}

}  // namespace

Status LogIndex::Open(const std::string& dir, bool create_if_missing, size_t memtable_bytes,
                      size_t cache_bytes, std::unique_ptr<LogIndex>* out) {
  rocksdb::DBOptions options;
  options.create_if_missing = create_if_missing;
  options.create_missing_column_families = create_if_missing;
  options.max_background_jobs = 2;
  options.keep_log_file_num = 4;
  // The hash memtable takes one writer at a time; the index has one thread writing.
  options.allow_concurrent_memtable_write = false;
  UseTolerantInfoLog(dir, create_if_missing, &options);

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::Open(options, dir, FamilyDescriptors(memtable_bytes, cache_bytes), &handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening the index " + dir);
  std::unique_ptr<rocksdb::DB> db(raw);
  auto close = [&] {
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  };

  std::string format, indexed;
  s = db->Get(rocksdb::ReadOptions(), handles[kMeta], ToSlice(kFormatKey), &format);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions sync;
    sync.sync = true;
    s = db->Put(sync, handles[kMeta], ToSlice(kFormatKey), ToSlice(kFormatValue));
    format = kFormatValue;
  }
  if (s.ok()) s = db->Get(rocksdb::ReadOptions(), handles[kMeta], ToSlice(kIndexedKey), &indexed);
  if (!s.ok() && !s.IsNotFound()) {
    close();
    return FromRocks(s, "reading the index's format and reach");
  }
  std::optional<uint64_t> position = s.ok() ? DecodePosition(indexed) : std::optional<uint64_t>(0);
  if (format != kFormatValue || !position) {
    close();
    return Status::Corruption("event log: the index in " + dir + " has format \"" + format +
                              "\" or a broken reach; delete that directory to rebuild it from the records");
  }
  out->reset(new LogIndex(std::move(db), std::move(handles), *position));
  return Status::Ok();
}

Status LogIndex::Backup(const std::string& dir) const {
  return CopyOpenDatabase(db_.get(), dir, "the log's index");
}

LogIndex::LogIndex(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> handles,
                   uint64_t indexed)
    : db_(std::move(db)), handles_(std::move(handles)), indexed_(indexed), added_(indexed) {
  thread_ = std::thread([this] { Run(); });
}

LogIndex::~LogIndex() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_one();
  thread_.join();
  for (rocksdb::ColumnFamilyHandle* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
}

uint64_t LogIndex::Indexed() const {
  std::lock_guard lock(mutex_);
  return indexed_;
}

Status LogIndex::Add(std::vector<Entry> entries) {
  if (entries.empty()) return Status::Ok();
  std::unique_lock lock(mutex_);
  progress_.wait(lock, [&] { return queue_.size() < kMaxPending || !error_.ok(); });
  if (!error_.ok()) return error_;
  for (Entry& e : entries) {
    const Entry& queued = queue_.emplace_back(std::move(e));
    pending_events_.emplace(queued.event_id, queued.position);
    if (auto it = pending_streams_.find(queued.stream); it != pending_streams_.end()) {
      // Re-key on the newest entry: the older one leaves the queue first.
      auto node = pending_streams_.extract(it);
      node.key() = queued.stream;
      node.mapped() = &queued;
      pending_streams_.insert(std::move(node));
    } else {
      pending_streams_.emplace(queued.stream, &queued);
    }
  }
  added_ = queue_.back().position;
  lock.unlock();
  work_.notify_one();
  return Status::Ok();
}

void LogIndex::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return;  // stopping, and everything is written
    // Queued entries stay where they are until written; only this thread removes them.
    std::vector<const Entry*> batch;
    for (size_t i = 0; i < queue_.size() && i < kMaxWrite; ++i) batch.push_back(&queue_[i]);
    lock.unlock();
    Status s = Write(batch);
    lock.lock();
    if (!s.ok()) {
      // The entries stay pending, so lookups remain right; the log stops appending (Add fails).
      error_ = s;
      progress_.notify_all();
      return;
    }
    for (const Entry* e : batch) {
      if (auto it = pending_events_.find(e->event_id);
          it != pending_events_.end() && it->second == e->position) {
        pending_events_.erase(it);
      }
      if (auto it = pending_streams_.find(e->stream); it != pending_streams_.end() && it->second == e) {
        pending_streams_.erase(it);
      }
    }
    indexed_ = batch.back()->position;
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
    progress_.notify_all();
  }
}

Status LogIndex::Write(const std::vector<const Entry*>& entries) {
  rocksdb::WriteBatch batch;
  std::string key;
  for (const Entry* e : entries) {
    const std::string position = PositionKey(e->position);
    key.assign(e->stream).push_back('\0');
    PutBigEndian64(&key, e->version);
    batch.Put(handles_[kStreams], key, position);
    batch.Put(handles_[kEventIds], ToSlice(e->event_id), position);
  }
  batch.Put(handles_[kMeta], ToSlice(kIndexedKey), PositionKey(entries.back()->position));
  // Not synced: what a crash loses here is indexed again from the records at the next open.
  rocksdb::Status s = db_->Write(rocksdb::WriteOptions(), &batch);
  if (!s.ok()) {
    return FromRocks(s, "writing the index up to position " + std::to_string(entries.back()->position));
  }
  return Status::Ok();
}

// Lookups: the pending entries first, then the database. The thread writes an entry before it
// drops it from pending, so a lookup that misses it in one place finds it in the other.

Status LogIndex::FindEvent(std::string_view event_id, uint64_t* position) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = pending_events_.find(event_id); it != pending_events_.end()) {
      *position = it->second;
      return Status::Ok();
    }
  }
  return WrittenEvent(event_id, position);
}

Status LogIndex::StreamVersion(std::string_view stream, uint64_t* version) const {
  {
    std::lock_guard lock(mutex_);
    if (auto it = pending_streams_.find(stream); it != pending_streams_.end()) {
      *version = it->second->version;
      return Status::Ok();
    }
  }
  return WrittenStreamVersion(stream, version);
}

Status LogIndex::WrittenEvent(std::string_view event_id, uint64_t* position) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handles_[kEventIds], ToSlice(event_id), &value);
  if (s.IsNotFound()) {
    *position = 0;
    return Status::Ok();
  }
  if (!s.ok()) return FromRocks(s, "looking up event " + std::string(event_id));
  auto decoded = DecodePosition(value);
  if (!decoded) {
    return Status::Corruption("event log: the index entry of event " + std::string(event_id) +
                              " is not a position");
  }
  *position = *decoded;
  return Status::Ok();
}

Status LogIndex::WrittenStreamVersion(std::string_view stream, uint64_t* version) const {
  const std::string prefix = StreamPrefix(stream);
  rocksdb::ReadOptions options;
  rocksdb::Slice lower = ToSlice(prefix);
  options.iterate_lower_bound = &lower;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kStreams]));
  it->SeekForPrev(StreamKey(stream, std::numeric_limits<uint64_t>::max()));
  if (!it->status().ok())
    return FromRocks(it->status(), "reading the version of stream " + std::string(stream));
  *version = 0;
  if (!it->Valid() || !it->key().starts_with(lower)) return Status::Ok();
  auto decoded = it->key().size() == prefix.size() + 8
                     ? DecodePosition(std::string_view(it->key().data() + prefix.size(), 8))
                     : std::nullopt;
  if (!decoded)
    return Status::Corruption("event log: a key of stream " + std::string(stream) + " is malformed");
  *version = *decoded;
  return Status::Ok();
}

Status LogIndex::StreamPositions(std::string_view stream, uint64_t from_version, size_t max,
                                 std::vector<uint64_t>* out) const {
  out->clear();
  {
    std::unique_lock lock(mutex_);
    const uint64_t added = added_;
    progress_.wait(lock, [&] { return indexed_ >= added || !error_.ok(); });
    if (indexed_ < added) return error_;
  }
  const std::string prefix = StreamPrefix(stream);
  std::string upper = prefix;
  upper.back() = '\x01';  // just past every key of this stream
  rocksdb::Slice upper_slice = ToSlice(upper);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(options, handles_[kStreams]));
  uint64_t expected = from_version;
  const std::string at = "event log: stream " + std::string(stream) + " version ";
  for (it->Seek(StreamKey(stream, from_version)); it->Valid() && out->size() < max; it->Next(), ++expected) {
    const rocksdb::Slice key = it->key();
    auto version = key.size() == prefix.size() + 8
                       ? GetBigEndian64(std::string_view(key.data() + prefix.size(), 8))
                       : std::nullopt;
    if (!version || *version != expected)
      return Status::Corruption(at + std::to_string(expected) + " is missing");
    auto position = DecodePosition(it->value().ToStringView());
    if (!position)
      return Status::Corruption(at + std::to_string(expected) + ": the index value is not a position");
    out->push_back(*position);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "reading stream " + std::string(stream));
  return Status::Ok();
}

}  // namespace regiotafel::eventstore::internal
