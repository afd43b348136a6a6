// SlowRelay: the trouble a fault test makes for the bus's PUB, a subscriber too slow for it, in
// between the bus and a node of the region (tests/support/fault_region.h).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "regiotafel/v1/bus.pb.h"
#include "tests/support/bus_frames.h"
#include "transport/sockets.h"
#include "transport/wakeup.h"

namespace regiotafel::testing {

// SlowRelay: a subscriber too slow for the bus's PUB. Its SUB has a receive queue of one message
// and a small kernel buffer, and it reads only while not paused; so once the bus's PUB queue for it
// (ZMQ_SNDHWM, 100,000 messages) is full, the bus's PUB drops for it. What it does read goes out
// unchanged on a PUB of its own (no HWM), where a node subscribes: that node sees exactly the
// stream the slow subscriber got, gaps and all. The relay remembers the positions it saw.
class SlowRelay {
 public:
  SlowRelay(zmq::context_t& context, const std::string& bus_publish)
      : sub_(context, zmq::socket_type::sub), pub_(context, zmq::socket_type::pub) {
    sub_.set(zmq::sockopt::rcvhwm, 1);
    sub_.set(zmq::sockopt::rcvbuf, 4096);
    sub_.set(zmq::sockopt::linger, 0);
    sub_.set(zmq::sockopt::subscribe, "");
    sub_.connect(bus_publish);
    pub_.set(zmq::sockopt::sndhwm, 0);
    pub_.set(zmq::sockopt::linger, 0);
    pub_.bind("tcp://127.0.0.1:*");
    endpoint_ = pub_.get(zmq::sockopt::last_endpoint);
    thread_ = std::thread([this] { Run(); });
  }
  ~SlowRelay() {
    stop_ = true;
    wakeup_.Signal();
    {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }
  SlowRelay(const SlowRelay&) = delete;
  SlowRelay& operator=(const SlowRelay&) = delete;

  const std::string& endpoint() const { return endpoint_; }

  // Stops reading; true once the relay is parked (it reads nothing more until Resume()).
  bool Pause() {
    std::unique_lock lock(mutex_);
    paused_ = true;
    wakeup_.Signal();
    return changed_.wait_for(lock, kPatience, [&] { return parked_; });
  }
  void Resume() {
    std::lock_guard lock(mutex_);
    paused_ = false;
    changed_.notify_all();
  }

  // The positions of the committed records it got, in the order it got them.
  std::vector<uint64_t> positions() {
    std::lock_guard lock(mutex_);
    return positions_;
  }
  uint64_t last_position() {
    std::lock_guard lock(mutex_);
    return positions_.empty() ? 0 : positions_.back();
  }
  uint64_t last_heartbeat_head() {
    std::lock_guard lock(mutex_);
    return heartbeat_head_;
  }
  // True once the relay got the record at `position` or one beyond it; false after `patience`.
  // Woken by every record it gets, as the node behind it would be.
  bool WaitForPosition(uint64_t position, std::chrono::milliseconds patience = kPatience) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, patience,
                             [&] { return !positions_.empty() && positions_.back() >= position; });
  }
  // True once a heartbeat it got named a head at `position` or beyond; false after `patience`.
  bool WaitForHeartbeatHead(uint64_t position, std::chrono::milliseconds patience = kPatience) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, patience, [&] { return heartbeat_head_ >= position; });
  }

 private:
  void Run() {
    while (!stop_) {
      {
        std::unique_lock lock(mutex_);
        if (paused_) {
          parked_ = true;
          changed_.notify_all();
          changed_.wait(lock, [&] { return !paused_ || stop_; });
          parked_ = false;
          continue;
        }
      }
      std::vector<zmq::pollitem_t> items = {{sub_.handle(), 0, ZMQ_POLLIN, 0}, wakeup_.PollItem()};
      if (!transport::Poll(&items, std::chrono::milliseconds(1000)).ok()) return;
      if (items[1].revents & ZMQ_POLLIN) wakeup_.Clear();
      while (!stop_) {
        {
          std::lock_guard lock(mutex_);
          if (paused_) break;
        }
        zmq::message_t message;
        if (!sub_.recv(message, zmq::recv_flags::dontwait)) break;
        v1::BusFrame frame;
        if (frame.ParseFromArray(message.data(), static_cast<int>(message.size()))) {
          {
            std::lock_guard lock(mutex_);
            if (frame.has_committed()) positions_.push_back(frame.committed().record().position());
            if (frame.has_heartbeat()) heartbeat_head_ = frame.heartbeat().head_position();
          }
          changed_.notify_all();  // for WaitForPosition and WaitForHeartbeatHead
        }
        (void)pub_.send(message, zmq::send_flags::dontwait);
      }
    }
  }

  zmq::socket_t sub_;
  zmq::socket_t pub_;
  std::string endpoint_;
  transport::Wakeup wakeup_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  bool paused_ = false;
  bool parked_ = false;
  std::vector<uint64_t> positions_;
  uint64_t heartbeat_head_ = 0;
  std::thread thread_;
};

}  // namespace regiotafel::testing
