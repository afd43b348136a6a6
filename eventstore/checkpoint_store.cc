// Layout: docs/LOG_FORMAT.md, "Checkpoints".
#include "eventstore/checkpoint_store.h"

#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <mutex>

#include "base/bytes.h"
#include "base/sha256.h"
#include "eventstore/internal/rocks.h"
#include "eventstore/internal/rocks_backup.h"
#include "eventstore/internal/room_probe.h"

namespace regiotafel::eventstore {

using internal::PositionKey;
using internal::ToSlice;

namespace {

constexpr char kCheckpointsFamily[] = "checkpoints";  // be64(positie) → Checkpoint
// The family of contradicting and refused checkpoints; its name on disk is the Dutch word the
// checkpoints API answers under (docs/LOG_FORMAT.md).
constexpr char kEvidenceFamily[] = "tegenstrijdig";  // be64(positie) ‖ SHA-256(value) → Checkpoint
constexpr std::string_view kFormatKey = "format";
constexpr std::string_view kFormatValue = "regiotafel-checkpoints-1";
constexpr size_t kRootSize = 32;

enum Family { kMeta = 0, kCheckpoints = 1, kEvidence = 2 };

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  std::string message = "checkpoints: " + what + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(std::move(message));
  if (s.IsCorruption()) return Status::Corruption(std::move(message));
  return Status::IOError(std::move(message));
}

bool HoldsStore(const std::filesystem::path& dir) {
  std::vector<std::string> families;
  return rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.string(), &families).ok() &&
         std::find(families.begin(), families.end(), kCheckpointsFamily) != families.end();
}

std::vector<rocksdb::ColumnFamilyDescriptor> Families() {
  // A few hundred bytes a checkpoint, a handful a minute: RocksDB's defaults with a small memtable.
  rocksdb::ColumnFamilyOptions options;
  options.write_buffer_size = size_t{4} << 20;
  return {{rocksdb::kDefaultColumnFamilyName, options},
          {kCheckpointsFamily, options},
          {kEvidenceFamily, options}};
}

Status Parse(std::string_view key, std::string_view value, v1::Checkpoint* out) {
  std::optional<uint64_t> position = internal::DecodePosition(key.substr(0, 8));
  if (!position || !out->ParseFromArray(value.data(), static_cast<int>(value.size())) ||
      out->position() != *position) {
    return Status::Corruption("checkpoints: the entry under key " + ToHex(key) +
                              " is not a checkpoint at its positie");
  }
  return Status::Ok();
}

}  // namespace

struct CheckpointStore::Rocks {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // Family order
  bool read_only = false;
  bool sync = true;
  std::mutex add_mutex;  // an Add's read and write are one step
  ~Rocks() {
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  }
};

Status CheckpointStore::OpenRocks(const std::string& dir, bool sync, std::unique_ptr<Rocks>* out) {
  rocksdb::DBOptions options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  options.keep_log_file_num = 4;
  options.max_background_jobs = 1;
  // Never add our families to someone else's database (a log, an outbox).
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(options, dir, &existing).ok() &&
      std::find(existing.begin(), existing.end(), kCheckpointsFamily) == existing.end()) {
    return Status::InvalidArgument(
        dir + " holds a RocksDB database that is not a checkpoint store (no column family " +
        kCheckpointsFamily + ")");
  }
  internal::UseTolerantInfoLog(dir, /*create=*/true, &options);
  auto rocks = std::make_unique<Rocks>();
  rocks->sync = sync;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, Families(), &rocks->handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening " + dir);
  rocks->db.reset(raw);

  std::string format;
  s = rocks->db->Get(rocksdb::ReadOptions(), rocks->handles[kMeta], ToSlice(kFormatKey), &format);
  if (s.IsNotFound()) {
    rocksdb::WriteOptions write_sync;
    write_sync.sync = true;
    s = rocks->db->Put(write_sync, rocks->handles[kMeta], ToSlice(kFormatKey), ToSlice(kFormatValue));
    if (!s.ok()) return FromRocks(s, "writing the format");
  } else if (!s.ok()) {
    return FromRocks(s, "reading the format");
  } else if (format != kFormatValue) {
    return Status::Corruption("checkpoints: unknown format \"" + format + "\" (expected " +
                              std::string(kFormatValue) + ")");
  }
  *out = std::move(rocks);
  return Status::Ok();
}

