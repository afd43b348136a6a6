// The bus and a node as separate processes (regiotafel-bus, regiotafel-node) on free 127.0.0.1
// ports, with real RocksDB directories, killed with SIGKILL where it matters. The test talks HTTP to
// the node and BusFrames to the bus's fetch socket.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "base/bytes.h"
#include "base/merkle.h"
#include "eventstore/checkpoint.h"
#include "eventstore/checkpoint_store.h"
#include "tests/support/bus_frames.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/whole_log.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::Eventually;
using testing::FrameClient;
using testing::Process;
using testing::SignaalBody;
using testing::ToAnswer;

constexpr const char* kOrg = "gemeente:dordrecht";

class RegionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    submit_ = "tcp://127.0.0.1:" + std::to_string(testing::FreePort());
    publish_ = "tcp://127.0.0.1:" + std::to_string(testing::FreePort());
    fetch_ = "tcp://127.0.0.1:" + std::to_string(testing::FreePort());
    http_port_ = testing::FreePort();
    WriteFile("node.ed25519", ToHex(key_.secret_key()) + "\n");
    WriteTrust(key_);
    WriteFile("bus.toml", "data = \"bus\"\nsubmit = \"" + submit_ + "\"\npublish = \"" + publish_ +
                              "\"\nfetch = \"" + fetch_ + "\"\ntrust = \"trust.toml\"\nheartbeat_ms = 200\n");
    WriteNodeConfig("", "");
  }

  // `top` after the top-level keys, `bus` at the end of [bus].
  void WriteNodeConfig(const std::string& top, const std::string& bus) {
    WriteFile("node.toml",
              std::string("organisatie = \"") + kOrg + "\"\ndata = \"node\"\nsleutel = \"node.ed25519\"\n" +
                  top + "\n[bus]\nsubmit = \"" + submit_ + "\"\npublish = \"" + publish_ + "\"\nfetch = \"" +
                  fetch_ + "\"\nheartbeat_ms = 200\ntimeout_ms = 1000\n" + bus +
                  "\n[http]\nadres = \"127.0.0.1\"\npoort = " + std::to_string(http_port_) +
                  "\nwacht_ms = 60000\n");
  }

  void TearDown() override {
    if (HasFailure() || std::getenv("REGIOTAFEL_SHOW_LOGS") != nullptr) {
      std::cerr << "---- bus.log\n"
                << testing::ReadFile(dir_.Sub("bus.log")) << "---- node.log\n"
                << testing::ReadFile(dir_.Sub("node.log"));
    }
  }

  void WriteFile(const std::string& name, const std::string& text) {
    std::ofstream out(dir_.Sub(name), std::ios::trunc);
    out << text;
  }
  void WriteTrust(const SigningKey& key) {
    WriteFile("trust.toml", std::string("[organisaties.\"") + kOrg + "\"]\ned25519 = \"" +
                                ToHex(key.public_key()) + "\"\n");
  }

  // CurveZMQ on: the bus gets a key pair, the node one, and the trust file names `trusted` as the
  // node organisation's Curve key, beside the probe's own organisation (the test's fetch client).
  void UseCurve(const transport::CurveKeyPair& node_key, const std::string& trusted) {
    ASSERT_TRUE(transport::WriteCurveKeyFile(dir_.Sub("bus.curve"), bus_curve_).ok());
    ASSERT_TRUE(transport::WriteCurveKeyFile(dir_.Sub("node.curve"), node_key).ok());
    probe_curve_.own = transport::GenerateCurveKeyPair();
    probe_curve_.server_key = bus_curve_.public_key;
    WriteCurveTrust(trusted);
    WriteFile("bus.toml",
              "data = \"bus\"\nsubmit = \"" + submit_ + "\"\npublish = \"" + publish_ + "\"\nfetch = \"" +
                  fetch_ + "\"\ntrust = \"trust.toml\"\ncurve_sleutel = \"bus.curve\"\nheartbeat_ms = 200\n");
    WriteNodeConfig("curve_sleutel = \"node.curve\"",
                    "curve = \"" + transport::ToZ85(bus_curve_.public_key) + "\"");
  }
  void WriteCurveTrust(const std::string& trusted) {
    WriteFile("trust.toml", std::string("[organisaties.\"") + kOrg + "\"]\ned25519 = \"" +
                                ToHex(key_.public_key()) + "\"\ncurve = \"" + transport::ToZ85(trusted) +
                                "\"\n[organisaties.\"regio:drechtsteden\"]\ned25519 = \"" +
                                ToHex(SigningKey::Generate().public_key()) + "\"\ncurve = \"" +
                                transport::ToZ85(probe_curve_.own.public_key) + "\"\n");
  }

  // The bus signs checkpoints every `elke` records or `seconden`; the node and the trust file know its key.
  void UseCheckpoints(int elke, int seconden) {
    WriteFile("bus.ed25519", ToHex(checkpoint_key_.secret_key()) + "\n");
    std::ofstream(dir_.Sub("bus.toml"), std::ios::app)
        << "checkpoint_sleutel = \"bus.ed25519\"\ncheckpoint_elke = " << elke
        << "\ncheckpoint_seconden = " << seconden << "\n";
    std::ofstream(dir_.Sub("trust.toml"), std::ios::app)
        << "[bus]\ncheckpoint_sleutel = \"" << ToHex(checkpoint_key_.public_key()) << "\"\n";
    WriteNodeConfig("", "checkpoint_sleutel = \"" + ToHex(checkpoint_key_.public_key()) + "\"");
  }

  // GET /api/v1/checkpoints as checkpoints again, each checked against the bus's log and key.
  std::vector<v1::Checkpoint> NodeCheckpoints() {
    Answer answer = Get("/api/v1/checkpoints");
    EXPECT_EQ(answer.code, 200) << answer.body;
    std::vector<v1::Checkpoint> list;
    if (!answer.json.fields().contains("checkpoints")) return list;
    for (const auto& value : answer.json.fields().at("checkpoints").list_value().values()) {
      const auto& fields = value.struct_value().fields();
      v1::Checkpoint checkpoint;
      checkpoint.set_positie(static_cast<uint64_t>(fields.at("positie").number_value()));
      checkpoint.set_root(FromHex(fields.at("root").string_value()).value_or(""));
      checkpoint.set_signature(FromHex(fields.at("signature").string_value()).value_or(""));
      EXPECT_TRUE(google::protobuf::util::TimeUtil::FromString(fields.at("tijd").string_value(),
                                                               checkpoint.mutable_tijd()));
      list.push_back(checkpoint);
    }
    return list;
  }
  void ExpectGenuine(const std::vector<v1::Checkpoint>& checkpoints) {
    std::vector<std::string> leaves;
    for (const v1::LogRecord& record : BusLog()) leaves.push_back(merkle::LeafHash(record.hash()));
    const merkle::Tree tree(std::move(leaves));
    for (const v1::Checkpoint& checkpoint : checkpoints) {
      EXPECT_EQ(ToHex(checkpoint.root()), ToHex(tree.RootAt(checkpoint.positie()))) << checkpoint.positie();
      EXPECT_TRUE(eventstore::CheckpointSigned(checkpoint, checkpoint_key_.public_key()))
          << checkpoint.positie();
    }
  }
  static std::vector<uint64_t> Posities(const std::vector<v1::Checkpoint>& checkpoints) {
    std::vector<uint64_t> posities;
    for (const v1::Checkpoint& checkpoint : checkpoints) posities.push_back(checkpoint.positie());
    return posities;
  }

  void StartBus(off_t file_size_limit = 0) {
    ASSERT_TRUE(
        bus_.Start({BUS_BINARY, "--config", dir_.Sub("bus.toml")}, dir_.Sub("bus.log"), file_size_limit));
    // Ready when it answers a fetch (the probe's request waits in ZeroMQ until the port is bound).
    probe_ = std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, fetch_, probe_curve_);
    ASSERT_TRUE(probe_->Fetch(1, 1)) << "the bus does not answer";
  }

  void StartNode() {
    ASSERT_TRUE(node_.Start({NODE_BINARY, "--config", dir_.Sub("node.toml")}, dir_.Sub("node.log")));
    ASSERT_TRUE(Eventually([&] { return Get("/healthz").code == 200; })) << "the node does not answer";
  }

  // SIGTERM, and the clean exit it must lead to.
  void StopGently(Process& process) {
    process.Kill(SIGTERM);
    std::optional<int> status = process.Wait(60s);
    ASSERT_TRUE(status) << "did not stop after SIGTERM";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "wait status " << *status;
  }

  void KillHard(Process& process) {
    process.Kill(SIGKILL);
    ASSERT_TRUE(process.Wait(30s));
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", http_port_);
    client.set_connection_timeout(5s);
    client.set_read_timeout(120s);
    return client;
  }
  Answer Get(const std::string& path) {
    httplib::Client client = Client();
    return ToAnswer(client.Get(path.c_str()));
  }
  Answer Post(const std::string& body, bool wait_for_commit) {
    httplib::Client client = Client();
    return ToAnswer(client.Post(wait_for_commit ? "/api/v1/events?wait=commit" : "/api/v1/events", body,
                                "application/json"));
  }

  uint64_t BusHead() {
    std::optional<v1::FetchResponse> r = probe_->Fetch(1, 1, ++probe_request_);
    return r ? r->head_position() : 0;
  }
  // The whole log as the bus has it; every event id in it exactly once.
  std::vector<v1::LogRecord> BusLog() {
    std::optional<std::vector<v1::LogRecord>> all = probe_->FetchAll();
    EXPECT_TRUE(all);
    return all ? *all : std::vector<v1::LogRecord>{};
  }
  static std::map<std::string, uint64_t> EventPositions(const std::vector<v1::LogRecord>& records) {
    return testing::EventPositions(records);
  }

  // Stops the node and compares its replica with the bus's log record by record, byte for byte.
  void ExpectReplicaIdenticalToBus() {
    std::vector<v1::LogRecord> bus_log = BusLog();
    StopGently(node_);
    std::vector<v1::LogRecord> records;
    ASSERT_TRUE(testing::ReadWholeLog(dir_.Sub("node/replica"), &records));
    EXPECT_TRUE(testing::SameRecords(bus_log, records));
  }

  testing::TempDir dir_;
  SigningKey key_ = SigningKey::Generate();
  SigningKey checkpoint_key_ = SigningKey::Generate();  // the bus's, with UseCheckpoints
  std::string submit_, publish_, fetch_;
  int http_port_ = 0;
  zmq::context_t context_{1};
  transport::CurveKeyPair bus_curve_ = transport::GenerateCurveKeyPair();
  transport::CurveSettings probe_curve_;  // empty: a plain bus
  std::unique_ptr<FrameClient> probe_;
  uint64_t probe_request_ = 1000;
  Process bus_;
  Process node_;
};

