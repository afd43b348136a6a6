// The region launcher and the organisation executables as real processes: `regiotafel-region up`
// starts the bus and the Drechtsteden region's twelve nodes on 127.0.0.1 in a temporary directory,
// events go in through the HTTP API and through the organisations' commands, every replica must
// show them, `down` stops everything and `up` resumes with the same log.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <set>

#include "base/uuid.h"
#include "tests/support/head_wait.h"
#include "tests/support/launcher_run.h"
#include "tests/support/process.h"

namespace regiotafel {
namespace {

namespace fs = std::filesystem;
namespace pb = google::protobuf;
using namespace std::chrono_literals;
using testing::Answer;
using testing::CommandRun;
using testing::Eventually;
using testing::FreePortBase;
using testing::Process;
using testing::ToAnswer;

struct Head {
  uint64_t position = 0;
  std::string hash;
  bool operator==(const Head&) const = default;
};

// Alive and not a zombie: the region's processes are not this test's children, and an init that
// does not reap keeps exited ones around as zombies.
bool Alive(pid_t pid) {
  const std::string stat = testing::ReadFile("/proc/" + std::to_string(pid) + "/stat");
  const size_t close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z' &&
         stat[close + 2] != 'X';
}

bool Listening(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  const bool answers = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  close(fd);
  return answers;
}

class RegionProcessTest : public testing::LauncherTest {
 protected:
  static constexpr int kOrganisations = 12;  // deploy/regions/drechtsteden.toml

  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(MakeDirectoryAndPorts("regiotafel-region", 10 + kOrganisations));
    // The shipped region, on ports of our own and with a short heartbeat (a follower notices the
    // last record before a quiet spell within one heartbeat).
    region_file_ = dir_ + "/drechtsteden.toml";
    std::ofstream(region_file_) << testing::ReadFile(std::string(SOURCE_DIR) +
                                                     "/deploy/regions/drechtsteden.toml")
                                << "\npoort_basis = " << base_ << "\nheartbeat_ms = 200\n";
  }

  void StopLeftovers() override {
    for (pid_t pid : Pids()) kill(pid, SIGKILL);
  }

  CommandRun Region(std::vector<std::string> args) {
    args.insert(args.begin(), REGION_BINARY);
    return Command(args);
  }

  void Up() {
    started_ = true;
    CommandRun up = Region({"up", region_file_, "--data", data_});
    ASSERT_EQ(up.exit_code, 0) << up.output;
    ReadRegionJson();
  }

  Answer Post(const std::string& url, const std::string& body) {
    httplib::Client client = Client(url);
    return ToAnswer(client.Post("/api/v1/events?wait=commit", body, "application/json"));
  }
  Head HeadOf(const std::string& url) {
    const Answer answer = Get(url, "/api/v1/log/head");
    return answer.code == 200 ? Head{answer.Number("position"), answer.Text("hash")} : Head{};
  }
  std::map<std::string, Head> Heads() {
    std::map<std::string, Head> heads;
    for (const auto& [org, url] : nodes_) heads[org] = HeadOf(url);
    return heads;
  }
  // Every node's replica at `position`, all with the same hash.
  bool AllAt(uint64_t position) {
    std::set<std::string> hashes;
    for (const auto& [org, head] : Heads()) {
      if (head.position != position) return false;
      hashes.insert(head.hash);
    }
    return hashes.size() == 1;
  }
  // Every node's replica reaches `position`, each waited for on its long-poll (head_wait.h); then
  // all at exactly `position`, with the same hash.
  ::testing::AssertionResult AllReach(uint64_t position) {
    for (const auto& [org, url] : nodes_) {
      auto it = tokens_.find(url);
      ::testing::AssertionResult reached =
          testing::HeadReaches(url, it == tokens_.end() ? "" : it->second, position);
      if (!reached) return reached << " (" << org << ")";
    }
    if (!AllAt(position)) {
      return ::testing::AssertionFailure() << "not every node at " << position << " with the same hash";
    }
    return ::testing::AssertionSuccess();
  }

  std::vector<pid_t> Pids() {
    std::vector<pid_t> pids;
    std::error_code ec;
    for (const fs::directory_entry& file : fs::directory_iterator(data_ + "/run", ec)) {
      const std::string text = testing::ReadFile(file.path().string());
      if (!text.empty()) pids.push_back(std::stoi(text));
    }
    return pids;
  }

