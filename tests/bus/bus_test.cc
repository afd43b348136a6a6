// The bus in-process, over real tcp sockets on 127.0.0.1 and a real RocksDB log in a temp dir.
#include "services/bus/bus.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <thread>

#include "privacy/klassen.h"
#include "privacy/sealed_event.h"
#include "tests/support/bus_frames.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::bus {
namespace {

using testing::FrameClient;
using testing::Sign;
using testing::Signaal;

constexpr const char* kOrigin = "gemeente:dordrecht";

class BusTest : public ::testing::Test {
 protected:
  void TearDown() override {
    if (bus_) {
      bus_->Stop();
      thread_.join();
      EXPECT_TRUE(run_status_.ok()) << run_status_.ToString();
    }
  }

  void StartBus(bool with_trust = false,
                std::chrono::milliseconds heartbeat = std::chrono::milliseconds(1000)) {
    ASSERT_FALSE(dir_.path().empty());
    BusConfig config;
    config.data_dir = dir_.Sub("bus");
    config.submit = "tcp://127.0.0.1:*";
    config.publish = "tcp://127.0.0.1:*";
    config.fetch = "tcp://127.0.0.1:*";
    config.heartbeat = heartbeat;
    if (with_trust)
      config.trust = config::TrustMap{{kOrigin, {.sleutels = {{.ed25519 = key_.public_key()}}}}};
    Status s = Bus::Open(context_, config, &bus_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    thread_ = std::thread([this] { run_status_ = bus_->Run(); });
  }

  std::unique_ptr<FrameClient> Submitter() {
    return std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, bus_->submit_endpoint());
  }
  std::unique_ptr<FrameClient> Fetcher() {
    return std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, bus_->fetch_endpoint());
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

  std::vector<v1::SignedEnvelope> Batch(int n, uint64_t first_seq = 1) {
    std::vector<v1::SignedEnvelope> events;
    for (int i = 0; i < n; ++i) events.push_back(Sign(key_, Signaal(kOrigin, first_seq + i)));
    return events;
  }

  testing::TempDir dir_;
  zmq::context_t context_{1};
  SigningKey key_ = SigningKey::Generate();
  std::unique_ptr<Bus> bus_;
  std::thread thread_;
  Status run_status_;
};

TEST_F(BusTest, SubmitIsAnsweredWithConsecutivePositions) {
  StartBus();
  auto client = Submitter();
  std::vector<v1::SignedEnvelope> events = Batch(3);
  std::optional<v1::SubmitReply> reply = client->Submit(events, 41);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->request_id(), 41u);
  ASSERT_EQ(reply->results_size(), 3);
  for (int i = 0; i < 3; ++i) {
    v1::Envelope envelope;
    ASSERT_TRUE(envelope.ParseFromString(events[i].envelope()));
    EXPECT_EQ(reply->results(i).status(), v1::SubmitResult::COMMITTED) << reply->results(i).error();
    EXPECT_EQ(reply->results(i).position(), static_cast<uint64_t>(i + 1));
    EXPECT_EQ(reply->results(i).event_id(), envelope.event_id());
  }
  EXPECT_EQ(bus_->log().Head().position, 3u);
  // Stored byte for byte as signed.
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(bus_->log().Read(1, 10, &records).ok());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].envelope(), events[1].envelope());
  EXPECT_EQ(records[1].signature(), events[1].signature());
}

