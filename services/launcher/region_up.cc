// `regiotafel-region up`: see region_commands.h.
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <ostream>
#include <thread>

#include "services/launcher/port_probe.h"
#include "services/launcher/process_control.h"
#include "services/launcher/region_commands.h"
#include "services/launcher/region_files.h"
#include "services/launcher/region_plan.h"
#include "services/node_client/node_client.h"

namespace regiotafel::region {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// A process this `up` started, until it is ready.
struct Started {
  const ProcessPlan* plan = nullptr;
  pid_t pid = 0;
  uint64_t log_offset = 0;                          // where this run's output starts in its log
  std::unique_ptr<node_client::NodeClient> client;  // a node's, for the readiness probe
  bool ready = false;
};

// The bus is ready when its three ports accept connections (it binds them after opening its log);
// a node when GET /api/v1/log/head answers.
bool Ready(Started& started) {
  if (!started.client) {
    for (const Port& port : started.plan->ports) {
      if (!PortAnswers(port.number)) return false;
    }
    return true;
  }
  uint64_t position = 0;
  std::string hash;
  return started.client->Head(&position, &hash).ok();
}

// Stops what this `up` started, so that a failed start leaves nothing half running.
void StopStarted(std::vector<Started>& started, const RegionLayout& layout) {
  std::vector<pid_t> pids;
  for (const Started& s : started) {
    kill(s.pid, SIGTERM);
    pids.push_back(s.pid);
  }
  std::vector<pid_t> left = WaitForExit(pids, Clock::now() + std::chrono::seconds(10));
  for (pid_t pid : left) kill(pid, SIGKILL);
  WaitForExit(left, Clock::now() + std::chrono::seconds(5));
  for (const Started& s : started) {
    std::error_code ignored;
    fs::remove(layout.PidFile(s.plan->stem), ignored);
  }
}

// The node's API token, "" when it has none (WriteRegionFiles made one for every node it configured).
std::string NodeToken(const RegionLayout& layout, const ProcessPlan& node) {
  std::string token;
  return ReadTokenFile(layout.TokenFile(node.stem), &token).ok() ? token : "";
}

std::string Names(const std::vector<const ProcessPlan*>& plans) {
  std::string out;
  for (const ProcessPlan* plan : plans) out += (out.empty() ? "" : ", ") + plan->name;
  return out;
}

// The plan's processes: those that run already and those `up` must start.
struct Processes {
  std::vector<const ProcessPlan*> running;
  std::vector<const ProcessPlan*> to_start;
};

// Who runs already (a pid file whose process is alive and runs our configuration)? A stale pid file
// (its process is gone) is removed.
Processes WhoRuns(const RegionPlan& plan, const RegionLayout& layout) {
  std::vector<const ProcessPlan*> all = {&plan.bus};
  for (const ProcessPlan& node : plan.nodes) all.push_back(&node);
  Processes processes;
  for (const ProcessPlan* process : all) {
    const std::optional<pid_t> pid = ReadPidFile(layout.PidFile(process->stem));
    if (pid && RunningAs(*pid, layout.ConfigFile(process->stem))) {
      processes.running.push_back(process);
    } else {
      std::error_code ignored;  // a stale pid file: its process is gone
      fs::remove(layout.PidFile(process->stem), ignored);
      processes.to_start.push_back(process);
    }
  }
  return processes;
}

// When everything runs: region.json written again, and said so.
void SayAlreadyRunning(const RegionPlan& plan, const RegionLayout& layout, std::ostream& out,
                       std::ostream& err) {
  if (Status s = WriteRegionJson(plan, layout); !s.ok()) err << "warning: " << s.message() << "\n";
  out << "region " << plan.naam << " is already running in " << layout.data_dir() << " (the bus and "
      << plan.nodes.size() << " nodes); see " << layout.RegionJson() << "\n";
}

// Every port must be free before anything starts: a clear message now rather than a process
// that dies on a bind error among eleven others. False (said on `err`) when one is taken.
bool PortsFree(const std::vector<const ProcessPlan*>& to_start, const std::string& region_file,
               const config::RegionConfig& config, std::ostream& err) {
  for (const ProcessPlan* process : to_start) {
    for (const Port& port : process->ports) {
      if (!PortFree(port.number)) {
        err << "error: port " << port.number << " (" << port.role
            << ") on 127.0.0.1 is already in use by another program; stop that program or choose another "
               "poort_basis in "
            << region_file << " (now " << config.port_base << ")\n";
        return false;
      }
    }
  }
  return true;
}

void SayStarting(const RegionPlan& plan, const RegionLayout& layout,
                 const std::vector<const ProcessPlan*>& running, std::ostream& out) {
  const bool resuming = fs::exists(layout.BusData() + "/log");
  out << "region " << plan.naam << ": "
      << (resuming ? "resuming with the data already in " : "starting afresh in ") << layout.data_dir()
      << "\n";
  if (!running.empty()) out << "  already running: " << Names(running) << "\n";
}

// Starts every process of `to_start` detached, each with its pid file, and opens a node's client for
// the readiness probe. False (said on `err`) when one cannot be started: what was started is stopped
// again.
bool StartAll(const std::vector<const ProcessPlan*>& to_start, const RegionLayout& layout,
              std::vector<Started>* started, std::ostream& err) {
  for (const ProcessPlan* process : to_start) {
    Started s;
    s.plan = process;
    const std::string log = layout.LogFile(process->stem);
    std::error_code no_log_yet;
    const auto size = fs::file_size(log, no_log_yet);
    s.log_offset = no_log_yet ? 0 : static_cast<uint64_t>(size);
    Status status = StartDetached(process->argv, log, &s.pid);
    if (status.ok()) {
      started->push_back(std::move(s));
      status = WritePidFile(layout.PidFile(process->stem), started->back().pid);
    }
    if (!status.ok()) {
      err << "error: starting " << process->name << ": " << status.message() << "\n";
      StopStarted(*started, layout);
      return false;
    }
    if (!process->url.empty()) {
      (void)node_client::NodeClient::Open(process->url, NodeToken(layout, *process), std::chrono::seconds(2),
                                          &started->back().client);
    }
  }
  return true;
}

// Polls until every started process is ready. False (said on `err`) when one stopped while starting
// (with the end of its log) or `timeout` passed first: what was started is stopped again.
bool WaitUntilReady(std::vector<Started>& started, const RegionLayout& layout, std::chrono::seconds timeout,
                    std::ostream& err) {
  const Clock::time_point deadline = Clock::now() + timeout;
  for (;;) {
    bool all_ready = true;
    for (Started& s : started) {
      if (s.ready) continue;
      if (const std::optional<int> status = ExitedChild(s.pid)) {
        const std::string log = layout.LogFile(s.plan->stem);
        err << "error: " << s.plan->name << " stopped while starting (" << DescribeExit(*status)
            << "); the end of its log " << log << ":\n"
            << LogTail(log, s.log_offset, 20);
        StopStarted(started, layout);
        return false;
      }
      s.ready = Ready(s);
      all_ready = all_ready && s.ready;
    }
    if (all_ready) return true;
    if (Clock::now() >= deadline) {
      std::vector<const ProcessPlan*> late;
      for (const Started& s : started) {
        if (!s.ready) late.push_back(s.plan);
      }
      err << "error: not ready after " << timeout.count() << " s: " << Names(late) << "; their logs are in "
          << layout.LogsDir() << "\n";
      StopStarted(started, layout);
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // nothing to wait on: poll the ports
  }
}

// The bus's endpoints and every node's address, with its head when it answers.
void PrintRegion(const RegionPlan& plan, const RegionLayout& layout, std::ostream& out) {
  out << "  bus      submit " << plan.submit << "  publish " << plan.publish << "  fetch " << plan.fetch
      << "\n";
  size_t width = 0;
  for (const ProcessPlan& node : plan.nodes) width = std::max(width, node.name.size() + 2);
  for (const ProcessPlan& node : plan.nodes) {
    std::unique_ptr<node_client::NodeClient> client;
    uint64_t position = 0;
    std::string hash;
    const bool answers =
        node_client::NodeClient::Open(node.url, NodeToken(layout, node), std::chrono::seconds(2), &client)
            .ok() &&
        client->Head(&position, &hash).ok();
    out << "  " << node.name << std::string(width - node.name.size(), ' ') << node.url;
    if (answers) out << "  head " << position;
    out << "\n";
  }
}

}  // namespace

int RegionUp(const std::string& region_file, const std::string& data_dir, std::chrono::seconds timeout,
             std::ostream& out, std::ostream& err) {
  config::RegionConfig config;
  if (Status s = config::LoadRegionConfig(region_file, &config); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  const RegionLayout layout(data_dir);
  RegionPlan plan;
  if (Status s = PlanRegion(config, layout, &plan); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }

  const Processes processes = WhoRuns(plan, layout);
  if (processes.to_start.empty()) {
    SayAlreadyRunning(plan, layout, out, err);
    return 0;
  }
  if (!PortsFree(processes.to_start, region_file, config, err)) return 1;
  SayStarting(plan, layout, processes.running, out);
  if (Status s = WriteRegionFiles(plan, layout); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 1;
  }

  std::vector<Started> started;
  if (!StartAll(processes.to_start, layout, &started, err)) return 1;
  if (!WaitUntilReady(started, layout, timeout, err)) return 1;

  if (Status s = WriteRegionJson(plan, layout); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 1;
  }
  PrintRegion(plan, layout, out);
  out << "ready: " << started.size() << " started, " << processes.running.size() << " already running; wrote "
      << layout.RegionJson() << "\n";
  return 0;
}

}  // namespace regiotafel::region