Status CheckpointStore::Open(const std::string& dir, std::unique_ptr<CheckpointStore>* out,
                             CheckpointStoreOptions store_options) {
  std::unique_ptr<Rocks> rocks;
  if (Status s = OpenRocks(dir, store_options.sync, &rocks); !s.ok()) return s;
  out->reset(new CheckpointStore(dir, std::move(rocks)));
  return Status::Ok();
}

Status CheckpointStore::OpenReadOnly(const std::string& dir, std::unique_ptr<CheckpointStore>* out) {
  namespace fs = std::filesystem;
  fs::path found;
  for (const fs::path& candidate : {fs::path(dir), fs::path(dir) / "checkpoints"}) {
    if (HoldsStore(candidate)) {
      found = candidate;
      break;
    }
  }
  if (found.empty())
    return Status::InvalidArgument(dir + " holds no checkpoints (looked in it and in checkpoints/)");
  auto rocks = std::make_unique<Rocks>();
  rocks->read_only = true;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), found.string(), Families(), &rocks->handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening " + found.string() + " to read");
  rocks->db.reset(raw);
  out->reset(new CheckpointStore(found.string(), std::move(rocks)));
  return Status::Ok();
}

CheckpointStore::CheckpointStore(std::string dir, std::unique_ptr<Rocks> rocks)
    : dir_(std::move(dir)), rocks_(std::move(rocks)) {}

CheckpointStore::~CheckpointStore() = default;

uint64_t CheckpointStore::AddedSinceOpen() const { return added_.load(std::memory_order_relaxed); }

Status CheckpointStore::WriteError() const {
  std::lock_guard lock(error_mutex_);
  return write_error_;
}

Status CheckpointStore::Reopen() {
  std::unique_lock lock(reopen_mutex_);
  if (WriteError().ok()) return Status::Ok();
  // Still full: the store stays open for reading, and stopped.
  if (rocks_) {
    if (Status s = internal::ProbeRoomToReopen({dir_}); !s.ok()) return s;
  }
  const bool sync = rocks_ ? rocks_->sync : true;
  rocks_.reset();  // closed first: RocksDB's lock on the directory goes with it
  if (Status s = OpenRocks(dir_, sync, &rocks_); !s.ok()) {
    rocks_.reset();
    std::lock_guard error_lock(error_mutex_);
    write_error_ = Status::Unavailable(
        "checkpoints: writes stopped after a failed write; reopening failed: " + s.message());
    return s;
  }
  reopens_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard error_lock(error_mutex_);
  write_error_ = Status::Ok();
  return Status::Ok();
}

Status CheckpointStore::Backup(const std::string& dir) const {
  std::shared_lock lock(reopen_mutex_);
  if (!rocks_) return WriteError();
  return internal::CopyOpenDatabase(rocks_->db.get(), dir, "the checkpoints");
}

Status CheckpointStore::Put(int family, const std::string& key, const std::string& value,
                            const std::string& what) {
  if (Status stopped = WriteError(); !stopped.ok()) return stopped;
  rocksdb::WriteOptions sync;
  sync.sync = rocks_->sync;
  rocksdb::Status s = rocks_->db->Put(sync, rocks_->handles[family], key, value);
  if (s.ok()) return Status::Ok();
  // The state on disk is unknown now; RocksDB itself refuses further writes until it is reopened.
  write_failures_.fetch_add(1, std::memory_order_relaxed);
  std::lock_guard lock(error_mutex_);
  write_error_ = Status::Unavailable("checkpoints: writes stopped after a failed write, until reopened: " +
                                     s.ToString());
  return FromRocks(s, what);
}

Status CheckpointStore::Add(const v1::Checkpoint& checkpoint) {
  if (checkpoint.position() == 0 || checkpoint.root().size() != kRootSize) {
    return Status::InvalidArgument(
        "checkpoints: a checkpoint has a positie of 1 or more and a root of 32 bytes");
  }
  std::shared_lock reopen_lock(reopen_mutex_);
  if (!rocks_) return WriteError();
  if (rocks_->read_only) return Status::Unavailable("checkpoints: " + dir_ + " is open to be read only");
  std::lock_guard lock(rocks_->add_mutex);
  std::optional<v1::Checkpoint> stored;
  if (Status s = Get(checkpoint.position(), &stored); !s.ok()) return s;
  if (stored) {
    if (stored->root() == checkpoint.root()) return Status::Ok();  // the same statement; the first stays
    if (Status s = AddEvidenceOpen(checkpoint); !s.ok()) return s;
    return Status::Conflict("de bus tekende twee roots voor positie " +
                            std::to_string(checkpoint.position()) + ": " + ToHex(stored->root()) + " en " +
                            ToHex(checkpoint.root()) + " (bewaard als bewijs in " + kEvidenceFamily + ")");
  }
  if (Status s = Put(kCheckpoints, PositionKey(checkpoint.position()), checkpoint.SerializeAsString(),
                     "writing positie " + std::to_string(checkpoint.position()));
      !s.ok())
    return s;
  added_.fetch_add(1, std::memory_order_relaxed);
  return Status::Ok();
}

