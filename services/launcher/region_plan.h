// RegionPlan: what `up` starts — the bus and one node per organisation, each with its command
// line, files and ports on 127.0.0.1 — worked out from the region's TOML and its data directory
// before anything is written or started.
//
// Ports: the bus's submit, publish and fetch on poort_basis, +1, +2, its metrics listener on +3; the i-th
// organisation's node (in the order of `organisaties`) on poort_basis + 10 + i.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "services/config/region_config.h"
#include "services/launcher/region_layout.h"

namespace regiotafel::region {

struct Port {
  int number = 0;
  std::string role;  // "bus submit", "HTTP of gemeente:dordrecht": for messages
};

// One process of the region.
struct ProcessPlan {
  std::string name;               // "bus" or the organisation id
  std::string stem;               // RegionLayout::Stem(name)
  std::vector<std::string> argv;  // argv[0] is the executable's path
  std::vector<Port> ports;        // what it binds
  std::string url;                // a node's HTTP address; empty for the bus
};

struct RegionPlan {
  std::string naam;
  std::chrono::milliseconds heartbeat{1000};
  std::map<std::string, int32_t> drempels;  // copied into every node's configuration
  int32_t bewaartermijn_jaren = 0;          // idem; 0: not written, the node's default
  std::string submit, publish, fetch;       // the bus's endpoints
  std::string metrics;                      // the bus's metrics listener, "127.0.0.1:<port>"
  ProcessPlan bus;
  std::vector<ProcessPlan> nodes;  // in the order of `organisaties`
};

// Where the executables are: beside this one, in an installation as in the build tree (build/bin/).
// NotFound naming the one missing.
Status FindExecutable(const std::string& name, std::string* path);

Status PlanRegion(const config::RegionConfig& config, const RegionLayout& layout, RegionPlan* out);

}  // namespace regiotafel::region
