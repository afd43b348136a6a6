#include "eventstore/outbox.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <rocksdb/db.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/bytes.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "tests/support/files_holding.h"

extern char** environ;

namespace regiotafel::eventstore {
namespace {

constexpr size_t kAll = std::numeric_limits<size_t>::max();

Outbox::Sealer SealWith(const SigningKey& key) {
  return [&key](std::string_view bytes) { return key.Sign(bytes); };
}

v1::Envelope Aanmelding(const std::string& v_nummer) {
  v1::Envelope envelope;
  envelope.set_event_id(NewUuid());
  envelope.set_origin("coa:coa");
  envelope.set_stream("dossier/" + v_nummer);
  envelope.mutable_occurred_at()->set_seconds(1740000000);
  auto* aanmelding = envelope.mutable_aanmelding();
  aanmelding->set_datum("2025-02-20");
  aanmelding->set_v_nummer(v_nummer);
  aanmelding->set_naam("A. Test");
  aanmelding->set_gemeente("gemeente:dordrecht");
  return envelope;
}

// Envelopes for AddAll, without delen.
std::vector<Outbox::Item> Items(const std::vector<v1::Envelope>& envelopes) {
  std::vector<Outbox::Item> items;
  for (const v1::Envelope& envelope : envelopes) items.push_back({envelope, {}});
  return items;
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "outbox_test.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Reopen();
  }
  void TearDown() override {
    outbox_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen() {
    outbox_.reset();
    Status s = Outbox::Open(dir_, &outbox_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  v1::OutboxEntry Add(const v1::Envelope& envelope) {
    v1::OutboxEntry stored;
    Status s = outbox_->Add(envelope, {}, SealWith(key_), &stored);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return stored;
  }

  static std::vector<uint64_t> Seqs(const std::vector<v1::OutboxEntry>& entries) {
    std::vector<uint64_t> seqs;
    for (const auto& e : entries) seqs.push_back(e.origin_seq());
    return seqs;
  }

  std::string dir_;
  SigningKey key_ = SigningKey::Generate();
  std::unique_ptr<Outbox> outbox_;
};

TEST_F(OutboxTest, AssignsSequenceNumbersFromOneAndSealsTheStoredBytes) {
  for (uint64_t expected = 1; expected <= 3; ++expected) {
    v1::OutboxEntry stored = Add(Aanmelding("V" + std::to_string(expected)));
    EXPECT_EQ(stored.origin_seq(), expected);
    EXPECT_EQ(stored.state(), v1::OutboxEntry::PENDING);
    v1::Envelope envelope;
    ASSERT_TRUE(envelope.ParseFromString(stored.envelope()));
    EXPECT_EQ(envelope.origin_seq(), expected);
    EXPECT_EQ(envelope.event_id(), stored.event_id());
    EXPECT_TRUE(VerifySignature(key_.public_key(), stored.envelope(), stored.signature()));
  }
  EXPECT_EQ(outbox_->LastOriginSeq(), 3u);
}

TEST_F(OutboxTest, SequenceNumbersContinueAfterReopen) {
  Add(Aanmelding("V1"));
  Add(Aanmelding("V2"));
  Reopen();
  EXPECT_EQ(outbox_->LastOriginSeq(), 2u);
  EXPECT_EQ(Add(Aanmelding("V3")).origin_seq(), 3u);
}

TEST_F(OutboxTest, PendingIsOldestFirstAndBoundedByMax) {
  for (int i = 1; i <= 5; ++i) Add(Aanmelding("V" + std::to_string(i)));
  EXPECT_EQ(Seqs(outbox_->Pending(3)), (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(outbox_->PendingCount(), 5u);
  EXPECT_TRUE(outbox_->Pending(0).empty());
}

TEST_F(OutboxTest, CommittedEntryLeavesPending) {
  Add(Aanmelding("V1"));
  v1::OutboxEntry second = Add(Aanmelding("V2"));
  Add(Aanmelding("V3"));
  ASSERT_TRUE(outbox_->MarkCommitted(second.event_id(), 42).ok());
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{1, 3}));
  v1::OutboxEntry got;
  ASSERT_TRUE(outbox_->Get(second.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::COMMITTED);
  EXPECT_EQ(got.position(), 42u);
  EXPECT_EQ(got.envelope(), second.envelope());
}

TEST_F(OutboxTest, RejectedEntryLeavesPendingWithTheReason) {
  v1::OutboxEntry first = Add(Aanmelding("V1"));
  Add(Aanmelding("V2"));
  ASSERT_TRUE(outbox_->MarkRejected(first.event_id(), "geen bevoegdheid").ok());
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{2}));
  v1::OutboxEntry got;
  ASSERT_TRUE(outbox_->Get(first.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::REJECTED);
  EXPECT_EQ(got.error(), "geen bevoegdheid");
}

TEST_F(OutboxTest, DecisionsSurviveReopen) {
  v1::OutboxEntry a = Add(Aanmelding("V1"));
  v1::OutboxEntry b = Add(Aanmelding("V2"));
  v1::OutboxEntry c = Add(Aanmelding("V3"));
  ASSERT_TRUE(outbox_->MarkCommitted(a.event_id(), 7).ok());
  ASSERT_TRUE(outbox_->MarkRejected(c.event_id(), "ongeldig v-nummer").ok());
  Reopen();
  EXPECT_EQ(outbox_->PendingCount(), 1u);
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{b.origin_seq()}));
  v1::OutboxEntry got;
  ASSERT_TRUE(outbox_->Get(a.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::COMMITTED);
  EXPECT_EQ(got.position(), 7u);
  ASSERT_TRUE(outbox_->Get(c.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::REJECTED);
  EXPECT_EQ(got.error(), "ongeldig v-nummer");
}

TEST_F(OutboxTest, GetAnswersTheStoredEntryOrNotFound) {
  v1::OutboxEntry stored = Add(Aanmelding("V1"));
  v1::OutboxEntry got;
  ASSERT_TRUE(outbox_->Get(stored.event_id(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), stored.SerializeAsString());
  EXPECT_TRUE(outbox_->Get(NewUuid(), &got).IsNotFound());
  EXPECT_TRUE(outbox_->Get("", &got).IsNotFound());
}

TEST_F(OutboxTest, AddingTheSameEventAgainAnswersTheStoredEntry) {
  v1::Envelope envelope = Aanmelding("V1");
  v1::OutboxEntry first = Add(envelope);
  ASSERT_TRUE(outbox_->MarkCommitted(first.event_id(), 9).ok());
  envelope.mutable_occurred_at()->set_seconds(1750000000);  // a retry, later; same payload
  v1::OutboxEntry again = Add(envelope);
  EXPECT_EQ(again.origin_seq(), first.origin_seq());
  EXPECT_EQ(again.envelope(), first.envelope());
  EXPECT_EQ(again.state(), v1::OutboxEntry::COMMITTED);
  EXPECT_EQ(again.position(), 9u);
  EXPECT_EQ(outbox_->LastOriginSeq(), 1u);
}

TEST_F(OutboxTest, SameEventIdWithAnotherPayloadIsConflict) {
  v1::Envelope envelope = Aanmelding("V1");
  Add(envelope);
  v1::Envelope changed = envelope;
  changed.mutable_aanmelding()->set_naam("B. Anders");
  v1::Envelope other_kind = envelope;
  other_kind.mutable_uitstroom()->set_v_nummer("V1");
  v1::OutboxEntry stored;
  EXPECT_TRUE(outbox_->Add(changed, {}, SealWith(key_), &stored).IsConflict());
  EXPECT_TRUE(outbox_->Add(other_kind, {}, SealWith(key_), &stored).IsConflict());
  EXPECT_EQ(outbox_->LastOriginSeq(), 1u);
  EXPECT_EQ(outbox_->PendingCount(), 1u);
}

// Many envelopes in one write: new ones numbered on in order, each answered on its own, and a repeat
// (of an earlier call or earlier in the same one) answered as Add answers it.
TEST_F(OutboxTest, AddAllNumbersTheNewOnesInOrderAndAnswersEachOnItsOwn) {
  const v1::Envelope before = Aanmelding("V0");
  Add(before);
  v1::Envelope conflicting = before;
  conflicting.mutable_aanmelding()->set_naam("B. Anders");
  const v1::Envelope a = Aanmelding("V1"), b = Aanmelding("V2");
  v1::Envelope b_changed = b;
  b_changed.mutable_aanmelding()->set_naam("C. Anders");
  v1::Envelope no_id = Aanmelding("V3");
  no_id.clear_event_id();

  std::vector<v1::OutboxEntry> stored;
  std::vector<Status> results;
  ASSERT_TRUE(
      outbox_
          ->AddAll(Items({a, before, b, conflicting, a, no_id, b_changed}), SealWith(key_), &stored, &results)
          .ok());
  ASSERT_EQ(results.size(), 7u);
  ASSERT_EQ(stored.size(), 7u);
  EXPECT_TRUE(results[0].ok());
  EXPECT_EQ(stored[0].origin_seq(), 2u);
  EXPECT_TRUE(results[1].ok()) << "already there, same payload";
  EXPECT_EQ(stored[1].origin_seq(), 1u);
  EXPECT_TRUE(results[2].ok());
  EXPECT_EQ(stored[2].origin_seq(), 3u);
  EXPECT_TRUE(results[3].IsConflict());
  EXPECT_TRUE(results[4].ok()) << "earlier in this call, same payload";
  EXPECT_EQ(stored[4].origin_seq(), 2u);
  EXPECT_TRUE(results[5].IsInvalidArgument());
  EXPECT_TRUE(results[6].IsConflict()) << "earlier in this call, another payload";
  EXPECT_TRUE(VerifySignature(key_.public_key(), stored[2].envelope(), stored[2].signature()));
  EXPECT_EQ(outbox_->LastOriginSeq(), 3u);
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{1, 2, 3}));

  Reopen();
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{1, 2, 3}));
  v1::OutboxEntry found;
  ASSERT_TRUE(outbox_->Get(b.event_id(), &found).ok());
  EXPECT_EQ(found.origin_seq(), 3u);
  EXPECT_EQ(Add(Aanmelding("V4")).origin_seq(), 4u);

