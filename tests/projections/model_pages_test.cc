// The long lists against the reference, filtered and in pages (view_filters.h): each page of a
// random log's list, and of a large region's, is the whole list in pieces.
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "projections/projection.h"
#include "services/simulator/region_generator.h"
#include "tests/projections/model_generator.h"
#include "tests/projections/model_reference.h"
#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

using google::protobuf::util::MessageDifferencer;

// Pages (view_filters.h): asked with `limit` from na="" on, each next one from the last's
// `volgende`, they must give `expected` (the whole list, filtered by the test itself) row for row:
// full pages but the last, `volgende` the key of a page's last row, "" on the last page. Asking
// from a text between two keys starts after the lower one.
template <typename Row, typename Ask, typename Rows, typename Key>
void ExpectPagesToGive(const std::vector<Row>& expected, size_t limit, const Ask& ask, const Rows& rows,
                       const Key& key, const std::string& what) {
  SCOPED_TRACE(what + ", limit " + std::to_string(limit));
  std::vector<Row> got;
  Page page;
  page.limit = limit;
  for (size_t pages = 0; pages <= expected.size() + 1; ++pages) {
    const auto view = ask(page);
    const auto& part = rows(view);
    ASSERT_LE(static_cast<size_t>(part.size()), limit);
    got.insert(got.end(), part.begin(), part.end());
    if (view.volgende().empty()) break;
    ASSERT_EQ(static_cast<size_t>(part.size()), limit);
    ASSERT_EQ(view.volgende(), key(part[part.size() - 1]));
    page.na = view.volgende();
  }
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) ASSERT_TRUE(MessageDifferencer::Equals(got[i], expected[i])) << i;
  if (expected.empty()) return;
  // From between row k's key and the next: the rows after k.
  const size_t k = expected.size() / 2;
  page.limit = 0;
  page.na = key(expected[k]) + "0";
  const auto view = ask(page);
  ASSERT_EQ(static_cast<size_t>(rows(view).size()), expected.size() - k - 1);
  EXPECT_EQ(view.volgende(), "");
}

// The rows of each long list, and their keys as `na` and `volgende` give them.
const auto kDossierRows = [](const v1::DossiersView& v) -> const auto& { return v.dossiers(); };
const auto kSignaalRows = [](const v1::SignalenView& v) -> const auto& { return v.signalen(); };
const auto kWoningRows = [](const v1::WoningenView& v) -> const auto& { return v.woningen(); };
const auto kDossierKey = [](const v1::Dossier& d) { return d.v_nummer(); };
const auto kSignaalKey = [](const v1::SignaalRegel& r) {
  return r.code() + "/" + r.v_nummer() + r.woning_id();
};
const auto kWoningKey = [](const v1::WoningRegel& w) { return w.woning_id(); };

template <typename Row>
std::vector<Row> Where(const google::protobuf::RepeatedPtrField<Row>& rows,
                       const std::function<bool(const Row&)>& keep) {
  std::vector<Row> out;
  for (const Row& row : rows) {
    if (keep(row)) out.push_back(row);
  }
  return out;
}

