#include "services/audit/fetched_log.h"

#include <thread>

#include "base/bytes.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::audit {

using Clock = std::chrono::steady_clock;

FetchedLog::FetchedLog(std::string endpoint, std::chrono::milliseconds patience)
    : endpoint_(std::move(endpoint)), patience_(patience) {}

Status FetchedLog::Open(const std::string& endpoint, const transport::CurveSettings& curve,
                        std::chrono::milliseconds patience, std::unique_ptr<FetchedLog>* out) {
  std::unique_ptr<FetchedLog> log(new FetchedLog(endpoint, patience));
  if (Status s = transport::ConnectDealer(log->context_, endpoint, curve, &log->socket_); !s.ok()) return s;
  v1::FetchResponse first;
  if (Status s = log->Fetch(1, 1, &first); !s.ok()) return s;
  log->head_.position = first.head_position();
  if (log->head_.position > 0) {
    v1::FetchResponse last;
    if (Status s = log->Fetch(log->head_.position, 1, &last); !s.ok()) return s;
    if (last.records_size() != 1) return Status::Corruption(endpoint + " geeft zijn kop niet");
    log->head_.hash = last.records(0).hash();
  }
  *out = std::move(log);
  return Status::Ok();
}

Status FetchedLog::ClaimedHead(eventstore::LogHead* out) const {
  *out = head_;
  return Status::Ok();
}

Status FetchedLog::Fetch(uint64_t from, uint32_t max, v1::FetchResponse* out) const {
  v1::BusFrame request;
  request.mutable_fetch()->set_request_id(++request_id_);
  request.mutable_fetch()->set_from_position(from);
  request.mutable_fetch()->set_max_records(max);
  const auto deadline = Clock::now() + patience_;
  Status sent = transport::SendFrame(socket_, request);
  while (!sent.ok() && Clock::now() < deadline) {  // no connection yet (ZMQ_IMMEDIATE)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    sent = transport::SendFrame(socket_, request);
  }
  if (!sent.ok()) return Status::Unavailable(endpoint_ + " is niet te bereiken: " + sent.message());
  std::vector<zmq::pollitem_t> items = {{socket_.handle(), 0, ZMQ_POLLIN, 0}};
  while (Clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (Status s = transport::Poll(&items, left); !s.ok()) return s;
    std::optional<v1::BusFrame> frame;
    if (Status s = transport::RecvFrame(socket_, &frame); !s.ok()) return s;
    if (!frame) continue;
    if (frame->has_fetch_response() && frame->fetch_response().request_id() == request_id_) {
      *out = std::move(*frame->mutable_fetch_response());
      return Status::Ok();
    }
  }
  return Status::Unavailable(endpoint_ + " antwoordt niet binnen " + std::to_string(patience_.count()) +
                             " ms");
}

Status FetchedLog::Scan(
    uint64_t from, const std::function<bool(std::string_view key, std::string_view value)>& visit) const {
  std::string key, value;
  for (from = std::max<uint64_t>(from, 1); from <= head_.position;) {
    v1::FetchResponse page;
    const uint32_t max = static_cast<uint32_t>(std::min<uint64_t>(kPage, head_.position - from + 1));
    if (Status s = Fetch(from, max, &page); !s.ok()) return s;
    if (page.records_size() == 0)
      return Status::Corruption(endpoint_ + " geeft geen records vanaf " + std::to_string(from));
    for (const v1::LogRecord& record : page.records()) {
      key.clear();
      PutBigEndian64(&key, record.position());
      record.SerializeToString(&value);
      if (!visit(key, value)) return Status::Ok();
      // A record out of its place ends the page: the visitor has judged it; read on after it.
      from = std::max(from, record.position()) + 1;
      if (from > head_.position) return Status::Ok();
    }
  }
  return Status::Ok();
}

}  // namespace regiotafel::audit