  // Nothing new: nothing written, every answer from what is there.
  ASSERT_TRUE(outbox_->AddAll(Items({a, b}), SealWith(key_), &stored, &results).ok());
  EXPECT_EQ(Seqs(stored), (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(outbox_->LastOriginSeq(), 4u);
}

TEST_F(OutboxTest, MarkingAnUnknownEventIsNotFound) {
  Add(Aanmelding("V1"));
  std::string unknown = NewUuid();
  EXPECT_TRUE(outbox_->MarkCommitted(unknown, 1).IsNotFound());
  EXPECT_TRUE(outbox_->MarkRejected(unknown, "x").IsNotFound());
  EXPECT_EQ(outbox_->PendingCount(), 1u);
}

TEST_F(OutboxTest, TheSameDecisionTwiceIsOk) {
  v1::OutboxEntry a = Add(Aanmelding("V1"));
  v1::OutboxEntry b = Add(Aanmelding("V2"));
  ASSERT_TRUE(outbox_->MarkCommitted(a.event_id(), 3).ok());
  EXPECT_TRUE(outbox_->MarkCommitted(a.event_id(), 3).ok());
  ASSERT_TRUE(outbox_->MarkRejected(b.event_id(), "reden").ok());
  EXPECT_TRUE(outbox_->MarkRejected(b.event_id(), "reden").ok());
  EXPECT_EQ(outbox_->PendingCount(), 0u);
}

TEST_F(OutboxTest, AnotherDecisionIsConflictAndChangesNothing) {
  v1::OutboxEntry a = Add(Aanmelding("V1"));
  v1::OutboxEntry b = Add(Aanmelding("V2"));
  ASSERT_TRUE(outbox_->MarkCommitted(a.event_id(), 3).ok());
  ASSERT_TRUE(outbox_->MarkRejected(b.event_id(), "reden").ok());
  EXPECT_TRUE(outbox_->MarkCommitted(a.event_id(), 4).IsConflict());
  EXPECT_TRUE(outbox_->MarkRejected(a.event_id(), "reden").IsConflict());
  EXPECT_TRUE(outbox_->MarkCommitted(b.event_id(), 5).IsConflict());
  EXPECT_TRUE(outbox_->MarkRejected(b.event_id(), "andere reden").IsConflict());
  v1::OutboxEntry got;
  ASSERT_TRUE(outbox_->Get(a.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::COMMITTED);
  EXPECT_EQ(got.position(), 3u);
  ASSERT_TRUE(outbox_->Get(b.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::REJECTED);
  EXPECT_EQ(got.error(), "reden");
}

TEST_F(OutboxTest, RejectsAnEnvelopeWithoutIdAndPositionZero) {
  v1::Envelope envelope = Aanmelding("V1");
  envelope.clear_event_id();
  v1::OutboxEntry stored;
  Status s = outbox_->Add(envelope, {}, SealWith(key_), &stored);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  v1::OutboxEntry a = Add(Aanmelding("V2"));
  EXPECT_TRUE(outbox_->MarkCommitted(a.event_id(), 0).IsInvalidArgument());
  EXPECT_EQ(outbox_->LastOriginSeq(), 1u);
  EXPECT_EQ(outbox_->PendingCount(), 1u);
}

// MarkDecided (added for the node's sender): many decisions, one write, one Status each.
TEST_F(OutboxTest, MarkDecidedRecordsEachDecisionAndSurvivesReopen) {
  v1::OutboxEntry a = Add(Aanmelding("V1"));
  v1::OutboxEntry b = Add(Aanmelding("V2"));
  v1::OutboxEntry c = Add(Aanmelding("V3"));
  v1::OutboxEntry d = Add(Aanmelding("V4"));
  ASSERT_TRUE(outbox_->MarkCommitted(d.event_id(), 3).ok());
  using D = Outbox::Decision;
  std::vector<D> decisions = {
      D{a.event_id(), v1::OutboxEntry::COMMITTED, 1, ""},
      D{b.event_id(), v1::OutboxEntry::REJECTED, 0, "geen bevoegdheid"},
      D{NewUuid(), v1::OutboxEntry::COMMITTED, 2, ""},          // unknown
      D{c.event_id(), v1::OutboxEntry::COMMITTED, 0, ""},       // position 0
      D{d.event_id(), v1::OutboxEntry::COMMITTED, 3, ""},       // the same decision again
      D{d.event_id(), v1::OutboxEntry::REJECTED, 0, "anders"},  // another decision
      D{a.event_id(), v1::OutboxEntry::COMMITTED, 1, ""},       // twice in one call, equal
      D{a.event_id(), v1::OutboxEntry::COMMITTED, 9, ""},       // twice in one call, different
  };
  std::vector<Status> results;
  ASSERT_TRUE(outbox_->MarkDecided(decisions, &results).ok());
  ASSERT_EQ(results.size(), decisions.size());
  EXPECT_TRUE(results[0].ok());
  EXPECT_TRUE(results[1].ok());
  EXPECT_TRUE(results[2].IsNotFound());
  EXPECT_TRUE(results[3].IsInvalidArgument());
  EXPECT_TRUE(results[4].ok());
  EXPECT_TRUE(results[5].IsConflict());
  EXPECT_TRUE(results[6].ok());
  EXPECT_TRUE(results[7].IsConflict());
  Reopen();
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), (std::vector<uint64_t>{c.origin_seq()}));
  v1::OutboxEntry got;
  ASSERT_TRUE(outbox_->Get(a.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::COMMITTED);
  EXPECT_EQ(got.position(), 1u);
  ASSERT_TRUE(outbox_->Get(b.event_id(), &got).ok());
  EXPECT_EQ(got.state(), v1::OutboxEntry::REJECTED);
  EXPECT_EQ(got.error(), "geen bevoegdheid");
}

// 24 random letters and digits: no file holds it by chance, and RocksDB's compression leaves it whole.
std::string Marker(std::mt19937_64* random) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string marker;
  for (int i = 0; i < 24; ++i) marker.push_back(kAlphabet[(*random)() % (sizeof(kAlphabet) - 1)]);
  return marker;
}

TEST_F(OutboxTest, DelenAreKeptWhilePendingAndNotComparedByAdd) {
  const v1::Envelope envelope = Aanmelding("V1");
  v1::OutboxEntry stored;
  ASSERT_TRUE(outbox_->Add(envelope, {"deel 1", "deel 2"}, SealWith(key_), &stored).ok());
  EXPECT_EQ(stored.delen_size(), 2);
  v1::OutboxEntry again;
  ASSERT_TRUE(outbox_->Add(envelope, {"opnieuw verzegeld"}, SealWith(key_), &again).ok())
      << "the same payload with other delen is the same entry";
  EXPECT_EQ(again.origin_seq(), stored.origin_seq());
  ASSERT_EQ(again.delen_size(), 2);
  EXPECT_EQ(again.delen(0), "deel 1");
  Reopen();
  ASSERT_EQ(outbox_->Pending(kAll).size(), 1u);
  EXPECT_EQ(outbox_->Pending(kAll)[0].delen_size(), 2);
  ASSERT_TRUE(outbox_->MarkCommitted(envelope.event_id(), 7).ok());
  ASSERT_TRUE(outbox_->Get(envelope.event_id(), &again).ok());
  EXPECT_EQ(again.delen_size(), 0) << "a decision drops the delen";
}

// The hard way, as for the event log: after the decisions and Purge no file of the outbox holds a
// decided entry's delen; a pending entry keeps its own.
TEST_F(OutboxTest, PurgedDelenLeaveEveryFile) {
  std::mt19937_64 random(20260105);
  std::vector<std::string> decided_markers, pending_markers;
  std::vector<Outbox::Decision> decisions;
  std::vector<std::string> pending_ids;
  for (int round = 0; round < 3; ++round) {
    std::vector<Outbox::Item> items;
    for (int i = 0; i < 30; ++i) {
      const std::string a = Marker(&random), b = Marker(&random);
      items.push_back({Aanmelding("V" + std::to_string(round * 100 + i)), {"deel " + a, "deel " + b}});
      const std::string& id = items.back().envelope.event_id();
      if (i % 4 == 0) {
        pending_ids.push_back(id);
        pending_markers.insert(pending_markers.end(), {a, b});
      } else {
        decisions.push_back({id, i % 2 == 0 ? v1::OutboxEntry::REJECTED : v1::OutboxEntry::COMMITTED,
                             static_cast<uint64_t>(round * 100 + i + 1), "reden"});
        decided_markers.insert(decided_markers.end(), {a, b});
      }
    }
    std::vector<v1::OutboxEntry> stored;
    std::vector<Status> results;
    ASSERT_TRUE(outbox_->AddAll(std::move(items), SealWith(key_), &stored, &results).ok());
    for (const Status& r : results) ASSERT_TRUE(r.ok()) << r.ToString();
    Reopen();  // flushes what the write-ahead log held into a table file
  }
  std::vector<Status> results;
  ASSERT_TRUE(outbox_->MarkDecided(decisions, &results).ok());
  for (const Status& r : results) ASSERT_TRUE(r.ok()) << r.ToString();
  ASSERT_EQ(::regiotafel::testing::FilesHoldingAny(dir_, decided_markers).size(), decided_markers.size())
      << "dropped by the decisions, but still in the files until Purge";

  ASSERT_TRUE(outbox_->Purge().ok());
  auto check = [&] {
    std::vector<std::string> left = ::regiotafel::testing::FilesHoldingAny(dir_, decided_markers);
    EXPECT_TRUE(left.empty()) << left.size() << " purged markers left, the first in " << left.front();
    std::string kept;
    for (const v1::OutboxEntry& entry : outbox_->Pending(kAll)) {
      for (const std::string& deel : entry.delen()) kept += deel;
    }
    for (const std::string& m : pending_markers) EXPECT_NE(kept.find(m), std::string::npos) << m;
    EXPECT_EQ(outbox_->PendingCount(), pending_ids.size());
  };
  check();
  Reopen();
  check();
}

TEST_F(OutboxTest, ConcurrentAddsGetDistinctGapFreeNumbers) {
  constexpr int kThreads = 4, kPerThread = 20;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) Add(Aanmelding("V" + std::to_string(t * 1000 + i)));
    });
  }
  for (auto& thread : threads) thread.join();
  std::vector<uint64_t> expected;
  for (uint64_t seq = 1; seq <= kThreads * kPerThread; ++seq) expected.push_back(seq);
  EXPECT_EQ(Seqs(outbox_->Pending(kAll)), expected);
  EXPECT_EQ(outbox_->LastOriginSeq(), static_cast<uint64_t>(kThreads * kPerThread));
}

