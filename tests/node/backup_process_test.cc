// Operations on a running region as real processes (regiotafel-bus, regiotafel-node): /metrics on
// both, backups of the running bus and node taken while events pour in (they verify with
// regiotafel-audit), and a node restored from its backup that starts and catches up with the bus.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "base/bytes.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "tests/support/head_wait.h"
#include "tests/support/node_answer.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/whole_log.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::Answer;
using testing::Eventually;
using testing::Process;
using testing::SignaalBody;
using testing::ToAnswer;

constexpr const char* kOrg = "gemeente:dordrecht";
const std::string kLezen(40, 'l');
const std::string kSchrijven(40, 's');

// The value of an unlabelled sample in a Prometheus text, -1 when it is not there.
double Sample(const std::string& text, const std::string& name) {
  const std::string start = "\n" + name + " ";
  const size_t at = ("\n" + text).find(start);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + start.size() - 1));
}

class OperationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    submit_ = "tcp://127.0.0.1:" + std::to_string(testing::FreePort());
    publish_ = "tcp://127.0.0.1:" + std::to_string(testing::FreePort());
    fetch_ = "tcp://127.0.0.1:" + std::to_string(testing::FreePort());
    http_port_ = testing::FreePort();
    metrics_port_ = testing::FreePort();
    WriteFile("node.ed25519", ToHex(key_.secret_key()) + "\n");
    WriteFile("bus.ed25519", ToHex(checkpoint_key_.secret_key()) + "\n");
    WriteFile("trust.toml", std::string("[organisaties.\"") + kOrg + "\"]\ned25519 = \"" +
                                ToHex(key_.public_key()) + "\"\n[bus]\ncheckpoint_sleutel = \"" +
                                ToHex(checkpoint_key_.public_key()) + "\"\n");
    WriteFile("bus.toml",
              "data = \"bus\"\nsubmit = \"" + submit_ + "\"\npublish = \"" + publish_ + "\"\nfetch = \"" +
                  fetch_ + "\"\ntrust = \"trust.toml\"\nheartbeat_ms = 200\n" +
                  "checkpoint_sleutel = \"bus.ed25519\"\ncheckpoint_elke = 25\ncheckpoint_seconden = 1\n" +
                  "metrics = \"127.0.0.1:" + std::to_string(metrics_port_) + "\"\n");
    WriteFile("node.toml",
              std::string("organisatie = \"") + kOrg +
                  "\"\ndata = \"node\"\nsleutel = \"node.ed25519\"\n\n[bus]\nsubmit = \"" + submit_ +
                  "\"\npublish = \"" + publish_ + "\"\nfetch = \"" + fetch_ +
                  "\"\nheartbeat_ms = 200\ntimeout_ms = 1000\ncheckpoint_sleutel = \"" +
                  ToHex(checkpoint_key_.public_key()) + "\"\n\n[http]\nadres = \"127.0.0.1\"\npoort = " +
                  std::to_string(http_port_) + "\n\n[[tokens]]\ntoken = \"" + kLezen +
                  "\"\nrol = \"lezen\"\n\n[[tokens]]\ntoken = \"" + kSchrijven + "\"\nrol = \"schrijven\"\n");
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

  void StartBus() {
    ASSERT_TRUE(bus_.Start({BUS_BINARY, "--config", dir_.Sub("bus.toml")}, dir_.Sub("bus.log")));
    ASSERT_TRUE(Eventually([&] { return BusMetrics().find("regiotafel_bus_log_head") != std::string::npos; }))
        << "the bus's metrics listener does not answer";
  }
  void StartNode() {
    ASSERT_TRUE(node_.Start({NODE_BINARY, "--config", dir_.Sub("node.toml")}, dir_.Sub("node.log")));
    ASSERT_TRUE(Eventually([&] { return Get("/healthz", "").code == 200; })) << "the node does not answer";
  }
  void StopGently(Process& process) {
    process.Kill(SIGTERM);
    std::optional<int> status = process.Wait(60s);
    ASSERT_TRUE(status) << "did not stop after SIGTERM";
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << "wait status " << *status;
  }

  httplib::Headers Auth(const std::string& token) {
    return token.empty() ? httplib::Headers{} : httplib::Headers{{"Authorization", "Bearer " + token}};
  }
  Answer Get(const std::string& path, const std::string& token) {
    httplib::Client client("127.0.0.1", http_port_);
    client.set_read_timeout(60s);
    return ToAnswer(client.Get(path, Auth(token)));
  }
  Answer Post(const std::string& path, const std::string& body, const std::string& token) {
    httplib::Client client("127.0.0.1", http_port_);
    client.set_read_timeout(120s);
    return ToAnswer(client.Post(path, Auth(token), body, "application/json"));
  }
  std::string NodeMetrics() { return Get("/metrics", kLezen).body; }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(http_port_); }
  std::string BusMetrics() {
    httplib::Client client("127.0.0.1", metrics_port_);
    httplib::Result result = client.Get("/metrics");
    return result && result->status == 200 ? result->body : "";
  }

  testing::TempDir dir_;
  SigningKey key_ = SigningKey::Generate();
  SigningKey checkpoint_key_ = SigningKey::Generate();
  std::string submit_, publish_, fetch_;
  int http_port_ = 0;
  int metrics_port_ = 0;
  Process bus_;
  Process node_;
};

