// RetryBackoff: when to try again after a failure that only time mends (a full disk): after `first`,
// then twice as long after every try that failed, up to `max`; Reset once a try worked. Without it a
// stopped store is tried, and logged, as fast as the loop around it turns.
#pragma once

#include <algorithm>
#include <chrono>

namespace regiotafel::node {

class RetryBackoff {
 public:
  using Clock = std::chrono::steady_clock;

  RetryBackoff(std::chrono::milliseconds first, std::chrono::milliseconds max)
      : first_(first), max_(std::max(first, max)), delay_(first) {}

  bool Due(Clock::time_point now) const { return now >= next_; }
  Clock::time_point next() const { return next_; }
  // The wait before the next try, as Failed set it.
  std::chrono::milliseconds delay() const { return last_delay_; }

  // A try failed at `now` (or the failure was first seen): the next one waits longer.
  void Failed(Clock::time_point now) {
    last_delay_ = delay_;
    next_ = now + delay_;
    delay_ = std::min(delay_ * 2, max_);
  }
  void Reset() {
    delay_ = first_;
    last_delay_ = first_;
    next_ = Clock::time_point{};
  }

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds max_;
  std::chrono::milliseconds delay_;
  std::chrono::milliseconds last_delay_{first_};
  Clock::time_point next_{};
};

}  // namespace regiotafel::node
