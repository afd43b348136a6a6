// The event log against damage: stored records and indexes broken on purpose, logs Open refuses, the
// index rebuilt from the records, and a failed write that stops all writes until a reopen.
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>
#include <map>
#include <random>

#include "base/uuid.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/eventstore/event_log_fixture.h"
#include "tests/support/log_entry.h"

namespace regiotafel::eventstore {
namespace {

using testing::EventLogTest;
using testing::Key;
using testing::MakeEntry;
using testing::RawDb;

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

// The same failure, recovered in place: Reopen fails while no file may grow (a full disk) and leaves
// the log stopped but readable; with room again the same object takes writes after the same head.
TEST_F(EventLogTest, AFailedWriteIsRecoveredByReopenInPlaceOnceThereIsRoom) {
  Fill(log_.get(), 2, 2);
  const LogHead before = log_->Head();
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
    EXPECT_FALSE(log_->Append({entry}, &results).ok());
    EXPECT_TRUE(log_->WriteError().IsUnavailable());
  }
  {
    FileSizeLimit full(1);
    ASSERT_TRUE(full.ok());
    EXPECT_TRUE(log_->Reopen().IsUnavailable()) << "no room to reopen";
    EXPECT_TRUE(log_->WriteError().IsUnavailable()) << "still stopped";
    EXPECT_EQ(log_->Head().position, before.position);
    std::vector<v1::LogRecord> records;
    EXPECT_TRUE(log_->Read(1, 10, &records).ok()) << "still open for reading";
    EXPECT_EQ(records.size(), before.position);
    std::vector<AppendResult> results;
    EXPECT_TRUE(log_->Append({MakeEntry("A")}, &results).IsUnavailable());
    ASSERT_EQ(results.size(), 1u);
    EXPECT_FALSE(results[0].status.ok());
  }
  ASSERT_TRUE(log_->Reopen().ok());
  EXPECT_TRUE(log_->WriteError().ok());
  EXPECT_TRUE(log_->Reopen().ok()) << "nothing to do while it writes";
  EXPECT_EQ(log_->Head().position, before.position);
  EXPECT_EQ(log_->WriteFailures(), 1u);
  EXPECT_EQ(log_->Reopens(), 1u);
  std::vector<AppendResult> results = Append({MakeEntry("A")});
  EXPECT_EQ(results[0].position, before.position + 1);
  EXPECT_TRUE(log_->Verify(1, 0).ok());
  EXPECT_EQ(ReadAll(*log_).size(), before.position + 1);
}

}  // namespace
}  // namespace regiotafel::eventstore
