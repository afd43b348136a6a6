// DOMAIN §7 in the model: a node folds each event with the classes its organisation may not read
// withheld (privacy::Withhold, what PersonalData gives the projections). What it shows must then
// differ only where personal data is shown: random logs folded whole, as a corporatie's node sees
// them (identiteit only) and with nothing personal at all agree on every other field of every view.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "privacy/klassen.h"
#include "privacy/split.h"
#include "projections/projection.h"
#include "tests/projections/model_generator.h"

namespace regiotafel::projections::testing {
namespace {

std::vector<Event> WithOnly(std::vector<Event> log, const std::vector<v1::Klasse>& readable) {
  for (Event& ev : log) {
    for (v1::Klasse klasse : privacy::kKlassen) {
      if (std::find(readable.begin(), readable.end(), klasse) == readable.end())
        privacy::Withhold(klasse, &ev.e);
    }
  }
  return log;
}

// The views with the one field of them that holds personal data (a dossier's naam) left out.
RegionViews WithoutNames(RegionViews views) {
  for (v1::Dossier& dossier : *views.dossiers.mutable_dossiers()) dossier.clear_naam();
  return views;
}

TEST(ModelTest, ViewsWithAndWithoutPersonalDataAgreeOnEveryOtherField) {
  int withheld = 0;
  for (uint32_t seed = 70001; seed <= 70000 + kSequences / 2; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Drempels t = gen.RandomDrempels();
    const std::vector<Event> corporatie = WithOnly(log, {v1::IDENTITEIT});
    const std::vector<Event> nothing = WithOnly(log, {});
    for (size_t i = 0; i < log.size(); ++i)
      withheld += log[i].e.SerializeAsString() != nothing[i].e.SerializeAsString();
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews whole = WithoutNames(FoldAll(log, t).All(at));
    ASSERT_TRUE(CompareAll(whole, WithoutNames(FoldAll(corporatie, t).All(at)), seed, at, corporatie));
    ASSERT_TRUE(CompareAll(whole, WithoutNames(FoldAll(nothing, t).All(at)), seed, at, nothing));
  }
  EXPECT_GT(withheld, 100) << "the random logs hold personal data to withhold";
}

}  // namespace
}  // namespace regiotafel::projections::testing