  // A Signaal body for `submit`, one line.
  static std::string SignaalLine(const std::string& id) {
    return R"({"signaal": {"datum": "2026-03-01", "v_nummer": "1234567890", "signaal_id": ")" + id +
           R"(", "soort": "OVERIG", "omschrijving": "x"}})";
  }

  // "COMMITTED at position 17" → 17; 0 when the text has no such line.
  static uint64_t CommittedPosition(const std::string& output) {
    std::smatch match;
    static const std::regex kCommitted("COMMITTED at position ([0-9]+)");
    return std::regex_search(output, match, kCommitted) ? std::stoull(match[1]) : 0;
  }
};

TEST_F(RegionProcessTest, UpStartsEveryOrganisationAndWritesRegionJson) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const pb::Struct& bus = region_.fields().at("bus").struct_value();
  ASSERT_TRUE(bus.fields().contains("submit") && bus.fields().contains("publish") &&
              bus.fields().contains("fetch"));
  EXPECT_EQ(bus.fields().at("submit").string_value(), "tcp://127.0.0.1:" + std::to_string(base_));
  EXPECT_EQ(bus.fields().at("publish").string_value(), "tcp://127.0.0.1:" + std::to_string(base_ + 1));
  EXPECT_EQ(bus.fields().at("fetch").string_value(), "tcp://127.0.0.1:" + std::to_string(base_ + 2));
  ASSERT_EQ(nodes_.size(), static_cast<size_t>(kOrganisations));
  std::set<std::string> urls;
  for (const auto& [org, url] : nodes_) {
    const Answer health = Get(url, "/healthz");
    ASSERT_EQ(health.code, 200) << org << " " << url;
    EXPECT_EQ(health.Text("organisatie"), org) << "each URL is that organisation's node";
    EXPECT_EQ(HeadOf(url).position, 0u);
    const Answer checkpoints = Get(url, "/api/v1/checkpoints");  // none signed yet: the log is empty
    EXPECT_EQ(checkpoints.code, 200) << org << ": " << checkpoints.body;
    urls.insert(url);
  }
  EXPECT_EQ(urls.size(), nodes_.size());
  // The bus's checkpoint key, made with its Curve key (docs/TRUST.md, "Checkpoints").
  EXPECT_EQ(fs::status(data_ + "/keys/bus.ed25519").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(testing::ReadFile(data_ + "/config/trust.toml").find("checkpoint_sleutel"), std::string::npos);
  EXPECT_EQ(nodes_.count("vluchtelingenwerk:zuidwest-nederland"), 1u);
  EXPECT_EQ(Pids().size(), static_cast<size_t>(kOrganisations + 1)) << "a pid file per process";

  const CommandRun status = Region({"status", "--data", data_});
  EXPECT_EQ(status.exit_code, 0) << status.output;
  EXPECT_NE(status.output.find("every answering node is at position 0"), std::string::npos) << status.output;
}

// A schrijven token per node: random, in region.json and in that node's configuration only, every
// file holding one readable by its owner alone; a node asked without it answers 401.
TEST_F(RegionProcessTest, UpMakesATokenPerNode) {
  ASSERT_NO_FATAL_FAILURE(Up());
  ASSERT_EQ(tokens_.size(), static_cast<size_t>(kOrganisations));
  std::set<std::string> distinct;
  const auto mode = [](const std::string& path) { return fs::status(path).permissions() & fs::perms::all; };
  for (const auto& [org, url] : nodes_) {
    const std::string token = Token(org);
    EXPECT_TRUE(std::regex_match(token, std::regex("[0-9a-f]{64}"))) << org << ": 32 random bytes in hex";
    distinct.insert(token);
    std::string stem = org;
    stem[stem.find(':')] = '_';
    const std::string config = data_ + "/config/" + stem + ".toml";
    const std::string text = testing::ReadFile(config);
    EXPECT_NE(text.find("token = '" + token + "'"), std::string::npos) << text;
    EXPECT_NE(text.find("rol = 'schrijven'"), std::string::npos) << text;
    EXPECT_EQ(mode(config), fs::perms::owner_read | fs::perms::owner_write) << config;
    EXPECT_EQ(mode(data_ + "/keys/" + stem + ".token"), fs::perms::owner_read | fs::perms::owner_write);

    httplib::Client anonymous(url);
    const Answer refused = ToAnswer(anonymous.Get("/api/v1/log/head"));
    EXPECT_EQ(refused.code, 401) << org << ": " << refused.body;
    EXPECT_EQ(ToAnswer(anonymous.Get("/healthz")).code, 200) << org;
    EXPECT_EQ(Get(url, "/api/v1/log/head").code, 200) << org << " with its token";
  }
  EXPECT_EQ(distinct.size(), tokens_.size()) << "no two nodes share a token";
  EXPECT_EQ(mode(data_ + "/region.json"), fs::perms::owner_read | fs::perms::owner_write);
  // One node's token is no key to another's.
  httplib::Client other(Node("coa:coa"));
  other.set_bearer_token_auth(Token("gemeente:dordrecht"));
  EXPECT_EQ(ToAnswer(other.Get("/api/v1/log/head")).code, 401);
}

