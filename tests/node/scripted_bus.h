// A bus played by the test: a PUB and a ROUTER on tcp://127.0.0.1 whose every frame the test sends
// and answers by hand, to drive a node's sender or follower through exactly the case it tests.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "tests/support/bus_frames.h"
#include "transport/frame_io.h"

namespace regiotafel::testing {

class ScriptedBus {
 public:
  explicit ScriptedBus(zmq::context_t& context)
      : router_(context, zmq::socket_type::router), pub_(context, zmq::socket_type::pub) {
    router_.set(zmq::sockopt::linger, 0);
    pub_.set(zmq::sockopt::linger, 0);
    router_.bind("tcp://127.0.0.1:*");
    pub_.bind("tcp://127.0.0.1:*");
    router_endpoint_ = router_.get(zmq::sockopt::last_endpoint);
    pub_endpoint_ = pub_.get(zmq::sockopt::last_endpoint);
  }

  const std::string& router_endpoint() const { return router_endpoint_; }
  const std::string& pub_endpoint() const { return pub_endpoint_; }

  // The next frame on the ROUTER, or nullopt after `patience`.
  std::optional<transport::RoutedFrame> Receive(std::chrono::milliseconds patience = kPatience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (;;) {
      std::optional<transport::RoutedFrame> in;
      if (transport::RecvFrameFrom(router_, &in).ok() && in) return in;
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      std::vector<zmq::pollitem_t> items = {{router_.handle(), 0, ZMQ_POLLIN, 0}};
      if (!transport::Poll(&items, left).ok()) return std::nullopt;
    }
  }

  bool Answer(const std::string& routing_id, const v1::BusFrame& frame) {
    return transport::SendFrameTo(router_, routing_id, frame).ok();
  }
  bool Publish(const v1::BusFrame& frame) { return transport::SendFrame(pub_, frame).ok(); }

 private:
  zmq::socket_t router_;
  zmq::socket_t pub_;
  std::string router_endpoint_;
  std::string pub_endpoint_;
};

}  // namespace regiotafel::testing
