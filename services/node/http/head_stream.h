// HeadStream: the replica's head over HTTP, three ways, all on the follower's head notification
// (ReplicaFollower::WaitForPosition), none by polling.
//
//   GET /api/v1/log/head                         {"position": P, "hash": "…"} at once
//   GET /api/v1/log/head?na=N[&wacht=S]          the same JSON as soon as the head is beyond N (at
//                                                once when it already is), or after S seconds (0 to
//                                                60, default 30) with the head as it is then, so
//                                                the client sees it did not move; 400 {"error",
//                                                "field"} for a bad na or wacht or another parameter,
//                                                503 when the node stops meanwhile
//   GET /api/v1/stroom                           server-sent events (text/event-stream):
//
//   retry: 2000                                   once, first: how soon a client reconnects
//   event: kop / id: N / data: {"position": N, "hash": "…"}
//                                                 at once on connecting, then whenever the head
//                                                 moves (several records in a moment: one event
//                                                 with the latest head)
//   : keep-alive                                  after `keep_alive` without an event, so proxies
//                                                 keep the connection and a gone client is noticed
//
// Access is the views' (lezen and up), checked before routing (events_api.h). Each stream and each
// waiting long-poll holds one of the HTTP server's worker threads, so at most `max_clients` streams
// and `max_waiters` long-polls are open at once; one more is 503 with Retry-After, which leaves the
// rest of the pool to the other calls. A stream or a long-poll ends when the client goes, at Stop(),
// and when the follower stops (the node is going down): it waits in slices of `slice`, so a stopping
// server is never held up longer than that.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>

#include "eventstore/event_log.h"

namespace regiotafel::node {

struct HeadStreamOptions {
  size_t max_clients = 16;  // streams, of the HTTP server's 32 workers (events_api.cc)
  size_t max_waiters = 8;   // long-polls of the head waiting at once
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

  // How long a long-poll waits when it does not say (wacht), and at most.
  static constexpr std::chrono::seconds kDefaultWait{30};
  static constexpr std::chrono::seconds kMaxWait{60};

  // Adds GET /api/v1/log/head and GET /api/v1/stroom to `server` (before it serves).
  void Register(httplib::Server& server);
  // Ends every stream and long-poll within `slice`; new ones are refused. Call before the server
  // stops.
  void Stop() { stop_ = true; }

  size_t clients() const { return clients_; }
  size_t waiters() const { return waiters_; }

 private:
  void Open(const httplib::Request& request, httplib::Response& response);
  void Head(const httplib::Request& request, httplib::Response& response);
  // Blocks until the head is beyond `after` (true), or `deadline` (true: the client sees the head
  // did not move), or Stop() or the follower stopping (false).
  bool WaitBeyond(uint64_t after, Clock::time_point deadline) const;

  const eventstore::EventLog& replica_;
  const WaitForPosition wait_;
  const HeadStreamOptions options_;
  std::atomic<size_t> clients_{0};
  std::atomic<size_t> waiters_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace regiotafel::node
