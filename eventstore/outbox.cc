// Outbox on RocksDB. Key layout and invariants: docs/OUTBOX_FORMAT.md.
#include "eventstore/outbox.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <google/protobuf/util/message_differencer.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>

#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/metrics.h"
#include "eventstore/internal/rocks.h"
#include "eventstore/internal/rocks_backup.h"
#include "eventstore/internal/rocks_erase.h"
#include "eventstore/internal/room_probe.h"

namespace regiotafel::eventstore {

namespace {

// One-byte key prefixes (docs/OUTBOX_FORMAT.md).
constexpr char kEntryPrefix = 'e';                             // e ‖ BE64(origin_seq)  → OutboxEntry
constexpr char kIndexPrefix = 'i';                             // i ‖ event_id          → BE64(origin_seq)
constexpr char kPendingPrefix = 'p';                           // p ‖ BE64(origin_seq)  → "" while PENDING
constexpr std::string_view kLastSeqKey = "m/last_origin_seq";  // → BE64

std::string SeqKey(char prefix, uint64_t seq) {
  std::string key(1, prefix);
  PutBigEndian64(&key, seq);
  return key;
}

std::string IndexKey(std::string_view event_id) {
  std::string key(1, kIndexPrefix);
  key.append(event_id);
  return key;
}

std::string EncodeSeq(uint64_t seq) {
  std::string value;
  PutBigEndian64(&value, seq);
  return value;
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

Status FromRocks(const rocksdb::Status& s, std::string_view what) {
  std::string message = "outbox: " + std::string(what) + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(std::move(message));
  if (s.IsCorruption()) return Status::Corruption(std::move(message));
  return Status::IOError(std::move(message));
}

// Deterministic: the bytes that get signed depend on the envelope alone (maps in key order).
std::string SerializeEnvelope(const v1::Envelope& envelope) {
  std::string out;
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    envelope.SerializeToCodedStream(&coded);  // cannot fail for a proto3 message under 2 GiB
  }                                           // `coded` flushes into `out` here
  return out;
}

// True when both envelopes carry the same payload (same oneof case, equal message).
bool SamePayload(const v1::Envelope& a, const v1::Envelope& b) {
  if (a.payload_case() != b.payload_case()) return false;
  if (a.payload_case() == v1::Envelope::PAYLOAD_NOT_SET) return true;
  const auto* field = v1::Envelope::descriptor()->FindFieldByNumber(static_cast<int>(a.payload_case()));
  if (field == nullptr) return false;
  const auto* reflection = v1::Envelope::GetReflection();
  return google::protobuf::util::MessageDifferencer::Equals(reflection->GetMessage(a, field),
                                                            reflection->GetMessage(b, field));
}

// The outbox's RocksDB options: at Open and at every Reopen.
Status OpenRocks(const std::string& dir, std::unique_ptr<rocksdb::DB>* out) {
  rocksdb::Options options;
  options.create_if_missing = true;
  // No recycled or archived write-ahead logs, so that Purge can make dropped delen leave every file.
  internal::KeepNoOldLogs(&options);
  // Uncompressed: sealed delen and signatures, most of its bytes, do not compress, and the erasure
  // tests can then see in the raw files what a disk image would show (the outbox is small).
  options.compression = rocksdb::kNoCompression;
  internal::UseTolerantInfoLog(dir, /*create=*/true, &options);
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(options, dir, &raw);
  if (!s.ok()) return FromRocks(s, "opening " + dir);
  out->reset(raw);
  return Status::Ok();
}

bool SameDecision(const v1::OutboxEntry& a, const v1::OutboxEntry& b) {
  if (a.state() != b.state()) return false;
  if (a.state() == v1::OutboxEntry::COMMITTED) return a.position() == b.position();
  if (a.state() == v1::OutboxEntry::REJECTED) return a.error() == b.error();
  return true;
}

}  // namespace

using internal::CopyOpenDatabase;

class Outbox::Impl {
 public:
  Impl(std::string dir, std::unique_ptr<rocksdb::DB> db) : dir_(std::move(dir)), db_(std::move(db)) {
    sync_.sync = true;
  }