TEST_F(RegionTest, PostWithWaitForCommitAnswersOnceTheReplicaHasIt) {
  StartBus();
  StartNode();
  const std::string id = NewUuid();
  Answer answer = Post(SignaalBody(id, 1), true);
  ASSERT_EQ(answer.code, 200) << answer.body;
  EXPECT_EQ(answer.Text("status"), "COMMITTED");
  EXPECT_EQ(answer.Text("event_id"), id);
  EXPECT_EQ(answer.Number("position"), 1u);

  // Read-your-writes: the node's own log shows it already.
  Answer head = Get("/api/v1/log/head");
  ASSERT_EQ(head.code, 200);
  EXPECT_EQ(head.Number("position"), 1u);
  EXPECT_EQ(head.Text("hash").size(), 64u);
  EXPECT_EQ(BusHead(), 1u);

  Answer status = Get("/api/v1/events/" + id);
  ASSERT_EQ(status.code, 200) << status.body;
  EXPECT_EQ(status.Text("status"), "COMMITTED");
  EXPECT_EQ(status.Number("position"), 1u);

  // Without an id the node makes one; without wait it answers at once.
  Answer second =
      Post(R"({"begeleiding_taak": {"datum": "2025-03-02", "v_nummer": "1234567890", "taak": "HUISARTS"}})",
           false);
  ASSERT_EQ(second.code, 202) << second.body;
  EXPECT_EQ(second.Text("status"), "PENDING");
  EXPECT_TRUE(IsCanonicalUuid(second.Text("event_id")));
  ASSERT_TRUE(Eventually(
      [&] { return Get("/api/v1/events/" + second.Text("event_id")).Text("status") == "COMMITTED"; }));
  EXPECT_EQ(Get("/api/v1/events/" + second.Text("event_id")).Number("position"), 2u);

  // Posting the same event again answers its decision; nothing new is written.
  Answer again = Post(SignaalBody(id, 1), true);
  EXPECT_EQ(again.code, 200) << again.body;
  EXPECT_EQ(again.Number("position"), 1u);
  EXPECT_EQ(BusHead(), 2u);
  ExpectReplicaIdenticalToBus();
}

