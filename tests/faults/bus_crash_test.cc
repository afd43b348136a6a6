// The bus SIGKILLed in the middle of a stream, round after round, and restarted on the same data
// and ports: after every restart what the nodes accepted before the kill is committed while the
// traffic goes on, no acknowledged event is missing or moved, none is in the log twice, every
// outbox drains, and every replica equals the bus's log.
#include <gtest/gtest.h>

#include "tests/support/fault_checks.h"
#include "tests/support/head_wait.h"
#include "tests/support/region_load.h"
#include "tests/support/whole_log.h"

namespace regiotafel::testing {
namespace {

TEST_F(FaultTest, BusKilledMidStreamTwentyTimesLosesAndDuplicatesNothing) {
  const std::vector<size_t> nodes = {AddNode("gemeente:dordrecht"), AddNode("corporatie:trivire")};
  ASSERT_NO_FATAL_FAILURE(StartBus());
  for (size_t n : nodes) ASSERT_NO_FATAL_FAILURE(StartNode(n));

  // Per node two clients that post without waiting (202: accepted) and one that waits for the
  // commit (200 COMMITTED with a position: acknowledged), all held at the gate between rounds.
  Gate gate;
  Progress progress;
  std::vector<std::unique_ptr<Poster>> posters;
  std::vector<size_t> poster_node;
  for (size_t n : nodes) {
    for (bool wait : {false, false, true}) {
      posters.push_back(std::make_unique<Poster>(Poster::Options{.port = node(n).http_port,
                                                                 .wait_for_commit = wait,
                                                                 .gate = &gate,
                                                                 .starts = &node(n).starts,
                                                                 .progress = &progress}));
      poster_node.push_back(n);
    }
  }
  auto accepted = [&] {
    int total = 0;
    for (const auto& p : posters) total += p->accepted();
    return total;
  };
  std::vector<size_t> checked(posters.size(), 0);  // accepted ids of each poster checked so far

  constexpr int kRounds = 20;
  for (int round = 1; round <= kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed_));
    const uint64_t kill_after = Uniform(30, 250);  // events the bus commits in this round before the kill
    const int while_down = static_cast<int>(Uniform(10, 80));  // events the nodes accept meanwhile
    const uint64_t after_restart = Uniform(10, 100);  // events committed after the restart, before the check

    gate.Open();
    const uint64_t head_at_start = BusHead();
    // A node's replica at that position: the bus has committed at least as much.
    ASSERT_TRUE(HeadReaches(node(nodes[0]).http_port, head_at_start + kill_after, 60s))
        << "the stream does not reach the bus";
    const int accepted_at_kill = accepted();
    std::vector<size_t> accepted_before_kill;
    for (const auto& p : posters) accepted_before_kill.push_back(p->accepted_ids().size());
    ASSERT_NO_FATAL_FAILURE(KillBus());
    ASSERT_TRUE(progress.Until([&] { return accepted() >= accepted_at_kill + while_down; }, 60s))
        << "the nodes do not take events while the bus is down";
    ASSERT_NO_FATAL_FAILURE(StartBus());
    const uint64_t head_at_restart = BusHead();
    ASSERT_TRUE(HeadReaches(node(nodes[0]).http_port, head_at_restart + after_restart, 60s))
        << "the restarted bus takes nothing (head " << BusHead() << ")";
    // While the traffic goes on, everything accepted before the kill gets committed: a batch lost
    // with the bus is submitted again after the nodes' timeout (1 s), not only once they fall quiet.
    std::vector<std::pair<size_t, std::string>> unconfirmed;  // (node, event id)
    for (size_t k = 0; k < posters.size(); ++k) {
      const std::vector<std::string> ids = posters[k]->accepted_ids();
      for (size_t i = checked[k]; i < accepted_before_kill[k]; ++i)
        unconfirmed.emplace_back(poster_node[k], ids[i]);
    }
    // An event becomes COMMITTED on its node when the node's replica takes it: asked again each
    // time that node's head moves (its long-poll), for at most 15 s in all.
    const auto confirm_by = std::chrono::steady_clock::now() + 15s;
    for (;;) {
      const size_t n = unconfirmed.empty() ? nodes[0] : unconfirmed.front().first;
      const uint64_t head = NodeHead(n);  // before asking: a commit after the question moves it beyond
      std::erase_if(unconfirmed, [&](const auto& event) {
        return Get(event.first, "/api/v1/events/" + event.second).Text("status") == "COMMITTED";
      });
      const auto left =
          std::chrono::ceil<std::chrono::milliseconds>(confirm_by - std::chrono::steady_clock::now());
      if (unconfirmed.empty() || left.count() <= 0) break;
      (void)HeadReaches(node(n).http_port, head + 1, left);
    }
    ASSERT_TRUE(unconfirmed.empty())
        << unconfirmed.size()
        << " events accepted before the kill still not committed while the traffic goes on, e.g. "
        << unconfirmed.front().second << " on " << node(unconfirmed.front().first).name;
    ASSERT_TRUE(gate.Close()) << "the posters did not stop";
    for (const auto& p : posters) ASSERT_TRUE(p->failures().empty()) << p->failures().front();

    ASSERT_NO_FATAL_FAILURE(WaitUntilSettled());
    const std::vector<v1::LogRecord> log = BusLog();
    const std::map<std::string, uint64_t> positions = EventPositions(log);  // fails on a duplicate
    // Every post was answered (no node died), so the log holds exactly the accepted events.
    ASSERT_EQ(log.size(), static_cast<size_t>(accepted())) << "events lost or added";
    size_t acknowledged = 0;
    for (size_t k = 0; k < posters.size(); ++k) {
      for (const auto& [id, position] : posters[k]->acknowledged()) {
        auto it = positions.find(id);
        ASSERT_TRUE(it != positions.end()) << "acknowledged event " << id << " is missing";
        ASSERT_EQ(it->second, position) << "acknowledged event " << id << " moved";
        ++acknowledged;
      }
      // This round's accepted events, as their node tells them: COMMITTED at their position.
      const std::vector<std::string> ids = posters[k]->accepted_ids();
      for (const std::string& id : ids)
        ASSERT_TRUE(positions.count(id)) << "accepted event " << id << " lost";
      ASSERT_NO_FATAL_FAILURE(ExpectCommittedOn(
          poster_node[k], std::vector<std::string>(ids.begin() + static_cast<long>(checked[k]), ids.end()),
          positions));
      checked[k] = ids.size();
    }
    ASSERT_NO_FATAL_FAILURE(ExpectHeadsEqual(log));
    std::cerr << "round " << round << ": killed at head " << head_at_start + kill_after << "+, head now "
              << log.size() << ", " << acknowledged << " acknowledged\n";
    if (round % 5 == 0) {
      // Byte for byte on disk (stops everything), then the region comes back for the next rounds.
      const std::vector<v1::LogRecord> on_disk = ExpectIdenticalOnDisk("round " + std::to_string(round));
      ASSERT_TRUE(SameRecords(log, on_disk));
      if (round == kRounds) break;
      ASSERT_NO_FATAL_FAILURE(StartBus());
      for (size_t n : nodes) ASSERT_NO_FATAL_FAILURE(StartNode(n));
    }
  }
  for (auto& p : posters) p->Stop();
}

}  // namespace
}  // namespace regiotafel::testing
