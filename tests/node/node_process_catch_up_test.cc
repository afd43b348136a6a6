// A node as a separate process catching up by fetch, and keeping, checking and serving the bus's
// signed checkpoints (with the bus as a process of its own).
#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "eventstore/checkpoint.h"
#include "eventstore/checkpoint_store.h"
#include "tests/node/node_process_fixture.h"
#include "tests/support/head_wait.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/whole_log.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::Eventually;
using testing::HeadReaches;
using testing::RegionTest;
using testing::SignaalBody;

TEST_F(RegionTest, ANodeWithoutReplicaCatchesUpByFetch) {
  StartBus();
  StartNode();
  for (int i = 0; i < 20; ++i) ASSERT_EQ(Post(SignaalBody(NewUuid(), i), i == 19).code, i == 19 ? 200 : 202);
  StopGently(node_);
  std::filesystem::remove_all(dir_.Sub("node/replica"));
  StartNode();
  ASSERT_TRUE(HeadReaches(http_port_, 20));
  EXPECT_EQ(Get("/api/v1/log/head").Number("position"), 20u);
  ExpectReplicaIdenticalToBus();
}

// The bus signs a checkpoint every 5 records; the node checks each against its replica and the bus's
// key, keeps it and serves it; a node that catches up by fetching gets one with the records.
TEST_F(RegionTest, TheNodeKeepsTheBussCheckpointsAndServesThem) {
  UseCheckpoints(5, 3600);
  StartBus();
  StartNode();
  for (int i = 0; i < 12; ++i) ASSERT_EQ(Post(SignaalBody(NewUuid(), i), true).code, 200);
  std::vector<v1::Checkpoint> kept;
  ASSERT_TRUE(Eventually([&] { return (kept = NodeCheckpoints()).size() == 2; }))
      << Get("/api/v1/checkpoints").body;
  EXPECT_EQ(Positions(kept), (std::vector<uint64_t>{5, 10}));
  ExpectGenuine(kept);
  Answer answer = Get("/api/v1/checkpoints?vanaf=6");
  ASSERT_EQ(answer.code, 200) << answer.body;
  EXPECT_EQ(answer.json.fields().at("checkpoints").list_value().values_size(), 1);
  EXPECT_EQ(answer.json.fields().at("tegenstrijdig").list_value().values_size(), 0);
  EXPECT_EQ(Get("/api/v1/checkpoints?vanaf=nul").code, 400);
  EXPECT_EQ(Get("/api/v1/checkpoints?tot=3").code, 400);

  // The same checkpoints as the bus signed, and the auditor can read the node's copy on disk.
  StopGently(node_);
  StopGently(bus_);
  std::unique_ptr<eventstore::CheckpointStore> bus_store, node_store;
  ASSERT_TRUE(eventstore::CheckpointStore::OpenReadOnly(dir_.Sub("bus"), &bus_store).ok());
  ASSERT_TRUE(eventstore::CheckpointStore::OpenReadOnly(dir_.Sub("node"), &node_store).ok());
  std::vector<v1::Checkpoint> at_bus, at_node;
  ASSERT_TRUE(bus_store->List(&at_bus).ok());
  ASSERT_TRUE(node_store->List(&at_node).ok());
  ASSERT_EQ(at_bus.size(), 2u);
  ASSERT_EQ(at_node.size(), 2u);
  for (size_t i = 0; i < at_bus.size(); ++i)
    EXPECT_EQ(at_bus[i].SerializeAsString(), at_node[i].SerializeAsString());
}

TEST_F(RegionTest, ANodeCatchingUpByFetchGetsACheckpoint) {
  UseCheckpoints(5, 3600);
  StartBus();
  StartNode();
  for (int i = 0; i < 12; ++i) ASSERT_EQ(Post(SignaalBody(NewUuid(), i), i == 11).code, i == 11 ? 200 : 202);
  StopGently(node_);
  // Everything gone but the outbox: the replica and its checkpoints come back by fetch alone, as the
  // PUB carries only new checkpoints.
  std::filesystem::remove_all(dir_.Sub("node/replica"));
  std::filesystem::remove_all(dir_.Sub("node/checkpoints"));
  StartNode();
  ASSERT_TRUE(HeadReaches(http_port_, 12));
  EXPECT_EQ(Get("/api/v1/log/head").Number("position"), 12u);
  std::vector<v1::Checkpoint> kept;
  ASSERT_TRUE(Eventually([&] { return !(kept = NodeCheckpoints()).empty(); }));
  EXPECT_EQ(Positions(kept), (std::vector<uint64_t>{10}))
      << "the latest one at or before the fetch answer's end";
  ExpectGenuine(kept);
  EXPECT_EQ(testing::ReadFile(dir_.Sub("node.log")).find("kept as evidence"), std::string::npos);
}

}  // namespace
}  // namespace regiotafel
