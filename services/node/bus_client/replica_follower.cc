#include "services/node/bus_client/replica_follower.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/bytes.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::node {
namespace {

using std::chrono::milliseconds;

constexpr size_t kMaxDrain = 10'000;  // PUB frames applied in one AppendReplicated
constexpr int kSilentHeartbeats = 3;

}  // namespace

ReplicaFollower::ReplicaFollower(zmq::context_t& context, eventstore::EventLog& replica,
                                 FollowerOptions options, eventstore::CheckpointStore* checkpoints)
    : context_(context),
      replica_(replica),
      options_(std::move(options)),
      checkpoint_store_(checkpoints),
      replica_retry_(options_.store_retry, options_.store_retry_max),
      checkpoints_retry_(options_.store_retry, options_.store_retry_max) {
  if (checkpoints != nullptr) {
    checkpoints_ = std::make_unique<CheckpointKeeper>(*checkpoints, replica_, options_.bus_checkpoint_key);
  }
}

ReplicaFollower::~ReplicaFollower() { Stop(); }

void ReplicaFollower::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void ReplicaFollower::Stop() {
  stop_ = true;
  wakeup_.Signal();
  if (thread_.joinable()) thread_.join();
  { std::lock_guard lock(mutex_); }
  advanced_.notify_all();
}

bool ReplicaFollower::WaitUntilCaughtUp(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (first_answered_head_ && replica_.Head().position >= *first_answered_head_) return true;
    if (stop_ || Clock::now() >= deadline) return false;
    advanced_.wait_until(lock, deadline);
  }
}

bool ReplicaFollower::WaitForPosition(uint64_t position, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (replica_.Head().position >= position) return true;
    if (stop_ || Clock::now() >= deadline) return false;
    advanced_.wait_until(lock, deadline);
  }
}

Status ReplicaFollower::Reconnect() {
  sub_ = zmq::socket_t();
  fetch_ = zmq::socket_t();
  fetching_ = false;
  // Subscribe before fetching: whatever is published from now on reaches the SUB's queue.
  if (Status s = transport::ConnectSubscriber(context_, options_.publish, options_.curve, &sub_); !s.ok())
    return s;
  if (Status s = transport::ConnectDealer(context_, options_.fetch, options_.curve, &fetch_); !s.ok())
    return s;
  last_frame_at_ = Clock::now();
  fetch_wanted_ = true;
  return Status::Ok();
}

void ReplicaFollower::RequestFetch(uint64_t from) {
  if (fetching_ || replica_paused_ || Clock::now() < not_before_) return;
  v1::BusFrame frame;
  v1::FetchRequest* request = frame.mutable_fetch();
  request->set_request_id(++fetch_request_id_);
  request->set_from_position(from != 0 ? from : head_.position + 1);
  request->set_organisatie(options_.organisatie);
  Status s = transport::SendFrame(fetch_, frame);
  if (s.IsUnavailable()) return;  // no connection yet; tried again on the next round
  if (!s.ok()) {
    spdlog::error("follower: fetch request: {}", s.ToString());
    return;
  }
  fetching_ = true;
  fetch_wanted_ = false;
  fetch_sent_at_ = Clock::now();
}

bool ReplicaFollower::Apply(const std::vector<v1::LogRecord>& records,
                            const std::vector<eventstore::PositionParts>& parts) {
  if (records.empty()) return true;
  if (replica_paused_) return false;  // fetched again once the replica writes
  if (Status s = replica_.AppendReplicated(records, parts); !s.ok()) {
    if (!replica_.WriteError().ok()) {
      spdlog::error(
          "follower: the replica stopped writing at positions {}..{}; nothing is applied until it "
          "is reopened: {}",
          records.front().position(), records.back().position(), s.ToString());
      replica_paused_ = true;
      replica_retry_.Reset();
      replica_retry_.Failed(Clock::now());
      return false;
    }
    // Either a bug or a replica that is not a prefix of the bus's log; both need a person.
    spdlog::critical("follower: the replica refused positions {}..{}: {}", records.front().position(),
                     records.back().position(), s.ToString());
    not_before_ = Clock::now() + options_.fetch_timeout;
    return false;
  }
  if (checkpoints_) checkpoints_->Appended(records);
  {
    std::lock_guard lock(mutex_);
    head_ = replica_.Head();
  }
  advanced_.notify_all();
  return true;
}