  // Reads the last origin_seq and the pending entries from disk; mutex_ held (or not yet shared).
  Status Load();
  Status WriteError() const {
    std::lock_guard lock(error_mutex_);
    return write_error_;
  }
  Status Reopen();
  Status Add(v1::Envelope envelope, std::vector<std::string> delen, const Sealer& seal,
             v1::OutboxEntry* stored);
  Status AddAll(std::vector<Item> items, const Sealer& seal, std::vector<v1::OutboxEntry>* stored,
                std::vector<Status>* results);
  Status Mark(std::string_view event_id, const v1::OutboxEntry& decided);
  Status MarkDecided(const std::vector<Decision>& decisions, std::vector<Status>* results);
  Status Get(std::string_view event_id, v1::OutboxEntry* out) const;
  std::vector<v1::OutboxEntry> Pending(size_t max) const;
  size_t PendingCount() const;
  uint64_t LastOriginSeq() const;
  Status Backup(const std::string& dir) const {
    std::shared_lock db_lock(db_mutex_);
    if (!db_) return Closed();
    return CopyOpenDatabase(db_.get(), dir, "the outbox");
  }
  Status Purge() {
    std::shared_lock db_lock(db_mutex_);
    if (!db_) return Closed();
    return internal::PurgeDeleted(db_.get(), {db_->DefaultColumnFamily()}, db_->DefaultColumnFamily(),
                                  std::nullopt, std::nullopt, "the outbox");
  }

  metrics::Counter committed_;
  metrics::Counter rejected_;
  metrics::Counter write_failures_;
  metrics::Counter reopens_;

 private:
  void Count(v1::OutboxEntry::State state) {
    (state == v1::OutboxEntry::COMMITTED ? committed_ : rejected_).Add();
  }

  // Reads the entry of an event id; NotFound when the id is unknown.
  Status ReadEntry(std::string_view event_id, v1::OutboxEntry* out) const;
  Status ReadEntryAt(uint64_t seq, v1::OutboxEntry* out) const;
  // One synced batch; a failure stops every later write (the state on disk is then unknown).
  Status Write(rocksdb::WriteBatch* batch);
  static Status Closed() {
    return Status::Unavailable("outbox: closed after a failed write, and reopening it failed so far");
  }

  const std::string dir_;
  // Replaced only by Reopen, which holds mutex_ and db_mutex_ exclusively; whoever reads it without
  // mutex_ (Get, Backup, Purge) holds db_mutex_ shared. Null while a reopen has failed.
  std::unique_ptr<rocksdb::DB> db_;  // thread-safe itself
  mutable std::shared_mutex db_mutex_;
  rocksdb::WriteOptions sync_;

  mutable std::mutex mutex_;
  // Guarded by mutex_. Every write happens with mutex_ held, so these mirror the disk.
  uint64_t last_seq_ = 0;
  std::map<uint64_t, v1::OutboxEntry> pending_;  // origin_seq → entry, PENDING only