TEST_F(OutboxTest, SecondOpenOfTheSameDirectoryFails) {
  std::unique_ptr<Outbox> second;
  EXPECT_FALSE(Outbox::Open(dir_, &second).ok());
  EXPECT_EQ(second, nullptr);
}

TEST_F(OutboxTest, GarbledPendingEntryIsCorruptionAtOpen) {
  Add(Aanmelding("V1"));
  outbox_.reset();
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir_, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::string key = "e";
    PutBigEndian64(&key, 1);  // docs/OUTBOX_FORMAT.md: the entry of origin_seq 1
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), key, "\xff\xff garbage").ok());
  }
  Status s = Outbox::Open(dir_, &outbox_);
  EXPECT_TRUE(s.IsCorruption()) << s.ToString();
}

// --- Real processes: an I/O error from the kernel, and SIGKILL ------------------------------

// An outbox_child process and its stdout, read line by line.
class Child {
 public:
  explicit Child(std::vector<std::string> args) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    args.insert(args.begin(), OUTBOX_CHILD);
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, OUTBOX_CHILD, &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    fd_ = fds[0];
  }
  ~Child() {
    if (pid_ > 0) Kill();
    if (fd_ >= 0) close(fd_);
  }
  bool started() const { return pid_ > 0 && fd_ >= 0; }

  // Waits (poll, up to 60 s) for the next complete line; false on EOF or timeout.
  bool NextLine(std::string* line) {
    for (;;) {
      if (auto newline = buffer_.find('\n'); newline != std::string::npos) {
        *line = buffer_.substr(0, newline);
        buffer_.erase(0, newline + 1);
        return true;
      }
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 60'000) <= 0) return false;
      char chunk[4096];
      ssize_t n = read(fd_, chunk, sizeof chunk);
      if (n <= 0) return false;
      buffer_.append(chunk, static_cast<size_t>(n));
    }
  }

  // SIGKILL and reap; true when the child died of that signal.
  bool Kill() {
    kill(pid_, SIGKILL);
    return Reap() == -SIGKILL;
  }
  // Waits for the child to end: its exit code, or minus the signal that ended it.
  int Reap() {
    int status = 0;
    pid_t waited = waitpid(pid_, &status, 0);
    pid_ = -1;
    if (waited <= 0) return -1000;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
  int fd_ = -1;
  std::string buffer_;
};