// The organisations' commands show the node its token (--token, else $REGIOTAFEL_TOKEN); without
// one they stop with the reason and a non-zero exit code.
TEST_F(RegionProcessTest, CommandsNeedTheNodesToken) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const std::string node = Node("gemeente:dordrecht");
  const std::vector<std::string> signaal = {
      GEMEENTE_BINARY, "signaal",      "--node", node,      "--datum", "2026-03-01",     "--v-nummer",
      "1234567890",    "--signaal-id", "t1",     "--soort", "ZORG",    "--omschrijving", "x"};
  const CommandRun without = Command(signaal);
  EXPECT_EQ(without.exit_code, 2) << without.output;
  EXPECT_NE(without.output.find("geen toegang tot " + node + " (HTTP 401)"), std::string::npos)
      << without.output;
  EXPECT_NE(without.output.find("--token TOKEN of REGIOTAFEL_TOKEN"), std::string::npos) << without.output;

  std::vector<std::string> wrong = signaal;
  wrong.insert(wrong.end(), {"--token", Token("coa:coa")});
  const CommandRun with_wrong = Command(wrong);
  EXPECT_EQ(with_wrong.exit_code, 2) << with_wrong.output;
  EXPECT_NE(with_wrong.output.find("deze node kent dit token niet"), std::string::npos) << with_wrong.output;

  const CommandRun toon = Command({GEMEENTE_BINARY, "toon", "dossiers", "--node", node});
  EXPECT_EQ(toon.exit_code, 2) << toon.output;
  EXPECT_NE(toon.output.find("geen toegang"), std::string::npos) << toon.output;

  const std::string file = dir_ + "/twee.jsonl";
  std::ofstream(file) << SignaalLine("t2") << "\n" << SignaalLine("t3") << "\n";
  const CommandRun submit = Command({GEMEENTE_BINARY, "submit", file, "--node", node});
  EXPECT_EQ(submit.exit_code, 2) << submit.output;
  EXPECT_NE(submit.output.find("line 1: geen toegang"), std::string::npos) << submit.output;
  EXPECT_NE(submit.output.find("line 2: not sent: the node refused the token at line 1"), std::string::npos)
      << submit.output;
  EXPECT_EQ(HeadOf(node).position, 0u) << "nothing was stored";

  // From the environment.
  setenv("REGIOTAFEL_TOKEN", Token("gemeente:dordrecht").c_str(), 1);
  struct Unset {
    ~Unset() { unsetenv("REGIOTAFEL_TOKEN"); }
  } unset;
  const CommandRun with_env = Command(signaal);
  EXPECT_EQ(with_env.exit_code, 0) << with_env.output;
  EXPECT_EQ(CommittedPosition(with_env.output), 1u) << with_env.output;
  const CommandRun submitted = Command({GEMEENTE_BINARY, "submit", file, "--node", node});
  EXPECT_EQ(submitted.exit_code, 0) << submitted.output;
  const CommandRun shown = Command({GEMEENTE_BINARY, "toon", "signalen", "--node", node});
  EXPECT_EQ(shown.exit_code, 0) << shown.output;
}