TEST_F(BusTest, SubmittersAnsweredTogetherShareOneOrderedLog) {
  StartBus();
  auto a = Submitter();
  auto b = Submitter();
  v1::BusFrame fa, fb;
  fa.mutable_submit()->set_request_id(1);
  fb.mutable_submit()->set_request_id(2);
  for (const auto& e : Batch(50)) *fa.mutable_submit()->add_events() = e;
  for (const auto& e : Batch(50, 51)) *fb.mutable_submit()->add_events() = e;
  ASSERT_TRUE(a->Send(fa).ok());
  ASSERT_TRUE(b->Send(fb).ok());
  std::optional<v1::BusFrame> ra = a->Receive(), rb = b->Receive();
  ASSERT_TRUE(ra && rb);
  std::set<uint64_t> positions;
  for (const auto* reply : {&ra->submit_reply(), &rb->submit_reply()}) {
    ASSERT_EQ(reply->results_size(), 50);
    for (const auto& r : reply->results()) {
      EXPECT_EQ(r.status(), v1::SubmitResult::COMMITTED);
      positions.insert(r.position());
    }
  }
  EXPECT_EQ(ra->submit_reply().request_id(), 1u);
  EXPECT_EQ(rb->submit_reply().request_id(), 2u);
  ASSERT_EQ(positions.size(), 100u);
  EXPECT_EQ(*positions.begin(), 1u);
  EXPECT_EQ(*positions.rbegin(), 100u);
}

TEST_F(BusTest, BadEnvelopesAreRejectedWithTheReasonAndNothingIsWritten) {
  StartBus();
  auto client = Submitter();
  v1::SignedEnvelope garbage;
  garbage.set_envelope("\xff\xff\xff not a protobuf");
  garbage.set_signature(std::string(64, 'x'));
  v1::Envelope bad_v_nummer = Signaal(kOrigin, 1, "12345");  // not 10 digits
  bad_v_nummer.set_stream("dossier/12345");
  v1::Envelope wrong_stream = Signaal(kOrigin, 1);
  wrong_stream.set_stream("dossier/9999999999");
  v1::Envelope wrong_role = Signaal(kOrigin, 1);
  wrong_role.mutable_aanmelding()->set_v_nummer("1234567890");  // gemeente may not publish Aanmelding

  std::optional<v1::SubmitReply> reply = client->Submit(
      {garbage, Sign(key_, bad_v_nummer), Sign(key_, wrong_stream), Sign(key_, wrong_role)}, 5);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 4);
  for (const auto& r : reply->results()) {
    EXPECT_EQ(r.status(), v1::SubmitResult::REJECTED);
    EXPECT_FALSE(r.error().empty());
    EXPECT_EQ(r.position(), 0u);
  }
  EXPECT_NE(reply->results(1).field().find("v_nummer"), std::string::npos) << reply->results(1).field();
  EXPECT_EQ(reply->results(1).event_id(), bad_v_nummer.event_id());
  EXPECT_EQ(reply->results(2).field(), "stream");
  EXPECT_EQ(bus_->log().Head().position, 0u);
}

// A Signaal split and sealed as a gemeente's node sends it (docs/PRIVACY.md): the bus stores its
// toelichting part beside the record and hands it only to a kind that may read it; a part that is
// not the one the envelope commits to is refused, and nothing of that event is written.
TEST_F(BusTest, SealedPartsAreCheckedStoredBesideTheRecordAndHandedOnlyToWhoMayReadThem) {
  StartBus();
  privacy::Keyring region;
  for (v1::Klasse klasse : privacy::kKlassen) region.Add(privacy::NewKlasseKey(klasse, 1));
  privacy::Sealer sealer(region);
  auto sealed = [&](uint64_t seq) {
    v1::Envelope envelope = Signaal(kOrigin, seq);
    std::vector<std::string> delen;
    EXPECT_TRUE(privacy::SplitAndSeal(sealer, &envelope, &delen).ok());
    v1::SignedEnvelope signed_envelope = Sign(key_, envelope);
    for (std::string& deel : delen) signed_envelope.add_delen(std::move(deel));
    return signed_envelope;
  };
  v1::SignedEnvelope good = sealed(1), forged = sealed(2), swapped = sealed(3), missing = sealed(4);
  forged.mutable_delen(0)->back() ^= 1;
  *swapped.mutable_delen(0) = good.delen(0);
  missing.clear_delen();
  auto client = Submitter();
  std::optional<v1::SubmitReply> reply = client->Submit({good, forged, swapped, missing}, 1);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 4);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
  for (int i = 1; i < 4; ++i) {
    EXPECT_EQ(reply->results(i).status(), v1::SubmitResult::REJECTED) << i;
    EXPECT_EQ(reply->results(i).field(), "delen") << i << ": " << reply->results(i).error();
  }
  EXPECT_EQ(bus_->log().Head().position, 1u) << "nothing of a refused event is written";
  std::vector<v1::LogRecord> stored;
  ASSERT_TRUE(bus_->log().Read(1, 1, &stored).ok());
  EXPECT_EQ(stored[0].envelope().find("test"), std::string::npos) << "the omschrijving is not in the record";

  auto fetcher = Fetcher();
  std::optional<v1::FetchResponse> gemeente =
      fetcher->Fetch(1, 10, 1, testing::kPatience, "gemeente:zwijndrecht");
  ASSERT_TRUE(gemeente);
  ASSERT_EQ(gemeente->delen_size(), 1);
  EXPECT_EQ(gemeente->delen(0).position(), 1u);
  ASSERT_EQ(gemeente->delen(0).delen_size(), 1);
  EXPECT_EQ(gemeente->delen(0).delen(0), good.delen(0));
  std::optional<v1::FetchResponse> corporatie =
      fetcher->Fetch(1, 10, 2, testing::kPatience, "corporatie:trivire");
  ASSERT_TRUE(corporatie);
  EXPECT_EQ(corporatie->records_size(), 1);
  EXPECT_EQ(corporatie->delen_size(), 0) << "a corporatie may not read a toelichting";
  std::optional<v1::FetchResponse> nobody = fetcher->Fetch(1, 10, 3);
  ASSERT_TRUE(nobody);
  EXPECT_EQ(nobody->delen_size(), 0) << "who does not say who it is gets no personal data";
}