TEST_F(OutboxTest, FailedWriteChangesNothingStopsWritesAndReopenInPlaceRecoversOnceThereIsRoom) {
  outbox_.reset();  // the child owns the directory while it runs
  const SigningKey key = SigningKey::Generate();
  std::map<std::string, std::string> answers;
  {
    Child child({"write-error", dir_, ToHex(key.secret_key())});
    ASSERT_TRUE(child.started());
    std::string line;
    while (child.NextLine(&line)) {
      auto space = line.find(' ');
      answers[line.substr(0, space)] = line.substr(space + 1);
    }
    ASSERT_EQ(child.Reap(), 0);
  }
  EXPECT_EQ(answers["failed_add"], "io_error");
  EXPECT_EQ(answers["last_origin_seq"], "1");  // memory unchanged by the failed write
  EXPECT_EQ(answers["pending"], "1");
  EXPECT_EQ(answers["next_add"], "unavailable");  // sticky: the state on disk is unknown
  EXPECT_EQ(answers["mark"], "unavailable");
  EXPECT_EQ(answers["pending_after_mark"], "1");
  EXPECT_EQ(answers["write_error"], "unavailable");

  // Reopened in place while no file may grow: it stays stopped (and open), reads go on.
  EXPECT_EQ(answers["reopen_full"], "failed");
  EXPECT_EQ(answers["write_error_full"], "unavailable");
  EXPECT_EQ(answers["get_full"], "ok");
  EXPECT_EQ(answers["pending_full"], "1");
  EXPECT_EQ(answers["add_full"], "unavailable");
  // With room again the same object writes: what the disk held, then the new entry after it.
  EXPECT_EQ(answers["reopen"], "ok");
  EXPECT_EQ(answers["write_error_after"], "ok");
  EXPECT_EQ(answers["pending_after"], "1");
  EXPECT_EQ(answers["add_after"], "ok");
  EXPECT_EQ(answers["origin_seq_after"], "2");
  EXPECT_EQ(answers["mark_after"], "ok");
  EXPECT_EQ(answers["counts"], "1/1");

  Reopen();
  EXPECT_EQ(outbox_->LastOriginSeq(), 2u);
  EXPECT_EQ(outbox_->PendingCount(), 1u);
  EXPECT_EQ(Add(Aanmelding("V9")).origin_seq(), 3u);
}

