#include "services/node_client/node_client.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <charconv>

#include "base/uuid.h"

namespace regiotafel::node_client {
namespace {

namespace pb = google::protobuf;
constexpr const char* kJson = "application/json";

std::string Text(const pb::Struct& json, const std::string& key) {
  auto it = json.fields().find(key);
  return it == json.fields().end() ? "" : it->second.string_value();
}

uint64_t Number(const pb::Struct& json, const std::string& key) {
  auto it = json.fields().find(key);
  if (it == json.fields().end() || it->second.number_value() < 0) return 0;
  return static_cast<uint64_t>(it->second.number_value());
}

bool ParseObject(const std::string& body, pb::Struct* out) {
  return pb::util::JsonStringToMessage(body, out).ok();
}

// The start of an unexpected body, for a message: one line, at most 200 bytes.
std::string Excerpt(const std::string& body) {
  std::string line = body.substr(0, body.find('\n'));
  return line.size() > 200 ? line.substr(0, 200) + "…" : line;
}

// No HTTP answer at all, in words: "cannot connect to URL" (nothing listens there), else the error.
std::string NoAnswer(const std::string& url, httplib::Error error) {
  return error == httplib::Error::Connection ? "cannot connect to " + url
                                             : url + ": " + httplib::to_string(error);
}

// An event status body ({"event_id", "status", …}) or a refusal ({"error", "field"}) with its HTTP code.
EventOutcome OutcomeOf(int http_status, const pb::Struct& json) {
  EventOutcome outcome;
  outcome.http_status = http_status;
  outcome.event_id = Text(json, "event_id");
  const std::string status = Text(json, "status");
  if (status == "COMMITTED") {
    outcome.kind = EventOutcome::Kind::kCommitted;
    outcome.position = Number(json, "position");
  } else if (status == "REJECTED") {
    outcome.kind = EventOutcome::Kind::kRejected;
    outcome.error = Text(json, "error");
  } else if (status == "PENDING") {
    outcome.kind = EventOutcome::Kind::kPending;
  } else {
    // {"error", "field"}: refused at the door, or a 404 for an unknown event id.
    outcome.kind = EventOutcome::Kind::kRefused;
    outcome.error = Text(json, "error");
    outcome.field = Text(json, "field");
    if (outcome.error.empty()) outcome.error = "HTTP " + std::to_string(http_status);
  }
  return outcome;
}

}  // namespace

std::string Describe(const EventOutcome& outcome) {
  switch (outcome.kind) {
    case EventOutcome::Kind::kCommitted:
      return "COMMITTED at position " + std::to_string(outcome.position);
    case EventOutcome::Kind::kRejected:
      return "REJECTED: " + outcome.error;
    case EventOutcome::Kind::kPending:
      return "PENDING: not decided yet (GET /api/v1/events/" + outcome.event_id + ")";
    case EventOutcome::Kind::kRefused: {
      std::string out = "refused: ";
      if (!outcome.field.empty()) out += outcome.field + ": ";
      out += outcome.error;
      if (outcome.http_status != 400) out += " (HTTP " + std::to_string(outcome.http_status) + ")";
      return out;
    }
    case EventOutcome::Kind::kUnreachable:
      return "node unreachable: " + outcome.error;
    case EventOutcome::Kind::kDenied:
      return outcome.error;
  }
  return "";
}

std::string DeniedMessage(const std::string& url, int http_status, const std::string& node_error) {
  std::string out = "geen toegang tot " + url + " (HTTP " + std::to_string(http_status) + ")";
  if (!node_error.empty()) out += ": " + node_error;
  out += http_status == 403 ? "; dit vraagt een token met de rol schrijven"
                            : "; geef het token van deze node met --token TOKEN of REGIOTAFEL_TOKEN (een "
                              "regio die regiotafel-region up startte: \"tokens\" in region.json)";
  return out;
}

Status NodeClient::Open(const std::string& url, const std::string& token,
                        std::chrono::milliseconds read_timeout, std::unique_ptr<NodeClient>* out) {
  const std::string_view kScheme = "http://";
  const auto bad = [&url] {
    return Status::InvalidArgument("node URL \"" + url + "\" is not of the form http://HOST:PORT", "node");
  };
  if (!url.starts_with(kScheme)) return bad();
  std::string rest = url.substr(kScheme.size());
  if (rest.ends_with('/')) rest.pop_back();
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos || colon == 0 || rest.find('/') != std::string::npos) return bad();
  int port = 0;
  const std::string port_text = rest.substr(colon + 1);
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port < 1 || port > 65535) {
    return bad();
  }
  out->reset(new NodeClient("http://" + rest, token, read_timeout));
  return Status::Ok();
}