TEST_F(RegionTest, RefusedAtTheDoorIsNeverStored) {
  StartBus();
  StartNode();
  // A gemeente may not publish an Aanmelding.
  Answer wrong_kind = Post(R"({"aanmelding": {"datum": "2025-03-01", "v_nummer": "1234567890", "naam": "A",
      "gemeente": "gemeente:dordrecht"}})",
                           true);
  EXPECT_EQ(wrong_kind.code, 400) << wrong_kind.body;
  EXPECT_EQ(wrong_kind.Text("field"), "aanmelding");
  EXPECT_FALSE(wrong_kind.Text("error").empty());

  // A BSN that fails the 11-proef.
  Answer bad_bsn = Post(R"({"brp_inschrijving": {"datum": "2025-03-01", "v_nummer": "1234567890",
      "gemeente": "gemeente:dordrecht", "personen": [{"v_nummer": "1234567890", "bsn": "123456789"}]}})",
                        true);
  EXPECT_EQ(bad_bsn.code, 400) << bad_bsn.body;
  EXPECT_NE(bad_bsn.Text("field").find("bsn"), std::string::npos) << bad_bsn.body;

  // Someone else's BrpInschrijving ("own" rule).
  Answer not_own = Post(R"({"brp_inschrijving": {"datum": "2025-03-01", "v_nummer": "1234567890",
      "gemeente": "gemeente:zwijndrecht", "personen": [{"v_nummer": "1234567890", "bsn": "111222333"}]}})",
                        true);
  EXPECT_EQ(not_own.code, 400) << not_own.body;

  for (const std::string& body : {std::string("{\"signaal\": "), std::string("[]"), std::string("\xff\xfe{}"),
                                  std::string(""), std::string(R"({"signaal": {}, "origin": "coa:coa"})")}) {
    Answer answer = Post(body, false);
    EXPECT_EQ(answer.code, 400) << body << " → " << answer.body;
    EXPECT_FALSE(answer.Text("error").empty()) << answer.body;
  }
  // Random bytes, and random cuts of a good body: always a 400 with a reason, never a crash.
  std::mt19937 random(7);
  const std::string good = SignaalBody(NewUuid(), 1);
  for (int i = 0; i < 40; ++i) {
    std::string body = i % 2 ? good.substr(0, random() % good.size()) : std::string(random() % 300, '\0');
    if (i % 2 == 0) {
      for (char& c : body) c = static_cast<char>(random());
    }
    Answer answer = Post(body, i % 4 == 0);
    EXPECT_EQ(answer.code, 400) << answer.body;
  }
  Answer bad_wait = ToAnswer(Client().Post("/api/v1/events?wait=later", good, "application/json"));
  EXPECT_EQ(bad_wait.code, 400);
  EXPECT_EQ(bad_wait.Text("field"), "wait");
  Answer control = Post(good, false);  // a good one still works
  EXPECT_EQ(control.code, 202);

  // Only the control event went anywhere.
  ASSERT_TRUE(Eventually([&] { return Get("/healthz").Number("pending") == 0; }));
  EXPECT_EQ(BusHead(), 1u);
  EXPECT_EQ(Get("/api/v1/events/" + NewUuid()).code, 404);
  EXPECT_EQ(Get("/api/v1/events/not-a-uuid").code, 400);
  EXPECT_EQ(Get("/api/v1/nothing").code, 404);
}

