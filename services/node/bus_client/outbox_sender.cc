#include "services/node/bus_client/outbox_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "base/batch_signature.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::node {
namespace {

using std::chrono::milliseconds;

// With nothing in flight the sender still looks at the outbox this often, in case a Wake() was
// missed (e.g. entries added by another process before this one started).
constexpr milliseconds kIdleCheck{1000};

bool Decided(const v1::OutboxEntry& entry) {
  return entry.state() == v1::OutboxEntry::COMMITTED || entry.state() == v1::OutboxEntry::REJECTED;
}

}  // namespace

OutboxSender::OutboxSender(zmq::context_t& context, eventstore::Outbox& outbox, SenderOptions options)
    : context_(context),
      outbox_(outbox),
      options_(std::move(options)),
      timeout_(options_.timeout),
      reopen_retry_(options_.store_retry, options_.store_retry_max) {}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Start() {
  if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
}

void OutboxSender::Stop() {
  stop_ = true;
  wakeup_.Signal();
  if (thread_.joinable()) thread_.join();
  Notify();  // waiters see the entry as it stands
}

void OutboxSender::Wake() { wakeup_.Signal(); }

void OutboxSender::Notify() {
  { std::lock_guard lock(mutex_); }  // a waiter between its check and its wait is not missed
  decided_.notify_all();
}

Status OutboxSender::WaitForDecision(const std::string& event_id, Clock::time_point deadline,
                                     v1::OutboxEntry* out) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (Status s = outbox_.Get(event_id, out); !s.ok()) return s;
    if (Decided(*out) || stop_ || Clock::now() >= deadline) return Status::Ok();
    decided_.wait_until(lock, deadline);
  }
}

Status OutboxSender::Reconnect() {
  socket_ = zmq::socket_t();  // LINGER 0: whatever the old socket still queued is dropped
  in_flight_.clear();
  sent_up_to_seq_ = 0;
  return transport::ConnectDealer(context_, options_.endpoint, options_.curve, &socket_);
}

bool OutboxSender::OutboxWritable() {
  const Clock::time_point now = Clock::now();
  Status stopped = outbox_.WriteError();
  if (stopped.ok() && !paused_) return true;
  if (!stopped.ok() && !paused_) {
    spdlog::error("sender: the outbox stopped writing; nothing is submitted until it is reopened: {}",
                  stopped.ToString());
    paused_ = true;
    reopen_retry_.Reset();
    reopen_retry_.Failed(now);
    return false;
  }
  if (!stopped.ok()) {
    if (!reopen_retry_.Due(now)) return false;
    if (Status s = outbox_.Reopen(); !s.ok()) {
      reopen_retry_.Failed(now);
      spdlog::warn("sender: reopening the outbox failed; trying again in {} ms: {}",
                   reopen_retry_.delay().count(), s.ToString());
      return false;
    }
  }
  spdlog::info("sender: the outbox writes again; submitting its {} pending events again",
               outbox_.PendingCount());
  paused_ = false;
  reopen_retry_.Reset();
  in_flight_.clear();  // their answers could not be recorded: all of them go again
  sent_up_to_seq_ = 0;
  timeout_ = options_.timeout;
  Notify();  // waiters see the entries as they stand after the reopen
  return true;
}

