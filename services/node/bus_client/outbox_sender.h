// OutboxSender: submits the outbox's pending entries to the bus and records its decisions
// (docs/BUS.md, "Sender"). One thread owns the DEALER.
//
// Entries go in origin_seq order, in batches of at most kMaxBatch, with up to kWindow batches
// awaiting an answer at a time; a reply is matched to its batch by request_id, and its results by
// index. Decisions of one reply are recorded in one synced outbox write (Outbox::MarkDecided).
// When the oldest batch has had no answer within the timeout (counted from its send, or from the
// answer to the batch before it when that came later), every batch in flight is
// considered lost: the socket is closed (dropping whatever it still queued), a new one is made and
// the pending entries are submitted again. Each timeout in a row doubles the next one (up to
// max_timeout); any answer resets it. Resubmitting is harmless: the bus answers a known event id
// with its first decision. After a restart the sender simply starts again from the outbox.
//
// When the outbox stops writing (a failed write, a full disk: Outbox::WriteError), nothing is sent,
// because no answer could be recorded, and answers still coming are dropped. The sender reopens the
// outbox after store_retry, then twice as long after each failed try (up to store_retry_max), one
// log line a try; once it is writable again everything pending is submitted again from the start.
//
// Thread-safety: Wake() and WaitForDecision() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "base/metrics.h"
#include "base/signing.h"
#include "base/status.h"
#include "eventstore/outbox.h"
#include "regiotafel/v1/bus.pb.h"
#include "services/node/bus_client/retry_backoff.h"
#include "transport/curve.h"
#include "transport/wakeup.h"

namespace regiotafel::node {

struct SenderOptions {
  std::string endpoint;              // the bus's submit ROUTER
  transport::CurveSettings curve{};  // empty: a plain socket
  // Signs each batch as a whole (base/batch_signature.h) in place of the entries' own signatures,
  // so that the bus verifies one signature per batch; absent: the entries' signatures go as they are.
  std::optional<SigningKey> batch_key{};
  std::chrono::milliseconds timeout{3000};
  std::chrono::milliseconds max_timeout{30'000};
  size_t batch = 1000;  // the bus refuses larger batches
  size_t window = 4;    // batches in flight
  // A stopped outbox is reopened after this, then after twice as long each time, up to the max.
  std::chrono::milliseconds store_retry{500};
  std::chrono::milliseconds store_retry_max{10'000};
};

class OutboxSender {
 public:
  using Clock = std::chrono::steady_clock;

  // `context` and `outbox` must outlive the sender.
  OutboxSender(zmq::context_t& context, eventstore::Outbox& outbox, SenderOptions options);
  ~OutboxSender();  // Stop()
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  void Start();
  void Stop();  // idempotent; batches in flight are resubmitted after the next start

  // New entries are in the outbox: look now rather than at the next idle check.
  void Wake();

  // Waits until the bus has decided on `event_id` (the outbox entry is COMMITTED or REJECTED) or
  // until `deadline`; `*out` is the entry as it stands then. NotFound when the outbox lacks it.
  Status WaitForDecision(const std::string& event_id, Clock::time_point deadline, v1::OutboxEntry* out);

  // Batches sent to the bus since the start (resubmissions included), for /metrics.
  uint64_t BatchesSent() const { return batches_sent_.value(); }

 private:
  struct Batch {
    uint64_t request_id = 0;
    std::vector<std::string> event_ids;
    Clock::time_point sent_at;  // or when the batch before it was answered, if that is later
  };

  void Run();
  Status Reconnect();
  // False while the outbox does not write: tries to reopen it when the back-off says so, and on
  // success forgets what was in flight, so that everything pending goes again.
  bool OutboxWritable();
  // Sends batches while the window has room and pending entries wait. False when the socket cannot
  // take a message now (no connection yet): poll for ZMQ_POLLOUT then.
  bool Fill();
  // Replaces the signatures of the batch's events by one batch signature's proofs.
  void SignAsOne(v1::SubmitBatch* submit) const;
  void OnReply(const v1::SubmitReply& reply);
  void Notify();

  zmq::context_t& context_;
  eventstore::Outbox& outbox_;
  const SenderOptions options_;

  // Sender thread only.
  zmq::socket_t socket_;
  std::deque<Batch> in_flight_;  // oldest first
  uint64_t sent_up_to_seq_ = 0;  // origin_seq of the last entry in flight; 0 when none is
  uint64_t next_request_id_ = 1;
  std::chrono::milliseconds timeout_;
  Status fatal_;         // a socket error that is not "try later": the thread ends
  bool paused_ = false;  // the outbox stopped writing: nothing is sent
  RetryBackoff reopen_retry_;
  metrics::Counter batches_sent_;

  transport::Wakeup wakeup_;
  std::atomic<bool> stop_{false};
  std::thread thread_;

  std::mutex mutex_;                 // guards nothing but the waiters' sleep
  std::condition_variable decided_;  // notified after every reply
};

}  // namespace regiotafel::node
