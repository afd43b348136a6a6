// Bus: the regional sequencer of docs/BUS.md. One thread (the caller of Run) owns the submit ROUTER
// and the PUB; a FetchServer answers catch-up reads on a thread of its own.
//
// With a Curve key pair in the config, every socket is a CURVE server and a ZapHandler lets only
// the trust map's Curve keys connect; each submission then carries the organisation its connection
// authenticated as, and an envelope of another origin is rejected.
//
// Per round Run drains the waiting submissions (up to kMaxDrainMessages / kMaxDrainEvents),
// validates every envelope (contract::ParseEnvelope; the Ed25519 signature, plain or a batch proof
// of base/batch_signature.h, when a trust map is given; its origin against the connection's organisation on a
// CURVE bus), appends the valid ones of all submitters in ONE EventLog::Append (one fsync: group commit),
// answers each submitter, then publishes every record after the "published up to" cursor, read back from the
// log so the PUB never skips a position. A heartbeat goes out when nothing else was published for
// `heartbeat`.
//
// With a checkpoint key (config.checkpoint_sleutel), a Checkpointer follows what is published and the
// bus signs checkpoints (docs/TRUST.md, "Checkpoints"): each goes on the PUB right after the record at
// its positie, into data/checkpoints, and into fetch answers that reach its positie.
//
// When the log refuses a write (a failed fsync is sticky), Run sends no answer for that round, logs
// it and returns the error: the submitters resubmit to the restarted bus, and the event ids make
// that idempotent. The process should exit non-zero.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "base/batch_signature.h"
#include "base/status.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/bus.pb.h"
#include "regiotafel/v1/events.pb.h"
#include "services/bus/bus_config.h"
#include "services/bus/bus_metrics.h"
#include "services/bus/checkpointer.h"
#include "services/bus/fetch_server.h"
#include "services/forgetting/forgetter.h"
#include "transport/frame_io.h"
#include "transport/refusal_log.h"
#include "transport/wakeup.h"
#include "transport/zap_handler.h"

namespace regiotafel::bus {

// Per SubmitBatch; more is refused whole with one answer, before any of its envelopes is parsed. A
// node sends at most 1,000 events of a few KiB each (its HTTP API takes 4 MiB per batch of lines).
inline constexpr int kMaxBatchEvents = 1'000;
inline constexpr size_t kMaxSubmitBytes = size_t{16} << 20;
// Sealed parts: one per class an envelope commits to (a handful); more is refused whole too.
inline constexpr size_t kMaxBatchParts = 16 * kMaxBatchEvents;
inline constexpr size_t kMaxDrainMessages = 256;   // submissions taken into one group commit
inline constexpr size_t kMaxDrainEvents = 10'000;  // events taken into one group commit

class Bus {
 public:
  // Opens config.data_dir/log and binds the three sockets ("tcp://127.0.0.1:*" picks a free port;
  // the *_endpoint() accessors tell which). `context` must outlive the bus.
  static Status Open(zmq::context_t& context, BusConfig config, std::unique_ptr<Bus>* out);
  ~Bus();
  Bus(const Bus&) = delete;
  Bus& operator=(const Bus&) = delete;

  // Serves until Stop(). Ok after Stop(); the log's error when it stopped taking writes; IOError when
  // a socket failed. Call once.
  Status Run();
  // From any thread, also a signal handler: Run finishes the round in progress and returns.
  void Stop() noexcept;

  const std::string& submit_endpoint() const { return submit_endpoint_; }
  const std::string& publish_endpoint() const { return publish_endpoint_; }
  const std::string& fetch_endpoint() const { return fetch_->endpoint(); }
  // Read access for tests and tools; the bus is the log's only writer.
  const eventstore::EventLog& log() const { return *log_; }
  // Its counters, for /metrics; read from any thread.
  const BusMetrics& metrics() const { return metrics_; }
  // The bus's checkpoints; null without a checkpoint key.
  const eventstore::CheckpointStore* checkpoints() const {
    return checkpointer_ ? &checkpointer_->store() : nullptr;
  }

 private:
  Bus(BusConfig config, std::unique_ptr<eventstore::EventLog> log);

  // One round: validate, append, answer. Non-ok only when the log failed (nothing answered).
  Status Commit(std::vector<transport::RoutedFrame>* submissions);
  // Answers a batch over kMaxBatchEvents, kMaxBatchParts or kMaxSubmitBytes as a whole (`reply` gets the
  // reason, no results); true when it was one.
  bool RefusedWhole(const transport::RoutedFrame& submission, v1::SubmitReply* reply);
  // One submitted event on its way through a round.
  struct Submitted {
    v1::SignedEnvelope* signed_envelope;
    std::string connected_as;  // the connection's organisation (empty on plain sockets)
    v1::SubmitResult* result;  // its slot in the reply
    std::string origin;        // once parsed
  };
  // REJECTED with the reason in the answer; a warning line at the refusal log's rate.
  void Reject(const Submitted& event, const Status& why, std::string_view reden);
  struct RoundCounts {
    size_t fresh = 0;
    size_t repeated = 0;
  };
  // Checks `events` with the keys in effect at the log's next position and appends the valid ones
  // in one EventLog::Append. Non-ok only when the log failed.
  Status AppendChecked(std::span<Submitted> events, SignatureVerifier& verifier, RoundCounts* counts);
  // `klassen` gets the class of each sealed part, in the order of signed_envelope.delen.
  Status Check(const v1::SignedEnvelope& signed_envelope, const std::string& connected_as, uint64_t position,
               SignatureVerifier& verifier, v1::Envelope* envelope, std::vector<v1::Klasse>* klassen) const;
  // Whether `event_id` is in the log with exactly these envelope bytes, and where.
  bool Logged(const std::string& event_id, const std::string& envelope, uint64_t* position) const;
  // Publishes the records after published_; true when anything went out.
  bool Publish();
  // Signs and publishes a checkpoint when one is due; true when it did.
  bool CheckpointIfDue(std::chrono::steady_clock::time_point now);
  void Heartbeat();

  const BusConfig config_;
  std::unique_ptr<eventstore::EventLog> log_;
  std::unique_ptr<forgetting::Forgetter> forgetter_;  // erases the parts of forgotten dossiers from log_
  std::unique_ptr<transport::ZapHandler> zap_;        // before the sockets: gone only after them
  std::unique_ptr<Checkpointer> checkpointer_;        // before fetch_, which reads its store
  std::unique_ptr<FetchServer> fetch_;
  zmq::socket_t submit_;
  zmq::socket_t publish_;
  std::string submit_endpoint_;
  std::string publish_endpoint_;
  uint64_t published_ = 0;  // the last position sent on the PUB
  BusMetrics metrics_;
  transport::RefusalLog refusals_;  // Run's thread only, like malformed_
  transport::RefusalLog malformed_;
  std::set<std::string, std::less<>> organisaties_;  // Run's thread only: who submitted, for metrics_
  transport::Wakeup wakeup_;
  std::atomic<bool> stop_{false};
};

}  // namespace regiotafel::bus