  mutable std::mutex error_mutex_;  // never held during I/O, so /healthz does not wait for a write
  Status write_error_;              // sticky; ok until a write fails, again ok after a Reopen
};

Status Outbox::Impl::Load() {
  last_seq_ = 0;
  pending_.clear();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(kLastSeqKey), &value);
  if (s.ok()) {
    auto seq = GetBigEndian64(value);
    if (!seq || value.size() != 8) return Status::Corruption("outbox: the last origin_seq is not 8 bytes");
    last_seq_ = *seq;
  } else if (!s.IsNotFound()) {
    return FromRocks(s, "reading the last origin_seq");
  }

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  // Nothing may lie beyond the recorded last entry: a gap there would hand out a number twice.
  it->Seek(ToSlice(SeqKey(kEntryPrefix, last_seq_ + 1)));
  if (it->Valid() && it->key().starts_with(rocksdb::Slice(&kEntryPrefix, 1))) {
    return Status::Corruption("outbox: an entry lies beyond the last origin_seq " +
                              std::to_string(last_seq_));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scanning entries");

  const rocksdb::Slice pending_prefix(&kPendingPrefix, 1);
  for (it->Seek(pending_prefix); it->Valid() && it->key().starts_with(pending_prefix); it->Next()) {
    auto seq = GetBigEndian64(std::string_view(it->key().data() + 1, it->key().size() - 1));
    if (!seq || it->key().size() != 9) return Status::Corruption("outbox: a pending key is not 9 bytes");
    v1::OutboxEntry entry;
    if (Status st = ReadEntryAt(*seq, &entry); !st.ok()) {
      return st.IsNotFound()
                 ? Status::Corruption("outbox: pending origin_seq " + std::to_string(*seq) + " has no entry")
                 : st;
    }
    if (entry.state() != v1::OutboxEntry::PENDING) {
      return Status::Corruption("outbox: origin_seq " + std::to_string(*seq) +
                                " is marked pending but decided");
    }
    pending_.emplace(*seq, std::move(entry));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "scanning pending entries");
  return Status::Ok();
}

Status Outbox::Impl::ReadEntryAt(uint64_t seq, v1::OutboxEntry* out) const {
  if (!db_) return Closed();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(SeqKey(kEntryPrefix, seq)), &value);
  if (!s.ok()) return FromRocks(s, "reading origin_seq " + std::to_string(seq));
  v1::OutboxEntry entry;
  if (!entry.ParseFromString(value) || entry.origin_seq() != seq) {
    return Status::Corruption("outbox: the entry at origin_seq " + std::to_string(seq) + " does not parse");
  }
  *out = std::move(entry);
  return Status::Ok();
}

Status Outbox::Impl::ReadEntry(std::string_view event_id, v1::OutboxEntry* out) const {
  if (!db_) return Closed();
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), ToSlice(IndexKey(event_id)), &value);
  if (s.IsNotFound()) return Status::NotFound("outbox: no entry for event " + std::string(event_id));
  if (!s.ok()) return FromRocks(s, "reading the event index");
  auto seq = GetBigEndian64(value);
  if (!seq || value.size() != 8)
    return Status::Corruption("outbox: index value of event " + std::string(event_id));
  v1::OutboxEntry entry;
  if (Status st = ReadEntryAt(*seq, &entry); !st.ok()) {
    return st.IsNotFound()
               ? Status::Corruption("outbox: event " + std::string(event_id) + " is indexed but absent")
               : st;
  }
  if (entry.event_id() != event_id) {
    return Status::Corruption("outbox: the index of event " + std::string(event_id) +
                              " points at another entry");
  }
  *out = std::move(entry);
  return Status::Ok();
}

Status Outbox::Impl::Write(rocksdb::WriteBatch* batch) {
  if (Status stopped = WriteError(); !stopped.ok()) return stopped;
  rocksdb::Status s = db_->Write(sync_, batch);
  if (!s.ok()) {
    write_failures_.Add();
    std::lock_guard lock(error_mutex_);
    write_error_ = Status::Unavailable("outbox: writes stopped after a failed write, until it is reopened: " +
                                       s.ToString());
    return FromRocks(s, "writing");
  }
  return Status::Ok();
}

Status Outbox::Impl::Reopen() {
  std::lock_guard lock(mutex_);
  if (WriteError().ok()) return Status::Ok();
  // Still full: the outbox stays open for reading, and stopped.
  if (db_) {
    if (Status s = internal::ProbeRoomToReopen({dir_}); !s.ok()) return s;
  }
  {
    std::unique_lock db_lock(db_mutex_);
    db_.reset();  // closed first: RocksDB's lock on the directory goes with it
    if (Status s = OpenRocks(dir_, &db_); !s.ok()) {
      db_.reset();
      std::lock_guard error_lock(error_mutex_);
      write_error_ = Status::Unavailable("outbox: writes stopped after a failed write; reopening failed: " +
                                         s.message());
      return s;
    }
  }
  // What the disk holds: a write that failed may or may not have reached it.
  if (Status s = Load(); !s.ok()) return s;
  reopens_.Add();
  std::lock_guard error_lock(error_mutex_);
  write_error_ = Status::Ok();
  return Status::Ok();
}

