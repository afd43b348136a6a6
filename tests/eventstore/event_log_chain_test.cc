// The event log's hash chain: the documented record hash, and AppendReplicated, which takes only
// records that chain on from the head.
#include <gtest/gtest.h>

#include "base/bytes.h"
#include "base/sha256.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/eventstore/event_log_fixture.h"
#include "tests/support/log_entry.h"

namespace regiotafel::eventstore {
namespace {

using testing::EventLogTest;
using testing::MakeEntry;

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

}  // namespace
}  // namespace regiotafel::eventstore
