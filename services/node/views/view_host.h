// ViewHost: the node's views kept up to date with its replica of the regional log, by a thread of
// its own; a query is exact at any AsOf up to the replica's head (docs/PROJECTIONS.md, "Served": the
// rebuild, following the replica, the kept views).
//
// Thread-safety: every public method may be called from any thread. The replica must outlive the
// host; nothing here writes to it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <thread>

#include "base/status.h"
#include "eventstore/event_log.h"
#include "projections/as_of.h"
#include "projections/drempels.h"
#include "projections/projection.h"
#include "services/node/views/cached_view.h"
#include "services/node/views/personal_data.h"

namespace regiotafel::node {

struct ViewHostOptions {
  using Clock = std::chrono::steady_clock;

  projections::Drempels drempels;
  // Records read from the replica (the next chunk read and parsed on a thread of its own while this
  // one is applied) and applied under one writer lock; its size: docs/PROJECTIONS.md, "Served".
  size_t chunk = 16384;
  // Region views kept, most recently used first, while they take less than this together; a view
  // bigger than all of it is not kept. 0: none.
  size_t cache_bytes = size_t{16} << 20;
  // Blocks until the replica's head is at `position` or beyond (true), or until `deadline` or the
  // source stopped (false): the node passes ReplicaFollower::WaitForPosition. Null: the thread
  // catches up only when Notify() is called (and queries call it).
  std::function<bool(uint64_t position, Clock::time_point deadline)> wait_for_position;
  // What the node's kind may see of personal data; null: every envelope folded as stored (tests).
  PersonalData* personal_data = nullptr;
};

struct ViewCacheStats {
  uint64_t hits = 0;    // answered from a kept (or in-progress) result
  uint64_t misses = 0;  // computed
};

class ViewHost {
 public:
  using Clock = std::chrono::steady_clock;

  ViewHost(const eventstore::EventLog& replica, ViewHostOptions options);
  ~ViewHost();  // Stop()
  ViewHost(const ViewHost&) = delete;
  ViewHost& operator=(const ViewHost&) = delete;

  // Starts the thread: rebuild from the whole replica, then follow it. Once only.
  void Start();
  // Idempotent. Waiting queries get Unavailable.
  void Stop();

  // New records may be in the replica: the thread looks now rather than at its next wake-up.
  void Notify();

  // The last position applied (0 before any).
  uint64_t applied() const { return applied_.load(); }
  // The replica's head position now.
  uint64_t head() const { return replica_.Head().position; }
  const projections::Drempels& drempels() const { return drempels_; }

  // True once every record up to `position` is applied; false at `deadline` or after Stop().
  bool WaitForApplied(uint64_t position, Clock::time_point deadline);

  // The region view of `kind` at `at`. `at.positie` must be ≤ head() (InvalidArgument otherwise;
  // callers resolve "the whole log" to the head first, so that the answer names the position it is
  // of). Unavailable when the records up to it are not applied by `deadline`.
  Status View(CachedView::Kind kind, const projections::AsOf& at, Clock::time_point deadline,
              std::shared_ptr<const CachedView>* out);

  // One dossier at `at` (same rules); NotFound when no fact of it is seen at `at`.
  Status Dossier(std::string_view v_nummer, const projections::AsOf& at, Clock::time_point deadline,
                 v1::Dossier* out);

  // Calls read(projection) under the reader lock once the records up to `at.positie` are applied
  // (same rules as View), for answers not worth keeping: a filtered list, a page of one.
  Status Read(const projections::AsOf& at, Clock::time_point deadline,
              const std::function<void(const projections::Projection&)>& read);

  ViewCacheStats cache_stats() const;

 private:
  using ViewPtr = std::shared_ptr<const CachedView>;
  struct CacheEntry {
    uint64_t position;
    int32_t peildatum;
    CachedView::Kind kind;
    std::shared_future<ViewPtr> view;
    size_t bytes = 0;  // once computed
  };
  // Drops the least recently used entries past the budget, never the newest. Under cache_mutex_.
  void Trim();

  void Run();
  // Applies what the replica holds beyond applied(), in chunks; with progress on the log when
  // `rebuild`. False when reading the replica failed (logged).
  bool CatchUp(bool rebuild);
  // Sleeps on the host's own signal until Notify(), Stop() or `deadline`.
  void Idle(Clock::time_point deadline);
  Status Ready(const projections::AsOf& at, Clock::time_point deadline);

  const eventstore::EventLog& replica_;
  const projections::Drempels drempels_;
  const ViewHostOptions options_;

  // The projection: Apply under the writer lock (thread only), queries under the reader lock.
  mutable std::shared_mutex projection_mutex_;
  projections::Projection projection_;

  std::atomic<uint64_t> applied_{0};
  std::mutex mutex_;                    // guards notified_, stop_ for the two condition variables below
  std::condition_variable wake_;        // the thread: Notify() or Stop()
  std::condition_variable applied_cv_;  // queries: applied_ moved, or Stop()
  bool notified_ = false;
  bool stop_ = false;
  std::atomic<bool> stopping_{false};
  std::thread thread_;

  mutable std::mutex cache_mutex_;
  std::list<CacheEntry> cache_;  // most recently used first
  ViewCacheStats stats_;
};

}  // namespace regiotafel::node
