// The event log's appends and reads: positions, the tail in memory, streams and their versions,
// idempotency by event id, and concurrent appenders.
#include "eventstore/event_log.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "base/uuid.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/eventstore/event_log_fixture.h"
#include "tests/support/log_entry.h"

namespace regiotafel::eventstore {
namespace {

using testing::EventLogTest;
using testing::MakeEntry;

TEST_F(EventLogTest, AppendThenReadReturnsTheRecords) {
  std::vector<AppendEntry> batch{MakeEntry("V1"), MakeEntry("V2"), MakeEntry("V1")};
  const std::vector<AppendEntry> sent = batch;
  std::vector<AppendResult> results = Append(std::move(batch));

  ASSERT_EQ(results.size(), 3u);
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  ASSERT_EQ(records.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(results[i].status.ok());
    EXPECT_FALSE(results[i].duplicate);
    EXPECT_EQ(results[i].position, i + 1);
    EXPECT_EQ(records[i].position(), i + 1);
    EXPECT_EQ(records[i].envelope(), sent[i].envelope);
    EXPECT_EQ(records[i].signature(), sent[i].signature);
    EXPECT_EQ(records[i].hash().size(), 32u);
    EXPECT_GT(records[i].recorded_at().seconds(), 1'700'000'000);
  }
  EXPECT_EQ(log_->Head().position, 3u);
  EXPECT_EQ(log_->Head().hash, records[2].hash());
}

TEST_F(EventLogTest, EmptyLogHasZeroHead) {
  EXPECT_EQ(log_->Head().position, 0u);
  EXPECT_EQ(log_->Head().hash, std::string(32, '\0'));
  EXPECT_TRUE(ReadAll(*log_).empty());
  EXPECT_TRUE(log_->Verify(1, 0).ok());
}

TEST_F(EventLogTest, EmptyBatchWritesNothing) {
  std::vector<AppendResult> results{AppendResult{}};
  EXPECT_TRUE(log_->Append({}, &results).ok());
  EXPECT_TRUE(results.empty());
  EXPECT_EQ(log_->Head().position, 0u);
}

TEST_F(EventLogTest, PositionsAreGapFreeAcrossBatchesAndReopen) {
  uint64_t expected = 1;
  for (int round = 0; round < 3; ++round) {
    for (size_t size : {1, 4, 9}) {
      std::vector<AppendEntry> batch;
      for (size_t i = 0; i < size; ++i) batch.push_back(MakeEntry("V" + std::to_string(i)));
      for (const AppendResult& r : Append(std::move(batch))) EXPECT_EQ(r.position, expected++);
    }
    ASSERT_NO_FATAL_FAILURE(Open());
  }
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  ASSERT_EQ(records.size(), expected - 1);
  for (size_t i = 0; i < records.size(); ++i) EXPECT_EQ(records[i].position(), i + 1);
}

TEST_F(EventLogTest, ReadReturnsARangeAndStopsAtTheHead) {
  Fill(log_.get(), 5, 5);
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(log_->Read(2, 2, &records).ok());
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].position(), 2u);
  EXPECT_EQ(records[1].position(), 3u);

