// regiotafel-simulator as a real process against a real region (`regiotafel-region up`, seven
// organisations on 127.0.0.1): it plays a year into the nodes, whose views then show it; killed
// midway and started again it resumes, and the log holds every event of the plan exactly once; a
// node that is down is waited for, not a reason to crash.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/support/head_wait.h"
#include "tests/support/launcher_run.h"
#include "tests/support/process.h"

namespace regiotafel {
namespace {

namespace pb = google::protobuf;
using testing::CommandRun;
using testing::Eventually;
using testing::Process;
using testing::ReadFile;

constexpr char kLastDay[] = "2026-06-30";  // a fixed year, so the test plays the same one every time

class SimulatorProcessTest : public testing::LauncherTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeDirectoryAndPorts("regiotafel-simulator", 20));
    region_file_ = dir_ + "/klein.toml";
    std::ofstream(region_file_)
        << "naam = \"klein\"\n"
           "organisaties = [\"regio:drechtsteden\", \"gemeente:dordrecht\", "
           "\"gemeente:zwijndrecht\", \"corporatie:trivire\", \"corporatie:woonbron\", "
           "\"vluchtelingenwerk:zuidwest-nederland\", \"coa:coa\"]\n"
        << "poort_basis = " << base_ << "\nheartbeat_ms = 200\n";
  }

  void Up() {
    started_ = true;
    CommandRun up = Command({REGION_BINARY, "up", region_file_, "--data", data_});
    ASSERT_EQ(up.exit_code, 0) << up.output;
    pb::Struct json;
    ASSERT_TRUE(pb::util::JsonStringToMessage(ReadFile(data_ + "/region.json"), &json).ok());
    for (const auto& [org, url] : json.fields().at("nodes").struct_value().fields())
      nodes_[org] = url.string_value();
    for (const auto& [org, token] : json.fields().at("tokens").struct_value().fields()) {
      tokens_[org] = token.string_value();
    }
  }

  std::vector<std::string> SimulatorArgs(std::vector<std::string> more) {
    std::vector<std::string> args = {
        SIMULATOR_BINARY, "--region", data_ + "/region.json", "--tempo", "0", "--huishoudens", "60",
        "--tot",          kLastDay};
    args.insert(args.end(), more.begin(), more.end());
    return args;
  }

  // How many steps the state file says are done; 0 before it exists.
  uint64_t Verstuurd() {
    std::istringstream state(ReadFile(data_ + "/simulator.toml"));
    for (std::string line; std::getline(state, line);) {
      if (line.starts_with("verstuurd = ")) return std::stoull(line.substr(12));
    }
    return 0;
  }

  // The event ids the plan sends and the nodes must accept (the deliberate mistakes left out).
  std::vector<std::string> PlannedIds() {
    CommandRun plan = Command(SimulatorArgs({"--plan"}));
    EXPECT_EQ(plan.exit_code, 0) << plan.output;
    std::vector<std::string> ids;
    std::istringstream lines(plan.output);
    for (std::string line; std::getline(lines, line);) {
      std::vector<std::string> columns;
      std::istringstream fields(line);
      for (std::string column; std::getline(fields, column, '\t');) columns.push_back(column);
      if (columns.size() == 5) ids.push_back(columns[3]);  // a sixth column: a deliberate mistake
    }
    return ids;
  }

  // Every event id in the bus's log, in log order (the region stopped, so the log can be opened).
  std::vector<std::string> LoggedIds() {
    CommandRun down = Command({REGION_BINARY, "down", "--data", data_});
    EXPECT_EQ(down.exit_code, 0) << down.output;
    started_ = false;
    std::unique_ptr<eventstore::EventLog> log;
    Status opened = eventstore::EventLog::Open(data_ + "/bus/log", {}, &log);
    EXPECT_TRUE(opened.ok()) << opened.ToString();
    std::vector<std::string> ids;
    if (!opened.ok()) return ids;
    for (uint64_t from = 1;;) {
      std::vector<v1::LogRecord> records;
      EXPECT_TRUE(log->Read(from, 1000, &records).ok());
      if (records.empty()) break;
      for (const v1::LogRecord& record : records) {
        v1::Envelope envelope;
        EXPECT_TRUE(envelope.ParseFromString(record.envelope()));
        ids.push_back(envelope.event_id());
      }
      from = records.back().position() + 1;
    }
    return ids;
  }

  // GET `target` from `org`'s node with its token; the parsed JSON.
  pb::Struct View(const std::string& org, const std::string& target) {
    httplib::Client client(nodes_.at(org));
    client.set_bearer_token_auth(tokens_.at(org));
    client.set_read_timeout(std::chrono::seconds(60));
    httplib::Result result = client.Get(target.c_str());
    pb::Struct json;
    EXPECT_TRUE(result && result->status == 200) << target << ": " << (result ? result->body : "no answer");
    if (result) {
      EXPECT_TRUE(pb::util::JsonStringToMessage(result->body, &json).ok());
    }
    return json;
  }

  std::map<std::string, std::string> nodes_, tokens_;
};