void ReplicaFollower::OnFetchResponse(v1::FetchResponse& response) {
  if (!fetching_ || response.request_id() != fetch_request_id_) return;  // an answer given up on
  fetching_ = false;
  bus_head_.store(response.head_position(), std::memory_order_relaxed);
  if (!first_answered_head_) {
    std::lock_guard lock(mutex_);
    first_answered_head_ = response.head_position();
    advanced_.notify_all();
  }
  std::vector<v1::LogRecord> records;
  for (v1::LogRecord& record : *response.mutable_records()) {
    if (record.position() > head_.position)
      records.push_back(std::move(record));  // PUB may have brought some
  }
  if (!records.empty() && records.front().position() != head_.position + 1) {
    spdlog::error("follower: fetch answered from position {}, wanted {}", records.front().position(),
                  head_.position + 1);
    fetch_wanted_ = true;
    return;
  }
  std::vector<eventstore::PositionParts> parts;
  for (v1::Delen& delen : *response.mutable_delen()) {
    if (delen.position() <= head_.position || records.empty() || delen.position() > records.back().position())
      continue;
    eventstore::PositionParts& record = parts.emplace_back();
    record.position = delen.position();
    for (std::string& bytes : *delen.mutable_delen()) {
      v1::VerzegeldDeel part;  // only for its class: the replica stores it by class, unopened
      if (!part.ParseFromString(bytes)) continue;  // the bus checked it; a broken one reads as vergeten
      record.parts.push_back({static_cast<uint32_t>(part.klasse()), std::move(bytes)});
    }
  }
  // The next answer is asked for before this one is written, so that the bus reads it meanwhile.
  if (!records.empty() && records.back().position() < response.head_position())
    RequestFetch(records.back().position() + 1);
  // Before its records: it is judged when the replica reaches its positie.
  if (checkpoints_ && response.has_checkpoint()) checkpoints_->Received(response.checkpoint(), "fetch");
  if (!Apply(records, parts)) {
    fetching_ = false;     // the answer asked for above follows records that are not there: ignored
    fetch_wanted_ = true;  // after not_before_
    return;
  }
  if (head_.position < response.head_position()) {
    if (response.records_size() == 0) {
      // The bus has a head it could not read for us; ask again, but not in a tight loop.
      not_before_ = Clock::now() + options_.heartbeat;
    }
    fetch_wanted_ = true;  // more to catch up
  }
}

void ReplicaFollower::Run() {
  head_ = replica_.Head();
  if (!RebuildCheckpoints()) return;
  if (Status s = Reconnect(); !s.ok()) {
    spdlog::critical("follower: {}", s.ToString());
    return;
  }
  const milliseconds silence = options_.heartbeat * kSilentHeartbeats;
  while (!stop_) {
    if (!StoresWritable() && stop_) return;
    if (fetch_wanted_) RequestFetch();
    if (!WaitForFrames(silence)) return;
    if (!ApplyPublished()) return;
    if (!ReadFetchAnswers()) return;
    if (!HandleTimeouts(silence)) return;
  }
}