  ASSERT_TRUE(log_->Read(4, 100, &records).ok());
  EXPECT_EQ(records.size(), 2u);
  ASSERT_TRUE(log_->Read(6, 100, &records).ok());
  EXPECT_TRUE(records.empty());
  ASSERT_TRUE(log_->Read(1, 0, &records).ok());
  EXPECT_TRUE(records.empty());
  EXPECT_TRUE(log_->Read(0, 1, &records).IsInvalidArgument());
}

// Reads near the head come from the newest records kept in memory, older ones from RocksDB: both
// answer the same records, whichever side of the boundary a range starts or ends.
TEST_F(EventLogTest, ReadsNearTheHeadAnswerAsReadsAfterAReopen) {
  Fill(log_.get(), 10'000, 500);  // more than the log keeps in memory
  std::map<std::pair<uint64_t, size_t>, std::vector<std::string>> answers;
  const std::vector<std::pair<uint64_t, size_t>> ranges = {
      {1, 10}, {1'500, 200}, {1'800, 1'000}, {9'990, 20}, {10'000, 5}, {10'001, 5}, {1, 10'000}};
  for (int pass = 0; pass < 2; ++pass) {
    for (const auto& [from, max] : ranges) {
      std::vector<v1::LogRecord> records;
      ASSERT_TRUE(log_->Read(from, max, &records).ok());
      std::vector<std::string> bytes;
      for (const v1::LogRecord& r : records) bytes.push_back(r.SerializeAsString());
      if (pass == 0) {
        answers[{from, max}] = bytes;
        ASSERT_EQ(bytes.size(), from > 10'000 ? 0 : std::min<size_t>(max, 10'001 - from));
        if (!records.empty()) {
          EXPECT_EQ(records.front().position(), from);
        }
      } else {
        EXPECT_EQ(bytes, (answers[{from, max}])) << "from " << from << ", max " << max;
      }
    }
    ASSERT_NO_FATAL_FAILURE(Open());  // the second pass reads everything from RocksDB
  }
}

TEST_F(EventLogTest, RecordedAtNeverGoesBack) {
  for (int i = 0; i < 20; ++i) Fill(log_.get(), 2, 2);
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  for (size_t i = 1; i < records.size(); ++i) {
    auto micros = [](const v1::LogRecord& r) {
      return r.recorded_at().seconds() * 1'000'000 + r.recorded_at().nanos() / 1000;
    };
    EXPECT_LE(micros(records[i - 1]), micros(records[i])) << "position " << records[i].position();
  }
}

TEST_F(EventLogTest, StreamReadsFollowVersions) {
  // Positions: 1 A, 2 B, 3 A, 4 A, 5 B.
  Append({MakeEntry("A"), MakeEntry("B")});
  Append({MakeEntry("A")});
  Append({MakeEntry("A"), MakeEntry("B")});

  EXPECT_EQ(log_->StreamVersion("dossier/A"), 3u);
  EXPECT_EQ(log_->StreamVersion("dossier/B"), 2u);
  EXPECT_EQ(log_->StreamVersion("dossier/C"), 0u);
  EXPECT_EQ(log_->StreamVersion("dossier/"), 0u);  // a prefix of a stream is not that stream

  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(log_->ReadStream("dossier/A", 1, 10, &records).ok());
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].position(), 1u);
  EXPECT_EQ(records[1].position(), 3u);
  EXPECT_EQ(records[2].position(), 4u);

  ASSERT_TRUE(log_->ReadStream("dossier/A", 2, 1, &records).ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].position(), 3u);

  ASSERT_TRUE(log_->ReadStream("dossier/B", 2, 10, &records).ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].position(), 5u);

  ASSERT_TRUE(log_->ReadStream("dossier/C", 1, 10, &records).ok());
  EXPECT_TRUE(records.empty());
  EXPECT_TRUE(log_->ReadStream("dossier/A", 0, 10, &records).IsInvalidArgument());
}

TEST_F(EventLogTest, FindEventAnswersPositionOrNotFound) {
  AppendEntry a = MakeEntry("A"), b = MakeEntry("B");
  Append({a, b});
  uint64_t position = 0;
  ASSERT_TRUE(log_->FindEvent(b.event_id, &position).ok());
  EXPECT_EQ(position, 2u);
  EXPECT_TRUE(log_->FindEvent(NewUuid(), &position).IsNotFound());
}

TEST_F(EventLogTest, SameEventIdSameBytesAnswersTheFirstPosition) {
  AppendEntry entry = MakeEntry("A");
  Append({MakeEntry("B"), entry});
  Append({MakeEntry("B")});

  std::vector<AppendResult> again = Append({entry});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_TRUE(again[0].status.ok());
  EXPECT_TRUE(again[0].duplicate);
  EXPECT_EQ(again[0].position, 2u);
  EXPECT_EQ(log_->Head().position, 3u);

  ASSERT_NO_FATAL_FAILURE(Open());
  again = Append({entry});
  EXPECT_TRUE(again[0].duplicate);
  EXPECT_EQ(again[0].position, 2u);
  EXPECT_EQ(log_->Head().position, 3u);
}

