// RefusalLog: warning lines for refusals at a bounded rate (docs/BUS.md, "Refusals in the log").
//
// A peer that sends a million bad envelopes, junk messages or handshakes with an unknown key must
// not write a million lines: per peer the first kBurst refusals of an interval get a line each (the
// caller writes it when Admit says so), the rest are counted by reason and summed up in one line
// when the interval is over ("4990 more refusals from gemeente:dordrecht in the last 10 s were not
// logged one by one: contract=4990"). The sender still gets every refusal's reason in its answer.
//
// At most kPeers peers are told apart; refusals of any further ones share one window, "(others)".
// One thread only: the bus's, the fetch server's and the ZAP handler's each keep their own.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/metrics.h"

namespace regiotafel::transport {

class RefusalLog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr size_t kBurst = 10;
  static constexpr size_t kPeers = 1000;

  // `what` names the refusals in the summary ("refusals", "malformed messages"); `unlogged`, when
  // given, counts every refusal that got no line of its own.
  RefusalLog(std::string what, Clock::duration interval, metrics::Counter* unlogged = nullptr);

  // True when the caller logs this refusal's own line now; false when it was counted for the summary.
  bool Admit(std::string_view peer, std::string_view reason, Clock::time_point now = Clock::now());
  // Writes the summary of every peer whose interval is over and forgets it. Call now and then (a
  // poll loop's every turn); Admit calls it too.
  void Flush(Clock::time_point now = Clock::now());

 private:
  struct Window {
    Clock::time_point start;
    size_t logged = 0;
    std::map<std::string, uint64_t, std::less<>> unlogged;  // by reason
  };
  void Summarise(const std::string& peer, const Window& window, Clock::time_point now) const;

  const std::string what_;
  const Clock::duration interval_;
  metrics::Counter* const unlogged_;
  std::map<std::string, Window, std::less<>> windows_;
  Clock::time_point next_flush_{};
};

}  // namespace regiotafel::transport
