// Clean shutdown on SIGTERM/SIGINT for the bus and node processes, without signal handlers:
// the signals are blocked in every thread and one thread takes them with sigwait, so the reaction
// runs as ordinary code (it may lock, log, join).
#pragma once

#include <atomic>
#include <functional>
#include <thread>

namespace regiotafel::transport {

// Blocks SIGTERM and SIGINT in the calling thread and so in every thread started after it (ZeroMQ's
// I/O threads, RocksDB's, the HTTP pool): call it first thing in main. Also ignores SIGPIPE, and
// SIGXFSZ so that a write beyond a file size limit is an I/O error instead of death.
void BlockShutdownSignals();

// Blocks until SIGTERM or SIGINT arrives; returns the signal number.
int WaitForShutdownSignal();

// True when SIGTERM or SIGINT has arrived and waits to be taken (by WaitForShutdownSignal): for a
// long step at start that should give up when asked to stop.
bool ShutdownSignalPending();

// Waits for SIGTERM/SIGINT on a thread of its own and calls `on_signal` once, from that thread.
// Destroying the watcher ends the thread, also when no signal came.
// BlockShutdownSignals() must have run first (its destructor wakes the thread with SIGTERM, which
// would end a process that does not block it).
class ShutdownWatcher {
 public:
  explicit ShutdownWatcher(std::function<void(int signal)> on_signal);
  ~ShutdownWatcher();
  ShutdownWatcher(const ShutdownWatcher&) = delete;
  ShutdownWatcher& operator=(const ShutdownWatcher&) = delete;

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace regiotafel::transport
