// ReplicaFollower: keeps the node's replica of the regional log byte-identical to the bus's
// (docs/BUS.md, "Follower"). One thread owns the SUB and the fetch DEALER.
//
// It subscribes first and then fetches from its head + 1 until a FetchResponse shows it has reached
// the bus's head, so no record can fall between catch-up and live stream (the slow joiner). Live,
// it applies PUB records at head + 1 with EventLog::AppendReplicated, draining what is waiting into
// one call. A record beyond head + 1 (the PUB dropped some) or a heartbeat announcing a head beyond
// its own makes it fetch. A record whose envelope commits to personal data is taken from a fetch too:
// the PUB reaches everyone and so carries no sealed part, while a fetch answer carries the parts this
// organisation's kind may read (docs/PRIVACY.md), which the replica stores beside the record. No frame at all
// for three heartbeat intervals: the bus is taken for gone, both sockets are made anew and it fetches again.
// A fetch without answer in time is sent again on a new socket.
//
// With a CheckpointStore, a CheckpointKeeper (checkpoint_keeper.h) judges the bus's checkpoints that
// come on the PUB and with fetch answers against the replica, before the records that came with
// them are appended, and stores the ones that hold. It rebuilds its Merkle range from the replica
// when the thread starts.
//
// When the replica stops writing (a failed write, a full disk: EventLog::WriteError) the follower
// applies nothing and fetches nothing, draining the PUB meanwhile; it reopens the replica after
// store_retry, then twice as long after each failed try (up to store_retry_max), one log line a try,
// and once it writes again it fetches from its head (and rebuilds the checkpoints' Merkle range from
// the replica as it is then). A checkpoint store that stopped writing is reopened the same way.
//
// Thread-safety: WaitForPosition() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "base/status.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/bus.pb.h"
#include "services/node/bus_client/checkpoint_keeper.h"
#include "services/node/bus_client/retry_backoff.h"
#include "transport/curve.h"
#include "transport/wakeup.h"

namespace regiotafel::node {

struct FollowerOptions {
  std::string publish;                            // the bus's PUB
  std::string fetch;                              // the bus's fetch ROUTER
  transport::CurveSettings curve{};               // empty: plain sockets
  std::chrono::milliseconds heartbeat{1000};      // the bus's heartbeat interval
  std::chrono::milliseconds fetch_timeout{5000};  // no FetchResponse in this time: ask again
  std::string bus_checkpoint_key{};               // the bus's Ed25519 public key; empty: not checked
  // Who asks, for a plain bus (on a Curve bus the connection says it): the bus hands each fetch only
  // the sealed parts this organisation's kind may read (docs/PRIVACY.md).
  std::string organisatie{};
  // A stopped replica or checkpoint store is reopened after this, then twice as long each time.
  std::chrono::milliseconds store_retry{500};
  std::chrono::milliseconds store_retry_max{10'000};
};

class ReplicaFollower {
 public:
  using Clock = std::chrono::steady_clock;

  // `context`, `replica` and `checkpoints` (null: the bus's checkpoints are ignored) must outlive the
  // follower; nothing else may write to `replica` or add to `checkpoints`.
  ReplicaFollower(zmq::context_t& context, eventstore::EventLog& replica, FollowerOptions options,
                  eventstore::CheckpointStore* checkpoints = nullptr);
  ~ReplicaFollower();  // Stop()
  ReplicaFollower(const ReplicaFollower&) = delete;
  ReplicaFollower& operator=(const ReplicaFollower&) = delete;

  void Start();
  void Stop();  // idempotent

  // True once the replica's head is at `position` or beyond; false at `deadline` or after Stop().
  bool WaitForPosition(uint64_t position, Clock::time_point deadline);

  // True once the bus has answered a fetch since Start() and the replica has reached the head that
  // answer named (what a node restored from a backup waits for before it answers); false at
  // `deadline` or after Stop().
  bool WaitUntilCaughtUp(Clock::time_point deadline);

  // The bus's head as its last heartbeat or fetch answer told (0 before either): with the
  // replica's head, the replica's lag on /metrics.
  uint64_t BusHead() const { return bus_head_.load(std::memory_order_relaxed); }

 private:
  void Run();
  // Run's phases. Each but OnPublished returns false when the thread must end (logged).
  // False only when Stop() came during the rebuild; a rebuild that fails otherwise drops the keeper.
  bool RebuildCheckpoints();
  // Sleeps until a frame, a wake-up, the fetch timeout or the silence limit.
  bool WaitForFrames(std::chrono::milliseconds silence);
  // Drains the SUB (at most kMaxDrain frames) and appends the run of records that follows the head.
  bool ApplyPublished();
  // One PUB frame: the record that follows the head (or `run`) joins `run`; a gap or a heartbeat
  // ahead wants a fetch; a checkpoint goes to the keeper.
  void OnPublished(v1::BusFrame& frame, std::vector<v1::LogRecord>* run);
  // Drains the fetch DEALER into OnFetchResponse.
  bool ReadFetchAnswers();
  // The bus silent for `silence`: both sockets anew. A fetch unanswered for fetch_timeout: asked again
  // on a new socket.
  bool HandleTimeouts(std::chrono::milliseconds silence);
  Status Reconnect();
  // Asks for the records from `from` (0: the one after the head).
  void RequestFetch(uint64_t from = 0);
  // Moves what it applies out of `response`.
  void OnFetchResponse(v1::FetchResponse& response);
  // Applies consecutive records following the head, with the parts of some of them; false when the
  // replica refused them.
  bool Apply(const std::vector<v1::LogRecord>& records,
             const std::vector<eventstore::PositionParts>& parts = {});
  // Whether the record's envelope commits to personal data: then it is taken from a fetch, with the
  // parts this node may have, and not from the PUB, which carries none.
  static bool HasParts(const v1::LogRecord& record);
  // False while the replica does not write: tries to reopen it (and a stopped checkpoint store) when
  // the back-off says so; after a reopen of the replica, fetches from its head. False also when Stop()
  // came during the rebuild that follows.
  bool StoresWritable();
  // Once per back-off: reopens a checkpoint store that stopped writing.
  void ReopenCheckpoints(Clock::time_point now);

  zmq::context_t& context_;
  eventstore::EventLog& replica_;
  const FollowerOptions options_;
  eventstore::CheckpointStore* const checkpoint_store_;  // null: none kept

  // Follower thread only.
  std::unique_ptr<CheckpointKeeper> checkpoints_;  // null: none kept
  zmq::socket_t sub_;
  zmq::socket_t fetch_;
  eventstore::LogHead head_;
  bool fetching_ = false;      // a FetchRequest is out
  bool fetch_wanted_ = false;  // a gap or a heartbeat asked for one
  uint64_t fetch_request_id_ = 0;
  Clock::time_point fetch_sent_at_;
  Clock::time_point not_before_;  // after the replica refused records: do not hammer the bus
  Clock::time_point last_frame_at_;
  bool replica_paused_ = false;  // the replica stopped writing: nothing is applied nor fetched
  RetryBackoff replica_retry_;
  bool checkpoints_paused_ = false;
  RetryBackoff checkpoints_retry_;

  std::atomic<uint64_t> bus_head_{0};
  std::optional<uint64_t> first_answered_head_;  // guarded by mutex_
  transport::Wakeup wakeup_;
  std::atomic<bool> stop_{false};
  std::thread thread_;

  std::mutex mutex_;
  std::condition_variable advanced_;  // notified whenever the head moves
};

}  // namespace regiotafel::node