TEST_F(BusTest, AMixedBatchCommitsTheValidAndRejectsTheRest) {
  StartBus();
  auto client = Submitter();
  v1::SignedEnvelope bad = Sign(key_, Signaal(kOrigin, 2, "12"));
  std::vector<v1::SignedEnvelope> events = Batch(1);
  events.push_back(bad);
  events.push_back(Batch(1, 3)[0]);
  std::optional<v1::SubmitReply> reply = client->Submit(events, 1);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 3);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED);
  EXPECT_EQ(reply->results(0).position(), 1u);
  EXPECT_EQ(reply->results(1).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(2).status(), v1::SubmitResult::COMMITTED);
  EXPECT_EQ(reply->results(2).position(), 2u);
}

TEST_F(BusTest, WithATrustFileSignaturesAreChecked) {
  StartBus(/*with_trust=*/true);
  auto client = Submitter();
  v1::SignedEnvelope forged = Sign(SigningKey::Generate(), Signaal(kOrigin, 1));
  v1::SignedEnvelope tampered = Sign(key_, Signaal(kOrigin, 2));
  tampered.mutable_signature()->at(0) ^= 1;
  v1::SignedEnvelope stranger = Sign(key_, Signaal("gemeente:zwijndrecht", 1));
  std::optional<v1::SubmitReply> reply = client->Submit({forged, tampered, stranger}, 9);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 3);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(0).field(), "signature");
  EXPECT_EQ(reply->results(1).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(1).field(), "signature");
  EXPECT_EQ(reply->results(2).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(2).field(), "origin");
  EXPECT_NE(reply->results(2).error().find("gemeente:zwijndrecht"), std::string::npos);
  EXPECT_EQ(bus_->log().Head().position, 0u);

  reply = client->Submit(Batch(1), 10);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
}

TEST_F(BusTest, ResubmittingAnswersTheFirstPositionsAndWritesNothing) {
  StartBus();
  auto client = Submitter();
  std::vector<v1::SignedEnvelope> events = Batch(4);
  std::optional<v1::SubmitReply> first = client->Submit(events, 1);
  ASSERT_TRUE(first);
  // Partly again, in another order, beside a new one.
  std::vector<v1::SignedEnvelope> again = {events[2], Batch(1, 5)[0], events[0]};
  std::optional<v1::SubmitReply> second = client->Submit(again, 2);
  ASSERT_TRUE(second);
  ASSERT_EQ(second->results_size(), 3);
  EXPECT_EQ(second->results(0).status(), v1::SubmitResult::COMMITTED);
  EXPECT_EQ(second->results(0).position(), first->results(2).position());
  EXPECT_EQ(second->results(1).position(), 5u);
  EXPECT_EQ(second->results(2).position(), first->results(0).position());
  EXPECT_EQ(bus_->log().Head().position, 5u);

  // The same event id with other bytes is not the same event.
  v1::Envelope changed;
  ASSERT_TRUE(changed.ParseFromString(events[1].envelope()));
  changed.mutable_signaal()->set_omschrijving("anders");
  std::optional<v1::SubmitReply> third = client->Submit({Sign(key_, changed)}, 3);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->results(0).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(third->results(0).field(), "event_id");
  EXPECT_EQ(bus_->log().Head().position, 5u);
}

