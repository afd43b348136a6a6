// Wakeup: an eventfd that a poll loop watches beside its sockets, so another thread (or a signal
// handler: Signal() is async-signal-safe) can interrupt a zmq::poll at once.
// Owns the fd; movable would invite a loop polling a closed fd, so neither copyable nor movable.
#pragma once

#include <zmq.hpp>

namespace regiotafel::transport {

class Wakeup {
 public:
  Wakeup();
  ~Wakeup();
  Wakeup(const Wakeup&) = delete;
  Wakeup& operator=(const Wakeup&) = delete;

  void Signal() noexcept;
  // Consumes every Signal() so far; the next poll blocks again.
  void Clear() noexcept;
  // For a poll item list; the loop calls Clear() when revents shows ZMQ_POLLIN.
  zmq::pollitem_t PollItem() const { return {nullptr, fd_, ZMQ_POLLIN, 0}; }

 private:
  int fd_;
};

}  // namespace regiotafel::transport