bool ReplicaFollower::StoresWritable() {
  const Clock::time_point now = Clock::now();
  ReopenCheckpoints(now);
  if (!replica_paused_) return true;
  if (!replica_retry_.Due(now)) return false;
  if (Status s = replica_.Reopen(); !s.ok()) {
    replica_retry_.Failed(now);
    spdlog::warn("follower: reopening the replica failed; trying again in {} ms: {}",
                 replica_retry_.delay().count(), s.ToString());
    return false;
  }
  replica_paused_ = false;
  replica_retry_.Reset();
  {
    std::lock_guard lock(mutex_);
    head_ = replica_.Head();  // what reached the disk: the failed write may have
  }
  advanced_.notify_all();
  spdlog::info("follower: the replica writes again at position {}; fetching from the bus", head_.position);
  fetching_ = false;
  fetch_wanted_ = true;
  if (checkpoint_store_ != nullptr) {
    // The keeper's Merkle range followed the records it was told of; the replica may hold more now.
    checkpoints_ =
        std::make_unique<CheckpointKeeper>(*checkpoint_store_, replica_, options_.bus_checkpoint_key);
    if (!RebuildCheckpoints()) return false;
  }
  return true;
}

void ReplicaFollower::ReopenCheckpoints(Clock::time_point now) {
  if (checkpoint_store_ == nullptr) return;
  if (!checkpoints_paused_) {
    Status stopped = checkpoint_store_->WriteError();
    if (stopped.ok()) return;
    spdlog::error(
        "follower: the checkpoint store stopped writing; checkpoints are not stored until it is "
        "reopened: {}",
        stopped.ToString());
    checkpoints_paused_ = true;
    checkpoints_retry_.Reset();
    checkpoints_retry_.Failed(now);
    return;
  }
  if (!checkpoints_retry_.Due(now)) return;
  if (Status s = checkpoint_store_->Reopen(); !s.ok()) {
    checkpoints_retry_.Failed(now);
    spdlog::warn("follower: reopening the checkpoint store failed; trying again in {} ms: {}",
                 checkpoints_retry_.delay().count(), s.ToString());
    return;
  }
  spdlog::info("follower: the checkpoint store writes again");
  checkpoints_paused_ = false;
  checkpoints_retry_.Reset();
}

bool ReplicaFollower::RebuildCheckpoints() {
  if (!checkpoints_) return true;
  if (Status s = checkpoints_->Rebuild(stop_); !s.ok()) {
    if (stop_) return false;
    spdlog::critical("follower: the bus's checkpoints are not kept: {}", s.ToString());
    checkpoints_.reset();
  }
  return true;
}

bool ReplicaFollower::WaitForFrames(milliseconds silence) {
  // Sleep until a frame, a wake-up, the fetch timeout or the silence limit.
  Clock::time_point due = last_frame_at_ + silence;
  if (fetching_) due = std::min(due, fetch_sent_at_ + options_.fetch_timeout);
  // Retried soon: the fetch socket may not have had a connection for the last try.
  if (fetch_wanted_ && !fetching_ && !replica_paused_)
    due = std::min(due, std::max(not_before_, Clock::now() + milliseconds(50)));
  if (replica_paused_) due = std::min(due, replica_retry_.next());
  if (checkpoints_paused_) due = std::min(due, checkpoints_retry_.next());
  const milliseconds wait = std::max(milliseconds(0), std::chrono::ceil<milliseconds>(due - Clock::now()));
  std::vector<zmq::pollitem_t> items = {
      {sub_.handle(), 0, ZMQ_POLLIN, 0}, {fetch_.handle(), 0, ZMQ_POLLIN, 0}, wakeup_.PollItem()};
  if (Status s = transport::Poll(&items, wait); !s.ok()) {
    spdlog::critical("follower: {}", s.ToString());
    return false;
  }
  if (items[2].revents & ZMQ_POLLIN) wakeup_.Clear();
  return true;
}

