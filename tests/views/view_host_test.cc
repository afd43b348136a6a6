// ViewHost in-process over a real EventLog (RocksDB in a temporary directory): the rebuild equals a
// fresh fold, live records are applied as they arrive, answers are exact for any positie and
// peildatum, and the cache never answers with a view of an older log.
#include "services/node/views/view_host.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/support/test_replica.h"

namespace regiotafel::node {
namespace {

using namespace std::chrono_literals;
using projections::AsOf;
using views_testing::Clock;
using views_testing::TempDir;
using views_testing::TestReplica;

constexpr auto kPatience = 60s;

AsOf At(const std::string& peildatum, uint64_t position) { return AsOf{*ParseDate(peildatum), position}; }

class ViewHostTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    replica_ = std::make_unique<TestReplica>(dir_.Sub("replica"));
  }

  // A host that waits on the replica's own signal, as a node's waits on its follower.
  std::unique_ptr<ViewHost> Host(projections::Drempels drempels = {}, size_t chunk = 64,
                                 size_t cache_bytes = ViewHostOptions().cache_bytes) {
    ViewHostOptions options;
    options.drempels = drempels;
    options.chunk = chunk;
    options.cache_bytes = cache_bytes;
    options.wait_for_position = [this](uint64_t position, Clock::time_point deadline) {
      return replica_->WaitForPosition(position, deadline);
    };
    return std::make_unique<ViewHost>(replica_->log(), std::move(options));
  }

  std::string ViewJson(ViewHost& host, CachedView::Kind kind, const AsOf& at) {
    std::shared_ptr<const CachedView> view;
    Status s = host.View(kind, at, Clock::now() + kPatience, &view);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return view ? view->Json() : "";
  }

  // Every region view the host serves, one after the other.
  std::string ViewsJson(ViewHost& host, const AsOf& at) {
    std::string all;
    for (size_t k = 0; k < CachedView::kKinds; ++k)
      all += ViewJson(host, static_cast<CachedView::Kind>(k), at) + "\n";
    return all;
  }

  // The same views of a fresh fold.
  std::string FoldJson(uint64_t position, const std::string& peildatum, projections::Drempels drempels = {}) {
    const projections::RegionViews v = replica_->Fold(position, drempels).All(At(peildatum, position));
    std::string all;
    for (const google::protobuf::Message* m : std::initializer_list<const google::protobuf::Message*>{
             &v.dossiers, &v.taakstelling, &v.pijplijn, &v.signalen, &v.woningen, &v.corporaties}) {
      all += contract::ToJson(*m) + "\n";
    }
    return all;
  }

  static constexpr uint64_t kKinds = CachedView::kKinds;

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

TEST_F(ViewHostTest, APastPositionIsExact) {
  const uint64_t head = replica_->Append(views_testing::Region(25));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  for (uint64_t position = 0; position <= head; position += 13) {
    EXPECT_EQ(ViewsJson(*host, At("2026-05-01", position)), FoldJson(position, "2026-05-01")) << position;
  }
  // One dossier as well: the same as in a fold of the prefix, and unknown before its first record.
  using projections::testing::DossierAt;
  const std::string v = "3000000007";
  v1::Dossier dossier;
  for (uint64_t position : {uint64_t{10}, head / 2, head}) {
    projections::Projection prefix = replica_->Fold(position);
    v1::Dossier expected;
    const Status want = prefix.Dossier(v, At("2026-05-01", position), &expected);
    const Status got = host->Dossier(v, At("2026-05-01", position), Clock::now() + kPatience, &dossier);
    EXPECT_EQ(got.code(), want.code()) << position << " " << got.ToString();
    if (want.ok()) {
      EXPECT_EQ(contract::ToJson(dossier), contract::ToJson(expected)) << position;
    }
  }
  EXPECT_TRUE(host->Dossier(v, At("2026-05-01", 4), Clock::now() + kPatience, &dossier).IsNotFound());
}

TEST_F(ViewHostTest, ThePeildatumMovesTheTimeRules) {
  using namespace projections::testing;
  projections::Drempels drempels;
  drempels.termijn_huisvesting_dagen = 60;
  drempels.stil_dagen = 100;  // only the one rule in view
  const uint64_t head = replica_->Append({Aanmelding("2026-01-08", kV1, kDordrecht)});
  std::unique_ptr<ViewHost> host = Host(drempels);
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
    EXPECT_EQ(ViewsJson(*host, At(peildatum, head)), FoldJson(head, peildatum, drempels)) << peildatum;
  }
}

