// A region's description (DOMAIN.md §6), one TOML file:
//
//   naam = "drechtsteden"
//   organisaties = ["regio:drechtsteden", "gemeente:dordrecht", "corporatie:trivire", "coa:coa", …]
//   poort_basis = 7100      # optional: bus submit/publish/fetch on 7100–7102, the nodes' HTTP from
//                           # 7110 on, in the order of `organisaties`
//   heartbeat_ms = 1000     # optional: the bus's heartbeat, and the nodes' silence detection
//
//   bewaartermijn_jaren = 7 # optional: the bewaartermijn in calendar years (1–100), bewaartermijn.h
//
//   [drempels]              # optional: the signal thresholds in days (services/config/drempels.h)
//   termijn_huisvesting_dagen = 70
//
// Every key but naam and organisaties is optional. [drempels] is checked here (an unknown or
// malformed threshold stops `up` with its name) and copied into every node's configuration, and so is
// bewaartermijn_jaren. Other
// keys this version does not know (whatever later versions add) are left alone, so a newer region
// file still starts an older region.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/status.h"
#include "contract/identifiers.h"
#include "projections/te_vergeten.h"

namespace regiotafel::config {

inline constexpr int kDefaultPortBase = 7100;
// The nodes' HTTP ports start this far above the base; the ports in between stay free for the bus.
inline constexpr int kNodePortOffset = 10;

struct RegionConfig {
  std::string naam;
  std::vector<std::string> organisaties;  // organisation ids, in the file's order, each once
  int port_base = kDefaultPortBase;
  std::chrono::milliseconds heartbeat{1000};
  std::map<std::string, int32_t> drempels;  // [drempels] as given (checked), by key
  int32_t bewaartermijn_jaren = projections::kDefaultBewaartermijnJaren;
};

// InvalidArgument naming the key (and, for organisaties, the entry: `organisaties[3] =
// "gemeent:x": unknown kind "gemeent"`) when something is missing or malformed; NotFound for no file.
Status LoadRegionConfig(const std::string& path, RegionConfig* out);

}  // namespace regiotafel::config
