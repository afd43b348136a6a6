// The bus and a node as separate processes, killed with SIGKILL mid-stream or with a log that fails:
// no acknowledged event lost, none stored twice, the outbox drained after a restart.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tests/node/node_process_fixture.h"
#include "tests/support/bus_frames.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/whole_log.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::Eventually;
using testing::FrameClient;
using testing::kOrg;
using testing::RegionTest;
using testing::SignaalBody;

// Posts events (without waiting for the commit) one after another until told to stop or until the
// node stops answering. Remembers every id it sent and which of them the node accepted.
class Poster {
 public:
  Poster(int port, int limit) : port_(port), limit_(limit), thread_([this] { Run(); }) {}
  ~Poster() { Join(); }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  int accepted() const { return accepted_; }
  // Blocks until at least n were accepted or the poster ended.
  bool WaitAccepted(int n) {
    return Eventually([&] { return accepted_ >= n || done_; }, 120s) && accepted_ >= n;
  }
  std::vector<std::string> accepted_ids() {
    std::lock_guard lock(mutex_);
    return accepted_ids_;
  }
  std::vector<std::string> sent_ids() {
    std::lock_guard lock(mutex_);
    return sent_ids_;
  }

 private:
  void Run() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60s);
    for (int i = 0; i < limit_; ++i) {
      const std::string id = NewUuid();
      {
        std::lock_guard lock(mutex_);
        sent_ids_.push_back(id);
      }
      httplib::Result r = client.Post("/api/v1/events", SignaalBody(id, i), "application/json");
      if (!r || r->status != 202) break;  // the node is gone
      std::lock_guard lock(mutex_);
      accepted_ids_.push_back(id);
      ++accepted_;
    }
    done_ = true;
  }

  const int port_;
  const int limit_;
  std::mutex mutex_;
  std::vector<std::string> sent_ids_, accepted_ids_;
  std::atomic<int> accepted_{0};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

