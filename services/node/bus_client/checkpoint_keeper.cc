#include "services/node/bus_client/checkpoint_keeper.h"

#include <spdlog/spdlog.h>

#include "base/bytes.h"
#include "eventstore/checkpoint.h"

namespace regiotafel::node {
namespace {

constexpr size_t kRebuildChunk = 10'000;
constexpr uint64_t kRebuildReport = 250'000;  // a progress line every so many records
constexpr size_t kMaxRefused = 10'000;        // remembered so that each is logged once

}  // namespace

CheckpointKeeper::CheckpointKeeper(eventstore::CheckpointStore& store, const eventstore::EventLog& replica,
                                   std::string bus_public_key)
    : store_(store), replica_(replica), bus_public_key_(std::move(bus_public_key)) {
  if (bus_public_key_.empty()) {
    spdlog::warn(
        "checkpoints: no [bus] checkpoint_sleutel: the bus's checkpoints are stored without checking their "
        "signature (their roots are checked against the replica all the same)");
  }
}

Status CheckpointKeeper::Rebuild(const std::atomic<bool>& stop) {
  const uint64_t head = replica_.Head().position;
  const std::optional<v1::Checkpoint> latest = store_.LatestAtOrBefore(head);
  if (head >= kRebuildReport)
    spdlog::info("checkpoints: rebuilding the Merkle tree over the replica's {} records", head);
  while (range_.size() < head) {
    if (stop) return Status::Unavailable("checkpoints: stopped while rebuilding");
    std::vector<v1::LogRecord> records;
    if (Status s = replica_.Read(range_.size() + 1, kRebuildChunk, &records); !s.ok()) return s;
    if (records.empty()) {
      return Status::Corruption("checkpoints: the replica has no record at " +
                                std::to_string(range_.size() + 1));
    }
    for (const v1::LogRecord& record : records) {
      Append(record);
      if (latest && range_.size() == latest->position() && range_.Root() != latest->root()) {
        spdlog::critical(
            "checkpoints: the replica's root at positie {} is {}, but the checkpoint stored there has {}: "
            "the replica was changed after the checkpoint was checked",
            latest->position(), ToHex(range_.Root()), ToHex(latest->root()));
      }
      if (range_.size() % kRebuildReport == 0)
        spdlog::info("checkpoints: Merkle tree at positie {} of {}", range_.size(), head);
    }
  }
  return Status::Ok();
}

void CheckpointKeeper::Received(const v1::Checkpoint& checkpoint, const char* via) {
  const uint64_t position = checkpoint.position();
  if (position == 0 || checkpoint.root().size() != merkle::kHashSize) {
    spdlog::warn("checkpoints: ignored a malformed checkpoint ({}): positie {}, a root of {} bytes", via,
                 position, checkpoint.root().size());
    return;
  }
  if (refused_.contains(checkpoint.SerializeAsString())) return;
  if (std::optional<v1::Checkpoint> stored = store_.At(position);
      stored && stored->root() == checkpoint.root()) {
    return;  // known: fetch answers repeat the latest one
  }
  if (!bus_public_key_.empty() && !eventstore::CheckpointSigned(checkpoint, bus_public_key_)) {
    spdlog::error(
        "checkpoints: the checkpoint at positie {} ({}) is not signed by the bus's key {}; not stored, kept "
        "as evidence",
        position, via, ToHex(bus_public_key_));
    KeepAsEvidence(checkpoint);
    return;
  }
  if (position > range_.size()) {
    // Checked once the replica has its records, which come with it or soon after.
    auto [first, end] = waiting_.equal_range(position);
    for (auto it = first; it != end; ++it) {
      if (it->second.SerializeAsString() == checkpoint.SerializeAsString()) return;
    }
    if (waiting_.size() >= kMaxWaiting) {
      spdlog::warn(
          "checkpoints: {} checkpoints wait for the replica already; the one at positie {} is dropped",
          waiting_.size(), position);
      return;
    }
    waiting_.emplace(position, checkpoint);
    return;
  }
  std::optional<std::string> root = RootAt(position);
  if (!root) {
    spdlog::warn(
        "checkpoints: the checkpoint at positie {} ({}) came when the replica was at {}: too far back to "
        "check, not stored (the next one is)",
        position, via, range_.size());
    return;
  }
  Judge(checkpoint, *root);
}

void CheckpointKeeper::Appended(const std::vector<v1::LogRecord>& records) {
  for (const v1::LogRecord& record : records) {
    Append(record);
    while (!waiting_.empty() && waiting_.begin()->first <= range_.size()) {
      Judge(waiting_.begin()->second, range_.Root());  // positie == size: waiting ones are ahead when added
      waiting_.erase(waiting_.begin());
    }
  }
}

void CheckpointKeeper::Append(const v1::LogRecord& record) {
  range_.Append(merkle::LeafHash(record.hash()));
  if (range_.size() % kSnapshotEvery != 0) return;
  snapshots_.emplace(range_.size(), range_);
  if (snapshots_.size() > kSnapshots) snapshots_.erase(snapshots_.begin());
}

std::optional<std::string> CheckpointKeeper::RootAt(uint64_t position) const {
  if (position == range_.size()) return range_.Root();
  merkle::CompactRange range;
  auto after = snapshots_.upper_bound(position);
  if (after != snapshots_.begin()) {
    range = std::prev(after)->second;
  } else if (position > kSnapshotEvery) {
    return std::nullopt;
  }
  if (range.size() < position) {
    std::vector<v1::LogRecord> records;
    const uint64_t from = range.size() + 1;
    if (Status s = replica_.Read(from, position - range.size(), &records);
        !s.ok() || records.size() != position + 1 - from) {
      spdlog::error("checkpoints: reading the replica from positie {}: {}", from, s.ToString());
      return std::nullopt;
    }
    for (const v1::LogRecord& record : records) range.Append(merkle::LeafHash(record.hash()));
  }
  return range.Root();
}

void CheckpointKeeper::Judge(const v1::Checkpoint& checkpoint, const std::string& root) {
  const uint64_t position = checkpoint.position();
  if (root != checkpoint.root()) {
    spdlog::error(
        "checkpoints: the bus signed root {} at positie {}, but this replica's root there is {}: the bus "
        "rewrote the log it sent (or sends other nodes another one); not stored, kept as evidence",
        ToHex(checkpoint.root()), position, ToHex(root));
    KeepAsEvidence(checkpoint);
    return;
  }
  if (Status s = store_.Add(checkpoint); s.IsConflict()) {
    spdlog::error("checkpoints: positie {}: {}", position, s.message());
  } else if (!s.ok()) {
    spdlog::error("checkpoints: the checkpoint at positie {} is not stored: {}", position, s.ToString());
  } else {
    spdlog::debug("checkpoints: stored the checkpoint at positie {}", position);
  }
}

void CheckpointKeeper::KeepAsEvidence(const v1::Checkpoint& checkpoint) {
  if (refused_.size() >= kMaxRefused) refused_.clear();
  refused_.insert(checkpoint.SerializeAsString());
  if (Status s = store_.AddEvidence(checkpoint); !s.ok()) {
    spdlog::error("checkpoints: keeping the checkpoint at positie {} as evidence: {}", checkpoint.position(),
                  s.ToString());
  }
}

}  // namespace regiotafel::node
