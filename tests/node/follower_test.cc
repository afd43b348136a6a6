// ReplicaFollower against a scripted bus: catch-up, live records, gaps, heartbeats, silence, and a
// record that does not chain. The records come from a real EventLog (the "bus's log").
#include <gtest/gtest.h>

#include "services/node/replica_follower.h"
#include "tests/node/scripted_bus.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using testing::kPatience;
using testing::ScriptedBus;

class FollowerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    ASSERT_TRUE(eventstore::EventLog::Open(dir_.Sub("source"), {}, &source_).ok());
    ASSERT_TRUE(eventstore::EventLog::Open(dir_.Sub("replica"), {}, &replica_).ok());
  }
  void TearDown() override {
    if (follower_) follower_->Stop();
  }

  void StartFollower(std::chrono::milliseconds heartbeat = 10s,
                     std::chrono::milliseconds fetch_timeout = 10s) {
    follower_ = std::make_unique<ReplicaFollower>(context_, *replica_,
                                                  FollowerOptions{.publish = bus_.pub_endpoint(),
                                                                  .fetch = bus_.router_endpoint(),
                                                                  .heartbeat = heartbeat,
                                                                  .fetch_timeout = fetch_timeout});
    follower_->Start();
  }

  // Appends n events to the bus's log and returns the records from `from` on.
  std::vector<v1::LogRecord> Append(int n) {
    std::vector<eventstore::AppendEntry> batch;
    for (int i = 0; i < n; ++i) {
      v1::Envelope envelope = testing::Signaal("gemeente:dordrecht", ++seq_);
      eventstore::AppendEntry entry;
      EXPECT_TRUE(
          eventstore::AppendEntry::FromSigned(envelope.SerializeAsString(), std::string(64, 's'), &entry)
              .ok());
      batch.push_back(std::move(entry));
    }
    std::vector<eventstore::AppendResult> results;
    EXPECT_TRUE(source_->Append(std::move(batch), &results).ok());
    return Records(source_->Head().position - n + 1, n);
  }
  std::vector<v1::LogRecord> Records(uint64_t from, size_t n) {
    std::vector<v1::LogRecord> records;
    EXPECT_TRUE(source_->Read(from, n, &records).ok());
    return records;
  }

  // Waits for the follower's next FetchRequest; the routing id goes to *from when given.
  std::optional<v1::FetchRequest> NextFetch(std::string* from = nullptr,
                                            std::chrono::milliseconds patience = kPatience) {
    for (;;) {
      std::optional<transport::RoutedFrame> in = bus_.Receive(patience);
      if (!in) return std::nullopt;
      if (!in->frame.has_fetch()) continue;
      if (from != nullptr) *from = in->routing_id;
      last_routing_id_ = in->routing_id;
      return in->frame.fetch();
    }
  }
  void AnswerFetch(const v1::FetchRequest& request, const std::vector<v1::LogRecord>& records) {
    v1::BusFrame frame;
    frame.mutable_fetch_response()->set_request_id(request.request_id());
    for (const auto& r : records) *frame.mutable_fetch_response()->add_records() = r;
    frame.mutable_fetch_response()->set_head_position(source_->Head().position);
    ASSERT_TRUE(bus_.Answer(last_routing_id_, frame));
  }
  void Publish(const v1::LogRecord& record) {
    v1::BusFrame frame;
    *frame.mutable_committed()->mutable_record() = record;
    ASSERT_TRUE(bus_.Publish(frame));
  }
  // Publishes `record` (the head's successor) until the follower has it: proves its SUB is live.
  bool PublishUntilApplied(const v1::LogRecord& record) {
    for (int i = 0; i < 2000; ++i) {
      Publish(record);
      if (follower_->WaitForPosition(record.position(), Clock::now() + 10ms)) return true;
    }
    return false;
  }
  // Catches the follower up to the source's head by answering its fetches.
  // Catches the follower up to the source's head by answering its fetches (at least the first).
  void CatchUp() {
    do {
      std::optional<v1::FetchRequest> request = NextFetch();
      ASSERT_TRUE(request);
      AnswerFetch(*request, Records(request->from_position(), 1000));
    } while (replica_->Head().position < source_->Head().position);
  }

  testing::TempDir dir_;
  zmq::context_t context_{1};
  ScriptedBus bus_{context_};
  std::unique_ptr<eventstore::EventLog> source_, replica_;
  std::unique_ptr<ReplicaFollower> follower_;
  std::string last_routing_id_;
  uint64_t seq_ = 0;
};

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
