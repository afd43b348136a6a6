// One BusFrame per ZeroMQ message (docs/BUS.md). On a ROUTER the peer's routing id comes in front.
//
// Nothing here blocks: a send that would block answers Unavailable (the peer's queue is full or,
// for a DEALER with ZMQ_IMMEDIATE, no connection is up yet); a receive with nothing waiting leaves
// `*out` empty and answers ok ("nothing yet" is not an error, as cppzmq's recv).
// A message that is not exactly one BusFrame is consumed whole and answered with Corruption, so
// the socket stays in step and the caller only has to log it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <zmq.hpp>

#include "base/status.h"
#include "regiotafel/v1/bus.pb.h"

namespace regiotafel::transport {

Status SendFrame(zmq::socket_t& socket, const v1::BusFrame& frame);
// On a ROUTER: to the peer with `routing_id`. A peer that has gone is silently skipped by ZeroMQ.
Status SendFrameTo(zmq::socket_t& router, std::string_view routing_id, const v1::BusFrame& frame);

Status RecvFrame(zmq::socket_t& socket, std::optional<v1::BusFrame>* out);

struct RoutedFrame {
  std::string routing_id;
  // The organisation the ZAP handler authenticated the connection as (zap_handler.h); empty on a
  // plain socket.
  std::string user_id;
  size_t bytes = 0;  // the frame's size on the wire
  v1::BusFrame frame;
};
Status RecvFrameFrom(zmq::socket_t& router, std::optional<RoutedFrame>* out);

}  // namespace regiotafel::transport
