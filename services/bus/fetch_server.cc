#include "services/bus/fetch_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "contract/identifiers.h"
#include "privacy/klassen.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::bus {

Status FetchServer::Open(zmq::context_t& context, const std::string& endpoint,
                         const transport::CurveSettings& curve, const transport::ServerLimits& limits,
                         std::chrono::milliseconds refusal_summary, const eventstore::EventLog& log,
                         const eventstore::CheckpointStore* checkpoints, std::unique_ptr<FetchServer>* out) {
  zmq::socket_t socket;
  std::string bound;
  const transport::ServerLimits requests{.handshake = limits.handshake,
                                         .max_message_bytes = kMaxFetchRequestBytes};
  if (Status s = transport::BindRouter(context, endpoint, curve, &socket, &bound, requests); !s.ok())
    return s;
  out->reset(new FetchServer(std::move(socket), std::move(bound), refusal_summary, log, checkpoints));
  return Status::Ok();
}

FetchServer::FetchServer(zmq::socket_t socket, std::string endpoint,
                         std::chrono::milliseconds refusal_summary, const eventstore::EventLog& log,
                         const eventstore::CheckpointStore* checkpoints)
    : socket_(std::move(socket)),
      endpoint_(std::move(endpoint)),
      log_(log),
      checkpoints_(checkpoints),
      malformed_("malformed messages", refusal_summary) {}

FetchServer::~FetchServer() { Stop(); }

void FetchServer::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void FetchServer::Stop() {
  stop_ = true;
  wakeup_.Signal();
  if (thread_.joinable()) thread_.join();
}

void FetchServer::Run() {
  std::vector<zmq::pollitem_t> items = {{socket_.handle(), 0, ZMQ_POLLIN, 0}, wakeup_.PollItem()};
  while (!stop_) {
    // A finite wait: transport::Poll takes a negative timeout as 0, which made this thread spin (a
    // whole core, bus idle or not). Stop() signals the wakeup, so the length does not matter.
    if (Status s = transport::Poll(&items, std::chrono::milliseconds(1000)); !s.ok()) {
      spdlog::critical("fetch: {}", s.ToString());
      return;
    }
    if (items[1].revents & ZMQ_POLLIN) wakeup_.Clear();
    malformed_.Flush();
    // At most a handful per round, so a Stop() is seen between them.
    for (int i = 0; i < 64 && !stop_; ++i) {
      std::optional<transport::RoutedFrame> in;
      Status s = transport::RecvFrameFrom(socket_, &in);
      if (s.IsIOError()) {
        spdlog::critical("fetch: stopped: {}", s.ToString());
        return;
      }
      if (!s.ok()) {
        if (malformed_.Admit("fetch", "malformed"))
          spdlog::warn("fetch: ignored a malformed message: {}", s.message());
        continue;
      }
      if (!in) break;
      if (in->frame.frame_case() != v1::BusFrame::kFetch) {
        if (malformed_.Admit("fetch", "frame type"))
          spdlog::warn("fetch: ignored a frame of type {} on the fetch socket",
                       static_cast<int>(in->frame.frame_case()));
        continue;
      }
      Answer(in->routing_id, in->user_id, in->frame.fetch());
    }
  }
}

void FetchServer::Answer(const std::string& routing_id, const std::string& user_id,
                         const v1::FetchRequest& request) {
  const uint64_t from = std::max<uint64_t>(request.from_position(), 1);
  size_t max = request.max_records() == 0 ? kMaxFetchRecords : request.max_records();
  max = std::min(max, kMaxFetchRecords);

  std::vector<v1::LogRecord> records;
  if (Status s = log_.Read(from, max, &records); !s.ok()) {
    // An empty answer with the head: the follower asks again; the reason is for the operator.
    spdlog::error("fetch: reading from position {}: {}", from, s.ToString());
    records.clear();
  }
  v1::BusFrame frame;
  v1::FetchResponse* response = frame.mutable_fetch_response();
  response->set_request_id(request.request_id());
  size_t bytes = 0;
  for (v1::LogRecord& record : records) {
    const size_t size = record.ByteSizeLong();
    if (response->records_size() > 0 && bytes + size > kMaxFetchBytes) break;
    bytes += size;
    *response->add_records() = std::move(record);
  }
  response->set_head_position(log_.Head().position);
  if (response->records_size() > 0) {
    // On a Curve socket the connection's organisation; on a plain one (development) the one it names.
    AddParts(user_id.empty() ? request.organisatie() : user_id, response);
  }
  if (checkpoints_ != nullptr && response->records_size() > 0) {
    // A follower that catches up by fetching gets checkpoints as it goes, one per answer.
    const uint64_t last = response->records(response->records_size() - 1).position();
    if (std::optional<v1::Checkpoint> checkpoint = checkpoints_->LatestAtOrBefore(last)) {
      *response->mutable_checkpoint() = std::move(*checkpoint);
    }
  }
  if (Status s = transport::SendFrameTo(socket_, routing_id, frame); !s.ok()) {
    spdlog::warn("fetch: answer to a follower not sent: {}", s.message());
  }
}

void FetchServer::AddParts(const std::string& organisatie, v1::FetchResponse* response) const {
  const std::optional<contract::OrgId> reader = contract::ParseOrgId(organisatie);
  if (!reader) return;  // nobody known: no personal data
  const uint64_t first = response->records(0).position();
  const uint64_t last = response->records(response->records_size() - 1).position();
  std::vector<eventstore::PositionParts> stored;
  if (Status s = log_.ReadParts(first, last, &stored); !s.ok()) {
    // Records without their parts would be taken as erased: rather no answer, and the follower asks again.
    spdlog::error("fetch: reading the parts of positions {}–{}: {}", first, last, s.ToString());
    response->clear_records();
    return;
  }
  for (eventstore::PositionParts& record : stored) {
    v1::Delen* delen = nullptr;
    for (eventstore::Part& part : record.parts) {
      if (!privacy::MayRead(reader->kind, static_cast<v1::Klasse>(part.tag))) continue;
      if (delen == nullptr) {
        delen = response->add_delen();
        delen->set_position(record.position);
      }
      delen->add_delen(std::move(part.bytes));
    }
  }
}

}  // namespace regiotafel::bus
