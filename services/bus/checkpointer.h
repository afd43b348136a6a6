// Checkpointer: the bus's signed checkpoints (docs/TRUST.md, "Checkpoints"). It follows the records
// the bus publishes with a Merkle compact range over LeafHash(record.hash) — one leaf hash per
// record and an occasional node hash, no signature — and signs (positie, root, tijd) with the bus's
// own Ed25519 key at every positie divisible by `elke`, and when `interval` passed since the last
// checkpoint and the head moved. Each checkpoint goes into the bus's CheckpointStore (written, not
// synced: see Open) before the bus publishes it.
//
// Used by the bus's publishing thread only; the store may be read from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "base/merkle.h"
#include "base/signing.h"
#include "base/status.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::bus {

struct CheckpointerOptions {
  uint64_t elke = 1000;                        // a checkpoint at every positie divisible by it
  std::chrono::milliseconds interval{10'000};  // and this long after the last one, if the head moved
};

class Checkpointer {
 public:
  using Clock = std::chrono::steady_clock;

  // Opens (or creates) the store in `dir` and rebuilds the compact range over `log`'s records up to
  // its head, logging its progress on a long log. A stored checkpoint whose root the log no longer
  // has is logged as critical: this log was rewritten after the bus signed it.
  static Status Open(const std::string& dir, SigningKey key, CheckpointerOptions options,
                     const eventstore::EventLog& log, std::unique_ptr<Checkpointer>* out);

  // The next record in position order (the one after size()).
  void Append(const v1::LogRecord& record);
  uint64_t size() const { return range_.size(); }

  // A checkpoint at size() when one is due: at a multiple of `elke`, or `interval` after the last
  // one when records came since. Signed and stored (a store error is logged: the nodes keep it).
  std::optional<v1::Checkpoint> IfDue(Clock::time_point now);
  // When IfDue will next sign because of the time; Clock::time_point::max() while nothing is new.
  Clock::time_point TimeDue() const;

  const eventstore::CheckpointStore& store() const { return *store_; }
  const std::string& public_key() const { return key_.public_key(); }

 private:
  Checkpointer(SigningKey key, CheckpointerOptions options,
               std::unique_ptr<eventstore::CheckpointStore> store);
  Status Rebuild(const eventstore::EventLog& log);

  const SigningKey key_;
  const CheckpointerOptions options_;
  std::unique_ptr<eventstore::CheckpointStore> store_;
  merkle::CompactRange range_;
  uint64_t last_position_ = 0;  // of the last checkpoint signed (or stored by an earlier run)
  Clock::time_point last_at_ = Clock::now();
};

}  // namespace regiotafel::bus
