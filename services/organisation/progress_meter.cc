#include "services/organisation/progress_meter.h"

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <utility>

namespace regiotafel::organisation {
namespace {

constexpr auto kQuietStart = std::chrono::milliseconds(500);
constexpr auto kRedraw = std::chrono::milliseconds(100);
constexpr int kBarWidth = 20;

}  // namespace

ProgressMeter::ProgressMeter(std::ostream& out, bool enabled, std::string unit)
    : out_(out), enabled_(enabled), unit_(std::move(unit)) {}

ProgressMeter::~ProgressMeter() { Finish(); }

void ProgressMeter::Update(std::string_view phase, double fraction, uint64_t done) {
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
  const double rate = seconds > 0.05 ? static_cast<double>(done) / seconds : 0;
  const double clamped = std::clamp(fraction, 0.0, 1.0);
  std::string bar(static_cast<size_t>(clamped * kBarWidth), '#');
  bar.resize(kBarWidth, '.');
  char line[160];
  std::snprintf(line, sizeof line, "\r%-10s [%s] %3d%%  %llu %s  %.0f/s\x1b[K", phase_.c_str(), bar.c_str(),
                static_cast<int>(clamped * 100), static_cast<unsigned long long>(done), unit_.c_str(), rate);
  out_ << line << std::flush;
  drawn_ = true;
}

void ProgressMeter::Finish() {
  if (!drawn_) return;
  out_ << "\r\x1b[K" << std::flush;  // carriage return, erase to the end of the line
  drawn_ = false;
}

}  // namespace regiotafel::organisation
