// Plays the year's plan into the region: every step POSTed to its origin's node with wait=commit,
// one after the other, so the log holds them in plan order; the simulated days paced at `tempo`
// days per second; the state saved after every day and when stopped.
//
// What it prints (stdout, a line at a time):
//   a line per simulated week: the date, the events sent, per organisation
//   every refusal with the node's reason (the deliberate ones say so; any other is counted)
//   a node that does not answer (or a bus that does not decide): what happened and when it tries
//   again (back-off from 0.25 s to 10 s), and when it answers again
#pragma once

#include <chrono>
#include <ostream>
#include <string>
#include <vector>

#include "services/simulator/play_state.h"
#include "services/simulator/region_json.h"
#include "services/simulator/stop_signal.h"
#include "services/simulator/year_plan.h"

namespace regiotafel::simulator {

struct PlayOptions {
  double tempo = 2;  // simulated days per real second; 0: as fast as the nodes answer
  int dagen = 0;     // play at most this many simulated days, then stop (0: to the end of the year)
  std::string state_path;
  std::chrono::milliseconds longest_backoff{10'000};
};

// Plays `plan` from `state.verstuurd` on. Exit code: 0 when the year (or `dagen` of it) is played or a
// stop was requested, the progress saved; 1 when the year is played but a node refused an event
// that was not a deliberate mistake; 2 when a node refused the token or the state cannot be saved.
int Play(const RegionNodes& region, const std::vector<Step>& plan, PlayState state,
         const PlayOptions& options, const StopSignal& stop, std::ostream& out);

}  // namespace regiotafel::simulator
