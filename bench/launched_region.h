// A region laid out as `regiotafel-region up` lays it out (services/launcher: keys, trust file, Curve,
// class keys, tokens), its bus and nodes started and stopped by the bench itself as processes: with
// the split, as the launcher runs it, or without it (every node's `klassesleutels` left out, so
// that it sends every event whole: the peer a bench measures the split against).
//
// The bench's executable must lie beside the region's programs (RUNTIME_OUTPUT_DIRECTORY bin/), where
// the launcher looks for them.
#pragma once

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/key_file.h"
#include "bench/child_process.h"
#include "bench/die.h"
#include "services/config/region_config.h"
#include "services/launcher/port_probe.h"
#include "services/launcher/region_files.h"
#include "services/launcher/region_layout.h"
#include "services/launcher/region_plan.h"
#include "services/node_client/node_client.h"

namespace regiotafel::bench {

class LaunchedRegion {
 public:
  LaunchedRegion(const std::string& dir, const std::vector<std::string>& organisaties, bool split)
      : layout_((std::filesystem::create_directories(dir), dir)) {
    config::RegionConfig config;
    config.naam = "bench";
    config.organisaties = organisaties;
    config.port_base = FreePortBase(organisaties.size());
    Check(region::PlanRegion(config, layout_, &plan_), "PlanRegion");
    Check(region::WriteRegionFiles(plan_, layout_), "WriteRegionFiles");
    for (const region::ProcessPlan& node : plan_.nodes) {
      if (!split) LeaveOutClassKeys(layout_.ConfigFile(node.stem));
      Check(region::ReadTokenFile(layout_.TokenFile(node.stem), &tokens_[node.name]), "ReadTokenFile");
    }
    bus_ = Start(plan_.bus);
    for (const region::ProcessPlan& node : plan_.nodes) StartNode(node.name);
  }
  ~LaunchedRegion() {
    nodes_.clear();  // the nodes before the bus
    bus_.reset();
  }
  LaunchedRegion(const LaunchedRegion&) = delete;
  LaunchedRegion& operator=(const LaunchedRegion&) = delete;

  // Starts the node of `organisatie`; returns once it answers HTTP, with a client that uses its token.
  void StartNode(const std::string& organisatie) {
    const region::ProcessPlan& node = Plan(organisatie);
    nodes_[organisatie] = Start(node);
    const auto begin = std::chrono::steady_clock::now();
    for (std::string answered;; answered.clear()) {
      std::unique_ptr<node_client::NodeClient>& client = clients_[organisatie];
      Check(
          node_client::NodeClient::Open(node.url, tokens_.at(organisatie), std::chrono::minutes(10), &client),
          "NodeClient::Open");
      if (client->Organisation(&answered).ok()) return;
      if (nodes_[organisatie]->Exited()) Die(organisatie + " exited:\n" + LastLines(LogFile(organisatie)));
      if (std::chrono::steady_clock::now() - begin > std::chrono::minutes(2))
        Die(organisatie + " did not answer:\n" + LastLines(LogFile(organisatie)));
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling a child's port
    }
  }

  // SIGTERM, and until it has exited.
  void StopNode(const std::string& organisatie) { nodes_.erase(organisatie); }

  // The node's outbox and replica gone, as on a new machine (keys and configuration stay).
  void WipeNode(const std::string& organisatie) {
    std::filesystem::remove_all(layout_.NodeData(region::RegionLayout::Stem(organisatie)));
  }

  node_client::NodeClient& Client(const std::string& organisatie) { return *clients_.at(organisatie); }
  // "bus" or an organisation id: the file its output goes to.
  std::string LogFile(const std::string& name) const {
    return layout_.LogFile(region::RegionLayout::Stem(name));
  }
  std::vector<std::string> Processes() const {
    std::vector<std::string> names{plan_.bus.name};
    for (const region::ProcessPlan& node : plan_.nodes) names.push_back(node.name);
    return names;
  }

 private:
  // The first of 21000, 21100, … where the bus's four ports and every node's are free.
  static int FreePortBase(size_t nodes) {
    for (int base = 21000; base < 60000; base += 100) {
      bool free = true;
      for (int port = base; free && port < base + 4; ++port) free = region::PortFree(port);
      for (size_t i = 0; free && i < nodes; ++i)
        free = region::PortFree(base + config::kNodePortOffset + int(i));
      if (free) return base;
    }
    Die("no free ports for a region");
  }

  static void LeaveOutClassKeys(const std::string& config_file) {
    std::ifstream in(config_file);
    std::string kept, line;
    while (std::getline(in, line)) {
      if (!line.starts_with("klassesleutels")) kept += line + "\n";
    }
    Check(WriteFileAtomically(config_file, kept, kOwnerOnly), "writing " + config_file);
  }

  const region::ProcessPlan& Plan(const std::string& organisatie) const {
    for (const region::ProcessPlan& node : plan_.nodes) {
      if (node.name == organisatie) return node;
    }
    Die("no node of " + organisatie + " in the region");
  }

  std::unique_ptr<Child> Start(const region::ProcessPlan& process) const {
    std::filesystem::create_directories(layout_.LogsDir());
    return std::make_unique<Child>(process.argv, nullptr, layout_.LogFile(process.stem), SIGKILL, SIGTERM,
                                   std::chrono::minutes(2));
  }

  region::RegionLayout layout_;
  region::RegionPlan plan_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<Child> bus_;
  std::map<std::string, std::unique_ptr<Child>> nodes_;
  std::map<std::string, std::unique_ptr<node_client::NodeClient>> clients_;
};

}  // namespace regiotafel::bench
