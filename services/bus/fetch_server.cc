#include "services/bus/fetch_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::bus {

Status FetchServer::Open(zmq::context_t& context, const std::string& endpoint,
                         const transport::CurveSettings& curve, const eventstore::EventLog& log,
                         const eventstore::CheckpointStore* checkpoints, std::unique_ptr<FetchServer>* out) {
  zmq::socket_t socket;
  std::string bound;
  if (Status s = transport::BindRouter(context, endpoint, curve, &socket, &bound); !s.ok()) return s;
  out->reset(new FetchServer(std::move(socket), std::move(bound), log, checkpoints));
  return Status::Ok();
}

FetchServer::FetchServer(zmq::socket_t socket, std::string endpoint, const eventstore::EventLog& log,
                         const eventstore::CheckpointStore* checkpoints)
    : socket_(std::move(socket)), endpoint_(std::move(endpoint)), log_(log), checkpoints_(checkpoints) {}

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
    // At most a handful per round, so a Stop() is seen between them.
    for (int i = 0; i < 64 && !stop_; ++i) {
      std::optional<transport::RoutedFrame> in;
      Status s = transport::RecvFrameFrom(socket_, &in);
      if (s.IsIOError()) {
        spdlog::critical("fetch: stopped: {}", s.ToString());
        return;
      }
      if (!s.ok()) {
        spdlog::warn("fetch: ignored a malformed message: {}", s.message());
        continue;
      }
      if (!in) break;
      if (in->frame.frame_case() != v1::BusFrame::kFetch) {
        spdlog::warn("fetch: ignored a frame of type {} on the fetch socket",
                     static_cast<int>(in->frame.frame_case()));
        continue;
      }
      Answer(in->routing_id, in->frame.fetch());
    }
  }
}

void FetchServer::Answer(const std::string& routing_id, const v1::FetchRequest& request) {
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

}  // namespace regiotafel::bus