TEST_F(RegionProcessTest, EventsOfEveryKindCommitAndReachEveryReplica) {
  ASSERT_NO_FATAL_FAILURE(Up());
  std::vector<std::string> event_ids;
  auto posted = [&](const std::string& org, const std::string& body) {
    const Answer answer = Post(Node(org), body);
    EXPECT_EQ(answer.code, 200) << org << ": " << answer.body;
    EXPECT_EQ(answer.Text("status"), "COMMITTED") << answer.body;
    event_ids.push_back(answer.Text("event_id"));
  };
  // Through the HTTP API, one event per kind.
  posted("coa:coa",
         R"({"aanmelding": {"datum": "2026-01-05", "v_nummer": "1234567890", "naam": "Amina Haddad",
      "gezinsleden": [{"v_nummer": "1234567891", "naam": "Omar Haddad"}], "verblijfplaats": "AZC Dordrecht",
      "gemeente": "gemeente:dordrecht"}})");
  posted("corporatie:trivire", R"({"woning_aangeboden": {"datum": "2026-01-06", "woning_id": "DRD-12",
      "corporatie": "corporatie:trivire", "gemeente": "gemeente:dordrecht", "adres": "Voorstraat 12",
      "kamers": 3, "kale_huur_cent": 61000, "soort": "REGULIER", "capaciteit": 4,
      "beschikbaar_per": "2026-02-01"}})");
  posted("gemeente:zwijndrecht", R"({"taakstelling_vastgesteld": {"datum": "2026-01-02",
      "gemeente": "gemeente:zwijndrecht", "periode": "2026-H1", "aantal": 25}})");
  posted("vluchtelingenwerk:zuidwest-nederland", R"({"begeleiding_fase": {"datum": "2026-01-07",
      "v_nummer": "1234567890", "fase": "PRE_VESTIGING"}})");
  posted("regio:drechtsteden", R"({"corporatie_afspraak": {"datum": "2026-01-02",
      "corporatie": "corporatie:trivire", "periode": "2026-H1", "woningen": 12}})");

  // Through the organisations' own commands, one per kind.
  auto command = [&](const std::string& binary, const std::string& org, std::vector<std::string> args) {
    args.insert(args.begin(), binary);
    args.push_back("--node");
    args.push_back(Node(org));
    args.push_back("--token");
    args.push_back(Token(org));
    const CommandRun run = Command(args);
    EXPECT_EQ(run.exit_code, 0) << args[1] << ": " << run.output;
    EXPECT_NE(CommittedPosition(run.output), 0u) << run.output;
    std::smatch id;
    if (std::regex_search(run.output, id, std::regex("event ([0-9a-f-]{36})"))) event_ids.push_back(id[1]);
  };
  command(COA_BINARY, "coa:coa",
          {"aanmelding", "--datum", "2026-01-08", "--v-nummer", "2234567890", "--naam", "Yonas Tesfaye",
           "--persoon", "2234567891,Selam Tesfaye,2016-05-04", "--gemeente", "gemeente:papendrecht",
           "--verwachte-nareizigers", "1"});
  command(CORPORATIE_BINARY, "corporatie:trivire",
          {"reservering", "--datum", "2026-02-01", "--v-nummer", "1234567890", "--woning", "DRD-12",
           "--personen", "2"});  // --corporatie: the node's own
  command(GEMEENTE_BINARY, "gemeente:dordrecht",
          {"brp-inschrijving", "--datum", "2026-03-01", "--v-nummer", "1234567890", "--persoon",
           "1234567890,111222333"});
  command(VLUCHTELINGENWERK_BINARY, "vluchtelingenwerk:zuidwest-nederland",
          {"begeleiding-taak", "--datum", "2026-03-02", "--v-nummer", "1234567890", "--taak", "huisarts"});
  command(REGIO_BINARY, "regio:drechtsteden",
          {"voordracht", "--datum", "2026-01-20", "--v-nummer", "2234567890", "--woning-id", "DRD-12"});

  ASSERT_EQ(event_ids.size(), 10u);
  ASSERT_TRUE(AllReach(10)) << "heads: " << [&] {
    std::string text;
    for (const auto& [org, head] : Heads()) text += org + "=" + std::to_string(head.position) + " ";
    return text;
  }();
  // Every event, asked on every node: committed, at one and the same position.
  for (const std::string& id : event_ids) {
    std::set<uint64_t> positions;
    for (const auto& [org, url] : nodes_) {
      const Answer answer = Get(url, "/api/v1/events/" + id);
      EXPECT_EQ(answer.Text("status"), "COMMITTED") << org << " " << answer.body;
      positions.insert(answer.Number("position"));
    }
    EXPECT_EQ(positions.size(), 1u) << id;
    EXPECT_NE(*positions.begin(), 0u);
  }
  // Over CurveZMQ: the bus let each node in as its own organisation (docs/TRUST.md).
  const std::string bus_log = testing::ReadFile(data_ + "/logs/bus.log");
  for (const auto& [org, url] : nodes_) {
    EXPECT_NE(bus_log.find("verbonden: organisatie=" + org + " "), std::string::npos) << org;
  }
  EXPECT_EQ(bus_log.find("verbinding geweigerd"), std::string::npos) << bus_log;
}

