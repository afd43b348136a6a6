// ViewHost in-process over a real EventLog (RocksDB in a temporary directory): the rebuild equals a
// fresh fold, live records are applied as they arrive, answers are exact for any positie and
// peildatum, and the cache never answers with a view of an older log.
#include "services/node/view_host.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/views/view_test_util.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;
using projections::AsOf;
using views_testing::Clock;
using views_testing::Json;
using views_testing::TempDir;
using views_testing::TestReplica;

constexpr auto kPatience = 60s;

AsOf At(const std::string& peildatum, uint64_t positie) { return AsOf{*ParseDate(peildatum), positie}; }

class ViewHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    replica_ = std::make_unique<TestReplica>(dir_.Sub("replica"));
  }

  // A host that waits on the replica's own signal, as a node's waits on its follower.
  std::unique_ptr<ViewHost> Host(projections::Thresholds thresholds = {}, size_t chunk = 64) {
    ViewHostOptions options;
    options.thresholds = thresholds;
    options.chunk = chunk;
    options.wait_for_position = [this](uint64_t position, Clock::time_point deadline) {
      return replica_->WaitForPosition(position, deadline);
    };
    return std::make_unique<ViewHost>(replica_->log(), std::move(options));
  }

  std::string ViewsJson(ViewHost& host, const AsOf& at) {
    std::shared_ptr<const ViewSet> views;
    Status s = host.Views(at, Clock::now() + kPatience, &views);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return views ? Json(views->views()) : "";
  }

  std::string FoldJson(uint64_t positie, const std::string& peildatum,
                       projections::Thresholds thresholds = {}) {
    return Json(replica_->Fold(positie, thresholds).All(At(peildatum, positie)));
  }

  TempDir dir_;
  std::unique_ptr<TestReplica> replica_;
};

TEST_F(ViewHostTest, RebuildAtStartEqualsAFreshFold) {
  const uint64_t head = replica_->Append(views_testing::Region(60));
  ASSERT_GT(head, 300u);
  std::unique_ptr<ViewHost> host = Host();
  EXPECT_EQ(host->applied(), 0u) << "nothing before Start";
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  for (const std::string peildatum : {"2026-02-01", "2026-04-15", "2027-01-01"}) {
    EXPECT_EQ(ViewsJson(*host, At(peildatum, head)), FoldJson(head, peildatum)) << peildatum;
  }
}

TEST_F(ViewHostTest, RecordsArrivingLaterAreApplied) {
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  EXPECT_EQ(ViewsJson(*host, At("2026-06-30", 0)), FoldJson(0, "2026-06-30")) << "the empty log";

  const std::vector<v1::Envelope> events = views_testing::Region(30);
  uint64_t head = 0;
  for (size_t i = 0; i < events.size(); i += 37) {
    const std::vector<v1::Envelope> batch(events.begin() + i,
                                          events.begin() + std::min(events.size(), i + 37));
    head = replica_->Append(batch);
    ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience)) << "applied " << host->applied();
    EXPECT_EQ(ViewsJson(*host, At("2026-06-30", head)), FoldJson(head, "2026-06-30")) << "at " << head;
  }
  EXPECT_EQ(host->applied(), events.size());
}

TEST_F(ViewHostTest, APastPositieIsExact) {
  const uint64_t head = replica_->Append(views_testing::Region(25));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  for (uint64_t positie = 0; positie <= head; positie += 13) {
    EXPECT_EQ(ViewsJson(*host, At("2026-05-01", positie)), FoldJson(positie, "2026-05-01")) << positie;
  }
  // One dossier as well: the same as in a fold of the prefix, and unknown before its first record.
  using projections::testing::DossierAt;
  const std::string v = "3000000007";
  v1::Dossier dossier;
  for (uint64_t positie : {uint64_t{10}, head / 2, head}) {
    projections::Projection prefix = replica_->Fold(positie);
    v1::Dossier expected;
    const Status want = prefix.Dossier(v, At("2026-05-01", positie), &expected);
    const Status got = host->Dossier(v, At("2026-05-01", positie), Clock::now() + kPatience, &dossier);
    EXPECT_EQ(got.code(), want.code()) << positie << " " << got.ToString();
    if (want.ok()) {
      EXPECT_EQ(contract::ToJson(dossier), contract::ToJson(expected)) << positie;
    }
  }
  EXPECT_TRUE(host->Dossier(v, At("2026-05-01", 4), Clock::now() + kPatience, &dossier).IsNotFound());
}

