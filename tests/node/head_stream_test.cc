// HeadStream (GET /api/v1/stroom) on a real httplib server over a real EventLog: the head at once,
// an event when it moves, keep-alive comments, the bound on open streams, and streams that end
// promptly when the node stops. The long-poll (GET /api/v1/log/head?na=N): woken by the head's
// move, 503 when the follower stops, and the bound on long-polls waiting at once.
#include "services/node/http/head_stream.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "base/bytes.h"
#include "base/uuid.h"
#include "contract/streams.h"
#include "eventstore/event_log.h"
#include "tests/support/log_entry.h"
#include "tests/support/process.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;
using Clock = HeadStream::Clock;
constexpr auto kPatience = 30s;

// A replica that is appended to as a follower would and signals its new head.
class Replica {
 public:
  explicit Replica(const std::string& dir) {
    Status s = eventstore::EventLog::Open(dir, eventstore::EventLogOptions{.sync = false}, &log_);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  const eventstore::EventLog& log() const { return *log_; }

  // Appends `count` aanmeldingen; returns the new head.
  uint64_t Append(int count) {
    std::vector<eventstore::AppendEntry> batch;
    for (int i = 0; i < count; ++i) {
      v1::Envelope e;
      e.set_event_id(NewUuid());
      e.set_origin("coa:coa");
      e.set_origin_seq(++origin_seq_);
      e.mutable_occurred_at()->set_seconds(1'767'225'600);
      v1::Aanmelding* a = e.mutable_aanmelding();
      a->set_datum("2026-01-05");
      a->set_v_nummer(std::to_string(1'000'000'000 + origin_seq_));
      a->set_naam("Amina Yusuf");
      a->set_gemeente("gemeente:dordrecht");
      e.set_stream(contract::StreamOf(e));
      eventstore::AppendEntry entry;
      EXPECT_TRUE(
          eventstore::AppendEntry::FromSigned(e.SerializeAsString(), std::string(64, 's'), &entry).ok());
      batch.push_back(std::move(entry));
    }
    std::vector<eventstore::AppendResult> results;
    EXPECT_TRUE(log_->Append(std::move(batch), &results).ok());
    { std::lock_guard lock(mutex_); }
    advanced_.notify_all();
    return log_->Head().position;
  }

  bool WaitForPosition(uint64_t position, Clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    ++waiting_;
    advanced_.notify_all();  // for Waiting()
    const bool reached = advanced_.wait_until(lock, deadline, [&] {
      return stopped_ || log_->Head().position >= position;
    }) && !stopped_;
    --waiting_;
    return reached;
  }
  // True once someone waits in WaitForPosition (the long-poll's request has reached its wait).
  bool Waiting() {
    std::unique_lock lock(mutex_);
    return advanced_.wait_for(lock, kPatience, [&] { return waiting_ > 0; });
  }
  // As a stopped follower: every wait answers false at once.
  void StopFollowing() {
    {
      std::lock_guard lock(mutex_);
      stopped_ = true;
    }
    advanced_.notify_all();
  }

 private:
  std::unique_ptr<eventstore::EventLog> log_;
  int64_t origin_seq_ = 0;
  std::mutex mutex_;
  std::condition_variable advanced_;
  bool stopped_ = false;
  int waiting_ = 0;
};

// GET `target` on a thread of its own: (HTTP status, body), status 0 without an answer.
std::future<std::pair<int, std::string>> GetLater(int port, std::string target) {
  return std::async(std::launch::async, [port, target] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(30s);  // shorter than any wacht below: the answer must come from an event
    httplib::Result result = client.Get(target);
    return result ? std::pair{result->status, result->body} : std::pair{0, std::string()};
  });
}

// A client reading the stream on a thread of its own; what it has read so far, and whether it ended.
class Reader {
 public:
  explicit Reader(int port) {
    thread_ = std::thread([this, port] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(60, 0);
      auto result = client.Get("/api/v1/stroom", [this](const char* data, size_t size) {
        std::lock_guard lock(mutex_);
        text_.append(data, size);
        changed_.notify_all();
        return !close_;
      });
      std::lock_guard lock(mutex_);
      if (result) status_ = result->status;
      ended_ = true;
      changed_.notify_all();
    });
  }
  // Returns once the server writes again (an event or a keep-alive) or the stream ends.
  ~Reader() {
    close_ = true;
    thread_.join();
  }

  // True once what was read contains `part`.
  bool Saw(const std::string& part) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return text_.find(part) != std::string::npos; });
  }
  bool Ended(std::chrono::milliseconds patience = kPatience) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, patience, [&] { return ended_; });
  }
  std::string text() {
    std::lock_guard lock(mutex_);
    return text_;
  }
  int status() {
    std::lock_guard lock(mutex_);
    return status_;
  }
  void Close() { close_ = true; }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::string text_;
  bool ended_ = false;
  int status_ = 0;
  std::atomic<bool> close_{false};
  std::thread thread_;
};

class HeadStreamTest : public ::testing::Test {
 protected:
  void Serve(HeadStreamOptions options = {}) {
    stream_ = std::make_unique<HeadStream>(
        replica_.log(),
        [this](uint64_t position, Clock::time_point deadline) {
          return replica_.WaitForPosition(position, deadline);
        },
        options);
    stream_->Register(server_);
    port_ = server_.bind_to_any_port("127.0.0.1");
    ASSERT_GT(port_, 0);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();  // a stop() before this would be lost
  }
  void TearDown() override { StopServer(); }
  void StopServer() {
    if (!thread_.joinable()) return;
    stream_->Stop();
    server_.stop();
    thread_.join();
  }

