// eventlog_crash_child DIR [SEED]: appends to the event log in DIR until it is killed.
//
// After each successful Append it writes one line "position event_id\n" per acknowledged entry to
// stdout, in one write(2) per Append, so a line on the pipe means the event was durable. Batches
// have 1..50 entries; now and then an entry is a re-submission of an earlier one (a duplicate). Any
// failure goes to stderr and ends the process with status 1: the parent counts that as a failure.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "eventstore/event_log.h"
#include "tests/support/log_entry.h"

namespace {

bool WriteAll(int fd, const std::string& text) {
  for (size_t done = 0; done < text.size();) {
    ssize_t n = write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace regiotafel::eventstore;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [SEED]\n", argv[0]);
    return 2;
  }
  const uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : std::random_device()();
  std::mt19937_64 random(seed);

  std::unique_ptr<EventLog> log;
  if (regiotafel::Status s = EventLog::Open(argv[1], EventLogOptions(), &log); !s.ok()) {
    std::fprintf(stderr, "crash child: %s\n", s.ToString().c_str());
    return 1;
  }

  std::vector<AppendEntry> recent;  // candidates for re-submission
  for (;;) {
    std::vector<AppendEntry> batch;
    const size_t size = 1 + random() % 50;
    for (size_t i = 0; i < size; ++i) {
      if (!recent.empty() && random() % 25 == 0) {
        batch.push_back(recent[random() % recent.size()]);
      } else {
        batch.push_back(testing::MakeEntry("V" + std::to_string(random() % 100)));
      }
    }
    std::vector<AppendEntry> sent = batch;
    std::vector<AppendResult> results;
    if (regiotafel::Status s = log->Append(std::move(batch), &results); !s.ok()) {
      std::fprintf(stderr, "crash child: append: %s\n", s.ToString().c_str());
      return 1;
    }
    std::string acks;
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].status.ok()) {
        std::fprintf(stderr, "crash child: entry refused: %s\n", results[i].status.ToString().c_str());
        return 1;
      }
      acks += std::to_string(results[i].position) + " " + sent[i].event_id + "\n";
    }
    if (!WriteAll(STDOUT_FILENO, acks)) return 1;  // the parent went away
    for (AppendEntry& e : sent) {
      if (recent.size() < 200) {
        recent.push_back(std::move(e));
      } else {
        recent[random() % recent.size()] = std::move(e);
      }
    }
  }
}
