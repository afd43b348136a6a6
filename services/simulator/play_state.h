// How far the simulated year got, in a small TOML file beside the region's data
// (DIR/simulator.toml): the year's settings, fixed by the first run, and how many steps of the plan
// are done. Written atomically (a temporary file, fsync, rename), so a kill at any moment leaves
// the previous or the new state, never half of one.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "services/simulator/year_plan.h"

namespace regiotafel::simulator {

struct PlayState {
  YearSettings year;
  uint64_t verstuurd = 0;  // steps of the plan sent and answered, in plan order
};

// NotFound when there is no state yet; InvalidArgument, naming the file, when it is not one.
Status ReadPlayState(const std::string& path, PlayState* out);
Status WritePlayState(const std::string& path, const PlayState& state);

}  // namespace regiotafel::simulator