TEST_F(SimulatorProcessTest, PlaysAYearThatTheViewsShow) {
  ASSERT_NO_FATAL_FAILURE(Up());
  CommandRun run = Command(SimulatorArgs({}));
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_NE(run.output.find("the year is played"), std::string::npos) << run.output;
  EXPECT_NE(run.output.find(" 0 refused unexpectedly"), std::string::npos) << run.output;
  EXPECT_EQ(run.output.find("UNEXPECTED"), std::string::npos) << run.output;

  // At the year's last day the dossiers are in several fases and some households are stuck.
  const std::string at = std::string("?peildatum=") + kLastDay;
  std::set<std::string> fases;
  const pb::Struct dossiers = View("gemeente:dordrecht", "/api/v1/dossiers" + at);
  ASSERT_TRUE(dossiers.fields().contains("dossiers"));
  for (const auto& d : dossiers.fields().at("dossiers").list_value().values()) {
    fases.insert(d.struct_value().fields().at("fase").string_value());
  }
  EXPECT_GE(fases.size(), 4u) << "fases seen: " << fases.size();
  std::set<std::string> codes;
  const pb::Struct signalen = View("coa:coa", "/api/v1/signalen" + at);
  ASSERT_TRUE(signalen.fields().contains("signalen"));
  for (const auto& s : signalen.fields().at("signalen").list_value().values()) {
    codes.insert(s.struct_value().fields().at("code").string_value());
  }
  EXPECT_GE(codes.size(), 3u);
  EXPECT_TRUE(codes.contains("TERMIJN_HUISVESTING") || codes.contains("STIL"));

  // Played again: nothing left, nothing sent twice.
  CommandRun again = Command(SimulatorArgs({}));
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_NE(again.output.find("nothing left to send"), std::string::npos) << again.output;
  const std::vector<std::string> planned = PlannedIds();
  const std::vector<std::string> logged = LoggedIds();
  EXPECT_EQ(logged, planned);  // every event once, in the plan's order
}

TEST_F(SimulatorProcessTest, KilledMidwayItResumesWithoutLosingOrDoublingAnything) {
  ASSERT_NO_FATAL_FAILURE(Up());
  Process simulator;
  ASSERT_TRUE(simulator.Start(SimulatorArgs({}), dir_ + "/simulator-1.out"));
  // Midway: 150 of its events in the log, as COA's node's replica shows (its long-poll).
  ASSERT_TRUE(testing::HeadReaches(nodes_.at("coa:coa"), tokens_.at("coa:coa"), 150))
      << ReadFile(dir_ + "/simulator-1.out");
  simulator.Kill(SIGKILL);
  ASSERT_TRUE(simulator.Wait(std::chrono::seconds(30)).has_value());
  const uint64_t at_kill = Verstuurd();

  CommandRun resumed = Command(SimulatorArgs({}));
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resuming the year of klein"), std::string::npos) << resumed.output;
  EXPECT_NE(resumed.output.find("the year is played"), std::string::npos) << resumed.output;
  EXPECT_GE(Verstuurd(), at_kill);

  const std::vector<std::string> planned = PlannedIds();
  const std::vector<std::string> logged = LoggedIds();
  std::map<std::string, int> times;
  for (const std::string& id : logged) ++times[id];
  for (const auto& [id, n] : times) EXPECT_EQ(n, 1) << id << " is in the log " << n << " times";
  for (const std::string& id : planned) EXPECT_TRUE(times.contains(id)) << id << " is missing from the log";
  EXPECT_EQ(logged.size(), planned.size());
}

TEST_F(SimulatorProcessTest, ANodeThatIsDownIsWaitedForAndReported) {
  ASSERT_NO_FATAL_FAILURE(Up());
  // COA's node stops; COA sends most events, and the year's first days need it.
  const pid_t coa = std::stoi(ReadFile(data_ + "/run/coa_coa.pid"));
  ASSERT_EQ(kill(coa, SIGTERM), 0);
  const std::string coa_port = nodes_.at("coa:coa").substr(nodes_.at("coa:coa").rfind(':') + 1);
  ASSERT_TRUE(testing::WaitForExit(coa, std::chrono::seconds(60))) << "COA's node does not stop";

  Process simulator;
  const std::string out = dir_ + "/simulator.out";
  ASSERT_TRUE(simulator.Start(SimulatorArgs({"--dagen", "60"}), out));
  ASSERT_TRUE(Eventually([&] {
    return ReadFile(out).find("coa:coa (http://127.0.0.1:" + coa_port) != std::string::npos;
  })) << ReadFile(out);
  EXPECT_NE(ReadFile(out).find("trying again in"), std::string::npos) << ReadFile(out);
  EXPECT_TRUE(simulator.running());

  CommandRun up = Command({REGION_BINARY, "up", region_file_, "--data", data_});  // starts COA's node again
  ASSERT_EQ(up.exit_code, 0) << up.output;
  const std::optional<int> status = simulator.Wait(testing::kCommandPatience);
  ASSERT_TRUE(status.has_value()) << ReadFile(out);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << ReadFile(out);
  EXPECT_NE(ReadFile(out).find("coa:coa answers again"), std::string::npos) << ReadFile(out);
  EXPECT_NE(ReadFile(out).find("played 60 simulated days"), std::string::npos) << ReadFile(out);
}

}  // namespace
}  // namespace regiotafel
