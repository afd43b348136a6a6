#include "services/node/views/view_host.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <vector>

#include "services/node/views/read_ahead.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;

// The longest the thread waits on `wait_for_position` at a time, so that Stop() is prompt even when
// the source of that signal keeps running.
constexpr auto kFollowSlice = 500ms;
// After the replica could not be read: try again after this long (or on Notify()).
constexpr auto kRetryAfter = 1s;
// A rebuild reports progress at most this often, and only once it takes longer than this.
constexpr auto kProgressEvery = 1s;

double Seconds(ViewHost::Clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

ViewHost::ViewHost(const eventstore::EventLog& replica, ViewHostOptions options)
    : replica_(replica), drempels_(options.drempels), options_(std::move(options)), projection_(drempels_) {}

ViewHost::~ViewHost() { Stop(); }

void ViewHost::Start() {
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void ViewHost::Stop() {
  stopping_ = true;
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  applied_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void ViewHost::Notify() {
  {
    std::lock_guard lock(mutex_);
    notified_ = true;
  }
  wake_.notify_all();
}

void ViewHost::Idle(Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  const auto woken = [this] { return notified_ || stop_; };
  if (deadline == Clock::time_point::max()) {
    wake_.wait(lock, woken);
  } else {
    wake_.wait_until(lock, deadline, woken);
  }
  notified_ = false;
}

void ViewHost::Run() {
  if (!CatchUp(/*rebuild=*/true)) Idle(Clock::now() + kRetryAfter);
  while (!stopping_) {
    {
      std::lock_guard lock(mutex_);
      notified_ = false;  // what it asked for is about to be read
    }
    if (!CatchUp(/*rebuild=*/false)) {
      Idle(Clock::now() + kRetryAfter);
      continue;
    }
    if (!options_.wait_for_position) {
      Idle(Clock::time_point::max());
      continue;
    }
    const Clock::time_point deadline = Clock::now() + kFollowSlice;
    if (options_.wait_for_position(applied() + 1, deadline)) continue;
    // Returned early without a new record: the source has stopped. Our own signal from here.
    if (Clock::now() < deadline) Idle(deadline);
  }
}

bool ViewHost::CatchUp(bool rebuild) {
  const uint64_t first = applied() + 1;
  const uint64_t target = head();
  if (first > target) {
    if (rebuild) spdlog::info("views: the replica is empty; following it");
    return true;
  }
  const Clock::time_point start = Clock::now();
  Clock::time_point reported = start;
  const uint64_t total = target - first + 1;
  // A rebuild stops at the head it started with (its figures are of that); following comes back
  // for whatever arrived meanwhile.
  const Status read = ReadAhead(
      replica_, first, target, options_.chunk,
      [&](std::vector<ParsedRecord>& records) {
        {
          std::unique_lock writer(projection_mutex_);
          for (const ParsedRecord& record : records) {
            Status s = projection_.Apply(record.position, *record.envelope);  // an empty one uses it up
            if (s.ok() && !record.parsed) s = Status::Corruption("the envelope does not parse");
            if (!s.ok()) {
              // The bus commits only valid events; one the facts cannot use is skipped, as the
              // projection does, and every node skips it alike.
              spdlog::warn("views: record at position {} not folded: {}", record.position, s.ToString());
            }
          }
        }
        {
          std::lock_guard lock(mutex_);
          applied_ = records.back().position;
        }
        applied_cv_.notify_all();

        const Clock::time_point now = Clock::now();
        if (rebuild && now - reported >= kProgressEvery) {
          reported = now;
          const uint64_t done = applied() - first + 1;
          spdlog::info("views: rebuilding from the replica: {} of {} records ({:.0f}%), {:.0f} records/s",
                       done, total, 100.0 * static_cast<double>(done) / static_cast<double>(total),
                       static_cast<double>(done) / std::max(Seconds(now - start), 1e-9));
        }
        return !stopping_;
      },
      options_.personal_data);
  if (!read.ok()) {
    spdlog::error("views: cannot read the replica from position {}: {}", applied() + 1, read.ToString());
    return false;
  }
  {
    // The lists' orders and the facts' layout brought up to date by this thread, not a request.
    std::unique_lock writer(projection_mutex_);
    projection_.Prepare();
  }
  if (rebuild) {
    const double took = Seconds(Clock::now() - start);
    const uint64_t done = applied() >= first ? applied() - first + 1 : 0;
    spdlog::info("views: rebuilt from {} records of the replica in {:.2f} s ({:.0f} records/s); following it",
                 done, took, static_cast<double>(done) / std::max(took, 1e-9));
  }
  return true;
}

bool ViewHost::WaitForApplied(uint64_t position, Clock::time_point deadline) {
  std::unique_lock lock(mutex_);
  applied_cv_.wait_until(lock, deadline, [&] { return applied_ >= position || stop_; });
  return applied_ >= position;
}

Status ViewHost::Ready(const projections::AsOf& at, Clock::time_point deadline) {
  const uint64_t now_head = head();
  if (at.position > now_head) {
    return Status::InvalidArgument("positie " + std::to_string(at.position) +
                                       " ligt voorbij de kop van het log op deze node (positie " +
                                       std::to_string(now_head) + ")",
                                   "positie");
  }
  if (applied() >= at.position) return Status::Ok();
  Notify();
  if (WaitForApplied(at.position, deadline)) return Status::Ok();
  return Status::Unavailable("de views zijn nog niet bij positie " + std::to_string(at.position) + " (nu " +
                             std::to_string(applied()) + "); probeer het zo nog eens");
}

Status ViewHost::View(CachedView::Kind kind, const projections::AsOf& at, Clock::time_point deadline,
                      ViewPtr* out) {
  if (Status s = Ready(at, deadline); !s.ok()) return s;
  const auto compute = [&] {
    std::shared_lock reader(projection_mutex_);
    return std::make_shared<const CachedView>(projection_, kind, at);
  };
  const auto same = [&](const CacheEntry& e) {
    return e.position == at.position && e.peildatum == at.peildatum && e.kind == kind;
  };
  if (options_.cache_bytes == 0) {
    {
      std::lock_guard lock(cache_mutex_);
      ++stats_.misses;
    }
    *out = compute();
    return Status::Ok();
  }

  std::promise<ViewPtr> promise;
  std::shared_future<ViewPtr> view;
  bool mine = false;
  {
    std::lock_guard lock(cache_mutex_);
    auto it = std::find_if(cache_.begin(), cache_.end(), same);
    if (it != cache_.end()) {
      cache_.splice(cache_.begin(), cache_, it);
      view = it->view;
      ++stats_.hits;
    } else {
      view = promise.get_future().share();
      cache_.push_front(CacheEntry{at.position, at.peildatum, kind, view});
      ++stats_.misses;
      mine = true;
    }
  }
  if (mine) {
    try {
      ViewPtr computed = compute();
      const size_t bytes = computed->Bytes();
      promise.set_value(std::move(computed));
      std::lock_guard lock(cache_mutex_);
      if (auto it = std::find_if(cache_.begin(), cache_.end(), same); it != cache_.end()) it->bytes = bytes;
      Trim();
    } catch (...) {
      promise.set_exception(std::current_exception());
      std::lock_guard lock(cache_mutex_);
      cache_.remove_if(same);
    }
  }
  *out = view.get();  // rethrows what the computation threw; httplib's handler makes it a 500
  return Status::Ok();
}

void ViewHost::Trim() {
  size_t total = 0;
  for (auto it = cache_.begin(); it != cache_.end();) {
    total += it->bytes;
    // Entries still being computed weigh nothing yet. One bigger than the whole budget (a whole list
    // of 100,000 dossiers is a download; screens ask pages) is served, not kept.
    const bool over =
        it->bytes > options_.cache_bytes || (it != cache_.begin() && total > options_.cache_bytes);
    if (it->bytes > 0 && over) {
      total -= it->bytes;
      it = cache_.erase(it);
    } else {
      ++it;
    }
  }
}

Status ViewHost::Dossier(std::string_view v_nummer, const projections::AsOf& at, Clock::time_point deadline,
                         v1::Dossier* out) {
  Status found;
  Status s =
      Read(at, deadline, [&](const projections::Projection& p) { found = p.Dossier(v_nummer, at, out); });
  return s.ok() ? found : s;
}

Status ViewHost::Read(const projections::AsOf& at, Clock::time_point deadline,
                      const std::function<void(const projections::Projection&)>& read) {
  if (Status s = Ready(at, deadline); !s.ok()) return s;
  std::shared_lock reader(projection_mutex_);
  read(projection_);
  return Status::Ok();
}

ViewCacheStats ViewHost::cache_stats() const {
  std::lock_guard lock(cache_mutex_);
  return stats_;
}

}  // namespace regiotafel::node
