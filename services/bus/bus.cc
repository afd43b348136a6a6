#include "services/bus/bus.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>

#include "base/batch_signature.h"
#include "base/bytes.h"
#include "contract/identifiers.h"
#include "contract/validate.h"
#include "privacy/sealed_event.h"
#include "services/forgetting/forgetter.h"
#include "transport/sockets.h"

namespace regiotafel::bus {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr size_t kPublishReadChunk = 1'000;
constexpr transport::FrameLimits kSubmitLimits{.max_submit_events = kMaxBatchEvents,
                                               .max_submit_parts = kMaxBatchParts,
                                               .max_submit_bytes = kMaxSubmitBytes};

// Whom the refusal log counts a refusal against: the connection's organisation, else (a plain bus)
// the envelope's origin when it is one, so made-up origins share one window.
std::string_view Peer(std::string_view connected_as, std::string_view origin) {
  if (!connected_as.empty()) return connected_as;
  return contract::ParseOrgId(origin) ? origin : std::string_view("(onbekend)");
}

}  // namespace

void Bus::Reject(const Submitted& event, const Status& why, std::string_view reden) {
  metrics_.Rejected(reden);
  v1::SubmitResult* result = event.result;
  result->set_status(v1::SubmitResult::REJECTED);
  result->set_error(why.message());
  result->set_field(why.field());
  if (!refusals_.Admit(Peer(event.connected_as, event.origin), reden)) return;
  spdlog::warn("afgewezen: organisatie={} event_id={} veld={} reden={}",
               event.origin.empty() ? "(onbekend)" : event.origin,
               result->event_id().empty() ? "(onbekend)" : result->event_id(),
               why.field().empty() ? "-" : why.field(), why.message());
}

bool Bus::RefusedWhole(const transport::RoutedFrame& submission, v1::SubmitReply* reply) {
  // Counted on the wire by RecvFrameFrom (kSubmitLimits); a frame that did not come through it is
  // counted here.
  size_t events = submission.submitted_events, parts = submission.submitted_parts;
  if (!submission.over_limits) {
    size_t parsed_parts = 0;
    for (const v1::SignedEnvelope& e : submission.frame.submit().events()) parsed_parts += e.delen_size();
    events = std::max<size_t>(events, submission.frame.submit().events_size());
    parts = std::max(parts, parsed_parts);
  }
  Status why;
  if (events > static_cast<size_t>(kMaxBatchEvents)) {
    why = Status::InvalidArgument("een batch heeft hoogstens " + std::to_string(kMaxBatchEvents) +
                                      " events; deze heeft er " + std::to_string(events),
                                  "events");
  } else if (parts > kMaxBatchParts) {
    why = Status::InvalidArgument("een batch heeft hoogstens " + std::to_string(kMaxBatchParts) +
                                      " versleutelde delen; deze heeft er " + std::to_string(parts),
                                  "delen");
  } else if (submission.bytes > kMaxSubmitBytes) {
    why = Status::InvalidArgument("een batch is hoogstens " + std::to_string(kMaxSubmitBytes >> 20) +
                                      " MiB; deze is " + std::to_string(submission.bytes) + " bytes",
                                  "events");
  } else {
    return false;
  }
  reply->set_error(why.message());
  reply->set_field(why.field());
  metrics_.batches_refused.Add();
  metrics_.Rejected("batch", events);
  const std::string_view peer = Peer(submission.user_id, "");
  if (refusals_.Admit(peer, "batch")) {
    spdlog::warn("batch geweigerd: organisatie={} request_id={} events={} delen={} bytes={} reden={}", peer,
                 reply->request_id(), events, parts, submission.bytes, why.message());
  }
  return true;
}

