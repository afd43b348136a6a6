// Work over many independent items split across the machine's cores: the folds of a region view
// (one per dossier) and the JSON of its rows. The caller makes sure the items are independent and
// what they read does not change meanwhile.
#pragma once

#include <algorithm>
#include <cstddef>
#include <thread>
#include <vector>

namespace regiotafel {

// Below this many items the threads would cost more than they save.
inline constexpr size_t kParallelFrom = 4096;

// Calls body(begin, end) on contiguous parts of [0, n) that together cover it once, at the same
// time on up to hardware_concurrency() threads (this thread takes the first part).
template <typename Body>
void ForParts(size_t n, const Body& body) {
  const size_t parts = n < kParallelFrom ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  if (parts == 1) {
    body(size_t{0}, n);
    return;
  }
  std::vector<std::thread> others;
  // The others are joined before this returns, also when it leaves by an exception.
  struct Join {
    std::vector<std::thread>& threads;
    ~Join() {
      for (std::thread& t : threads) t.join();
    }
  } join{others};
  const size_t step = (n + parts - 1) / parts;
  for (size_t begin = step; begin < n; begin += step) {
    others.emplace_back([&body, begin, end = std::min(n, begin + step)] { body(begin, end); });
  }
  body(size_t{0}, std::min(n, step));
}

}  // namespace regiotafel