TEST_F(EventLogTest, SameEventIdOtherBytesIsInvalidArgument) {
  const std::string id = NewUuid();
  Append({MakeEntry("A", id, 1)});
  std::vector<AppendResult> results = Append({MakeEntry("A", id, 2), MakeEntry("B")});
  EXPECT_TRUE(results[0].status.IsInvalidArgument()) << results[0].status.ToString();
  EXPECT_EQ(results[0].position, 0u);
  EXPECT_TRUE(results[1].status.ok());
  EXPECT_EQ(results[1].position, 2u);

  EXPECT_EQ(log_->Head().position, 2u);
}

// A resubmission in another batch carries another batch proof of the same envelope: a duplicate,
// answered with the first position; the first record's signature stays.
TEST_F(EventLogTest, SameEnvelopeOtherSignatureIsADuplicate) {
  const std::string id = NewUuid();
  const AppendEntry first = MakeEntry("A", id, 1);
  Append({first});
  AppendEntry other_signature = first;
  other_signature.signature[0] ^= 1;
  std::vector<AppendResult> results = Append({other_signature});
  ASSERT_TRUE(results[0].status.ok()) << results[0].status.ToString();
  EXPECT_TRUE(results[0].duplicate);
  EXPECT_EQ(results[0].position, 1u);
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(log_->Read(1, 10, &records).ok());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].signature(), first.signature);
}

TEST_F(EventLogTest, DuplicatesWithinOneBatch) {
  const std::string id = NewUuid();
  AppendEntry entry = MakeEntry("A", id, 1);
  std::vector<AppendResult> results = Append({entry, MakeEntry("B"), entry, MakeEntry("A", id, 2)});
  EXPECT_EQ(results[0].position, 1u);
  EXPECT_FALSE(results[0].duplicate);
  EXPECT_EQ(results[1].position, 2u);
  EXPECT_TRUE(results[2].status.ok());
  EXPECT_TRUE(results[2].duplicate);
  EXPECT_EQ(results[2].position, 1u);
  EXPECT_TRUE(results[3].status.IsInvalidArgument()) << results[3].status.ToString();
  EXPECT_EQ(log_->Head().position, 2u);
  EXPECT_EQ(log_->StreamVersion("dossier/A"), 1u);
}

TEST_F(EventLogTest, ExpectedVersionConflictRefusesOnlyThatEntry) {
  Append({MakeEntry("A")});
  AppendEntry stale = MakeEntry("A");
  stale.expected_version = 0;
  AppendEntry current = MakeEntry("A");
  current.expected_version = 1;
  std::vector<AppendResult> results = Append({stale, MakeEntry("B"), current});
  EXPECT_TRUE(results[0].status.IsConflict()) << results[0].status.ToString();
  EXPECT_EQ(results[0].position, 0u);
  EXPECT_EQ(results[1].position, 2u);
  EXPECT_TRUE(results[2].status.ok()) << results[2].status.ToString();
  EXPECT_EQ(results[2].position, 3u);
  EXPECT_EQ(log_->StreamVersion("dossier/A"), 2u);
  uint64_t position = 0;
  EXPECT_TRUE(log_->FindEvent(stale.event_id, &position).IsNotFound());
}

TEST_F(EventLogTest, ExpectedVersionCountsEarlierEntriesOfTheBatch) {
  AppendEntry first = MakeEntry("A"), second = MakeEntry("A"), late = MakeEntry("A");
  first.expected_version = 0;
  second.expected_version = 1;
  late.expected_version = 1;
  std::vector<AppendResult> results = Append({first, second, late});
  EXPECT_TRUE(results[0].status.ok());
  EXPECT_TRUE(results[1].status.ok());
  EXPECT_TRUE(results[2].status.IsConflict());
}

TEST_F(EventLogTest, StreamVersionsSurviveReopen) {
  Append({MakeEntry("A"), MakeEntry("A")});
  ASSERT_NO_FATAL_FAILURE(Open());
  AppendEntry stale = MakeEntry("A");
  stale.expected_version = 1;
  AppendEntry current = MakeEntry("A");
  current.expected_version = 2;
  std::vector<AppendResult> results = Append({stale, current});
  EXPECT_TRUE(results[0].status.IsConflict());
  EXPECT_TRUE(results[1].status.ok());
  EXPECT_EQ(log_->StreamVersion("dossier/A"), 3u);
}

