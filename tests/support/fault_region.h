// The fault tests' region (and the long-poll tests' of tests/node/head_wait_test.cc): one regiotafel-bus and
// several regiotafel-node processes on free 127.0.0.1 ports, each with its own RocksDB directories under one
// temporary directory, started, killed (SIGKILL), frozen (SIGSTOP) and restarted on the same ports and data;
// their configuration files, their logs (shown when a test fails) and what they answer. The load the tests
// drive is in region_load.h, the slow subscriber in slow_relay.h, the checks and the fixture FaultTest in
// fault_checks.h.
//
// Every wait is bounded and says what it waited for. The random choices of a test come from one
// seed, printed at the start (REGIOTAFEL_FAULT_SEED=<n> repeats it).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "base/bytes.h"
#include "base/signing.h"
#include "tests/support/bus_frames.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/region_load.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::testing {

// How a node of the region is configured beyond the defaults.
struct NodeOptions {
  std::string publish;     // the PUB the node subscribes to; empty: the bus's
  int heartbeat_ms = 200;  // the node's idea of the bus's heartbeat (silence after three)
  // Not empty: the node takes requests only with a token ([[tokens]]), these with these roles.
  std::string lezen_token = "", schrijven_token = "";
};

// The fixture: a region on this machine. Nodes are numbered in the order they are added.
class FaultRegion : public ::testing::Test {
 protected:
  struct RegionNode {
    std::string organisatie;
    std::string name;  // its files: <name>.toml, <name>.ed25519, <name>.log, data in <name>/
    SigningKey key = SigningKey::Generate();
    int http_port = 0;
    Process process;
    Starts starts;  // Started() once StartNode sees it answer
  };

  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    const char* fixed = std::getenv("REGIOTAFEL_FAULT_SEED");
    seed_ = fixed != nullptr ? std::strtoull(fixed, nullptr, 10) : std::random_device{}();
    random_.seed(seed_);
    std::cerr << "seed " << seed_ << " (REGIOTAFEL_FAULT_SEED=" << seed_ << " repeats this run)\n";
    RecordProperty("seed", std::to_string(seed_));
    submit_ = "tcp://127.0.0.1:" + std::to_string(FreePort());
    publish_ = "tcp://127.0.0.1:" + std::to_string(FreePort());
    fetch_ = "tcp://127.0.0.1:" + std::to_string(FreePort());
  }

  void TearDown() override {
    if (HasFailure() || std::getenv("REGIOTAFEL_SHOW_LOGS") != nullptr) {
      std::cerr << "seed " << seed_ << "\n---- bus.log (last lines)\n" << Tail(dir_.Sub("bus.log"));
      for (const auto& node : nodes_) {
        std::cerr << "---- " << node->name << ".log (last lines)\n" << Tail(dir_.Sub(node->name + ".log"));
      }
    }
  }

  // The last `lines` lines of a file.
  static std::string Tail(const std::string& path, size_t lines = 60) {
    const std::string text = ReadFile(path);
    size_t at = text.size();
    if (at > 0 && text[at - 1] == '\n') --at;
    for (size_t n = 0; n < lines; ++n) {
      const size_t newline = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
      if (newline == std::string::npos) return text;
      at = newline;
    }
    return text.substr(at + 1);
  }

  uint64_t Uniform(uint64_t low, uint64_t high) {  // inclusive
    return std::uniform_int_distribution<uint64_t>(low, high)(random_);
  }

  void WriteFile(const std::string& name, const std::string& text) {
    std::ofstream out(dir_.Sub(name), std::ios::trunc);
    out << text;
  }

  // An organisation that submits straight to the bus (BusFlow); the bus trusts its key.
  const SigningKey& AddFlowOrganisation(const std::string& organisatie) {
    return flow_keys_.emplace(organisatie, SigningKey::Generate()).first->second;
  }
  BusFlow Flow(const std::string& organisatie) {
    return BusFlow(context_, submit_, organisatie, flow_keys_.at(organisatie));
  }

  // A node (files written, not started); returns its number.
  size_t AddNode(const std::string& organisatie, const NodeOptions& options = {}) {
    auto node = std::make_unique<RegionNode>();
    node->organisatie = organisatie;
    node->name = "node" + std::to_string(nodes_.size());
    node->http_port = FreePort();
    WriteFile(node->name + ".ed25519", ToHex(node->key.secret_key()) + "\n");
    WriteFile(node->name + ".toml",
              "organisatie = \"" + organisatie + "\"\ndata = \"" + node->name + "\"\nsleutel = \"" +
                  node->name + ".ed25519\"\n[bus]\nsubmit = \"" + submit_ + "\"\npublish = \"" +
                  (options.publish.empty() ? publish_ : options.publish) + "\"\nfetch = \"" + fetch_ +
                  "\"\nheartbeat_ms = " + std::to_string(options.heartbeat_ms) +
                  "\ntimeout_ms = 1000\n[http]\nadres = \"127.0.0.1\"\npoort = " +
                  std::to_string(node->http_port) + "\nwacht_ms = 60000\n" +
                  Tokens(options.lezen_token, "lezen") + Tokens(options.schrijven_token, "schrijven"));
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }
  RegionNode& node(size_t i) { return *nodes_.at(i); }
  std::string Url(size_t i) { return "http://127.0.0.1:" + std::to_string(node(i).http_port); }
  static std::string Tokens(const std::string& token, const std::string& rol) {
    return token.empty() ? "" : "[[tokens]]\ntoken = \"" + token + "\"\nrol = \"" + rol + "\"\n";
  }

  // The bus's files; with `check_signatures` it trusts every node's and flow organisation's key.
  void WriteBusConfig(bool check_signatures) {
    std::string trust;
    for (const auto& node : nodes_) {
      trust += "[organisaties.\"" + node->organisatie + "\"]\ned25519 = \"" + ToHex(node->key.public_key()) +
               "\"\n";
    }
    for (const auto& [organisatie, key] : flow_keys_) {
      trust += "[organisaties.\"" + organisatie + "\"]\ned25519 = \"" + ToHex(key.public_key()) + "\"\n";
    }
    WriteFile("trust.toml", trust);
    WriteFile("bus.toml", "data = \"bus\"\nsubmit = \"" + submit_ + "\"\npublish = \"" + publish_ +
                              "\"\nfetch = \"" + fetch_ + "\"\n" +
                              (check_signatures ? "trust = \"trust.toml\"\n" : "") + "heartbeat_ms = 200\n");
  }

  // Starts the bus (same data and ports every time) and waits until it answers a fetch.
  void StartBus() {
    if (!std::filesystem::exists(dir_.Sub("bus.toml"))) WriteBusConfig(true);
    ASSERT_TRUE(bus_.Start({BUS_BINARY, "--config", dir_.Sub("bus.toml")}, dir_.Sub("bus.log")));
    // A fresh probe: the request waits in ZeroMQ until the port is bound.
    probe_ = std::make_unique<FrameClient>(context_, zmq::socket_type::dealer, fetch_);
    ASSERT_TRUE(probe_->Fetch(1, 1, ++probe_request_)) << "the bus does not answer";
  }
  void KillBus() { ASSERT_NO_FATAL_FAILURE(KillHard(bus_, "the bus")); }
  void StopBus() {
    probe_.reset();
    ASSERT_NO_FATAL_FAILURE(StopGently(bus_, "the bus"));
  }

  void StartNode(size_t i) {
    RegionNode& n = node(i);
    ASSERT_TRUE(
        n.process.Start({NODE_BINARY, "--config", dir_.Sub(n.name + ".toml")}, dir_.Sub(n.name + ".log")));
    ASSERT_TRUE(Eventually([&] { return Get(i, "/healthz").code == 200; })) << n.name << " does not answer";
    n.starts.Started();
  }
  void KillNode(size_t i) { ASSERT_NO_FATAL_FAILURE(KillHard(node(i).process, node(i).name)); }
  void StopNode(size_t i) { ASSERT_NO_FATAL_FAILURE(StopGently(node(i).process, node(i).name)); }

  static void StopGently(Process& process, const std::string& what) {
    process.Kill(SIGTERM);
    std::optional<int> status = process.Wait(60s);
    ASSERT_TRUE(status) << what << " did not stop after SIGTERM";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << what << ": wait status " << *status;
  }
  static void KillHard(Process& process, const std::string& what) {
    ASSERT_TRUE(process.running()) << what << " was not running";
    process.Kill(SIGKILL);
    std::optional<int> status = process.Wait(30s);
    ASSERT_TRUE(status) << what << " did not die of SIGKILL";
    ASSERT_TRUE(WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL)
        << what << " ended before the kill: wait status " << *status;
  }

  // GET `path` from node i, with `token` when not empty.
  Answer Get(size_t i, const std::string& path, const std::string& token = "") {
    httplib::Client client("127.0.0.1", node(i).http_port);
    client.set_connection_timeout(5s);
    client.set_read_timeout(60s);
    if (!token.empty()) client.set_bearer_token_auth(token);
    return ToAnswer(client.Get(path.c_str()));
  }
  uint64_t NodeHead(size_t i) { return Get(i, "/api/v1/log/head").Number("position"); }

  uint64_t BusHead() {
    std::optional<v1::FetchResponse> r = probe_->Fetch(1, 1, ++probe_request_);
    return r ? r->head_position() : 0;
  }
  // The whole log as the bus's fetch socket serves it.
  std::vector<v1::LogRecord> BusLog() {
    std::optional<std::vector<v1::LogRecord>> all = probe_->FetchAll();
    EXPECT_TRUE(all) << "the bus did not answer a fetch";
    return all ? *all : std::vector<v1::LogRecord>{};
  }

  TempDir dir_;
  uint64_t seed_ = 0;
  std::mt19937_64 random_;
  std::string submit_, publish_, fetch_;
  zmq::context_t context_{1};
  std::unique_ptr<FrameClient> probe_;
  uint64_t probe_request_ = 1000;
  Process bus_;
  std::vector<std::unique_ptr<RegionNode>> nodes_;
  std::map<std::string, SigningKey> flow_keys_;
};

}  // namespace regiotafel::testing