void OutboxSender::Run() {
  if (Status s = Reconnect(); !s.ok()) {
    spdlog::critical("sender: {}", s.ToString());
    return;
  }
  bool want_out = false;            // the last send found no connection: wait until one is up
  Clock::time_point waiting_since;  // for a connection, since the send that found none
  while (!stop_) {
    const bool writable = OutboxWritable();
    if (writable && !want_out) {
      want_out = !Fill();
      if (want_out) waiting_since = Clock::now();
    }
    if (!fatal_.ok()) break;

    // Sleep until a reply, a wake-up, room on the socket, or the oldest batch's timeout (or, with
    // no connection, the time to make a new one); with the outbox stopped, until the next reopen.
    milliseconds wait = kIdleCheck;
    if (!writable) {
      wait = std::clamp(std::chrono::ceil<milliseconds>(reopen_retry_.next() - Clock::now()), milliseconds(0),
                        kIdleCheck);
    } else if (!in_flight_.empty() || want_out) {
      const auto due = (want_out ? waiting_since : in_flight_.front().sent_at) + timeout_;
      wait = std::max(milliseconds(0), std::chrono::ceil<milliseconds>(due - Clock::now()));
    }
    std::vector<zmq::pollitem_t> items = {
        {socket_.handle(), 0, static_cast<short>(ZMQ_POLLIN | (want_out ? ZMQ_POLLOUT : 0)), 0},
        wakeup_.PollItem()};
    if (Status s = transport::Poll(&items, wait); !s.ok()) {
      spdlog::critical("sender: {}", s.ToString());
      return;
    }
    if (items[1].revents & ZMQ_POLLIN) wakeup_.Clear();
    if (items[0].revents & ZMQ_POLLOUT) want_out = false;

    for (;;) {
      std::optional<v1::BusFrame> in;
      Status s = transport::RecvFrame(socket_, &in);
      if (s.IsIOError()) {
        fatal_ = s;
        break;
      }
      if (!s.ok()) {
        spdlog::warn("sender: ignored a malformed message from the bus: {}", s.message());
        continue;
      }
      if (!in) break;
      if (in->frame_case() == v1::BusFrame::kSubmitReply) {
        if (writable) OnReply(in->submit_reply());  // else dropped: they are submitted again
      } else {
        spdlog::warn("sender: ignored a frame of type {} from the bus", static_cast<int>(in->frame_case()));
      }
    }

    if (!fatal_.ok()) break;
    if (!writable) continue;

    // ZeroMQ gives up on a connection whose handshake failed (a Curve key the bus refused) and
    // never tries it again: only a new socket does.
    const bool no_connection = want_out && Clock::now() >= waiting_since + timeout_;
    if (no_connection) {
      spdlog::warn(
          "sender: no connection to the bus at {} within {} ms; connecting again (is this "
          "node's Curve key in the bus's trust file? the bus's log names refused keys)",
          options_.endpoint, timeout_.count());
    }
    const bool no_answer = !in_flight_.empty() && Clock::now() >= in_flight_.front().sent_at + timeout_;
    if (no_answer) {
      spdlog::warn("sender: no answer from the bus at {} within {} ms for {} batch(es); submitting again",
                   options_.endpoint, timeout_.count(), in_flight_.size());
    }
    if (no_connection || no_answer) {
      timeout_ = std::min(timeout_ * 2, options_.max_timeout);
      if (Status s = Reconnect(); !s.ok()) {
        spdlog::critical("sender: {}", s.ToString());
        return;
      }
      want_out = false;
    }
  }
  // Only a broken socket or context gets here (not a bus that is away): nothing more is sent until
  // the node is restarted; the entries wait in the outbox.
  if (!fatal_.ok()) spdlog::critical("sender: stopped: {}", fatal_.ToString());
}

bool OutboxSender::Fill() {
  while (in_flight_.size() < options_.window && !stop_) {
    // Pending() starts at the oldest entry, which may already be in flight; skip those by sequence.
    size_t in_flight_events = 0;
    for (const Batch& b : in_flight_) in_flight_events += b.event_ids.size();
    std::vector<v1::OutboxEntry> pending = outbox_.Pending(in_flight_events + options_.batch);
    v1::BusFrame frame;
    v1::SubmitBatch* submit = frame.mutable_submit();
    Batch batch;
    uint64_t last_seq = sent_up_to_seq_;
    for (v1::OutboxEntry& entry : pending) {
      if (entry.origin_seq() <= sent_up_to_seq_) continue;
      if (batch.event_ids.size() == options_.batch) break;
      v1::SignedEnvelope* signed_envelope = submit->add_events();
      signed_envelope->set_envelope(std::move(*entry.mutable_envelope()));
      signed_envelope->set_signature(std::move(*entry.mutable_signature()));
      *signed_envelope->mutable_delen() = std::move(*entry.mutable_delen());
      batch.event_ids.push_back(entry.event_id());
      last_seq = entry.origin_seq();
    }
    if (batch.event_ids.empty()) return true;
    if (options_.batch_key) SignAsOne(submit);

    batch.request_id = next_request_id_++;
    submit->set_request_id(batch.request_id);
    Status s = transport::SendFrame(socket_, frame);
    if (s.IsUnavailable()) return false;  // no connection to the bus (yet)
    if (!s.ok()) {
      fatal_ = s;
      return false;
    }
    batch.sent_at = Clock::now();
    batches_sent_.Add();
    sent_up_to_seq_ = last_seq;
    in_flight_.push_back(std::move(batch));
  }
  return true;
}