TEST(ModelTest, FilteredListsAndTheirPagesAreTheReferencesRows) {
  const std::vector<std::string> signals = {"TERMIJN_HUISVESTING", "STIL", "ONVOLLEDIG", "BRP_ONTBREEKT"};
  for (uint32_t seed = 40001; seed <= 40000 + kSequences / 4; ++seed) {
    Generator gen(seed);
    const std::vector<Event> log = gen.Log();
    const Drempels t = gen.RandomDrempels();
    const Projection projection = FoldAll(log, t);
    const AsOf at = gen.RandomAsOf(log.size());
    const RegionViews model = Model(log, at, t);
    const std::string what = "seed " + std::to_string(seed);
    const size_t limit = static_cast<size_t>(gen.Int(1, 4));

    DossierFilter filter;
    if (gen.Chance(50) && model.dossiers.dossiers_size() > 0)
      filter.gemeente = model.dossiers.dossiers(0).gemeente();
    if (gen.Chance(30)) filter.fase = static_cast<v1::Dossier::Fase>(gen.Int(1, 5));
    if (gen.Chance(30)) filter.signaal = gen.Pick(signals);
    const std::vector<v1::Dossier> expected =
        Where<v1::Dossier>(model.dossiers.dossiers(), [&](const v1::Dossier& d) {
          return (filter.gemeente.empty() || d.gemeente() == filter.gemeente) &&
                 (filter.fase == v1::Dossier::FASE_UNSPECIFIED || d.fase() == filter.fase) &&
                 (filter.signaal.empty() ||
                  std::find(d.signalen().begin(), d.signalen().end(), filter.signaal) != d.signalen().end());
        });
    ExpectPagesToGive(
        expected, limit, [&](const Page& page) { return projection.Dossiers(at, filter, page); },
        kDossierRows, kDossierKey, what + " dossiers");

    const std::string voor =
        gen.Chance(50) && model.signalen.signalen_size() > 0
            ? model.signalen.signalen(gen.Int(0, model.signalen.signalen_size() - 1)).voor()
            : "";
    ExpectPagesToGive(
        Where<v1::SignaalRegel>(model.signalen.signalen(),
                                [&](const v1::SignaalRegel& r) { return voor.empty() || r.voor() == voor; }),
        limit, [&](const Page& page) { return projection.Signalen(at, voor, page); }, kSignaalRows,
        kSignaalKey, what + " signalen voor " + voor);
    ExpectPagesToGive(
        Where<v1::WoningRegel>(model.woningen.woningen(), [](const v1::WoningRegel&) { return true; }), limit,
        [&](const Page& page) { return projection.Woningen(at, page); }, kWoningRows, kWoningKey,
        what + " woningen");
  }
}

// A region large enough that a page of a filtered list, or of the signalen, folds the dossiers in
// several runs: the pages are the whole list (the test above checks whole lists against the
// reference) in pieces.
TEST(ModelTest, PagesOfALargeRegionAreItsWholeListInPieces) {
  RegionShape shape;
  shape.households = 3000;
  RegionGenerator generator(shape);
  std::vector<v1::Envelope> envelopes = generator.Log();
  Projection projection;
  for (size_t i = 0; i < envelopes.size(); ++i) ASSERT_TRUE(projection.Apply(i + 1, envelopes[i]).ok());
  const AsOf at{generator.last_day() - 40, envelopes.size()};
  for (const char* gemeente : {"", "gemeente:dordrecht"}) {
    DossierFilter filter;
    filter.gemeente = gemeente;
    const v1::DossiersView whole = projection.Dossiers(at, filter);
    ASSERT_GT(whole.dossiers_size(), 300);
    EXPECT_EQ(whole.volgende(), "");
    for (size_t limit : {1, 97, 1000}) {
      ExpectPagesToGive(
          std::vector<v1::Dossier>(whole.dossiers().begin(), whole.dossiers().end()), limit,
          [&](const Page& page) { return projection.Dossiers(at, filter, page); }, kDossierRows, kDossierKey,
          std::string("gemeente ") + gemeente);
    }
  }
  for (const char* voor : {"", "gemeente:dordrecht"}) {
    const v1::SignalenView whole = projection.Signalen(at, voor);
    ASSERT_GT(whole.signalen_size(), 300);
    for (size_t limit : {97, 1000}) {
      ExpectPagesToGive(
          std::vector<v1::SignaalRegel>(whole.signalen().begin(), whole.signalen().end()), limit,
          [&](const Page& page) { return projection.Signalen(at, voor, page); }, kSignaalRows, kSignaalKey,
          std::string("signalen voor ") + voor);
    }
  }
  const v1::WoningenView woningen = projection.Woningen(at);
  ASSERT_GT(woningen.woningen_size(), 300);
  for (size_t limit : {97, 1000}) {
    ExpectPagesToGive(
        std::vector<v1::WoningRegel>(woningen.woningen().begin(), woningen.woningen().end()), limit,
        [&](const Page& page) { return projection.Woningen(at, page); }, kWoningRows, kWoningKey, "woningen");
  }
}

}  // namespace
}  // namespace regiotafel::projections::testing
