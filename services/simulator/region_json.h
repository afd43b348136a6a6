// What the simulator needs of a running region: its name and, per organisation, the node's URL and
// API token, from the region.json that `regiotafel-region up` writes (services/launcher/region_files.h).
#pragma once

#include <map>
#include <string>

#include "base/status.h"

namespace regiotafel::simulator {

struct RegionNodes {
  std::string naam;                           // "drechtsteden"
  std::map<std::string, std::string> nodes;   // organisation id → "http://127.0.0.1:7110"
  std::map<std::string, std::string> tokens;  // organisation id → its node's token (may be absent)
};

// NotFound when the file is missing (the region was never started there); InvalidArgument when it
// is not a region.json.
Status ReadRegionJson(const std::string& path, RegionNodes* out);

}  // namespace regiotafel::simulator
