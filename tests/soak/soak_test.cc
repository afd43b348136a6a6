// The soak (issue 19; not part of ./tests/run: `tests/soak/run [MINUTES]`). A region of real
// processes, a bus and a node of every kind of organisation, under load from all of them for
// REGIOTAFEL_SOAK_MINUTES (default 10) while a fault injector, one fault at a time: SIGKILLs the bus
// or a node and starts it again; fills a disk for a few seconds (a file size limit of one byte set on
// the running process, so that every write that grows a file fails, then lifted); opens idle, slow
// and half-open sockets; floods with garbage. A normal client asks every node's /healthz all the
// while. At the end every accepted event is in the bus's log exactly once, every acknowledged one
// at the position it was acknowledged at, every replica at the bus's head and byte for byte the
// bus's log, and every copy verifies (regiotafel-audit verify --trust). The figures go to
// REGIOTAFEL_SOAK_OUT as a markdown section (tests/soak/run puts it in docs/BENCHMARKS.md).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "tests/support/fault_checks.h"
#include "tests/support/region_load.h"
#include "tests/support/whole_log.h"

namespace regiotafel::testing {
namespace {

using Clock = std::chrono::steady_clock;

const std::vector<std::string> kOrganisaties = {"gemeente:dordrecht", "corporatie:trivire", "coa:coa",
                                                "vluchtelingenwerk:drechtsteden", "regio:drechtsteden"};

// An aanmelding of a fresh V-nummer (COA's part of the load).
std::string AanmeldingBody(const std::string& event_id, int i) {
  return R"({"event_id": ")" + event_id + R"(", "aanmelding": {"datum": "2026-01-08", "v_nummer": ")" +
         std::to_string(4'000'000'000 + static_cast<uint64_t>(i)) +
         R"(", "naam": "Soak", "geboortedatum": "1990-05-17", "verblijfplaats": "AZC Dordrecht",
         "gemeente": "gemeente:dordrecht"}})";
}

// Plain TCP connections to 127.0.0.1:port, closed when destroyed.
class Sockets {
 public:
  Sockets(int port, int count) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < count; ++i) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) break;
      if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        close(fd);
        continue;
      }
      fds_.push_back(fd);
    }
  }
  ~Sockets() {
    for (int fd : fds_) close(fd);
  }
  Sockets(const Sockets&) = delete;
  Sockets& operator=(const Sockets&) = delete;

  // Writes `bytes` on every connection (MSG_NOSIGNAL: a peer that closed is no reason to die).
  void Send(const std::string& bytes) {
    for (int fd : fds_) (void)send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  }

 private:
  std::vector<int> fds_;
};

class SoakTest : public FaultTest {
 protected:
  // What the injector did, by kind; and what the normal client saw.
  std::map<std::string, int> faults_;
  std::atomic<bool> flooding_{false};
  std::atomic<int64_t> worst_flood_ms_{0}, worst_ms_{0};
  std::atomic<int> unanswered_in_flood_{0};
  int restarted_after_disk_ = 0;

  // The node or bus `who` (-1: the bus) exited on its own (after a disk fault): started again.
  void StartAgainIfExited(int who) {
    Process& process = who < 0 ? bus_ : node(static_cast<size_t>(who)).process;
    if (process.Wait(std::chrono::milliseconds(0))) {
      ++restarted_after_disk_;
      if (who < 0) {
        StartBus();
      } else {
        StartNode(static_cast<size_t>(who));
      }
    }
  }

  // One byte of file size for a while: every write that grows a file fails (EFBIG, as ENOSPC would).
  void FillDisk(int who, std::chrono::milliseconds how_long) {
    const pid_t pid = who < 0 ? bus_.pid() : node(static_cast<size_t>(who)).process.pid();
    rlimit full{1, RLIM_INFINITY}, room{RLIM_INFINITY, RLIM_INFINITY};
    ASSERT_EQ(prlimit(pid, RLIMIT_FSIZE, &full, nullptr), 0);
    std::this_thread::sleep_for(how_long);             // the fault lasts this long: nothing to wait on
    (void)prlimit(pid, RLIMIT_FSIZE, &room, nullptr);  // fails only when it exited meanwhile
    StartAgainIfExited(who);
  }