// An auditor in a running region: once the bus has signed a checkpoint and the nodes kept it, each
// node's copy verifies (chain, contract, every signature by the trust file) against the checkpoints
// the other nodes kept, and an event's inclusion proof, anchored to a checkpoint, checks.
TEST_F(RegionProcessTest, EveryNodesCopyVerifiesAgainstTheOthersCheckpoints) {
  ASSERT_NO_FATAL_FAILURE(Up());
  std::string event_id;
  for (int i = 0; i < 3; ++i) {
    const Answer answer =
        Post(Node("gemeente:dordrecht"), R"({"taakstelling_vastgesteld": {"datum": "2026-01-02",
        "gemeente": "gemeente:dordrecht", "periode": "2026-H)" +
                                             std::to_string(1 + i % 2) + R"(", "aantal": )" +
                                             std::to_string(20 + i) + "}}");
    ASSERT_EQ(answer.code, 200) << answer.body;
    event_id = answer.Text("event_id");
  }
  ASSERT_TRUE(AllReach(3));
  // The bus signs after checkpoint_seconden (10 s by default) once its head moved.
  const std::vector<std::string> orgs = {"gemeente:dordrecht", "coa:coa", "corporatie:trivire"};
  ASSERT_TRUE(Eventually(
      [&] {
        for (const std::string& org : orgs) {
          if (Get(Node(org), "/api/v1/checkpoints").body.find("\"positie\"") == std::string::npos)
            return false;
        }
        return true;
      },
      std::chrono::seconds(60)));
  auto node_dir = [&](std::string org) {  // data/nodes/<org with _ for :> (services/launcher/region_layout.h)
    std::replace(org.begin(), org.end(), ':', '_');
    return data_ + "/nodes/" + org;
  };
  const std::string trust = data_ + "/config/trust.toml";
  for (const std::string& org : orgs) {
    std::vector<std::string> verify = {AUDIT_BINARY, "verify", node_dir(org), "--trust", trust};
    for (const std::string& other : orgs) {
      if (other != org) verify.insert(verify.end(), {"--controlepunten", node_dir(other)});
    }
    const CommandRun run = Command(verify);
    EXPECT_EQ(run.exit_code, 0) << org << ": " << run.output;
    EXPECT_NE(run.output.find("controlepunten kloppen"), std::string::npos) << run.output;
    EXPECT_NE(run.output.find("door de bus getekend"), std::string::npos) << run.output;
  }
  const std::string proof = dir_ + "/bewijs.json";
  const CommandRun proved =
      Command({AUDIT_BINARY, "prove", node_dir("coa:coa"), "--event", event_id, "--out", proof});
  ASSERT_EQ(proved.exit_code, 0) << proved.output;
  const CommandRun checked = Command({AUDIT_BINARY, "check", proof, "--trust", trust});
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  EXPECT_NE(checked.output.find("door de bus getekend"), std::string::npos) << checked.output;
}

