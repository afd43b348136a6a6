#include "transport/sockets.h"

#include <algorithm>
#include <cerrno>

namespace regiotafel::transport {
namespace {

// Keepalive: a peer that vanished without a FIN (cable, power) is noticed within about a minute.
void SetKeepalive(zmq::socket_t& socket) {
  socket.set(zmq::sockopt::tcp_keepalive, 1);
  socket.set(zmq::sockopt::tcp_keepalive_idle, 30);
  socket.set(zmq::sockopt::tcp_keepalive_intvl, 10);
  socket.set(zmq::sockopt::tcp_keepalive_cnt, 3);
}

Status FromZmq(const zmq::error_t& e, const std::string& what) {
  return Status::IOError(what + ": " + e.what());
}

Status Bind(zmq::context_t& context, zmq::socket_type type, const std::string& endpoint,
            const CurveSettings& curve, void (*configure)(zmq::socket_t&), const ServerLimits& limits,
            zmq::socket_t* out, std::string* bound) {
  try {
    zmq::socket_t socket(context, type);
    configure(socket);
    socket.set(zmq::sockopt::handshake_ivl, static_cast<int>(limits.handshake.count()));
    socket.set(zmq::sockopt::maxmsgsize, limits.max_message_bytes);
    SetCurve(socket, curve);
    socket.bind(endpoint);
    *bound = socket.get(zmq::sockopt::last_endpoint);
    *out = std::move(socket);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return FromZmq(e, "cannot bind " + endpoint);
  }
}

Status Connect(zmq::context_t& context, zmq::socket_type type, const std::string& endpoint,
               const CurveSettings& curve, void (*configure)(zmq::socket_t&), zmq::socket_t* out) {
  try {
    zmq::socket_t socket(context, type);
    configure(socket);
    SetCurve(socket, curve);
    socket.connect(endpoint);
    *out = std::move(socket);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return FromZmq(e, "cannot connect to " + endpoint);
  }
}

}  // namespace

void SetCurve(zmq::socket_t& socket, const CurveSettings& curve) {
  if (!curve.enabled()) return;
  if (curve.server_key.empty()) {
    socket.set(zmq::sockopt::curve_server, 1);
    // The ZAP domain labels our handshakes; libzmq asks the context's ZAP handler (zap_handler.h)
    // about every CURVE handshake with or without it.
    socket.set(zmq::sockopt::zap_domain, kZapDomain);
  } else {
    socket.set(zmq::sockopt::curve_serverkey,
               zmq::const_buffer(curve.server_key.data(), curve.server_key.size()));
    socket.set(zmq::sockopt::curve_publickey,
               zmq::const_buffer(curve.own.public_key.data(), curve.own.public_key.size()));
  }
  socket.set(zmq::sockopt::curve_secretkey,
             zmq::const_buffer(curve.own.secret_key.data(), curve.own.secret_key.size()));
}

Status BindRouter(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                  zmq::socket_t* out, std::string* bound, const ServerLimits& limits) {
  return Bind(
      context, zmq::socket_type::router, endpoint, curve,
      [](zmq::socket_t& s) {
        s.set(zmq::sockopt::rcvhwm, 10'000);
        s.set(zmq::sockopt::sndhwm, 10'000);
        s.set(zmq::sockopt::linger, 1000);
        SetKeepalive(s);
      },
      limits, out, bound);
}

Status BindPublisher(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                     zmq::socket_t* out, std::string* bound, const ServerLimits& limits) {
  return Bind(
      context, zmq::socket_type::pub, endpoint, curve,
      [](zmq::socket_t& s) {
        s.set(zmq::sockopt::sndhwm, kPublishHighWater);
        s.set(zmq::sockopt::linger, 0);  // a subscriber repairs by fetch; never wait for one
        SetKeepalive(s);
      },
      {.handshake = limits.handshake,
       .max_message_bytes = std::min(limits.max_message_bytes, kMaxSubscriptionBytes)},
      out, bound);
}

Status ConnectDealer(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                     zmq::socket_t* out) {
  return Connect(
      context, zmq::socket_type::dealer, endpoint, curve,
      [](zmq::socket_t& s) {
        s.set(zmq::sockopt::immediate, 1);
        s.set(zmq::sockopt::linger, 0);
        s.set(zmq::sockopt::reconnect_ivl, 100);
        s.set(zmq::sockopt::reconnect_ivl_max, 1000);
        s.set(zmq::sockopt::maxmsgsize, kMaxMessageBytes);
        SetKeepalive(s);
      },
      out);
}

Status ConnectSubscriber(zmq::context_t& context, const std::string& endpoint, const CurveSettings& curve,
                         zmq::socket_t* out) {
  return Connect(
      context, zmq::socket_type::sub, endpoint, curve,
      [](zmq::socket_t& s) {
        s.set(zmq::sockopt::rcvhwm, kPublishHighWater);
        s.set(zmq::sockopt::linger, 0);
        s.set(zmq::sockopt::reconnect_ivl, 100);
        s.set(zmq::sockopt::reconnect_ivl_max, 1000);
        s.set(zmq::sockopt::maxmsgsize, kMaxMessageBytes);
        s.set(zmq::sockopt::subscribe, "");
        SetKeepalive(s);
      },
      out);
}

Status Poll(std::vector<zmq::pollitem_t>* items, std::chrono::milliseconds timeout) {
  try {
    zmq::poll(*items, timeout.count() < 0 ? std::chrono::milliseconds(0) : timeout);
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    if (e.num() == EINTR) {
      for (zmq::pollitem_t& item : *items) item.revents = 0;
      return Status::Ok();
    }
    return Status::IOError(std::string("poll: ") + e.what());
  }
}

}  // namespace regiotafel::transport
