#include "transport/zap_handler.h"

#include <spdlog/spdlog.h>

#include <vector>

#include "transport/curve.h"
#include "transport/sockets.h"

namespace regiotafel::transport {
namespace {

constexpr const char* kZapEndpoint = "inproc://zeromq.zap.01";

// The frames of a ZAP request (RFC 27); CURVE's credentials are one frame, the client's public key.
enum Frame { kVersion, kRequestId, kDomain, kAddress, kRoutingId, kMechanism, kCredentials, kFrames };

}  // namespace

Status ZapHandler::Start(zmq::context_t& context, CurveKeyOwners owners, std::unique_ptr<ZapHandler>* out) {
  try {
    zmq::socket_t socket(context, zmq::socket_type::rep);
    socket.set(zmq::sockopt::linger, 0);
    socket.bind(kZapEndpoint);
    out->reset(new ZapHandler(std::move(socket), std::move(owners)));
    return Status::Ok();
  } catch (const zmq::error_t& e) {
    return Status::IOError(std::string("cannot start the ZAP handler: ") + e.what());
  }
}

ZapHandler::ZapHandler(zmq::socket_t socket, CurveKeyOwners owners)
    : socket_(std::move(socket)),
      owners_(std::move(owners)),
      refusals_("refused connections", std::chrono::seconds(10)),
      thread_([this] { Run(); }) {}

ZapHandler::~ZapHandler() {
  stop_ = true;
  wakeup_.Signal();
  thread_.join();
}

void ZapHandler::Run() {
  std::vector<zmq::pollitem_t> items = {{socket_.handle(), 0, ZMQ_POLLIN, 0}, wakeup_.PollItem()};
  for (;;) {
    // Awake now and then for the refusal log's summaries.
    refusals_.Flush();
    if (!Poll(&items, std::chrono::milliseconds(1'000)).ok()) {
      spdlog::critical("ZAP: the poll failed; no one can connect any more");
      return;
    }
    if ((items[1].revents & ZMQ_POLLIN) && stop_) return;
    if (!(items[0].revents & ZMQ_POLLIN)) continue;
    try {
      std::vector<zmq::message_t> request;
      do {
        request.emplace_back();
        if (!socket_.recv(request.back(), zmq::recv_flags::none)) break;
      } while (request.back().more());
      Answer(request);
    } catch (const zmq::error_t& e) {
      spdlog::error("ZAP: {}", e.what());
    }
  }
}

void ZapHandler::Answer(const std::vector<zmq::message_t>& request) {
  std::string status = "400", text, user_id;
  const std::string address = request.size() > kAddress ? request[kAddress].to_string() : "?";
  if (request.size() != kFrames || request[kVersion].to_string_view() != "1.0" ||
      request[kMechanism].to_string_view() != "CURVE") {
    text = "alleen CURVE wordt aanvaard";
  } else if (auto owner = owners_.find(request[kCredentials].to_string()); owner == owners_.end()) {
    text = "onbekende Curve-sleutel";
  } else {
    status = "200", text = "OK", user_id = owner->second;
  }
  if (status == "200") {
    spdlog::info("verbonden: organisatie={} adres={}", user_id, address);
  } else if (refusals_.Admit(address, text)) {
    spdlog::warn("verbinding geweigerd: adres={} sleutel={} reden={}", address,
                 request.size() == kFrames ? ToZ85(request[kCredentials].to_string_view()) : "-", text);
  }
  // version, request id, status code, status text, user id, metadata: every part, also on refusal.
  const std::string request_id = request.size() > kRequestId ? request[kRequestId].to_string() : "";
  const std::string parts[] = {"1.0", request_id, status, text, user_id, ""};
  for (size_t i = 0; i < std::size(parts); ++i) {
    socket_.send(zmq::buffer(parts[i]),
                 i + 1 < std::size(parts) ? zmq::send_flags::sndmore : zmq::send_flags::none);
  }
}

}  // namespace regiotafel::transport
