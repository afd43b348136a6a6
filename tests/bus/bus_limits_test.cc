// The bus's limits against a hostile or broken peer, in-process over real tcp sockets on 127.0.0.1
// and a real RocksDB log in a temp dir (docs/BUS.md, "Limits"): a batch over the limits is one
// refusal decided before its envelopes are looked at; refusals reach the sender one by one but the
// log at a bounded rate; a message over ZMQ_MAXMSGSIZE is dropped without harm to other peers; one
// peer's backlog does not hold another's submission behind it.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "services/bus/bus.h"
#include "tests/support/bus_frames.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::bus {
namespace {

using testing::FrameClient;
using testing::Sign;
using testing::Signaal;

constexpr const char* kOrigin = "gemeente:dordrecht";

// ZeroMQ's word that a client's connection went down: the evidence that the bus closed it.
class DisconnectWatch : public zmq::monitor_t {
 public:
  void Attach(zmq::socket_t& socket) {
    static int count = 0;
    init(socket, "inproc://disconnect-watch-" + std::to_string(++count), ZMQ_EVENT_DISCONNECTED);
  }
  bool Wait(std::chrono::milliseconds patience = testing::kPatience) {
    const auto deadline = std::chrono::steady_clock::now() + patience;
    while (!disconnected_ && std::chrono::steady_clock::now() < deadline) check_event(50);
    return disconnected_;
  }

 private:
  void on_event_disconnected(const zmq_event_t&, const char*) override { disconnected_ = true; }
  bool disconnected_ = false;
};

class BusLimitsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    previous_logger_ = spdlog::default_logger();
    log_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(5000);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_));
  }

  void TearDown() override {
    if (bus_) {
      bus_->Stop();
      thread_.join();
      EXPECT_TRUE(run_status_.ok()) << run_status_.ToString();
    }
    bus_.reset();
    spdlog::set_default_logger(previous_logger_);
  }

  void StartBus(std::chrono::milliseconds refusal_summary = std::chrono::seconds(10)) {
    BusConfig config;
    config.data_dir = dir_.Sub("bus");
    config.submit = config.publish = config.fetch = "tcp://127.0.0.1:*";
    config.heartbeat = std::chrono::milliseconds(50);  // the loop wakes often for the summaries
    config.refusal_summary = refusal_summary;
    Status s = Bus::Open(context_, config, &bus_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    thread_ = std::thread([this] { run_status_ = bus_->Run(); });
  }

  std::unique_ptr<FrameClient> Submitter() {
    return std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, bus_->submit_endpoint());
  }
  std::vector<v1::SignedEnvelope> Batch(int n, uint64_t first_seq = 1) {
    std::vector<v1::SignedEnvelope> events;
    for (int i = 0; i < n; ++i) events.push_back(Sign(key_, Signaal(kOrigin, first_seq + i)));
    return events;
  }
  // Without signatures, which a bus without a trust file does not check: quick to make by the
  // thousand.
  static std::vector<v1::SignedEnvelope> Unsigned(int n, uint64_t first_seq) {
    std::vector<v1::SignedEnvelope> events(n);
    for (int i = 0; i < n; ++i) events[i].set_envelope(Signaal(kOrigin, first_seq + i).SerializeAsString());
    return events;
  }
  v1::BusFrame SubmitFrame(const std::vector<v1::SignedEnvelope>& events, uint64_t request_id) {
    v1::BusFrame frame;
    frame.mutable_submit()->set_request_id(request_id);
    for (const auto& e : events) *frame.mutable_submit()->add_events() = e;
    return frame;
  }

  size_t LinesWith(const std::string& a, const std::string& b = "") const {
    size_t n = 0;
    for (const std::string& line : log_->last_formatted()) {
      if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) ++n;
    }
    return n;
  }

  testing::TempDir dir_;
  zmq::context_t context_{1};
  SigningKey key_ = SigningKey::Generate();
  std::shared_ptr<spdlog::logger> previous_logger_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_;
  std::unique_ptr<Bus> bus_;
  std::thread thread_;
  Status run_status_;
};

