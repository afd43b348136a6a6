// Sockets of the bus protocol (docs/BUS.md), created with the options the protocol relies on.
//
// Every function catches cppzmq's exceptions and answers a Status; on error `*out` is left closed.
// A zmq::socket_t is not thread-safe: create it on one thread and use it there, or hand it over
// once with a memory barrier in between (starting a std::thread is one).
#pragma once

#include <chrono>
#include <string>
#include <zmq.hpp>

#include "base/status.h"
#include "transport/curve.h"

namespace regiotafel::transport {

// A frame larger than this is dropped by ZeroMQ, and its connection closed, before the application
// sees it (memory protection). Above every legitimate frame: the bus's SubmitBatch limit (16 MiB,
// refused with a reason below this one) and the largest fetch answer a node receives (4 MiB of
// records, or one record of up to 16 MiB, and their sealed parts, a few KiB a record).
inline constexpr int64_t kMaxMessageBytes = int64_t{64} << 20;
// A connection that has not finished its ZMTP (and CURVE) handshake within this long is closed by
// the bus's sockets, so half-open connections cannot hold its file descriptors (libzmq's own default
// is 30 s). A handshake takes two round trips.
inline constexpr std::chrono::milliseconds kHandshakeInterval{5'000};
// PUB drops beyond this many queued messages per subscriber; followers repair gaps by fetch.
inline constexpr int kPublishHighWater = 100'000;

// The ZAP domain of the bus's CURVE sockets.
inline constexpr const char* kZapDomain = "regiotafel";

// Every function takes the socket's CurveSettings (curve.h): enabled, a Bind makes a CURVE server
// whose handshakes the context's ZAP handler judges, a Connect a CURVE client; empty, a plain socket.

// CURVE server or client options on a socket (nothing when `curve` is empty); before bind or
// connect: a connection's mechanism is fixed when it starts. The functions below call it.
void SetCurve(zmq::socket_t& socket, const CurveSettings& curve);

// What a bus socket holds its peers to: the handshake's deadline (ZMQ_HANDSHAKE_IVL) and the
// largest message it takes (ZMQ_MAXMSGSIZE; larger is dropped and its connection closed).
struct ServerLimits {
  std::chrono::milliseconds handshake = kHandshakeInterval;
  int64_t max_message_bytes = kMaxMessageBytes;
};

// A ROUTER that serves many nodes (submit, fetch): the limits, generous HWMs, TCP keepalive so
// dead peers are noticed, and a short linger so a closing bus does not hang on a gone peer.
// `bound` receives the resolved endpoint (the real port for "tcp://127.0.0.1:*").
Status BindRouter(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                  zmq::socket_t* out, std::string* bound, const ServerLimits& limits = {});

// The PUB of committed records and heartbeats: SNDHWM kPublishHighWater. What it receives are
// subscriptions, so it takes no message over kMaxSubscriptionBytes; the handshake as `limits` says.
inline constexpr int64_t kMaxSubscriptionBytes = 4096;
Status BindPublisher(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                     zmq::socket_t* out, std::string* bound, const ServerLimits& limits = {});

// A node's DEALER towards a bus ROUTER. ZMQ_IMMEDIATE: messages are queued only on a finished
// connection, so a send while the bus is away fails at once (EAGAIN) instead of piling up in a
// pipe that will be thrown away; LINGER 0: closing the socket drops whatever is still queued
// (the outbox keeps the truth, a resubmit is idempotent).
Status ConnectDealer(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                     zmq::socket_t* out);

// A node's SUB, subscribed to everything, with RCVHWM kPublishHighWater.
Status ConnectSubscriber(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                         zmq::socket_t* out);

// One poll over `items` (sockets and plain fds); EINTR counts as "nothing happened". A negative
// timeout counts as 0 (a deadline already passed: do not wait), NOT as "no limit" as in zmq_poll:
// to sleep until something happens, pass a long finite timeout.
Status Poll(std::vector<zmq::pollitem_t>* items, std::chrono::milliseconds timeout);

}  // namespace regiotafel::transport
