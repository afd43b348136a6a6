// The bus with CurveZMQ and a trust file, in-process over real tcp sockets on 127.0.0.1: who gets
// through the handshake, and that a connection speaks only for its own organisation.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "base/batch_signature.h"
#include "services/bus/bus.h"
#include "tests/support/bus_frames.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::bus {
namespace {

using testing::FrameClient;
using testing::HandshakeWatch;
using testing::Sign;
using testing::Signaal;
using Outcome = HandshakeWatch::Outcome;

constexpr const char* kDordrecht = "gemeente:dordrecht";
constexpr const char* kTrivire = "corporatie:trivire";

// An organisation of the test region: the keys it signs and connects with.
struct Organisation {
  std::string id;
  SigningKey signing = SigningKey::Generate();
  transport::CurveKeyPair curve = transport::GenerateCurveKeyPair();
};

class BusTrustTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The bus's log lines, to check that every refusal names who and why.
    previous_logger_ = spdlog::default_logger();
    log_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(1000);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("test", log_));

    BusConfig config;
    config.data_dir = dir_.Sub("bus");
    config.submit = config.publish = config.fetch = "tcp://127.0.0.1:*";
    config.trust = Trust();
    config.curve = bus_key_;
    Status s = Bus::Open(context_, config, &bus_);
    ASSERT_TRUE(s.ok()) << s.ToString();
    thread_ = std::thread([this] { run_status_ = bus_->Run(); });
  }

  // Both organisations, one key each from position 1 on.
  virtual config::TrustMap Trust() const {
    config::TrustMap trust;
    for (const Organisation* org : {&dordrecht_, &trivire_}) {
      trust[org->id].sleutels = {{.ed25519 = org->signing.public_key(), .curve = org->curve.public_key}};
    }
    return trust;
  }

  void TearDown() override {
    if (bus_) {
      bus_->Stop();
      thread_.join();
      EXPECT_TRUE(run_status_.ok()) << run_status_.ToString();
    }
    bus_.reset();
    spdlog::set_default_logger(previous_logger_);
  }

  // The client keys of `org` towards this bus; `server_key` another bus's to get it wrong.
  transport::CurveSettings As(const transport::CurveKeyPair& own) const {
    transport::CurveSettings curve;
    curve.own = own;
    curve.server_key = bus_key_.public_key;
    return curve;
  }
  std::unique_ptr<FrameClient> Client(const std::string& endpoint, const transport::CurveSettings& curve,
                                      zmq::socket_type type = zmq::socket_type::dealer,
                                      HandshakeWatch* watch = nullptr) {
    return std::make_unique<FrameClient>(context_, type, endpoint, curve, watch);
  }

  bool Logged(const std::string& a, const std::string& b = "") const {
    for (const std::string& line : log_->last_formatted()) {
      if (line.find(a) != std::string::npos && line.find(b) != std::string::npos) return true;
    }
    return false;
  }

  // A fresh connection of Dordrecht's gets a batch committed: the bus still serves.
  void ExpectStillServing(uint64_t origin_seq) {
    std::optional<v1::SubmitReply> reply =
        Client(bus_->submit_endpoint(), As(dordrecht_.curve))
            ->Submit({Sign(dordrecht_.signing, Signaal(kDordrecht, origin_seq))}, origin_seq);
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
  }

  testing::TempDir dir_;
  zmq::context_t context_{1};
  Organisation dordrecht_{kDordrecht};
  Organisation trivire_{kTrivire};
  transport::CurveKeyPair bus_key_ = transport::GenerateCurveKeyPair();
  std::shared_ptr<spdlog::logger> previous_logger_;
  std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> log_;
  std::unique_ptr<Bus> bus_;
  std::thread thread_;
  Status run_status_;
};