  // Sockets held open against `port` for `how_long`, `line` sent on each every second.
  void Hold(int port, int count, const std::string& line, std::chrono::milliseconds how_long) {
    flooding_ = true;
    Sockets sockets(port, count);
    for (auto end = Clock::now() + how_long; Clock::now() < end;) {
      if (!line.empty()) sockets.Send(line);
      std::this_thread::sleep_for(std::chrono::seconds(1));  // a slow client's pace
    }
    flooding_ = false;
  }

  void InjectOne() {
    const int which = static_cast<int>(Uniform(0, 6));
    const int who = static_cast<int>(Uniform(0, nodes_.size() - 1));
    const auto seconds = [this](int low, int high) {
      return std::chrono::milliseconds(Uniform(low, high) * 1000);
    };
    const int bus_port = std::stoi(submit_.substr(submit_.rfind(':') + 1));
    switch (which) {
      case 0:
        ++faults_["bus SIGKILLed"];
        KillBus();
        StartBus();
        break;
      case 1:
        ++faults_["node SIGKILLed"];
        KillNode(static_cast<size_t>(who));
        StartNode(static_cast<size_t>(who));
        break;
      case 2:
        ++faults_["disk full (bus or node)"];
        FillDisk(Uniform(0, 3) == 0 ? -1 : who, seconds(2, 6));
        break;
      case 3:
        ++faults_["200 idle sockets at a node"];
        Hold(node(static_cast<size_t>(who)).http_port, 200, "", seconds(5, 15));
        break;
      case 4:
        ++faults_["100 slow sockets at a node (a header line a second)"];
        Hold(node(static_cast<size_t>(who)).http_port, 100, "GET /healthz HTTP/1.1\r\nX-Slow: 1\r\n",
             seconds(5, 15));
        break;
      case 5: {
        ++faults_["garbage to a node and the bus (50 × 64 KiB each)"];
        std::string garbage(64 * 1024, '\0');
        for (char& c : garbage) c = static_cast<char>(Uniform(0, 255));
        flooding_ = true;
        Sockets(node(static_cast<size_t>(who)).http_port, 50).Send(garbage);
        Sockets(bus_port, 50).Send(garbage);
        flooding_ = false;
        break;
      }
      case 6:
        ++faults_["500 half-open connections at the bus"];
        Hold(bus_port, 500, "", seconds(5, 15));
        break;
    }
  }

  // Every node's /healthz, four times a second: the worst answer time, in and out of floods.
  void Probe(const std::atomic<bool>& stop) {
    while (!stop) {
      for (size_t i = 0; i < nodes_.size(); ++i) {
        const bool flood = flooding_;
        const auto begin = Clock::now();
        httplib::Client client("127.0.0.1", node(i).http_port);
        client.set_connection_timeout(std::chrono::seconds(5));
        client.set_read_timeout(std::chrono::seconds(5));
        const bool answered = static_cast<bool>(client.Get("/healthz"));
        const int64_t ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin).count();
        if (flood && !answered) ++unanswered_in_flood_;
        std::atomic<int64_t>& worst = flood ? worst_flood_ms_ : worst_ms_;
        if (answered && ms > worst) worst = ms;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));  // the client's pace
    }
  }
};