TEST_F(RegionProcessTest, AnEventOfAnotherKindIsRefusedAtTheDoor) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const Answer answer =
      Post(Node("coa:coa"), R"({"reservering": {"datum": "2026-02-01", "v_nummer": "1234567890",
      "woning_id": "DRD-12", "corporatie": "corporatie:trivire", "personen": 2}})");
  EXPECT_EQ(answer.code, 400) << answer.body;
  EXPECT_FALSE(answer.Text("error").empty()) << answer.body;
  EXPECT_EQ(HeadOf(Node("coa:coa")).position, 0u) << "nothing was stored";

  // The organisation's executable does not offer it at all.
  const CommandRun help = Command({COA_BINARY, "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.output.find("aanmelding"), std::string::npos) << help.output;
  EXPECT_EQ(help.output.find("reservering"), std::string::npos) << help.output;
  const CommandRun refused =
      Command({COA_BINARY, "reservering", "--node", Node("coa:coa"), "--woning", "DRD-12"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.output.find("may not publish"), std::string::npos) << refused.output;
}

TEST_F(RegionProcessTest, SubmitReportsEveryLine) {
  ASSERT_NO_FATAL_FAILURE(Up());
  const std::string file = dir_ + "/gemeente.jsonl";
  {
    std::ofstream out(file, std::ios::binary);
    out << R"({"signaal": {"datum": "2026-03-01", "v_nummer": "1234567890", "signaal_id": "s1", "soort": "OVERLAST", "omschrijving": "geluid"}})"
        << "\n"
        << "dit is geen json\n"
        << "\n"
        << "{\"signaal\": {\"omschrijving\": \"\xff\xfe\"}}\n"
        << R"({"reservering": {"datum": "2026-02-01", "v_nummer": "1234567890", "woning_id": "W1", "corporatie": "corporatie:trivire", "personen": 2}})"
        << "\n"
        << R"({"brp_inschrijving": {"datum": "2026-03-01", "v_nummer": "1234567890", "gemeente": "gemeente:dordrecht", "personen": [{"v_nummer": "1234567890", "bsn": "123456789"}]}})"
        << "\n"
        << R"({"event_id": ")" << NewUuid()
        << R"(", "begeleiding_taak": {"datum": "2026-03-02", "v_nummer": "1234567890", "taak": "SCHOOL"}})"
        << "\r\n";
  }
  const CommandRun run = Command({GEMEENTE_BINARY, "submit", file, "--node", Node("gemeente:dordrecht"),
                                  "--token", Token("gemeente:dordrecht")});
  EXPECT_EQ(run.exit_code, 1) << "not every line committed\n" << run.output;
  const std::string& out = run.output;
  EXPECT_NE(out.find("line 1: COMMITTED at position 1"), std::string::npos) << out;
  EXPECT_NE(out.find("line 2: refused: "), std::string::npos) << out;
  EXPECT_EQ(out.find("line 3:"), std::string::npos) << "a blank line is skipped\n" << out;
  EXPECT_NE(out.find("line 4: refused: the line is not valid UTF-8"), std::string::npos) << out;
  EXPECT_NE(out.find("line 5: refused: reservering: "), std::string::npos) << "a gemeente may not\n" << out;
  EXPECT_NE(out.find("line 6: refused: brp_inschrijving.personen[0].bsn: "), std::string::npos) << out;
  EXPECT_NE(out.find("line 7: COMMITTED at position 2"), std::string::npos) << out;
  EXPECT_NE(out.find("6 lines: 2 committed, 0 rejected, 4 refused, 0 pending, 0 not sent"), std::string::npos)
      << out;

  // A file whose every line commits exits 0.
  const std::string good = dir_ + "/good.jsonl";
  {
    std::ofstream out_good(good);
    for (int i = 0; i < 50; ++i) {
      out_good << R"({"signaal": {"datum": "2026-03-01", "v_nummer": "1234567890", "signaal_id": "b)" << i
               << R"(", "soort": "OVERIG", "omschrijving": "reeks"}})"
               << "\n";
    }
  }
  const CommandRun all = Command({GEMEENTE_BINARY, "submit", good, "--node", Node("gemeente:dordrecht"),
                                  "--token", Token("gemeente:dordrecht")});
  EXPECT_EQ(all.exit_code, 0) << all.output;
  EXPECT_NE(all.output.find("line 50: COMMITTED at position 52"), std::string::npos) << all.output;
  EXPECT_NE(all.output.find("50 lines: 50 committed"), std::string::npos) << all.output;
  EXPECT_TRUE(AllReach(52));
}