Status Outbox::Impl::AddAll(std::vector<Item> items, const Sealer& seal, std::vector<v1::OutboxEntry>* stored,
                            std::vector<Status>* results) {
  stored->assign(items.size(), v1::OutboxEntry{});
  results->assign(items.size(), Status::Ok());
  std::lock_guard lock(mutex_);

  // The new entries, and for each envelope the new entry it is (or repeats), by index.
  std::vector<v1::OutboxEntry> fresh;
  std::map<std::string, size_t, std::less<>> fresh_by_id;
  std::vector<std::optional<size_t>> fresh_of(items.size());
  rocksdb::WriteBatch batch;
  for (size_t i = 0; i < items.size(); ++i) {
    v1::Envelope& envelope = items[i].envelope;
    Status& result = (*results)[i];
    if (envelope.event_id().empty()) {
      result = Status::InvalidArgument("the envelope has no event id", "event_id");
      continue;
    }
    // Already there, or earlier in this call: the same payload answers that entry (idempotent).
    v1::OutboxEntry existing;
    Status found = Status::NotFound("");
    if (auto it = fresh_by_id.find(envelope.event_id()); it != fresh_by_id.end()) {
      existing = fresh[it->second];
      found = Status::Ok();
      fresh_of[i] = it->second;
    } else {
      found = ReadEntry(envelope.event_id(), &existing);
    }
    if (found.ok()) {
      v1::Envelope stored_envelope;
      if (!stored_envelope.ParseFromString(existing.envelope())) {
        result = Status::Corruption("outbox: the stored envelope of event " + envelope.event_id() +
                                    " does not parse");
      } else if (!SamePayload(stored_envelope, envelope)) {
        result = Status::Conflict("event " + envelope.event_id() +
                                  " is already in the outbox with another payload");
        fresh_of[i].reset();
      } else {
        (*stored)[i] = std::move(existing);
      }
      continue;
    }
    if (!found.IsNotFound()) {
      result = found;
      continue;
    }

    v1::OutboxEntry entry;
    entry.set_event_id(envelope.event_id());
    entry.set_origin_seq(last_seq_ + fresh.size() + 1);
    entry.set_state(v1::OutboxEntry::PENDING);
    envelope.set_origin_seq(entry.origin_seq());
    entry.set_envelope(SerializeEnvelope(envelope));
    entry.set_signature(seal(entry.envelope()));
    if (entry.signature().empty()) {
      result = Status::InvalidArgument("the sealer returned no signature", "signature");
      continue;
    }
    for (std::string& deel : items[i].delen) entry.add_delen(std::move(deel));
    batch.Put(SeqKey(kEntryPrefix, entry.origin_seq()), entry.SerializeAsString());
    batch.Put(IndexKey(entry.event_id()), EncodeSeq(entry.origin_seq()));
    batch.Put(SeqKey(kPendingPrefix, entry.origin_seq()), rocksdb::Slice());
    fresh_of[i] = fresh.size();
    fresh_by_id.emplace(entry.event_id(), fresh.size());
    fresh.push_back(std::move(entry));
  }
  if (fresh.empty()) return Status::Ok();

  // One synced write for all of them: a crash keeps all or none, and origin_seq stays without gaps.
  batch.Put(ToSlice(kLastSeqKey), EncodeSeq(last_seq_ + fresh.size()));
  if (Status st = Write(&batch); !st.ok()) return st;
  last_seq_ += fresh.size();
  for (size_t i = 0; i < items.size(); ++i) {
    if (fresh_of[i] && (*results)[i].ok()) (*stored)[i] = fresh[*fresh_of[i]];
  }
  for (v1::OutboxEntry& entry : fresh) pending_.emplace(entry.origin_seq(), std::move(entry));
  return Status::Ok();
}

