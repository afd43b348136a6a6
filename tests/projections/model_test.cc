// leveldb's ModelDB habit: random event sequences through the Projection and through a deliberately
// naive reference (model_reference.h) written from docs/PROJECTIONS.md, compared field by field.
#include <gtest/gtest.h>

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "projections/projection.h"
#include "services/simulator/region_generator.h"
#include "tests/projections/model_generator.h"
#include "tests/projections/model_reference.h"
#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

TEST(ModelTest, RandomLogsGiveTheSameViewsAsTheReference) {
  int compared = 0;
  for (uint32_t seed = 1; seed <= kSequences; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Drempels t = gen.RandomDrempels();
    const Projection projection = FoldAll(log, t);
    for (int q = 0; q < 4; ++q) {
      const AsOf at = gen.RandomAsOf(log.size());
      const RegionViews model = Model(log, at, t);
      ASSERT_TRUE(CompareAll(model, projection.All(at), seed, at, log));
      ++compared;
    }
  }
  EXPECT_EQ(compared, 4 * kSequences);
}

// Each view asked on its own (as a node asks them; the counting views fold without the begeleiding
// lists) is the view All gives, which the test above compares with the reference.
TEST(ModelTest, EachViewOnItsOwnIsAllsView) {
  for (uint32_t seed = 30001; seed <= 30000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Drempels t = gen.RandomDrempels();
    const Projection projection = FoldAll(log, t);
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews all = projection.All(at);
    ASSERT_EQ(projection.Dossiers(at).SerializeAsString(), all.dossiers.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Taakstelling(at).SerializeAsString(), all.taakstelling.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Pijplijn(at).SerializeAsString(), all.pijplijn.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Signalen(at).SerializeAsString(), all.signalen.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Woningen(at).SerializeAsString(), all.woningen.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Corporaties(at).SerializeAsString(), all.corporaties.SerializeAsString())
        << "seed " << seed;
    ASSERT_EQ(projection.Begeleidingen(at).SerializeAsString(), all.begeleiding.SerializeAsString())
        << "seed " << seed;
  }
}

// The lists' orders are sorted on first use and then kept: dossiers and woningen filed after a query
// (or after Prepare) must be merged into them, not lost or misplaced.
TEST(ModelTest, WhatArrivesAfterAQueryJoinsTheListsInOrder) {
  for (uint32_t seed = 50001; seed <= 50000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const AsOf at = gen.RandomAsOf(log.size());
    Projection fresh = FoldAll(log, {});
    Projection queried;
    for (const Event& ev : log) {
      ASSERT_TRUE(queried.Apply(ev.pos, ev.e).ok());
      if (gen.Chance(20)) queried.Dossiers(at);
      if (gen.Chance(20)) queried.Woningen(at);
      if (gen.Chance(10)) queried.Prepare();
    }
    ASSERT_TRUE(CompareAll(fresh.All(at), queried.All(at), seed, at, log));
  }
}

TEST(ModelTest, APrefixFoldGivesTheSameViewsAsTheReference) {
  for (uint32_t seed = 10001; seed <= 10000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const uint64_t n = static_cast<uint64_t>(gen.Int(0, static_cast<int>(log.size())));
    const Projection prefix = FoldAll(log, {}, n);
    AsOf at = gen.RandomAsOf(log.size());
    at.position = kWholeLog;
    AsOf model_at = at;
    model_at.position = n;
    ASSERT_TRUE(CompareAll(Model(log, model_at, {}), prefix.All(at), seed, model_at, log));
  }
}

TEST(ModelTest, SingleDossierAndBegeleidingCallsAgreeWithTheReference) {
  for (uint32_t seed = 20001; seed <= 20000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Projection projection = FoldAll(log, {});
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews model = Model(log, at, {});
    for (const std::string v : {"1000000001", "1000000002", "1000000003", "1000000004", "1000000005"}) {
      const v1::Dossier* expected = nullptr;
      const v1::Begeleiding* expected_b = nullptr;
      for (int i = 0; i < model.dossiers.dossiers_size(); ++i) {
        if (model.dossiers.dossiers(i).v_nummer() == v) {
          expected = &model.dossiers.dossiers(i);
          expected_b = &model.begeleiding.begeleiding(i);
        }
      }
      v1::Dossier d;
      v1::Begeleiding b;
      Status s = projection.Dossier(v, at, &d);
      Status sb = projection.Begeleiding(v, at, &b);
      ASSERT_EQ(s.ok(), expected != nullptr) << "seed " << seed << " " << v;
      ASSERT_EQ(sb.ok(), expected != nullptr) << "seed " << seed << " " << v;
      if (expected != nullptr) {
        ASSERT_TRUE(Same(*expected, d, "dossier " + v, seed, at, log));
        ASSERT_TRUE(Same(*expected_b, b, "begeleiding " + v, seed, at, log));
      }
    }
  }
}

// The region projections_bench measures (services/simulator/region_generator.h), at a small scale:
// its logs give the reference's views too, so the bench times what the reference specifies.
TEST(ModelTest, ARealisticRegionGivesTheSameViewsAsTheReference) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    RegionShape shape;
    shape.households = 50;
    shape.gemeenten = 4;
    shape.corporaties = 3;
    shape.first_day = "2024-01-01";
    shape.last_day = "2025-06-30";
    shape.seed = seed;
    RegionGenerator generator(shape);
    std::vector<v1::Envelope> envelopes = generator.Log();
    std::vector<Event> log;
    for (size_t i = 0; i < envelopes.size(); ++i) log.push_back({i + 1, std::move(envelopes[i])});
    ASSERT_GT(log.size(), 400u);
    const Projection projection = FoldAll(log, {});
    for (int32_t day = generator.first_day() - 10; day <= generator.last_day() + 30; day += 61) {
      for (uint64_t position : {kWholeLog, static_cast<uint64_t>(log.size() / 2)}) {
        const AsOf at{day, position};
        ASSERT_TRUE(CompareAll(Model(log, at, {}), projection.All(at), seed, at, log));
      }
    }
  }
}

// The generator must reach the cases the rules are about; otherwise the comparison proves little.
TEST(ModelTest, TheRandomLogsReachEveryFaseAndEverySignal) {
  std::set<std::string> codes;
  std::set<int> fases;
  std::set<int> statuses;
  for (uint32_t seed = 1; seed <= 300; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Projection projection = FoldAll(log, {});
    for (int q = 0; q < 4; ++q) {
      RegionViews v = projection.All(gen.RandomAsOf(log.size()));
      for (const auto& s : v.signalen.signalen()) codes.insert(s.code());
      for (const auto& d : v.dossiers.dossiers()) fases.insert(d.fase());
      for (const auto& w : v.woningen.woningen()) statuses.insert(w.status());
    }
  }
  EXPECT_EQ(codes.size(), 10u);
  EXPECT_EQ(fases.size(), 5u);
  EXPECT_EQ(statuses.size(), 4u);
}

}  // namespace
}  // namespace regiotafel::projections::testing
