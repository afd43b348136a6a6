// `regiotafel-region down`: see region_commands.h.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "services/launcher/process_control.h"
#include "services/launcher/region_commands.h"
#include "services/launcher/region_layout.h"

namespace regiotafel::region {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct Running {
  std::string stem;
  pid_t pid = 0;
};

std::string Names(const std::vector<Running>& processes) {
  std::string out;
  for (const Running& p : processes) out += (out.empty() ? "" : ", ") + RegionLayout::NameOf(p.stem);
  return out;
}

// SIGTERM to all of `group`, SIGKILL to whoever is left after `timeout`. Returns those still alive
// even then (moved to `stuck`); `killed` gets those that needed the SIGKILL.
void Stop(const std::vector<Running>& group, std::chrono::seconds timeout, std::vector<Running>* killed,
          std::vector<Running>* stuck) {
  std::vector<pid_t> pids;
  for (const Running& p : group) {
    kill(p.pid, SIGTERM);
    pids.push_back(p.pid);
  }
  std::vector<pid_t> left = WaitForExit(pids, Clock::now() + timeout);
  for (pid_t pid : left) kill(pid, SIGKILL);
  std::vector<pid_t> still = WaitForExit(left, Clock::now() + std::chrono::seconds(10));
  for (const Running& p : group) {
    if (std::find(still.begin(), still.end(), p.pid) != still.end()) {
      stuck->push_back(p);
    } else if (std::find(left.begin(), left.end(), p.pid) != left.end()) {
      killed->push_back(p);
    }
  }
}

}  // namespace

int RegionDown(const std::string& data_dir, std::chrono::seconds timeout, std::ostream& out,
               std::ostream& err) {
  const RegionLayout layout(data_dir);
  if (!fs::is_directory(layout.data_dir())) {
    err << "error: " << layout.data_dir() << " does not exist\n";
    return 2;
  }
  std::vector<Running> nodes, bus;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(layout.RunDir(), ec)) {
    if (entry.path().extension() != ".pid") continue;
    const std::string stem = entry.path().stem().string();
    const std::optional<pid_t> pid = ReadPidFile(entry.path().string());
    if (!pid || !RunningAs(*pid, layout.ConfigFile(stem))) {
      std::error_code ignored;  // stale: that process is gone already
      fs::remove(entry.path(), ignored);
      continue;
    }
    (stem == RegionLayout::kBus ? bus : nodes).push_back({stem, *pid});
  }
  if (nodes.empty() && bus.empty()) {
    out << "the region in " << layout.data_dir() << " is not running\n";
    return 0;
  }
  std::sort(nodes.begin(), nodes.end(), [](const Running& a, const Running& b) { return a.stem < b.stem; });

  // The nodes first: they stop their senders and followers cleanly while the bus still answers.
  std::vector<Running> killed, stuck;
  Stop(nodes, timeout, &killed, &stuck);
  Stop(bus, timeout, &killed, &stuck);

  std::vector<Running> all = nodes;
  all.insert(all.end(), bus.begin(), bus.end());
  for (const Running& p : all) {
    const bool still_there =
        std::any_of(stuck.begin(), stuck.end(), [&p](const Running& s) { return s.pid == p.pid; });
    std::error_code ignored;
    if (!still_there) fs::remove(layout.PidFile(p.stem), ignored);
  }
  out << "stopped " << all.size() - stuck.size() << " processes in " << layout.data_dir() << ": "
      << Names(all) << "\n";
  if (!killed.empty()) {
    out << "  killed with SIGKILL (still running " << timeout.count()
        << " s after SIGTERM): " << Names(killed) << "\n";
  }
  if (!stuck.empty()) {
    err << "error: still running even after SIGKILL: " << Names(stuck) << "\n";
    return 1;
  }
  return 0;
}

}  // namespace regiotafel::region
