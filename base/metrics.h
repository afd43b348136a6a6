// Metrics in the Prometheus text exposition format 0.0.4, for GET /metrics on the bus and every node.
//
// Counter and Histogram are lock-free (relaxed atomics), so the hot paths (an append, a decision)
// pay a few atomic adds and nothing else; the text is built only when someone scrapes. A histogram
// has fixed upper bounds chosen at construction, as Prometheus's client libraries do.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace regiotafel::metrics {

inline constexpr char kContentType[] = "text/plain; version=0.0.4; charset=utf-8";

class Counter {
 public:
  void Add(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Histogram {
 public:
  // `upper_bounds` ascending and finite; the +Inf bucket is implied.
  explicit Histogram(std::vector<double> upper_bounds);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void Observe(double value);

  struct Snapshot {
    std::vector<double> upper_bounds;
    std::vector<uint64_t> cumulative;  // one per bound, then +Inf
    double sum = 0;
    uint64_t count = 0;  // always cumulative.back()
  };
  Snapshot Read() const;

 private:
  const std::vector<double> upper_bounds_;
  const std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // non-cumulative, the last is +Inf
  std::atomic<double> sum_{0};
};

// Seconds from 50 µs to 10 s: an fsync on an SSD is ~0.1–2 ms, on a busy disk tens of ms.
std::vector<double> LatencyBuckets();

using Labels = std::vector<std::pair<std::string, std::string>>;

// Builds one exposition. Every family gets its # HELP and # TYPE line before its samples; the
// caller writes each family once, with counters named …_total.
class TextWriter {
 public:
  void Counter(std::string_view name, std::string_view help, uint64_t value);
  void Gauge(std::string_view name, std::string_view help, double value);
  void Histogram(std::string_view name, std::string_view help, const Histogram::Snapshot& snapshot);
  // A family of labelled samples: Header once, then Sample per label set.
  void Header(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);

  const std::string& text() const { return out_; }

 private:
  std::string out_;
};

// A sample value as Prometheus writes it: integers without a fraction, +Inf, -Inf, NaN.
std::string FormatValue(double value);

}  // namespace regiotafel::metrics
