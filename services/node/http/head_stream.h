// HeadStream: GET /api/v1/stroom, the replica's head as server-sent events (text/event-stream), so
// that a dashboard refetches what it shows within a moment of a commit instead of polling.
//
//   retry: 2000                                   once, first: how soon a client reconnects
//   event: kop / id: N / data: {"position": N, "hash": "…"}
//                                                 at once on connecting, then whenever the head
//                                                 moves (several records in a moment: one event
//                                                 with the latest head)
//   : keep-alive                                  after `keep_alive` without an event, so proxies
//                                                 keep the connection and a gone client is noticed
//
// Access is the views' (lezen and up), checked before routing (http_api.h). Each stream holds one
// of the HTTP server's worker threads for as long as it is open, so at most `max_clients` are open
// at once; one more is 503 with Retry-After, which leaves the rest of the pool to the other calls.
// A stream ends when the client goes, at Stop(), and when the follower stops (the node is going
// down): it waits in slices of `slice`, so a stopping server is never held up longer than that.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "eventstore/event_log.h"

namespace regiotafel::node {

struct HeadStreamOptions {
  size_t max_clients = 16;  // of the HTTP server's 32 workers (http_api.cc)
  std::chrono::milliseconds keep_alive{15'000};
  std::chrono::milliseconds slice{500};  // the longest one wait blocks a worker
};

class HeadStream {
 public:
  using Clock = std::chrono::steady_clock;
  // True once the replica's head is at `position` or beyond; false at the deadline, or at once when
  // it never will be (the follower stopped): ReplicaFollower::WaitForPosition.
  using WaitForPosition = std::function<bool(uint64_t position, Clock::time_point deadline)>;

  // `replica` must outlive the stream.
  HeadStream(const eventstore::EventLog& replica, WaitForPosition wait, HeadStreamOptions options = {});
  HeadStream(const HeadStream&) = delete;
  HeadStream& operator=(const HeadStream&) = delete;

  // Adds GET /api/v1/stroom to `server` (before it serves).
  void Register(httplib::Server& server);
  // Ends every stream within `slice`; new ones are refused. Call before the server stops.
  void Stop() { stop_ = true; }

  size_t clients() const { return clients_; }

 private:
  void Open(const httplib::Request& request, httplib::Response& response);

  const eventstore::EventLog& replica_;
  const WaitForPosition wait_;
  const HeadStreamOptions options_;
  std::atomic<size_t> clients_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace regiotafel::node
