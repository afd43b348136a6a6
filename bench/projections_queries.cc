// projections_bench's queries (projections_bench.h): each view straight from the Projection and
// through the ViewHost (a new peildatum, and cached), single dossiers, pages of the long lists; and
// the "### Queries" part of the section, which adds the node's answers over HTTP.
#include <algorithm>
#include <memory>
#include <random>
#include <sstream>

#include "base/date.h"
#include "bench/die.h"
#include "bench/projections_bench.h"
#include "contract/json.h"
#include "services/node/views/cached_view.h"

namespace regiotafel::bench {

namespace {

// The page's JSON from the Projection, as the node's ViewsApi makes it.
std::string PageJson(const Projection& p, const PageKind& kind, const AsOf& at) {
  projections::Page page;
  page.limit = kPageRows;
  page.na = kind.na;
  if (kind.view == "signalen") return contract::ListToJson(p.Signalen(at, {}, page));
  if (kind.view == "woningen") return contract::ListToJson(p.Woningen(at, page));
  projections::DossierFilter filter;
  filter.gemeente = kind.gemeente;
  return contract::ListToJson(p.Dossiers(at, filter, page));
}

// One view straight from the Projection, timed; its JSON timed apart.
void QueryProjection(const Projection& p, const std::string& name, const AsOf& at, Samples* out) {
  const auto begin = Clock::now();
  std::string json;
  double view_ms = 0;
  auto time = [&](const auto& view) {
    view_ms = MsSince(begin);
    const auto json_begin = Clock::now();
    json = contract::ToJson(view);
    out->Add(view_ms, MsSince(json_begin), json.size());
  };
  if (name == "Dossiers") time(p.Dossiers(at));
  if (name == "Taakstelling") time(p.Taakstelling(at));
  if (name == "Pijplijn") time(p.Pijplijn(at));
  if (name == "Signalen") time(p.Signalen(at));
  if (name == "Woningen") time(p.Woningen(at));
  if (name == "Corporaties") time(p.Corporaties(at));
}

}  // namespace

QueryResults MeasureQueries(const Config& config, const Workload& w, const Projection& projection,
                            node::ViewHost& host) {
  // Peildatums over the log's last year, a different one for every cold query. A row
  // takes `queries` samples, or fewer (at least kMinSamples) when they would take more than
  // kRowSeconds: the largest views with their JSON cost seconds each.
  std::vector<int32_t> days;
  for (int i = 0; i < config.queries; ++i) days.push_back(w.last_day - (365 * i) / config.queries);
  std::shuffle(days.begin(), days.end(), std::mt19937(11));
  auto enough = [&](size_t samples, Clock::time_point begin, double budget) {
    return samples >= static_cast<size_t>(config.queries) ||
           (samples >= static_cast<size_t>(std::min(kMinSamples, config.queries)) &&
            SecondsSince(begin) > budget);
  };
  QueryResults results;
  std::vector<QueryRow>& rows = results.rows;
  for (const std::string& name : kViews) rows.push_back({name, {}, {}, {}});
  for (QueryRow& row : rows) {
    Settle();
    const auto begin = Clock::now();
    for (size_t q = 0; !enough(q, begin, kRowSeconds); ++q) {
      QueryProjection(projection, row.name, AsOf{days[q % days.size()], projections::kWholeLog}, &row.direct);
    }
    std::fprintf(stderr, "%-12s Projection (%zu): p50 %s p99 %s; JSON p50 %s (%s bytes)\n", row.name.c_str(),
                 row.direct.view_ms.size(), Ms(Percentile(row.direct.view_ms, 0.5)).c_str(),
                 Ms(Percentile(row.direct.view_ms, 0.99)).c_str(),
                 Ms(Percentile(row.direct.json_ms, 0.5)).c_str(), Grouped(row.direct.bytes).c_str());
  }
  // ViewHost, cold: each view at peildatums not asked before (a miss computes that view only); the
  // answer is that plus its JSON, which the CachedView makes on first use and keeps.
  using Kind = node::CachedView::Kind;
  for (size_t k = 0; k < rows.size(); ++k) {
    Settle();
    const auto begin = Clock::now();
    for (size_t q = 0; q < days.size() && !enough(q, begin, kRowSeconds); ++q) {
      std::shared_ptr<const node::CachedView> view;
      const auto t = Clock::now();
      Check(host.View(static_cast<Kind>(k), AsOf{days[q], w.events}, Clock::now() + kPatience, &view),
            "ViewHost::View");
      const double miss_ms = MsSince(t);
      const auto j = Clock::now();
      const std::string& json = view->Json();
      rows[k].host_cold.Add(miss_ms, MsSince(j), json.size());
    }
  }
  // ViewHost, cached: the same peildatum again and again (after one unmeasured request that puts the
  // view in the cache with its JSON).
  for (size_t k = 0; k < rows.size(); ++k) {
    std::shared_ptr<const node::CachedView> view;
    Check(host.View(static_cast<Kind>(k), AsOf{w.last_day, w.events}, Clock::now() + kPatience, &view),
          "ViewHost::View");
    view->Json();
    for (int q = 0; q < config.queries; ++q) {
      const auto t = Clock::now();
      Check(host.View(static_cast<Kind>(k), AsOf{w.last_day, w.events}, Clock::now() + kPatience, &view),
            "ViewHost::View");
      const double hit_ms = MsSince(t);
      const auto j = Clock::now();
      const std::string& json = view->Json();
      rows[k].host_cached.Add(hit_ms, MsSince(j), json.size());
    }
  }
  // A single dossier: a different one and peildatum each time, from the Projection and the ViewHost.
  Samples &one_direct = results.one_direct, &one_host = results.one_host;
  {
    std::mt19937 rng(5);
    for (int q = 0; q < config.queries; ++q) {
      const std::string& v = w.v_nummers[rng() % w.v_nummers.size()];
      const AsOf at{days[static_cast<size_t>(q) % days.size()], projections::kWholeLog};
      v1::Dossier d;
      auto t = Clock::now();
      Status s = projection.Dossier(v, at, &d);
      double view_ms = MsSince(t);
      auto j = Clock::now();
      std::string json = contract::ToJson(d);
      one_direct.Add(view_ms, MsSince(j), json.size());
      t = Clock::now();
      Status hs = host.Dossier(v, AsOf{at.peildatum, w.events}, Clock::now() + kPatience, &d);
      view_ms = MsSince(t);
      j = Clock::now();
      json = contract::ToJson(d);
      one_host.Add(view_ms, MsSince(j), json.size());
      if (s.ok() != hs.ok()) Die("Projection and ViewHost disagree about dossier " + v);
    }
  }
  // Pages: through ViewHost::Read (as the node's ViewsApi asks them), each at a new peildatum.
  std::vector<Samples>& pages = results.pages;
  pages.resize(kPages.size());
  for (size_t k = 0; k < kPages.size(); ++k) {
    for (int q = 0; q < config.queries; ++q) {
      const AsOf at{days[static_cast<size_t>(q) % days.size()] - 1, w.events};
      std::string json;
      const auto t = Clock::now();
      Check(host.Read(at, Clock::now() + kPatience,
                      [&](const Projection& p) { json = PageJson(p, kPages[k], at); }),
            "ViewHost::Read");
      pages[k].Add(MsSince(t), 0, json.size());
      if (json.find("\"volgende\":\"\"") != std::string::npos)
        Die("a page at the end of its list: " + kPages[k].name);
    }
  }
  results.stats = host.cache_stats();
  return results;
}

std::string QueriesSection(const Config& config, const Workload& w, const QueryResults& q,
                           const NodeResult& node, QueryVerdicts* verdicts) {
  std::ostringstream s;
  bool& cold_all_met = verdicts->cold;
  bool& cached_all_met = verdicts->cached;
  std::string& cached_missed = verdicts->cached_missed;
  auto pp = [](const std::vector<double>& v) {
    return Ms(Percentile(v, 0.5)) + " / " + Ms(Percentile(v, 0.99));
  };
  s << "### Queries\n\n"
    << "p50 / p99 per view; with n samples p99 is the slowest of them. *Projection*: "
       "`Projection::<View>(at)` at "
       "another peildatum every time (nothing kept between queries), then that view's JSON "
       "(`contract::ToJson`, "
       "protobuf's JSON printer, what the HTTP answer carries). *ViewHost, new peildatum*: `ViewHost::View` "
       "misses "
       "its cache and computes that view, plus its JSON — what the first request for a view at a peildatum "
       "costs. "
       "*ViewHost, cached*: the same peildatum again (a hit; the `CachedView` keeps its JSON once made). The "
       "HTTP handler then copies the body into the "
       "response"
    << (config.node
            ? "; *HTTP, cached* is the whole GET on the regiotafel-node above (keep-alive on 127.0.0.1, the "
              "body received), 10 times at one peildatum after one unmeasured request"
            : "")
    << ". Rows take " << config.queries << " samples, or at least " << std::min(kMinSamples, config.queries)
    << " when that would take more than " << Fixed(kRowSeconds, 0)
    << " s; each row starts 1.5 s after the row before, once jemalloc has given back what that one left (the "
       "whole dossiers list leaves ~1 GB with protobuf's printer). Goal: p99 < "
    << Fixed(kQueryGoalMs, 0)
    << " ms for the answer a request waits for, judged apart for a new peildatum (the slower of Projection + "
       "JSON "
       "and ViewHost, new peildatum) and for a cached one (ViewHost, cached"
    << (config.node ? ", HTTP" : "") << "). JSON: the size of the view at " << FormatDate(w.last_day)
    << ".\n\n"
    << "| view | JSON | n | Projection | Projection + JSON | ViewHost, new peildatum | ViewHost, cached |"
    << (config.node ? " HTTP, cached |" : "") << " goal: new / cached |\n|---|--:|--:|--:|--:|--:|--:|"
    << (config.node ? "--:|" : "") << "---|\n";
  for (size_t k = 0; k < q.rows.size(); ++k) {
    const QueryRow& row = q.rows[k];
    // The whole list of dossiers, signalen or woningen is a download of megabytes: judged by its pages.
    const bool download = row.name == "Dossiers" || row.name == "Signalen" || row.name == "Woningen";
    const bool cold_met = std::max(Percentile(row.direct.total_ms, 0.99),
                                   Percentile(row.host_cold.total_ms, 0.99)) < kQueryGoalMs;
    double cached = Percentile(row.host_cached.total_ms, 0.99);
    if (config.node) cached = std::max(cached, Percentile(node.cached_ms[k], 0.99));
    const bool cached_met = cached < kQueryGoalMs;
    if (!download) {
      cold_all_met = cold_all_met && cold_met;
      cached_all_met = cached_all_met && cached_met;
      if (!cached_met) cached_missed += (cached_missed.empty() ? "" : ", ") + row.name;
    }
    s << "| " << row.name << " | " << Size(row.host_cached.bytes) << " | " << row.direct.view_ms.size()
      << " / " << row.host_cold.view_ms.size() << " | " << pp(row.direct.view_ms) << " | "
      << pp(row.direct.total_ms) << " | " << pp(row.host_cold.total_ms) << " | "
      << pp(row.host_cached.total_ms) << " | " << (config.node ? pp(node.cached_ms[k]) + " | " : "")
      << (download ? std::string("the whole list: by its pages below")
                   : Mark(cold_met) + " / " + Mark(cached_met))
      << " |\n";
  }
  {
    double worst = std::max(Percentile(q.one_direct.total_ms, 0.99), Percentile(q.one_host.total_ms, 0.99));
    if (config.node) worst = std::max(worst, Percentile(node.dossier_ms, 0.99));
    const bool met = worst < kQueryGoalMs;
    verdicts->dossier = met;
    s << "| one Dossier, another each time | " << Size(q.one_direct.bytes) << " | "
      << q.one_direct.view_ms.size() << " | " << pp(q.one_direct.view_ms) << " | "
      << pp(q.one_direct.total_ms) << " | " << pp(q.one_host.total_ms) << " (never cached) | — | "
      << (config.node
              ? pp(node.dossier_ms) + " (n " + std::to_string(node.dossier_ms.size()) + ", not cached) | "
              : "")
      << Mark(met) << " (never cached) |\n\n";
  }
  s << "*Pages* (`limit=" << kPageRows
    << "` and `na`, DOMAIN.md §6 as docs/PROJECTIONS.md extends it): the rows after a key in the middle of "
       "the list, "
       "at a new peildatum every time (nothing of the list kept): through `ViewHost::Read` as the node's API "
       "asks "
       "them, the page's JSON included ("
    << config.queries << " samples)" << (config.node ? ", and over HTTP on the node (20 GETs each)" : "")
    << ". A page of the dossiers folds only the dossiers it reaches; a filtered one folds until it has its "
       "rows; "
       "the signalen and woningen need every dossier folded.\n\n"
    << "| page of " << kPageRows << " rows | JSON | ViewHost, new peildatum |"
    << (config.node ? " HTTP, new peildatum |" : "") << " goal |\n|---|--:|--:|"
    << (config.node ? "--:|" : "") << "---|\n";
  for (size_t k = 0; k < kPages.size(); ++k) {
    double worst = Percentile(q.pages[k].total_ms, 0.99);
    if (config.node) worst = std::max(worst, Percentile(node.page_ms[k], 0.99));
    const bool met = worst < kQueryGoalMs;
    cold_all_met = cold_all_met && met;
    s << "| " << kPages[k].name << " | " << Size(q.pages[k].bytes) << " | " << pp(q.pages[k].total_ms)
      << " | " << (config.node ? pp(node.page_ms[k]) + " | " : "") << Mark(met) << " |\n";
  }
  s << "\n";
  s << "n: Projection samples / ViewHost new-peildatum samples (the cached column has " << config.queries
    << "; ViewHost's cache: " << q.stats.hits << " hits, " << q.stats.misses << " misses).";
  if (config.node) {
    s << " Over HTTP, a GET at a new peildatum (one per view, six in all, the last two evicting an older "
         "entry): p50 "
      << Ms(Percentile(node.cold_ms, 0.5)) << ", slowest " << Ms(Percentile(node.cold_ms, 1)) << ".";
  }
  return s.str();
}

}  // namespace regiotafel::bench
