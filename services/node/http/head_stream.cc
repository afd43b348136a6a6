#include "services/node/http/head_stream.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/json_text.h"
#include "services/http/reply.h"

namespace regiotafel::node {
namespace {

using http::Refuse;
using http::Reply;

// One stream's state, shared by its provider and its releaser.
struct Stream {
  bool started = false;
  uint64_t sent = 0;  // the position of the last event sent
  HeadStream::Clock::time_point last_write{};
  std::atomic<bool> released{false};
};

std::string HeadJson(const eventstore::LogHead& head) {
  return "{\"position\": " + std::to_string(head.position) + ", \"hash\": " + JsonQuote(ToHex(head.hash)) +
         "}";
}

std::string HeadEvent(const eventstore::LogHead& head) {
  return "event: kop\nid: " + std::to_string(head.position) + "\ndata: " + HeadJson(head) + "\n\n";
}

bool Write(httplib::DataSink& sink, const std::string& text) { return sink.write(text.data(), text.size()); }

// 503 with Retry-After: the node cannot take this one now.
void Busy(httplib::Response& response, const std::string& error) {
  response.set_header("Retry-After", "5");
  Refuse(response, 503, error, "");
}

// A whole number written in digits only (no sign, no spaces), within uint64_t.
bool ParseWhole(const std::string& value, uint64_t* out) {
  if (value.empty() || value[0] < '0' || value[0] > '9') return false;
  auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), *out);
  return error == std::errc() && end == value.data() + value.size();
}

// The long-poll's parameters, each at most once: na (the position the head must pass) and wacht
// (seconds, only with na). Anything else is refused by name.
Status ParseWait(const httplib::Request& request, std::optional<uint64_t>* after,
                 std::chrono::seconds* wait) {
  for (const auto& [key, value] : request.params) {
    if (key != "na" && key != "wacht") {
      return Status::InvalidArgument("onbekende parameter " + key + "; deze vraag kent na, wacht", key);
    }
    if (request.get_param_value_count(key) > 1) {
      return Status::InvalidArgument(key + " staat er meer dan één keer", key);
    }
  }
  if (request.has_param("na")) {
    uint64_t na = 0;
    // No head is ever beyond the largest number: such a wait could only end at its deadline.
    if (!ParseWhole(request.get_param_value("na"), &na) || na == std::numeric_limits<uint64_t>::max()) {
      return Status::InvalidArgument("na moet een positie in het log zijn: een geheel getal vanaf 0", "na");
    }
    *after = na;
  }
  if (request.has_param("wacht")) {
    if (!*after) {
      return Status::InvalidArgument("wacht hoort bij na: zonder na antwoordt deze vraag meteen", "wacht");
    }
    uint64_t seconds = 0;
    if (!ParseWhole(request.get_param_value("wacht"), &seconds) ||
        seconds > static_cast<uint64_t>(HeadStream::kMaxWait.count())) {
      return Status::InvalidArgument("wacht moet een aantal seconden zijn, van 0 tot en met " +
                                         std::to_string(HeadStream::kMaxWait.count()),
                                     "wacht");
    }
    *wait = std::chrono::seconds(seconds);
  }
  return Status::Ok();
}

}  // namespace

HeadStream::HeadStream(const eventstore::EventLog& replica, WaitForPosition wait, HeadStreamOptions options)
    : replica_(replica), wait_(std::move(wait)), options_(options) {}

void HeadStream::Register(httplib::Server& server) {
  server.Get("/api/v1/log/head", [this](const httplib::Request& q, httplib::Response& r) { Head(q, r); });
  server.Get("/api/v1/stroom", [this](const httplib::Request& q, httplib::Response& r) { Open(q, r); });
}

bool HeadStream::WaitBeyond(uint64_t after, Clock::time_point deadline) const {
  while (!stop_) {
    const Clock::time_point until = std::min(Clock::now() + options_.slice, deadline);
    if (wait_(after + 1, until)) return true;
    if (Clock::now() < until) return false;     // the follower stopped: the node is going down
    if (Clock::now() >= deadline) return true;  // answered with the head as it is
  }
  return false;
}

void HeadStream::Head(const httplib::Request& request, httplib::Response& response) {
  std::optional<uint64_t> after;
  std::chrono::seconds wait = kDefaultWait;
  if (Status s = ParseWait(request, &after, &wait); !s.ok()) return Refuse(response, 400, s);
  if (after && replica_.Head().position <= *after) {
    if (stop_) return Busy(response, "de node stopt");
    if (++waiters_ > options_.max_waiters) {
      --waiters_;
      spdlog::warn("http: log/head?na for {} refused: {} waiting", request.remote_addr, options_.max_waiters);
      return Busy(response, "te veel wachtende vragen naar de kop van deze node; probeer het zo weer");
    }
    const bool answered = WaitBeyond(*after, Clock::now() + wait);
    --waiters_;
    if (!answered) return Busy(response, "de node stopt");
  }
  response.set_header("Cache-Control", "no-store");
  Reply(response, 200, HeadJson(replica_.Head()));
}

void HeadStream::Open(const httplib::Request& request, httplib::Response& response) {
  if (stop_) return Busy(response, "de node stopt");
  if (++clients_ > options_.max_clients) {
    --clients_;
    spdlog::warn("http: stroom for {} refused: {} streams open", request.remote_addr, options_.max_clients);
    return Busy(response, "te veel open stromen op deze node; probeer het zo weer");
  }
  response.set_header("Cache-Control", "no-store");
  response.set_header("X-Accel-Buffering", "no");  // a proxy in front must not hold events back
  auto stream = std::make_shared<Stream>();
  response.set_chunked_content_provider(
      "text/event-stream",
      [this, stream](size_t, httplib::DataSink& sink) {
        if (stop_) return false;
        const Clock::time_point now = Clock::now();
        if (!stream->started) {
          stream->started = true;
          const eventstore::LogHead head = replica_.Head();
          stream->sent = head.position;
          stream->last_write = now;
          return Write(sink, "retry: 2000\n\n" + HeadEvent(head));
        }
        const Clock::time_point keep_alive_at = stream->last_write + options_.keep_alive;
        const Clock::time_point deadline = std::min(now + options_.slice, keep_alive_at);
        if (wait_(stream->sent + 1, deadline)) {
          const eventstore::LogHead head = replica_.Head();
          stream->sent = head.position;
          stream->last_write = Clock::now();
          return Write(sink, HeadEvent(head));
        }
        if (Clock::now() < deadline) return false;  // the follower stopped: the node is going down
        if (Clock::now() >= keep_alive_at) {
          stream->last_write = Clock::now();
          return Write(sink, ": keep-alive\n\n");
        }
        return true;  // httplib calls again unless its server is stopping
      },
      [this, stream](bool) {
        if (!stream->released.exchange(true)) --clients_;
      });
}

}  // namespace regiotafel::node