TEST_F(OperationsTest, MetricsOnNodeAndBusInPrometheusText) {
  StartBus();
  StartNode();
  for (int i = 0; i < 30; ++i)
    ASSERT_EQ(Post("/api/v1/events?wait=commit", SignaalBody(NewUuid(), i), kSchrijven).code, 200);
  // A bad body is refused at the node's door: it reaches neither the outbox nor the bus's counters.
  EXPECT_EQ(Post("/api/v1/events", "{}", kSchrijven).code, 400);

  httplib::Client client("127.0.0.1", http_port_);
  httplib::Result no_token = client.Get("/metrics");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 401);
  httplib::Result metrics = client.Get("/metrics", Auth(kLezen));
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = metrics->body;
  EXPECT_NE(text.find("# TYPE regiotafel_node_events_committed_total counter\n"), std::string::npos) << text;
  EXPECT_EQ(Sample(text, "regiotafel_node_events_committed_total"), 30) << text;
  EXPECT_EQ(Sample(text, "regiotafel_node_events_rejected_total"), 0);
  EXPECT_EQ(Sample(text, "regiotafel_node_outbox_pending"), 0);
  EXPECT_EQ(Sample(text, "regiotafel_node_replica_head"), 30);
  EXPECT_NE(text.find("regiotafel_node_info{organisatie=\"gemeente:dordrecht\"} 1\n"), std::string::npos);
  EXPECT_NE(text.find("regiotafel_node_replica_append_seconds_bucket{le=\"+Inf\"}"), std::string::npos);
  EXPECT_GT(Sample(text, "regiotafel_node_replica_append_seconds_count"), 0);
  EXPECT_TRUE(Eventually([&] {
    const std::string now = NodeMetrics();
    return Sample(now, "regiotafel_node_bus_head") == 30 && Sample(now, "regiotafel_node_replica_lag") == 0 &&
           Sample(now, "regiotafel_node_checkpoint_laatste_positie") == 30;
  })) << NodeMetrics();

  const std::string bus = BusMetrics();
  EXPECT_EQ(Sample(bus, "regiotafel_bus_events_committed_total"), 30) << bus;
  EXPECT_EQ(Sample(bus, "regiotafel_bus_log_head"), 30);
  EXPECT_EQ(Sample(bus, "regiotafel_bus_organisaties_gezien"), 1);
  EXPECT_GE(Sample(bus, "regiotafel_bus_append_seconds_count"), 1);
  EXPECT_NE(bus.find("regiotafel_bus_events_rejected_total{reden=\"signature\"} 0\n"), std::string::npos)
      << bus;
  EXPECT_TRUE(
      Eventually([&] { return Sample(BusMetrics(), "regiotafel_bus_checkpoint_laatste_positie") == 30; }));
  StopGently(node_);
  StopGently(bus_);
}

