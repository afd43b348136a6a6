// Backups of live stores: a copy taken while writers append opens, verifies and holds a prefix of
// what was written; a target that exists is refused; a failed backup leaves nothing behind.
#include "eventstore/backup.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <thread>

#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"
#include "tests/support/log_entry.h"

namespace regiotafel::eventstore {
namespace {

namespace fs = std::filesystem;
using testing::MakeEntry;
using testing::TempDir;

// Appends single events from two threads until stopped; the records of positions ≤ the backup's
// head must then be the live log's, byte for byte.
TEST(Backup, EventLogWhileAppendingOpensVerifiesAndIsAPrefix) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(dir.Sub("log"), {}, &log).ok());
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 2; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        std::vector<AppendResult> results;
        if (log->Append({MakeEntry("V" + std::to_string(t) + "-" + std::to_string(i % 50))}, &results).ok())
          ++appended;
      }
    });
  }
  std::vector<std::string> copies;
  for (int b = 0; b < 3; ++b) {
    while (appended < 200 * (b + 1)) std::this_thread::yield();
    copies.push_back(dir.Sub("backup-" + std::to_string(b)));
    ASSERT_TRUE(log->Backup(copies.back()).ok());
  }
  stop = true;
  for (std::thread& w : writers) w.join();

  uint64_t previous = 0;
  for (const std::string& copy : copies) {
    EXPECT_FALSE(fs::exists(copy + ".tmp"));
    std::unique_ptr<EventLog> restored;
    ASSERT_TRUE(EventLog::Open(copy, {.create_if_missing = false}, &restored).ok()) << copy;
    const uint64_t head = restored->Head().position;
    EXPECT_GE(head, previous);
    EXPECT_GT(head, 0u);
    previous = head;
    EXPECT_TRUE(restored->Verify(0, 0).ok());
    std::vector<v1::LogRecord> mine, theirs;
    ASSERT_TRUE(restored->Read(1, head, &mine).ok());
    ASSERT_TRUE(log->Read(1, head, &theirs).ok());
    ASSERT_EQ(mine.size(), head);
    for (size_t i = 0; i < mine.size(); ++i)
      EXPECT_EQ(mine[i].SerializeAsString(), theirs[i].SerializeAsString());
    // The copy's index answers for its last record (indexed again at open where it lagged).
    v1::Envelope last;
    ASSERT_TRUE(last.ParseFromString(mine.back().envelope()));
    uint64_t found = 0;
    ASSERT_TRUE(restored->FindEvent(last.event_id(), &found).ok());
    EXPECT_EQ(found, head);
    // And it takes appends of its own: a restored log is a log.
    std::vector<AppendResult> results;
    ASSERT_TRUE(restored->Append({MakeEntry("after-restore")}, &results).ok());
    EXPECT_EQ(results[0].position, head + 1);
  }
  EXPECT_GT(log->AppendLatency().Read().count, 0u);
}

TEST(Backup, ExistingTargetIsRefusedAndLeftAlone) {
  TempDir dir;
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(dir.Sub("log"), {}, &log).ok());
  fs::create_directory(dir.Sub("taken"));
  Status s = log->Backup(dir.Sub("taken"));
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_TRUE(fs::is_empty(dir.Sub("taken")));

  std::unique_ptr<Outbox> outbox;
  ASSERT_TRUE(Outbox::Open(dir.Sub("outbox"), &outbox).ok());
  EXPECT_TRUE(outbox->Backup(dir.Sub("taken")).IsInvalidArgument());
  std::unique_ptr<CheckpointStore> store;
  ASSERT_TRUE(CheckpointStore::Open(dir.Sub("checkpoints"), &store).ok());
  EXPECT_TRUE(store->Backup(dir.Sub("taken")).IsInvalidArgument());
  EXPECT_TRUE(BackupDataDirectory(dir.Sub("taken"), {}, "").IsInvalidArgument());
  EXPECT_TRUE(BackupDataDirectory(dir.Sub("no/such/parent"), {}, "").IsInvalidArgument());
  EXPECT_TRUE(BackupDataDirectory("", {}, "").IsInvalidArgument());
}

TEST(Backup, OutboxAndCheckpointsWhileWritten) {
  TempDir dir;
  std::unique_ptr<Outbox> outbox;
  ASSERT_TRUE(Outbox::Open(dir.Sub("outbox"), &outbox).ok());
  auto seal = [](std::string_view bytes) { return std::string(bytes.substr(0, 1)) + "sig"; };
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      v1::Envelope envelope;
      envelope.set_event_id("e" + std::to_string(i));
      envelope.set_origin("coa:coa");
      envelope.set_stream("dossier/V" + std::to_string(i));
      envelope.mutable_uitstroom()->set_v_nummer("V" + std::to_string(i));
      v1::OutboxEntry stored;
      ASSERT_TRUE(outbox->Add(envelope, {}, seal, &stored).ok());
      if (i % 2 == 0) {
        ASSERT_TRUE(outbox->MarkCommitted(stored.event_id(), i + 1).ok());
      }
    }
  });
  while (outbox->LastOriginSeq() < 100) std::this_thread::yield();
  ASSERT_TRUE(outbox->Backup(dir.Sub("outbox-copy")).ok());
  stop = true;
  writer.join();
  EXPECT_GT(outbox->CommittedSinceOpen(), 0u);
  EXPECT_EQ(outbox->RejectedSinceOpen(), 0u);
  std::unique_ptr<Outbox> copy;
  ASSERT_TRUE(Outbox::Open(dir.Sub("outbox-copy"), &copy).ok());
  EXPECT_GE(copy->LastOriginSeq(), 100u);
  EXPECT_LE(copy->LastOriginSeq(), outbox->LastOriginSeq());
  v1::OutboxEntry first;
  ASSERT_TRUE(copy->Get("e0", &first).ok());
  EXPECT_EQ(first.state(), v1::OutboxEntry::COMMITTED);

  std::unique_ptr<CheckpointStore> store;
  ASSERT_TRUE(CheckpointStore::Open(dir.Sub("checkpoints"), &store).ok());
  for (uint64_t p = 1; p <= 5; ++p) {
    v1::Checkpoint c;
    c.set_position(p * 1000);
    c.set_root(std::string(32, static_cast<char>(p)));
    ASSERT_TRUE(store->Add(c).ok());
  }
  EXPECT_EQ(store->AddedSinceOpen(), 5u);
  ASSERT_TRUE(store->Backup(dir.Sub("checkpoints-copy")).ok());
  std::unique_ptr<CheckpointStore> store_copy;
  ASSERT_TRUE(CheckpointStore::OpenReadOnly(dir.Sub("checkpoints-copy"), &store_copy).ok());
  ASSERT_TRUE(store_copy->Latest().has_value());
  EXPECT_EQ(store_copy->Latest()->position(), 5000u);
}

