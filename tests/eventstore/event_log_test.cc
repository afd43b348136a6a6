#include "eventstore/event_log.h"

#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "base/bytes.h"
#include "base/sha256.h"
#include "base/uuid.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/support/log_entry.h"

namespace regiotafel::eventstore {
namespace {

using testing::MakeEntry;
using testing::TempDir;

std::string Key(uint64_t position) {
  std::string key;
  PutBigEndian64(&key, position);
  return key;
}

// The log's RocksDB opened directly, with every column family (names from docs/LOG_FORMAT.md), to
// damage what is stored the way a disk or a bug would.
class RawDb {
 public:
  explicit RawDb(const std::string& dir) {
    rocksdb::DBOptions options;
    std::vector<std::string> names;
    status_ = rocksdb::DB::ListColumnFamilies(options, dir, &names);
    if (!status_.ok()) return;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    status_ = rocksdb::DB::Open(options, dir, families, &handles, &raw);
    if (!status_.ok()) return;
    db_.reset(raw);
    for (size_t i = 0; i < names.size(); ++i) handles_[names[i]] = handles[i];
  }
  ~RawDb() {
    for (auto& [name, handle] : handles_) db_->DestroyColumnFamilyHandle(handle);
  }

  const rocksdb::Status& status() const { return status_; }
  rocksdb::ColumnFamilyHandle* family(const std::string& name) { return handles_.at(name); }
  std::string Get(const std::string& family_name, const std::string& key) {
    std::string value;
    status_ = db_->Get(rocksdb::ReadOptions(), family(family_name), key, &value);
    return value;
  }
  void Put(const std::string& family_name, const std::string& key, const std::string& value) {
    status_ = db_->Put(rocksdb::WriteOptions(), family(family_name), key, value);
  }
  void Delete(const std::string& family_name, const std::string& key) {
    status_ = db_->Delete(rocksdb::WriteOptions(), family(family_name), key);
  }

 private:
  rocksdb::Status status_;
  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> handles_;
};

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty()) << "mkdtemp failed";
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  std::string Path(const std::string& name = "log") const { return dir_.Sub(name); }

