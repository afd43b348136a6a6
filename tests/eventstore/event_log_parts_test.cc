// The parts beside the records (docs/LOG_FORMAT.md, "Parts beside the records"): written with the
// record or not at all, outside the chain, read back by range, and erased so that their bytes are in
// no file of the log any more; the erasure cursor; a log of format 2 gaining the family.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "eventstore/event_log.h"
#include "tests/eventstore/event_log_fixture.h"
#include "tests/support/files_holding.h"

namespace regiotafel::eventstore::testing {
namespace {

using ::regiotafel::testing::FilesHolding;
using ::regiotafel::testing::FilesHoldingAny;

// 24 random letters and digits: a string no file holds by chance, and one no compressor shortens.
std::string Marker(std::mt19937_64* random) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string marker;
  for (int i = 0; i < 24; ++i) marker.push_back(kAlphabet[(*random)() % (sizeof(kAlphabet) - 1)]);
  return marker;
}

AppendEntry WithParts(AppendEntry entry, std::vector<Part> parts) {
  entry.parts = std::move(parts);
  return entry;
}

std::string Serialized(const std::vector<v1::LogRecord>& records) {
  std::string all;
  for (const v1::LogRecord& r : records) all += r.SerializeAsString();
  return all;
}

// PositionParts compared field by field, printed as "position:tag=bytes …" when they differ.
std::string Describe(const std::vector<PositionParts>& all) {
  std::string out;
  for (const PositionParts& p : all) {
    for (const Part& part : p.parts) {
      out += std::to_string(p.position) + ":" + std::to_string(part.tag) + "=" + part.bytes + " ";
    }
  }
  return out;
}

class EventLogPartsTest : public EventLogTest {
 protected:
  std::vector<PositionParts> Parts(const EventLog& log, uint64_t from = 1, uint64_t to = UINT64_MAX) {
    std::vector<PositionParts> parts;
    Status s = log.ReadParts(from, to, &parts);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return parts;
  }
};

TEST_F(EventLogPartsTest, AppendWritesPartsBesideTheRecord) {
  auto results = Append({WithParts(MakeEntry("V1"), {{1, "een"}, {3, "drie"}}), MakeEntry("V2"),
                         WithParts(MakeEntry("V3"), {{2, "twee"}})});
  for (const AppendResult& r : results) ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  const std::string expected = "1:1=een 1:3=drie 3:2=twee ";
  EXPECT_EQ(Describe(Parts(*log_)), expected);
  EXPECT_EQ(Describe(Parts(*log_, 2, 3)), "3:2=twee ");
  EXPECT_EQ(Describe(Parts(*log_, 2, 2)), "");
  EXPECT_EQ(Describe(Parts(*log_, 3, 1)), "") << "an empty range";
  Open();
  EXPECT_EQ(Describe(Parts(*log_)), expected);
}

TEST_F(EventLogPartsTest, ADuplicateWritesNoParts) {
  AppendEntry entry = MakeEntry("V1");
  ASSERT_TRUE(Append({WithParts(entry, {{1, "eerste"}})})[0].status.ok());
  ASSERT_TRUE(log_->EraseParts({1}).ok());
  // Resubmitted with its parts (sealed again), also within one batch: the erased part stays erased.
  auto results = Append({WithParts(entry, {{1, "opnieuw"}}), WithParts(entry, {{2, "nogmaals"}})});
  for (const AppendResult& r : results) {
    EXPECT_TRUE(r.status.ok() && r.duplicate && r.position == 1) << r.status.ToString();
  }
  AppendEntry fresh = MakeEntry("V2");
  results = Append({WithParts(fresh, {{1, "nieuw"}}), WithParts(fresh, {{1, "dubbel"}})});
  EXPECT_EQ(results[0].position, 2u);
  EXPECT_TRUE(results[1].duplicate) << "a duplicate earlier in the same group";
  EXPECT_EQ(Describe(Parts(*log_)), "2:1=nieuw ");
}

TEST_F(EventLogPartsTest, ATagTwiceIsRefused) {
  auto results = Append({WithParts(MakeEntry("V1"), {{1, "a"}, {1, "b"}}), MakeEntry("V2")});
  EXPECT_TRUE(results[0].status.IsInvalidArgument());
  EXPECT_EQ(results[1].position, 1u);
  EXPECT_EQ(Describe(Parts(*log_)), "");
}

TEST_F(EventLogPartsTest, AppendReplicatedWritesTheGivenParts) {
  Fill(log_.get(), 5, 5);
  const std::vector<v1::LogRecord> records = ReadAll(*log_);
  std::unique_ptr<EventLog> replica;
  ASSERT_TRUE(EventLog::Open(Path("replica"), EventLogOptions(), &replica).ok());
  const std::vector<v1::LogRecord> first(records.begin(), records.begin() + 3);
  const std::vector<v1::LogRecord> rest(records.begin() + 3, records.end());
  ASSERT_TRUE(replica->AppendReplicated(first, {{1, {{1, "p1"}}}, {3, {{2, "p3b"}, {3, "p3c"}}}}).ok());
  ASSERT_TRUE(replica->AppendReplicated(rest, {{5, {{1, "p5"}}}}).ok());
  EXPECT_EQ(Describe(Parts(*replica)), "1:1=p1 3:2=p3b 3:3=p3c 5:1=p5 ");
  EXPECT_EQ(Serialized(ReadAll(*replica)), Serialized(records));
}

TEST_F(EventLogPartsTest, AppendReplicatedRefusesAPartOutsideTheCall) {
  Fill(log_.get(), 4, 4);
  const std::vector<v1::LogRecord> records = ReadAll(*log_);
  std::unique_ptr<EventLog> replica;
  ASSERT_TRUE(EventLog::Open(Path("replica"), EventLogOptions(), &replica).ok());
  const std::vector<v1::LogRecord> two(records.begin(), records.begin() + 2);
  EXPECT_TRUE(replica->AppendReplicated(two, {{1, {{1, "ok"}}}, {3, {{1, "later"}}}}).IsInvalidArgument());
  EXPECT_TRUE(replica->AppendReplicated(two, {{1, {{1, "a"}}}, {1, {{1, "b"}}}}).IsInvalidArgument())
      << "a tag twice for one position";
  EXPECT_EQ(replica->Head().position, 0u) << "nothing of the call is written";
  EXPECT_EQ(Describe(Parts(*replica)), "");
  ASSERT_TRUE(replica->AppendReplicated(two).ok());
  EXPECT_TRUE(replica->AppendReplicated({records[2]}, {{2, {{1, "past"}}}}).IsInvalidArgument())
      << "a position already in the log is outside the call too";
  EXPECT_EQ(replica->Head().position, 2u);
  EXPECT_EQ(Describe(Parts(*replica)), "");
}

// Parts are outside the chain: the log with parts, a replica without them and one with other parts
// hold byte-identical records with the same hashes (AppendReplicated recomputes every hash).
TEST_F(EventLogPartsTest, TheRecordsAndTheChainDoNotDependOnTheParts) {
  std::vector<AppendEntry> batch;
  for (int i = 0; i < 10; ++i) {
    AppendEntry entry = MakeEntry("V" + std::to_string(i % 3));
    if (i % 2 == 0) entry.parts = {{1, "persoon " + std::to_string(i)}, {2, "adres " + std::to_string(i)}};
    batch.push_back(std::move(entry));
  }
  for (const AppendResult& r : Append(batch)) ASSERT_TRUE(r.status.ok());
  const std::vector<v1::LogRecord> records = ReadAll(*log_);

  std::unique_ptr<EventLog> without, other;
  ASSERT_TRUE(EventLog::Open(Path("without"), EventLogOptions(), &without).ok());
  ASSERT_TRUE(EventLog::Open(Path("other"), EventLogOptions(), &other).ok());
  ASSERT_TRUE(without->AppendReplicated(records).ok());
  ASSERT_TRUE(other->AppendReplicated(records, {{2, {{3, "anders"}}}}).ok());
  for (EventLog* log : {without.get(), other.get()}) {
    EXPECT_EQ(Serialized(ReadAll(*log)), Serialized(records));
    EXPECT_EQ(log->Head().hash, log_->Head().hash);
    EXPECT_TRUE(log->Verify(0, 0).ok());
  }
  EXPECT_EQ(Parts(*log_).size(), 5u);
  EXPECT_EQ(Parts(*without).size(), 0u);
  EXPECT_EQ(Describe(Parts(*other)), "2:3=anders ");
  // Erasing leaves the records and the chain as they were.
  ASSERT_TRUE(log_->EraseParts({1, 3, 5, 7, 9}).ok());
  EXPECT_EQ(Serialized(ReadAll(*log_)), Serialized(records));
  EXPECT_TRUE(log_->Verify(0, 0).ok());
  EXPECT_EQ(Parts(*log_).size(), 0u);
}

TEST_F(EventLogPartsTest, ErasingPositionsWithoutPartsIsANoOp) {
  Fill(log_.get(), 3, 3);
  EXPECT_TRUE(log_->EraseParts({}).ok());
  EXPECT_TRUE(log_->EraseParts({2, 2, 999}).ok());
  EXPECT_EQ(log_->Head().position, 3u);
}

// The hard way: parts with markers in the write-ahead log, in flushed and in compacted table files;
// after EraseParts no file under the log's directory holds an erased marker, and the others are
// still read back. Also after a reopen.
TEST_F(EventLogPartsTest, ErasedPartsLeaveEveryFile) {
  std::mt19937_64 random(20260105);
  std::map<uint64_t, std::vector<std::string>> markers;  // position → its parts' markers
  constexpr int kRounds = 6, kPerRound = 40;
  for (int round = 0; round < kRounds; ++round) {
    std::vector<AppendEntry> batch;
    for (int i = 0; i < kPerRound; ++i) {
      AppendEntry entry = MakeEntry("V" + std::to_string(i % 7));
      const std::string a = Marker(&random), b = Marker(&random);
      entry.parts = {{1, "klasse 1 " + a + std::string(200, '.')}, {2, "klasse 2 " + b}};
      markers[round * kPerRound + i + 1] = {a, b};
      batch.push_back(std::move(entry));
    }
    for (const AppendResult& r : Append(std::move(batch))) ASSERT_TRUE(r.status.ok());
    // Reopening flushes the write-ahead log into a table file; from four of them on, RocksDB
    // compacts them. The last round stays in the write-ahead log.
    if (round + 1 < kRounds) {
      ASSERT_NO_FATAL_FAILURE(Open());
    }
  }
  std::vector<std::string> erased_markers, kept_markers;
  std::vector<uint64_t> erased;
  for (const auto& [position, its] : markers) {
    const bool erase = position % 3 != 0;
    if (erase) erased.push_back(position);
    for (const std::string& m : its) (erase ? erased_markers : kept_markers).push_back(m);
  }
  ASSERT_EQ(FilesHoldingAny(Path(), erased_markers).size(), erased_markers.size())
      << "every marker is in some file before the erasure";

  ASSERT_TRUE(log_->EraseParts(erased).ok());
  auto check = [&] {
    std::vector<std::string> left = FilesHoldingAny(Path(), erased_markers);
    EXPECT_TRUE(left.empty()) << left.size() << " erased markers left, the first in " << left.front();
    std::string kept;
    for (const PositionParts& p : Parts(*log_)) {
      EXPECT_EQ(p.position % 3, 0u) << p.position;
      for (const Part& part : p.parts) kept += part.bytes;
    }
    for (const std::string& m : kept_markers) EXPECT_NE(kept.find(m), std::string::npos) << m;
    EXPECT_EQ(log_->Head().position, uint64_t{kRounds * kPerRound});
    EXPECT_TRUE(log_->Verify(0, 0).ok());
  };
  check();
  ASSERT_NO_FATAL_FAILURE(Open());
  check();
}

TEST_F(EventLogPartsTest, TheErasureCursorIsKeptAndABackupHasItsOwn) {
  EXPECT_EQ(log_->ErasureCursor(), 0u);
  for (const AppendResult& r :
       Append({WithParts(MakeEntry("V1"), {{1, "een"}}), WithParts(MakeEntry("V2"), {{1, "twee"}})})) {
    ASSERT_TRUE(r.status.ok());
  }
  ASSERT_TRUE(log_->SetErasureCursor(1).ok());
  ASSERT_TRUE(log_->Backup(Path("backup")).ok());
  ASSERT_TRUE(log_->EraseParts({1, 2}).ok());
  ASSERT_TRUE(log_->SetErasureCursor(2).ok());
  EXPECT_TRUE(FilesHolding(Path(), "twee").empty());
  Open();
  EXPECT_EQ(log_->ErasureCursor(), 2u);
  EXPECT_EQ(Describe(Parts(*log_)), "");

  // Restored from the backup: the parts erased since are back, and so is the old cursor, from which
  // the erasing service looks at the records again.
  std::unique_ptr<EventLog> restored;
  ASSERT_TRUE(EventLog::Open(Path("backup"), EventLogOptions(), &restored).ok());
  EXPECT_EQ(restored->ErasureCursor(), 1u);
  EXPECT_EQ(Describe(Parts(*restored)), "1:1=een 2:1=twee ");
  ASSERT_TRUE(restored->EraseParts({1, 2}).ok());
  ASSERT_TRUE(restored->SetErasureCursor(2).ok());
  restored.reset();
  EXPECT_TRUE(FilesHolding(Path("backup"), "twee").empty());
}

// A log of format 2: the current one without the parts family (made here by dropping it).
class EventLogFormatTest : public EventLogPartsTest {
 protected:
  void MakeWithoutParts(const std::string& format) {
    Fill(log_.get(), 6, 3);
    records_ = ReadAll(*log_);
    log_.reset();
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
    raw.Put("default", "format", format);
    ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
    raw.DropFamily("parts");
    ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
  }
  std::vector<v1::LogRecord> records_;
};

TEST_F(EventLogFormatTest, ALogOfFormatTwoGainsTheParts) {
  ASSERT_NO_FATAL_FAILURE(MakeWithoutParts("regiotafel-eventlog-2"));
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(Serialized(ReadAll(*log_)), Serialized(records_));
  EXPECT_EQ(Describe(Parts(*log_)), "");
  ASSERT_TRUE(Append({WithParts(MakeEntry("V9"), {{1, "nieuw"}})})[0].status.ok());
  EXPECT_EQ(Describe(Parts(*log_)), "7:1=nieuw ");
  log_.reset();
  {
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok());
    EXPECT_EQ(raw.Get("default", "format"), "regiotafel-eventlog-3");
  }
  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(Describe(Parts(*log_)), "7:1=nieuw ");
}

TEST_F(EventLogFormatTest, ALogOfFormatThreeWithoutPartsIsCorrupt) {
  ASSERT_NO_FATAL_FAILURE(MakeWithoutParts("regiotafel-eventlog-3"));
  std::unique_ptr<EventLog> log;
  Status s = EventLog::Open(Path(), EventLogOptions(), &log);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

}  // namespace
}  // namespace regiotafel::eventstore::testing
