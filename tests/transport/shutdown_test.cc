// shutdown.h, each test in a child process of its own (a death test, re-executed: signal masks and
// dispositions are the process's). BlockShutdownSignals: a SIGTERM or SIGINT sent to the process
// waits for WaitForShutdownSignal, which answers its number, instead of ending the process; threads
// started after it have both blocked; SIGPIPE and SIGXFSZ no longer kill (EPIPE, EFBIG instead).
// ShutdownWatcher: calls its function once, from its own thread, with the signal; destroyed without
// a signal it calls nothing and leaves no signal behind. A child reports what failed on stderr and
// exits 1; an alarm ends a child that hangs.
#include "transport/shutdown.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

#include "tests/transport/transport_test_util.h"

namespace regiotafel::transport {
namespace {

using testing::kPatience;

// In a child: ends it with 1 and says why when `ok` is false.
void Check(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "FAILED: %s\n", what);
  std::_Exit(1);
}

// In a child: a hang ends it by SIGALRM (not blocked), which the death test reports.
void GuardAgainstHanging() { alarm(static_cast<unsigned>(2 * kPatience.count() / 1000)); }

bool Blocked(int signal_number) {
  sigset_t mask;
  pthread_sigmask(SIG_SETMASK, nullptr, &mask);
  return sigismember(&mask, signal_number) == 1;
}

bool Pending(int signal_number) {
  sigset_t pending;
  sigpending(&pending);
  return sigismember(&pending, signal_number) == 1;
}

class ShutdownTest : public ::testing::Test {
 protected:
  void SetUp() override { GTEST_FLAG_SET(death_test_style, "threadsafe"); }
};

// A signal to the process after BlockShutdownSignals: the process lives and WaitForShutdownSignal
// answers the signal's number.
void SignalWaitsForWaitForShutdownSignal(int signal_number) {
  GuardAgainstHanging();
  BlockShutdownSignals();
  Check(kill(getpid(), signal_number) == 0, "kill");
  Check(WaitForShutdownSignal() == signal_number, "WaitForShutdownSignal answered another signal");
  Check(!Pending(signal_number), "the signal is still pending");
  std::_Exit(0);
}

TEST_F(ShutdownTest, ASigtermToTheProcessIsTakenByWaitForShutdownSignal) {
  EXPECT_EXIT(SignalWaitsForWaitForShutdownSignal(SIGTERM), ::testing::ExitedWithCode(0), "");
}

TEST_F(ShutdownTest, ASigintToTheProcessIsTakenByWaitForShutdownSignal) {
  EXPECT_EXIT(SignalWaitsForWaitForShutdownSignal(SIGINT), ::testing::ExitedWithCode(0), "");
}

void ThreadsStartedAfterBlockingHaveBothSignalsBlockedChild() {
  GuardAgainstHanging();
  BlockShutdownSignals();
  Check(Blocked(SIGTERM) && Blocked(SIGINT), "not blocked in the calling thread");
  bool blocked = false;
  std::thread([&] { blocked = Blocked(SIGTERM) && Blocked(SIGINT); }).join();
  Check(blocked, "not blocked in a thread started after");
  std::_Exit(0);
}

TEST_F(ShutdownTest, ThreadsStartedAfterBlockingHaveBothSignalsBlocked) {
  EXPECT_EXIT(ThreadsStartedAfterBlockingHaveBothSignalsBlockedChild(), ::testing::ExitedWithCode(0), "");
}

void AWriteToAClosedPipeIsEpipeInsteadOfDeathChild() {
  GuardAgainstHanging();
  BlockShutdownSignals();
  int fds[2];
  Check(pipe(fds) == 0, "pipe");
  close(fds[0]);
  const ssize_t n = write(fds[1], "x", 1);
  Check(n == -1 && errno == EPIPE, "the write did not fail with EPIPE");
  std::_Exit(0);
}

TEST_F(ShutdownTest, AWriteToAClosedPipeIsEpipeInsteadOfDeath) {
  EXPECT_EXIT(AWriteToAClosedPipeIsEpipeInsteadOfDeathChild(), ::testing::ExitedWithCode(0), "");
}

void AWriteBeyondTheFileSizeLimitIsEfbigInsteadOfDeathChild() {
  GuardAgainstHanging();
  BlockShutdownSignals();
  std::string path = "/tmp/regiotafel-shutdown-test-XXXXXX";
  const int fd = mkstemp(path.data());
  Check(fd >= 0, "mkstemp");
  unlink(path.c_str());
  const rlimit limit = {.rlim_cur = 4, .rlim_max = RLIM_INFINITY};
  Check(setrlimit(RLIMIT_FSIZE, &limit) == 0, "setrlimit");
  Check(write(fd, "1234", 4) == 4, "the write up to the limit");
  const ssize_t n = write(fd, "5", 1);
  Check(n == -1 && errno == EFBIG, "the write beyond the limit did not fail with EFBIG");
  std::_Exit(0);
}

TEST_F(ShutdownTest, AWriteBeyondTheFileSizeLimitIsEfbigInsteadOfDeath) {
  EXPECT_EXIT(AWriteBeyondTheFileSizeLimitIsEfbigInsteadOfDeathChild(), ::testing::ExitedWithCode(0), "");
}

void AWatcherCallsItsFunctionOnceFromItsOwnThreadWithTheSignalChild() {
  GuardAgainstHanging();
  BlockShutdownSignals();
  std::atomic<int> calls{0}, received{0};
  std::thread::id caller;
  std::promise<void> called;
  {
    ShutdownWatcher watcher([&](int signal_number) {
      caller = std::this_thread::get_id();
      received = signal_number;
      if (++calls == 1) called.set_value();
    });
    Check(kill(getpid(), SIGINT) == 0, "kill");
    called.get_future().wait();
    Check(received == SIGINT, "called with another signal");
    Check(caller != std::this_thread::get_id(), "called from the thread that signalled");
    // A second signal is not the watcher's any more: it stays pending.
    Check(kill(getpid(), SIGTERM) == 0, "kill");
  }
  Check(calls == 1, "called more than once");
  Check(Pending(SIGTERM), "the second SIGTERM was taken");
  std::_Exit(0);
}

TEST_F(ShutdownTest, AWatcherCallsItsFunctionOnceFromItsOwnThreadWithTheSignal) {
  EXPECT_EXIT(AWatcherCallsItsFunctionOnceFromItsOwnThreadWithTheSignalChild(), ::testing::ExitedWithCode(0),
              "");
}

void AWatcherDestroyedWithoutASignalCallsNothingAndLeavesNoSignalChild() {
  GuardAgainstHanging();
  BlockShutdownSignals();
  std::atomic<int> calls{0};
  {
    ShutdownWatcher watcher([&](int) { ++calls; });
  }
  Check(calls == 0, "called without a signal");
  // The SIGTERM that ended the watcher's thread was aimed at that thread alone.
  Check(!Pending(SIGTERM), "a SIGTERM is left pending");
  std::_Exit(0);
}

TEST_F(ShutdownTest, AWatcherDestroyedWithoutASignalCallsNothingAndLeavesNoSignal) {
  EXPECT_EXIT(AWatcherDestroyedWithoutASignalCallsNothingAndLeavesNoSignalChild(),
              ::testing::ExitedWithCode(0), "");
}

}  // namespace
}  // namespace regiotafel::transport
