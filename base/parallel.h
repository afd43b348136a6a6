// Work over many independent items split across the machine's cores: the folds of a region view
// (one per dossier) and the JSON of its rows. The caller makes sure the items are independent and
// what they read does not change meanwhile.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace regiotafel {

// Below this many items the threads would cost more than they save.
inline constexpr size_t kParallelFrom = 4096;

// Calls body(begin, end) on non-empty contiguous parts of [0, n) that together cover it once, at
// the same time on up to hardware_concurrency() threads (this thread one of them). The parts are
// many more than the threads and each thread takes the next part not yet taken: when a core is busy
// with something else, the other threads do its share instead of waiting for it (halves fixed in
// advance made a query wait for the slower core, the tail of its times). An exception from body,
// on whichever thread, stops the handing out of parts and is rethrown here once all threads are done.
template <typename Body>
void ForParts(size_t n, const Body& body) {
  const size_t threads =
      n < kParallelFrom ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 8);
  if (n == 0) return;
  if (threads == 1) {
    body(size_t{0}, n);
    return;
  }
  constexpr size_t kPartsPerThread = 8;
  const size_t step = (n + threads * kPartsPerThread - 1) / (threads * kPartsPerThread);
  std::atomic<size_t> next = 0;
  std::mutex error_mutex;
  std::exception_ptr error;
  auto work = [&] {
    try {
      for (size_t begin = next.fetch_add(step); begin < n; begin = next.fetch_add(step)) {
        body(begin, std::min(n, begin + step));
      }
    } catch (...) {
      next = n;  // the others finish the part they hold and take no new one
      std::lock_guard lock(error_mutex);
      if (!error) error = std::current_exception();
    }
  };
  {
    std::vector<std::jthread> others;  // joined when this block ends, however it ends
    for (size_t t = 1; t < threads; ++t) others.emplace_back(work);
    work();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace regiotafel
