// A node SIGKILLed in the middle of a stream of 10,000 events and restarted on the same data: every
// accepted event ends in the log exactly once, its outbox drains, all heads are equal and every
// replica is the bus's log byte for byte.
#include <gtest/gtest.h>

#include "tests/support/fault_checks.h"
#include "tests/support/region_load.h"
#include "tests/support/whole_log.h"

namespace regiotafel::testing {
namespace {

int Accepted(const std::vector<std::unique_ptr<Poster>>& posters) {
  int n = 0;
  for (const auto& p : posters) n += p->accepted();
  return n;
}

TEST_F(FaultTest, NodeKilledMidStreamOfTenThousandEventsCatchesUpAndDrains) {
  // The stream: 2,000 events posted over HTTP to the victim and 1,000 to a second node (a node takes
  // about one POST per fsync: each is one synced outbox write), and 7,000 of a third organisation
  // submitted straight to the bus, in step with the HTTP traffic.
  const size_t victim = AddNode("gemeente:dordrecht");
  const size_t other = AddNode("corporatie:trivire");
  AddFlowOrganisation("coa:gilze");
  constexpr int kPosters = 4;  // clients per node
  constexpr int kVictimEvents = 2'000, kOtherEvents = 1'000, kFlowEvents = 7'000;
  constexpr int kEvents = kVictimEvents + kOtherEvents + kFlowEvents;
  ASSERT_NO_FATAL_FAILURE(StartBus());
  ASSERT_NO_FATAL_FAILURE(StartNode(victim));
  ASSERT_NO_FATAL_FAILURE(StartNode(other));

  const int kill_at = static_cast<int>(Uniform(300, 1600));  // the victim's accepted events at the kill
  const bool freeze_bus = Uniform(0, 1) == 1;  // SIGSTOP the bus so batches are in flight at the kill
  const int down_for = static_cast<int>(Uniform(100, 400));  // events the other node takes meanwhile
  std::cerr << "kill at " << kill_at << " accepted by the victim, bus frozen: " << freeze_bus
            << ", down while the other node takes " << down_for << "\n";

  Progress progress;  // ticked by every poster's answers: what the waits below wait on
  std::vector<std::unique_ptr<Poster>> to_victim, to_other;
  for (int i = 0; i < kPosters; ++i) {
    to_victim.push_back(std::make_unique<Poster>(Poster::Options{.port = node(victim).http_port,
                                                                 .limit = kVictimEvents / kPosters,
                                                                 .starts = &node(victim).starts,
                                                                 .progress = &progress}));
    to_other.push_back(std::make_unique<Poster>(Poster::Options{.port = node(other).http_port,
                                                                .limit = kOtherEvents / kPosters,
                                                                .starts = &node(other).starts,
                                                                .progress = &progress}));
  }
  auto http_done = [&] {
    for (const auto* posters : {&to_victim, &to_other}) {
      for (const auto& p : *posters) {
        if (!p->done()) return false;
      }
    }
    return true;
  };
  // The third organisation keeps its share in step with what the nodes accepted so far.
  std::vector<std::string> flow_ids;  // the flow thread's until it is joined
  std::atomic<size_t> flow_sent{0};
  ::testing::AssertionResult flowed = ::testing::AssertionSuccess();
  std::jthread flow_thread([&](std::stop_token stop) {
    const std::stop_callback wake(stop, [&] { progress.Tick(); });
    BusFlow flow = Flow("coa:gilze");
    while (flowed && flow_sent < kFlowEvents && !stop.stop_requested()) {
      auto due = [&] {
        if (http_done()) return static_cast<size_t>(kFlowEvents);
        const int http = Accepted(to_victim) + Accepted(to_other);
        return std::min<size_t>(kFlowEvents, 100 + http * kFlowEvents / (kVictimEvents + kOtherEvents));
      };
      if (!progress.Until([&] { return stop.stop_requested() || due() > flow_sent; }, 120s)) {
        flowed = ::testing::AssertionFailure() << "the HTTP stream stalled";
      } else if (!stop.stop_requested()) {
        flowed = flow.Submit(std::min<size_t>(due() - flow_sent, 100), &flow_ids, 1);
        flow_sent = flow_ids.size();
      }
    }
  });

  ASSERT_TRUE(progress.Until([&] { return Accepted(to_victim) >= kill_at; }, 120s))
      << "only " << Accepted(to_victim) << " accepted by the victim";
  if (freeze_bus) {
    bus_.Kill(SIGSTOP);
    const int before = Accepted(to_victim);
    ASSERT_TRUE(progress.Until([&] { return Accepted(to_victim) >= before + 100; }, 60s))
        << "the victim does not take events while the bus is frozen";
  }
  const int victim_at_kill = Accepted(to_victim);
  const size_t flow_at_kill = flow_sent;
  ASSERT_NO_FATAL_FAILURE(KillNode(victim));
  if (freeze_bus) bus_.Kill(SIGCONT);
  ASSERT_LT(victim_at_kill, kVictimEvents) << "the kill came after the victim's stream";

  // The stream goes on at the other node while the victim is down; the victim's clients keep trying.
  const int other_at_kill = Accepted(to_other);
  ASSERT_TRUE(progress.Until(
      [&] { return Accepted(to_other) >= std::min(other_at_kill + down_for, kOtherEvents); }, 120s));
  ASSERT_NO_FATAL_FAILURE(StartNode(victim));

  int unanswered = 0;
  for (const auto* posters : {&to_victim, &to_other}) {
    for (const auto& p : *posters) {
      ASSERT_TRUE(p->Finish(180s)) << "a client did not finish";
      EXPECT_TRUE(p->failures().empty()) << p->failures().front();
    }
  }
  for (const auto& p : to_victim) unanswered += p->unanswered();
  flow_thread.join();
  ASSERT_TRUE(flowed);
  EXPECT_GT(unanswered, 0) << "no post to the victim went unanswered: was it killed mid-stream?";
  std::cerr << "victim killed at " << victim_at_kill << " of its " << kVictimEvents << " events (the flow at "
            << flow_at_kill << " of " << kFlowEvents << "); " << unanswered
            << " posts to it unanswered and repeated\n";

  ASSERT_EQ(Accepted(to_victim) + Accepted(to_other) + static_cast<int>(flow_ids.size()), kEvents);
  ASSERT_NO_FATAL_FAILURE(WaitUntilSettled(kEvents));
  const std::vector<v1::LogRecord> log = BusLog();
  const std::map<std::string, uint64_t> positions = EventPositions(log);  // fails on a duplicate
  EXPECT_EQ(log.size(), static_cast<size_t>(kEvents)) << "the log holds events that were never accepted";
  for (const std::string& id : flow_ids) ASSERT_TRUE(positions.count(id)) << "flow event " << id << " lost";
  for (auto [n, posters] : {std::pair{victim, &to_victim}, std::pair{other, &to_other}}) {
    std::vector<std::string> ids;
    for (const auto& p : *posters) {
      for (const std::string& id : p->accepted_ids()) {
        ASSERT_TRUE(positions.count(id)) << "event " << id << " accepted by " << node(n).name << " is lost";
        ids.push_back(id);
      }
    }
    // The outbox drained: the node answers every one of its events COMMITTED at its log position.
    ASSERT_NO_FATAL_FAILURE(ExpectCommittedOn(n, ids, positions));
  }
  ASSERT_NO_FATAL_FAILURE(ExpectHeadsEqual(log));
  const std::vector<v1::LogRecord> on_disk = ExpectIdenticalOnDisk("after the victim's restart");
  EXPECT_TRUE(SameRecords(log, on_disk)) << "the fetch socket served other bytes than the bus has on disk";
}

}  // namespace
}  // namespace regiotafel::testing
