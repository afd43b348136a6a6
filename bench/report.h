// What every bench shares: timing and the formatting of its markdown tables.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace regiotafel::bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point begin) {
  return std::chrono::duration<double>(Clock::now() - begin).count();
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

// "median (lowest–highest)" of the values, formatted.
inline std::string Spread(std::vector<double> values, const std::function<std::string(double)>& format) {
  std::sort(values.begin(), values.end());
  std::string text = format(values[values.size() / 2]);
  if (values.size() > 1) text += " (" + format(values.front()) + "–" + format(values.back()) + ")";
  return text;
}

}  // namespace regiotafel::bench