Status Bus::Open(zmq::context_t& context, BusConfig config, std::unique_ptr<Bus>* out) {
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec) return Status::IOError("cannot create " + config.data_dir + ": " + ec.message());
  std::unique_ptr<eventstore::EventLog> log;
  if (Status s = eventstore::EventLog::Open(config.data_dir + "/log", {}, &log); !s.ok()) return s;

  std::unique_ptr<Bus> bus(new Bus(std::move(config), std::move(log)));
  // Before anything is served: a bus restored from an older backup erases again what was forgotten.
  bus->forgetter_ = std::make_unique<forgetting::Forgetter>(*bus->log_, nullptr);
  if (Status s = bus->forgetter_->CatchUp(); !s.ok()) return s;
  if (bus->config_.checkpoint_sleutel) {
    const CheckpointerOptions options{.elke = bus->config_.checkpoint_elke,
                                      .interval = bus->config_.checkpoint_interval};
    if (Status s =
            Checkpointer::Open(bus->config_.data_dir + "/checkpoints", *bus->config_.checkpoint_sleutel,
                               options, *bus->log_, &bus->checkpointer_);
        !s.ok())
      return s;
    spdlog::info("checkpoints: signed every {} records or {:g} s, key {}", options.elke,
                 std::chrono::duration<double>(options.interval).count(),
                 ToHex(bus->checkpointer_->public_key()));
  } else {
    spdlog::warn(
        "no checkpoint_sleutel: the bus signs no checkpoints, so nothing but copies of the log shows a "
        "rewritten history (docs/TRUST.md, \"Checkpoints\")");
  }
  transport::CurveSettings curve;
  if (bus->config_.curve) {
    transport::CurveKeyOwners owners;
    for (const auto& [org, trusted] : *bus->config_.trust) {
      for (const config::TrustedKey& key : trusted.sleutels) {
        if (!key.curve.empty()) owners[key.curve] = org;
      }
    }
    if (Status s = transport::ZapHandler::Start(context, std::move(owners), &bus->zap_); !s.ok()) return s;
    curve.own = *bus->config_.curve;
  }
  const transport::ServerLimits limits{.handshake = bus->config_.handshake};
  if (Status s = transport::BindRouter(context, bus->config_.submit, curve, &bus->submit_,
                                       &bus->submit_endpoint_, limits);
      !s.ok())
    return s;
  if (Status s = transport::BindPublisher(context, bus->config_.publish, curve, &bus->publish_,
                                          &bus->publish_endpoint_, limits);
      !s.ok())
    return s;
  if (Status s = FetchServer::Open(context, bus->config_.fetch, curve, limits, bus->config_.refusal_summary,
                                   *bus->log_, bus->checkpoints(), &bus->fetch_);
      !s.ok())
    return s;
  *out = std::move(bus);
  return Status::Ok();
}

Bus::Bus(BusConfig config, std::unique_ptr<eventstore::EventLog> log)
    : config_(std::move(config)),
      log_(std::move(log)),
      // Whatever is in the log at start was published by an earlier run or is fetched by followers.
      published_(log_->Head().position),
      refusals_("refusals", config_.refusal_summary, &metrics_.refusals_unlogged),
      malformed_("malformed messages", config_.refusal_summary, &metrics_.refusals_unlogged) {}

Bus::~Bus() {
  if (fetch_) fetch_->Stop();
}

void Bus::Stop() noexcept {
  stop_ = true;
  wakeup_.Signal();
}

