// The bus's checkpoint signature (eventstore/checkpoint.h) and the CheckpointStore on a real RocksDB
// directory: add, the same again, another root at a positie (evidence), lists, reopening, and the
// auditor's read-only open.
#include "eventstore/checkpoint.h"

#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <filesystem>

#include "base/bytes.h"
#include "base/merkle.h"
#include "base/sha256.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::eventstore {
namespace {

google::protobuf::Timestamp Tijd(int64_t seconds, int32_t nanos) {
  google::protobuf::Timestamp t;
  t.set_seconds(seconds);
  t.set_nanos(nanos);
  return t;
}

std::string Root(char fill) { return std::string(32, fill); }

TEST(CheckpointTest, TheSignedBytesAreAsDocumented) {
  v1::Checkpoint checkpoint;
  checkpoint.set_position(0x0102030405060708);
  checkpoint.set_root(Root('\xab'));
  *checkpoint.mutable_tijd() = Tijd(1'700'000'000, 123'000);
  const std::string expected = "regiotafel/checkpoint/v1" + *FromHex("0102030405060708") + Root('\xab') +
                               *FromHex("000000006553f100") + *FromHex("0001e078");
  EXPECT_EQ(CheckpointMessage(checkpoint), expected);
}

TEST(CheckpointTest, ASignedCheckpointVerifiesAndEveryChangedFieldBreaksIt) {
  const SigningKey bus = SigningKey::Generate();
  const v1::Checkpoint good = SignCheckpoint(bus, 1000, Root('r'), Tijd(1'700'000'000, 5'000));
  EXPECT_EQ(good.position(), 1000u);
  EXPECT_EQ(good.root(), Root('r'));
  EXPECT_EQ(good.signature().size(), kSignatureSize);
  EXPECT_TRUE(CheckpointSigned(good, bus.public_key()));

  EXPECT_FALSE(CheckpointSigned(good, SigningKey::Generate().public_key())) << "another key";
  EXPECT_FALSE(CheckpointSigned(good, "short")) << "not a key";
  std::vector<v1::Checkpoint> tampered(6, good);
  tampered[0].set_position(1001);
  tampered[1].set_root(Root('s'));
  tampered[2].mutable_tijd()->set_seconds(1'700'000'001);
  tampered[3].mutable_tijd()->set_nanos(6'000);
  tampered[4].mutable_signature()->back() ^= 1;
  tampered[5].set_root(Root('r') + "x");  // 33 bytes: never a root
  for (size_t i = 0; i < tampered.size(); ++i) {
    EXPECT_FALSE(CheckpointSigned(tampered[i], bus.public_key())) << "field " << i;
  }
}

TEST(CheckpointTest, TheRootIsTheTreeHashOverTheRecordsChainHashes) {
  // What the bus signs, computed as it does (a compact range) and as an auditor does (a whole tree).
  std::vector<std::string> leaves;
  merkle::CompactRange range;
  for (int i = 0; i < 7; ++i) {
    const std::string chain_hash = Sha256Of(std::to_string(i));
    leaves.push_back(merkle::LeafHash(chain_hash));
    range.Append(merkle::LeafHash(chain_hash));
  }
  EXPECT_EQ(range.Root(), merkle::Tree(leaves).root());
}

class CheckpointStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    Reopen();
  }
  void Reopen() {
    store_.reset();
    Status s = CheckpointStore::Open(dir_.Sub("checkpoints"), &store_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  v1::Checkpoint Signed(uint64_t position, char root, int64_t seconds = 1'700'000'000) {
    return SignCheckpoint(bus_, position, Root(root), Tijd(seconds, 0));
  }

  testing::TempDir dir_;
  SigningKey bus_ = SigningKey::Generate();
  std::unique_ptr<CheckpointStore> store_;
};

TEST_F(CheckpointStoreTest, AnEmptyStoreHasNothing) {
  std::vector<v1::Checkpoint> list;
  ASSERT_TRUE(store_->List(&list).ok());
  EXPECT_TRUE(list.empty());
  EXPECT_FALSE(store_->Latest());
  EXPECT_FALSE(store_->At(1));
}

TEST_F(CheckpointStoreTest, AddedCheckpointsAreListedInPositionOrderAndSurviveAReopen) {
  for (uint64_t position : {3000u, 1000u, 2000u}) ASSERT_TRUE(store_->Add(Signed(position, 'a')).ok());
  Reopen();
  std::vector<v1::Checkpoint> list;
  ASSERT_TRUE(store_->List(&list).ok());
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].position(), 1000u);
  EXPECT_EQ(list[2].position(), 3000u);
  EXPECT_TRUE(CheckpointSigned(list[1], bus_.public_key())) << "stored byte for byte";
  EXPECT_EQ(store_->Latest()->position(), 3000u);
  EXPECT_EQ(store_->LatestAtOrBefore(2999)->position(), 2000u);
  EXPECT_EQ(store_->LatestAtOrBefore(2000)->position(), 2000u);
  EXPECT_FALSE(store_->LatestAtOrBefore(999));
  EXPECT_EQ(store_->At(2000)->SerializeAsString(), list[1].SerializeAsString());
  ASSERT_TRUE(store_->List(&list, 1500, 1).ok());
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].position(), 2000u);
}

