// The bus's signed checkpoints, in-process over real sockets and a real log: every N records right
// after the record, after T seconds when records came, in fetch answers, rebuilt after a restart;
// each root compared with a Merkle tree over the log's record hashes, each signature checked.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "base/merkle.h"
#include "eventstore/checkpoint.h"
#include "services/bus/bus.h"
#include "tests/support/bus_frames.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::bus {
namespace {

using namespace std::chrono_literals;
using testing::FrameClient;
using testing::Sign;
using testing::Signaal;

constexpr const char* kOrigin = "gemeente:dordrecht";

class BusCheckpointTest : public ::testing::Test {
 protected:
  void TearDown() override { StopBus(); }

  void StartBus(std::optional<SigningKey> key, uint64_t elke, std::chrono::milliseconds interval) {
    ASSERT_FALSE(dir_.path().empty());
    BusConfig config;
    config.data_dir = dir_.Sub("bus");
    config.submit = "tcp://127.0.0.1:*";
    config.publish = "tcp://127.0.0.1:*";
    config.fetch = "tcp://127.0.0.1:*";
    config.heartbeat = 100ms;
    config.checkpoint_sleutel = std::move(key);
    config.checkpoint_elke = elke;
    config.checkpoint_interval = interval;
    Status s = Bus::Open(context_, config, &bus_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    thread_ = std::thread([this] { run_status_ = bus_->Run(); });
    submitter_ = std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, bus_->submit_endpoint());
    fetcher_ = std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, bus_->fetch_endpoint());
  }
  void StopBus() {
    if (!bus_) return;
    submitter_.reset();
    fetcher_.reset();
    bus_->Stop();
    thread_.join();
    EXPECT_TRUE(run_status_.ok()) << run_status_.ToString();
    bus_.reset();
  }

  // A SUB that has seen a heartbeat, so its subscription is known to be in place.
  std::unique_ptr<FrameClient> LiveSubscriber() {
    auto sub = std::make_unique<FrameClient>(context_, zmq::socket_type::sub, bus_->publish_endpoint());
    for (;;) {
      std::optional<v1::BusFrame> frame = sub->Receive();
      if (!frame) return nullptr;
      if (frame->has_heartbeat()) return sub;
    }
  }

  void Submit(int n) {
    std::vector<v1::SignedEnvelope> events;
    for (int i = 0; i < n; ++i) events.push_back(Sign(key_, Signaal(kOrigin, ++seq_)));
    std::optional<v1::SubmitReply> reply = submitter_->Submit(events, seq_);
    ASSERT_TRUE(reply);
    for (const auto& r : reply->results()) ASSERT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
  }

  // The root an auditor computes over the log's first `size` records.
  std::string RootOfLog(uint64_t size) {
    std::vector<v1::LogRecord> records;
    EXPECT_TRUE(bus_->log().Read(1, size, &records).ok());
    std::vector<std::string> leaves;
    for (const v1::LogRecord& record : records) leaves.push_back(merkle::LeafHash(record.hash()));
    return merkle::Tree(std::move(leaves)).RootAt(size);
  }

  void ExpectGenuine(const v1::Checkpoint& checkpoint) {
    EXPECT_EQ(checkpoint.root(), RootOfLog(checkpoint.position())) << "positie " << checkpoint.position();
    EXPECT_TRUE(eventstore::CheckpointSigned(checkpoint, checkpoint_key_.public_key()))
        << "positie " << checkpoint.position();
    EXPECT_GT(checkpoint.tijd().seconds(), 0);
  }

  // The PUB's frames up to and with the first checkpoint at `positie` (nullopt: none came).
  std::optional<std::vector<v1::BusFrame>> FramesUntilCheckpoint(FrameClient& sub, uint64_t position) {
    std::vector<v1::BusFrame> frames;
    for (;;) {
      std::optional<v1::BusFrame> frame = sub.Receive();
      if (!frame) return std::nullopt;
      frames.push_back(*frame);
      if (frame->has_checkpoint() && frame->checkpoint().position() == position) return frames;
    }
  }

  testing::TempDir dir_;
  zmq::context_t context_{1};
  SigningKey key_ = SigningKey::Generate();
  SigningKey checkpoint_key_ = SigningKey::Generate();
  std::unique_ptr<Bus> bus_;
  std::thread thread_;
  Status run_status_;
  std::unique_ptr<FrameClient> submitter_, fetcher_;
  uint64_t seq_ = 0;
};

