// A node that was down while 50,000 events flowed through the bus catches up when it starts again,
// sends what it still had in its outbox, and ends with the bus's log byte for byte.
#include <gtest/gtest.h>

#include "tests/support/fault_checks.h"
#include "tests/support/node_answer.h"
#include "tests/support/region_load.h"
#include "tests/support/whole_log.h"

namespace regiotafel::testing {
namespace {

TEST_F(FaultTest, NodeDownWhileFiftyThousandEventsFlowCatchesUp) {
  const size_t live = AddNode("gemeente:dordrecht");
  const size_t down = AddNode("corporatie:trivire");
  AddFlowOrganisation("gemeente:zwijndrecht");
  AddFlowOrganisation("coa:gilze");
  ASSERT_NO_FATAL_FAILURE(StartBus());
  ASSERT_NO_FATAL_FAILURE(StartNode(live));
  ASSERT_NO_FATAL_FAILURE(StartNode(down));

  // The node that goes down has a history of its own: ten events committed, and forty it accepted
  // while the bus was frozen, still PENDING in its outbox when it is killed.
  std::vector<std::string> own_ids;
  httplib::Client client("127.0.0.1", node(down).http_port);
  for (int i = 0; i < 50; ++i) {
    const bool wait = i < 10;
    if (i == 10) bus_.Kill(SIGSTOP);
    own_ids.push_back(NewUuid());
    Answer answer = ToAnswer(client.Post(wait ? "/api/v1/events?wait=commit" : "/api/v1/events",
                                         SignaalBody(own_ids.back(), i), "application/json"));
    ASSERT_EQ(answer.code, wait ? 200 : 202) << answer.body;
  }
  client.stop();
  const Answer health = Get(down, "/healthz");
  ASSERT_EQ(health.Number("pending"), 40u) << health.body;
  const uint64_t down_head = health.Number("position");
  ASSERT_NO_FATAL_FAILURE(KillNode(down));
  bus_.Kill(SIGCONT);

  // 50,000 events from two organisations straight to the bus, and a live node's own traffic.
  constexpr size_t kFlow = 25'000;
  std::vector<std::string> flow_ids[2];
  ::testing::AssertionResult flowed[2] = {::testing::AssertionSuccess(), ::testing::AssertionSuccess()};
  {
    Poster live_poster(
        Poster::Options{.port = node(live).http_port, .limit = 300, .starts = &node(live).starts});
    std::thread second([&] { flowed[1] = Flow("coa:gilze").Submit(kFlow, &flow_ids[1]); });
    flowed[0] = Flow("gemeente:zwijndrecht").Submit(kFlow, &flow_ids[0]);
    second.join();
    ASSERT_TRUE(live_poster.Finish(120s));
    EXPECT_TRUE(live_poster.failures().empty()) << live_poster.failures().front();
    const std::vector<std::string> live_ids = live_poster.accepted_ids();
    own_ids.insert(own_ids.end(), live_ids.begin(), live_ids.end());
    ASSERT_EQ(live_poster.accepted(), 300);
  }
  ASSERT_TRUE(flowed[0]);
  ASSERT_TRUE(flowed[1]);
  const uint64_t bus_head = BusHead();
  ASSERT_GE(bus_head, down_head + 2 * kFlow);

  ASSERT_NO_FATAL_FAILURE(StartNode(down));
  ASSERT_NO_FATAL_FAILURE(WaitUntilSettled(2 * kFlow + 350));
  std::cerr << "the node was at " << down_head << ", the bus at " << bus_head << " when it came back\n";

  const std::vector<v1::LogRecord> log = BusLog();
  const std::map<std::string, uint64_t> positions = EventPositions(log);  // fails on a duplicate
  EXPECT_EQ(log.size(), 2 * kFlow + 350);
  for (const auto* ids : {&own_ids, &flow_ids[0], &flow_ids[1]}) {
    for (const std::string& id : *ids) ASSERT_TRUE(positions.count(id)) << "event " << id << " lost";
  }
  // Its outbox drained: all fifty of its events COMMITTED, at their positions in the log.
  ASSERT_NO_FATAL_FAILURE(
      ExpectCommittedOn(down, std::vector<std::string>(own_ids.begin(), own_ids.begin() + 50), positions));
  ASSERT_NO_FATAL_FAILURE(ExpectHeadsEqual(log));
  const std::vector<v1::LogRecord> on_disk = ExpectIdenticalOnDisk("after the catch-up");
  EXPECT_TRUE(SameRecords(log, on_disk));
}

}  // namespace
}  // namespace regiotafel::testing