Status Bus::Run() {
  fetch_->Start();
  forgetter_->Start();
  Status result;
  Clock::time_point last_published = Clock::now();
  std::vector<zmq::pollitem_t> items = {{submit_.handle(), 0, ZMQ_POLLIN, 0}, wakeup_.PollItem()};
  while (!stop_) {
    if (CheckpointIfDue(Clock::now())) last_published = Clock::now();
    const Clock::time_point heartbeat_due = last_published + config_.heartbeat;
    if (Clock::now() >= heartbeat_due) {
      Heartbeat();
      last_published = Clock::now();
      continue;
    }
    // Awake for the next checkpoint by time too: the last records before a quiet spell get one.
    const Clock::time_point wake =
        checkpointer_ ? std::min(heartbeat_due, checkpointer_->TimeDue()) : heartbeat_due;
    auto wait = std::max(milliseconds(0), std::chrono::ceil<milliseconds>(wake - Clock::now()));
    if (result = transport::Poll(&items, wait); !result.ok()) break;
    if (items[1].revents & ZMQ_POLLIN) wakeup_.Clear();
    // Summaries of refusals whose interval is over, also when their sender went quiet.
    refusals_.Flush();
    malformed_.Flush();

    // Drain: everything already waiting joins this round's group commit. ZeroMQ's ROUTER takes one
    // message from each peer in turn, so one peer's backlog does not hold another's submission back.
    std::vector<transport::RoutedFrame> submissions;
    size_t events = 0;
    while (submissions.size() < kMaxDrainMessages && events < kMaxDrainEvents) {
      std::optional<transport::RoutedFrame> in;
      if (Status s = transport::RecvFrameFrom(submit_, &in, kSubmitLimits); !s.ok()) {
        if (s.IsIOError()) {
          fetch_->Stop();
          return s;
        }
        metrics_.malformed.Add();
        if (malformed_.Admit("submit", "malformed"))
          spdlog::warn("submit: ignored a malformed message: {}", s.message());
        continue;
      }
      if (!in) break;
      if (in->frame.frame_case() != v1::BusFrame::kSubmit) {
        metrics_.malformed.Add();
        if (malformed_.Admit("submit", "frame type"))
          spdlog::warn("submit: ignored a frame of type {} on the submit socket",
                       static_cast<int>(in->frame.frame_case()));
        continue;
      }
      // A batch refused whole costs its answer only.
      events += in->over_limits ? 1 : in->frame.submit().events_size();
      submissions.push_back(std::move(*in));
    }
    if (submissions.empty()) continue;
    if (result = Commit(&submissions); !result.ok()) break;
    if (Publish()) {
      last_published = Clock::now();
      forgetter_->Notify();  // a DossierVergeten among them is carried out on a thread of its own
    }
  }
  fetch_->Stop();
  return result;
}

Status Bus::Check(const v1::SignedEnvelope& signed_envelope, const std::string& connected_as,
                  uint64_t position, SignatureVerifier& verifier, v1::Envelope* envelope,
                  std::vector<v1::Klasse>* klassen) const {
  if (Status s = privacy::ParseCommitted(signed_envelope.envelope(), envelope); !s.ok()) return s;
  // The parts it cannot open, checked against the commitments the signature covers (docs/PRIVACY.md).
  if (Status s = privacy::CheckParts(*envelope, signed_envelope.delen(), klassen); !s.ok()) return s;
  if (!connected_as.empty() && envelope->origin() != connected_as) {
    return Status::InvalidArgument(
        "verbonden als " + connected_as + ", maar de envelope komt van " + envelope->origin(), "origin");
  }
  if (!config_.trust) return Status::Ok();
  auto trusted = config_.trust->find(envelope->origin());
  if (trusted == config_.trust->end()) {
    return Status::InvalidArgument("organisatie " + envelope->origin() + " is bij de bus niet bekend",
                                   "origin");
  }
  if (!trusted->second.Signed(position, signed_envelope.envelope(), signed_envelope.signature(), verifier)) {
    return Status::InvalidArgument("de handtekening hoort niet bij de envelope of niet bij een sleutel van " +
                                       envelope->origin() + " op positie " + std::to_string(position),
                                   "signature");
  }
  return Status::Ok();
}

bool Bus::Logged(const std::string& event_id, const std::string& envelope, uint64_t* position) const {
  std::vector<v1::LogRecord> records;
  return log_->FindEvent(event_id, position).ok() && log_->Read(*position, 1, &records).ok() &&
         records.size() == 1 && records[0].envelope() == envelope;
}

