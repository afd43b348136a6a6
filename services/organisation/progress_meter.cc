#include "services/organisation/progress_meter.h"

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace regiotafel::organisation {
namespace {

constexpr auto kQuietStart = std::chrono::milliseconds(500);
constexpr auto kRedraw = std::chrono::milliseconds(100);
constexpr int kBarWidth = 20;

}  // namespace

ProgressMeter::ProgressMeter(std::ostream& out, bool enabled) : out_(out), enabled_(enabled) {}

ProgressMeter::~ProgressMeter() { Finish(); }

void ProgressMeter::Update(std::string_view phase, double fraction, uint64_t lines) {
  if (!enabled_) return;
  const Clock::time_point now = Clock::now();
  if (phase != phase_) {
    phase_ = std::string(phase);
    phase_started_ = now;
  } else if (now - last_drawn_ < kRedraw) {
    return;
  }
  if (now - started_ < kQuietStart) return;
  last_drawn_ = now;

  const double seconds = std::chrono::duration<double>(now - phase_started_).count();
  const double rate = seconds > 0.05 ? static_cast<double>(lines) / seconds : 0;
  char line[160];
  if (fraction >= 0) {
    const double clamped = std::clamp(fraction, 0.0, 1.0);
    const int filled = static_cast<int>(clamped * kBarWidth);
    std::string bar(static_cast<size_t>(filled), '#');
    bar.resize(kBarWidth, '.');
    std::snprintf(line, sizeof line, "\r%-10s [%s] %3d%%  %llu lines  %.0f lines/s\x1b[K", phase_.c_str(),
                  bar.c_str(), static_cast<int>(clamped * 100), static_cast<unsigned long long>(lines), rate);
  } else {
    std::snprintf(line, sizeof line, "\r%-10s %llu lines  %.0f lines/s\x1b[K", phase_.c_str(),
                  static_cast<unsigned long long>(lines), rate);
  }
  out_ << line << std::flush;
  drawn_ = true;
}

void ProgressMeter::Finish() {
  if (!drawn_) return;
  out_ << "\r\x1b[K" << std::flush;  // carriage return, erase to the end of the line
  drawn_ = false;
}

}  // namespace regiotafel::organisation
