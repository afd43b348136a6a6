#include "base/metrics.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace regiotafel::metrics {
namespace {

TEST(MetricsText, CounterAndGaugeWithHelpAndType) {
  TextWriter w;
  Counter events;
  events.Add();
  events.Add(41);
  w.Counter("regiotafel_events_committed_total", "Events the bus committed.", events.value());
  w.Gauge("regiotafel_log_head", "The log's head\nposition \\ last.", 1234);
  w.Gauge("regiotafel_fraction", "A fraction.", 0.25);
  EXPECT_EQ(w.text(),
            "# HELP regiotafel_events_committed_total Events the bus committed.\n"
            "# TYPE regiotafel_events_committed_total counter\n"
            "regiotafel_events_committed_total 42\n"
            "# HELP regiotafel_log_head The log's head\\nposition \\\\ last.\n"
            "# TYPE regiotafel_log_head gauge\n"
            "regiotafel_log_head 1234\n"
            "# HELP regiotafel_fraction A fraction.\n"
            "# TYPE regiotafel_fraction gauge\n"
            "regiotafel_fraction 0.25\n");
}

TEST(MetricsText, LabelledFamilyEscapesValues) {
  TextWriter w;
  w.Header("regiotafel_events_rejected_total", "counter", "Rejected events by reason.");
  w.Sample("regiotafel_events_rejected_total", {{"reden", "signature"}}, 3);
  w.Sample("regiotafel_events_rejected_total", {{"reden", "a\"b\\c\nd"}, {"x", "y"}}, 0);
  EXPECT_EQ(w.text(),
            "# HELP regiotafel_events_rejected_total Rejected events by reason.\n"
            "# TYPE regiotafel_events_rejected_total counter\n"
            "regiotafel_events_rejected_total{reden=\"signature\"} 3\n"
            "regiotafel_events_rejected_total{reden=\"a\\\"b\\\\c\\nd\",x=\"y\"} 0\n");
}

TEST(MetricsText, HistogramBucketsAreCumulativeWithInfSumCount) {
  Histogram h({0.001, 0.01, 0.1});
  h.Observe(0.0005);
  h.Observe(0.001);  // le is "less than or equal"
  h.Observe(0.05);
  h.Observe(3);
  TextWriter w;
  w.Histogram("regiotafel_append_seconds", "Append latency.", h.Read());
  EXPECT_EQ(w.text(),
            "# HELP regiotafel_append_seconds Append latency.\n"
            "# TYPE regiotafel_append_seconds histogram\n"
            "regiotafel_append_seconds_bucket{le=\"0.001\"} 2\n"
            "regiotafel_append_seconds_bucket{le=\"0.01\"} 2\n"
            "regiotafel_append_seconds_bucket{le=\"0.1\"} 3\n"
            "regiotafel_append_seconds_bucket{le=\"+Inf\"} 4\n"
            "regiotafel_append_seconds_sum 3.0515\n"
            "regiotafel_append_seconds_count 4\n");
}

TEST(MetricsText, EmptyHistogramAndValues) {
  Histogram h(LatencyBuckets());
  const Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.count, 0u);
  EXPECT_EQ(s.cumulative.size(), LatencyBuckets().size() + 1);
  EXPECT_EQ(FormatValue(0), "0");
  EXPECT_EQ(FormatValue(0.00005), "5e-05");
  EXPECT_EQ(FormatValue(10), "10");
  EXPECT_EQ(FormatValue(1.0 / 0.0), "+Inf");
}

TEST(MetricsText, ConcurrentObservationsAllCounted) {
  Histogram h(LatencyBuckets());
  Counter c;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10'000; ++i) {
        h.Observe(0.002);
        c.Add();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  const Histogram::Snapshot s = h.Read();
  EXPECT_EQ(s.count, 40'000u);
  EXPECT_EQ(c.value(), 40'000u);
  EXPECT_NEAR(s.sum, 80.0, 1e-6);
}

}  // namespace
}  // namespace regiotafel::metrics

#include "base/listen_address.h"

namespace regiotafel {
namespace {

TEST(ListenAddress, ParsesHostAndPort) {
  ListenAddress a;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:9464", &a).ok());
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 9464);
  ASSERT_TRUE(ParseListenAddress("[::1]:0", &a).ok());
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 0);
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", ":9464", "127.0.0.1:x", "127.0.0.1:70000", "::1:9464",
                          "127.0.0.1:94 64"}) {
    EXPECT_TRUE(ParseListenAddress(bad, &a).IsInvalidArgument()) << bad;
  }
  EXPECT_TRUE(IsLoopbackHost("127.0.0.1"));
  EXPECT_TRUE(IsLoopbackHost("127.1.2.3"));
  EXPECT_TRUE(IsLoopbackHost("::1"));
  EXPECT_TRUE(IsLoopbackHost("localhost"));
  EXPECT_FALSE(IsLoopbackHost("0.0.0.0"));
  EXPECT_FALSE(IsLoopbackHost("10.0.0.5"));
  EXPECT_FALSE(IsLoopbackHost("::"));
}

}  // namespace
}  // namespace regiotafel
