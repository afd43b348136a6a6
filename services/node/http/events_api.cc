#include "services/node/http/events_api.h"

#include <google/protobuf/util/time_util.h>
#include <spdlog/spdlog.h>

#include "base/json_text.h"
#include "base/uuid.h"
#include "contract/json.h"
#include "contract/roles.h"
#include "contract/streams.h"
#include "contract/validate.h"
#include "privacy/sealed_event.h"
#include "services/http/reply.h"
#include "services/node/http/dashboard_api.h"
#include "services/node/http/store_health.h"
#include "services/node/http/vergeten_check.h"

namespace regiotafel::node {
namespace {

using http::RefusalBody;
using http::Refuse;
using http::Reply;

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxBodyBytes = size_t{4} << 20;  // a batch of kMaxBatchLines events of 4 KiB
constexpr size_t kMaxBatchLines = 1000;            // the bus takes as many in one submit

// A batch line's answer: the body its own POST would get, led by that POST's HTTP code.
std::string WithCode(int code, const std::string& object) {
  return "{\"code\": " + std::to_string(code) + ", " + object.substr(1);
}

// {"event_id", "status", "position", "error"} for an outbox entry, with the HTTP code that goes with
// it on a POST: 200 committed, 422 rejected, 202 pending.
int EventStatus(const v1::OutboxEntry& entry, std::string* body) {
  const char* status = "PENDING";
  int code = 202;
  if (entry.state() == v1::OutboxEntry::COMMITTED) {
    status = "COMMITTED";
    code = 200;
  } else if (entry.state() == v1::OutboxEntry::REJECTED) {
    status = "REJECTED";
    code = 422;
  }
  const bool committed = entry.state() == v1::OutboxEntry::COMMITTED;
  *body = "{\"event_id\": " + JsonQuote(entry.event_id()) + ", \"status\": \"" + status +
          "\", \"position\": " + std::to_string(committed ? entry.position() : 0) +
          ", \"error\": " + JsonQuote(entry.state() == v1::OutboxEntry::REJECTED ? entry.error() : "") + "}";
  return code;
}

v1::OutboxEntry Pending(const std::string& event_id) {
  v1::OutboxEntry entry;
  entry.set_event_id(event_id);
  entry.set_state(v1::OutboxEntry::PENDING);
  return entry;
}

// A path as sent by someone without a token, fit for one log line: no control characters, not long.
std::string ForLog(std::string_view text) {
  std::string out(text.substr(0, 200));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return text.size() > 200 ? out + "…" : out;
}

}  // namespace

HttpApi::HttpApi(HttpApiOptions options, eventstore::Outbox& outbox, const eventstore::EventLog& replica,
                 OutboxSender& sender, ReplicaFollower& follower, const SigningKey& key)
    : options_(std::move(options)),
      access_(options_.tokens),
      outbox_(outbox),
      replica_(replica),
      sender_(sender),
      follower_(follower),
      key_(key),
      head_stream_(replica, [&follower](uint64_t position, HeadStream::Clock::time_point deadline) {
        return follower.WaitForPosition(position, deadline);
      }) {
  server_.set_payload_max_length(kMaxBodyBytes);
  // Requests without a body are checked before routing; a POST once its body is read (see http_api.h).
  server_.set_pre_routing_handler([this](const httplib::Request& q, httplib::Response& r) {
    if (!ApiAccess::IsWrite(q.method) && !Allowed(q, r)) return httplib::Server::HandlerResponse::Handled;
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server_.set_keep_alive_timeout(2);  // bounds how long Stop() waits for idle keep-alive clients
  server_.set_tcp_nodelay(true);      // headers and body go out as written, not after a delayed ACK
  // httplib's default also sets SO_REUSEPORT, which lets a second node silently share a port that
  // is already in use. SO_REUSEADDR alone still allows a quick restart.
  server_.set_socket_options([](socket_t socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  // wait=commit holds a worker for up to commit_wait, an open stroom one for as long as it is open
  // (at most HeadStreamOptions::max_clients, half of these), a long-poll of the head one for up to
  // a minute (at most max_waiters, a quarter): have enough of them.
  server_.new_task_queue = [] { return new httplib::ThreadPool(32); };
  server_.Post("/api/v1/events",
               [this](const httplib::Request& q, httplib::Response& r) { PostEvent(q, r); });
  server_.Post("/api/v1/events/batch",
               [this](const httplib::Request& q, httplib::Response& r) { PostBatch(q, r); });
  server_.Get(R"(/api/v1/events/([^/]+))",
              [this](const httplib::Request& q, httplib::Response& r) { GetEvent(q, r); });
  server_.Get("/healthz", [this](const httplib::Request& q, httplib::Response& r) { Health(q, r); });
  server_.Get("/api/v1/toegang", [this](const httplib::Request& q, httplib::Response& r) { Toegang(q, r); });
  head_stream_.Register(server_);  // GET /api/v1/log/head[?na=N], GET /api/v1/stroom
  RegisterDashboard(server_);
  server_.set_exception_handler(
      [](const httplib::Request& request, httplib::Response& response, std::exception_ptr e) {
        std::string what = "unknown";
        try {
          if (e) std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          what = ex.what();
        } catch (...) {
        }
        spdlog::error("http: {} {}: {}", request.method, request.path, what);
        Refuse(response, 500, "interne fout; zie het logboek van de node", "");
      });
  // httplib's own errors (unknown route, body too large) get a JSON body too; ours already have one.
  // An unknown route with a body has not been checked yet: without a valid token it is a 401.
  server_.set_error_handler([this](const httplib::Request& request, httplib::Response& response) {
    if (response.body.empty() && ApiAccess::IsWrite(request.method) && !Allowed(request, response)) return;
    if (response.body.empty()) {
      Refuse(response, response.status,
             response.status == 404 ? "onbekende route"
                                    : "verzoek niet verwerkt (HTTP " + std::to_string(response.status) + ")",
             "");
    }
  });
}

HttpApi::~HttpApi() { Stop(); }

Status HttpApi::Start(const std::string& address, int port) {
  if (port == 0) {
    port_ = server_.bind_to_any_port(address);
    if (port_ < 0) return Status::IOError("http: cannot bind " + address);
  } else {
    if (!server_.bind_to_port(address, port)) {
      return Status::IOError("http: cannot bind " + address + ":" + std::to_string(port));
    }
    port_ = port;
  }
  thread_ = std::thread([this] {
    if (!server_.listen_after_bind()) spdlog::critical("http: the server on port {} stopped serving", port_);
    listen_returned_ = true;
  });
  return Status::Ok();
}

void HttpApi::Stop() {
  if (!thread_.joinable()) return;
  // stop() before listen_after_bind got going would be lost; the socket is bound, so this is brief.
  while (!server_.is_running() && !listen_returned_) std::this_thread::yield();
  head_stream_.Stop();  // open streams end within a slice, so stop() is not held up by them
  server_.stop();
  thread_.join();
}

bool HttpApi::Allowed(const httplib::Request& request, httplib::Response& response) const {
  const AccessDecision decision =
      access_.Check(request.method, request.path, request.get_header_value("Authorization"));
  if (decision.allowed()) return true;
  spdlog::warn("http: {} {} from {} refused ({}): {}", ForLog(request.method), ForLog(request.path),
               request.remote_addr, decision.code, decision.reason);
  // RFC 6750: which kind of refusal, so a client can tell a missing token from a weak one.
  response.set_header("WWW-Authenticate", decision.code == 403 ? "Bearer error=\"insufficient_scope\""
                                          : request.has_header("Authorization")
                                              ? "Bearer error=\"invalid_token\""
                                              : "Bearer");
  Refuse(response, decision.code, decision.error, "");
  return false;
}

Status HttpApi::Prepare(std::string_view body, v1::Envelope* envelope) const {
  if (!contract::IsValidUtf8(body)) return Status::InvalidArgument("de body is geen geldige UTF-8");
  if (Status s = contract::EnvelopeFromBody(body, envelope); !s.ok()) return s;
  if (!contract::MayPublish(options_.kind, envelope->payload_case())) {
    const std::string payload(contract::PayloadName(envelope->payload_case()));
    return Status::InvalidArgument("een " + std::string(contract::OrgKindName(options_.kind)) + " mag geen " +
                                       (payload.empty() ? "event zonder inhoud" : payload) + " publiceren",
                                   payload);
  }
  if (envelope->event_id().empty()) envelope->set_event_id(NewUuid());
  envelope->set_origin(options_.organisatie);
  envelope->set_origin_seq(outbox_.LastOriginSeq() + 1);  // for Validate; the outbox assigns the final one
  envelope->set_stream(contract::StreamOf(*envelope));
  *envelope->mutable_occurred_at() = google::protobuf::util::TimeUtil::GetCurrentTime();
  if (Status s = contract::Validate(*envelope); !s.ok()) return s;
  return CheckVergetenLinked(*envelope, options_.kind, options_.organisatie, options_.views,
                             Clock::now() + std::chrono::seconds(10));
}

Status HttpApi::Seal(v1::Envelope* envelope, std::vector<std::string>* delen) const {
  delen->clear();
  if (options_.sealer == nullptr) return Status::Ok();
  if (Status s = privacy::SplitAndSeal(*options_.sealer, envelope, delen); !s.ok()) {
    spdlog::error("http: event {} not sealed: {}", envelope->event_id(), s.ToString());
    return Status::Unavailable("de persoonsgegevens konden niet verzegeld worden: " + s.message());
  }
  return Status::Ok();
}

void HttpApi::PostEvent(const httplib::Request& request, httplib::Response& response) {
  if (!Allowed(request, response)) return;
  const std::string wait = request.has_param("wait") ? request.get_param_value("wait") : "";
  if (request.has_param("wait") && wait != "commit") {
    return Refuse(response, 400, "wait kent alleen de waarde commit", "wait");
  }
  v1::Envelope envelope;
  if (Status s = Prepare(request.body, &envelope); !s.ok()) return Refuse(response, 400, s);
  std::vector<std::string> delen;
  if (Status s = Seal(&envelope, &delen); !s.ok()) return Refuse(response, 503, s.message(), "");

  v1::OutboxEntry entry;
  const Status added = outbox_.Add(
      envelope, std::move(delen), [this](std::string_view bytes) { return key_.Sign(bytes); }, &entry);
  if (added.IsConflict()) return Refuse(response, 409, added.message(), "event_id");
  if (!added.ok()) {
    spdlog::error("http: outbox: {}", added.ToString());
    return Refuse(response, 503, "de outbox neemt nu niets aan: " + added.message(), "");
  }
  sender_.Wake();

  if (wait == "commit" && entry.state() == v1::OutboxEntry::PENDING) {
    const Clock::time_point deadline = Clock::now() + options_.commit_wait;
    const std::string event_id = entry.event_id();  // a copy: the wait overwrites `entry`
    if (Status s = sender_.WaitForDecision(event_id, deadline, &entry); !s.ok()) {
      return Refuse(response, 503, s.message(), "");
    }
  }
  // Committed: answer only once this node's replica shows it, so a following read sees it.
  if (wait == "commit" && entry.state() == v1::OutboxEntry::COMMITTED &&
      !follower_.WaitForPosition(entry.position(), Clock::now() + options_.commit_wait)) {
    entry = Pending(entry.event_id());
  }
  std::string body;
  const int code = EventStatus(entry, &body);
  Reply(response, code, body);
}

void HttpApi::PostBatch(const httplib::Request& request, httplib::Response& response) {
  if (!Allowed(request, response)) return;
  // One body per line; a last line end is optional.
  std::vector<std::string_view> lines;
  for (std::string_view rest = request.body; !rest.empty();) {
    const size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.push_back(line);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }
  if (lines.empty()) return Refuse(response, 400, "de batch is leeg: geef één body per regel", "");
  if (lines.size() > kMaxBatchLines) {
    return Refuse(response, 413,
                  "te veel regels in één batch: " + std::to_string(lines.size()) + ", ten hoogste " +
                      std::to_string(kMaxBatchLines),
                  "");
  }
  // What each line's own POST would have answered, with its HTTP code.
  std::vector<std::string> answers(lines.size());
  std::vector<eventstore::Outbox::Item> envelopes;
  std::vector<size_t> line_of;  // envelopes[k] is lines[line_of[k]]
  for (size_t i = 0; i < lines.size(); ++i) {
    eventstore::Outbox::Item item;
    if (Status s = Prepare(lines[i], &item.envelope); !s.ok()) {
      answers[i] = WithCode(400, RefusalBody(s.message(), s.field()));
      continue;
    }
    if (Status s = Seal(&item.envelope, &item.delen); !s.ok()) {
      answers[i] = WithCode(503, RefusalBody(s.message(), ""));
      continue;
    }
    line_of.push_back(i);
    envelopes.push_back(std::move(item));
  }
  std::vector<v1::OutboxEntry> entries;
  std::vector<Status> results;
  const Status added = outbox_.AddAll(
      std::move(envelopes), [this](std::string_view bytes) { return key_.Sign(bytes); }, &entries, &results);
  if (!added.ok()) {
    spdlog::error("http: outbox: {}", added.ToString());
    return Refuse(response, 503, "de outbox neemt nu niets aan: " + added.message(), "");
  }
  sender_.Wake();
  for (size_t k = 0; k < line_of.size(); ++k) {
    std::string& answer = answers[line_of[k]];
    const Status& added_one = results[k];
    if (added_one.ok()) {
      std::string body;
      const int code = EventStatus(entries[k], &body);
      answer = WithCode(code, body);
    } else if (added_one.IsConflict()) {
      answer = WithCode(409, RefusalBody(added_one.message(), "event_id"));
    } else {  // as PostEvent answers an outbox that cannot take it
      spdlog::error("http: outbox: {}", added_one.ToString());
      answer = WithCode(503, RefusalBody("de outbox neemt nu niets aan: " + added_one.message(), ""));
    }
  }
  std::string body = "{\"results\": [";
  for (size_t i = 0; i < answers.size(); ++i) body += (i == 0 ? "\n" : ",\n") + answers[i];
  Reply(response, 200, body + "\n]}");
}

void HttpApi::GetEvent(const httplib::Request& request, httplib::Response& response) {
  const std::string event_id = request.matches[1];
  if (!IsCanonicalUuid(event_id)) {
    return Refuse(response, 400, "geen geldig event_id (een UUID in kleine letters)", "event_id");
  }
  v1::OutboxEntry entry;
  Status s = outbox_.Get(event_id, &entry);
  if (s.IsNotFound()) {
    // Another organisation's event, or one of ours from before this outbox: the log knows.
    uint64_t position = 0;
    if (Status found = replica_.FindEvent(event_id, &position); found.ok()) {
      entry.set_event_id(event_id);
      entry.set_state(v1::OutboxEntry::COMMITTED);
      entry.set_position(position);
      s = Status::Ok();
    } else if (found.IsNotFound()) {
      return Refuse(response, 404, "event " + event_id + " is hier niet bekend", "event_id");
    } else {
      s = found;
    }
  }
  if (!s.ok()) return Refuse(response, 503, s.message(), "");
  uint64_t position = 0;
  if (entry.state() == v1::OutboxEntry::PENDING && replica_.FindEvent(event_id, &position).ok()) {
    // Committed, and the sender has not heard it yet (its answer was lost; the resubmit will say so).
    entry.set_state(v1::OutboxEntry::COMMITTED);
    entry.set_position(position);
  }
  std::string body;
  EventStatus(entry, &body);
  Reply(response, 200, body);
}

void HttpApi::Health(const httplib::Request&, httplib::Response& response) {
  const HealthAnswer health =
      HealthOf({.outbox = &outbox_, .replica = &replica_, .checkpoints = options_.checkpoints},
               "\"organisatie\": " + JsonQuote(options_.organisatie) +
                   ", \"position\": " + std::to_string(replica_.Head().position) +
                   ", \"pending\": " + std::to_string(outbox_.PendingCount()));
  Reply(response, health.code, health.body);
}

void HttpApi::Toegang(const httplib::Request& request, httplib::Response& response) {
  // Let in before routing; asked again for the role of the token that let it in.
  const AccessDecision decision =
      access_.Check(request.method, request.path, request.get_header_value("Authorization"));
  if (!decision.allowed() || !decision.rol) return Refuse(response, 401, decision.error, "");
  Reply(response, 200,
        "{\"organisatie\": " + JsonQuote(options_.organisatie) +
            ", \"rol\": " + JsonQuote(config::TokenRolName(*decision.rol)) + "}");
}

}  // namespace regiotafel::node
