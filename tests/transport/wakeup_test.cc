// Wakeup (wakeup.h) and Poll (sockets.h) on a real eventfd: a Signal() makes a poll on PollItem()
// ready, from another thread and from a signal handler too; any number of signals before a poll
// are one readiness that one Clear() consumes; a Clear() with nothing signalled does not wait.
// Poll with a negative timeout does not wait; a poll interrupted by a signal (EINTR) is ok with
// nothing ready.
#include "transport/wakeup.h"

#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "tests/transport/transport_test_util.h"
#include "transport/sockets.h"

namespace regiotafel::transport {
namespace {

using testing::kPatience;
using testing::ReturnsWithoutRescue;

// Whether a poll of `wakeup` with `timeout` found it ready.
bool Ready(const Wakeup& wakeup, std::chrono::milliseconds timeout) {
  std::vector<zmq::pollitem_t> items = {wakeup.PollItem()};
  Status s = Poll(&items, timeout);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return (items[0].revents & ZMQ_POLLIN) != 0;
}

TEST(WakeupTest, NothingSignalledIsNotReady) {
  Wakeup wakeup;
  EXPECT_FALSE(Ready(wakeup, std::chrono::milliseconds(0)));
}

TEST(WakeupTest, ASignalMakesAPollReady) {
  Wakeup wakeup;
  wakeup.Signal();
  EXPECT_TRUE(Ready(wakeup, std::chrono::milliseconds(0)));
}

TEST(WakeupTest, ASignalFromAnotherThreadEndsAWaitingPoll) {
  Wakeup wakeup;
  std::thread other([&] { wakeup.Signal(); });
  // Ready within the (long) timeout: the poll did not wait it out.
  EXPECT_TRUE(Ready(wakeup, kPatience));
  other.join();
}

TEST(WakeupTest, SeveralSignalsAreOneReadinessThatOneClearConsumes) {
  Wakeup wakeup;
  wakeup.Signal();
  wakeup.Signal();
  wakeup.Signal();
  EXPECT_TRUE(Ready(wakeup, std::chrono::milliseconds(0)));
  wakeup.Clear();
  EXPECT_FALSE(Ready(wakeup, std::chrono::milliseconds(0)));
}

TEST(WakeupTest, ASignalAfterAClearIsSeenAgain) {
  Wakeup wakeup;
  wakeup.Signal();
  wakeup.Clear();
  wakeup.Signal();
  EXPECT_TRUE(Ready(wakeup, std::chrono::milliseconds(0)));
}

TEST(WakeupTest, AClearWithNothingSignalledDoesNotWait) {
  Wakeup wakeup;
  EXPECT_TRUE(ReturnsWithoutRescue([&] { wakeup.Clear(); }, [&] { wakeup.Signal(); }));
  EXPECT_FALSE(Ready(wakeup, std::chrono::milliseconds(0)));
}

Wakeup* handler_wakeup = nullptr;

TEST(WakeupTest, ASignalFromASignalHandlerMakesAPollReady) {
  Wakeup wakeup;
  handler_wakeup = &wakeup;
  struct sigaction action = {}, previous = {};
  action.sa_handler = [](int) { handler_wakeup->Signal(); };
  sigemptyset(&action.sa_mask);
  ASSERT_EQ(sigaction(SIGUSR1, &action, &previous), 0);
  raise(SIGUSR1);  // the handler has run when raise returns
  sigaction(SIGUSR1, &previous, nullptr);
  handler_wakeup = nullptr;

  EXPECT_TRUE(Ready(wakeup, std::chrono::milliseconds(0)));
}

TEST(PollTest, ANegativeTimeoutDoesNotWait) {
  Wakeup wakeup;  // never signalled, unless to rescue a poll that waits
  std::vector<zmq::pollitem_t> items = {wakeup.PollItem()};
  Status s;
  EXPECT_TRUE(ReturnsWithoutRescue([&] { s = Poll(&items, std::chrono::milliseconds(-1)); },
                                   [&] { wakeup.Signal(); }));
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(items[0].revents, 0);
}

TEST(PollTest, APollInterruptedBySignalIsOkWithNothingReady) {
  // A handler without SA_RESTART; poll(2) is never restarted anyway and answers EINTR.
  struct sigaction action = {}, previous = {};
  action.sa_handler = [](int) {};
  sigemptyset(&action.sa_mask);
  ASSERT_EQ(sigaction(SIGUSR1, &action, &previous), 0);

  Wakeup wakeup;  // signalled only to rescue a poll that no signal interrupted
  std::vector<zmq::pollitem_t> items = {wakeup.PollItem()};
  // As a previous round left it. (libzmq 4.3 clears it too before it answers EINTR; Poll promises
  // "nothing happened" whichever libzmq it runs on.)
  items[0].revents = ZMQ_POLLIN;
  Status s = Status::IOError("not polled");
  std::atomic<bool> returned{false};
  std::thread poller([&] {
    s = Poll(&items, 3 * kPatience);
    returned = true;
  });
  // Until the poll returns, interrupt it: a signal before the thread is in poll(2) only runs the
  // handler, so send another.
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!returned && std::chrono::steady_clock::now() < deadline) {
    pthread_kill(poller.native_handle(), SIGUSR1);
    std::this_thread::yield();
  }
  const bool interrupted = returned;
  if (!interrupted) wakeup.Signal();
  poller.join();
  sigaction(SIGUSR1, &previous, nullptr);

  ASSERT_TRUE(interrupted) << "no signal ended the poll";
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(items[0].revents, 0) << "a revents left from before the interrupted poll";
}

}  // namespace
}  // namespace regiotafel::transport