// The finding of issue 19: 10 MB of five million empty envelopes held every organisation's commits
// for 18.8 s, wrote a log line per envelope and a 215 MB reply. Now it is one refusal.
TEST_F(BusLimitsTest, ABatchOfMillionsOfEmptyEnvelopesIsOneRefusalAndNothingElse) {
  StartBus();
  auto hostile = Submitter();
  zmq::message_t bytes(testing::SubmitOfEmptyEnvelopes(77, 5'000'000));
  ASSERT_TRUE(hostile->socket().send(bytes, zmq::send_flags::none));
  std::optional<v1::BusFrame> answer = hostile->Receive();
  ASSERT_TRUE(answer && answer->has_submit_reply());
  const v1::SubmitReply& reply = answer->submit_reply();
  EXPECT_EQ(reply.request_id(), 77u);
  EXPECT_EQ(reply.results_size(), 0) << "one answer for the batch, not one per envelope";
  EXPECT_NE(reply.error().find("hoogstens 1000 events"), std::string::npos) << reply.error();
  EXPECT_NE(reply.error().find("5000000"), std::string::npos) << reply.error();
  EXPECT_EQ(reply.field(), "events");
  EXPECT_LT(answer->ByteSizeLong(), 1000u);

  // Nothing appended, one line in the log, and the others are served as before.
  EXPECT_EQ(bus_->log().Head().position, 0u);
  std::optional<v1::SubmitReply> other = Submitter()->Submit(Batch(3), 1);
  ASSERT_TRUE(other);
  ASSERT_EQ(other->results_size(), 3);
  EXPECT_EQ(other->results(2).status(), v1::SubmitResult::COMMITTED) << other->results(2).error();
  EXPECT_EQ(other->results(2).position(), 3u);
  EXPECT_EQ(LinesWith("batch geweigerd", "events=5000000"), 1u);
  EXPECT_EQ(LinesWith("afgewezen"), 0u);
  EXPECT_EQ(bus_->metrics().batches_refused.value(), 1u);
  EXPECT_EQ(bus_->metrics().rejected[0].value(), 5'000'000u) << "reden=\"batch\" counts its events";
}

TEST_F(BusLimitsTest, OneEventOverTheLimitIsOneRefusalTooAndTheConnectionGoesOn) {
  StartBus();
  auto client = Submitter();
  std::optional<v1::SubmitReply> reply = client->Submit(Batch(kMaxBatchEvents + 1), 5);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->request_id(), 5u);
  EXPECT_EQ(reply->results_size(), 0);
  EXPECT_NE(reply->error().find("hoogstens 1000 events; deze heeft er 1001"), std::string::npos)
      << reply->error();
  EXPECT_EQ(bus_->log().Head().position, 0u);
  // Exactly the limit is taken, over the same connection.
  reply = client->Submit(Batch(kMaxBatchEvents), 6);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), kMaxBatchEvents);
  EXPECT_TRUE(reply->error().empty());
  EXPECT_EQ(reply->results(kMaxBatchEvents - 1).position(), static_cast<uint64_t>(kMaxBatchEvents));
}

TEST_F(BusLimitsTest, AnEnvelopeWithAHundredThousandEmptyPartsIsOneRefusal) {
  StartBus();
  v1::SignedEnvelope event = Batch(1)[0];
  for (int i = 0; i < 100'000; ++i) event.add_delen("");
  std::optional<v1::SubmitReply> reply = Submitter()->Submit({event}, 9);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results_size(), 0);
  EXPECT_EQ(reply->field(), "delen");
  EXPECT_NE(reply->error().find("100000"), std::string::npos) << reply->error();
  EXPECT_EQ(bus_->log().Head().position, 0u);
  EXPECT_EQ(LinesWith("batch geweigerd"), 1u);
}

// Every refused envelope has its reason in the answer; the log has the first few of the interval
// and then one summary line, not a line each.
TEST_F(BusLimitsTest, RefusalsAreAnsweredOneByOneButLoggedAtABoundedRate) {
  StartBus(std::chrono::milliseconds(2000));
  std::vector<v1::SignedEnvelope> bad;
  for (uint64_t seq = 1; seq <= 200; ++seq) {
    v1::Envelope envelope = Signaal(kOrigin, seq);
    envelope.set_stream("dossier/9999999999");  // not the dossier's own stream
    bad.push_back(Sign(key_, envelope));
  }
  std::optional<v1::SubmitReply> reply = Submitter()->Submit(bad, 1);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 200);
  for (const v1::SubmitResult& result : reply->results()) {
    EXPECT_EQ(result.status(), v1::SubmitResult::REJECTED);
    EXPECT_EQ(result.field(), "stream");
    EXPECT_FALSE(result.error().empty());
  }
  EXPECT_EQ(LinesWith("afgewezen: organisatie=gemeente:dordrecht"), transport::RefusalLog::kBurst);
  // The summary comes when the interval is over, also without further traffic.
  ASSERT_TRUE(testing::Eventually(
      [&] { return LinesWith("190 more refusals from gemeente:dordrecht", "contract=190") == 1; },
      testing::kPatience))
      << "no summary line";
  EXPECT_EQ(bus_->metrics().refusals_unlogged.value(), 190u);
  EXPECT_EQ(bus_->metrics().rejected[5].value(), 200u) << "reden=\"contract\"";
  // A new interval logs its first refusal again.
  reply = Submitter()->Submit({bad[0]}, 2);
  ASSERT_TRUE(reply);
  EXPECT_EQ(LinesWith("afgewezen: organisatie=gemeente:dordrecht"), transport::RefusalLog::kBurst + 1);
}