// POST /api/v1/events/batch: each line answered as its own POST would be, with that POST's code; the
// good ones stored in one write and appended in the batch's order.
TEST_F(RegionTest, ABatchAnswersEachLineAsItsOwnPostWouldAndKeepsTheirOrder) {
  StartBus();
  StartNode();
  // SignaalBody spans lines; a batch line is one.
  auto line = [](const std::string& id, int i) {
    std::string body = SignaalBody(id, i);
    std::replace(body.begin(), body.end(), '\n', ' ');
    return body;
  };
  const std::string a = NewUuid(), b = NewUuid();
  const std::string batch =
      line(a, 1) + "\n" + "dit is geen json\n" +
      R"({"aanmelding": {"datum": "2025-03-01", "v_nummer": "1234567890", "naam": "A", "gemeente": "gemeente:dordrecht"}})" +
      "\n" + line(b, 2) + "\r\n" + line(a, 1) + "\n" + line(a, 3);
  Answer answer = ToAnswer(Client().Post("/api/v1/events/batch", batch, "application/x-ndjson"));
  ASSERT_EQ(answer.code, 200) << answer.body;
  const google::protobuf::ListValue& results = answer.json.fields().at("results").list_value();
  ASSERT_EQ(results.values_size(), 6) << answer.body;
  auto field = [&](int i, const std::string& key) {
    const auto& fields = results.values(i).struct_value().fields();
    auto it = fields.find(key);
    return it == fields.end() ? google::protobuf::Value() : it->second;
  };
  EXPECT_EQ(field(0, "code").number_value(), 202);
  EXPECT_EQ(field(0, "event_id").string_value(), a);
  EXPECT_EQ(field(0, "status").string_value(), "PENDING");
  EXPECT_EQ(field(1, "code").number_value(), 400);
  EXPECT_FALSE(field(1, "error").string_value().empty());
  EXPECT_EQ(field(2, "code").number_value(), 400) << "a gemeente may not publish an aanmelding";
  EXPECT_EQ(field(2, "field").string_value(), "aanmelding");
  EXPECT_EQ(field(3, "code").number_value(), 202);
  EXPECT_EQ(field(4, "code").number_value(), 202) << "the same event again: the first answer";
  EXPECT_EQ(field(4, "event_id").string_value(), a);
  EXPECT_EQ(field(5, "code").number_value(), 409) << "the same id with another payload";
  EXPECT_EQ(field(5, "field").string_value(), "event_id");

  ASSERT_TRUE(Eventually([&] { return Get("/api/v1/events/" + b).Text("status") == "COMMITTED"; }));
  EXPECT_EQ(Get("/api/v1/events/" + a).Number("position"), 1u);
  EXPECT_EQ(Get("/api/v1/events/" + b).Number("position"), 2u) << "the batch's order";
  EXPECT_EQ(BusHead(), 2u);

  // Again, now decided: each answered with its decision.
  Answer again = ToAnswer(Client().Post("/api/v1/events/batch", line(b, 2), "application/x-ndjson"));
  ASSERT_EQ(again.code, 200) << again.body;
  EXPECT_NE(again.body.find("\"code\": 200"), std::string::npos) << again.body;
  EXPECT_NE(again.body.find("\"COMMITTED\""), std::string::npos) << again.body;

  EXPECT_EQ(ToAnswer(Client().Post("/api/v1/events/batch", "", "application/x-ndjson")).code, 400);
  std::string too_many;
  for (int i = 0; i < 1001; ++i) too_many += line(NewUuid(), i) + "\n";
  Answer refused = ToAnswer(Client().Post("/api/v1/events/batch", too_many, "application/x-ndjson"));
  EXPECT_EQ(refused.code, 413) << refused.body;
  EXPECT_FALSE(refused.Text("error").empty());
  ASSERT_TRUE(Eventually([&] { return Get("/healthz").Number("pending") == 0; }));
  EXPECT_EQ(BusHead(), 2u) << "nothing of a refused batch was stored";
}

