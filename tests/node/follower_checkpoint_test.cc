// The follower and the bus's checkpoints, against a scripted bus that signs them with a bus key of
// the test's: a checkpoint that holds is stored once the replica has its records (from the PUB or
// with a fetch answer, ahead of the replica or behind it, after a restart); a forged root, a foreign
// signature and a malformed frame are refused, logged with their positie, and the forgeries kept as
// evidence.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "base/merkle.h"
#include "eventstore/checkpoint.h"
#include "tests/node/follower_fixture.h"
#include "tests/support/process.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::Eventually;
using testing::kPatience;

class FollowerCheckpointTest : public FollowerTest {
 protected:
  void SetUp() override {
    FollowerTest::SetUp();
    ASSERT_TRUE(eventstore::CheckpointStore::Open(dir_.Sub("checkpoints"), &store_).ok());
    log_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
    spdlog::default_logger()->sinks().push_back(log_);
  }
  void TearDown() override {
    FollowerTest::TearDown();
    auto& sinks = spdlog::default_logger()->sinks();
    sinks.erase(std::remove(sinks.begin(), sinks.end(), log_), sinks.end());
  }

  void Start(std::string key) { StartFollower(10s, 10s, store_.get(), std::move(key)); }

  // The root of the bus's log at `size`, as the bus computes it.
  std::string RootOfSource(uint64_t size) {
    std::vector<std::string> leaves;
    for (const v1::LogRecord& record : Records(1, size)) leaves.push_back(merkle::LeafHash(record.hash()));
    return merkle::Tree(std::move(leaves)).RootAt(size);
  }
  v1::Checkpoint Signed(uint64_t position, std::string root, const SigningKey* key = nullptr) {
    return eventstore::SignCheckpoint(key ? *key : bus_key_, position, std::move(root),
                                      google::protobuf::util::TimeUtil::GetCurrentTime());
  }
  void PublishCheckpoint(const v1::Checkpoint& checkpoint) {
    v1::BusFrame frame;
    *frame.mutable_checkpoint() = checkpoint;
    ASSERT_TRUE(bus_.Publish(frame));
  }

  bool Stored(uint64_t position) {
    return Eventually([&] { return store_->At(position).has_value(); }, kPatience);
  }
  bool KeptAsEvidence(const v1::Checkpoint& checkpoint) {
    return Eventually(
        [&] {
          std::vector<v1::Checkpoint> evidence;
          EXPECT_TRUE(store_->ListEvidence(&evidence).ok());
          for (const auto& c : evidence) {
            if (c.SerializeAsString() == checkpoint.SerializeAsString()) return true;
          }
          return false;
        },
        kPatience);
  }
  // A line of the follower's log with all of `words`.
  bool Logged(const std::vector<std::string>& words) {
    return Eventually(
        [&] {
          for (const std::string& line : log_->last_formatted()) {
            bool all = true;
            for (const std::string& word : words) all = all && line.find(word) != std::string::npos;
            if (all) return true;
          }
          return false;
        },
        kPatience);
  }

  SigningKey bus_key_ = SigningKey::Generate();
  std::unique_ptr<eventstore::CheckpointStore> store_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_;
};

TEST_F(FollowerCheckpointTest, ACheckpointOnThePubIsStoredOnceItsRecordsAreIn) {
  Append(5);
  Start(bus_key_.public_key());
  CatchUp();
  std::vector<v1::LogRecord> live = Append(5);  // 6 … 10
  ASSERT_TRUE(PublishUntilApplied(live[0]));
  const v1::Checkpoint at_10 = Signed(10, RootOfSource(10));
  // As the bus sends it: the checkpoint right after its record, then what follows.
  for (size_t i = 1; i < live.size(); ++i) Publish(live[i]);
  PublishCheckpoint(at_10);
  std::vector<v1::LogRecord> more = Append(3);
  for (const v1::LogRecord& record : more) Publish(record);
  ASSERT_TRUE(Stored(10));
  EXPECT_EQ(store_->At(10)->SerializeAsString(), at_10.SerializeAsString());
  ASSERT_TRUE(follower_->WaitForPosition(13, Clock::now() + kPatience));
  std::vector<v1::Checkpoint> evidence;
  ASSERT_TRUE(store_->ListEvidence(&evidence).ok());
  EXPECT_TRUE(evidence.empty());
}

TEST_F(FollowerCheckpointTest, AForgedRootIsRefusedLoggedWithItsPositionAndKeptAsEvidence) {
  Append(9);
  Start(bus_key_.public_key());
  CatchUp();
  std::vector<v1::LogRecord> live = Append(1);  // 10
  ASSERT_TRUE(PublishUntilApplied(live[0]));
  // Signed with the bus's own key, over a history that is not the one it sent.
  const v1::Checkpoint forged = Signed(10, RootOfSource(9));
  PublishCheckpoint(forged);
  ASSERT_TRUE(KeptAsEvidence(forged));
  EXPECT_FALSE(store_->At(10));
  EXPECT_TRUE(Logged({"positie 10", "rewrote"}));
  // The genuine one is still taken.
  PublishCheckpoint(Signed(10, RootOfSource(10)));
  ASSERT_TRUE(Stored(10));
}

