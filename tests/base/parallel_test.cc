#include "base/parallel.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

namespace regiotafel {
namespace {

// Every item once, in contiguous parts, whatever n is: small (one part), at the threshold, and
// sizes that do not divide into the parts.
TEST(ForPartsTest, CoversEveryItemOnceInContiguousParts) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{7}, kParallelFrom - 1, kParallelFrom, kParallelFrom + 1,
                   size_t{100'003}}) {
    std::vector<int> seen(n, 0);
    std::vector<std::pair<size_t, size_t>> parts;
    std::mutex mutex;
    ForParts(n, [&](size_t begin, size_t end) {
      EXPECT_LT(begin, end);
      EXPECT_LE(end, n);
      for (size_t i = begin; i < end; ++i) ++seen[i];  // parts are disjoint: no two threads share an item
      std::lock_guard lock(mutex);
      parts.emplace_back(begin, end);
    });
    EXPECT_TRUE(std::all_of(seen.begin(), seen.end(), [](int times) { return times == 1; })) << "n = " << n;
    std::sort(parts.begin(), parts.end());
    for (size_t k = 1; k < parts.size(); ++k) EXPECT_EQ(parts[k - 1].second, parts[k].first) << "n = " << n;
    if (n < kParallelFrom) {
      EXPECT_LE(parts.size(), 1u) << "n = " << n;
    }
  }
}

// An exception from any part, on whichever thread takes it, comes out of ForParts once the other
// threads are done (a thread still running at its destruction would end the process); the parts
// already taken finish, no new ones are started.
TEST(ForPartsTest, AnExceptionFromAnyPartIsRethrownAfterTheOtherThreads) {
  for (size_t failing : {size_t{0}, size_t{25'000}, size_t{49'999}}) {
    std::atomic<size_t> done = 0;
    EXPECT_THROW(ForParts(50'000,
                          [&](size_t begin, size_t end) {
                            if (begin <= failing && failing < end) throw std::runtime_error("part");
                            done += end - begin;
                          }),
                 std::runtime_error)
        << "failing item " << failing;
    EXPECT_LT(done.load(), size_t{50'000});
  }
}

}  // namespace
}  // namespace regiotafel