TEST_F(ViewHostTest, ThePeildatumMovesTheTimeRules) {
  using namespace projections::testing;
  projections::Thresholds thresholds;
  thresholds.termijn_huisvesting_dagen = 60;
  thresholds.stil_dagen = 100;  // only the one rule in view
  const uint64_t head = replica_->Append({Aanmelding("2026-01-08", kV1, kDordrecht)});
  std::unique_ptr<ViewHost> host = Host(thresholds);
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  v1::Dossier d;
  // 2026-01-08 + 60 days = 2026-03-09: the signal holds from the day after.
  ASSERT_TRUE(host->Dossier(kV1, At("2026-03-09", head), Clock::now() + kPatience, &d).ok());
  EXPECT_EQ(Codes(d), std::vector<std::string>{}) << "60 days: not above the region's threshold";
  ASSERT_TRUE(host->Dossier(kV1, At("2026-03-10", head), Clock::now() + kPatience, &d).ok());
  EXPECT_EQ(Codes(d), std::vector<std::string>{"TERMIJN_HUISVESTING"}) << "61 days";
  EXPECT_TRUE(host->Dossier(kV1, At("2026-01-07", head), Clock::now() + kPatience, &d).IsNotFound())
      << "before its aanmelding the dossier does not exist yet";
  for (const std::string peildatum : {"2026-01-07", "2026-03-09", "2026-03-10", "2026-12-31"}) {
    EXPECT_EQ(ViewsJson(*host, At(peildatum, head)), FoldJson(head, peildatum, thresholds)) << peildatum;
  }
}

TEST_F(ViewHostTest, TheCacheNeverServesAnOlderLog) {
  uint64_t head = replica_->Append(views_testing::Region(10));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));

  const std::string first = ViewsJson(*host, At("2026-06-30", head));
  EXPECT_EQ(host->cache_stats().misses, 1u);
  EXPECT_EQ(ViewsJson(*host, At("2026-06-30", head)), first);
  EXPECT_EQ(host->cache_stats().hits, 1u) << "the same question again: kept";

  // New records: the head moves, so does the key; the answer shows them.
  const uint64_t old_head = head;
  head = replica_->Append(views_testing::Region(5, 100));
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  const std::string later = ViewsJson(*host, At("2026-06-30", head));
  EXPECT_NE(later, first);
  EXPECT_EQ(later, FoldJson(head, "2026-06-30"));
  EXPECT_EQ(host->cache_stats().misses, 2u);
  // The old position still answers as it did: a view at a position never changes.
  EXPECT_EQ(ViewsJson(*host, At("2026-06-30", old_head)), first);
  EXPECT_EQ(host->cache_stats().hits, 2u);
  // Another peildatum is another key.
  EXPECT_EQ(ViewsJson(*host, At("2026-03-01", head)), FoldJson(head, "2026-03-01"));
  EXPECT_EQ(host->cache_stats().misses, 3u);

  // Only the last few are kept: after more keys than that, the first is computed again (the same).
  for (const std::string peildatum : {"2026-01-10", "2026-01-11", "2026-01-12", "2026-01-13"})
    ViewsJson(*host, At(peildatum, head));
  const uint64_t misses = host->cache_stats().misses;
  EXPECT_EQ(ViewsJson(*host, At("2026-06-30", old_head)), first);
  EXPECT_EQ(host->cache_stats().misses, misses + 1);
}

TEST_F(ViewHostTest, ConcurrentQueriesShareOneComputation) {
  const uint64_t head = replica_->Append(views_testing::Region(40));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  std::vector<std::string> answers(6);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < answers.size(); ++i) {
    threads.emplace_back([&, i] { answers[i] = ViewsJson(*host, At("2026-06-30", head)); });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& a : answers) EXPECT_EQ(a, answers[0]);
  EXPECT_EQ(host->cache_stats().misses, 1u);
  EXPECT_EQ(host->cache_stats().hits, answers.size() - 1);
}

TEST_F(ViewHostTest, APositieBeyondTheHeadIsRefused) {
  const uint64_t head = replica_->Append(views_testing::Region(2));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  std::shared_ptr<const ViewSet> views;
  const Status s = host->Views(At("2026-06-30", head + 1), Clock::now() + kPatience, &views);
  EXPECT_TRUE(s.IsInvalidArgument()) << s.ToString();
  EXPECT_EQ(s.field(), "positie");
  v1::Dossier d;
  EXPECT_TRUE(host->Dossier("3000000000", At("2026-06-30", head + 1), Clock::now() + kPatience, &d)
                  .IsInvalidArgument());
}

TEST_F(ViewHostTest, WithoutASignalNotifyAndQueriesCatchUp) {
  ViewHost host(replica_->log(), ViewHostOptions{});  // no wait_for_position
  host.Start();
  const uint64_t head = replica_->Append(views_testing::Region(8));
  // A query at the head wakes the thread itself and waits until it applied that far.
  EXPECT_EQ(ViewsJson(host, At("2026-06-30", head)), FoldJson(head, "2026-06-30"));
  const uint64_t more = replica_->Append(views_testing::Region(3, 50));
  host.Notify();
  EXPECT_TRUE(host.WaitForApplied(more, Clock::now() + kPatience));
}

TEST_F(ViewHostTest, StopReleasesWaiters) {
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  std::thread waiter([&] { EXPECT_FALSE(host->WaitForApplied(1'000'000, Clock::now() + kPatience)); });
  host->Stop();
  waiter.join();
  host->Stop();  // idempotent
}

}  // namespace
}  // namespace regiotafel::node