Status Bus::AppendChecked(std::span<Submitted> events, SignatureVerifier& verifier, RoundCounts* counts) {
  // Checked against the keys in effect at the next position: Commit makes sure no key starts or
  // stops at any position these events can take.
  const uint64_t next = log_->Head().position + 1;
  std::vector<eventstore::AppendEntry> entries;
  std::vector<Submitted*> appending;
  for (Submitted& event : events) {
    v1::Envelope envelope;
    std::vector<v1::Klasse> klassen;
    const Status s = Check(*event.signed_envelope, event.connected_as, next, verifier, &envelope, &klassen);
    event.result->set_event_id(envelope.event_id());
    // The log line names an organisation: the envelope's, else the connection's.
    event.origin = envelope.origin().empty() ? event.connected_as : envelope.origin();
    uint64_t logged_at = 0;
    if (s.field() == "signature" &&
        Logged(envelope.event_id(), event.signed_envelope->envelope(), &logged_at)) {
      // Resubmitted after its key stopped signing (a rotation): its record was judged when it was
      // appended; the answer is its position, as for any duplicate.
      event.result->set_status(v1::SubmitResult::COMMITTED);
      event.result->set_position(logged_at);
      ++counts->repeated;
      metrics_.duplicates.Add();
      continue;
    }
    if (!s.ok()) {
      Reject(event, s, RejectReason(s));
      continue;
    }
    // Only origins that passed the checks: the set stays as small as the trust file (bounded anyway).
    if (organisaties_.size() < 10'000 && organisaties_.insert(event.origin).second) {
      metrics_.organisaties_gezien.store(organisaties_.size(), std::memory_order_relaxed);
    }
    eventstore::AppendEntry entry;
    entry.event_id = envelope.event_id();
    entry.stream = envelope.stream();
    entry.envelope = std::move(*event.signed_envelope->mutable_envelope());
    entry.signature = std::move(*event.signed_envelope->mutable_signature());
    for (size_t k = 0; k < klassen.size(); ++k) {
      entry.parts.push_back({static_cast<uint32_t>(klassen[k]),
                             std::move(*event.signed_envelope->mutable_delen(static_cast<int>(k)))});
    }
    entries.push_back(std::move(entry));
    appending.push_back(&event);
  }
  if (entries.empty()) return Status::Ok();
  std::vector<eventstore::AppendResult> appended;
  const size_t count = entries.size();
  if (Status s = log_->Append(std::move(entries), &appended); !s.ok()) {
    spdlog::critical("the log refused {} events ({}); no answers sent, the bus stops: restart it to recover",
                     count, s.ToString());
    return s;
  }
  for (size_t k = 0; k < appended.size(); ++k) {
    Submitted& event = *appending[k];
    if (!appended[k].status.ok()) {
      Reject(event, appended[k].status, RejectReason(appended[k].status));
      continue;
    }
    event.result->set_status(v1::SubmitResult::COMMITTED);
    event.result->set_position(appended[k].position);
    ++(appended[k].duplicate ? counts->repeated : counts->fresh);
    (appended[k].duplicate ? metrics_.duplicates : metrics_.committed).Add();
  }
  return Status::Ok();
}

