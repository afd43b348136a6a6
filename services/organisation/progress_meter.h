// ProgressMeter: one self-overwriting status line on a terminal for long runs, e.g.
//
//   sending     [##########..........]  52%  10400 lines  251/s
//
// Quiet for the first half second (a short file shows nothing) and redrawn at most ten times a
// second. Not thread-safe: one thread updates it.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace regiotafel::organisation {

class ProgressMeter {
 public:
  // Draws on `out` only when `enabled` (callers pass "stderr is a terminal", or a user's choice);
  // counts things called `unit` ("lines", "rijen").
  ProgressMeter(std::ostream& out, bool enabled, std::string unit = "lines");
  ~ProgressMeter();  // Finish()
  ProgressMeter(const ProgressMeter&) = delete;
  ProgressMeter& operator=(const ProgressMeter&) = delete;

  // `fraction` in [0, 1]; `done`: how many are done so far in this
  // phase. The rate counts from the phase's first update.
  void Update(std::string_view phase, double fraction, uint64_t done);
  // Clears the line, so that what is printed next starts on a clean one.
  void Finish();

 private:
  using Clock = std::chrono::steady_clock;

  std::ostream& out_;
  const bool enabled_;
  const std::string unit_;
  const Clock::time_point started_ = Clock::now();
  Clock::time_point last_drawn_{};
  std::string phase_;
  Clock::time_point phase_started_ = Clock::now();
  bool drawn_ = false;
};

}  // namespace regiotafel::organisation