// ZMQ_MAXMSGSIZE (transport/sockets.h): a message over kMaxMessageBytes never reaches the bus; its
// connection is closed, the others go on, and the sender's next connection is served.
TEST_F(BusLimitsTest, AMessageOverTheSizeLimitIsDroppedWithoutHarmToOtherPeers) {
  StartBus();
  auto other = Submitter();
  ASSERT_TRUE(other->Submit(Batch(1), 1));
  DisconnectWatch watch;
  zmq::socket_t big_sender(context_, zmq::socket_type::dealer);
  big_sender.set(zmq::sockopt::linger, 0);
  big_sender.set(zmq::sockopt::reconnect_ivl, 100);
  watch.Attach(big_sender);
  big_sender.connect(bus_->submit_endpoint());
  zmq::message_t big(static_cast<size_t>(transport::kMaxMessageBytes) + 1);
  ASSERT_TRUE(big_sender.send(big, zmq::send_flags::none));
  ASSERT_TRUE(watch.Wait()) << "the bus did not close the connection";

  std::optional<v1::SubmitReply> reply = other->Submit(Batch(1, 2), 2);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).position(), 2u);
  EXPECT_EQ(bus_->log().Head().position, 2u);
  EXPECT_EQ(bus_->metrics().malformed.value(), 0u) << "nothing of it reached the application";
  // The DEALER reconnects by itself; what it sends now is served.
  ASSERT_TRUE(transport::SendFrame(big_sender, SubmitFrame(Batch(1, 3), 3)).ok());
  std::vector<zmq::pollitem_t> items = {{big_sender.handle(), 0, ZMQ_POLLIN, 0}};
  ASSERT_TRUE(transport::Poll(&items, testing::kPatience).ok());
  std::optional<v1::BusFrame> answer;
  ASSERT_TRUE(transport::RecvFrame(big_sender, &answer).ok());
  ASSERT_TRUE(answer && answer->has_submit_reply());
  EXPECT_EQ(answer->submit_reply().results(0).position(), 3u);
}

// ZeroMQ's ROUTER hands the bus one message of each peer in turn, and a round takes at most
// kMaxDrainEvents: a single submission behind another peer's backlog waits for a round, not for
// the whole backlog.
TEST_F(BusLimitsTest, OnePeersBacklogDoesNotHoldAnothersSubmissionBehindIt) {
  StartBus();
  auto busy = Submitter();
  auto single = Submitter();
  ASSERT_TRUE(single->Submit(Batch(1), 1));  // its connection is up
  constexpr int kBatches = 40;
  std::vector<v1::BusFrame> backlog;
  for (int b = 0; b < kBatches; ++b)
    backlog.push_back(SubmitFrame(Unsigned(kMaxBatchEvents, 2 + b * 1000), b));
  const std::vector<v1::SignedEnvelope> last = Batch(1, 100'000);
  for (const v1::BusFrame& frame : backlog) ASSERT_TRUE(busy->Send(frame).ok());
  std::optional<v1::SubmitReply> alone = single->Submit(last, 2);
  ASSERT_TRUE(alone);
  ASSERT_EQ(alone->results(0).status(), v1::SubmitResult::COMMITTED);
  // Committed before the larger part of the backlog (a round or two of it may come first: four
  // rounds' worth of it would mean the bus served the backlog first).
  const uint64_t position = alone->results(0).position();
  EXPECT_LT(position, 1 + kBatches * kMaxBatchEvents / 2) << "it waited for the backlog";
  for (int b = 0; b < kBatches; ++b) {
    std::optional<v1::BusFrame> reply = busy->Receive();
    ASSERT_TRUE(reply && reply->has_submit_reply()) << "batch " << b;
  }
  EXPECT_EQ(bus_->log().Head().position, 2u + kBatches * kMaxBatchEvents);
}

}  // namespace
}  // namespace regiotafel::bus