TEST_F(RegionTest, ABusRejectionIsAnsweredWith422AndKept) {
  WriteTrust(SigningKey::Generate());  // the bus trusts another key for this organisation
  StartBus();
  StartNode();
  const std::string id = NewUuid();
  Answer answer = Post(SignaalBody(id, 1), true);
  ASSERT_EQ(answer.code, 422) << answer.body;
  EXPECT_EQ(answer.Text("status"), "REJECTED");
  EXPECT_FALSE(answer.Text("error").empty());
  Answer status = Get("/api/v1/events/" + id);
  EXPECT_EQ(status.code, 200);
  EXPECT_EQ(status.Text("status"), "REJECTED");
  EXPECT_EQ(status.Text("error"), answer.Text("error"));
  EXPECT_EQ(BusHead(), 0u);
  EXPECT_NE(testing::ReadFile(dir_.Sub("bus.log")).find(kOrg), std::string::npos);  // the rejection is logged
}

// Separate processes with CurveZMQ: a node whose Curve key the bus does not trust gets nothing in
// (its event waits in its outbox, the bus logs the refusal with the key); once the trust file names
// its key and the bus restarts, the same outbox drains.
TEST_F(RegionTest, WithCurveOnlyATrustedKeyGetsThrough) {
  const transport::CurveKeyPair node_key = transport::GenerateCurveKeyPair();
  ASSERT_NO_FATAL_FAILURE(UseCurve(node_key, transport::GenerateCurveKeyPair().public_key));
  ASSERT_NO_FATAL_FAILURE(StartBus());
  ASSERT_NO_FATAL_FAILURE(StartNode());
  const std::string id = NewUuid();
  Answer answer = Post(SignaalBody(id, 1), false);
  ASSERT_EQ(answer.code, 202) << answer.body;
  const std::string refusal =
      "verbinding geweigerd: adres=127.0.0.1 sleutel=" + transport::ToZ85(node_key.public_key);
  EXPECT_TRUE(Eventually([&] {
    return testing::ReadFile(dir_.Sub("bus.log")).find(refusal) != std::string::npos;
  })) << "no refusal naming the node's key in the bus's log";
  EXPECT_EQ(BusHead(), 0u);
  EXPECT_EQ(Get("/api/v1/events/" + id).Text("status"), "PENDING");

  ASSERT_NO_FATAL_FAILURE(StopGently(bus_));
  probe_.reset();
  WriteCurveTrust(node_key.public_key);
  ASSERT_NO_FATAL_FAILURE(StartBus());
  EXPECT_TRUE(Eventually([&] { return Get("/api/v1/events/" + id).Text("status") == "COMMITTED"; }));
  EXPECT_EQ(BusHead(), 1u);
  EXPECT_NE(testing::ReadFile(dir_.Sub("bus.log")).find("verbonden: organisatie=gemeente:dordrecht"),
            std::string::npos);
  ExpectReplicaIdenticalToBus();

  // An auditor checks the stopped node's replica: the chain, and the record's signature (a batch
  // proof, made by the node's sender) against the trust file; with another key in it, it fails.
  auto audit = [&](const std::string& out) {
    return testing::RunToEnd({AUDIT_BINARY, "verify", dir_.Sub("node"), "--trust", dir_.Sub("trust.toml")},
                             dir_.Sub(out))
        .exit_code;
  };
  EXPECT_EQ(audit("audit.txt"), 0) << testing::ReadFile(dir_.Sub("audit.txt"));
  EXPECT_NE(testing::ReadFile(dir_.Sub("audit.txt")).find("elke handtekening klopt"), std::string::npos);
  key_ = SigningKey::Generate();
  WriteCurveTrust(node_key.public_key);  // the same organisation, another Ed25519 key
  EXPECT_EQ(audit("audit-other-key.txt"), 1);
  EXPECT_NE(testing::ReadFile(dir_.Sub("audit-other-key.txt")).find("NIET IN ORDE op positie 1"),
            std::string::npos)
      << testing::ReadFile(dir_.Sub("audit-other-key.txt"));
}