TEST_F(BusTrustTest, AKnownKeySubmitsFetchesAndSubscribes) {
  HandshakeWatch watch;
  auto subscriber = Client(bus_->publish_endpoint(), As(trivire_.curve), zmq::socket_type::sub, &watch);
  ASSERT_EQ(watch.Wait(), Outcome::kSucceeded);
  auto submitter = Client(bus_->submit_endpoint(), As(dordrecht_.curve));
  const v1::SignedEnvelope event = Sign(dordrecht_.signing, Signaal(kDordrecht, 1));
  std::optional<v1::SubmitReply> reply = submitter->Submit({event}, 1);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();

  std::optional<v1::FetchResponse> fetched = Client(bus_->fetch_endpoint(), As(trivire_.curve))->Fetch(1, 10);
  ASSERT_TRUE(fetched);
  ASSERT_EQ(fetched->records_size(), 1);
  EXPECT_EQ(fetched->records(0).envelope(), event.envelope());
  for (;;) {  // heartbeats may come first
    std::optional<v1::BusFrame> frame = subscriber->Receive();
    ASSERT_TRUE(frame);
    if (!frame->has_committed()) continue;
    EXPECT_EQ(frame->committed().record().envelope(), event.envelope());
    break;
  }
  EXPECT_TRUE(Logged("verbonden: organisatie=gemeente:dordrecht"));
  EXPECT_TRUE(Logged("verbonden: organisatie=corporatie:trivire"));
}

TEST_F(BusTrustTest, AnUnknownKeyFailsTheHandshakeOnEverySocket) {
  const transport::CurveKeyPair stranger = transport::GenerateCurveKeyPair();
  for (const std::string& endpoint :
       {bus_->submit_endpoint(), bus_->fetch_endpoint(), bus_->publish_endpoint()}) {
    HandshakeWatch watch;
    const bool is_publish = endpoint == bus_->publish_endpoint();
    auto client =
        Client(endpoint, As(stranger), is_publish ? zmq::socket_type::sub : zmq::socket_type::dealer, &watch);
    if (!is_publish) {
      // Sent before the handshake: it waits for a connection that never comes.
      v1::BusFrame frame;
      frame.mutable_submit()->set_request_id(1);
      *frame.mutable_submit()->add_events() = Sign(dordrecht_.signing, Signaal(kDordrecht, 1));
      ASSERT_TRUE(client->Send(frame).ok());
    }
    EXPECT_EQ(watch.Wait(), Outcome::kFailedAuth) << endpoint;
  }
  EXPECT_EQ(bus_->log().Head().position, 0u);
  EXPECT_TRUE(Logged("verbinding geweigerd", transport::ToZ85(stranger.public_key)));
  EXPECT_TRUE(Logged("verbinding geweigerd", "onbekende Curve-sleutel"));
  ExpectStillServing(1);
}

// Whatever reaches the ports: random bytes are no CURVE handshake; a trusted organisation's batch
// over the bus's size limit is refused whole in one answer with the reason, one log line naming the
// connection's organisation, and its connection keeps working.
TEST_F(BusTrustTest, JunkAndOversizedBatchesAreRefusedAndTheBusKeepsServing) {
  for (const std::string& endpoint :
       {bus_->submit_endpoint(), bus_->fetch_endpoint(), bus_->publish_endpoint()}) {
    const int port = std::stoi(endpoint.substr(endpoint.rfind(':') + 1));
    ASSERT_TRUE(testing::WriteRandomBytesTo(port, 4096)) << endpoint;
  }
  auto client = Client(bus_->submit_endpoint(), As(dordrecht_.curve));
  v1::Envelope big = Signaal(kDordrecht, 1);
  big.mutable_signaal()->set_omschrijving(std::string(kMaxSubmitBytes, 'x'));
  std::optional<v1::SubmitReply> reply = client->Submit({Sign(dordrecht_.signing, big)}, 1);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results_size(), 0);
  EXPECT_NE(reply->error().find("MiB"), std::string::npos) << reply->error();
  EXPECT_TRUE(Logged("batch geweigerd: organisatie=gemeente:dordrecht", "MiB"));
  EXPECT_EQ(bus_->log().Head().position, 0u);
  reply = client->Submit({Sign(dordrecht_.signing, Signaal(kDordrecht, 2))}, 2);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
}