Status Outbox::Impl::Add(v1::Envelope envelope, std::vector<std::string> delen, const Sealer& seal,
                         v1::OutboxEntry* stored) {
  std::vector<v1::OutboxEntry> entries;
  std::vector<Status> results;
  std::vector<Item> one;
  one.push_back({std::move(envelope), std::move(delen)});
  if (Status st = AddAll(std::move(one), seal, &entries, &results); !st.ok()) return st;
  if (results[0].ok() && stored != nullptr) *stored = std::move(entries[0]);
  return results[0];
}

// `decided` carries the new state and its position or error.
Status Outbox::Impl::Mark(std::string_view event_id, const v1::OutboxEntry& decided) {
  std::lock_guard lock(mutex_);
  if (Status stopped = WriteError(); !stopped.ok()) return stopped;
  v1::OutboxEntry entry;
  if (Status st = ReadEntry(event_id, &entry); !st.ok()) return st;
  if (entry.state() != v1::OutboxEntry::PENDING) {
    if (SameDecision(entry, decided)) return Status::Ok();
    return Status::Conflict("event " + std::string(event_id) + " was already decided as " +
                            v1::OutboxEntry::State_Name(entry.state()) +
                            (entry.state() == v1::OutboxEntry::COMMITTED
                                 ? " at position " + std::to_string(entry.position())
                                 : ": " + entry.error()));
  }

  entry.set_state(decided.state());
  entry.set_position(decided.position());
  entry.set_error(decided.error());
  entry.clear_delen();  // the bus holds them now; Purge removes the old bytes from the files
  rocksdb::WriteBatch batch;
  batch.Put(SeqKey(kEntryPrefix, entry.origin_seq()), entry.SerializeAsString());
  batch.Delete(SeqKey(kPendingPrefix, entry.origin_seq()));
  if (Status st = Write(&batch); !st.ok()) return st;
  pending_.erase(entry.origin_seq());
  Count(entry.state());
  return Status::Ok();
}

Status Outbox::Impl::MarkDecided(const std::vector<Decision>& decisions, std::vector<Status>* results) {
  std::lock_guard lock(mutex_);
  results->assign(decisions.size(), Status::Ok());
  if (Status stopped = WriteError(); !stopped.ok()) {
    results->assign(decisions.size(), stopped);
    return stopped;
  }
  rocksdb::WriteBatch batch;
  std::map<std::string, v1::OutboxEntry, std::less<>> staged;  // decided in this call, by event id
  for (size_t i = 0; i < decisions.size(); ++i) {
    const Decision& d = decisions[i];
    Status& result = (*results)[i];
    if (d.state == v1::OutboxEntry::COMMITTED && d.position == 0) {
      result = Status::InvalidArgument("a log position starts at 1", "position");
      continue;
    }
    if (d.state != v1::OutboxEntry::COMMITTED && d.state != v1::OutboxEntry::REJECTED) {
      result = Status::InvalidArgument("a decision is COMMITTED or REJECTED", "state");
      continue;
    }
    v1::OutboxEntry decided;
    decided.set_state(d.state);
    decided.set_position(d.state == v1::OutboxEntry::COMMITTED ? d.position : 0);
    decided.set_error(d.state == v1::OutboxEntry::REJECTED ? d.error : "");
    v1::OutboxEntry entry;
    if (auto it = staged.find(d.event_id); it != staged.end()) {
      entry = it->second;
    } else if (result = ReadEntry(d.event_id, &entry); !result.ok()) {
      continue;
    }
    if (entry.state() != v1::OutboxEntry::PENDING) {
      if (!SameDecision(entry, decided)) {
        result = Status::Conflict("event " + d.event_id + " was already decided as " +
                                  v1::OutboxEntry::State_Name(entry.state()));
      }
      continue;
    }
    entry.set_state(decided.state());
    entry.set_position(decided.position());
    entry.set_error(decided.error());
    entry.clear_delen();
    batch.Put(SeqKey(kEntryPrefix, entry.origin_seq()), entry.SerializeAsString());
    batch.Delete(SeqKey(kPendingPrefix, entry.origin_seq()));
    staged[d.event_id] = std::move(entry);
  }
  if (staged.empty()) return Status::Ok();
  if (Status st = Write(&batch); !st.ok()) {
    results->assign(decisions.size(), st);
    return st;
  }
  for (const auto& [event_id, entry] : staged) {
    pending_.erase(entry.origin_seq());
    Count(entry.state());
  }
  return Status::Ok();
}

