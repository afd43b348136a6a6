// A subscriber too slow for the bus's PUB: the PUB really drops records for it (ZeroMQ does that
// silently once its queue for the subscriber holds ZMQ_SNDHWM messages), and a node that gets
// exactly that stream still ends with the bus's log byte for byte, by noticing the gaps and
// fetching.
#include <gtest/gtest.h>

#include "tests/support/fault_checks.h"
#include "tests/support/head_wait.h"
#include "tests/support/region_load.h"
#include "tests/support/slow_relay.h"
#include "tests/support/whole_log.h"
#include "transport/sockets.h"

namespace regiotafel::testing {
namespace {

TEST_F(FaultTest, SubscriberTooSlowForThePubStillEndsByteIdentical) {
  AddFlowOrganisation("gemeente:zwijndrecht");
  // The node hears the bus only through the relay. Its silence limit (three heartbeats of 60 s) is
  // far beyond this test's waits, so reconnecting after silence cannot be what repairs it: only
  // the gap check and the bus's heartbeats can.
  SlowRelay relay(context_, publish_);
  const size_t n = AddNode("gemeente:dordrecht", {.publish = relay.endpoint(), .heartbeat_ms = 60'000});
  // The flood must outrun the PUB's queue quickly: the bus does not check signatures here (the
  // other fault tests do), which makes it about five times faster.
  WriteBusConfig(false);
  ASSERT_NO_FATAL_FAILURE(StartBus());
  ASSERT_NO_FATAL_FAILURE(StartNode(n));
  BusFlow flow = Flow("gemeente:zwijndrecht");

  // Warm-up: the relay gets the live stream and the node follows it.
  constexpr uint64_t kWarmUp = 1000;
  ASSERT_TRUE(flow.Submit(kWarmUp));
  ASSERT_TRUE(relay.WaitForPosition(kWarmUp, 60s)) << "relay at " << relay.last_position();
  ASSERT_EQ(relay.last_position(), kWarmUp);
  ASSERT_TRUE(HeadReaches(node(n).http_port, kWarmUp, 60s));

  // The relay stops reading while more records are published than the PUB may queue for it.
  const uint64_t flood = transport::kPublishHighWater + 30'000;
  ASSERT_TRUE(relay.Pause());
  ASSERT_TRUE(flow.Submit(flood));
  const uint64_t flood_end = kWarmUp + flood;
  ASSERT_EQ(BusHead(), flood_end);
  relay.Resume();
  // The relay works through what the PUB kept for it, then hears the live stream again.
  ASSERT_TRUE(relay.WaitForHeartbeatHead(flood_end, 60s))
      << "the relay never heard a heartbeat after the flood; last position " << relay.last_position();
  constexpr uint64_t kTail = 1000;
  ASSERT_TRUE(flow.Submit(kTail));
  const uint64_t final_head = flood_end + kTail;
  ASSERT_TRUE(relay.WaitForPosition(final_head, 60s))
      << "the relay did not get the tail; last position " << relay.last_position();
  ASSERT_EQ(relay.last_position(), final_head);

  // The PUB dropped for real: positions missing from what the relay (and so the node) got.
  const std::vector<uint64_t> seen = relay.positions();
  ASSERT_TRUE(std::is_sorted(seen.begin(), seen.end()) &&
              std::adjacent_find(seen.begin(), seen.end()) == seen.end())
      << "the PUB sent positions out of order";
  const uint64_t missing = final_head - seen.size();
  std::cerr << "the slow subscriber got " << seen.size() << " of " << final_head << " records; " << missing
            << " dropped by the PUB\n";
  ASSERT_GT(missing, 0u) << "the PUB dropped nothing: the test proves nothing";

  ASSERT_NO_FATAL_FAILURE(WaitUntilSettled(final_head));
  const std::vector<v1::LogRecord> log = BusLog();
  EXPECT_EQ(EventPositions(log).size(), final_head);
  ASSERT_NO_FATAL_FAILURE(ExpectHeadsEqual(log));
  const std::vector<v1::LogRecord> on_disk = ExpectIdenticalOnDisk("after the drops");
  EXPECT_TRUE(SameRecords(log, on_disk));
}

}  // namespace
}  // namespace regiotafel::testing
