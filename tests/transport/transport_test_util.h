// Helpers of the transport tests: bounded waits on real sockets (a poll, never a sleep), numbered
// frames that say which one they are, a socket monitor that keeps ZeroMQ's connection events (the
// evidence that a handshake failed, rather than an answer that merely did not come), and a guard
// that rescues a call that should have returned at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>
#include <zmq.hpp>

#include "regiotafel/v1/bus.pb.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::transport::testing {

// How long a test waits for something that should come at once. Generous: two shared cores.
inline constexpr std::chrono::milliseconds kPatience{20'000};

// A frame that names itself: a Heartbeat with head_position `n` (and a hash, so it has bytes).
inline v1::BusFrame Numbered(uint64_t n) {
  v1::BusFrame frame;
  frame.mutable_heartbeat()->set_head_position(n);
  frame.mutable_heartbeat()->set_head_hash(std::string(32, static_cast<char>('a' + n % 26)));
  return frame;
}

// True once `socket` shows any of `events` (ZMQ_POLLIN, ZMQ_POLLOUT); false after `patience`.
inline bool WaitFor(zmq::socket_t& socket, short events, std::chrono::milliseconds patience = kPatience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  std::vector<zmq::pollitem_t> items = {{socket.handle(), 0, events, 0}};
  for (;;) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (!Poll(&items, left).ok()) return false;
    if (items[0].revents & events) return true;
  }
}

// The next message on a DEALER or SUB as RecvFrame answers it, after waiting for one to come.
// Nothing within `patience`: ok and `*out` empty.
inline Status NextFrame(zmq::socket_t& socket, std::optional<v1::BusFrame>* out,
                        std::chrono::milliseconds patience = kPatience) {
  out->reset();
  if (!WaitFor(socket, ZMQ_POLLIN, patience)) return Status::Ok();
  return RecvFrame(socket, out);
}

// The same on a ROUTER, with RecvFrameFrom.
inline Status NextRoutedFrame(zmq::socket_t& router, std::optional<RoutedFrame>* out,
                              std::chrono::milliseconds patience = kPatience) {
  out->reset();
  if (!WaitFor(router, ZMQ_POLLIN, patience)) return Status::Ok();
  return RecvFrameFrom(router, out);
}

// ZeroMQ's events of one socket's connections, kept in order. Watch() before the peer connects.
// Destroy it before the socket it watches (declare it after).
class SocketEvents : public zmq::monitor_t {
 public:
  struct Event {
    uint16_t event;
    int32_t value;  // the ZAP status code, the protocol error, the errno, … (zmq_socket_monitor)
  };

  void Watch(zmq::socket_t& socket) {
    static int count = 0;
    init(socket, "inproc://transport-test-events-" + std::to_string(++count));
  }

  // True once an `event` (with `value`, when given) has come; false after `patience`.
  bool WaitFor(uint16_t event, std::optional<int32_t> value = std::nullopt,
               std::chrono::milliseconds patience = kPatience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (size_t seen = 0;;) {
      for (; seen < events_.size(); ++seen) {
        if (events_[seen].event == event && (!value || events_[seen].value == *value)) return true;
      }
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      check_event(static_cast<int>(left.count()));
    }
  }

  bool Saw(uint16_t event) const {
    for (const Event& e : events_)
      if (e.event == event) return true;
    return false;
  }

 private:
  void Keep(const zmq_event_t& e) { events_.push_back({e.event, e.value}); }
  void on_event_connected(const zmq_event_t& e, const char*) override { Keep(e); }
  void on_event_accepted(const zmq_event_t& e, const char*) override { Keep(e); }
  void on_event_disconnected(const zmq_event_t& e, const char*) override { Keep(e); }
  void on_event_handshake_succeeded(const zmq_event_t& e, const char*) override { Keep(e); }
  void on_event_handshake_failed_auth(const zmq_event_t& e, const char*) override { Keep(e); }
  void on_event_handshake_failed_protocol(const zmq_event_t& e, const char*) override { Keep(e); }
  void on_event_handshake_failed_no_detail(const zmq_event_t& e, const char*) override { Keep(e); }

  std::vector<Event> events_;
};

// Runs `call`, which should return at once. Should it still be running after kPatience, another
// thread runs `rescue` (which must make `call` return). True when `call` returned by itself: a
// test of "does not wait" that fails, rather than hangs, when it does wait.
template <typename Call, typename Rescue>
bool ReturnsWithoutRescue(Call call, Rescue rescue) {
  std::promise<void> returned;
  bool rescued = false;
  std::thread guard([&, done = returned.get_future()] {
    if (done.wait_for(kPatience) == std::future_status::timeout) {
      rescued = true;
      rescue();
    }
  });
  call();
  returned.set_value();
  guard.join();
  return !rescued;
}

}  // namespace regiotafel::transport::testing