void OutboxSender::SignAsOne(v1::SubmitBatch* submit) const {
  std::vector<std::string_view> envelopes;
  envelopes.reserve(submit->events_size());
  for (const v1::SignedEnvelope& e : submit->events()) envelopes.push_back(e.envelope());
  std::vector<std::string> proofs = SignBatch(*options_.batch_key, envelopes);
  for (int i = 0; i < submit->events_size(); ++i)
    submit->mutable_events(i)->set_signature(std::move(proofs[i]));
}

void OutboxSender::OnReply(const v1::SubmitReply& reply) {
  auto it = std::find_if(in_flight_.begin(), in_flight_.end(),
                         [&](const Batch& b) { return b.request_id == reply.request_id(); });
  if (it == in_flight_.end()) return;  // an answer to a batch given up on; it will be answered again
  const Batch& batch = *it;
  if (static_cast<size_t>(reply.results_size()) != batch.event_ids.size()) {
    spdlog::error("sender: the bus answered request {} with {} results for {} events; ignored",
                  reply.request_id(), reply.results_size(), batch.event_ids.size());
    return;  // stays in flight: the timeout submits it again
  }
  // One synced outbox write for the whole reply, not one per event.
  std::vector<eventstore::Outbox::Decision> decisions;
  for (size_t i = 0; i < batch.event_ids.size(); ++i) {
    const v1::SubmitResult& result = reply.results(static_cast<int>(i));
    const std::string& event_id = batch.event_ids[i];
    if (!result.event_id().empty() && result.event_id() != event_id) {
      spdlog::error("sender: the bus answered event {} in the slot of {}; not recorded", result.event_id(),
                    event_id);
      continue;
    }
    if (result.status() == v1::SubmitResult::COMMITTED) {
      decisions.push_back({event_id, v1::OutboxEntry::COMMITTED, result.position(), ""});
    } else if (result.status() == v1::SubmitResult::REJECTED) {
      spdlog::warn("sender: event {} rejected by the bus: {}{}", event_id,
                   result.field().empty() ? "" : result.field() + ": ", result.error());
      decisions.push_back({event_id, v1::OutboxEntry::REJECTED, 0, result.error()});
    }
    // No decision at all: stays pending and goes again later.
  }
  std::vector<Status> recorded;
  if (Status s = outbox_.MarkDecided(decisions, &recorded); !s.ok()) {
    spdlog::error("sender: recording {} decisions: {}", decisions.size(), s.ToString());
    // The outbox stopped writing: the batch stays in flight, and Run pauses until a reopen, after
    // which everything pending goes again (never at once: that was a hot loop).
    if (!outbox_.WriteError().ok()) return;
  } else {
    for (size_t i = 0; i < decisions.size(); ++i) {
      if (!recorded[i].ok()) {
        spdlog::error("sender: recording the decision on {}: {}", decisions[i].event_id,
                      recorded[i].ToString());
      }
    }
  }
  const size_t answered = static_cast<size_t>(it - in_flight_.begin());
  in_flight_.erase(it);
  if (in_flight_.empty()) sent_up_to_seq_ = 0;  // anything still pending is taken again from the start
  timeout_ = options_.timeout;                  // the bus answers: back to the first timeout
  // The bus works through one connection's batches in order, so an answer shows the next ones are
  // being worked on: their clock starts now (recording this answer may itself have taken a while).
  // Not so the batches sent before it: their answers should have come first, so they were lost
  // (a bus that restarted within the timeout) and keep their own clock, or under steady traffic
  // they would never time out.
  const Clock::time_point now = Clock::now();
  for (size_t k = answered; k < in_flight_.size(); ++k) {
    in_flight_[k].sent_at = std::max(in_flight_[k].sent_at, now);
  }
  Notify();
}

}  // namespace regiotafel::node
