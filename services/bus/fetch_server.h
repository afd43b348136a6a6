// FetchServer: the bus's fetch ROUTER on a thread of its own, so catch-up reads never delay acks.
// Answers FetchRequest{from_position, max_records} with consecutive records from the log, at most
// kMaxFetchRecords records or kMaxFetchBytes bytes (at least one record when there is one), and the
// log's head at the time of answering (read after the records, so head ≥ the last record sent), and
// the bus's latest checkpoint at or before the last record sent, when it signs checkpoints; and the
// sealed parts of those records that the asking organisation's kind may read (docs/PRIVACY.md).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "base/status.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/bus.pb.h"
#include "transport/curve.h"
#include "transport/refusal_log.h"
#include "transport/sockets.h"
#include "transport/wakeup.h"

namespace regiotafel::bus {

inline constexpr size_t kMaxFetchRecords = 10'000;
inline constexpr size_t kMaxFetchBytes = size_t{4} << 20;
// A FetchRequest is a few dozen bytes: a larger message on the fetch socket is dropped by ZeroMQ.
inline constexpr int64_t kMaxFetchRequestBytes = 64 << 10;

class FetchServer {
 public:
  // Binds at once, so the endpoint is known and a busy port reported before anything runs; the
  // socket takes `limits`' handshake and kMaxFetchRequestBytes. Malformed messages are logged at the
  // rate of a RefusalLog with `refusal_summary`. `log` and `checkpoints` (null: none) must outlive
  // the server.
  static Status Open(zmq::context_t& context, const std::string& endpoint,
                     const transport::CurveSettings& curve, const transport::ServerLimits& limits,
                     std::chrono::milliseconds refusal_summary, const eventstore::EventLog& log,
                     const eventstore::CheckpointStore* checkpoints, std::unique_ptr<FetchServer>* out);
  ~FetchServer();  // Stop()
  FetchServer(const FetchServer&) = delete;
  FetchServer& operator=(const FetchServer&) = delete;

  void Start();
  void Stop();  // idempotent; returns when the thread has ended

  const std::string& endpoint() const { return endpoint_; }

 private:
  FetchServer(zmq::socket_t socket, std::string endpoint, std::chrono::milliseconds refusal_summary,
              const eventstore::EventLog& log, const eventstore::CheckpointStore* checkpoints);
  void Run();
  void Answer(const std::string& routing_id, const std::string& user_id, const v1::FetchRequest& request);
  // The sealed parts of the response's records that `organisatie`'s kind may read (DOMAIN §7):
  // nothing else leaves the bus for it.
  void AddParts(const std::string& organisatie, v1::FetchResponse* response) const;

  zmq::socket_t socket_;  // used only by thread_ once started
  const std::string endpoint_;
  const eventstore::EventLog& log_;
  const eventstore::CheckpointStore* const checkpoints_;
  transport::RefusalLog malformed_;  // thread_ only
  transport::Wakeup wakeup_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace regiotafel::bus