// Posts events (without waiting for the commit) one after another until told to stop or until the
// node stops answering. Remembers every id it sent and which of them the node accepted.
class Poster {
 public:
  Poster(int port, int limit) : port_(port), limit_(limit), thread_([this] { Run(); }) {}
  ~Poster() { Join(); }
  void Join() {
    if (thread_.joinable()) thread_.join();
  }
  int accepted() const { return accepted_; }
  // Blocks until at least n were accepted or the poster ended.
  bool WaitAccepted(int n) {
    return Eventually([&] { return accepted_ >= n || done_; }, 120s) && accepted_ >= n;
  }
  std::vector<std::string> accepted_ids() {
    std::lock_guard lock(mutex_);
    return accepted_ids_;
  }
  std::vector<std::string> sent_ids() {
    std::lock_guard lock(mutex_);
    return sent_ids_;
  }

 private:
  void Run() {
    httplib::Client client("127.0.0.1", port_);
    client.set_read_timeout(60s);
    for (int i = 0; i < limit_; ++i) {
      const std::string id = NewUuid();
      {
        std::lock_guard lock(mutex_);
        sent_ids_.push_back(id);
      }
      httplib::Result r = client.Post("/api/v1/events", SignaalBody(id, i), "application/json");
      if (!r || r->status != 202) break;  // the node is gone
      std::lock_guard lock(mutex_);
      accepted_ids_.push_back(id);
      ++accepted_;
    }
    done_ = true;
  }

  const int port_;
  const int limit_;
  std::mutex mutex_;
  std::vector<std::string> sent_ids_, accepted_ids_;
  std::atomic<int> accepted_{0};
  std::atomic<bool> done_{false};
  std::thread thread_;
};