  void Open(const std::string& name = "log") {
    log_.reset();
    Status s = EventLog::Open(Path(name), EventLogOptions(), &log_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Appends `batch` to `log` (default: log_); the call itself must succeed.
  std::vector<AppendResult> Append(std::vector<AppendEntry> batch, EventLog* log = nullptr) {
    std::vector<AppendResult> results;
    Status s = (log != nullptr ? log : log_.get())->Append(std::move(batch), &results);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return results;
  }

  // Appends `n` events in batches of `batch_size` (streams dossier/V0..V2).
  void Fill(EventLog* log, int n, int batch_size) {
    for (int done = 0; done < n;) {
      std::vector<AppendEntry> batch;
      for (int i = 0; i < batch_size && done < n; ++i, ++done)
        batch.push_back(MakeEntry("V" + std::to_string(done % 3)));
      for (const AppendResult& r : Append(std::move(batch), log))
        EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    }
  }

  static std::vector<v1::LogRecord> ReadAll(const EventLog& log) {
    std::vector<v1::LogRecord> records;
    Status s = log.Read(1, 1'000'000, &records);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return records;
  }

  // Damages the stored value of record `position` with `damage`, with the log closed meanwhile.
  template <typename Damage>
  void DamageRecord(uint64_t position, Damage damage) {
    log_.reset();
    {
      RawDb raw(Path());
      ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
      std::string value = raw.Get("records", Key(position));
      ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
      damage(&value);
      raw.Put("records", Key(position), value);
      ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
    }
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

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

// The documented layout (docs/LOG_FORMAT.md), spelled out byte by byte, independently of RecordHash.
TEST_F(EventLogTest, HashFollowsTheDocumentedLayout) {
  Fill(log_.get(), 3, 2);
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  ASSERT_EQ(records.size(), 3u);
  std::string previous(32, '\0');
  for (const v1::LogRecord& r : records) {
    std::string input = previous;
    PutBigEndian64(&input, r.position());
    PutBigEndian64(&input, static_cast<uint64_t>(r.recorded_at().seconds()));
    PutBigEndian32(&input, static_cast<uint32_t>(r.recorded_at().nanos()));
    PutBigEndian32(&input, static_cast<uint32_t>(r.envelope().size()));
    input += r.envelope();
    PutBigEndian32(&input, static_cast<uint32_t>(r.signature().size()));
    input += r.signature();
    EXPECT_EQ(ToHex(r.hash()), ToHex(Sha256Of(input))) << "position " << r.position();
    EXPECT_EQ(ToHex(r.hash()), ToHex(RecordHash(previous, r)));
    previous = r.hash();
  }
}

// The test vectors printed in docs/LOG_FORMAT.md, for anyone writing another verifier.
TEST_F(EventLogTest, RecordHashMatchesTheDocumentedVectors) {
  v1::LogRecord first;
  first.set_position(1);
  first.mutable_recorded_at()->set_seconds(1'700'000'000);
  first.mutable_recorded_at()->set_nanos(123'456'000);
  first.set_envelope("envelope");
  first.set_signature("signature");
  const std::string first_hash = RecordHash(std::string(32, '\0'), first);
  EXPECT_EQ(ToHex(first_hash), "0ef5d59a524f59b84cd2116643118e9194366ae8f8e94e1bb3e7f39bf965cdd5");

  v1::LogRecord second;
  second.set_position(2);
  second.mutable_recorded_at()->set_seconds(-1);
  second.mutable_recorded_at()->set_nanos(999'999'000);
  second.set_signature("s");
  EXPECT_EQ(ToHex(RecordHash(first_hash, second)),
            "882d53ef529e82c0ad1287e1fd1ab2085e872d3ad1483e9420d6a82041385886");
}

TEST_F(EventLogTest, RecordHashCoversEveryField) {
  v1::LogRecord record;
  record.set_position(7);
  record.mutable_recorded_at()->set_seconds(-5);  // before 1970: two's complement, still defined
  record.mutable_recorded_at()->set_nanos(123'000);
  record.set_envelope("env");
  record.set_signature("sig");
  const std::string previous(32, 'p');
  const std::string hash = RecordHash(previous, record);
  std::vector<v1::LogRecord> changed(6, record);
  changed[0].set_position(8);
  changed[1].mutable_recorded_at()->set_seconds(-4);
  changed[2].mutable_recorded_at()->set_nanos(124'000);
  changed[3].set_envelope("envX");
  changed[4].set_signature("sigX");
  changed[5].set_envelope("envs");  // moving a byte from signature to envelope changes the lengths
  changed[5].set_signature("ig");
  for (const v1::LogRecord& c : changed) EXPECT_NE(RecordHash(previous, c), hash) << c.ShortDebugString();
  EXPECT_NE(RecordHash(std::string(32, 'q'), record), hash);
  record.set_hash("ignored");
  EXPECT_EQ(RecordHash(previous, record), hash);
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

// --- AppendReplicated ----------------------------------------------------------------------------

TEST_F(EventLogTest, ReplicaOfAllRecordsIsByteIdentical) {
  Fill(log_.get(), 23, 4);
  std::unique_ptr<EventLog> replica;
  ASSERT_TRUE(EventLog::Open(Path("replica"), EventLogOptions(), &replica).ok());

  std::vector<v1::LogRecord> chunk;
  for (uint64_t from = 1; from <= log_->Head().position; from += chunk.size()) {
    ASSERT_TRUE(log_->Read(from, 7, &chunk).ok());
    Status s = replica->AppendReplicated(chunk);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  std::vector<v1::LogRecord> original = ReadAll(*log_), copy = ReadAll(*replica);
  ASSERT_EQ(original.size(), copy.size());
  for (size_t i = 0; i < original.size(); ++i) {
    EXPECT_EQ(original[i].SerializeAsString(), copy[i].SerializeAsString()) << "position " << i + 1;
  }
  EXPECT_EQ(replica->Head().position, log_->Head().position);
  EXPECT_EQ(replica->Head().hash, log_->Head().hash);
  for (const char* stream : {"dossier/V0", "dossier/V1", "dossier/V2"}) {
    EXPECT_EQ(replica->StreamVersion(stream), log_->StreamVersion(stream));
  }
  uint64_t position = 0;
  v1::Envelope envelope;
  ASSERT_TRUE(envelope.ParseFromString(original[10].envelope()));
  ASSERT_TRUE(replica->FindEvent(envelope.event_id(), &position).ok());
  EXPECT_EQ(position, 11u);
  EXPECT_TRUE(replica->Verify(1, 0).ok());
}

TEST_F(EventLogTest, ReplicaRefusesAGap) {
  Fill(log_.get(), 5, 5);
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(log_->Read(2, 3, &records).ok());
  std::unique_ptr<EventLog> replica;
  ASSERT_TRUE(EventLog::Open(Path("replica"), EventLogOptions(), &replica).ok());
  Status s = replica->AppendReplicated(records);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position 2"), std::string::npos) << s.ToString();
  EXPECT_EQ(replica->Head().position, 0u);

  ASSERT_TRUE(log_->Read(1, 5, &records).ok());
  records.erase(records.begin() + 2);  // 1, 2, 4, 5
  s = replica->AppendReplicated(records);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position 4"), std::string::npos) << s.ToString();
  EXPECT_EQ(replica->Head().position, 0u);
}

TEST_F(EventLogTest, ReplicaRefusesARecordChainedToAnotherPredecessor) {
  Fill(log_.get(), 3, 3);
  std::unique_ptr<EventLog> other;
  ASSERT_TRUE(EventLog::Open(Path("other"), EventLogOptions(), &other).ok());
  Fill(other.get(), 3, 3);
  std::vector<v1::LogRecord> ours, theirs;
  ASSERT_TRUE(log_->Read(1, 2, &ours).ok());
  ASSERT_TRUE(other->Read(3, 1, &theirs).ok());  // position 3, but after the other log's position 2

  std::unique_ptr<EventLog> replica;
  ASSERT_TRUE(EventLog::Open(Path("replica"), EventLogOptions(), &replica).ok());
  ASSERT_TRUE(replica->AppendReplicated(ours).ok());
  Status s = replica->AppendReplicated(theirs);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position 3"), std::string::npos) << s.ToString();
  EXPECT_EQ(replica->Head().position, 2u);
  EXPECT_EQ(replica->Head().hash, ours[1].hash());
}

TEST_F(EventLogTest, ReplicaRefusesAWrongHashAndWritesNothingOfTheCall) {
  Fill(log_.get(), 5, 5);
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  std::unique_ptr<EventLog> replica;
  ASSERT_TRUE(EventLog::Open(Path("replica"), EventLogOptions(), &replica).ok());

  std::vector<v1::LogRecord> bad_hash = records;
  (*bad_hash[3].mutable_hash())[5] ^= 0x01;
  Status s = replica->AppendReplicated(bad_hash);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position 4"), std::string::npos) << s.ToString();

  std::vector<v1::LogRecord> altered = records;
  altered[2].mutable_envelope()->back() ^= 0x01;  // the hash no longer covers these bytes
  s = replica->AppendReplicated(altered);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position 3"), std::string::npos) << s.ToString();

  EXPECT_EQ(replica->Head().position, 0u);
  EXPECT_TRUE(ReadAll(*replica).empty());
  uint64_t position = 0;
  v1::Envelope first;
  ASSERT_TRUE(first.ParseFromString(records[0].envelope()));
  EXPECT_TRUE(replica->FindEvent(first.event_id(), &position).IsNotFound());
  EXPECT_EQ(replica->StreamVersion(first.stream()), 0u);
  ASSERT_TRUE(replica->AppendReplicated(records).ok());  // the honest copy still goes in
}

// --- Damage to what is stored ---------------------------------------------------------------------

TEST_F(EventLogTest, VerifyNamesTheRecordWithAFlippedByte) {
  Fill(log_.get(), 10, 3);
  ASSERT_TRUE(log_->Verify(1, 0).ok());
  std::string stored;
  log_.reset();
  {
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
    stored = raw.Get("records", Key(6));
  }
  ASSERT_NO_FATAL_FAILURE(Open());
  // First byte (a tag), one in the middle, the last (in the hash); each found at position 6.
  for (size_t offset : {size_t{0}, stored.size() / 2, stored.size() - 1}) {
    ASSERT_NO_FATAL_FAILURE(DamageRecord(6, [&](std::string* value) {
      *value = stored;
      (*value)[offset] ^= 0x10;
    }));
    uint64_t bad = 0;
    Status s = log_->Verify(1, 0, &bad);
    EXPECT_TRUE(s.IsCorruption()) << "offset " << offset << ": " << s.ToString();
    EXPECT_EQ(bad, 6u) << "offset " << offset << ": " << s.ToString();
    EXPECT_NE(s.message().find("position 6"), std::string::npos) << s.ToString();
  }
}

TEST_F(EventLogTest, VerifyFromTheMiddleChainsFromThePredecessor) {
  Fill(log_.get(), 10, 10);
  EXPECT_TRUE(log_->Verify(5, 8).ok());
  EXPECT_TRUE(log_->Verify(10, 10).ok());
  EXPECT_TRUE(log_->Verify(4, 0).ok());
  EXPECT_TRUE(log_->Verify(3, 11).IsInvalidArgument());

  ASSERT_NO_FATAL_FAILURE(DamageRecord(3, [](std::string* value) { value->back() ^= 1; }));
  EXPECT_TRUE(log_->Verify(5, 0).ok());  // does not look before position 4
  uint64_t bad = 0;
  EXPECT_TRUE(log_->Verify(4, 0, &bad).IsCorruption());  // 3's stored hash is what 4 chains from
  EXPECT_EQ(bad, 4u);
  EXPECT_TRUE(log_->Verify(2, 0, &bad).IsCorruption());
  EXPECT_EQ(bad, 3u);
}

TEST_F(EventLogTest, VerifyNamesARecordThatDoesNotParse) {
  Fill(log_.get(), 6, 2);
  ASSERT_NO_FATAL_FAILURE(
      DamageRecord(4, [](std::string* value) { *value = std::string("\xff\xff\xff\xff\xff", 5); }));
  uint64_t bad = 0;
  Status s = log_->Verify(1, 0, &bad);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(bad, 4u);

  std::vector<v1::LogRecord> records;
  EXPECT_TRUE(log_->Read(1, 10, &records).IsCorruption());
  EXPECT_TRUE(records.empty());
  ASSERT_TRUE(log_->Read(1, 3, &records).ok());  // the intact prefix stays readable
  EXPECT_EQ(records.size(), 3u);
  EXPECT_TRUE(log_->ReadStream("dossier/V0", 1, 10, &records).IsCorruption());  // V0: positions 1, 4
}

TEST_F(EventLogTest, VerifyAndReadNameAMissingPosition) {
  Fill(log_.get(), 6, 6);
  log_.reset();
  {
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok());
    raw.Delete("records", Key(3));
    ASSERT_TRUE(raw.status().ok());
  }
  ASSERT_NO_FATAL_FAILURE(Open());
  uint64_t bad = 0;
  Status s = log_->Verify(1, 0, &bad);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_EQ(bad, 3u);
  std::vector<v1::LogRecord> records;
  s = log_->Read(2, 10, &records);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("position 3"), std::string::npos) << s.ToString();
}

TEST_F(EventLogTest, OpenRefusesAHeadThatIsNotTheLastRecord) {
  Fill(log_.get(), 4, 4);
  log_.reset();
  {
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok());
    raw.Delete("records", Key(4));
    ASSERT_TRUE(raw.status().ok());
  }
  std::unique_ptr<EventLog> log;
  Status s = EventLog::Open(Path(), EventLogOptions(), &log);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

TEST_F(EventLogTest, OpenRefusesADamagedLastRecord) {
  Fill(log_.get(), 4, 4);
  log_.reset();
  {
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok());
    std::string value = raw.Get("records", Key(4));
    value[value.size() / 2] ^= 0x01;
    raw.Put("records", Key(4), value);
    ASSERT_TRUE(raw.status().ok());
  }
  std::unique_ptr<EventLog> log;
  Status s = EventLog::Open(Path(), EventLogOptions(), &log);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

TEST_F(EventLogTest, OpenRefusesAnotherRocksDbDatabase) {
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, Path("plain"), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "e", "an outbox entry").ok());
  }
  std::unique_ptr<EventLog> log;
  EXPECT_TRUE(EventLog::Open(Path("plain"), EventLogOptions(), &log).IsInvalidArgument());
  EventLogOptions no_create;
  no_create.create_if_missing = false;
  EXPECT_FALSE(EventLog::Open(Path("absent"), no_create, &log).ok());
}

TEST_F(EventLogTest, OpenRefusesALogOfFormatOne) {
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "records", "streams", "event_ids"})
      families.emplace_back(name, options);
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, Path("old"), families, &handles, &raw).ok());
    for (rocksdb::ColumnFamilyHandle* handle : handles) raw->DestroyColumnFamilyHandle(handle);
    delete raw;
  }
  std::unique_ptr<EventLog> log;
  Status s = EventLog::Open(Path("old"), EventLogOptions(), &log);
  EXPECT_TRUE(s.IsInvalidArgument());
  EXPECT_NE(s.message().find("earlier format"), std::string::npos) << s.message();
}