TEST_F(BusTrustTest, NoKeyOrTheWrongBusKeyCannotConnect) {
  transport::CurveSettings wrong_bus = As(dordrecht_.curve);
  wrong_bus.server_key = transport::GenerateCurveKeyPair().public_key;
  for (const transport::CurveSettings& curve : {transport::CurveSettings{}, wrong_bus}) {
    HandshakeWatch watch;
    auto client = Client(bus_->submit_endpoint(), curve, zmq::socket_type::dealer, &watch);
    v1::BusFrame frame;
    frame.mutable_submit()->set_request_id(1);
    *frame.mutable_submit()->add_events() = Sign(dordrecht_.signing, Signaal(kDordrecht, 1));
    ASSERT_TRUE(client->Send(frame).ok());
    const Outcome outcome = watch.Wait();
    EXPECT_TRUE(outcome == Outcome::kFailed || outcome == Outcome::kFailedAuth)
        << "plain: " << !curve.enabled() << ", outcome " << static_cast<int>(outcome);
  }
  EXPECT_EQ(bus_->log().Head().position, 0u);
  ExpectStillServing(1);
}

TEST_F(BusTrustTest, AConnectionSpeaksOnlyForItsOwnOrganisation) {
  // Trivire's envelope, signed with Trivire's own key, but sent over Dordrecht's connection.
  const v1::SignedEnvelope borrowed = Sign(trivire_.signing, Signaal(kTrivire, 1));
  std::optional<v1::SubmitReply> reply =
      Client(bus_->submit_endpoint(), As(dordrecht_.curve))->Submit({borrowed}, 1);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(0).field(), "origin");
  EXPECT_NE(reply->results(0).error().find(kDordrecht), std::string::npos) << reply->results(0).error();
  EXPECT_NE(reply->results(0).error().find(kTrivire), std::string::npos) << reply->results(0).error();
  EXPECT_EQ(bus_->log().Head().position, 0u);
  EXPECT_TRUE(Logged("afgewezen: organisatie=corporatie:trivire", "verbonden als gemeente:dordrecht"));

  // Over Trivire's own connection the same bytes are Trivire's to submit.
  reply = Client(bus_->submit_endpoint(), As(trivire_.curve))->Submit({borrowed}, 2);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
}

// Over an authenticated connection the bus still judges every envelope: a tampered signature, an
// event id again with other bytes, a payload the organisation's role may not publish.
TEST_F(BusTrustTest, AnAuthenticatedConnectionStillHasEveryEnvelopeChecked) {
  auto client = Client(bus_->submit_endpoint(), As(dordrecht_.curve));
  const v1::Envelope first = Signaal(kDordrecht, 1);
  std::optional<v1::SubmitReply> reply = client->Submit({Sign(dordrecht_.signing, first)}, 1);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED);

  v1::SignedEnvelope tampered = Sign(dordrecht_.signing, Signaal(kDordrecht, 2));
  tampered.mutable_signature()->at(5) ^= 1;
  v1::Envelope replayed = first;
  replayed.mutable_signaal()->set_omschrijving("other bytes, same event id");
  v1::Envelope role = Signaal(kDordrecht, 3);
  role.mutable_aanmelding()->set_v_nummer("1234567890");  // a gemeente may not publish an Aanmelding
  reply = client->Submit({tampered, Sign(dordrecht_.signing, replayed), Sign(dordrecht_.signing, role)}, 2);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 3);
  for (const auto& result : reply->results()) {
    EXPECT_EQ(result.status(), v1::SubmitResult::REJECTED);
    EXPECT_FALSE(result.error().empty());
  }
  EXPECT_EQ(reply->results(0).field(), "signature");
  EXPECT_EQ(reply->results(1).field(), "event_id");
  EXPECT_EQ(bus_->log().Head().position, 1u);
  EXPECT_TRUE(Logged("afgewezen: organisatie=gemeente:dordrecht", "veld=signature"));
  EXPECT_TRUE(Logged("afgewezen: organisatie=gemeente:dordrecht", "veld=event_id"));
  ExpectStillServing(4);
}