TEST_F(SoakTest, ARegionUnderLoadAndFaultsLosesAndDuplicatesNothing) {
  const char* minutes_env = std::getenv("REGIOTAFEL_SOAK_MINUTES");
  const double minutes = minutes_env != nullptr ? std::atof(minutes_env) : 10;
  for (const std::string& org : kOrganisaties) AddNode(org);
  ASSERT_NO_FATAL_FAILURE(StartBus());
  for (size_t i = 0; i < nodes_.size(); ++i) ASSERT_NO_FATAL_FAILURE(StartNode(i));

  // Per node one client that posts without waiting and one that waits for the commit.
  std::vector<std::unique_ptr<Poster>> posters;
  for (size_t i = 0; i < nodes_.size(); ++i) {
    for (bool wait : {false, true}) {
      Poster::Options options;
      options.port = node(i).http_port;
      options.wait_for_commit = wait;
      options.starts = &node(i).starts;
      if (node(i).organisatie == "coa:coa") {
        options.body = [wait](const std::string& id, int n) {
          return AanmeldingBody(id, 2 * n + (wait ? 1 : 0));
        };
      }
      options.retry_unavailable = true;
      posters.push_back(std::make_unique<Poster>(options));
    }
  }
  std::atomic<bool> stop_probe{false};
  std::thread prober([&] { Probe(stop_probe); });

  const auto end = Clock::now() + std::chrono::milliseconds(static_cast<int64_t>(minutes * 60'000));
  while (Clock::now() < end) {
    ASSERT_NO_FATAL_FAILURE(InjectOne());
    std::this_thread::sleep_for(std::chrono::milliseconds(Uniform(1000, 5000)));  // load between faults
  }
  for (auto& p : posters) p->Stop();
  stop_probe = true;
  prober.join();
  for (int who = -1; who < static_cast<int>(nodes_.size()); ++who)
    ASSERT_NO_FATAL_FAILURE(StartAgainIfExited(who));

  ASSERT_NO_FATAL_FAILURE(WaitUntilSettled());
  const std::vector<v1::LogRecord> log = BusLog();
  const std::map<std::string, uint64_t> positions = EventPositions(log);  // fails on a duplicate
  size_t accepted = 0, acknowledged = 0, lost = 0, moved = 0;
  for (size_t k = 0; k < posters.size(); ++k) {
    for (const std::string& id : posters[k]->accepted_ids()) lost += positions.count(id) == 0;
    accepted += posters[k]->accepted_ids().size();
    for (const auto& [id, position] : posters[k]->acknowledged()) {
      auto it = positions.find(id);
      moved += it != positions.end() && it->second != position;
      ++acknowledged;
    }
    EXPECT_TRUE(posters[k]->failures().empty()) << posters[k]->failures().front();
  }
  ASSERT_NO_FATAL_FAILURE(ExpectHeadsEqual(log));
  const std::vector<v1::LogRecord> on_disk = ExpectIdenticalOnDisk("after the soak");
  EXPECT_TRUE(SameRecords(log, on_disk));
  int verified = 0, copies = 0;
  std::vector<std::string> dirs = {dir_.Sub("bus/log")};
  for (size_t i = 0; i < nodes_.size(); ++i) dirs.push_back(dir_.Sub(node(i).name + "/replica"));
  for (const std::string& copy : dirs) {
    ++copies;
    const CommandRun run =
        RunToEnd({AUDIT_BINARY, "verify", copy, "--trust", dir_.Sub("trust.toml")}, dir_.Sub("verify.out"));
    EXPECT_EQ(run.exit_code, 0) << copy << ": " << run.output;
    verified += run.exit_code == 0;
  }

  std::ostringstream md;
  md << "## Soak\n\n"
     << "`tests/soak/run " << minutes << "` (tests/soak/soak_test.cc): a bus and a node of each of "
     << nodes_.size() << " kinds of organisation as real processes, each node posting (one client "
     << "waiting for the commit, one not) while one fault at a time is injected every 1–5 s.\n\n"
     << "| | |\n|---|---|\n"
     << "| duration | " << minutes << " min |\n"
     << "| events accepted by the nodes (of which acknowledged with a position) | " << accepted << " ("
     << acknowledged << ") |\n";
  for (const auto& [kind, count] : faults_) md << "| fault: " << kind << " | " << count << " |\n";
  md << "| processes that exited after a disk fault and were started again | " << restarted_after_disk_
     << " |\n"
     << "| accepted events lost | " << lost << " |\n"
     << "| events in the log twice | 0 (the check fails otherwise) |\n"
     << "| acknowledged events at another position | " << moved << " |\n"
     << "| replicas at the bus's head and byte for byte its log | " << nodes_.size() << " of "
     << nodes_.size() << " |\n"
     << "| copies that verify (`regiotafel-audit verify --trust`) | " << verified << " of " << copies
     << " |\n"
     << "| worst /healthz answer of a normal client during the socket floods | " << worst_flood_ms_ << " ms ("
     << unanswered_in_flood_ << " unanswered within 5 s) |\n"
     << "| worst /healthz answer otherwise (a node being restarted not counted) | " << worst_ms_ << " ms |\n";
  std::cout << md.str();
  if (const char* out = std::getenv("REGIOTAFEL_SOAK_OUT")) std::ofstream(out) << md.str();
  EXPECT_EQ(lost, 0u);
  EXPECT_EQ(moved, 0u);
}

}  // namespace
}  // namespace regiotafel::testing
