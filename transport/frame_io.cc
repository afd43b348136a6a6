#include "transport/frame_io.h"

#include <vector>

#include "base/bytes.h"

namespace regiotafel::transport {
namespace {

// protobuf's message size limit is 2 GiB; ours is far lower (MAXMSGSIZE), so an int cast is safe.
bool Serialize(const v1::BusFrame& frame, zmq::message_t* out) {
  const size_t size = frame.ByteSizeLong();
  zmq::message_t message(size);
  if (!frame.SerializeToArray(message.data(), static_cast<int>(size))) return false;
  *out = std::move(message);
  return true;
}

Status Send(zmq::socket_t& socket, zmq::message_t& message, zmq::send_flags flags) {
  try {
    if (!socket.send(message, flags | zmq::send_flags::dontwait)) {
      return Status::Unavailable("the peer cannot take a message now");
    }
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::IOError(std::string("send: ") + e.what());
  }
}

// Receives every part of one message, or none when nothing is waiting.
Status RecvParts(zmq::socket_t& socket, std::vector<zmq::message_t>* parts) {
  parts->clear();
  try {
    zmq::message_t part;
    if (!socket.recv(part, zmq::recv_flags::dontwait)) return Status::Ok();
    bool more = part.more();
    parts->push_back(std::move(part));
    while (more) {
      // The rest of a multipart message is delivered atomically with its first part.
      zmq::message_t next;
      if (!socket.recv(next, zmq::recv_flags::none)) break;
      more = next.more();
      parts->push_back(std::move(next));
    }
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::IOError(std::string("recv: ") + e.what());
  }
}

Status Parse(const zmq::message_t& part, v1::BusFrame* frame) {
  if (part.size() > static_cast<size_t>(INT32_MAX) ||
      !frame->ParseFromArray(part.data(), static_cast<int>(part.size()))) {
    return Status::Corruption("a message of " + std::to_string(part.size()) + " bytes is not a BusFrame");
  }
  if (frame->frame_case() == v1::BusFrame::FRAME_NOT_SET) {
    return Status::Corruption("a BusFrame without a frame");
  }
  return Status::Ok();
}

}  // namespace

Status SendFrame(zmq::socket_t& socket, const v1::BusFrame& frame) {
  zmq::message_t message;
  if (!Serialize(frame, &message)) return Status::InvalidArgument("the frame does not serialize");
  return Send(socket, message, zmq::send_flags::none);
}

Status SendFrameTo(zmq::socket_t& router, std::string_view routing_id, const v1::BusFrame& frame) {
  zmq::message_t message;
  if (!Serialize(frame, &message)) return Status::InvalidArgument("the frame does not serialize");
  zmq::message_t id(routing_id.data(), routing_id.size());
  if (Status s = Send(router, id, zmq::send_flags::sndmore); !s.ok()) return s;
  // Both parts are queued together: once the first went, the second cannot hit the HWM.
  return Send(router, message, zmq::send_flags::none);
}

Status RecvFrame(zmq::socket_t& socket, std::optional<v1::BusFrame>* out) {
  out->reset();
  std::vector<zmq::message_t> parts;
  if (Status s = RecvParts(socket, &parts); !s.ok() || parts.empty()) return s;
  if (parts.size() != 1) {
    return Status::Corruption("a message of " + std::to_string(parts.size()) +
                              " parts; expected one BusFrame");
  }
  v1::BusFrame frame;
  if (Status s = Parse(parts[0], &frame); !s.ok()) return s;
  *out = std::move(frame);
  return Status::Ok();
}

Status RecvFrameFrom(zmq::socket_t& router, std::optional<RoutedFrame>* out) {
  out->reset();
  std::vector<zmq::message_t> parts;
  if (Status s = RecvParts(router, &parts); !s.ok() || parts.empty()) return s;
  const std::string peer = "peer " + ToHex(parts[0].to_string_view());
  if (parts.size() != 2) {
    return Status::Corruption(peer + " sent a message of " + std::to_string(parts.size() - 1) +
                              " parts; expected one BusFrame");
  }
  RoutedFrame routed;
  if (Status s = Parse(parts[1], &routed.frame); !s.ok())
    return Status::Corruption(peer + ": " + s.message());
  routed.routing_id = parts[0].to_string();
  routed.bytes = parts[1].size();
  // Set when a ZAP handler approved the connection; nullptr (not an error) on a plain one.
  if (const char* user_id = zmq_msg_gets(parts[1].handle(), "User-Id")) routed.user_id = user_id;
  *out = std::move(routed);
  return Status::Ok();
}

}  // namespace regiotafel::transport
