// ReplicaFollower against a scripted bus: catch-up, live records, gaps, heartbeats, silence, and a
// record that does not chain. The records come from a real EventLog (the "bus's log").
#include <gtest/gtest.h>

#include "tests/node/follower_fixture.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::kPatience;

TEST_F(FollowerTest, CatchesUpByFetchInPiecesThenFollowsThePub) {
  Append(5);
  StartFollower();
  std::optional<v1::FetchRequest> first = NextFetch();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->from_position(), 1u);
  AnswerFetch(*first, Records(1, 3));  // head 5: not there yet
  std::optional<v1::FetchRequest> second = NextFetch();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->from_position(), 4u);
  AnswerFetch(*second, Records(4, 2));
  ASSERT_TRUE(follower_->WaitForPosition(5, Clock::now() + kPatience));

  std::vector<v1::LogRecord> live = Append(2);
  ASSERT_TRUE(PublishUntilApplied(live[0]));
  Publish(live[1]);
  ASSERT_TRUE(follower_->WaitForPosition(7, Clock::now() + kPatience));
  follower_->Stop();
  std::vector<v1::LogRecord> mine;
  ASSERT_TRUE(replica_->Read(1, 100, &mine).ok());
  std::vector<v1::LogRecord> theirs = Records(1, 100);
  ASSERT_EQ(mine.size(), theirs.size());
  for (size_t i = 0; i < mine.size(); ++i)
    EXPECT_EQ(mine[i].SerializeAsString(), theirs[i].SerializeAsString());
}

TEST_F(FollowerTest, AGapOnThePubIsRepairedByFetch) {
  StartFollower();
  CatchUp();
  std::vector<v1::LogRecord> records = Append(3);  // 1, 2, 3
  ASSERT_TRUE(PublishUntilApplied(records[0]));
  Publish(records[2]);  // 2 was "dropped"
  std::optional<v1::FetchRequest> request = NextFetch();
  ASSERT_TRUE(request);
  EXPECT_EQ(request->from_position(), 2u);
  EXPECT_EQ(replica_->Head().position, 1u);
  AnswerFetch(*request, Records(2, 10));
  ASSERT_TRUE(follower_->WaitForPosition(3, Clock::now() + kPatience));
}

TEST_F(FollowerTest, AHeartbeatBeyondTheHeadTriggersAFetch) {
  StartFollower();
  CatchUp();
  std::vector<v1::LogRecord> records = Append(4);
  ASSERT_TRUE(PublishUntilApplied(records[0]));
  v1::BusFrame heartbeat;
  heartbeat.mutable_heartbeat()->set_head_position(4);
  heartbeat.mutable_heartbeat()->set_head_hash(records[3].hash());
  ASSERT_TRUE(bus_.Publish(heartbeat));
  std::optional<v1::FetchRequest> request = NextFetch();
  ASSERT_TRUE(request);
  EXPECT_EQ(request->from_position(), 2u);
  AnswerFetch(*request, Records(2, 10));
  ASSERT_TRUE(follower_->WaitForPosition(4, Clock::now() + kPatience));
}

TEST_F(FollowerTest, SilenceMakesItReconnectAndFetchAgain) {
  Append(1);
  StartFollower(/*heartbeat=*/50ms);
  std::string first_peer, second_peer;
  std::optional<v1::FetchRequest> first = NextFetch(&first_peer);
  ASSERT_TRUE(first);
  AnswerFetch(*first, Records(1, 10));
  ASSERT_TRUE(follower_->WaitForPosition(1, Clock::now() + kPatience));
  // Nothing at all on the PUB: after three heartbeat intervals a new socket asks again.
  std::optional<v1::FetchRequest> again = NextFetch(&second_peer);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->from_position(), 2u);
  EXPECT_NE(first_peer, second_peer);
}

TEST_F(FollowerTest, AnUnansweredFetchIsAskedAgainOnANewSocket) {
  Append(2);
  StartFollower(10s, /*fetch_timeout=*/100ms);
  std::string first_peer, second_peer;
  ASSERT_TRUE(NextFetch(&first_peer));  // not answered
  std::optional<v1::FetchRequest> again = NextFetch(&second_peer);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->from_position(), 1u);
  EXPECT_NE(first_peer, second_peer);
  AnswerFetch(*again, Records(1, 10));
  ASSERT_TRUE(follower_->WaitForPosition(2, Clock::now() + kPatience));
}

TEST_F(FollowerTest, ARecordThatDoesNotChainIsRefused) {
  StartFollower(10s, /*fetch_timeout=*/100ms);
  CatchUp();
  std::vector<v1::LogRecord> records = Append(2);
  ASSERT_TRUE(PublishUntilApplied(records[0]));
  v1::LogRecord forged = records[1];
  forged.set_hash(std::string(32, 'f'));
  Publish(forged);
  // Refused; the follower asks the bus for the real one instead.
  std::optional<v1::FetchRequest> request = NextFetch();
  ASSERT_TRUE(request);
  EXPECT_EQ(request->from_position(), 2u);
  EXPECT_EQ(replica_->Head().position, 1u);
  AnswerFetch(*request, Records(2, 10));
  ASSERT_TRUE(follower_->WaitForPosition(2, Clock::now() + kPatience));
  EXPECT_EQ(replica_->Head().hash, records[1].hash());
}

}  // namespace
}  // namespace regiotafel::node