TEST_F(OutboxTest, AcknowledgedEntriesSurviveSigkill) {
  outbox_.reset();  // the child owns the directory while it runs
  const SigningKey key = SigningKey::Generate();
  const unsigned rng_seed = std::random_device{}();
  SCOPED_TRACE("rng seed " + std::to_string(rng_seed));
  std::mt19937 rng(rng_seed);
  std::set<std::string> acknowledged;

  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const int kill_after = std::uniform_int_distribution<int>(1, 40)(rng);
    {
      Child child({"add", dir_, ToHex(key.secret_key()), "1000000"});
      ASSERT_TRUE(child.started());
      std::string id;
      for (int acks = 0; acks < kill_after; ++acks) {
        ASSERT_TRUE(child.NextLine(&id)) << "the child stopped before " << kill_after << " acks";
        acknowledged.insert(id);
      }
      ASSERT_TRUE(child.Kill());
      while (child.NextLine(&id)) acknowledged.insert(id);  // acks already in the pipe count too
    }

    Reopen();
    ASSERT_GE(outbox_->LastOriginSeq(), acknowledged.size());
    for (const auto& event_id : acknowledged) {
      v1::OutboxEntry got;
      Status s = outbox_->Get(event_id, &got);
      ASSERT_TRUE(s.ok()) << event_id << ": " << s.ToString();
      EXPECT_EQ(got.state(), v1::OutboxEntry::PENDING);
    }
    std::vector<v1::OutboxEntry> pending = outbox_->Pending(kAll);
    ASSERT_EQ(pending.size(), outbox_->LastOriginSeq());
    for (size_t i = 0; i < pending.size(); ++i) {
      EXPECT_EQ(pending[i].origin_seq(), i + 1);
      v1::Envelope envelope;
      ASSERT_TRUE(envelope.ParseFromString(pending[i].envelope()));
      EXPECT_EQ(envelope.origin_seq(), i + 1);
      EXPECT_EQ(envelope.event_id(), pending[i].event_id());
      EXPECT_TRUE(VerifySignature(key.public_key(), pending[i].envelope(), pending[i].signature()));
    }
    outbox_.reset();
  }
}

}  // namespace
}  // namespace regiotafel::eventstore