Status CheckpointStore::AddEvidence(const v1::Checkpoint& checkpoint) {
  std::shared_lock reopen_lock(reopen_mutex_);
  if (!rocks_) return WriteError();
  return AddEvidenceOpen(checkpoint);
}

Status CheckpointStore::AddEvidenceOpen(const v1::Checkpoint& checkpoint) {
  if (rocks_->read_only) return Status::Unavailable("checkpoints: " + dir_ + " is open to be read only");
  const std::string value = checkpoint.SerializeAsString();
  return Put(kEvidence, PositionKey(checkpoint.position()) + Sha256Of(value), value,
             "keeping evidence at positie " + std::to_string(checkpoint.position()));
}

Status CheckpointStore::List(std::vector<v1::Checkpoint>* out, uint64_t vanaf, size_t limit) const {
  std::shared_lock reopen_lock(reopen_mutex_);
  if (!rocks_) return WriteError();
  std::vector<v1::Checkpoint> list;
  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), rocks_->handles[kCheckpoints]));
  for (it->Seek(PositionKey(vanaf)); it->Valid() && (limit == 0 || list.size() < limit); it->Next()) {
    v1::Checkpoint checkpoint;
    if (Status s = Parse(it->key().ToStringView(), it->value().ToStringView(), &checkpoint); !s.ok())
      return s;
    list.push_back(std::move(checkpoint));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing");
  *out = std::move(list);
  return Status::Ok();
}

Status CheckpointStore::ListEvidence(std::vector<v1::Checkpoint>* out) const {
  std::shared_lock reopen_lock(reopen_mutex_);
  if (!rocks_) return WriteError();
  std::vector<v1::Checkpoint> list;
  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), rocks_->handles[kEvidence]));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    v1::Checkpoint checkpoint;
    if (Status s = Parse(it->key().ToStringView(), it->value().ToStringView(), &checkpoint); !s.ok())
      return s;
    list.push_back(std::move(checkpoint));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "listing the evidence");
  *out = std::move(list);
  return Status::Ok();
}

Status CheckpointStore::Get(uint64_t position, std::optional<v1::Checkpoint>* out) const {
  out->reset();
  std::string value;
  rocksdb::Status s =
      rocks_->db->Get(rocksdb::ReadOptions(), rocks_->handles[kCheckpoints], PositionKey(position), &value);
  if (s.IsNotFound()) return Status::Ok();
  if (!s.ok()) return FromRocks(s, "reading positie " + std::to_string(position));
  v1::Checkpoint checkpoint;
  if (Status parsed = Parse(PositionKey(position), value, &checkpoint); !parsed.ok()) return parsed;
  *out = std::move(checkpoint);
  return Status::Ok();
}

std::optional<v1::Checkpoint> CheckpointStore::At(uint64_t position) const {
  std::shared_lock reopen_lock(reopen_mutex_);
  if (!rocks_) return std::nullopt;
  std::optional<v1::Checkpoint> checkpoint;
  (void)Get(position, &checkpoint);  // a read error answers "none"; Add and List report it
  return checkpoint;
}

std::optional<v1::Checkpoint> CheckpointStore::LatestAtOrBefore(uint64_t position) const {
  if (position == 0) return std::nullopt;
  std::shared_lock reopen_lock(reopen_mutex_);
  if (!rocks_) return std::nullopt;
  std::unique_ptr<rocksdb::Iterator> it(
      rocks_->db->NewIterator(rocksdb::ReadOptions(), rocks_->handles[kCheckpoints]));
  it->SeekForPrev(PositionKey(position));
  if (!it->Valid()) return std::nullopt;
  v1::Checkpoint checkpoint;
  if (!Parse(it->key().ToStringView(), it->value().ToStringView(), &checkpoint).ok()) return std::nullopt;
  return checkpoint;
}

}  // namespace regiotafel::eventstore