TEST_F(BusCheckpointTest, EveryNRecordsACheckpointFollowsItsRecordOnThePub) {
  StartBus(checkpoint_key_, 10, 1h);
  std::unique_ptr<FrameClient> sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  Submit(25);
  std::optional<std::vector<v1::BusFrame>> frames = FramesUntilCheckpoint(*sub, 20);
  ASSERT_TRUE(frames);
  std::vector<uint64_t> order;  // record positions, and a checkpoint as 1000 + its positie
  for (const v1::BusFrame& frame : *frames) {
    if (frame.has_committed()) order.push_back(frame.committed().record().position());
    if (frame.has_checkpoint()) {
      order.push_back(1000 + frame.checkpoint().position());
      ExpectGenuine(frame.checkpoint());
    }
  }
  std::vector<uint64_t> expected;
  for (uint64_t p = 1; p <= 20; ++p) {
    expected.push_back(p);
    if (p % 10 == 0) expected.push_back(1000 + p);
  }
  EXPECT_EQ(order, expected);
  // Stored by the bus, as published.
  std::vector<v1::Checkpoint> stored;
  ASSERT_TRUE(bus_->checkpoints()->List(&stored).ok());
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[1].SerializeAsString(), frames->back().checkpoint().SerializeAsString());
}

TEST_F(BusCheckpointTest, AfterTheIntervalTheHeadIsSignedWhenRecordsCame) {
  StartBus(checkpoint_key_, 1000, 200ms);
  std::unique_ptr<FrameClient> sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  Submit(3);
  std::optional<std::vector<v1::BusFrame>> frames = FramesUntilCheckpoint(*sub, 3);
  ASSERT_TRUE(frames) << "no checkpoint at the head after the interval";
  ExpectGenuine(frames->back().checkpoint());
  Submit(4);
  frames = FramesUntilCheckpoint(*sub, 7);
  ASSERT_TRUE(frames);
  ExpectGenuine(frames->back().checkpoint());
  // Nothing new since: no checkpoint but those two, however long it stays quiet.
  for (int heartbeats = 0; heartbeats < 5;) {
    std::optional<v1::BusFrame> frame = sub->Receive();
    ASSERT_TRUE(frame);
    ASSERT_FALSE(frame->has_checkpoint()) << "positie " << frame->checkpoint().position();
    if (frame->has_heartbeat()) ++heartbeats;
  }
  std::vector<v1::Checkpoint> stored;
  ASSERT_TRUE(bus_->checkpoints()->List(&stored).ok());
  EXPECT_EQ(stored.size(), 2u);
}

TEST_F(BusCheckpointTest, AFetchAnswerCarriesTheLatestCheckpointAtOrBeforeItsLastRecord) {
  StartBus(checkpoint_key_, 10, 1h);
  std::unique_ptr<FrameClient> sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  Submit(25);
  ASSERT_TRUE(FramesUntilCheckpoint(*sub, 20));
  std::optional<v1::FetchResponse> to_5 = fetcher_->Fetch(1, 5, 1);
  std::optional<v1::FetchResponse> to_15 = fetcher_->Fetch(1, 15, 2);
  std::optional<v1::FetchResponse> to_25 = fetcher_->Fetch(11, 0, 3);
  std::optional<v1::FetchResponse> beyond = fetcher_->Fetch(26, 0, 4);
  ASSERT_TRUE(to_5 && to_15 && to_25 && beyond);
  EXPECT_FALSE(to_5->has_checkpoint());
  ASSERT_TRUE(to_15->has_checkpoint());
  EXPECT_EQ(to_15->checkpoint().position(), 10u);
  ExpectGenuine(to_15->checkpoint());
  ASSERT_TRUE(to_25->has_checkpoint());
  EXPECT_EQ(to_25->checkpoint().position(), 20u);
  ExpectGenuine(to_25->checkpoint());
  EXPECT_FALSE(beyond->has_checkpoint()) << "no records, no checkpoint";
}

TEST_F(BusCheckpointTest, ARestartedBusRebuildsItsTreeFromTheLog) {
  StartBus(checkpoint_key_, 10, 1h);
  Submit(15);
  StopBus();  // finishes the round: its records published, the checkpoint at 10 stored
  StartBus(checkpoint_key_, 10, 1h);
  std::unique_ptr<FrameClient> sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  Submit(10);
  std::optional<std::vector<v1::BusFrame>> frames = FramesUntilCheckpoint(*sub, 20);
  ASSERT_TRUE(frames);
  ExpectGenuine(frames->back().checkpoint());
  std::vector<v1::Checkpoint> stored;
  ASSERT_TRUE(bus_->checkpoints()->List(&stored).ok());
  ASSERT_EQ(stored.size(), 2u) << "10 from the first run, 20 from this one";
  ExpectGenuine(stored[0]);
}

TEST_F(BusCheckpointTest, WithoutAKeyThereAreNoCheckpoints) {
  StartBus(std::nullopt, 1, 1ms);
  std::unique_ptr<FrameClient> sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  Submit(3);
  EXPECT_EQ(bus_->checkpoints(), nullptr);
  for (uint64_t seen = 0; seen < 3;) {
    std::optional<v1::BusFrame> frame = sub->Receive();
    ASSERT_TRUE(frame);
    ASSERT_FALSE(frame->has_checkpoint());
    if (frame->has_committed()) seen = frame->committed().record().position();
  }
  std::optional<v1::FetchResponse> fetched = fetcher_->Fetch(1, 0);
  ASSERT_TRUE(fetched);
  EXPECT_FALSE(fetched->has_checkpoint());
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("bus/checkpoints")));
}

}  // namespace
}  // namespace regiotafel::bus