// A full disk: no file of this process may grow (RLIMIT_FSIZE at 1 byte, SIGXFSZ ignored) while the
// object lives; both restored when it goes.
class DiskFull {
 public:
  DiskFull() {
    old_handler_ = signal(SIGXFSZ, SIG_IGN);
    ok_ = getrlimit(RLIMIT_FSIZE, &old_) == 0;
    rlimit full = old_;
    full.rlim_cur = 1;
    ok_ = ok_ && setrlimit(RLIMIT_FSIZE, &full) == 0;
  }
  ~DiskFull() {
    setrlimit(RLIMIT_FSIZE, &old_);
    signal(SIGXFSZ, old_handler_);
  }
  bool ok() const { return ok_; }

 private:
  rlimit old_{};
  sighandler_t old_handler_{};
  bool ok_ = false;
};

TEST_F(CheckpointStoreTest, AFailedWriteStopsWritesUntilAReopenInPlaceOnceThereIsRoom) {
  ASSERT_TRUE(store_->Add(Signed(1000, 'a')).ok());
  {
    DiskFull full;
    ASSERT_TRUE(full.ok());
    EXPECT_FALSE(store_->Add(Signed(2000, 'b')).ok());
    EXPECT_TRUE(store_->WriteError().IsUnavailable());
    EXPECT_TRUE(store_->Reopen().IsUnavailable()) << "no room yet";
    EXPECT_TRUE(store_->WriteError().IsUnavailable());
    EXPECT_TRUE(store_->At(1000)) << "still open for reading";
    EXPECT_TRUE(store_->Add(Signed(3000, 'c')).IsUnavailable());
  }
  ASSERT_TRUE(store_->Reopen().ok());
  EXPECT_TRUE(store_->WriteError().ok());
  EXPECT_EQ(store_->WriteFailures(), 1u);
  EXPECT_EQ(store_->Reopens(), 1u);
  ASSERT_TRUE(store_->At(1000));
  ASSERT_TRUE(store_->Add(Signed(3000, 'c')).ok());
  EXPECT_EQ(store_->Latest()->position(), 3000u);
}