Status Bus::Commit(std::vector<transport::RoutedFrame>* submissions) {
  // One reply per submission, results in the submitted order; protobuf keeps repeated elements at
  // stable addresses while the field grows, so each event keeps a pointer to its result slot.
  metrics_.submissions.Add(submissions->size());
  std::vector<v1::BusFrame> replies(submissions->size());
  std::vector<Submitted> events;
  for (size_t i = 0; i < submissions->size(); ++i) {
    v1::SubmitBatch* batch = (*submissions)[i].frame.mutable_submit();
    v1::SubmitReply* reply = replies[i].mutable_submit_reply();
    reply->set_request_id(batch->request_id());
    // Decided on the counts alone, before any of its envelopes is looked at.
    if (RefusedWhole((*submissions)[i], reply)) continue;
    for (v1::SignedEnvelope& signed_envelope : *batch->mutable_events()) {
      events.push_back({&signed_envelope, (*submissions)[i].user_id, reply->add_results(), ""});
    }
  }

  // All in one group commit, unless the positions they can take cross a key's start or end (a key
  // rotation, trust.h): then one by one, each judged by the keys at its own position.
  SignatureVerifier verifier;  // a batch's signature is verified once, its envelopes by their proofs
  RoundCounts counts;
  const uint64_t head = log_->Head().position;
  const bool one_by_one =
      config_.trust && config::KeyChangeWithin(*config_.trust, head + 1, head + events.size());
  for (size_t begin = 0; begin < events.size();) {
    const size_t n = one_by_one ? 1 : events.size();
    if (Status s = AppendChecked(std::span(events).subspan(begin, n), verifier, &counts); !s.ok()) return s;
    begin += n;
  }
  spdlog::debug("round: {} submissions, {} committed, {} repeated, head {}{}", submissions->size(),
                counts.fresh, counts.repeated, log_->Head().position,
                one_by_one ? " (one by one: a key changes)" : "");

  for (size_t i = 0; i < replies.size(); ++i) {
    if (Status s = transport::SendFrameTo(submit_, (*submissions)[i].routing_id, replies[i]); !s.ok()) {
      // The node resubmits after its timeout and gets the same answer.
      spdlog::warn("submit: reply {} not sent: {}", replies[i].submit_reply().request_id(), s.message());
    }
  }
  return Status::Ok();
}

bool Bus::Publish() {
  const uint64_t head = log_->Head().position;
  const Clock::time_point now = Clock::now();
  bool sent = false;
  while (published_ < head) {
    std::vector<v1::LogRecord> records;
    if (Status s = log_->Read(published_ + 1, kPublishReadChunk, &records); !s.ok() || records.empty()) {
      // Followers see the gap by position and fetch; the next round tries again from the cursor.
      spdlog::error("publish: reading position {}: {}", published_ + 1, s.ToString());
      return sent;
    }
    for (v1::LogRecord& record : records) {
      v1::BusFrame frame;
      const uint64_t position = record.position();
      if (checkpointer_) checkpointer_->Append(record);
      *frame.mutable_committed()->mutable_record() = std::move(record);
      // A PUB never blocks; at the HWM ZeroMQ drops and the follower repairs by fetch.
      if (Status s = transport::SendFrame(publish_, frame); !s.ok()) {
        spdlog::warn("publish: position {}: {}", position, s.message());
      }
      published_ = position;
      sent = true;
      // Right after its record, before the next one; one by time waits for the end of the round.
      if (checkpointer_ && position % config_.checkpoint_elke == 0) CheckpointIfDue(now);
    }
  }
  return sent;
}

bool Bus::CheckpointIfDue(Clock::time_point now) {
  if (!checkpointer_) return false;
  std::optional<v1::Checkpoint> checkpoint = checkpointer_->IfDue(now);
  if (!checkpoint) return false;
  metrics_.laatste_checkpoint.store(checkpoint->position(), std::memory_order_relaxed);
  v1::BusFrame frame;
  *frame.mutable_checkpoint() = std::move(*checkpoint);
  if (Status s = transport::SendFrame(publish_, frame); !s.ok()) {
    // A node that missed it gets it with its next fetch, or takes the next one.
    spdlog::warn("publish: checkpoint at positie {}: {}", frame.checkpoint().position(), s.message());
  }
  spdlog::debug("checkpoint at positie {}", frame.checkpoint().position());
  return true;
}

void Bus::Heartbeat() {
  const eventstore::LogHead head = log_->Head();
  v1::BusFrame frame;
  v1::Heartbeat* heartbeat = frame.mutable_heartbeat();
  heartbeat->set_head_position(head.position);
  heartbeat->set_head_hash(head.hash);
  *heartbeat->mutable_sent_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  if (Status s = transport::SendFrame(publish_, frame); !s.ok()) spdlog::warn("heartbeat: {}", s.message());
}

}  // namespace regiotafel::bus