TEST_F(BusTest, FetchAnswersRangesAndTheHead) {
  StartBus();
  auto client = Submitter();
  ASSERT_TRUE(client->Submit(Batch(25), 1));
  auto fetcher = Fetcher();

  std::optional<v1::FetchResponse> r = fetcher->Fetch(1, 10, 77);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->request_id(), 77u);
  EXPECT_EQ(r->head_position(), 25u);
  ASSERT_EQ(r->records_size(), 10);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(r->records(i).position(), static_cast<uint64_t>(i + 1));

  r = fetcher->Fetch(20, 0);  // 0: as many as allowed
  ASSERT_TRUE(r);
  ASSERT_EQ(r->records_size(), 6);
  EXPECT_EQ(r->records(0).position(), 20u);
  EXPECT_EQ(r->records(5).position(), 25u);

  r = fetcher->Fetch(0, 3);  // 0 counts as 1
  ASSERT_TRUE(r);
  ASSERT_EQ(r->records_size(), 3);
  EXPECT_EQ(r->records(0).position(), 1u);

  r = fetcher->Fetch(26, 10);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->records_size(), 0);
  EXPECT_EQ(r->head_position(), 25u);

  // Byte-identical to the log.
  std::vector<v1::LogRecord> stored;
  ASSERT_TRUE(bus_->log().Read(1, 100, &stored).ok());
  std::optional<std::vector<v1::LogRecord>> all = fetcher->FetchAll();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), stored.size());
  for (size_t i = 0; i < stored.size(); ++i) {
    EXPECT_EQ((*all)[i].SerializeAsString(), stored[i].SerializeAsString());
  }
}