// The indexes are derived from the records (docs/LOG_FORMAT.md): whatever part of them a crash
// lost, or all of them, is indexed again at open, and every lookup answers as before.
class EventLogIndexTest : public EventLogTest {
 protected:
  // 30 events on dossier/V0..V2, then the answers of every lookup.
  void SetUp() override {
    EventLogTest::SetUp();
    Fill(log_.get(), 30, 7);
    records_ = ReadAll(*log_);
    ASSERT_EQ(records_.size(), 30u);
  }

  void ExpectEveryLookupAnswers() {
    std::map<std::string, std::vector<uint64_t>> streams;
    for (const v1::LogRecord& record : records_) {
      v1::Envelope envelope;
      ASSERT_TRUE(envelope.ParseFromString(record.envelope()));
      uint64_t position = 0;
      Status s = log_->FindEvent(envelope.event_id(), &position);
      ASSERT_TRUE(s.ok()) << s.ToString();
      EXPECT_EQ(position, record.position());
      streams[envelope.stream()].push_back(record.position());
    }
    ASSERT_EQ(streams.size(), 3u);
    for (const auto& [stream, positions] : streams) {
      EXPECT_EQ(log_->StreamVersion(stream), positions.size()) << stream;
      std::vector<v1::LogRecord> read;
      ASSERT_TRUE(log_->ReadStream(stream, 1, 100, &read).ok());
      std::vector<uint64_t> read_positions;
      for (const v1::LogRecord& r : read) read_positions.push_back(r.position());
      EXPECT_EQ(read_positions, positions) << stream;
    }
    // And appending goes on from there: the next event of a stream is its next version.
    Append({MakeEntry("V1")});
    EXPECT_EQ(log_->StreamVersion("dossier/V1"), streams["dossier/V1"].size() + 1);
  }

