// How a bench gives up: one line on stderr ("<bench>: why"), what it started stopped, exit status 1.
//
// A bench that starts a child process or a server registers how to stop it with OnDie and forgets it
// once stopped (bench/child_process.h does both). Die may be called from any thread: it stops what is
// registered, then leaves without running static destructors (other threads may still be using what
// they would destroy).
#pragma once

#include <errno.h>  // program_invocation_short_name: the bench's executable, e.g. bus_bench

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "base/status.h"

namespace regiotafel::bench {

namespace die_internal {

struct Stops {
  std::mutex mutex;
  uint64_t next = 0;
  std::map<uint64_t, std::function<void()>> stops;  // by registration, so the last is stopped first
};

inline Stops& Registered() {
  static Stops* stops = new Stops;  // never destroyed: Die may run while the program ends
  return *stops;
}

}  // namespace die_internal

// Until ForgetOnDie(the answer), Die runs `stop` (the last registered first).
inline uint64_t OnDie(std::function<void()> stop) {
  die_internal::Stops& s = die_internal::Registered();
  std::lock_guard lock(s.mutex);
  s.stops.emplace(s.next, std::move(stop));
  return s.next++;
}

inline void ForgetOnDie(uint64_t id) {
  die_internal::Stops& s = die_internal::Registered();
  std::lock_guard lock(s.mutex);
  s.stops.erase(id);
}

[[noreturn]] inline void Die(const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", program_invocation_short_name, message.c_str());
  std::fflush(nullptr);
  std::map<uint64_t, std::function<void()>> stops;
  {
    die_internal::Stops& s = die_internal::Registered();
    std::lock_guard lock(s.mutex);
    stops.swap(s.stops);
  }
  for (auto it = stops.rbegin(); it != stops.rend(); ++it) it->second();
  std::_Exit(1);
}

inline void Check(const Status& s, const std::string& what) {
  if (!s.ok()) Die(what + ": " + s.ToString());
}

}  // namespace regiotafel::bench
