#include "services/node/http/head_stream.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <string>

#include "base/bytes.h"

namespace regiotafel::node {
namespace {

// One stream's state, shared by its provider and its releaser.
struct Stream {
  bool started = false;
  uint64_t sent = 0;  // the position of the last event sent
  HeadStream::Clock::time_point last_write{};
  std::atomic<bool> released{false};
};

std::string HeadEvent(const eventstore::LogHead& head) {
  const std::string position = std::to_string(head.position);
  return "event: kop\nid: " + position + "\ndata: {\"position\": " + position + ", \"hash\": \"" +
         ToHex(head.hash) + "\"}\n\n";
}

bool Write(httplib::DataSink& sink, const std::string& text) { return sink.write(text.data(), text.size()); }

}  // namespace

HeadStream::HeadStream(const eventstore::EventLog& replica, WaitForPosition wait, HeadStreamOptions options)
    : replica_(replica), wait_(std::move(wait)), options_(options) {}

void HeadStream::Register(httplib::Server& server) {
  server.Get("/api/v1/stroom", [this](const httplib::Request& q, httplib::Response& r) { Open(q, r); });
}

void HeadStream::Open(const httplib::Request& request, httplib::Response& response) {
  const auto refuse = [&](const char* error) {
    response.status = 503;
    response.set_header("Retry-After", "5");
    response.set_content(std::string("{\"error\": \"") + error + "\", \"field\": \"\"}\n",
                         "application/json; charset=utf-8");
  };
  if (stop_) return refuse("de node stopt");
  if (++clients_ > options_.max_clients) {
    --clients_;
    spdlog::warn("http: stroom for {} refused: {} streams open", request.remote_addr, options_.max_clients);
    return refuse("te veel open stromen op deze node; probeer het zo weer");
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