// Lock-free: an entry and its index are written in one batch, which readers see whole or not at all.
Status Outbox::Impl::Get(std::string_view event_id, v1::OutboxEntry* out) const {
  std::shared_lock db_lock(db_mutex_);
  return ReadEntry(event_id, out);
}

std::vector<v1::OutboxEntry> Outbox::Impl::Pending(size_t max) const {
  std::lock_guard lock(mutex_);
  std::vector<v1::OutboxEntry> out;
  out.reserve(std::min(max, pending_.size()));
  for (auto it = pending_.begin(); it != pending_.end() && out.size() < max; ++it) out.push_back(it->second);
  return out;
}

size_t Outbox::Impl::PendingCount() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

uint64_t Outbox::Impl::LastOriginSeq() const {
  std::lock_guard lock(mutex_);
  return last_seq_;
}

Status Outbox::Open(const std::string& dir, std::unique_ptr<Outbox>* out) {
  std::unique_ptr<rocksdb::DB> db;
  if (Status s = OpenRocks(dir, &db); !s.ok()) return s;
  auto impl = std::make_unique<Impl>(dir, std::move(db));
  if (Status st = impl->Load(); !st.ok()) return st;
  out->reset(new Outbox(std::move(impl)));
  return Status::Ok();
}

Outbox::Outbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Outbox::~Outbox() = default;

Status Outbox::Add(v1::Envelope envelope, std::vector<std::string> delen, const Sealer& seal,
                   v1::OutboxEntry* stored) {
  return impl_->Add(std::move(envelope), std::move(delen), seal, stored);
}

Status Outbox::AddAll(std::vector<Item> items, const Sealer& seal, std::vector<v1::OutboxEntry>* stored,
                      std::vector<Status>* results) {
  return impl_->AddAll(std::move(items), seal, stored, results);
}

Status Outbox::Purge() { return impl_->Purge(); }

std::vector<v1::OutboxEntry> Outbox::Pending(size_t max) const { return impl_->Pending(max); }
size_t Outbox::PendingCount() const { return impl_->PendingCount(); }
uint64_t Outbox::CommittedSinceOpen() const { return impl_->committed_.value(); }
uint64_t Outbox::RejectedSinceOpen() const { return impl_->rejected_.value(); }
Status Outbox::Backup(const std::string& dir) const { return impl_->Backup(dir); }
Status Outbox::WriteError() const { return impl_->WriteError(); }
Status Outbox::Reopen() { return impl_->Reopen(); }
uint64_t Outbox::WriteFailures() const { return impl_->write_failures_.value(); }
uint64_t Outbox::Reopens() const { return impl_->reopens_.value(); }

Status Outbox::MarkCommitted(std::string_view event_id, uint64_t position) {
  if (position == 0) return Status::InvalidArgument("a log position starts at 1", "position");
  v1::OutboxEntry decided;
  decided.set_state(v1::OutboxEntry::COMMITTED);
  decided.set_position(position);
  return impl_->Mark(event_id, decided);
}

Status Outbox::MarkRejected(std::string_view event_id, std::string_view error) {
  v1::OutboxEntry decided;
  decided.set_state(v1::OutboxEntry::REJECTED);
  decided.set_error(std::string(error));
  return impl_->Mark(event_id, decided);
}

Status Outbox::MarkDecided(const std::vector<Decision>& decisions, std::vector<Status>* results) {
  return impl_->MarkDecided(decisions, results);
}

Status Outbox::Get(std::string_view event_id, v1::OutboxEntry* out) const {
  return impl_->Get(event_id, out);
}
uint64_t Outbox::LastOriginSeq() const { return impl_->LastOriginSeq(); }

}  // namespace regiotafel::eventstore
