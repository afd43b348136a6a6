#include "services/simulator/stop_signal.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>

namespace regiotafel::simulator {
namespace {

std::atomic<bool> g_stop{false};
int g_pipe[2] = {-1, -1};

void OnSignal(int) {
  g_stop.store(true);
  const int saved_errno = errno;
  const char byte = 1;
  (void)!write(g_pipe[1], &byte, 1);  // the pipe is non-blocking: a full pipe already wakes the reader
  errno = saved_errno;
}

}  // namespace

StopSignal::StopSignal() {
  if (pipe2(g_pipe, O_NONBLOCK | O_CLOEXEC) != 0) g_pipe[0] = g_pipe[1] = -1;
  struct sigaction action {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

StopSignal::~StopSignal() {
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  if (g_pipe[0] >= 0) close(g_pipe[0]);
  if (g_pipe[1] >= 0) close(g_pipe[1]);
  g_pipe[0] = g_pipe[1] = -1;
}

bool StopSignal::requested() const { return g_stop.load(); }

bool StopSignal::WaitFor(std::chrono::milliseconds duration) const {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  while (!requested()) {
    const auto left =
        std::chrono::ceil<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd item{g_pipe[0], POLLIN, 0};
    ::poll(&item, 1, static_cast<int>(left.count()));  // another signal may end it early: wait again
  }
  return true;
}

}  // namespace regiotafel::simulator