TEST_F(RegionTest, NodeKilledMidStreamDrainsItsOutboxAfterRestart) {
  StartBus();
  StartNode();
  Poster poster(http_port_, 100'000);
  ASSERT_TRUE(poster.WaitAccepted(100));
  // Freeze the bus so that the outbox backs up and batches are in flight when the node dies; the
  // bus then commits them for a peer that is gone, and the restarted node submits them again.
  bus_.Kill(SIGSTOP);
  ASSERT_TRUE(poster.WaitAccepted(400));
  KillHard(node_);
  bus_.Kill(SIGCONT);
  poster.Join();
  const std::vector<std::string> accepted = poster.accepted_ids();
  const std::vector<std::string> sent = poster.sent_ids();
  const uint64_t head_at_kill = BusHead();

  StartNode();
  // Everything accepted reaches the bus; at most the one request cut off by the kill comes on top.
  ASSERT_TRUE(Eventually([&] {
    Answer health = Get("/healthz");
    return health.Number("pending") == 0 && BusHead() >= accepted.size() &&
           Get("/api/v1/log/head").Number("position") == BusHead();
  })) << "bus head "
      << BusHead() << ", accepted " << accepted.size();

  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  EXPECT_LE(positions.size(), accepted.size() + 1);
  const std::set<std::string> sent_set(sent.begin(), sent.end());
  for (const auto& [id, position] : positions) EXPECT_TRUE(sent_set.count(id)) << id;
  for (const std::string& id : accepted) {
    ASSERT_TRUE(positions.count(id)) << "accepted event " << id << " was lost";
    Answer status = Get("/api/v1/events/" + id);
    EXPECT_EQ(status.Text("status"), "COMMITTED");
    EXPECT_EQ(status.Number("position"), positions[id]);
  }
  std::cerr << "node killed with the bus at " << head_at_kill << " of " << accepted.size() << " accepted\n";
  ExpectReplicaIdenticalToBus();
}

TEST_F(RegionTest, BusKilledMidStreamLosesNoAcknowledgedEventAndDuplicatesNone) {
  StartBus();
  StartNode();
  Poster poster(http_port_, 600);
  ASSERT_TRUE(poster.WaitAccepted(200));
  KillHard(bus_);
  // What the bus acknowledged before it died, as the node recorded it.
  std::map<std::string, uint64_t> acknowledged;
  for (const std::string& id : poster.accepted_ids()) {
    Answer status = Get("/api/v1/events/" + id);
    if (status.Text("status") == "COMMITTED") acknowledged[id] = status.Number("position");
  }
  // The node keeps taking events while the bus is away, and its follower notices the silence.
  ASSERT_TRUE(poster.WaitAccepted(400));
  ASSERT_TRUE(Eventually([&] {
    return testing::ReadFile(dir_.Sub("node.log")).find("follower: nothing from the bus") !=
           std::string::npos;
  }));
  StartBus();
  poster.Join();
  ASSERT_EQ(poster.accepted(), 600);

  ASSERT_TRUE(Eventually([&] {
    return Get("/healthz").Number("pending") == 0 && BusHead() == 600 &&
           Get("/api/v1/log/head").Number("position") == 600;
  })) << "bus head "
      << BusHead() << ", node head " << Get("/api/v1/log/head").Number("position");

  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  EXPECT_EQ(positions.size(), 600u);
  for (const std::string& id : poster.accepted_ids()) EXPECT_TRUE(positions.count(id)) << id;
  for (const auto& [id, position] : acknowledged) {
    EXPECT_EQ(positions[id], position) << "acknowledged event " << id << " moved or was lost";
  }
  std::cerr << acknowledged.size() << " events acknowledged before the bus was killed\n";
  ExpectReplicaIdenticalToBus();
}
TEST_F(RegionTest, ABusWhoseLogFailsStopsAcknowledgingAndExitsNonZero) {
  // 3 MiB of file per file: the WAL fills within a few thousand events, then the write fails.
  StartBus(3 << 20);
  FrameClient submitter(context_, zmq::socket_type::dealer, submit_);
  std::map<std::string, uint64_t> acknowledged;
  std::vector<v1::SignedEnvelope> unanswered;
  for (uint64_t round = 0; round < 100 && unanswered.empty(); ++round) {
    std::vector<v1::SignedEnvelope> batch;
    for (int i = 0; i < 1000; ++i) {
      v1::Envelope envelope = testing::Signaal(kOrg, round * 1000 + i + 1);
      envelope.mutable_signaal()->set_omschrijving(std::string(400, 'x'));
      batch.push_back(testing::Sign(key_, envelope));
    }
    v1::BusFrame frame;
    frame.mutable_submit()->set_request_id(round);
    for (const auto& e : batch) *frame.mutable_submit()->add_events() = e;
    ASSERT_TRUE(submitter.Send(frame).ok());
    // The reply, or the bus's exit, whichever comes first.
    std::optional<v1::BusFrame> reply;
    Eventually([&] { return (reply = submitter.Receive(100ms)).has_value() || bus_.Wait(0ms).has_value(); },
               30s);
    if (!reply) {
      unanswered = batch;
      break;
    }
    for (const auto& r : reply->submit_reply().results()) {
      ASSERT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
      acknowledged[r.event_id()] = r.position();
    }
  }
  ASSERT_FALSE(unanswered.empty()) << "the file size limit was never hit";
  std::optional<int> status = bus_.Wait(60s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0) << "wait status " << *status;

  StartBus();  // without the limit
  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  for (const auto& [id, position] : acknowledged) ASSERT_EQ(positions[id], position);
  // The unanswered batch goes again and is answered now; whatever of it reached the disk counts once.
  std::optional<v1::SubmitReply> reply = submitter.Submit(unanswered, 1000);
  ASSERT_TRUE(reply);
  for (const auto& r : reply->results()) EXPECT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
  EXPECT_EQ(EventPositions(BusLog()).size(), acknowledged.size() + unanswered.size());
  StopGently(bus_);
}

}  // namespace
}  // namespace regiotafel