  std::vector<v1::LogRecord> records_;
};

TEST_F(EventLogIndexTest, AMissingIndexIsRebuiltFromTheRecords) {
  log_.reset();
  std::filesystem::remove_all(Path() + "/index");
  ASSERT_NO_FATAL_FAILURE(Open());
  ExpectEveryLookupAnswers();
}

TEST_F(EventLogIndexTest, AnIndexBehindTheRecordsCatchesUpAtOpen) {
  log_.reset();
  {
    // As after a crash that lost the index's unsynced tail: the writes past position 12 are gone
    // (each write of the index holds its entries and its reach together).
    RawDb index(Path() + "/index");
    ASSERT_TRUE(index.status().ok()) << index.status().ToString();
    std::map<std::string, uint64_t> versions;
    for (const v1::LogRecord& record : records_) {
      v1::Envelope envelope;
      ASSERT_TRUE(envelope.ParseFromString(record.envelope()));
      const uint64_t version = ++versions[envelope.stream()];
      if (record.position() <= 12) continue;
      index.Delete("event_ids", envelope.event_id());
      index.Delete("streams", envelope.stream() + '\0' + Key(version));
    }
    index.Put("default", "indexed", Key(12));
    ASSERT_TRUE(index.status().ok());
  }
  ASSERT_NO_FATAL_FAILURE(Open());
  ExpectEveryLookupAnswers();
}

