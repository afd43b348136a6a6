// ZapHandler: decides who may connect to the CURVE server sockets of one ZeroMQ context (ZAP,
// ZeroMQ RFC 27). A client whose Curve public key is known passes, and its organisation id becomes
// the connection's User-Id (frame_io.h's RoutedFrame::user_id); any other key fails the handshake,
// and a warning names the address and the key (at a RefusalLog's rate per address). ZeroMQ lets a CURVE
// server without a ZAP handler accept every key, so the handler must be started before the server sockets
// bind and live longer.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <zmq.hpp>

#include "base/status.h"
#include "transport/refusal_log.h"
#include "transport/wakeup.h"

namespace regiotafel::transport {

// Curve public key (32 bytes) → the organisation id it authenticates as.
using CurveKeyOwners = std::map<std::string, std::string>;

class ZapHandler {
 public:
  // Binds the context's ZAP endpoint and answers on a thread of its own until destroyed.
  static Status Start(zmq::context_t& context, CurveKeyOwners owners, std::unique_ptr<ZapHandler>* out);
  ~ZapHandler();
  ZapHandler(const ZapHandler&) = delete;
  ZapHandler& operator=(const ZapHandler&) = delete;

 private:
  ZapHandler(zmq::socket_t socket, CurveKeyOwners owners);
  void Run();
  void Answer(const std::vector<zmq::message_t>& request);

  zmq::socket_t socket_;  // REP on inproc://zeromq.zap.01; used by thread_ only
  const CurveKeyOwners owners_;
  RefusalLog refusals_;  // thread_ only
  Wakeup wakeup_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace regiotafel::transport