TEST_F(EventLogTest, RetryOfASuccessfulAppendIsDuplicateDespiteExpectedVersion) {
  AppendEntry entry = MakeEntry("A");
  entry.expected_version = 0;
  Append({entry});
  std::vector<AppendResult> retry = Append({entry});  // the stream is at version 1 now
  EXPECT_TRUE(retry[0].status.ok()) << retry[0].status.ToString();
  EXPECT_TRUE(retry[0].duplicate);
  EXPECT_EQ(retry[0].position, 1u);
}

TEST_F(EventLogTest, MalformedEntriesAreRefusedAlone) {
  AppendEntry garbage = MakeEntry("A");
  garbage.envelope = "\xff\xff\xff not an envelope";
  AppendEntry wrong_id = MakeEntry("A");
  wrong_id.event_id = NewUuid();
  AppendEntry wrong_stream = MakeEntry("A");
  wrong_stream.stream = "dossier/B";
  std::vector<AppendResult> results = Append({garbage, wrong_id, MakeEntry("C"), wrong_stream});
  EXPECT_TRUE(results[0].status.IsInvalidArgument());
  EXPECT_TRUE(results[1].status.IsInvalidArgument());
  EXPECT_EQ(results[2].position, 1u);
  EXPECT_TRUE(results[3].status.IsInvalidArgument());
  EXPECT_EQ(log_->Head().position, 1u);
}

TEST_F(EventLogTest, FromSignedRefusesBytesThatAreNoEnvelope) {
  AppendEntry entry;
  EXPECT_TRUE(AppendEntry::FromSigned("\xff\xff\xff\xff", "sig", &entry).IsCorruption());
  AppendEntry good = MakeEntry("V7");
  EXPECT_EQ(good.stream, "dossier/V7");
  EXPECT_TRUE(IsCanonicalUuid(good.event_id));
}

TEST_F(EventLogTest, ReopenKeepsTheHeadAndChainsOn) {
  Fill(log_.get(), 7, 3);
  const LogHead before = log_->Head();
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(log_->Head().position, before.position);
  EXPECT_EQ(log_->Head().hash, before.hash);

  Append({MakeEntry("A")});
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  ASSERT_EQ(records.size(), 8u);
  EXPECT_EQ(records[7].hash(), RecordHash(before.hash, records[7]));
  EXPECT_TRUE(log_->Verify(1, 0).ok());
}

TEST_F(EventLogTest, ConcurrentAppendersGetDistinctGapFreePositions) {
  constexpr int kThreads = 8;
  constexpr int kAppendsPerThread = 40;
  std::vector<std::vector<uint64_t>> positions(kThreads);
  std::atomic<bool> writers_done{false};
  std::atomic<int> reader_failures{0};

  // A reader alongside: whatever the head says must be readable, gap-free, right then.
  std::thread reader([&] {
    while (!writers_done.load()) {
      const LogHead head = log_->Head();
      std::vector<v1::LogRecord> records;
      if (!log_->Read(1, head.position, &records).ok() || records.size() != head.position ||
          (head.position > 0 && records.back().hash() != head.hash)) {
        ++reader_failures;
      }
    }
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        std::vector<AppendEntry> batch;
        for (int j = 0; j <= (t + i) % 4; ++j) batch.push_back(MakeEntry("T" + std::to_string(t)));
        std::vector<AppendResult> results;
        Status s = log_->Append(std::move(batch), &results);
        EXPECT_TRUE(s.ok()) << s.ToString();
        for (const AppendResult& r : results) positions[t].push_back(r.position);
      }
    });
  }
  for (std::thread& t : threads) t.join();
  writers_done = true;
  reader.join();

  std::set<uint64_t> all;
  size_t count = 0;
  for (const auto& mine : positions) {
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));  // one thread's appends keep their order
    all.insert(mine.begin(), mine.end());
    count += mine.size();
  }
  EXPECT_EQ(all.size(), count) << "a position was handed out twice";
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), count) << "positions have a gap";
  EXPECT_EQ(log_->Head().position, count);
  EXPECT_EQ(reader_failures.load(), 0);
  Status verified = log_->Verify(1, 0);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(log_->StreamVersion("dossier/T" + std::to_string(t)), positions[t].size());
  }
}

}  // namespace
}  // namespace regiotafel::eventstore
