// The event log's writing side: Append and AppendReplicated, queued for one group commit (one RocksDB
// write and one fsync for every writer waiting), and the records, index entries and head they add.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "eventstore/event_log.h"
#include "eventstore/internal/event_log_impl.h"
#include "eventstore/internal/log_index.h"
#include "eventstore/internal/rocks.h"

namespace regiotafel::eventstore {

namespace {

using internal::At;
using internal::FromRocks;
using internal::kHeadKey;
using internal::kMeta;
using internal::kParts;
using internal::kRecords;
using internal::MicrosOf;
using internal::ParseIds;
using internal::PartKey;
using internal::PositionKey;
using internal::ToSlice;
using internal::ValidStream;

// A group commit stops taking more writers past this many envelope bytes (leveldb uses 1 MiB), so a
// small write queued behind the group does not wait for an unbounded amount of I/O.
constexpr size_t kMaxGroupBytes = size_t{1} << 20;
// The stream-version cache is only a cache: past this many streams it starts over rather than grow
// without bound (one entry per dossier, woning, … is far below it in a region).
constexpr size_t kMaxCachedStreams = size_t{1} << 20;
// How many of the newest records the log keeps in memory for Read (a few MiB).
constexpr size_t kTailRecords = 8192;

std::string EncodeHead(const LogHead& head) {
  std::string value = PositionKey(head.position);
  value.append(head.hash);
  return value;
}

google::protobuf::Timestamp TimestampOf(int64_t micros) {
  google::protobuf::Timestamp t;
  t.set_seconds(micros / 1'000'000);
  t.set_nanos(static_cast<int32_t>(micros % 1'000'000) * 1000);
  return t;
}

// True when no tag appears twice among `parts`: a part's key is its position and tag.
bool DistinctTags(const std::vector<Part>& parts) {
  for (size_t i = 0; i < parts.size(); ++i) {
    for (size_t j = i + 1; j < parts.size(); ++j) {
      if (parts[i].tag == parts[j].tag) return false;
    }
  }
  return true;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

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
    for (const Part& part : e.parts) w.bytes += part.bytes.size();
    if (!ParseIds(e.envelope, &event_id, &stream)) {
      status = Status::InvalidArgument("the envelope bytes do not parse as an Envelope", "envelope");
    } else if (e.event_id.empty() || e.event_id != event_id) {
      status = Status::InvalidArgument("the event id is empty or not the envelope's", "event_id");
    } else if (e.stream != stream || !ValidStream(e.stream)) {
      status = Status::InvalidArgument("the stream is not the envelope's or holds a 0 byte", "stream");
    } else if (!DistinctTags(e.parts)) {
      status = Status::InvalidArgument("two parts with the same tag", "parts");
    }
  }

  Status s = Commit(&w);
  if (!s.ok()) {
    for (AppendResult& r : *results) r = AppendResult{s};
  }
  return s;
}

Status EventLog::Impl::AppendReplicated(const std::vector<v1::LogRecord>& records,
                                        const std::vector<PositionParts>& parts) {
  // Checked before anything is queued: a part belongs to one of these records, once per tag. In
  // time linear in records and parts (a catch-up fetch brings thousands of each), copying no bytes.
  std::unordered_set<uint64_t> positions;
  for (const v1::LogRecord& r : records) positions.insert(r.position());
  std::unordered_map<uint64_t, std::vector<uint32_t>> tags;
  for (const PositionParts& p : parts) {
    if (!positions.contains(p.position)) {
      return Status::InvalidArgument(
          "a part for position " + std::to_string(p.position) + ", which is not among the records", "parts");
    }
    std::vector<uint32_t>& seen = tags[p.position];
    for (const Part& part : p.parts) {
      if (std::find(seen.begin(), seen.end(), part.tag) != seen.end()) {
        return Status::InvalidArgument(
            "two parts with the same tag for position " + std::to_string(p.position), "parts");
      }
      seen.push_back(part.tag);
    }
  }
  if (records.empty()) return Status::Ok();
  Writer w;
  w.replicated = &records;
  w.replicated_parts = &parts;
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
      write_failures_.Add();
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
  const Writer& front = *members.front();
  Status s = front.replicated != nullptr ? BuildReplicated(*front.replicated, *front.replicated_parts, group)
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

Status EventLog::Impl::BuildReplicated(const std::vector<v1::LogRecord>& records,
                                       const std::vector<PositionParts>& parts, Group* group) {
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
  // Every position among the records (checked by AppendReplicated), all of which are new.
  for (const PositionParts& p : parts) {
    for (const Part& part : p.parts)
      group->batch.Put(handles_[kParts], PartKey(p.position, part.tag), part.bytes);
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
  if (entry != nullptr) {
    for (const Part& part : entry->parts) {
      group->batch.Put(handles_[kParts], PartKey(record.position(), part.tag), part.bytes);
    }
  }
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

}  // namespace regiotafel::eventstore
