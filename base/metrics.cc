#include "base/metrics.h"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace regiotafel::metrics {
namespace {

// HELP text escapes backslash and newline; label values also the double quote.
std::string Escape(std::string_view text, bool quote) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quote) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string FormatValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buffer[64];
  // The shortest text that reads back as the same double ("0.001", "250", "1e-05").
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : "NaN";
}

Histogram::Histogram(std::vector<double> upper_bounds)
    : upper_bounds_(std::move(upper_bounds)), buckets_(new std::atomic<uint64_t>[upper_bounds_.size() + 1]) {
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // Prometheus buckets are "less than or equal": the first bound at or above the value.
  const size_t i = static_cast<size_t>(std::lower_bound(upper_bounds_.begin(), upper_bounds_.end(), value) -
                                       upper_bounds_.begin());
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot s;
  s.upper_bounds = upper_bounds_;
  s.cumulative.reserve(upper_bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= upper_bounds_.size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    s.cumulative.push_back(running);
  }
  // The count is the +Inf bucket by construction, so the two never disagree in one scrape.
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> LatencyBuckets() {
  return {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
          0.025,   0.05,   0.1,     0.25,   0.5,   1,      2.5,   10};
}

void TextWriter::Header(std::string_view name, std::string_view type, std::string_view help) {
  out_.append("# HELP ").append(name).append(" ").append(Escape(help, false)).append("\n");
  out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void TextWriter::Sample(std::string_view name, const Labels& labels, double value) {
  out_.append(name);
  if (!labels.empty()) {
    out_ += '{';
    for (size_t i = 0; i < labels.size(); ++i) {
      if (i > 0) out_ += ',';
      out_.append(labels[i].first).append("=\"").append(Escape(labels[i].second, true)).append("\"");
    }
    out_ += '}';
  }
  out_.append(" ").append(FormatValue(value)).append("\n");
}

void TextWriter::Counter(std::string_view name, std::string_view help, uint64_t value) {
  Header(name, "counter", help);
  // A double holds every count below 2^53 exactly; printed as an integer.
  out_.append(name).append(" ").append(std::to_string(value)).append("\n");
}

void TextWriter::Gauge(std::string_view name, std::string_view help, double value) {
  Header(name, "gauge", help);
  Sample(name, {}, value);
}

void TextWriter::Histogram(std::string_view name, std::string_view help,
                           const Histogram::Snapshot& snapshot) {
  Header(name, "histogram", help);
  const std::string base(name);
  for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
    const std::string le = i < snapshot.upper_bounds.size() ? FormatValue(snapshot.upper_bounds[i]) : "+Inf";
    out_.append(base).append("_bucket{le=\"").append(le).append("\"} ");
    out_.append(std::to_string(snapshot.cumulative[i])).append("\n");
  }
  out_.append(base).append("_sum ").append(FormatValue(snapshot.sum)).append("\n");
  out_.append(base).append("_count ").append(std::to_string(snapshot.count)).append("\n");
}

}  // namespace regiotafel::metrics