// A node signs each batch as one (base/batch_signature.h): the bus accepts it, every stored record
// verifies on its own, the same events resubmitted in another batch are duplicates, and an
// envelope changed after signing is refused alone.
TEST_F(BusTrustTest, ABatchSignedAsOneCommitsAndEachRecordVerifiesAlone) {
  auto client = Client(bus_->submit_endpoint(), As(dordrecht_.curve));
  std::vector<v1::SignedEnvelope> events;
  for (uint64_t seq = 1; seq <= 10; ++seq)
    events.push_back(Sign(dordrecht_.signing, Signaal(kDordrecht, seq)));
  auto sign_as_one = [&](std::vector<v1::SignedEnvelope> batch) {
    std::vector<std::string_view> envelopes;
    for (const auto& e : batch) envelopes.push_back(e.envelope());
    std::vector<std::string> proofs = SignBatch(dordrecht_.signing, envelopes);
    for (size_t i = 0; i < batch.size(); ++i) batch[i].set_signature(proofs[i]);
    return batch;
  };
  std::optional<v1::SubmitReply> reply = client->Submit(sign_as_one(events), 1);
  ASSERT_TRUE(reply);
  for (const auto& result : reply->results()) {
    EXPECT_EQ(result.status(), v1::SubmitResult::COMMITTED) << result.error();
  }
  std::optional<std::vector<v1::LogRecord>> records =
      Client(bus_->fetch_endpoint(), As(trivire_.curve))->FetchAll();
  ASSERT_TRUE(records);
  ASSERT_EQ(records->size(), 10u);
  for (const v1::LogRecord& record : *records) {
    EXPECT_GT(record.signature().size(), kSignatureSize);  // a batch proof
    SignatureVerifier auditor;                             // one record, nothing else
    EXPECT_TRUE(auditor.Verify(dordrecht_.signing.public_key(), record.envelope(), record.signature()));
  }

  // Three of them again, in a batch of their own (as after a lost answer): their first positions.
  reply = client->Submit(sign_as_one({events[2], events[3], events[4]}), 2);
  ASSERT_TRUE(reply);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(reply->results(i).status(), v1::SubmitResult::COMMITTED) << reply->results(i).error();
    EXPECT_EQ(reply->results(i).position(), static_cast<uint64_t>(i + 3));
  }
  EXPECT_EQ(bus_->log().Head().position, 10u);

  // Signed, then one envelope changed: that one is refused, the rest of the batch commits.
  std::vector<v1::SignedEnvelope> later = sign_as_one(
      {Sign(dordrecht_.signing, Signaal(kDordrecht, 11)), Sign(dordrecht_.signing, Signaal(kDordrecht, 12))});
  v1::Envelope changed;
  ASSERT_TRUE(changed.ParseFromString(later[1].envelope()));
  changed.mutable_signaal()->set_omschrijving("changed after signing");
  later[1].set_envelope(changed.SerializeAsString());
  reply = client->Submit(later, 3);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
  EXPECT_EQ(reply->results(1).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(1).field(), "signature");
  EXPECT_EQ(bus_->log().Head().position, 11u);
}

