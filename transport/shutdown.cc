#include "transport/shutdown.h"

#include <pthread.h>
#include <signal.h>

namespace regiotafel::transport {
namespace {

sigset_t ShutdownSet() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void BlockShutdownSignals() {
  sigset_t set = ShutdownSet();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
  signal(SIGXFSZ, SIG_IGN);
}

int WaitForShutdownSignal() {
  sigset_t set = ShutdownSet();
  int signal_number = 0;
  while (sigwait(&set, &signal_number) != 0) {
  }
  return signal_number;
}

bool ShutdownSignalPending() {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, SIGTERM) == 1 || sigismember(&pending, SIGINT) == 1;
}

ShutdownWatcher::ShutdownWatcher(std::function<void(int)> on_signal)
    : thread_([this, on_signal = std::move(on_signal)] {
        const int signal_number = WaitForShutdownSignal();
        if (!done_) on_signal(signal_number);
      }) {}

ShutdownWatcher::~ShutdownWatcher() {
  done_ = true;
  // A signal aimed at this thread alone ends its sigwait; it is blocked, so nothing else sees it.
  pthread_kill(thread_.native_handle(), SIGTERM);
  thread_.join();
}

}  // namespace regiotafel::transport
