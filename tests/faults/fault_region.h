// The fault tests' region: one regiotafel-bus and several regiotafel-node processes on free
// 127.0.0.1 ports, each with its own RocksDB directories under one temporary directory, started,
// killed (SIGKILL), frozen (SIGSTOP) and restarted on the same ports and data. Beside them, the
// tools that make traffic and trouble:
//
//   Poster     posts events to a node's HTTP API on a thread of its own; when a node does not
//              answer (it was killed) it posts the same event again until it does; stoppable at a
//              Gate, so that a test can hold the traffic while it checks
//   BusFlow    other organisations' traffic, submitted straight to the bus's submit socket in
//              batches of 1,000 (much faster than HTTP); every event must come back COMMITTED
//   SlowRelay  a subscriber too slow for the bus's PUB (tiny receive queue, reads only when told),
//              which forwards exactly what it got to a PUB of its own, where a node subscribes
//
// Every wait is bounded and says what it waited for. The random choices of a test come from one
// seed, printed at the start (REGIOTAFEL_FAULT_SEED=<n> repeats it).
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "base/bytes.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "tests/bus/bus_test_util.h"
#include "tests/node/process.h"
#include "tests/node/region_test_util.h"
#include "transport/sockets.h"
#include "transport/wakeup.h"

namespace regiotafel::testing {

using namespace std::chrono_literals;

// How long a test waits for the region to settle after a fault (outboxes drained, heads equal).
inline constexpr std::chrono::milliseconds kSettle{90'000};

// ---------------------------------------------------------------------------------------------
// Gate: lets Posters through while open; Close() returns once every poster is parked in front of
// it (its keep-alive connection closed, no request of it in progress).
class Gate {
 public:
  void Open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    changed_.notify_all();
  }
  // False when the posters did not all park within `patience`.
  bool Close(std::chrono::milliseconds patience = kSettle) {
    std::unique_lock lock(mutex_);
    open_ = false;
    return changed_.wait_for(lock, patience, [&] { return parked_ + retired_ == members_; });
  }

  // For the posters.
  void Join() {
    std::lock_guard lock(mutex_);
    ++members_;
  }
  void Retire() {
    {
      std::lock_guard lock(mutex_);
      ++retired_;
    }
    changed_.notify_all();
  }
  // Blocks while closed; `park` runs before blocking. False when `stop` became true.
  template <class Park>
  bool Pass(const std::atomic<bool>& stop, Park park) {
    std::unique_lock lock(mutex_);
    if (open_ || stop) return !stop;
    park();
    ++parked_;
    changed_.notify_all();
    // The poster's Stop() notifies through Kick().
    changed_.wait(lock, [&] { return open_ || stop.load(); });
    --parked_;
    return !stop;
  }
  void Kick() {
    { std::lock_guard lock(mutex_); }
    changed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool open_ = true;
  int members_ = 0, parked_ = 0, retired_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Starts: how often a node has been started and answered. A poster whose node went away waits on
// it for the node's next start instead of knocking on a closed port.
class Starts {
 public:
  uint64_t count() const {
    std::lock_guard lock(mutex_);
    return count_;
  }
  void Started() {
    {
      std::lock_guard lock(mutex_);
      ++count_;
    }
    changed_.notify_all();
  }
  // Wakes the waiters, to look at their `stop`.
  void Kick() const { changed_.notify_all(); }
  // Blocks until the node was started after `seen` (true), or `stop` or `deadline` (false).
  bool WaitBeyond(uint64_t seen, const std::atomic<bool>& stop,
                  std::chrono::steady_clock::time_point deadline) const {
    std::unique_lock lock(mutex_);
    return changed_.wait_until(lock, deadline, [&] { return count_ > seen || stop.load(); }) && !stop;
  }

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  uint64_t count_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Poster: posts `limit` Signaal events (or until Stop()) to the node on `port`, one after another.
// Each event has its own id; an event the node does not answer (connection refused or cut off) is
// posted again, same id and same body, on a new connection, and then after each start of the node
// (`starts`), for at most `patience` in a row.
// 202 (PENDING) and 200 (COMMITTED) count as accepted; 200 is also an acknowledgement, with its
// position. Any other answer is recorded as a failure.
class Poster {
 public:
  struct Options {
    int port = 0;
    int limit = -1;  // -1: until Stop()
    bool wait_for_commit = false;
    Gate* gate = nullptr;
    const Starts* starts = nullptr;  // the node's starts; null: a node that never goes away
    std::chrono::milliseconds patience{60'000};
  };

  explicit Poster(Options options) : options_(options) {
    if (options_.gate != nullptr) options_.gate->Join();
    thread_ = std::thread([this] { Run(); });
  }
  ~Poster() { Stop(); }
  Poster(const Poster&) = delete;
  Poster& operator=(const Poster&) = delete;

  void Stop() {
    stop_ = true;
    if (options_.gate != nullptr) options_.gate->Kick();
    if (options_.starts != nullptr) options_.starts->Kick();
    if (thread_.joinable()) thread_.join();
  }
  // Blocks until the poster has posted all it was to post (or gave up).
  bool Finish(std::chrono::milliseconds patience) {
    return Eventually([&] { return done_.load(); }, patience);
  }

  int accepted() const { return accepted_; }
  int unanswered() const { return unanswered_; }  // posts that got no answer and were repeated
  bool done() const { return done_; }
  std::vector<std::string> accepted_ids() {
    std::lock_guard lock(mutex_);
    return accepted_ids_;
  }
  std::map<std::string, uint64_t> acknowledged() {
    std::lock_guard lock(mutex_);
    return acknowledged_;
  }
  std::vector<std::string> failures() {
    std::lock_guard lock(mutex_);
    return failures_;
  }

 private:
  void Run() {
    auto client = NewClient();
    for (int i = 0; (options_.limit < 0 || i < options_.limit) && !stop_; ++i) {
      if (options_.gate != nullptr && !options_.gate->Pass(stop_, [&] { client->stop(); })) break;
      const std::string id = NewUuid();
      const std::string body = SignaalBody(id, i);
      const char* path = options_.wait_for_commit ? "/api/v1/events?wait=commit" : "/api/v1/events";
      Answer answer;
      const auto deadline = std::chrono::steady_clock::now() + options_.patience;
      for (bool reconnected = false;;) {
        const uint64_t seen = options_.starts != nullptr ? options_.starts->count() : 0;
        answer = ToAnswer(client->Post(path, body, "application/json"));
        if (answer.code != 0 || stop_ || std::chrono::steady_clock::now() >= deadline) break;
        ++unanswered_;
        client = NewClient();
        // First on a new connection (the old one may be from before a restart), then once the
        // node has been started again.
        if (!reconnected) {
          reconnected = true;
          continue;
        }
        reconnected = false;
        if (options_.starts == nullptr || !options_.starts->WaitBeyond(seen, stop_, deadline)) break;
      }
      std::lock_guard lock(mutex_);
      if (answer.code == 202 || answer.code == 200) {
        accepted_ids_.push_back(id);
        if (answer.code == 200) {
          if (answer.Text("status") == "COMMITTED" && answer.Number("position") > 0) {
            acknowledged_[id] = answer.Number("position");
          } else {
            failures_.push_back(id + ": 200 without a commit: " + answer.body);
          }
        }
        ++accepted_;
      } else if (!stop_) {
        failures_.push_back(id + ": HTTP " + std::to_string(answer.code) + " " + answer.body);
        break;
      }
    }
    client->stop();
    done_ = true;
    if (options_.gate != nullptr) options_.gate->Retire();
  }

  std::unique_ptr<httplib::Client> NewClient() const {
    auto client = std::make_unique<httplib::Client>("127.0.0.1", options_.port);
    client->set_keep_alive(true);
    client->set_connection_timeout(5s);
    client->set_read_timeout(120s);
    return client;
  }

  Options options_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  std::atomic<int> accepted_{0};
  std::atomic<int> unanswered_{0};
  std::mutex mutex_;
  std::vector<std::string> accepted_ids_;
  std::map<std::string, uint64_t> acknowledged_;
  std::vector<std::string> failures_;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// BusFlow: fresh signed Signaal events of `origin`, straight to the bus's submit ROUTER, batches of
// 1,000 with up to `window` awaiting their answer. Used for other organisations' traffic.
class BusFlow {
 public:
  BusFlow(zmq::context_t& context, const std::string& submit, std::string origin, const SigningKey& key)
      : client_(context, zmq::socket_type::dealer, submit), origin_(std::move(origin)), key_(key) {}

  // Submits `count` events; every one must come back COMMITTED. Their ids go to `*ids` when given.
  ::testing::AssertionResult Submit(size_t count, std::vector<std::string>* ids = nullptr,
                                    size_t window = 4) {
    std::map<uint64_t, std::vector<std::string>> in_flight;  // request id → event ids
    size_t sent = 0;
    while (sent < count || !in_flight.empty()) {
      while (in_flight.size() < window && sent < count) {
        v1::BusFrame frame;
        v1::SubmitBatch* batch = frame.mutable_submit();
        batch->set_request_id(++request_id_);
        std::vector<std::string>& batch_ids = in_flight[request_id_];
        for (size_t i = 0; i < 1000 && sent < count; ++i, ++sent) {
          v1::Envelope envelope = Signaal(origin_, next_seq_++, "1234567890", "f" + std::to_string(sent));
          batch_ids.push_back(envelope.event_id());
          *batch->add_events() = Sign(key_, envelope);
        }
        if (Status s = client_.Send(frame); !s.ok()) {
          return ::testing::AssertionFailure() << "flow: sending a batch: " << s.ToString();
        }
      }
      std::optional<v1::BusFrame> reply = client_.Receive(kPatience);
      if (!reply) {
        return ::testing::AssertionFailure() << "flow: no answer from the bus within " << kPatience.count()
                                             << " ms (" << sent << " of " << count << " sent)";
      }
      if (!reply->has_submit_reply()) continue;
      auto it = in_flight.find(reply->submit_reply().request_id());
      if (it == in_flight.end()) continue;
      if (static_cast<size_t>(reply->submit_reply().results_size()) != it->second.size()) {
        return ::testing::AssertionFailure() << "flow: " << reply->submit_reply().results_size()
                                             << " results for " << it->second.size() << " events";
      }
      for (const v1::SubmitResult& result : reply->submit_reply().results()) {
        if (result.status() != v1::SubmitResult::COMMITTED) {
          return ::testing::AssertionFailure()
                 << "flow: event " << result.event_id() << " not committed: " << result.error();
        }
      }
      if (ids != nullptr) ids->insert(ids->end(), it->second.begin(), it->second.end());
      in_flight.erase(it);
    }
    return ::testing::AssertionSuccess();
  }

 private:
  FrameClient client_;
  const std::string origin_;
  const SigningKey& key_;
  uint64_t next_seq_ = 1;
  uint64_t request_id_ = 0;
};

// ---------------------------------------------------------------------------------------------
// SlowRelay: a subscriber too slow for the bus's PUB. Its SUB has a receive queue of one message
// and a small kernel buffer, and it reads only while not paused; so once the bus's PUB queue for it
// (ZMQ_SNDHWM, 100,000 messages) is full, the bus's PUB drops for it. What it does read goes out
// unchanged on a PUB of its own (no HWM), where a node subscribes: that node sees exactly the
// stream the slow subscriber got, gaps and all. The relay remembers the positions it saw.
class SlowRelay {
 public:
  SlowRelay(zmq::context_t& context, const std::string& bus_publish)
      : sub_(context, zmq::socket_type::sub), pub_(context, zmq::socket_type::pub) {
    sub_.set(zmq::sockopt::rcvhwm, 1);
    sub_.set(zmq::sockopt::rcvbuf, 4096);
    sub_.set(zmq::sockopt::linger, 0);
    sub_.set(zmq::sockopt::subscribe, "");
    sub_.connect(bus_publish);
    pub_.set(zmq::sockopt::sndhwm, 0);
    pub_.set(zmq::sockopt::linger, 0);
    pub_.bind("tcp://127.0.0.1:*");
    endpoint_ = pub_.get(zmq::sockopt::last_endpoint);
    thread_ = std::thread([this] { Run(); });
  }
  ~SlowRelay() {
    stop_ = true;
    wakeup_.Signal();
    {
      std::lock_guard lock(mutex_);
      changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
  }
  SlowRelay(const SlowRelay&) = delete;
  SlowRelay& operator=(const SlowRelay&) = delete;

  const std::string& endpoint() const { return endpoint_; }

  // Stops reading; true once the relay is parked (it reads nothing more until Resume()).
  bool Pause() {
    std::unique_lock lock(mutex_);
    paused_ = true;
    wakeup_.Signal();
    return changed_.wait_for(lock, kPatience, [&] { return parked_; });
  }
  void Resume() {
    std::lock_guard lock(mutex_);
    paused_ = false;
    changed_.notify_all();
  }

  // The positions of the committed records it got, in the order it got them.
  std::vector<uint64_t> positions() {
    std::lock_guard lock(mutex_);
    return positions_;
  }
  uint64_t last_position() {
    std::lock_guard lock(mutex_);
    return positions_.empty() ? 0 : positions_.back();
  }
  uint64_t last_heartbeat_head() {
    std::lock_guard lock(mutex_);
    return heartbeat_head_;
  }

 private:
  void Run() {
    while (!stop_) {
      {
        std::unique_lock lock(mutex_);
        if (paused_) {
          parked_ = true;
          changed_.notify_all();
          changed_.wait(lock, [&] { return !paused_ || stop_; });
          parked_ = false;
          continue;
        }
      }
      std::vector<zmq::pollitem_t> items = {{sub_.handle(), 0, ZMQ_POLLIN, 0}, wakeup_.PollItem()};
      if (!transport::Poll(&items, std::chrono::milliseconds(1000)).ok()) return;
      if (items[1].revents & ZMQ_POLLIN) wakeup_.Clear();
      while (!stop_) {
        {
          std::lock_guard lock(mutex_);
          if (paused_) break;
        }
        zmq::message_t message;
        if (!sub_.recv(message, zmq::recv_flags::dontwait)) break;
        v1::BusFrame frame;
        if (frame.ParseFromArray(message.data(), static_cast<int>(message.size()))) {
          std::lock_guard lock(mutex_);
          if (frame.has_committed()) positions_.push_back(frame.committed().record().position());
          if (frame.has_heartbeat()) heartbeat_head_ = frame.heartbeat().head_position();
        }
        (void)pub_.send(message, zmq::send_flags::dontwait);
      }
    }
  }

  zmq::socket_t sub_;
  zmq::socket_t pub_;
  std::string endpoint_;
  transport::Wakeup wakeup_;
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  bool paused_ = false;
  bool parked_ = false;
  std::vector<uint64_t> positions_;
  uint64_t heartbeat_head_ = 0;
  std::thread thread_;
};

// ---------------------------------------------------------------------------------------------
// How a node of the region is configured beyond the defaults.
struct NodeOptions {
  std::string publish;     // the PUB the node subscribes to; empty: the bus's
  int heartbeat_ms = 200;  // the node's idea of the bus's heartbeat (silence after three)
};

// The fixture: a region on this machine. Nodes are numbered in the order they are added.
class FaultTest : public ::testing::Test {
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
                  std::to_string(node->http_port) + "\nwacht_ms = 60000\n");
    nodes_.push_back(std::move(node));
    return nodes_.size() - 1;
  }
  RegionNode& node(size_t i) { return *nodes_.at(i); }

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

  Answer Get(size_t i, const std::string& path) {
    httplib::Client client("127.0.0.1", node(i).http_port);
    client.set_connection_timeout(5s);
    client.set_read_timeout(60s);
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

  // Waits until every running node has an empty outbox (nothing PENDING) and its replica at the
  // bus's head, and the bus's head is at least `at_least`.
  void WaitUntilSettled(uint64_t at_least = 0) {
    std::string state;
    const bool settled = Eventually(
        [&] {
          const uint64_t bus_head = BusHead();
          state = "bus head " + std::to_string(bus_head);
          bool all = bus_head >= at_least && bus_head > 0;
          for (size_t i = 0; i < nodes_.size(); ++i) {
            if (!node(i).process.running()) continue;
            Answer health = Get(i, "/healthz");
            state += "; " + node(i).name + " head " + std::to_string(health.Number("position")) +
                     " pending " + std::to_string(health.Number("pending")) + " (HTTP " +
                     std::to_string(health.code) + ")";
            all = all && health.code == 200 && health.Number("pending") == 0 &&
                  health.Number("position") == bus_head;
          }
          // An event committed while the nodes were asked (its outbox entry decided, its record not
          // yet in the replica) would pass the checks above against the older head: ask again.
          return all && BusHead() == bus_head;
        },
        kSettle);
    ASSERT_TRUE(settled) << "the region did not settle within " << kSettle.count()
                         << " ms (wanted head >= " << at_least << "): " << state;
  }

  // Every running node's replica head (position and chained hash) is the bus's. Because a replica
  // recomputes the SHA-256 chain of every record it takes, an equal head hash means equal records.
  void ExpectHeadsEqual(const std::vector<v1::LogRecord>& bus_log) {
    ASSERT_FALSE(bus_log.empty());
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (!node(i).process.running()) continue;
      Answer head = Get(i, "/api/v1/log/head");
      EXPECT_EQ(head.Number("position"), bus_log.size()) << node(i).name;
      EXPECT_EQ(head.Text("hash"), ToHex(bus_log.back().hash())) << node(i).name;
    }
  }

  // Every one of `positions` (event id → position in the bus log) as node i answers it:
  // COMMITTED at that position. Asked from a few threads: there may be thousands.
  void ExpectCommittedOn(size_t i, const std::vector<std::string>& ids,
                         const std::map<std::string, uint64_t>& positions) {
    constexpr size_t kThreads = 4;
    std::mutex mutex;
    std::vector<std::string> wrong;
    std::vector<std::thread> threads;
    for (size_t t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        httplib::Client client("127.0.0.1", node(i).http_port);
        client.set_keep_alive(true);
        client.set_read_timeout(60s);
        for (size_t k = t; k < ids.size(); k += kThreads) {
          Answer a = ToAnswer(client.Get(("/api/v1/events/" + ids[k]).c_str()));
          auto it = positions.find(ids[k]);
          if (a.code != 200 || a.Text("status") != "COMMITTED" || it == positions.end() ||
              a.Number("position") != it->second) {
            std::lock_guard lock(mutex);
            wrong.push_back(ids[k] + " → HTTP " + std::to_string(a.code) + " " + a.body);
          }
        }
        client.stop();
      });
    }
    for (std::thread& t : threads) t.join();
    EXPECT_TRUE(wrong.empty()) << wrong.size() << " of " << ids.size() << " events not COMMITTED on "
                               << node(i).name << " at their log position, e.g. " << wrong.front();
  }

  // Stops every running node and then the bus, gently, and compares each replica on disk with the
  // bus's log on disk, record by record, byte for byte (both chains verified). Returns the bus log.
  std::vector<v1::LogRecord> ExpectIdenticalOnDisk(const std::string& when) {
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (node(i).process.running()) StopNode(i);
    }
    if (bus_.running()) StopBus();
    std::vector<v1::LogRecord> bus_log;
    EXPECT_TRUE(ReadWholeLog(dir_.Sub("bus/log"), &bus_log)) << when;
    for (size_t i = 0; i < nodes_.size(); ++i) {
      std::vector<v1::LogRecord> replica;
      if (!std::filesystem::exists(dir_.Sub(node(i).name + "/replica"))) continue;  // never started
      EXPECT_TRUE(ReadWholeLog(dir_.Sub(node(i).name + "/replica"), &replica)) << when;
      EXPECT_TRUE(SameRecords(bus_log, replica)) << node(i).name << ", " << when;
    }
    return bus_log;
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
