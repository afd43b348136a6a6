// CheckpointKeeper: what a node does with the bus's signed checkpoints (docs/TRUST.md,
// "Checkpoints"). It keeps a Merkle compact range over LeafHash(record.hash) of its own replica and
// stores a checkpoint as valid only once the replica holds records up to its positie AND has the
// same root there, and, when the bus's key is configured, its signature is the bus's. Anything else
// is logged as an error naming the positie and kept as evidence (CheckpointStore::AddEvidence):
// a root the replica does not have means the bus rewrote what it had sent, or serves other nodes
// another log.
//
// A checkpoint ahead of the replica waits (in memory) until the records up to its positie are
// appended; the follower hands checkpoints over before the records that came with them. One behind
// the replica is checked from a snapshot of the range (one every kSnapshotEvery records, the last
// kSnapshots kept) and the replica's records after it; one further behind is not checked, and the
// next checkpoint is.
//
// Used by the follower's thread only.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/merkle.h"
#include "base/status.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::node {

class CheckpointKeeper {
 public:
  static constexpr uint64_t kSnapshotEvery = 1024;
  static constexpr size_t kSnapshots = 256;    // the last 262,144 records
  static constexpr size_t kMaxWaiting = 1000;  // checkpoints ahead of the replica

  // `bus_public_key`: 32 bytes, or empty when the node has none (signatures are then not checked,
  // which is logged once). `store` and `replica` must outlive the keeper.
  CheckpointKeeper(eventstore::CheckpointStore& store, const eventstore::EventLog& replica,
                   std::string bus_public_key);

  // Builds the range over the replica as it is, logging progress on a long one, and checks the
  // latest stored checkpoint against it. Stops early (not ok) when `stop` is set.
  Status Rebuild(const std::atomic<bool>& stop);

  // A checkpoint from the bus (on the PUB, or with a fetch answer: `via` says which, for the log).
  void Received(const v1::Checkpoint& checkpoint, const char* via);
  // Records the replica appended, in order, following the last ones.
  void Appended(const std::vector<v1::LogRecord>& records);

  uint64_t size() const { return range_.size(); }

 private:
  void Append(const v1::LogRecord& record);
  // The replica's root at `positie` ≤ size(); nullopt when it is too far back or cannot be read.
  std::optional<std::string> RootAt(uint64_t position) const;
  // Stores `checkpoint` when `root` (the replica's at its positie) is its root; else evidence.
  void Judge(const v1::Checkpoint& checkpoint, const std::string& root);
  void KeepAsEvidence(const v1::Checkpoint& checkpoint);

  eventstore::CheckpointStore& store_;
  const eventstore::EventLog& replica_;
  const std::string bus_public_key_;
  merkle::CompactRange range_;
  std::map<uint64_t, merkle::CompactRange> snapshots_;  // by size
  std::multimap<uint64_t, v1::Checkpoint> waiting_;     // by positie, ahead of the replica
  std::set<std::string> refused_;                       // serialized; each logged once
};

}  // namespace regiotafel::node
