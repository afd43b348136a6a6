// Kills a process that is appending to the event log (SIGKILL, at a random moment) and checks that
// whatever it acknowledged survived, at the acknowledged position, in a log that still verifies.
// Many rounds on the same directory, so each round also recovers from the previous one's crash.
//
// The seed is printed; REGIOTAFEL_CRASH_SEED=<seed> repeats a run's kill points and batch sizes.
// This kills a process, not the machine: what it shows is recovery of a log torn mid-write, not
// survival of a power cut (that rests on the synced WAL).
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/support/log_entry.h"

#ifndef CRASH_CHILD_PATH
#error "CRASH_CHILD_PATH must name the eventlog_crash_child executable"
#endif

namespace regiotafel::eventstore {
namespace {

constexpr int kRounds = 30;
constexpr int kSilenceLimitMs = 60'000;  // a child this quiet is stuck: fail rather than hang

// A running eventlog_crash_child with its stdout on a pipe.
struct Child {
  pid_t pid = -1;
  int out = -1;  // read end
};

Child Spawn(const std::string& dir, uint64_t seed) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return {};
  const std::string seed_text = std::to_string(seed);
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);  // the duplicate does not inherit O_CLOEXEC
    const char* argv[] = {CRASH_CHILD_PATH, dir.c_str(), seed_text.c_str(), nullptr};
    execv(CRASH_CHILD_PATH, const_cast<char* const*>(argv));
    _exit(127);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return {};
  }
  return {pid, fds[0]};
}

// Reads complete lines from `fd` into `lines` until there are at least `want` of them, or to EOF
// when want is 0. False when the pipe ended early or stayed silent too long. An unfinished last
// line (the child killed mid-write) stays in `partial` and is never counted.
bool ReadLines(int fd, size_t want, std::vector<std::string>* lines, std::string* partial) {
  char buffer[4096];
  while (want == 0 || lines->size() < want) {
    pollfd p{fd, POLLIN, 0};
    int ready = poll(&p, 1, kSilenceLimitMs);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return false;
    ssize_t n = read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) return want == 0;
    partial->append(buffer, static_cast<size_t>(n));
    for (size_t end; (end = partial->find('\n')) != std::string::npos;) {
      lines->push_back(partial->substr(0, end));
      partial->erase(0, end + 1);
    }
  }
  return true;
}

uint64_t Seed() {
  if (const char* text = std::getenv("REGIOTAFEL_CRASH_SEED")) return std::strtoull(text, nullptr, 10);
  return (uint64_t{std::random_device()()} << 32) | std::random_device()();
}

TEST(EventLogCrashTest, AcknowledgedAppendsSurviveSigkill) {
  const uint64_t seed = Seed();
  std::cout << "REGIOTAFEL_CRASH_SEED=" << seed << std::endl;
  ::testing::Test::RecordProperty("seed", std::to_string(seed));
  std::mt19937_64 random(seed);

  testing::TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  const std::string path = dir.Sub("log");
  std::map<uint64_t, std::string> acked;  // position → event id, over all rounds

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round) + ", seed " + std::to_string(seed));
    const size_t kill_after = 1 + random() % 400;
    Child child = Spawn(path, random());
    ASSERT_GT(child.pid, 0) << "cannot start " << CRASH_CHILD_PATH;

    std::vector<std::string> lines;
    std::string partial;
    const bool reached = ReadLines(child.out, kill_after, &lines, &partial);
    kill(child.pid, SIGKILL);
    // Lines written before the kill are acknowledgements too, read or not: drain to EOF.
    const bool drained = ReadLines(child.out, 0, &lines, &partial);
    close(child.out);
    int wait_status = 0;
    ASSERT_EQ(waitpid(child.pid, &wait_status, 0), child.pid);
    ASSERT_TRUE(reached) << "the child ended or went silent after " << lines.size() << " acknowledgements";
    ASSERT_TRUE(drained);
    ASSERT_TRUE(WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL)
        << "wait status " << wait_status;

    for (const std::string& line : lines) {
      std::istringstream in(line);
      uint64_t position = 0;
      std::string event_id;
      ASSERT_TRUE(in >> position >> event_id) << "unreadable acknowledgement: " << line;
      auto [it, inserted] = acked.emplace(position, event_id);
      ASSERT_EQ(it->second, event_id) << "position " << position << " acknowledged for two events";
    }

    std::unique_ptr<EventLog> log;
    Status s = EventLog::Open(path, EventLogOptions(), &log);
    ASSERT_TRUE(s.ok()) << s.ToString();
    const uint64_t head = log->Head().position;
    ASSERT_GE(head, acked.empty() ? 0 : acked.rbegin()->first);
    s = log->Verify(1, 0);
    ASSERT_TRUE(s.ok()) << s.ToString();

    // Gap-free up to the head, every event once, every acknowledgement where it was promised.
    std::vector<v1::LogRecord> records;
    s = log->Read(1, head + 1, &records);
    ASSERT_TRUE(s.ok()) << s.ToString();
    ASSERT_EQ(records.size(), head);
    std::set<std::string> ids;
    std::map<std::string, std::vector<uint64_t>> streams;  // stream → its positions, from the records
    for (size_t i = 0; i < records.size(); ++i) {
      ASSERT_EQ(records[i].position(), i + 1);
      v1::Envelope envelope;
      ASSERT_TRUE(envelope.ParseFromString(records[i].envelope()));
      ASSERT_TRUE(ids.insert(envelope.event_id()).second)
          << "event " << envelope.event_id() << " logged twice";
      streams[envelope.stream()].push_back(i + 1);
      auto it = acked.find(i + 1);
      if (it != acked.end()) {
        ASSERT_EQ(envelope.event_id(), it->second) << "position " << i + 1;
      }
    }
    for (const auto& [position, event_id] : acked) {
      uint64_t found = 0;
      s = log->FindEvent(event_id, &found);
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_EQ(found, position);
    }
    // The indexes, written behind the records, were caught up at open.
    for (const auto& [stream, positions] : streams) {
      ASSERT_EQ(log->StreamVersion(stream), positions.size()) << stream;
      std::vector<v1::LogRecord> in_stream;
      s = log->ReadStream(stream, 1, positions.size() + 1, &in_stream);
      ASSERT_TRUE(s.ok()) << s.ToString();
      ASSERT_EQ(in_stream.size(), positions.size()) << stream;
      for (size_t v = 0; v < positions.size(); ++v)
        ASSERT_EQ(in_stream[v].position(), positions[v]) << stream;
    }
  }
  std::cout << acked.size() << " acknowledged events checked over " << kRounds << " kills" << std::endl;
}

}  // namespace
}  // namespace regiotafel::eventstore