TEST_F(RegionTest, NodeKilledMidStreamDrainsItsOutboxAfterRestart) {
  StartBus();
  StartNode();
  Poster poster(http_port_, 100'000);
  ASSERT_TRUE(poster.WaitAccepted(100));
  // Freeze the bus so that the outbox backs up and batches are in flight when the node dies; the
  // bus then commits them for a peer that is gone, and the restarted node submits them again.
  bus_.Kill(SIGSTOP);
  ASSERT_TRUE(poster.WaitAccepted(400));
  KillHard(node_);
  bus_.Kill(SIGCONT);
  poster.Join();
  const std::vector<std::string> accepted = poster.accepted_ids();
  const std::vector<std::string> sent = poster.sent_ids();
  const uint64_t head_at_kill = BusHead();

  StartNode();
  // Everything accepted reaches the bus; at most the one request cut off by the kill comes on top.
  ASSERT_TRUE(Eventually([&] {
    Answer health = Get("/healthz");
    return health.Number("pending") == 0 && BusHead() >= accepted.size() &&
           Get("/api/v1/log/head").Number("position") == BusHead();
  })) << "bus head "
      << BusHead() << ", accepted " << accepted.size();

  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  EXPECT_LE(positions.size(), accepted.size() + 1);
  const std::set<std::string> sent_set(sent.begin(), sent.end());
  for (const auto& [id, position] : positions) EXPECT_TRUE(sent_set.count(id)) << id;
  for (const std::string& id : accepted) {
    ASSERT_TRUE(positions.count(id)) << "accepted event " << id << " was lost";
    Answer status = Get("/api/v1/events/" + id);
    EXPECT_EQ(status.Text("status"), "COMMITTED");
    EXPECT_EQ(status.Number("position"), positions[id]);
  }
  std::cerr << "node killed with the bus at " << head_at_kill << " of " << accepted.size() << " accepted\n";
  ExpectReplicaIdenticalToBus();
}

TEST_F(RegionTest, BusKilledMidStreamLosesNoAcknowledgedEventAndDuplicatesNone) {
  StartBus();
  StartNode();
  Poster poster(http_port_, 600);
  ASSERT_TRUE(poster.WaitAccepted(200));
  KillHard(bus_);
  // What the bus acknowledged before it died, as the node recorded it.
  std::map<std::string, uint64_t> acknowledged;
  for (const std::string& id : poster.accepted_ids()) {
    Answer status = Get("/api/v1/events/" + id);
    if (status.Text("status") == "COMMITTED") acknowledged[id] = status.Number("position");
  }
  // The node keeps taking events while the bus is away, and its follower notices the silence.
  ASSERT_TRUE(poster.WaitAccepted(400));
  ASSERT_TRUE(Eventually([&] {
    return testing::ReadFile(dir_.Sub("node.log")).find("follower: nothing from the bus") !=
           std::string::npos;
  }));
  StartBus();
  poster.Join();
  ASSERT_EQ(poster.accepted(), 600);

  ASSERT_TRUE(Eventually([&] {
    return Get("/healthz").Number("pending") == 0 && BusHead() == 600 &&
           Get("/api/v1/log/head").Number("position") == 600;
  })) << "bus head "
      << BusHead() << ", node head " << Get("/api/v1/log/head").Number("position");

  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  EXPECT_EQ(positions.size(), 600u);
  for (const std::string& id : poster.accepted_ids()) EXPECT_TRUE(positions.count(id)) << id;
  for (const auto& [id, position] : acknowledged) {
    EXPECT_EQ(positions[id], position) << "acknowledged event " << id << " moved or was lost";
  }
  std::cerr << acknowledged.size() << " events acknowledged before the bus was killed\n";
  ExpectReplicaIdenticalToBus();
}

TEST_F(RegionTest, ANodeWithoutReplicaCatchesUpByFetch) {
  StartBus();
  StartNode();
  for (int i = 0; i < 20; ++i) ASSERT_EQ(Post(SignaalBody(NewUuid(), i), i == 19).code, i == 19 ? 200 : 202);
  StopGently(node_);
  std::filesystem::remove_all(dir_.Sub("node/replica"));
  StartNode();
  ASSERT_TRUE(Eventually([&] { return Get("/api/v1/log/head").Number("position") == 20; }));
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
  EXPECT_EQ(Posities(kept), (std::vector<uint64_t>{5, 10}));
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
  ASSERT_TRUE(Eventually([&] { return Get("/api/v1/log/head").Number("position") == 12; }));
  std::vector<v1::Checkpoint> kept;
  ASSERT_TRUE(Eventually([&] { return !(kept = NodeCheckpoints()).empty(); }));
  EXPECT_EQ(Posities(kept), (std::vector<uint64_t>{10}))
      << "the latest one at or before the fetch answer's end";
  ExpectGenuine(kept);
  EXPECT_EQ(testing::ReadFile(dir_.Sub("node.log")).find("kept as evidence"), std::string::npos);
}

TEST_F(RegionTest, ABusWhoseLogFailsStopsAcknowledgingAndExitsNonZero) {
  // 3 MiB of file per file: the WAL fills within a few thousand events, then the write fails.
  StartBus(3 << 20);
  FrameClient submitter(context_, zmq::socket_type::dealer, submit_);
  std::map<std::string, uint64_t> acknowledged;
  std::vector<v1::SignedEnvelope> unanswered;
  for (uint64_t round = 0; round < 100 && unanswered.empty(); ++round) {
    std::vector<v1::SignedEnvelope> batch;
    for (int i = 0; i < 1000; ++i) {
      v1::Envelope envelope = testing::Signaal(kOrg, round * 1000 + i + 1);
      envelope.mutable_signaal()->set_omschrijving(std::string(400, 'x'));
      batch.push_back(testing::Sign(key_, envelope));
    }
    v1::BusFrame frame;
    frame.mutable_submit()->set_request_id(round);
    for (const auto& e : batch) *frame.mutable_submit()->add_events() = e;
    ASSERT_TRUE(submitter.Send(frame).ok());
    // The reply, or the bus's exit, whichever comes first.
    std::optional<v1::BusFrame> reply;
    Eventually([&] { return (reply = submitter.Receive(100ms)).has_value() || bus_.Wait(0ms).has_value(); },
               30s);
    if (!reply) {
      unanswered = batch;
      break;
    }
    for (const auto& r : reply->submit_reply().results()) {
      ASSERT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
      acknowledged[r.event_id()] = r.position();
    }
  }
  ASSERT_FALSE(unanswered.empty()) << "the file size limit was never hit";
  std::optional<int> status = bus_.Wait(60s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) != 0) << "wait status " << *status;

  StartBus();  // without the limit
  std::map<std::string, uint64_t> positions = EventPositions(BusLog());
  for (const auto& [id, position] : acknowledged) ASSERT_EQ(positions[id], position);
  // The unanswered batch goes again and is answered now; whatever of it reached the disk counts once.
  std::optional<v1::SubmitReply> reply = submitter.Submit(unanswered, 1000);
  ASSERT_TRUE(reply);
  for (const auto& r : reply->results()) EXPECT_EQ(r.status(), v1::SubmitResult::COMMITTED) << r.error();
  EXPECT_EQ(EventPositions(BusLog()).size(), acknowledged.size() + unanswered.size());
  StopGently(bus_);
}