  eventstore::testing::TempDir dir_;
  Replica replica_{dir_.Sub("replica")};
  httplib::Server server_;
  std::unique_ptr<HeadStream> stream_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(HeadStreamTest, SendsTheHeadAtOnceAndAnEventWheneverItMoves) {
  replica_.Append(2);
  Serve(HeadStreamOptions{
      .max_clients = 4, .keep_alive = 200ms, .slice = 50ms});  // the reader closes at a write
  Reader reader(port_);
  ASSERT_TRUE(reader.Saw("event: kop\nid: 2\ndata: {\"position\": 2, \"hash\": \"" +
                         ToHex(replica_.log().Head().hash) + "\"}\n\n"))
      << reader.text();
  EXPECT_EQ(reader.text().rfind("retry: 2000\n\n", 0), 0u) << reader.text();
  replica_.Append(1);
  ASSERT_TRUE(reader.Saw("id: 3\n")) << reader.text();
  replica_.Append(5);
  ASSERT_TRUE(reader.Saw("id: 8\n")) << reader.text();
  EXPECT_EQ(stream_->clients(), 1u);
}

TEST_F(HeadStreamTest, SendsAKeepAliveCommentWhenNothingHappens) {
  Serve(HeadStreamOptions{.max_clients = 4, .keep_alive = 100ms, .slice = 50ms});
  Reader reader(port_);
  ASSERT_TRUE(reader.Saw("id: 0\n"));
  ASSERT_TRUE(reader.Saw("\n: keep-alive\n\n")) << reader.text();
}

TEST_F(HeadStreamTest, OpensAtMostMaxClientsAndFreesAPlaceWhenOneGoes) {
  Serve(HeadStreamOptions{.max_clients = 1, .keep_alive = 100ms, .slice = 50ms});
  auto first = std::make_unique<Reader>(port_);
  ASSERT_TRUE(first->Saw("id: 0\n"));
  Reader second(port_);
  ASSERT_TRUE(second.Ended());
  EXPECT_EQ(second.status(), 503);
  EXPECT_NE(second.text().find("te veel open stromen"), std::string::npos) << second.text();
  first.reset();  // its connection closes; the next keep-alive write notices
  ASSERT_TRUE(testing::Eventually([&] { return stream_->clients() == 0; }, kPatience));
  Reader third(port_);
  EXPECT_TRUE(third.Saw("id: 0\n"));
}

TEST_F(HeadStreamTest, StreamsEndPromptlyWhenTheServerStops) {
  Serve();  // keep-alive 15 s, slice 500 ms: the stop must not wait for either
  Reader a(port_), b(port_);
  ASSERT_TRUE(a.Saw("id: 0\n"));
  ASSERT_TRUE(b.Saw("id: 0\n"));
  const Clock::time_point start = Clock::now();
  StopServer();
  EXPECT_LT(Clock::now() - start, 3s);
  EXPECT_TRUE(a.Ended(5s));
  EXPECT_TRUE(b.Ended(5s));
}

TEST_F(HeadStreamTest, StreamsEndWhenTheFollowerStops) {
  Serve();
  Reader reader(port_);
  ASSERT_TRUE(reader.Saw("id: 0\n"));
  const Clock::time_point start = Clock::now();
  replica_.StopFollowing();
  EXPECT_TRUE(reader.Ended(5s));
  EXPECT_LT(Clock::now() - start, 3s);
}

TEST_F(HeadStreamTest, LongPollAnswersWhenTheHeadMovesBeyondN) {
  replica_.Append(2);
  Serve();
  auto at_once = GetLater(port_, "/api/v1/log/head?na=1&wacht=60");
  EXPECT_EQ(at_once.get().first, 200);
  auto waiting = GetLater(port_, "/api/v1/log/head?na=2&wacht=60");
  ASSERT_TRUE(replica_.Waiting());
  replica_.Append(1);
  const auto [status, body] = waiting.get();
  ASSERT_EQ(status, 200) << body;
  EXPECT_EQ(body, "{\"position\": 3, \"hash\": \"" + ToHex(replica_.log().Head().hash) + "\"}\n");
}

TEST_F(HeadStreamTest, LongPollIs503WhenTheFollowerStops) {
  Serve();
  auto waiting = GetLater(port_, "/api/v1/log/head?na=0&wacht=60");
  ASSERT_TRUE(replica_.Waiting());
  replica_.StopFollowing();
  const auto [status, body] = waiting.get();
  EXPECT_EQ(status, 503) << body;
  EXPECT_NE(body.find("de node stopt"), std::string::npos) << body;
  EXPECT_EQ(stream_->waiters(), 0u);
}

TEST_F(HeadStreamTest, WaitsForAtMostMaxWaitersLongPollsAtOnce) {
  Serve(HeadStreamOptions{.max_clients = 1, .max_waiters = 1});
  auto first = GetLater(port_, "/api/v1/log/head?na=0&wacht=60");
  ASSERT_TRUE(replica_.Waiting());
  const auto [status, body] = GetLater(port_, "/api/v1/log/head?na=0&wacht=60").get();
  EXPECT_EQ(status, 503) << body;
  EXPECT_NE(body.find("te veel wachtende"), std::string::npos) << body;
  // One that need not wait is answered all the same.
  replica_.Append(1);
  EXPECT_EQ(first.get().first, 200);
  EXPECT_EQ(GetLater(port_, "/api/v1/log/head?na=0&wacht=60").get().first, 200);
}

}  // namespace
}  // namespace regiotafel::node