TEST_F(EventLogIndexTest, AnIndexPastTheHeadIsRefused) {
  log_.reset();
  {
    RawDb index(Path() + "/index");
    ASSERT_TRUE(index.status().ok());
    index.Put("default", "indexed", Key(31));
    ASSERT_TRUE(index.status().ok());
  }
  std::unique_ptr<EventLog> log;
  Status s = EventLog::Open(Path(), EventLogOptions(), &log);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
  EXPECT_NE(s.message().find("delete the directory index"), std::string::npos) << s.message();
}

// Garbage where an index or a record should be: every read answers Corruption and nothing crashes.
TEST_F(EventLogTest, ReadsOfGarbageNeverCrash) {
  AppendEntry a = MakeEntry("A");
  Append({a, MakeEntry("A"), MakeEntry("A"), MakeEntry("B")});
  std::mt19937_64 random(::testing::UnitTest::GetInstance()->random_seed());
  for (int round = 0; round < 12; ++round) {
    std::string garbage(random() % 64, '\0');
    for (char& c : garbage) c = static_cast<char>(random());
    log_.reset();
    {
      RawDb raw(Path());
      ASSERT_TRUE(raw.status().ok());
      raw.Put("records", Key(2), garbage);
      ASSERT_TRUE(raw.status().ok());
      RawDb index(Path() + "/index");
      ASSERT_TRUE(index.status().ok());
      index.Put("event_ids", a.event_id, garbage.substr(0, garbage.size() % 8 == 0 ? 3 : garbage.size()));
      index.Put("streams", std::string("dossier/A") + '\0' + Key(3), garbage.substr(0, 5));
      ASSERT_TRUE(index.status().ok());
    }
    ASSERT_NO_FATAL_FAILURE(Open());
    std::vector<v1::LogRecord> records;
    uint64_t position = 0, bad = 0;
    EXPECT_TRUE(log_->Read(1, 10, &records).IsCorruption()) << "garbage " << ToHex(garbage);
    EXPECT_TRUE(log_->ReadStream("dossier/A", 1, 10, &records).IsCorruption());
    EXPECT_TRUE(log_->FindEvent(a.event_id, &position).IsCorruption());
    EXPECT_TRUE(log_->Verify(1, 0, &bad).IsCorruption());
    EXPECT_EQ(bad, 2u);
    std::vector<AppendResult> results;
    EXPECT_FALSE(log_->Append({a}, &results).ok());  // its index entry is garbage: cannot tell
    EXPECT_EQ(log_->Head().position, 4u);
  }
}