TEST_F(BusTest, FetchIsCappedAtTenThousandRecords) {
  StartBus();
  auto client = Submitter();
  for (uint64_t b = 0; b < 11; ++b) {
    std::optional<v1::SubmitReply> reply = client->Submit(Batch(1000, b * 1000 + 1), b);
    ASSERT_TRUE(reply);
  }
  std::optional<v1::FetchResponse> r = Fetcher()->Fetch(1, 50'000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->records_size(), static_cast<int>(kMaxFetchRecords));
  EXPECT_EQ(r->head_position(), 11'000u);
  EXPECT_LE(r->ByteSizeLong(), kMaxFetchBytes + 1024);
}

TEST_F(BusTest, PublishesEveryCommittedRecordInLogOrder) {
  StartBus(false, std::chrono::milliseconds(50));
  auto sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  auto a = Submitter();
  auto b = Submitter();
  for (int round = 0; round < 5; ++round) {
    v1::BusFrame fa, fb;
    fa.mutable_submit()->set_request_id(round);
    fb.mutable_submit()->set_request_id(round);
    for (const auto& e : Batch(10, round * 20 + 1)) *fa.mutable_submit()->add_events() = e;
    for (const auto& e : Batch(10, round * 20 + 11)) *fb.mutable_submit()->add_events() = e;
    ASSERT_TRUE(a->Send(fa).ok());
    ASSERT_TRUE(b->Send(fb).ok());
  }
  std::vector<v1::LogRecord> published;
  while (published.size() < 100) {
    std::optional<v1::BusFrame> frame = sub->Receive();
    ASSERT_TRUE(frame) << "after " << published.size() << " records";
    if (frame->has_committed()) published.push_back(frame->committed().record());
  }
  std::vector<v1::LogRecord> stored;
  ASSERT_TRUE(bus_->log().Read(1, 1000, &stored).ok());
  ASSERT_EQ(stored.size(), 100u);
  for (size_t i = 0; i < 100; ++i) {
    EXPECT_EQ(published[i].position(), i + 1);
    EXPECT_EQ(published[i].SerializeAsString(), stored[i].SerializeAsString());
  }
}

TEST_F(BusTest, HeartbeatsAnnounceTheHeadWhenQuiet) {
  StartBus(false, std::chrono::milliseconds(50));
  auto sub = LiveSubscriber();
  ASSERT_TRUE(sub);
  ASSERT_TRUE(Submitter()->Submit(Batch(2), 1));
  // After the two records, the next heartbeat names position 2 and its hash.
  for (;;) {
    std::optional<v1::BusFrame> frame = sub->Receive();
    ASSERT_TRUE(frame);
    if (!frame->has_heartbeat()) continue;
    if (frame->heartbeat().head_position() < 2) continue;
    EXPECT_EQ(frame->heartbeat().head_position(), 2u);
    EXPECT_EQ(frame->heartbeat().head_hash(), bus_->log().Head().hash);
    EXPECT_GT(frame->heartbeat().sent_at().seconds(), 0);
    break;
  }
}

TEST_F(BusTest, MalformedMessagesAreDroppedAndTheBusKeepsServing) {
  StartBus();
  std::mt19937 random(42);
  auto junk = [&random](size_t n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(random());
    return bytes;
  };
  auto raw = Submitter();
  for (size_t n : {0, 1, 7, 100, 5000}) {
    zmq::message_t message(junk(n));
    ASSERT_TRUE(raw->socket().send(message, zmq::send_flags::none));
  }
  // Two parts where one is expected.
  ASSERT_TRUE(raw->socket().send(zmq::str_buffer("a"), zmq::send_flags::sndmore));
  ASSERT_TRUE(raw->socket().send(zmq::str_buffer("b"), zmq::send_flags::none));
  // A well-formed frame of the wrong kind.
  v1::BusFrame heartbeat;
  heartbeat.mutable_heartbeat()->set_head_position(99);
  ASSERT_TRUE(raw->Send(heartbeat).ok());
  // Too many events in one batch: refused whole, in one answer with the reason.
  std::optional<v1::SubmitReply> too_big = raw->Submit(Batch(kMaxBatchEvents + 1), 3);
  ASSERT_TRUE(too_big);
  EXPECT_EQ(too_big->results_size(), 0);
  EXPECT_NE(too_big->error().find("hoogstens"), std::string::npos) << too_big->error();

  // Not even ZeroMQ: random bytes straight onto the TCP port of both ROUTERs.
  for (const std::string& endpoint : {bus_->submit_endpoint(), bus_->fetch_endpoint()}) {
    const int port = std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
    ASSERT_TRUE(testing::WriteRandomBytesTo(port, 4096)) << endpoint;
  }
  auto fetch_raw = Fetcher();
  zmq::message_t junk_fetch(junk(33));
  ASSERT_TRUE(fetch_raw->socket().send(junk_fetch, zmq::send_flags::none));

  // Still serving both.
  std::optional<v1::SubmitReply> reply = Submitter()->Submit(Batch(1), 4);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED);
  EXPECT_EQ(reply->results(0).position(), 1u);
  std::optional<v1::FetchResponse> fetched = fetch_raw->Fetch(1, 10);
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->records_size(), 1);
}

TEST_F(BusTest, ReopenedBusContinuesTheLog) {
  StartBus();
  ASSERT_TRUE(Submitter()->Submit(Batch(3), 1));
  bus_->Stop();
  thread_.join();
  ASSERT_TRUE(run_status_.ok());
  bus_.reset();
  StartBus();
  std::optional<v1::SubmitReply> reply = Submitter()->Submit(Batch(1, 4), 2);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).position(), 4u);
  EXPECT_TRUE(bus_->log().Verify(1, 0).ok());
}

}  // namespace
}  // namespace regiotafel::bus
