#include "transport/frame_io.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/wire_format_lite.h>

#include <climits>
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

// What a BusFrame's SubmitBatch holds, read off the wire without parsing its envelopes.
struct SubmitScan {
  bool submit = false;  // a SubmitBatch field is there (protobuf merges several into one)
  uint64_t request_id = 0;
  size_t events = 0;
  size_t parts = 0;  // SignedEnvelope.delen of all its events
};

using google::protobuf::internal::WireFormatLite;

// Counts a SignedEnvelope's delen (field 3) within the current limit.
bool ScanEnvelope(google::protobuf::io::CodedInputStream& in, SubmitScan* out) {
  constexpr uint32_t kDelen = 3;  // log.proto's field number
  while (const uint32_t field = in.ReadTag()) {
    if (field == WireFormatLite::MakeTag(kDelen, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) ++out->parts;
    if (!WireFormatLite::SkipField(&in, field)) return false;
  }
  return in.ConsumedEntireMessage();
}

// False when the bytes are not well-formed protobuf at the BusFrame and SubmitBatch levels; the
// envelopes inside are skipped as bytes. Whatever ParseFromArray accepts passes.
bool ScanSubmit(const zmq::message_t& part, SubmitScan* out) {
  constexpr uint32_t kSubmit = 1, kRequestId = 1, kEvents = 2;  // bus.proto's field numbers
  if (part.size() > static_cast<size_t>(INT32_MAX)) return false;
  google::protobuf::io::CodedInputStream in(static_cast<const uint8_t*>(part.data()),
                                            static_cast<int>(part.size()));
  while (const uint32_t tag = in.ReadTag()) {
    if (tag != WireFormatLite::MakeTag(kSubmit, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
      if (!WireFormatLite::SkipField(&in, tag)) return false;
      continue;
    }
    uint32_t length = 0;
    if (!in.ReadVarint32(&length) || length > static_cast<uint32_t>(INT32_MAX)) return false;
    const auto limit = in.PushLimit(static_cast<int>(length));
    out->submit = true;
    while (const uint32_t field = in.ReadTag()) {
      if (field == WireFormatLite::MakeTag(kRequestId, WireFormatLite::WIRETYPE_VARINT)) {
        if (!in.ReadVarint64(&out->request_id)) return false;
      } else if (field == WireFormatLite::MakeTag(kEvents, WireFormatLite::WIRETYPE_LENGTH_DELIMITED)) {
        ++out->events;
        uint32_t size = 0;
        if (!in.ReadVarint32(&size) || size > static_cast<uint32_t>(INT32_MAX)) return false;
        const auto envelope = in.PushLimit(static_cast<int>(size));
        if (!ScanEnvelope(in, out) || in.BytesUntilLimit() != 0) return false;
        in.PopLimit(envelope);
      } else if (!WireFormatLite::SkipField(&in, field)) {
        return false;
      }
    }
    if (!in.ConsumedEntireMessage() || in.BytesUntilLimit() != 0) return false;
    in.PopLimit(limit);
  }
  return in.ConsumedEntireMessage();
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

Status RecvFrameFrom(zmq::socket_t& router, std::optional<RoutedFrame>* out, const FrameLimits& limits) {
  out->reset();
  std::vector<zmq::message_t> parts;
  if (Status s = RecvParts(router, &parts); !s.ok() || parts.empty()) return s;
  const std::string peer = "peer " + ToHex(parts[0].to_string_view());
  if (parts.size() != 2) {
    return Status::Corruption(peer + " sent a message of " + std::to_string(parts.size() - 1) +
                              " parts; expected one BusFrame");
  }
  RoutedFrame routed;
  routed.bytes = parts[1].size();
  // Counted before anything is parsed: what is over the limits never becomes objects.
  SubmitScan scan;
  if (!ScanSubmit(parts[1], &scan)) {
    return Status::Corruption(peer + ": a message of " + std::to_string(routed.bytes) +
                              " bytes is not a BusFrame");
  }
  routed.submitted_events = scan.events;
  routed.submitted_parts = scan.parts;
  if (scan.submit && (scan.events > limits.max_submit_events || scan.parts > limits.max_submit_parts ||
                      routed.bytes > limits.max_submit_bytes)) {
    routed.over_limits = true;
    routed.frame.mutable_submit()->set_request_id(scan.request_id);
  } else if (Status s = Parse(parts[1], &routed.frame); !s.ok()) {
    return Status::Corruption(peer + ": " + s.message());
  }
  routed.routing_id = parts[0].to_string();
  // Set when a ZAP handler approved the connection; nullptr (not an error) on a plain one.
  if (const char* user_id = zmq_msg_gets(parts[1].handle(), "User-Id")) routed.user_id = user_id;
  *out = std::move(routed);
  return Status::Ok();
}

}  // namespace regiotafel::transport