TEST_F(EventLogTest, OpenRefusesAGarbageHead) {
  Fill(log_.get(), 2, 2);
  log_.reset();
  {
    RawDb raw(Path());
    ASSERT_TRUE(raw.status().ok());
    raw.Put("default", "head", "short");
    ASSERT_TRUE(raw.status().ok());
  }
  std::unique_ptr<EventLog> log;
  EXPECT_TRUE(EventLog::Open(Path(), EventLogOptions(), &log).IsCorruption());
}

// --- A failed write is sticky ----------------------------------------------------------------------

// Lowers RLIMIT_FSIZE so that the kernel refuses to grow any file past `bytes` (EFBIG, also for
// root), with SIGXFSZ ignored; restores both when it goes, even when the test fails half-way.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    ok_ = getrlimit(RLIMIT_FSIZE, &old_) == 0;
    rlimit lower = old_;
    lower.rlim_cur = bytes;
    ok_ = ok_ && setrlimit(RLIMIT_FSIZE, &lower) == 0;
  }
  ~FileSizeLimit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    signal(SIGXFSZ, old_handler_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit old_{};
  sighandler_t old_handler_{};
  bool ok_ = false;
};

TEST_F(EventLogTest, AFailedWriteStopsAllWritesUntilReopen) {
  Fill(log_.get(), 2, 2);
  const LogHead before = log_->Head();

  // An envelope far bigger than the limit: the WAL cannot take it.
  v1::Envelope big;
  big.set_event_id(NewUuid());
  big.set_stream("dossier/BIG");
  big.mutable_aanmelding()->set_naam(std::string(512 * 1024, 'x'));
  AppendEntry entry;
  ASSERT_TRUE(AppendEntry::FromSigned(big.SerializeAsString(), "sig", &entry).ok());
  {
    FileSizeLimit limit(256 * 1024);
    ASSERT_TRUE(limit.ok());
    std::vector<AppendResult> results;
    Status failed = log_->Append({entry, MakeEntry("A")}, &results);
    EXPECT_TRUE(failed.IsIOError()) << failed.ToString();
    ASSERT_EQ(results.size(), 2u);
    EXPECT_FALSE(results[0].status.ok());
    EXPECT_FALSE(results[1].status.ok());
  }

  // The disk would take a small write now, but the log no longer knows what is on it.
  std::vector<AppendResult> results;
  Status refused = log_->Append({MakeEntry("A")}, &results);
  EXPECT_TRUE(refused.IsUnavailable()) << refused.ToString();
  EXPECT_NE(refused.message().find("File too large"), std::string::npos) << refused.ToString();
  std::vector<v1::LogRecord> records = ReadAll(*log_);
  EXPECT_TRUE(log_->AppendReplicated(records).IsUnavailable());
  EXPECT_EQ(log_->Head().position, before.position);
  EXPECT_EQ(records.size(), before.position);  // reads go on

  ASSERT_NO_FATAL_FAILURE(Open());
  EXPECT_EQ(log_->Head().position, before.position);
  results = Append({MakeEntry("A")});
  EXPECT_EQ(results[0].position, before.position + 1);
  Status verified = log_->Verify(1, 0);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
  results = Append({entry});  // the refused event was never logged: it goes in now, new
  EXPECT_FALSE(results[0].duplicate);
  EXPECT_EQ(results[0].position, before.position + 2);
}

}  // namespace
}  // namespace regiotafel::eventstore
