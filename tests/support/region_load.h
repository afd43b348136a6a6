// The load a fault test drives into its region (tests/support/fault_region.h), and how it is held:
//
//   Gate     lets Posters through while open; Close() returns once every poster is parked
//   Starts   how often a node has been started: a poster whose node went away waits on it
//   Progress what several posters have done, as an event: a test waits on it for their counts
//   Poster   posts events to a node's HTTP API on a thread of its own; when a node does not answer
//            (it was killed) it posts the same event again until it does; stoppable at a Gate, so
//            that a test can hold the traffic while it checks
//   BusFlow  other organisations' traffic, submitted straight to the bus's submit socket in batches
//            of 1,000 (much faster than HTTP); every event must come back COMMITTED
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "base/signing.h"
#include "base/uuid.h"
#include "tests/support/bus_frames.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"

namespace regiotafel::testing {

using namespace std::chrono_literals;

// How long a test waits for the region to settle after a fault (outboxes drained, heads equal).
inline constexpr std::chrono::milliseconds kSettle{90'000};

// ---------------------------------------------------------------------------------------------
// Gate: lets Posters through while open; Close() returns once every poster is parked in front of
// it (its keep-alive connection closed, no request of it in progress).
class Gate {
 public:
  void Open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  // False when the posters did not all park within `patience`.
  bool Close(std::chrono::milliseconds patience = kSettle) {
    std::unique_lock lock(mutex_);
    open_ = false;
    return changed_.wait_for(lock, patience, [&] { return parked_ + retired_ == members_; });
  }

  // For the posters.
  void Join() {
    std::lock_guard lock(mutex_);
    ++members_;
  }
  void Retire() {
    {
      std::lock_guard lock(mutex_);
      ++retired_;
    }
    changed_.notify_all();
  }
  // Blocks while closed; `park` runs before blocking. False when `stop` became true.
  template <class Park>
  bool Pass(const std::atomic<bool>& stop, Park park) {
    std::unique_lock lock(mutex_);
    if (open_ || stop) return !stop;
    park();
    ++parked_;
    changed_.notify_all();
    // The poster's Stop() notifies through Kick().
    changed_.wait(lock, [&] { return open_ || stop.load(); });
    --parked_;
    return !stop;
  }
  void Kick() {
    { std::lock_guard lock(mutex_); }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  int members_ = 0, parked_ = 0, retired_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Starts: how often a node has been started and answered. A poster whose node went away waits on
// it for the node's next start instead of knocking on a closed port.
class Starts {
 public:
  uint64_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  void Started() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    changed_.notify_all();
  }
  // Wakes the waiters, to look at their `stop`.
  void Kick() const { changed_.notify_all(); }
  // Blocks until the node was started after `seen` (true), or `stop` or `deadline` (false).
  bool WaitBeyond(uint64_t seen, const std::atomic<bool>& stop,
                  std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return count_ > seen || stop.load(); }) && !stop;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  uint64_t count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Progress: the posters that share one Tick() it after every answer they count and once when they
// are done, so that a test waits for a condition over their counts on that event (Until) instead
// of asking again every few milliseconds.
class Progress {
 public:
  void Tick() {
    { std::lock_guard lock(mutex_); }
    changed_.notify_all();
  }
  // True once `ready()` is true, false after `patience`. `ready` is asked at once and after every
  // tick; it must not tick itself.
  template <class Ready>
  bool Until(Ready ready, std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, patience, [&] { return ready(); });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
};

// ---------------------------------------------------------------------------------------------
// Poster: posts `limit` events (Signaal, unless `body` says otherwise; or until Stop()) to the node
// on `port`, one after another. Each event has its own id; an event the node does not answer
// (connection refused or cut off) is posted again, same id and same body, on a new connection, and
// then after each start of the node (`starts`), for at most `patience` in a row.
// 202 (PENDING) and 200 (COMMITTED) count as accepted; 200 is also an acknowledgement, with its
// position. Any other answer is recorded as a failure.
class Poster {
 public:
  struct Options {
    int port = 0;
    int limit = -1;  // -1: until Stop()
    bool wait_for_commit = false;
    Gate* gate = nullptr;
    const Starts* starts = nullptr;  // the node's starts; null: a node that never goes away
    Progress* progress = nullptr;    // ticked after every answer counted and when done
    std::chrono::milliseconds patience{60'000};
    // The body of the i-th event, given its id; empty: a Signaal (SignaalBody).
    std::function<std::string(const std::string& event_id, int i)> body = {};
    // A 503 (the node cannot store it now: a full disk) is posted again, same id, after a pause,
    // instead of counting as a failure.
    bool retry_unavailable = false;
  };

  explicit Poster(Options options) : options_(options) {
    if (options_.gate != nullptr) options_.gate->Join();
    thread_ = std::thread([this] { Run(); });
  }
  ~Poster() { Stop(); }
  Poster(const Poster&) = delete;
  Poster& operator=(const Poster&) = delete;

  void Stop() {
    stop_ = true;
    if (options_.gate != nullptr) options_.gate->Kick();
    if (options_.starts != nullptr) options_.starts->Kick();
    if (thread_.joinable()) thread_.join();
  }
  // Blocks until the poster has posted all it was to post (or gave up).
  bool Finish(std::chrono::milliseconds patience) {
    std::unique_lock lock(mutex_);
    return finished_.wait_for(lock, patience, [&] { return done_.load(); });
  }

  int accepted() const { return accepted_; }
  int unanswered() const { return unanswered_; }    // posts that got no answer and were repeated
  int unavailable() const { return unavailable_; }  // posts answered 503 and repeated
  bool done() const { return done_; }
  std::vector<std::string> accepted_ids() {
    std::lock_guard lock(mutex_);
    return accepted_ids_;
  }
  std::map<std::string, uint64_t> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::vector<std::string> failures() {
    std::lock_guard lock(mutex_);
    return failures_;
  }

 private:
  void Run() {
    auto client = NewClient();
    for (int i = 0; (options_.limit < 0 || i < options_.limit) && !stop_; ++i) {
      if (options_.gate != nullptr && !options_.gate->Pass(stop_, [&] { client->stop(); })) break;
      const std::string id = NewUuid();
      const std::string body = options_.body ? options_.body(id, i) : SignaalBody(id, i);
      const char* path = options_.wait_for_commit ? "/api/v1/events?wait=commit" : "/api/v1/events";
      Answer answer;
      const auto deadline = std::chrono::steady_clock::now() + options_.patience;
      for (bool reconnected = false;;) {
        const uint64_t seen = options_.starts != nullptr ? options_.starts->count() : 0;
        answer = ToAnswer(client->Post(path, body, "application/json"));
        if (answer.code == 503 && options_.retry_unavailable && !stop_ &&
            std::chrono::steady_clock::now() < deadline) {
          ++unavailable_;
          std::this_thread::sleep_for(
              std::chrono::milliseconds(100));  // no event tells that the disk has room
          continue;
        }
        if (answer.code != 0 || stop_ || std::chrono::steady_clock::now() >= deadline) break;
        ++unanswered_;
        client = NewClient();
        // First on a new connection (the old one may be from before a restart), then once the
        // node has been started again.
        if (!reconnected) {
          reconnected = true;
          continue;
        }
        reconnected = false;
        if (options_.starts == nullptr || !options_.starts->WaitBeyond(seen, stop_, deadline)) break;
      }
      bool failed = false;
      {
        std::lock_guard lock(mutex_);
        if (answer.code == 202 || answer.code == 200) {
          accepted_ids_.push_back(id);
          if (answer.code == 200) {
            if (answer.Text("status") == "COMMITTED" && answer.Number("position") > 0) {
              acknowledged_[id] = answer.Number("position");
            } else {
              failures_.push_back(id + ": 200 without a commit: " + answer.body);
            }
          }
          ++accepted_;
        } else if (!stop_) {
          failures_.push_back(id + ": HTTP " + std::to_string(answer.code) + " " + answer.body);
          failed = true;
        }
      }
      if (failed) break;
      // Outside the lock: a waiter's condition may ask this poster's ids.
      if (options_.progress != nullptr) options_.progress->Tick();
    }
    client->stop();
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    finished_.notify_all();
    if (options_.progress != nullptr) options_.progress->Tick();
    if (options_.gate != nullptr) options_.gate->Retire();
  }

  std::unique_ptr<httplib::Client> NewClient() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", options_.port);
    client->set_keep_alive(true);
    client->set_connection_timeout(5s);
    client->set_read_timeout(120s);
    return client;
  }

  Options options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> unanswered_{0};
  std::atomic<int> unavailable_{0};
  std::mutex mutex_;
  std::condition_variable finished_;  // done_ became true
  std::vector<std::string> accepted_ids_;
  std::map<std::string, uint64_t> acknowledged_;
  std::vector<std::string> failures_;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// BusFlow: fresh signed Signaal events of `origin`, straight to the bus's submit ROUTER, batches of
// 1,000 with up to `window` awaiting their answer. Used for other organisations' traffic.
class BusFlow {
 public:
  BusFlow(zmq::context_t& context, const std::string& submit, std::string origin, const SigningKey& key)
      : client_(context, zmq::socket_type::dealer, submit), origin_(std::move(origin)), key_(key) {}

  // Submits `count` events; every one must come back COMMITTED. Their ids go to `*ids` when given.
  ::testing::AssertionResult Submit(size_t count, std::vector<std::string>* ids = nullptr,
                                    size_t window = 4) {
    std::map<uint64_t, std::vector<std::string>> in_flight;  // request id → event ids
    size_t sent = 0;
    while (sent < count || !in_flight.empty()) {
      while (in_flight.size() < window && sent < count) {
        v1::BusFrame frame;
        v1::SubmitBatch* batch = frame.mutable_submit();
        batch->set_request_id(++request_id_);
        std::vector<std::string>& batch_ids = in_flight[request_id_];
        for (size_t i = 0; i < 1000 && sent < count; ++i, ++sent) {
          v1::Envelope envelope = Signaal(origin_, next_seq_++, "1234567890", "f" + std::to_string(sent));
          batch_ids.push_back(envelope.event_id());
          *batch->add_events() = Sign(key_, envelope);
        }
        if (Status s = client_.Send(frame); !s.ok()) {
          return ::testing::AssertionFailure() << "flow: sending a batch: " << s.ToString();
        }
      }
      std::optional<v1::BusFrame> reply = client_.Receive(kPatience);
      if (!reply) {
        return ::testing::AssertionFailure() << "flow: no answer from the bus within " << kPatience.count()
                                             << " ms (" << sent << " of " << count << " sent)";
      }
      if (!reply->has_submit_reply()) continue;
      auto it = in_flight.find(reply->submit_reply().request_id());
      if (it == in_flight.end()) continue;
      if (static_cast<size_t>(reply->submit_reply().results_size()) != it->second.size()) {
        return ::testing::AssertionFailure() << "flow: " << reply->submit_reply().results_size()
                                             << " results for " << it->second.size() << " events";
      }
      for (const v1::SubmitResult& result : reply->submit_reply().results()) {
        if (result.status() != v1::SubmitResult::COMMITTED) {
          return ::testing::AssertionFailure()
                 << "flow: event " << result.event_id() << " not committed: " << result.error();
        }
      }
      if (ids != nullptr) ids->insert(ids->end(), it->second.begin(), it->second.end());
      in_flight.erase(it);
    }
    return ::testing::AssertionSuccess();
  }

 private:
  FrameClient client_;
  const std::string origin_;
  const SigningKey& key_;
  uint64_t next_seq_ = 1;
  uint64_t request_id_ = 0;
};

}  // namespace regiotafel::testing