TEST_F(FollowerCheckpointTest, ACheckpointNotSignedByTheBussKeyIsRefused) {
  Append(4);
  Start(bus_key_.public_key());
  CatchUp();
  ASSERT_TRUE(PublishUntilApplied(Append(1)[0]));
  const SigningKey stranger = SigningKey::Generate();
  const v1::Checkpoint foreign = Signed(5, RootOfSource(5), &stranger);
  PublishCheckpoint(foreign);
  ASSERT_TRUE(KeptAsEvidence(foreign));
  EXPECT_TRUE(Logged({"positie 5", "not signed by the bus"}));
  EXPECT_FALSE(store_->At(5));
}

TEST_F(FollowerCheckpointTest, ACheckpointWithAFetchAnswerIsStoredAsTheReplicaCatchesUp) {
  Append(25);
  Start(bus_key_.public_key());
  std::optional<v1::FetchRequest> request = NextFetch();
  ASSERT_TRUE(request);
  const v1::Checkpoint at_20 = Signed(20, RootOfSource(20));
  AnswerFetch(*request, Records(1, 25), &at_20);
  ASSERT_TRUE(Stored(20));
  EXPECT_EQ(store_->Latest()->position(), 20u);
}

TEST_F(FollowerCheckpointTest, ACheckpointBehindTheReplicaIsCheckedFromItsRecords) {
  Append(3000);
  Start(bus_key_.public_key());
  CatchUp();
  ASSERT_TRUE(PublishUntilApplied(Append(1)[0]));
  // Behind the head: from the range's snapshot at 2048 and the replica's records after it, and from
  // the start (no snapshot before 1024).
  PublishCheckpoint(Signed(2500, RootOfSource(2500)));
  PublishCheckpoint(Signed(700, RootOfSource(700)));
  ASSERT_TRUE(Stored(2500));
  ASSERT_TRUE(Stored(700));
  const v1::Checkpoint forged = Signed(1500, RootOfSource(1499));
  PublishCheckpoint(forged);
  ASSERT_TRUE(KeptAsEvidence(forged));
  EXPECT_TRUE(Logged({"positie 1500", "rewrote"}));
}

TEST_F(FollowerCheckpointTest, AMalformedCheckpointIsIgnoredWithAWarning) {
  Start(bus_key_.public_key());
  CatchUp();
  std::vector<v1::LogRecord> records = Append(2);
  ASSERT_TRUE(PublishUntilApplied(records[0]));
  v1::Checkpoint malformed = Signed(1, "short");
  PublishCheckpoint(malformed);
  v1::Checkpoint no_position = Signed(0, RootOfSource(1));
  PublishCheckpoint(no_position);
  Publish(records[1]);
  ASSERT_TRUE(follower_->WaitForPosition(2, Clock::now() + kPatience)) << "the follower goes on";
  EXPECT_TRUE(Logged({"malformed checkpoint", "a root of 5 bytes"}));
  EXPECT_TRUE(Logged({"malformed checkpoint", "positie 0"}));
  std::vector<v1::Checkpoint> all;
  ASSERT_TRUE(store_->List(&all).ok());
  EXPECT_TRUE(all.empty());
}

TEST_F(FollowerCheckpointTest, WithoutTheBussKeyOnlyTheRootIsChecked) {
  Append(4);
  Start("");
  CatchUp();
  ASSERT_TRUE(PublishUntilApplied(Append(1)[0]));
  EXPECT_TRUE(Logged({"no [bus] checkpoint_sleutel"}));
  const SigningKey any = SigningKey::Generate();
  const v1::Checkpoint forged = Signed(4, RootOfSource(3), &any);
  PublishCheckpoint(forged);
  PublishCheckpoint(Signed(5, RootOfSource(5), &any));
  ASSERT_TRUE(Stored(5));
  ASSERT_TRUE(KeptAsEvidence(forged));
}

TEST_F(FollowerCheckpointTest, ARestartedFollowerRebuildsItsRangeFromTheReplica) {
  Append(30);
  Start(bus_key_.public_key());
  CatchUp();
  follower_->Stop();
  follower_.reset();
  Start(bus_key_.public_key());
  CatchUp();
  ASSERT_TRUE(PublishUntilApplied(Append(1)[0]));
  PublishCheckpoint(Signed(31, RootOfSource(31)));
  ASSERT_TRUE(Stored(31));
}

}  // namespace
}  // namespace regiotafel::node