TEST_F(ViewHostTest, TheCacheNeverServesAnOlderLog) {
  uint64_t head = replica_->Append(views_testing::Region(10));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));

  const std::string first = ViewsJson(*host, At("2026-06-30", head));
  EXPECT_EQ(first, FoldJson(head, "2026-06-30"));
  EXPECT_EQ(host->cache_stats().misses, kKinds);
  EXPECT_EQ(ViewsJson(*host, At("2026-06-30", head)), first);
  EXPECT_EQ(host->cache_stats().hits, kKinds) << "the same questions again: kept";

  // New records: the head moves, so does the key; the answer shows them.
  const uint64_t old_head = head;
  head = replica_->Append(views_testing::Region(5, 100));
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  const std::string later = ViewsJson(*host, At("2026-06-30", head));
  EXPECT_NE(later, first);
  EXPECT_EQ(later, FoldJson(head, "2026-06-30"));
  EXPECT_EQ(host->cache_stats().misses, 2 * kKinds);
  // The old position still answers as it did: a view at a position never changes.
  EXPECT_EQ(ViewsJson(*host, At("2026-06-30", old_head)), first);
  EXPECT_EQ(host->cache_stats().hits, 2 * kKinds);
  // Another peildatum is another key.
  EXPECT_EQ(ViewsJson(*host, At("2026-03-01", head)), FoldJson(head, "2026-03-01"));
  EXPECT_EQ(host->cache_stats().misses, 3 * kKinds);
}

// Views are kept within the cache's budget, the newest always: past it the older ones go and are
// computed again when asked (the same answer).
TEST_F(ViewHostTest, OnlyWhatFitsTheBudgetIsKept) {
  const uint64_t head = replica_->Append(views_testing::Region(10));
  using Kind = CachedView::Kind;
  const AsOf at = At("2026-06-30", head);
  const projections::Projection projection = replica_->Fold(head);
  const size_t taakstelling = CachedView(projection, Kind::kTaakstelling, at).Bytes();
  const size_t pijplijn = CachedView(projection, Kind::kPijplijn, at).Bytes();
  ASSERT_GT(taakstelling, 0u);
  ASSERT_GT(pijplijn, 0u);

  // Room for either, not both: the newer stays, the older goes.
  std::unique_ptr<ViewHost> host = Host({}, 64, std::max(taakstelling, pijplijn));
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  const std::string first = ViewJson(*host, Kind::kTaakstelling, at);
  EXPECT_EQ(ViewJson(*host, Kind::kTaakstelling, at), first);
  EXPECT_EQ(host->cache_stats().hits, 1u);
  ViewJson(*host, Kind::kPijplijn, at);
  EXPECT_EQ(ViewJson(*host, Kind::kPijplijn, at).empty(), false);
  EXPECT_EQ(host->cache_stats().hits, 2u) << "the newest is kept";
  EXPECT_EQ(ViewJson(*host, Kind::kTaakstelling, at), first);
  EXPECT_EQ(host->cache_stats().misses, 3u) << "the older view went for the newer";

  // A view bigger than the whole budget is served, not kept.
  host = Host({}, 64, /*cache_bytes=*/1);
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  EXPECT_EQ(ViewJson(*host, Kind::kTaakstelling, at), first);
  EXPECT_EQ(ViewJson(*host, Kind::kTaakstelling, at), first);
  EXPECT_EQ(host->cache_stats().misses, 2u);

  // With room for both, both stay.
  host = Host();
  host->Start();
  ASSERT_TRUE(host->WaitForApplied(head, Clock::now() + kPatience));
  ViewJson(*host, Kind::kTaakstelling, at);
  ViewJson(*host, Kind::kPijplijn, at);
  EXPECT_EQ(ViewJson(*host, Kind::kTaakstelling, at), first);
  EXPECT_EQ(host->cache_stats().misses, 2u);
  EXPECT_EQ(host->cache_stats().hits, 1u);
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
  EXPECT_EQ(host->cache_stats().misses, kKinds);
  EXPECT_EQ(host->cache_stats().hits, (answers.size() - 1) * kKinds);
}

TEST_F(ViewHostTest, APositionBeyondTheHeadIsRefused) {
  const uint64_t head = replica_->Append(views_testing::Region(2));
  std::unique_ptr<ViewHost> host = Host();
  host->Start();
  std::shared_ptr<const CachedView> view;
  const Status s =
      host->View(CachedView::Kind::kDossiers, At("2026-06-30", head + 1), Clock::now() + kPatience, &view);
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