TEST_F(RegionProcessTest, DownStopsEverythingAndUpResumesWithTheSameHeads) {
  ASSERT_NO_FATAL_FAILURE(Up());
  for (int i = 0; i < 3; ++i) {
    const Answer answer = Post(Node("gemeente:dordrecht"),
                               R"({"signaal": {"datum": "2026-03-01",
        "v_nummer": "1234567890", "signaal_id": "s)" +
                                   std::to_string(i) + R"(", "soort": "ZORG", "omschrijving": "x"}})");
    ASSERT_EQ(answer.code, 200) << answer.body;
  }
  ASSERT_TRUE(AllReach(3));
  const std::map<std::string, Head> before = Heads();
  const std::vector<pid_t> pids = Pids();
  ASSERT_EQ(pids.size(), static_cast<size_t>(kOrganisations + 1));

  const CommandRun down = Region({"down", "--data", data_});
  ASSERT_EQ(down.exit_code, 0) << down.output;
  EXPECT_NE(down.output.find("stopped 13 processes"), std::string::npos) << down.output;
  for (pid_t pid : pids) EXPECT_FALSE(Alive(pid)) << "pid " << pid;
  EXPECT_TRUE(Pids().empty()) << "pid files removed";
  for (int port = base_; port < base_ + 10 + kOrganisations; ++port) EXPECT_FALSE(Listening(port)) << port;
  const CommandRun again = Region({"down", "--data", data_});
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_NE(again.output.find("not running"), std::string::npos) << again.output;

  const std::map<std::string, std::string> tokens_before = tokens_;
  const CommandRun up = Region({"up", region_file_, "--data", data_});
  ASSERT_EQ(up.exit_code, 0) << up.output;
  EXPECT_NE(up.output.find("resuming with the data already in"), std::string::npos) << up.output;
  ASSERT_NO_FATAL_FAILURE(ReadRegionJson());
  EXPECT_EQ(tokens_, tokens_before) << "a resumed region keeps its tokens";
  EXPECT_EQ(Heads(), before) << "the same log on every node, position and hash";

  const CommandRun running = Region({"up", region_file_, "--data", data_});
  EXPECT_EQ(running.exit_code, 0) << running.output;
  EXPECT_NE(running.output.find("already running"), std::string::npos) << running.output;

  // The resumed region takes new events on top of the old ones.
  const Answer more = Post(Node("coa:coa"), R"({"uitstroom": {"datum": "2026-04-01", "v_nummer": "1234567890",
      "personen": 2}})");
  EXPECT_EQ(more.Number("position"), 4u) << more.body;
  EXPECT_TRUE(AllReach(4));
}

TEST_F(RegionProcessTest, UpRefusesAPortInUseAndStartsNothing) {
  const int blocker = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(base_ + 11));  // gemeente:dordrecht's HTTP port
  ASSERT_EQ(bind(blocker, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  ASSERT_EQ(listen(blocker, 1), 0);

  started_ = true;
  const CommandRun up = Region({"up", region_file_, "--data", data_});
  close(blocker);
  EXPECT_EQ(up.exit_code, 1) << up.output;
  EXPECT_NE(up.output.find("port " + std::to_string(base_ + 11) + " (HTTP of gemeente:dordrecht)"),
            std::string::npos)
      << up.output;
  EXPECT_NE(up.output.find("already in use"), std::string::npos) << up.output;
  EXPECT_TRUE(Pids().empty()) << "nothing was started";
}

TEST_F(RegionProcessTest, UpNamesAMalformedOrganisationEntry) {
  const std::string bad = dir_ + "/bad.toml";
  std::ofstream(bad) << "naam = \"proef\"\norganisaties = [\"regio:proef\", \"gemeente:dordrecht\", "
                        "\"woningcorporatie:x\"]\n";
  const CommandRun up = Region({"up", bad, "--data", data_});
  EXPECT_EQ(up.exit_code, 2) << up.output;
  EXPECT_NE(up.output.find("organisaties[2] = \"woningcorporatie:x\": unknown kind \"woningcorporatie\""),
            std::string::npos)
      << up.output;
  EXPECT_FALSE(fs::exists(data_ + "/run")) << "nothing was made";
}

}  // namespace
}  // namespace regiotafel
