#include "transport/refusal_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace regiotafel::transport {
namespace {

constexpr const char* kOthers = "(others)";

}  // namespace

RefusalLog::RefusalLog(std::string what, Clock::duration interval, metrics::Counter* unlogged)
    : what_(std::move(what)), interval_(interval), unlogged_(unlogged) {}

bool RefusalLog::Admit(std::string_view peer, std::string_view reason, Clock::time_point now) {
  Flush(now);
  auto window = windows_.find(peer);
  if (window == windows_.end()) {
    const std::string key(windows_.size() < kPeers ? peer : std::string_view(kOthers));
    window = windows_.try_emplace(key).first;
    window->second.start = now;
    next_flush_ = std::min(next_flush_, window->second.start + interval_);
  }
  if (window->second.logged < kBurst) {
    ++window->second.logged;
    return true;
  }
  auto count = window->second.unlogged.find(reason);
  if (count == window->second.unlogged.end()) {
    // Reasons are a small set (the metrics' labels), but a peer could make up its own: bounded too.
    const std::string key(window->second.unlogged.size() < 32 ? reason : std::string_view(kOthers));
    count = window->second.unlogged.try_emplace(key, 0).first;
  }
  ++count->second;
  if (unlogged_ != nullptr) unlogged_->Add();
  return false;
}

void RefusalLog::Flush(Clock::time_point now) {
  // Every window is at least this old before it is due: no need to look at all of them each time.
  if (now < next_flush_) return;
  next_flush_ = Clock::time_point::max();
  for (auto window = windows_.begin(); window != windows_.end();) {
    if (now - window->second.start >= interval_) {
      Summarise(window->first, window->second, now);
      window = windows_.erase(window);
    } else {
      next_flush_ = std::min(next_flush_, window->second.start + interval_);
      ++window;
    }
  }
}

void RefusalLog::Summarise(const std::string& peer, const Window& window, Clock::time_point now) const {
  uint64_t total = 0;
  std::string reasons;
  for (const auto& [reason, count] : window.unlogged) {
    total += count;
    reasons += (reasons.empty() ? "" : ", ") + reason + "=" + std::to_string(count);
  }
  if (total == 0) return;
  spdlog::warn("{} more {} from {} in the last {:.0f} s were not logged one by one: {}", total, what_, peer,
               std::chrono::duration<double>(now - window.start).count(), reasons);
}

}  // namespace regiotafel::transport