// Dordrecht rotates its signing key: the old one signs positions 1–5, the new one from 4 on.
class BusRotationTest : public BusTrustTest {
 protected:
  config::TrustMap Trust() const override {
    config::TrustMap trust = BusTrustTest::Trust();
    config::TrustedKey& old_key = trust[kDordrecht].sleutels.front();
    old_key.tot = 6;
    trust[kDordrecht].sleutels.push_back({.ed25519 = new_key_.public_key(), .vanaf = 4});
    return trust;
  }
  std::optional<v1::SubmitReply> Submit(const SigningKey& key, uint64_t first_seq, int n,
                                        uint64_t request_id) {
    std::vector<v1::SignedEnvelope> events;
    std::vector<std::string_view> envelopes;
    for (int i = 0; i < n; ++i) events.push_back(Sign(key, Signaal(kDordrecht, first_seq + i)));
    for (const auto& e : events) envelopes.push_back(e.envelope());
    std::vector<std::string> proofs = SignBatch(key, envelopes);  // as a node sends them
    for (int i = 0; i < n; ++i) events[i].set_signature(proofs[i]);
    if (!client_) client_ = Client(bus_->submit_endpoint(), As(dordrecht_.curve));
    return client_->Submit(events, request_id);
  }

  SigningKey new_key_ = SigningKey::Generate();
  std::unique_ptr<FrameClient> client_;
};

TEST_F(BusRotationTest, EachPositionIsSignedByTheKeysInEffectThere) {
  // The new key before its first position: refused.
  std::optional<v1::SubmitReply> reply = Submit(new_key_, 1, 1, 1);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(0).field(), "signature");
  EXPECT_NE(reply->results(0).error().find("positie 1"), std::string::npos) << reply->results(0).error();

  // The old key: positions 1–3, then a batch of four crossing its end (one by one): 4 and 5 in,
  // 6 and 7 refused.
  reply = Submit(dordrecht_.signing, 1, 3, 2);
  ASSERT_TRUE(reply);
  for (const auto& r : reply->results()) EXPECT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
  reply = Submit(dordrecht_.signing, 4, 4, 3);
  ASSERT_TRUE(reply);
  ASSERT_EQ(reply->results_size(), 4);
  EXPECT_EQ(reply->results(0).position(), 4u) << reply->results(0).error();
  EXPECT_EQ(reply->results(1).position(), 5u) << reply->results(1).error();
  EXPECT_EQ(reply->results(2).status(), v1::SubmitResult::REJECTED);
  EXPECT_EQ(reply->results(3).status(), v1::SubmitResult::REJECTED);
  EXPECT_NE(reply->results(2).error().find("positie 6"), std::string::npos) << reply->results(2).error();

  // The new key from there on.
  reply = Submit(new_key_, 6, 2, 4);
  ASSERT_TRUE(reply);
  for (const auto& r : reply->results()) EXPECT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
  EXPECT_EQ(bus_->log().Head().position, 7u);

  // An event the old key signed, in the log already, resubmitted after the key's end (its answer
  // was lost): answered with its position, as any duplicate, not refused.
  std::vector<v1::LogRecord> first;
  ASSERT_TRUE(bus_->log().Read(2, 1, &first).ok());
  v1::SignedEnvelope again;
  again.set_envelope(first[0].envelope());
  again.set_signature(first[0].signature());
  reply = client_->Submit({again}, 5);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();
  EXPECT_EQ(reply->results(0).position(), 2u);
  EXPECT_EQ(bus_->log().Head().position, 7u);

  // An auditor with the trust file: every record verifies by the keys at its position; the old
  // key still verifies the history it signed, and nothing else does.
  const config::TrustMap trust = Trust();
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(bus_->log().Read(1, 100, &records).ok());
  ASSERT_EQ(records.size(), 7u);
  for (const v1::LogRecord& record : records) {
    SignatureVerifier auditor;
    EXPECT_TRUE(
        trust.at(kDordrecht).Signed(record.position(), record.envelope(), record.signature(), auditor))
        << "position " << record.position();
    SignatureVerifier other;
    EXPECT_FALSE(trust.at(kDordrecht)
                     .Signed(record.position() <= 5 ? 6 : 3, record.envelope(), record.signature(), other))
        << "position " << record.position() << " judged at another position";
  }
}

}  // namespace
}  // namespace regiotafel::bus