TEST_F(OperationsTest, BackupNeedsASchrijvenTokenANameAndANewTarget) {
  StartBus();
  StartNode();
  EXPECT_EQ(Post("/api/v1/beheer/backup", "", "").code, 401);
  EXPECT_EQ(Post("/api/v1/beheer/backup", "", kLezen).code, 403);
  EXPECT_EQ(Post("/api/v1/beheer/backup?naam=../etc", "", kSchrijven).code, 400);
  Answer made = Post("/api/v1/beheer/backup?naam=eerste", "", kSchrijven);
  ASSERT_EQ(made.code, 201) << made.body;
  EXPECT_EQ(made.Text("pad"), dir_.Sub("node-backups/eerste"));
  EXPECT_TRUE(std::filesystem::exists(dir_.Sub("node-backups/eerste/BACKUP.txt")));
  EXPECT_EQ(Post("/api/v1/beheer/backup?naam=eerste", "", kSchrijven).code, 409);
  // The bus: a config whose metrics is not loopback is refused unless metrics_extern says so.
  WriteFile("bus-open.toml",
            "data = \"bus2\"\nsubmit = \"tcp://127.0.0.1:0\"\npublish = \"tcp://127.0.0.1:0\"\n"
            "fetch = \"tcp://127.0.0.1:0\"\nmetrics = \"0.0.0.0:9464\"\n");
  testing::CommandRun refused =
      testing::RunToEnd({BUS_BINARY, "--config", dir_.Sub("bus-open.toml")}, dir_.Sub("o.txt"));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("metrics_extern"), std::string::npos) << refused.output;
  WriteFile("bus-bad.toml",
            "data = \"bus2\"\nsubmit = \"tcp://127.0.0.1:0\"\npublish = \"tcp://127.0.0.1:0\"\n"
            "fetch = \"tcp://127.0.0.1:0\"\nmetrics = \"127.0.0.1\"\n");
  refused = testing::RunToEnd({BUS_BINARY, "--config", dir_.Sub("bus-bad.toml")}, dir_.Sub("b.txt"));
  EXPECT_EQ(refused.exit_code, 2) << refused.output;
  EXPECT_NE(refused.output.find("has no port"), std::string::npos) << refused.output;
  StopGently(node_);
  StopGently(bus_);
}

