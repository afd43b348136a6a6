// SIGINT and SIGTERM as a request to stop: the handler only sets a flag and writes a byte to a pipe,
// so a wait (the pace between simulated days, a back-off) ends at once, while an HTTP request in
// progress finishes (SA_RESTART) and the simulator stops after it.
#pragma once

#include <chrono>

namespace regiotafel::simulator {

class StopSignal {
 public:
  // Installs the handlers; one StopSignal per process.
  StopSignal();
  ~StopSignal();
  StopSignal(const StopSignal&) = delete;
  StopSignal& operator=(const StopSignal&) = delete;

  bool requested() const;
  // Waits `duration` or until a stop is requested; true when it was.
  bool WaitFor(std::chrono::milliseconds duration) const;
};

}  // namespace regiotafel::simulator
