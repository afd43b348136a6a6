// ReadAhead over a real EventLog: every record once, in order, in chunks no larger than asked,
// whatever the range and chunk size; an early stop; the end of the log before `until`.
#include "services/node/views/read_ahead.h"

#include <gtest/gtest.h>

#include "tests/support/test_replica.h"

namespace regiotafel::node {
namespace {

using views_testing::TempDir;
using views_testing::TestReplica;

class ReadAheadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    replica_ = std::make_unique<TestReplica>(dir_.Sub("replica"));
    head_ = replica_->Append(views_testing::Region(100));
    ASSERT_GT(head_, 500u);  // more than a few chunks of every size below but the largest
  }

  // The positions ReadAhead hands over, and the largest chunk.
  std::vector<uint64_t> Positions(uint64_t from, uint64_t until, size_t chunk, size_t* largest = nullptr,
                                  size_t stop_after_chunks = SIZE_MAX) {
    std::vector<uint64_t> seen;
    size_t chunks = 0, biggest = 0;
    Status s = ReadAhead(replica_->log(), from, until, chunk, [&](std::vector<ParsedRecord>& records) {
      biggest = std::max(biggest, records.size());
      for (const ParsedRecord& r : records) {
        EXPECT_TRUE(r.parsed);
        EXPECT_FALSE(r.envelope->event_id().empty());
        seen.push_back(r.position);
      }
      return ++chunks < stop_after_chunks;
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (largest != nullptr) *largest = biggest;
    return seen;
  }

  static std::vector<uint64_t> Range(uint64_t from, uint64_t to) {
    std::vector<uint64_t> out;
    for (uint64_t p = from; p <= to; ++p) out.push_back(p);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<TestReplica> replica_;
  uint64_t head_ = 0;
};

TEST_F(ReadAheadTest, HandsOverEveryRecordOnceInOrder) {
  for (size_t chunk : {1, 7, 64, 4096}) {
    size_t largest = 0;
    EXPECT_EQ(Positions(1, head_, chunk, &largest), Range(1, head_)) << "chunk " << chunk;
    EXPECT_LE(largest, chunk);
    EXPECT_EQ(Positions(10, 20, chunk), Range(10, 20)) << "chunk " << chunk;
  }
}

TEST_F(ReadAheadTest, StopsAtTheEndOfTheLogAndWhenTold) {
  EXPECT_EQ(Positions(head_ - 5, head_ + 100, 4), Range(head_ - 5, head_));
  EXPECT_TRUE(Positions(head_ + 1, head_ + 10, 4).empty());
  EXPECT_TRUE(Positions(20, 10, 4).empty());
  EXPECT_EQ(Positions(1, head_, 16, nullptr, /*stop_after_chunks=*/2), Range(1, 32));
}

TEST_F(ReadAheadTest, RefusesAnEmptyChunk) {
  EXPECT_TRUE(ReadAhead(replica_->log(), 1, 10, 0, [](std::vector<ParsedRecord>&) {
                return true;
              }).IsInvalidArgument());
}

}  // namespace
}  // namespace regiotafel::node