bool ReplicaFollower::ApplyPublished() {
  // Live records: collect the run that follows the head, then one append.
  std::vector<v1::LogRecord> run;
  for (size_t n = 0; n < kMaxDrain; ++n) {
    std::optional<v1::BusFrame> in;
    Status s = transport::RecvFrame(sub_, &in);
    if (s.IsIOError()) {
      spdlog::critical("follower: stopped: {}", s.ToString());
      return false;
    }
    if (!s.ok()) {
      spdlog::warn("follower: ignored a malformed message on the PUB: {}", s.message());
      continue;
    }
    if (!in) break;
    last_frame_at_ = Clock::now();
    OnPublished(*in, &run);
  }
  if (!Apply(run)) fetch_wanted_ = true;
  return true;
}

bool ReplicaFollower::HasParts(const v1::LogRecord& record) {
  v1::Envelope envelope;
  return envelope.ParseFromString(record.envelope()) && envelope.persoonsgegevens_size() > 0;
}

void ReplicaFollower::OnPublished(v1::BusFrame& frame, std::vector<v1::LogRecord>* run) {
  const uint64_t next = (run->empty() ? head_.position : run->back().position()) + 1;
  if (frame.frame_case() == v1::BusFrame::kCommitted) {
    const uint64_t position = frame.committed().record().position();
    if (position == next && HasParts(frame.committed().record())) {
      fetch_wanted_ = true;  // its parts come only with a fetch, where the bus knows who asks
    } else if (position == next) {
      run->push_back(std::move(*frame.mutable_committed()->mutable_record()));
    } else if (position > next) {
      fetch_wanted_ = true;  // the PUB dropped something (or we joined late)
    }
  } else if (frame.frame_case() == v1::BusFrame::kCheckpoint) {
    // Right after its record, which may still be in `run`: judged when that is appended.
    if (checkpoints_) checkpoints_->Received(frame.checkpoint(), "PUB");
  } else if (frame.frame_case() == v1::BusFrame::kHeartbeat) {
    const v1::Heartbeat& heartbeat = frame.heartbeat();
    bus_head_.store(heartbeat.head_position(), std::memory_order_relaxed);
    if (heartbeat.head_position() >= next) {
      fetch_wanted_ = true;
    } else if (heartbeat.head_position() == head_.position && run->empty() &&
               heartbeat.head_hash() != head_.hash) {
      spdlog::critical("follower: the replica's hash at position {} is {}, the bus's {}: the logs differ",
                       head_.position, ToHex(head_.hash), ToHex(heartbeat.head_hash()));
    }
  }
}

bool ReplicaFollower::ReadFetchAnswers() {
  for (;;) {
    std::optional<v1::BusFrame> in;
    Status s = transport::RecvFrame(fetch_, &in);
    if (s.IsIOError()) {
      spdlog::critical("follower: stopped: {}", s.ToString());
      return false;
    }
    if (!s.ok()) {
      spdlog::warn("follower: ignored a malformed fetch answer: {}", s.message());
      continue;
    }
    if (!in) return true;
    if (in->frame_case() == v1::BusFrame::kFetchResponse) OnFetchResponse(*in->mutable_fetch_response());
  }
}

bool ReplicaFollower::HandleTimeouts(milliseconds silence) {
  const Clock::time_point now = Clock::now();
  if (now >= last_frame_at_ + silence) {
    spdlog::warn("follower: nothing from the bus at {} for {} ms; reconnecting", options_.publish,
                 silence.count());
    if (Status s = Reconnect(); !s.ok()) {
      spdlog::critical("follower: {}", s.ToString());
      return false;
    }
  } else if (fetching_ && now >= fetch_sent_at_ + options_.fetch_timeout) {
    spdlog::warn("follower: no fetch answer from {} within {} ms; asking again", options_.fetch,
                 options_.fetch_timeout.count());
    fetch_ = zmq::socket_t();
    if (Status s = transport::ConnectDealer(context_, options_.fetch, options_.curve, &fetch_); !s.ok()) {
      spdlog::critical("follower: {}", s.ToString());
      return false;
    }
    fetching_ = false;
    fetch_wanted_ = true;
  }
  return true;
}

}  // namespace regiotafel::node
