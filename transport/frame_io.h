// One BusFrame per ZeroMQ message (docs/BUS.md). On a ROUTER the peer's routing id comes in front.
//
// Nothing here blocks: a send that would block answers Unavailable (the peer's queue is full or,
// for a DEALER with ZMQ_IMMEDIATE, no connection is up yet); a receive with nothing waiting leaves
// `*out` empty and answers ok ("nothing yet" is not an error, as cppzmq's recv).
// A message that is not exactly one BusFrame is consumed whole and answered with Corruption, so
// the socket stays in step and the caller only has to log it.
#pragma once

#include <cstdint>
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

// What RecvFrameFrom makes objects of. A SubmitBatch with more events than `max_submit_events`, more
// sealed parts (SignedEnvelope.delen) than `max_submit_parts`, or of more than `max_submit_bytes`,
// is not parsed beyond its request id: its envelopes and parts are counted on the wire, so a batch
// of millions of empty ones costs one scan over its bytes instead of millions of objects, and the
// caller answers it with one refusal (RoutedFrame::over_limits).
struct FrameLimits {
  size_t max_submit_events = SIZE_MAX;
  size_t max_submit_parts = SIZE_MAX;
  size_t max_submit_bytes = SIZE_MAX;
};

struct RoutedFrame {
  std::string routing_id;
  // The organisation the ZAP handler authenticated the connection as (zap_handler.h); empty on a
  // plain socket.
  std::string user_id;
  size_t bytes = 0;             // the frame's size on the wire
  size_t submitted_events = 0;  // a SubmitBatch's envelopes, counted on the wire before parsing
  size_t submitted_parts = 0;   // and their sealed parts
  // Over the FrameLimits: `frame` is a SubmitBatch with its request id and none of its events.
  bool over_limits = false;
  v1::BusFrame frame;
};
Status RecvFrameFrom(zmq::socket_t& router, std::optional<RoutedFrame>* out, const FrameLimits& limits = {});

}  // namespace regiotafel::transport