// A node with [[tokens]]: every call but GET /healthz needs a Bearer token; a lezen token reads but
// does not write; each refusal is logged with the remote address, never with the token.
TEST_F(RegionTest, TokensGuardEveryCallButHealthz) {
  const std::string schrijven = NewUuid() + NewUuid();  // 72 characters
  const std::string lezen = NewUuid() + NewUuid();
  {
    std::ofstream out(dir_.Sub("node.toml"), std::ios::app);
    out << "[[tokens]]\ntoken = \"" << schrijven << "\"\nrol = \"schrijven\"\n"
        << "[[tokens]]\ntoken = \"" << lezen << "\"\nrol = \"lezen\"\n";
  }
  StartBus();
  StartNode();  // waits for /healthz, without a token
  struct Reply {
    Answer answer;
    std::string challenge;  // WWW-Authenticate
  };
  httplib::Client client = Client();  // one keep-alive connection for every call below
  client.set_keep_alive(true);
  auto call = [&](const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = "") {
    httplib::Headers headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    httplib::Result result = method == "POST" ? client.Post(path.c_str(), headers, body, "application/json")
                                              : client.Get(path.c_str(), headers);
    Reply reply{ToAnswer(result), result ? result->get_header_value("WWW-Authenticate") : ""};
    return reply;
  };

  EXPECT_EQ(call("GET", "/healthz", "").answer.code, 200) << "open to liveness probes";
  const Reply none = call("GET", "/api/v1/log/head", "");
  EXPECT_EQ(none.answer.code, 401) << none.answer.body;
  EXPECT_EQ(none.challenge, "Bearer");
  EXPECT_NE(none.answer.Text("error").find("geen toegang"), std::string::npos) << none.answer.body;
  const Reply wrong = call("GET", "/api/v1/log/head", schrijven + "0");
  EXPECT_EQ(wrong.answer.code, 401) << wrong.answer.body;
  EXPECT_NE(wrong.challenge.find("invalid_token"), std::string::npos) << wrong.challenge;
  EXPECT_EQ(call("GET", "/api/v1/dossiers", "").answer.code, 401) << "the views too";
  EXPECT_EQ(call("GET", "/api/v1/checkpoints", "").answer.code, 401) << "the checkpoints too";
  EXPECT_EQ(call("GET", "/api/v1/onbekend", "").answer.code, 401) << "no route is told without a token";

  // Refused POSTs, with their bodies: the connection goes on with the next request.
  const std::string body = SignaalBody(NewUuid(), 1);
  EXPECT_EQ(call("POST", "/api/v1/events?wait=commit", "", body).answer.code, 401);
  EXPECT_EQ(call("POST", "/api/v1/onbekend", "", body).answer.code, 401);
  const Reply read_only = call("POST", "/api/v1/events?wait=commit", lezen, body);
  EXPECT_EQ(read_only.answer.code, 403) << read_only.answer.body;
  EXPECT_NE(read_only.challenge.find("insufficient_scope"), std::string::npos) << read_only.challenge;
  EXPECT_NE(read_only.answer.Text("error").find("alleen lezen"), std::string::npos) << read_only.answer.body;
  EXPECT_EQ(call("GET", "/api/v1/log/head", lezen).answer.code, 200);
  EXPECT_EQ(call("GET", "/api/v1/dossiers", lezen).answer.code, 200);
  EXPECT_EQ(call("GET", "/api/v1/checkpoints", lezen).answer.code, 200);
  EXPECT_EQ(call("GET", "/api/v1/log/head", lezen).answer.Number("position"), 0u) << "nothing was stored";

  const Reply written = call("POST", "/api/v1/events?wait=commit", schrijven, body);
  EXPECT_EQ(written.answer.code, 200) << written.answer.body;
  EXPECT_EQ(written.answer.Text("status"), "COMMITTED");
  EXPECT_EQ(call("GET", "/api/v1/log/head", schrijven).answer.Number("position"), 1u);
  EXPECT_EQ(call("POST", "/api/v1/onbekend", schrijven, body).answer.code, 404) << "with a token: the route";

  const std::string log = testing::ReadFile(dir_.Sub("node.log"));
  EXPECT_NE(log.find("GET /api/v1/log/head from 127.0.0.1 refused (401): no Authorization header"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("refused (401): unknown token"), std::string::npos) << log;
  EXPECT_NE(log.find("POST /api/v1/events from 127.0.0.1 refused (403): a lezen token may not POST"),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find(schrijven), std::string::npos) << "a token never reaches the log";
  EXPECT_EQ(log.find(lezen), std::string::npos) << "a token never reaches the log";
}

// Without tokens the API is open, so the node refuses to listen anywhere but on loopback.
TEST_F(RegionTest, ANodeWithoutTokensRefusesANonLoopbackAddress) {
  std::string config = testing::ReadFile(dir_.Sub("node.toml"));
  const std::string loopback = "adres = \"127.0.0.1\"";
  ASSERT_NE(config.find(loopback), std::string::npos);
  config.replace(config.find(loopback), loopback.size(), "adres = \"0.0.0.0\"");
  WriteFile("node.toml", config);
  ASSERT_TRUE(node_.Start({NODE_BINARY, "--config", dir_.Sub("node.toml")}, dir_.Sub("node.log")));
  const std::optional<int> status = node_.Wait(30s);
  ASSERT_TRUE(status) << "still running";
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 2) << "wait status " << *status;
  const std::string log = testing::ReadFile(dir_.Sub("node.log"));
  EXPECT_NE(log.find("http.adres = \"0.0.0.0\" is not a loopback address"), std::string::npos) << log;
  EXPECT_NE(log.find("[[tokens]]"), std::string::npos) << log;
}

}  // namespace
}  // namespace regiotafel