// Backups of the running bus and node while events keep coming verify; the node, stopped and
// restored from its backup, starts, resubmits what its outbox still had pending (answered as
// duplicates) and catches up: its replica ends identical to the bus's log, every event once.
TEST_F(OperationsTest, ABackupTakenUnderLoadVerifiesAndARestoredNodeCatchesUp) {
  StartBus();
  StartNode();
  std::atomic<bool> stop{false};
  std::atomic<int> posted{0};
  std::mutex mutex;
  std::condition_variable more;  // posted went up
  std::thread poster([&] {
    for (int i = 0; !stop; ++i) {
      if (Post("/api/v1/events", SignaalBody(NewUuid(), i), kSchrijven).code == 202) {
        {
          std::lock_guard lock(mutex);
          ++posted;
        }
        more.notify_all();
      }
    }
  });
  const auto posted_at_least = [&](int n) {
    std::unique_lock lock(mutex);
    return more.wait_for(lock, 60s, [&] { return posted >= n; });
  };
  ASSERT_TRUE(posted_at_least(100));
  testing::CommandRun node_backup = testing::RunToEnd(
      {NODE_BINARY, "backup", "--config", dir_.Sub("node.toml"), "--naam", "b1"}, dir_.Sub("nb.txt"));
  testing::CommandRun bus_backup = testing::RunToEnd(
      {BUS_BINARY, "backup", "--config", dir_.Sub("bus.toml"), "--naam", "b1"}, dir_.Sub("bb.txt"));
  const int at_backup = posted;
  ASSERT_TRUE(posted_at_least(at_backup + 50));
  stop = true;
  poster.join();
  ASSERT_EQ(node_backup.exit_code, 0) << node_backup.output;
  ASSERT_EQ(bus_backup.exit_code, 0) << bus_backup.output;
  EXPECT_NE(node_backup.output.find("\"pad\": \"" + dir_.Sub("node-backups/b1") + "\""), std::string::npos)
      << node_backup.output;

  // Both copies verify as an auditor reads them: chain, signatures, checkpoints.
  for (const std::string& copy : {dir_.Sub("node-backups/b1"), dir_.Sub("bus-backups/b1")}) {
    testing::CommandRun audit = testing::RunToEnd(
        {AUDIT_BINARY, "verify", copy, "--trust", dir_.Sub("trust.toml")}, dir_.Sub("audit.txt"));
    EXPECT_EQ(audit.exit_code, 0) << copy << "\n" << audit.output;
  }

  // Everything posted is committed (the replica at that position: its long-poll), its outbox drained
  // (no event for that: the last acknowledgements may still be on their way); then the node is
  // restored from b1.
  ASSERT_TRUE(testing::HeadReaches(Url(), kLezen, static_cast<uint64_t>(posted.load())));
  ASSERT_TRUE(Eventually([&] { return Sample(NodeMetrics(), "regiotafel_node_outbox_pending") == 0; }));
  const double bus_head = Sample(BusMetrics(), "regiotafel_bus_log_head");
  ASSERT_EQ(bus_head, posted.load());
  StopGently(node_);
  std::filesystem::rename(dir_.Sub("node"), dir_.Sub("node-old"));
  std::filesystem::rename(dir_.Sub("node-backups/b1"), dir_.Sub("node"));
  StartNode();
  // It catches up with the bus (its long-poll), and its restored outbox drains: what it still had
  // pending is resubmitted and answered as duplicates, which moves no head (no event to wait on).
  ASSERT_TRUE(testing::HeadReaches(Url(), kLezen, static_cast<uint64_t>(bus_head)));
  ASSERT_TRUE(Eventually([&] {
    const std::string m = NodeMetrics();
    return Sample(m, "regiotafel_node_replica_head") == bus_head &&
           Sample(m, "regiotafel_node_outbox_pending") == 0;
  })) << NodeMetrics();
  StopGently(node_);
  std::vector<v1::LogRecord> replica, bus_log;
  ASSERT_TRUE(testing::ReadWholeLog(dir_.Sub("node/replica"), &replica));
  StopGently(bus_);
  ASSERT_TRUE(testing::ReadWholeLog(dir_.Sub("bus/log"), &bus_log));
  EXPECT_TRUE(testing::SameRecords(bus_log, replica));
  EXPECT_EQ(testing::EventPositions(bus_log).size(), static_cast<size_t>(posted.load()));  // every event once

  // A stopped bus is backed up by opening its stores; a name taken is refused.
  testing::CommandRun stopped = testing::RunToEnd(
      {BUS_BINARY, "backup", "--config", dir_.Sub("bus.toml"), "--naam", "b2"}, dir_.Sub("b2.txt"));
  EXPECT_EQ(stopped.exit_code, 0) << stopped.output;
  EXPECT_TRUE(std::filesystem::exists(dir_.Sub("bus-backups/b2/log")));
  testing::CommandRun again = testing::RunToEnd(
      {NODE_BINARY, "backup", "--config", dir_.Sub("node.toml"), "--naam", "b2"}, dir_.Sub("n2.txt"));
  EXPECT_EQ(again.exit_code, 0) << again.output;
  again = testing::RunToEnd({NODE_BINARY, "backup", "--config", dir_.Sub("node.toml"), "--naam", "b2"},
                            dir_.Sub("n3.txt"));
  EXPECT_EQ(again.exit_code, 1) << again.output;
  EXPECT_NE(again.output.find("already exists"), std::string::npos) << again.output;
}

}  // namespace
}  // namespace regiotafel
