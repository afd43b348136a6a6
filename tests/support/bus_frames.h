// BusFrames the way the bus, node and fault tests speak them: signed Signaal envelopes, random bytes
// for a port, a watch on a CURVE handshake, and a small client that speaks BusFrames over a real
// ZeroMQ socket with a bounded wait for each answer (kPatience).
#pragma once

#include <google/protobuf/util/time_util.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "base/signing.h"
#include "base/uuid.h"
#include "regiotafel/v1/bus.pb.h"
#include "regiotafel/v1/events.pb.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::testing {

// How long a test waits for an answer that should come at once. Generous: two shared cores.
inline constexpr std::chrono::milliseconds kPatience{20'000};

// Random bytes straight onto a TCP port on 127.0.0.1 (not even ZMTP); false when no connection.
inline bool WriteRandomBytesTo(int port, size_t n) {
  std::mt19937 random(static_cast<unsigned>(port));
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool written = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       write(fd, bytes.data(), bytes.size()) > 0;
  close(fd);
  return written;
}

// A serialized BusFrame holding a SubmitBatch of `n` empty envelopes, written byte by byte: two
// bytes each, so millions fit in a few MB (and would be millions of objects once parsed).
inline std::string SubmitOfEmptyEnvelopes(uint64_t request_id, size_t n) {
  auto varint = [](uint64_t v) {
    std::string out;
    for (; v >= 0x80; v >>= 7) out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    out.push_back(static_cast<char>(v));
    return out;
  };
  std::string batch = "\x08" + varint(request_id);  // SubmitBatch.request_id
  batch.reserve(batch.size() + 2 * n);
  for (size_t i = 0; i < n; ++i) batch.append("\x12\x00", 2);  // SubmitBatch.events, empty
  return "\x0a" + varint(batch.size()) + batch;                // BusFrame.submit
}

// A valid Signaal envelope of `origin` on dossier/<v_nummer>.
inline v1::Envelope Signaal(const std::string& origin, uint64_t origin_seq,
                            const std::string& v_nummer = "1234567890",
                            const std::string& signaal_id = "s1") {
  v1::Envelope envelope;
  envelope.set_event_id(NewUuid());
  envelope.set_origin(origin);
  envelope.set_origin_seq(origin_seq);
  envelope.set_stream("dossier/" + v_nummer);
  *envelope.mutable_occurred_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  v1::Signaal* signaal = envelope.mutable_signaal();
  signaal->set_datum("2025-03-01");
  signaal->set_v_nummer(v_nummer);
  signaal->set_signaal_id(signaal_id);
  signaal->set_soort(v1::Signaal::OVERIG);
  signaal->set_omschrijving("test");
  return envelope;
}

inline v1::SignedEnvelope Sign(const SigningKey& key, const v1::Envelope& envelope) {
  v1::SignedEnvelope signed_envelope;
  signed_envelope.set_envelope(envelope.SerializeAsString());
  signed_envelope.set_signature(key.Sign(signed_envelope.envelope()));
  return signed_envelope;
}

// How a client's CURVE handshake with the bus ended, from ZeroMQ's socket monitor: the test's
// evidence that a connection was refused (rather than an answer that merely did not come).
class HandshakeWatch : public zmq::monitor_t {
 public:
  enum class Outcome { kNone, kSucceeded, kFailedAuth, kFailed };

  // Before the socket connects, or the handshake may be over before anyone looks.
  void Attach(zmq::socket_t& socket) {
    static int count = 0;
    init(socket, "inproc://handshake-watch-" + std::to_string(++count),
         ZMQ_EVENT_HANDSHAKE_SUCCEEDED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH |
             ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL);
  }
  // The first outcome, or kNone after `patience`.
  Outcome Wait(std::chrono::milliseconds patience = kPatience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (outcome_ == Outcome::kNone && std::chrono::steady_clock::now() < deadline) check_event(50);
    return outcome_;
  }

 private:
  void Set(Outcome outcome) {
    if (outcome_ == Outcome::kNone) outcome_ = outcome;
  }
  void on_event_handshake_succeeded(const zmq_event_t&, const char*) override { Set(Outcome::kSucceeded); }
  void on_event_handshake_failed_auth(const zmq_event_t&, const char*) override { Set(Outcome::kFailedAuth); }
  void on_event_handshake_failed_protocol(const zmq_event_t&, const char*) override { Set(Outcome::kFailed); }
  void on_event_handshake_failed_no_detail(const zmq_event_t&, const char*) override {
    Set(Outcome::kFailed);
  }

  Outcome outcome_ = Outcome::kNone;
};

// A DEALER or SUB (no ZMQ_IMMEDIATE: a message sent before the connection is up waits for it),
// plain or with CURVE client keys, with a bounded wait for the next frame.
class FrameClient {
 public:
  FrameClient(zmq::context_t& context, zmq::socket_type type, const std::string& endpoint,
              const transport::CurveSettings& curve = {}, HandshakeWatch* watch = nullptr)
      : socket_(context, type) {
    socket_.set(zmq::sockopt::linger, 0);
    if (type == zmq::socket_type::sub) socket_.set(zmq::sockopt::subscribe, "");
    transport::SetCurve(socket_, curve);
    if (watch != nullptr) watch->Attach(socket_);
    socket_.connect(endpoint);
  }

  Status Send(const v1::BusFrame& frame) { return transport::SendFrame(socket_, frame); }

  // The next frame, or nullopt after `patience`.
  std::optional<v1::BusFrame> Receive(std::chrono::milliseconds patience = kPatience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    for (;;) {
      std::optional<v1::BusFrame> frame;
      Status s = transport::RecvFrame(socket_, &frame);
      if (s.ok() && frame) return frame;
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      std::vector<zmq::pollitem_t> items = {{socket_.handle(), 0, ZMQ_POLLIN, 0}};
      if (!transport::Poll(&items, left).ok()) return std::nullopt;
    }
  }

  // Submit one batch and wait for its reply.
  std::optional<v1::SubmitReply> Submit(const std::vector<v1::SignedEnvelope>& events, uint64_t request_id) {
    v1::BusFrame frame;
    frame.mutable_submit()->set_request_id(request_id);
    for (const auto& e : events) *frame.mutable_submit()->add_events() = e;
    if (!Send(frame).ok()) return std::nullopt;
    std::optional<v1::BusFrame> reply = Receive();
    if (!reply || !reply->has_submit_reply()) return std::nullopt;
    return reply->submit_reply();
  }

  std::optional<v1::FetchResponse> Fetch(uint64_t from, uint32_t max, uint64_t request_id = 7,
                                         std::chrono::milliseconds patience = kPatience,
                                         const std::string& organisatie = "") {
    v1::BusFrame frame;
    frame.mutable_fetch()->set_organisatie(organisatie);
    frame.mutable_fetch()->set_request_id(request_id);
    frame.mutable_fetch()->set_from_position(from);
    frame.mutable_fetch()->set_max_records(max);
    if (!Send(frame).ok()) return std::nullopt;
    std::optional<v1::BusFrame> reply = Receive(patience);
    if (!reply || !reply->has_fetch_response()) return std::nullopt;
    return reply->fetch_response();
  }

  // Every record from position 1 on; nullopt when the bus does not answer.
  std::optional<std::vector<v1::LogRecord>> FetchAll(uint64_t* head = nullptr) {
    std::vector<v1::LogRecord> all;
    uint64_t request_id = 100;
    for (;;) {
      std::optional<v1::FetchResponse> response = Fetch(all.size() + 1, 0, ++request_id);
      if (!response) return std::nullopt;
      if (head != nullptr) *head = response->head_position();
      if (response->records_size() == 0) return all;
      for (const auto& r : response->records()) all.push_back(r);
    }
  }

  zmq::socket_t& socket() { return socket_; }

 private:
  zmq::socket_t socket_;
};

}  // namespace regiotafel::testing
