// What every bench shares: timing, the formatting of its markdown tables, and where its section goes.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "bench/die.h"

namespace regiotafel::bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point begin) {
  return std::chrono::duration<double>(Clock::now() - begin).count();
}

// `seconds` as the clock's duration.
inline Clock::duration AsDuration(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

// 1234567 → "1 234 567", as Dutch readers group digits.
inline std::string Grouped(double value) {
  std::string digits = std::to_string(static_cast<uint64_t>(value + 0.5));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(' ');
    out.push_back(digits[i]);
  }
  return out;
}

inline std::string Times(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f×", ratio);
  return buf;
}

inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// The value at rank ⌈p·n⌉ of the n values (p = 0.99: the 99th percentile; p = 1: the largest); 0 for none.
inline double Percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t rank = static_cast<size_t>(std::ceil(p * static_cast<double>(values.size())));
  return values[std::min(values.size() - 1, rank == 0 ? 0 : rank - 1)];
}

// "median (lowest–highest)" of the values, formatted.
inline std::string Spread(std::vector<double> values, const std::function<std::string(double)>& format) {
  std::sort(values.begin(), values.end());
  std::string text = format(values[values.size() / 2]);
  if (values.size() > 1) text += " (" + format(values.front()) + "–" + format(values.back()) + ")";
  return text;
}

// "median (lowest–highest)" of the rates n / s for the given seconds.
inline std::string RateSpread(double n, const std::vector<double>& seconds) {
  std::vector<double> rates;
  for (double s : seconds) rates.push_back(n / s);
  return Spread(rates, Grouped);
}

// The bench's markdown section: printed, and written to `out` (--out) when given; Die when it cannot be.
inline void WriteSection(const std::string& section, const std::string& out) {
  std::fputs(section.c_str(), stdout);
  std::fflush(stdout);
  if (out.empty()) return;
  std::ofstream file(out);
  file << section;
  file.close();
  if (!file) Die("cannot write " + out);
}

}  // namespace regiotafel::bench