NodeClient::NodeClient(std::string url, const std::string& token, std::chrono::milliseconds read_timeout)
    : url_(std::move(url)), client_(url_), read_timeout_(read_timeout) {
  if (!token.empty()) client_.set_bearer_token_auth(token);
  client_.set_keep_alive(true);  // submit sends thousands of requests: one connection for all
  // Headers and body go out as separate writes; without this, Nagle and the server's delayed ACK
  // hold every POST on a kept-alive connection for 40 ms.
  client_.set_tcp_nodelay(true);
  client_.set_connection_timeout(std::chrono::seconds(5));
  client_.set_read_timeout(read_timeout);
  client_.set_write_timeout(std::chrono::seconds(30));
}

EventOutcome NodeClient::ToOutcome(const httplib::Result& result) const {
  EventOutcome outcome;
  if (!result) {
    outcome.connected = result.error() != httplib::Error::Connection;
    outcome.error = NoAnswer(url_, result.error());
    return outcome;
  }
  outcome.http_status = result->status;
  pb::Struct json;
  if (result->status == 401 || result->status == 403) {
    outcome.kind = EventOutcome::Kind::kDenied;
    outcome.error =
        DeniedMessage(url_, result->status, ParseObject(result->body, &json) ? Text(json, "error") : "");
    return outcome;
  }
  if (!ParseObject(result->body, &json)) {
    outcome.kind = EventOutcome::Kind::kUnreachable;
    outcome.error =
        url_ + " answered HTTP " + std::to_string(result->status) + " without JSON: " + Excerpt(result->body);
    return outcome;
  }
  return OutcomeOf(result->status, json);
}

EventOutcome NodeClient::Post(const std::string& body, bool wait_for_commit) {
  return ToOutcome(
      client_.Post(wait_for_commit ? "/api/v1/events?wait=commit" : "/api/v1/events", body, kJson));
}

std::vector<EventOutcome> NodeClient::PostBatch(const std::vector<std::string>& bodies) {
  // A body of several lines cannot be a batch's line: such a batch goes body by body.
  if (std::any_of(bodies.begin(), bodies.end(),
                  [](const std::string& b) { return b.find('\n') != std::string::npos; })) {
    std::vector<EventOutcome> outcomes;
    for (const std::string& body : bodies) outcomes.push_back(Post(body, /*wait_for_commit=*/false));
    return outcomes;
  }
  std::string batch;
  for (const std::string& body : bodies) batch += body + "\n";
  const httplib::Result result = client_.Post("/api/v1/events/batch", batch, "application/x-ndjson");
  pb::Struct json;
  const pb::ListValue* answers = nullptr;
  if (result && result->status == 200 && ParseObject(result->body, &json) &&
      json.fields().contains("results")) {
    answers = &json.fields().at("results").list_value();
  }
  if (answers == nullptr || static_cast<size_t>(answers->values_size()) != bodies.size()) {
    // The whole batch answered as one: no connection, a refusal of the token, a limit.
    EventOutcome outcome = ToOutcome(result);
    if (result && result->status == 200) {
      outcome = EventOutcome{};
      outcome.http_status = 200;
      outcome.error = url_ + " answered the batch without a result per body: " + Excerpt(result->body);
    }
    return std::vector<EventOutcome>(bodies.size(), outcome);
  }
  std::vector<EventOutcome> outcomes;
  outcomes.reserve(bodies.size());
  for (const pb::Value& answer : answers->values()) {
    outcomes.push_back(
        OutcomeOf(static_cast<int>(Number(answer.struct_value(), "code")), answer.struct_value()));
  }
  return outcomes;
}

