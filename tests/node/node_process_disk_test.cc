// A node whose disk fills up (RLIMIT_FSIZE lowered on the running process with prlimit(2), so that
// every write beyond a file's end fails with EFBIG, as a full disk fails with ENOSPC; no root needed)
// and then has room again: /healthz says which store stopped and why, the sender does not resubmit
// in a loop meanwhile, and once there is room the node takes and commits events again without a
// restart, with every event it acknowledged before in the log.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/uuid.h"
#include "tests/node/node_process_fixture.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::Eventually;
using testing::RegionTest;
using testing::SignaalBody;

// The file size limit of a running child of the same user, soft limit only: lowering and raising it
// again up to its hard limit needs no privilege.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(pid_t pid) : pid_(pid) {
    ok_ = prlimit(pid_, RLIMIT_FSIZE, nullptr, &original_) == 0;
  }
  bool Set(rlim_t bytes) {
    rlimit limit{bytes, original_.rlim_max};
    return ok_ && prlimit(pid_, RLIMIT_FSIZE, &limit, nullptr) == 0;
  }
  bool Restore() { return ok_ && prlimit(pid_, RLIMIT_FSIZE, &original_, nullptr) == 0; }

 private:
  pid_t pid_;
  rlimit original_{};
  bool ok_ = false;
};

// One sample of the node's /metrics ("name" or "name{labels}"); -1 when it is not there.
double Metric(const std::string& text, const std::string& sample) {
  const std::string at = "\n" + sample + " ";
  const size_t found = text.find(at);
  if (found == std::string::npos) return -1;
  return std::stod(text.substr(found + at.size()));
}

TEST_F(RegionTest, FullDiskStopsTheStoresVisiblyWithoutAHotLoopAndRoomAgainRecoversWithoutRestart) {
  StartBus();
  StartNode();
  std::vector<std::string> acknowledged;
  for (int i = 0; i < 3; ++i) {
    const std::string id = NewUuid();
    Answer committed = Post(SignaalBody(id, i), true);
    ASSERT_EQ(committed.code, 200) << committed.body;
    acknowledged.push_back(id);
  }
  // Accepted while the bus is frozen: in the outbox, sent, not yet answered.
  bus_.Kill(SIGSTOP);
  for (int i = 3; i < 6; ++i) {
    const std::string id = NewUuid();
    Answer accepted = Post(SignaalBody(id, i), false);
    ASSERT_EQ(accepted.code, 202) << accepted.body;
    acknowledged.push_back(id);
  }

  // The disk is full: no file grows any more.
  FileSizeLimit limit(node_.pid());
  ASSERT_TRUE(limit.Set(1));
  const std::string refused_id = NewUuid();
  Answer refused = Post(SignaalBody(refused_id, 6), false);
  EXPECT_EQ(refused.code, 503) << refused.body;
  EXPECT_NE(refused.body.find("outbox"), std::string::npos) << refused.body;

  Answer health = Get("/healthz");
  EXPECT_EQ(health.code, 503) << health.body;
  EXPECT_EQ(health.Text("status"), "not ok") << health.body;
  EXPECT_NE(health.body.find("\"store\": \"outbox\""), std::string::npos) << health.body;
  EXPECT_NE(health.body.find("File too large"), std::string::npos) << "the reason: " << health.body;
  const std::string metrics = Get("/metrics").body;
  EXPECT_EQ(Metric(metrics, "regiotafel_node_store_writing{store=\"outbox\"}"), 0) << metrics;
  EXPECT_GE(Metric(metrics, "regiotafel_node_store_write_failures_total{store=\"outbox\"}"), 1) << metrics;

  // The bus answers the batches it got; the node cannot record those answers. It must not resubmit
  // in a loop (it did: thousands of batches a second). A generous bound over five seconds: a rate
  // over a window, so a window it is (nothing happens to wait on, and the node's own log cannot
  // grow while its disk is full).
  bus_.Kill(SIGCONT);
  const double sent_before = Metric(Get("/metrics").body, "regiotafel_node_sender_batches_total");
  ASSERT_GE(sent_before, 0);
  std::this_thread::sleep_for(5s);
  const double sent_after = Metric(Get("/metrics").body, "regiotafel_node_sender_batches_total");
  EXPECT_LT(sent_after - sent_before, 50) << "batches submitted while the outbox could not write";
  EXPECT_EQ(Get("/healthz").code, 503) << "still full: still not ok";
  EXPECT_TRUE(node_.running());

  // Room again: the stores are reopened in place, the node takes and commits events as before.
  ASSERT_TRUE(limit.Restore());
  ASSERT_TRUE(Eventually([&] { return Get("/healthz").code == 200; }, 60s)) << Get("/healthz").body;
  const std::string after_id = NewUuid();
  Answer after = Post(SignaalBody(after_id, 7), true);
  ASSERT_EQ(after.code, 200) << after.body;
  acknowledged.push_back(after_id);
  ASSERT_TRUE(Eventually([&] { return Get("/healthz").Number("pending") == 0; }, 60s));
  EXPECT_TRUE(node_.running()) << "recovered without a restart";
  const std::string recovered = Get("/metrics").body;
  EXPECT_GE(Metric(recovered, "regiotafel_node_store_reopens_total{store=\"outbox\"}"), 1) << recovered;
  EXPECT_EQ(Metric(recovered, "regiotafel_node_store_writing{store=\"replica\"}"), 1) << recovered;

  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  for (const std::string& id : acknowledged) {
    ASSERT_TRUE(positions.count(id)) << "acknowledged event " << id << " was lost";
    Answer status = Get("/api/v1/events/" + id);
    EXPECT_EQ(status.Text("status"), "COMMITTED") << status.body;
    EXPECT_EQ(status.Number("position"), positions[id]);
  }
  EXPECT_EQ(positions.count(refused_id), 0u) << "answered 503 and never written";
  ExpectReplicaIdenticalToBus();
}

}  // namespace
}  // namespace regiotafel
