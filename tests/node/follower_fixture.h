// The ReplicaFollower's test fixture: a follower against a scripted bus whose records come from a
// real EventLog (the "bus's log"), a replica of its own, and, when asked, a CheckpointStore.
#pragma once

#include <gtest/gtest.h>

#include "services/node/bus_client/replica_follower.h"
#include "tests/node/scripted_bus.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::node {

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

  // `checkpoints` (null: none kept) and `bus_key` (empty: not checked) for the bus's checkpoints.
  void StartFollower(std::chrono::milliseconds heartbeat = std::chrono::seconds(10),
                     std::chrono::milliseconds fetch_timeout = std::chrono::seconds(10),
                     eventstore::CheckpointStore* checkpoints = nullptr, std::string bus_key = {}) {
    follower_ = std::make_unique<ReplicaFollower>(context_, *replica_,
                                                  FollowerOptions{.publish = bus_.pub_endpoint(),
                                                                  .fetch = bus_.router_endpoint(),
                                                                  .heartbeat = heartbeat,
                                                                  .fetch_timeout = fetch_timeout,
                                                                  .bus_checkpoint_key = std::move(bus_key)},
                                                  checkpoints);
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
                                            std::chrono::milliseconds patience = testing::kPatience) {
    for (;;) {
      std::optional<transport::RoutedFrame> in = bus_.Receive(patience);
      if (!in) return std::nullopt;
      if (!in->frame.has_fetch()) continue;
      if (from != nullptr) *from = in->routing_id;
      last_routing_id_ = in->routing_id;
      return in->frame.fetch();
    }
  }
  void AnswerFetch(const v1::FetchRequest& request, const std::vector<v1::LogRecord>& records,
                   const v1::Checkpoint* checkpoint = nullptr) {
    v1::BusFrame frame;
    if (checkpoint != nullptr) *frame.mutable_fetch_response()->mutable_checkpoint() = *checkpoint;
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
      if (follower_->WaitForPosition(record.position(),
                                     std::chrono::steady_clock::now() + std::chrono::milliseconds(10))) {
        return true;
      }
    }
    return false;
  }
  // Catches the follower up to the source's head by answering its fetches (at least the first).
  void CatchUp() {
    do {
      std::optional<v1::FetchRequest> request = NextFetch();
      ASSERT_TRUE(request);
      const std::vector<v1::LogRecord> records = Records(request->from_position(), 1000);
      AnswerFetch(*request, records);
      if (records.empty()) continue;
      // Applied before the next question: else the loop waits for a fetch a caught-up follower never sends.
      ASSERT_TRUE(follower_->WaitForPosition(records.back().position(),
                                             std::chrono::steady_clock::now() + testing::kPatience));
    } while (replica_->Head().position < source_->Head().position);
  }

  testing::TempDir dir_;
  zmq::context_t context_{1};
  testing::ScriptedBus bus_{context_};
  std::unique_ptr<eventstore::EventLog> source_, replica_;
  std::unique_ptr<ReplicaFollower> follower_;
  std::string last_routing_id_;
  uint64_t seq_ = 0;
};

}  // namespace regiotafel::node