EventOutcome NodeClient::Get(const std::string& event_id) {
  if (!IsCanonicalUuid(event_id)) {
    EventOutcome outcome;
    outcome.kind = EventOutcome::Kind::kRefused;
    outcome.error = "not an event id: \"" + event_id + "\"";
    outcome.field = "event_id";
    return outcome;
  }
  return ToOutcome(client_.Get(("/api/v1/events/" + event_id).c_str()));
}

Status NodeClient::Organisation(std::string* out) {
  httplib::Result result = client_.Get("/healthz");
  if (!result) return Status::Unavailable(NoAnswer(url_, result.error()));
  pb::Struct json;
  if (result->status != 200 || !ParseObject(result->body, &json) || Text(json, "organisatie").empty()) {
    return Status::Unavailable(url_ + "/healthz answered HTTP " + std::to_string(result->status) + ": " +
                               Excerpt(result->body));
  }
  *out = Text(json, "organisatie");
  return Status::Ok();
}

Status NodeClient::HeadFrom(const std::string& target, const httplib::Result& result, LogHead* head) const {
  if (!result) return Status::Unavailable(NoAnswer(url_, result.error()));
  pb::Struct json;
  if (result->status == 401 || result->status == 403) {
    (void)ParseObject(result->body, &json);
    return Status::Unavailable(DeniedMessage(url_, result->status, Text(json, "error")));
  }
  if (result->status != 200 || !ParseObject(result->body, &json) || !json.fields().contains("position")) {
    return Status::Unavailable(url_ + target + " answered HTTP " + std::to_string(result->status) + ": " +
                               Excerpt(result->body));
  }
  head->position = Number(json, "position");
  head->hash = Text(json, "hash");
  return Status::Ok();
}

Status NodeClient::Head(uint64_t* position, std::string* hash) {
  LogHead head;
  if (Status s = HeadFrom("/api/v1/log/head", client_.Get("/api/v1/log/head"), &head); !s.ok()) return s;
  *position = head.position;
  *hash = std::move(head.hash);
  return Status::Ok();
}

Status NodeClient::WaitForHead(uint64_t after, std::chrono::milliseconds patience, LogHead* head) {
  using Clock = std::chrono::steady_clock;
  constexpr std::chrono::seconds kLongest{60};  // the node's most for wacht (head_stream.h)
  constexpr std::chrono::seconds kMargin{30};   // for the answer to arrive once the node gives it
  const Clock::time_point deadline = Clock::now() + patience;
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::seconds>(deadline - Clock::now());
    const std::chrono::seconds wacht = std::clamp(left, std::chrono::seconds(0), kLongest);
    const std::string target =
        "/api/v1/log/head?na=" + std::to_string(after) + "&wacht=" + std::to_string(wacht.count());
    client_.set_read_timeout(wacht + kMargin);
    const httplib::Result result = client_.Get(target);
    client_.set_read_timeout(read_timeout_);
    if (Status s = HeadFrom(target, result, head); !s.ok()) return s;
    if (head->position > after || Clock::now() >= deadline || wacht.count() == 0) return Status::Ok();
  }
}

Status NodeClient::View(const std::string& target, ViewAnswer* out) {
  httplib::Result result = client_.Get(target.c_str());
  if (!result) return Status::Unavailable(NoAnswer(url_, result.error()));
  if (result->status == 200) {
    out->body = result->body;
    out->position = result->get_header_value("X-Regiotafel-Positie");
    out->peildatum = result->get_header_value("X-Regiotafel-Peildatum");
    return Status::Ok();
  }
  pb::Struct json;
  const bool refusal = ParseObject(result->body, &json) && json.fields().contains("error");
  if (result->status == 401 || result->status == 403)
    return Status::Unavailable(DeniedMessage(url_, result->status, Text(json, "error")));
  if (refusal && result->status == 400)
    return Status::InvalidArgument(Text(json, "error"), Text(json, "field"));
  if (refusal && result->status == 404) return Status::NotFound(Text(json, "error"));
  return Status::Unavailable(url_ + target + " answered HTTP " + std::to_string(result->status) + ": " +
                             (refusal ? Text(json, "error") : Excerpt(result->body)));
}

}  // namespace regiotafel::node_client
