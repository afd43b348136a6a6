// Forgetter: carries out every committed DossierVergeten on one copy of the log (DOMAIN.md §7 rule
// 5, docs/PRIVACY.md "Forgetting"): the sealed parts of every record of that dossier up to it are
// erased from the log's files (EventLog::EraseParts: deletes, a WAL roll and a compaction), and the
// outbox's dropped parts with them (Outbox::Purge). The records stay, so every copy, signature,
// checkpoint and proof stays valid.
//
// Its cursor is the log's erasure cursor, kept in the log itself: a bus or node restored from a
// backup made before an erasure has the backup's cursor, and CatchUp, run before it answers, erases
// again. Then a thread of its own follows the log.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "base/status.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"

namespace regiotafel::forgetting {

class Forgetter {
 public:
  using Clock = std::chrono::steady_clock;
  // Blocks until the log's head is at `position` or beyond (true), or until `deadline` (false): a
  // node passes its follower's. Null: the thread looks when Notify() is called (the bus, after a round).
  using WaitForPosition = std::function<bool(uint64_t position, Clock::time_point deadline)>;

  // `log` and `outbox` (null: none) must outlive the forgetter.
  Forgetter(eventstore::EventLog& log, eventstore::Outbox* outbox, WaitForPosition wait = nullptr);
  ~Forgetter();  // Stop()
  Forgetter(const Forgetter&) = delete;
  Forgetter& operator=(const Forgetter&) = delete;

  // Every record after the cursor up to the head looked at, every DossierVergeten among them carried
  // out, the cursor moved on. Non-ok when the log could not be read or erased (the cursor stays).
  Status CatchUp();

  void Start();
  void Stop();    // idempotent
  void Notify();  // new records may be in the log

 private:
  void Run();

  eventstore::EventLog& log_;
  eventstore::Outbox* const outbox_;
  const WaitForPosition wait_;

  std::mutex mutex_;
  std::condition_variable wake_;
  bool notified_ = false;  // guarded by mutex_
  bool stop_ = false;      // guarded by mutex_
  std::thread thread_;
};

}  // namespace regiotafel::forgetting
