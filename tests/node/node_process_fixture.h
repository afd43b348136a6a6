// The fixture of the process tests: regiotafel-bus and regiotafel-node as separate processes on free
// 127.0.0.1 ports, their configuration written to a temporary directory, spoken to over HTTP and fetch.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/merkle.h"
#include "eventstore/checkpoint.h"
#include "tests/support/bus_frames.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/whole_log.h"

namespace regiotafel::testing {

inline constexpr const char* kOrg = "gemeente:dordrecht";

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
      checkpoint.set_position(static_cast<uint64_t>(fields.at("positie").number_value()));
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
      EXPECT_EQ(ToHex(checkpoint.root()), ToHex(tree.RootAt(checkpoint.position()))) << checkpoint.position();
      EXPECT_TRUE(eventstore::CheckpointSigned(checkpoint, checkpoint_key_.public_key()))
          << checkpoint.position();
    }
  }
  static std::vector<uint64_t> Positions(const std::vector<v1::Checkpoint>& checkpoints) {
    std::vector<uint64_t> positions;
    for (const v1::Checkpoint& checkpoint : checkpoints) positions.push_back(checkpoint.position());
    return positions;
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
    std::optional<int> status = process.Wait(std::chrono::seconds(60));
    ASSERT_TRUE(status) << "did not stop after SIGTERM";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "wait status " << *status;
  }

  void KillHard(Process& process) {
    process.Kill(SIGKILL);
    ASSERT_TRUE(process.Wait(std::chrono::seconds(30)));
  }

  httplib::Client Client() {
    httplib::Client client("127.0.0.1", http_port_);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(120));
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

}  // namespace regiotafel::testing