TEST(Backup, DataDirectoryIsWholeOrAbsent) {
  TempDir dir;
  std::unique_ptr<EventLog> log;
  ASSERT_TRUE(EventLog::Open(dir.Sub("log"), {}, &log).ok());
  std::vector<AppendResult> results;
  ASSERT_TRUE(log->Append({MakeEntry("V1"), MakeEntry("V2")}, &results).ok());
  // A part that fails: no target, no temporary directory.
  const std::vector<BackupPart> failing = {
      {"log", [&](const std::string& d) { return log->Backup(d); }},
      {"kapot", [](const std::string&) { return Status::IOError("disk vol"); }}};
  Status s = BackupDataDirectory(dir.Sub("b1"), failing, "x");
  EXPECT_TRUE(s.IsIOError()) << s.ToString();
  EXPECT_FALSE(fs::exists(dir.Sub("b1")));
  EXPECT_FALSE(fs::exists(dir.Sub("b1.tmp")));
  // A leftover .tmp of an interrupted backup is not in the way.
  fs::create_directories(dir.Sub("b2.tmp/rommel"));
  ASSERT_TRUE(BackupDataDirectory(dir.Sub("b2"),
                                  {{"log", [&](const std::string& d) { return log->Backup(d); }}},
                                  "positie 2\n")
                  .ok());
  EXPECT_TRUE(fs::exists(dir.Sub("b2/BACKUP.txt")));
  EXPECT_FALSE(fs::exists(dir.Sub("b2/rommel")));
  EXPECT_FALSE(fs::exists(dir.Sub("b2.tmp")));
  std::unique_ptr<EventLog> copy;
  ASSERT_TRUE(EventLog::Open(dir.Sub("b2/log"), {.create_if_missing = false}, &copy).ok());
  EXPECT_EQ(copy->Head().position, 2u);
}

// A backup may never be what fills the disk: without room for what it needs plus the margin it is
// refused before anything is written, with a message that says how much is free and needed.
TEST(Backup, RefusedWhereTheFileSystemHasNoRoomForItAndTheMargin) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  EXPECT_TRUE(CheckRoomForBackup(dir.path(), 1024, 0).ok()) << "a KiB fits";
  // More than any file system here has free (statvfs asked for real, not mocked).
  const uint64_t more_than_any_disk = uint64_t{1} << 62;
  Status refused = CheckRoomForBackup(dir.path(), 1024, more_than_any_disk);
  ASSERT_TRUE(refused.IsUnavailable()) << refused.ToString();
  EXPECT_NE(refused.message().find("backup geweigerd"), std::string::npos) << refused.message();
  EXPECT_NE(refused.message().find("vrij"), std::string::npos) << refused.message();
  EXPECT_TRUE(CheckRoomForBackup(dir.path(), more_than_any_disk, 0).IsUnavailable()) << "needed alone";
  EXPECT_TRUE(CheckRoomForBackup(dir.path(), UINT64_MAX, kBackupMarginBytes).IsUnavailable())
      << "no overflow";
  EXPECT_TRUE(CheckRoomForBackup(dir.Sub("missing"), 0, 0).IsIOError());
  EXPECT_EQ(dir.Names(), std::vector<std::string>{}) << "nothing written";
}

// What a backup needs: the files it copies; table files on the same file system are hard-linked.
TEST(Backup, EstimateCountsCopiedFilesAndNotHardLinkedTables) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  fs::create_directories(dir.Sub("store/sub"));
  fs::create_directories(dir.Sub("backups"));
  std::ofstream(dir.Sub("store/000004.log")) << std::string(1000, 'w');
  std::ofstream(dir.Sub("store/sub/MANIFEST-000001")) << std::string(24, 'm');
  std::ofstream(dir.Sub("store/000007.sst")) << std::string(5000, 's');
  uint64_t bytes = 0;
  ASSERT_TRUE(EstimateBackupBytes({dir.Sub("store"), dir.Sub("absent")}, dir.Sub("backups"), &bytes).ok());
  EXPECT_EQ(bytes, 1024u);

  // A real store: its estimate is what an outbox's files take beside its tables.
  std::unique_ptr<Outbox> outbox;
  ASSERT_TRUE(Outbox::Open(dir.Sub("outbox"), &outbox).ok());
  ASSERT_TRUE(EstimateBackupBytes({dir.Sub("outbox")}, dir.Sub("backups"), &bytes).ok());
  EXPECT_GT(bytes, 0u);
}

}  // namespace
}  // namespace regiotafel::eventstore