TEST_F(CheckpointStoreTest, TheSameCheckpointAgainIsOkAndStoredOnce) {
  const v1::Checkpoint checkpoint = Signed(1000, 'a');
  ASSERT_TRUE(store_->Add(checkpoint).ok());
  EXPECT_TRUE(store_->Add(checkpoint).ok());
  // Signed again later, same root: the same statement; the first one stays.
  EXPECT_TRUE(store_->Add(Signed(1000, 'a', 1'700'000'100)).ok());
  EXPECT_EQ(store_->At(1000)->SerializeAsString(), checkpoint.SerializeAsString());
  std::vector<v1::Checkpoint> list, evidence;
  ASSERT_TRUE(store_->List(&list).ok());
  ASSERT_TRUE(store_->ListEvidence(&evidence).ok());
  EXPECT_EQ(list.size(), 1u);
  EXPECT_TRUE(evidence.empty());
}

TEST_F(CheckpointStoreTest, AnotherRootAtAStoredPositionIsAConflictKeptAsEvidence) {
  const v1::Checkpoint first = Signed(1000, 'a'), other = Signed(1000, 'b');
  ASSERT_TRUE(store_->Add(first).ok());
  Status s = store_->Add(other);
  EXPECT_TRUE(s.IsConflict()) << s.ToString();
  EXPECT_NE(s.message().find("1000"), std::string::npos) << s.message();
  EXPECT_TRUE(store_->Add(other).IsConflict()) << "again";
  Reopen();
  EXPECT_EQ(store_->At(1000)->root(), first.root()) << "the first stays the valid one";
  std::vector<v1::Checkpoint> evidence;
  ASSERT_TRUE(store_->ListEvidence(&evidence).ok());
  ASSERT_EQ(evidence.size(), 1u) << "the same evidence twice is kept once";
  EXPECT_EQ(evidence[0].SerializeAsString(), other.SerializeAsString());
}

TEST_F(CheckpointStoreTest, EvidenceAddedByHandIsNotAValidCheckpoint) {
  ASSERT_TRUE(store_->AddEvidence(Signed(500, 'x')).ok());
  ASSERT_TRUE(store_->AddEvidence(Signed(500, 'y')).ok());
  EXPECT_FALSE(store_->At(500));
  std::vector<v1::Checkpoint> evidence;
  ASSERT_TRUE(store_->ListEvidence(&evidence).ok());
  EXPECT_EQ(evidence.size(), 2u);
}

TEST_F(CheckpointStoreTest, MalformedCheckpointsAreRefused) {
  v1::Checkpoint no_position = Signed(0, 'a');
  v1::Checkpoint short_root = Signed(10, 'a');
  short_root.set_root("short");
  EXPECT_TRUE(store_->Add(no_position).IsInvalidArgument());
  EXPECT_TRUE(store_->Add(short_root).IsInvalidArgument());
  EXPECT_FALSE(store_->Latest());
}

TEST_F(CheckpointStoreTest, AnAuditorReadsALiveStoreFromTheDataDirectoryAndWritesNothing) {
  ASSERT_TRUE(store_->Add(Signed(1000, 'a')).ok());
  ASSERT_TRUE(store_->AddEvidence(Signed(1000, 'b')).ok());
  std::unique_ptr<CheckpointStore> copy;
  Status s = CheckpointStore::OpenReadOnly(dir_.path(), &copy);  // the data directory: checkpoints/ inside
  ASSERT_TRUE(s.ok()) << s.ToString();
  std::vector<v1::Checkpoint> list, evidence;
  ASSERT_TRUE(copy->List(&list).ok());
  ASSERT_TRUE(copy->ListEvidence(&evidence).ok());
  EXPECT_EQ(list.size(), 1u);
  EXPECT_EQ(evidence.size(), 1u);
  EXPECT_TRUE(copy->Add(Signed(2000, 'a')).IsUnavailable());
  ASSERT_TRUE(store_->Add(Signed(2000, 'a')).ok()) << "the writer goes on while it is read";
}

TEST_F(CheckpointStoreTest, OtherDirectoriesAreNotTakenForAStore) {
  std::unique_ptr<CheckpointStore> other;
  EXPECT_TRUE(CheckpointStore::OpenReadOnly(dir_.Sub("nothing"), &other).IsInvalidArgument());
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(dir_.Sub("log"), {}, &log).ok());
  log.reset();
  EXPECT_TRUE(CheckpointStore::Open(dir_.Sub("log"), &other).IsInvalidArgument()) << "never added to a log";
}

}  // namespace
}  // namespace regiotafel::eventstore
