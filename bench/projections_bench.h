// What the files of projections_bench share: its options and goals, the region's log (Workload), the
// memory of a process, how a query is sampled and judged, and the measurements that live in files of
// their own (projections_region.cc, projections_queries.cc, projections_node.cc).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "bench/options.h"
#include "bench/report.h"
#include "eventstore/event_log.h"
#include "projections/projection.h"
#include "regiotafel/v1/log.pb.h"
#include "services/node/views/view_host.h"

namespace regiotafel::bench {

using eventstore::EventLog;
using projections::AsOf;
using projections::Projection;
using projections::RegionViews;

constexpr double kRebuildGoal = 0.5;  // rebuild / plain parse
constexpr double kRssGoalMb = 300;    // a node holding the views of 1M events
constexpr double kQueryGoalMs = 50;   // p99 of a view's answer
constexpr int kMinSamples = 5;        // per query row, however slow
constexpr double kRowSeconds = 8;     // a row stops after this long once it has kMinSamples
constexpr size_t kSignatureSize = 64;
constexpr std::chrono::seconds kPatience{120};

struct Config : CommonOptions {
  size_t events = 1'000'000;
  int households = 0;  // 0: enough for `events` (about 9.8 events a household; the log is cut at `events`)
  int reps = 3;
  int queries = 50;
  size_t chunk = node::ViewHostOptions().chunk;  // ViewHost's chunk
  bool node = true;
  // Internal: the memory child.
  std::string fold_child;
  int32_t peildatum = 0;
};

inline double MsSince(Clock::time_point begin) {
  return std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
}

// --- Report helpers ----------------------------------------------------------------------------

inline std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

inline std::string Ms(double ms) {
  if (ms < 0.01) return Fixed(ms * 1000, 1) + " µs";
  if (ms < 0.1) return Fixed(ms * 1000, 0) + " µs";
  return Fixed(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0) + " ms";
}

inline std::string Mb(double kb) { return Fixed(kb / 1024, 0) + " MB"; }

inline std::string Size(double bytes) {
  if (bytes >= 1e6) return Fixed(bytes / 1e6, 1) + " MB";
  if (bytes >= 1e3) return Fixed(bytes / 1e3, 0) + " kB";
  return Fixed(bytes, 0) + " bytes";
}

inline std::string Mark(bool met) { return met ? "met" : "**missed**"; }

// --- /proc -------------------------------------------------------------------------------------

struct Memory {
  double rss_kb = 0;
  double hwm_kb = 0;
  double anon_kb = 0;
  double file_kb = 0;
};

inline Memory ReadMemory(pid_t pid) {
  std::ifstream in(pid == 0 ? std::string("/proc/self/status") : "/proc/" + std::to_string(pid) + "/status");
  Memory m;
  std::string line;
  while (std::getline(in, line)) {
    auto value = [&](const char* key, double* out) {
      if (line.rfind(key, 0) == 0) *out = std::strtod(line.c_str() + std::strlen(key), nullptr);
    };
    value("VmRSS:", &m.rss_kb);
    value("VmHWM:", &m.hwm_kb);
    value("RssAnon:", &m.anon_kb);
    value("RssFile:", &m.file_kb);
  }
  return m;
}

// --- The log (projections_region.cc) ----------------------------------------------------------

struct Workload {
  size_t events = 0;
  int households = 0;
  int32_t first_day = 0;
  int32_t last_day = 0;
  std::map<std::string, size_t> kinds;  // payload name → count
  double envelope_bytes = 0;            // mean serialized envelope
  std::vector<std::string> v_nummers;   // of the dossiers, for single-dossier queries
  double log_mb = 0;                    // the log's directory after the fill
  double generate_seconds = 0, fill_seconds = 0;
};

// Generates the region and appends it to a new EventLog in `dir`; the log is closed on return.
Workload FillLog(const Config& config, const std::string& dir);

// Reads every record in chunks and hands each to `each`; the records read.
size_t ReadAll(const EventLog& log, size_t chunk, const std::function<void(const v1::LogRecord&)>& each);

// --- Queries (projections_queries.cc) ------------------------------------------------------------

struct Samples {
  std::vector<double> view_ms;  // computing the view (or taking it from the cache)
  std::vector<double> json_ms;  // contract::ToJson of it
  std::vector<double> total_ms;
  double bytes = 0;  // JSON size, the last one
  void Add(double view, double json, size_t size) {
    view_ms.push_back(view);
    json_ms.push_back(json);
    total_ms.push_back(view + json);
    bytes = static_cast<double>(size);
  }
};

// In the order of node::CachedView::Kind.
inline const std::vector<std::string> kViews = {"Dossiers", "Taakstelling", "Pijplijn",
                                                "Signalen", "Woningen",     "Corporaties"};

// A page of a long list (DOMAIN.md §6 with `limit` and `na`): what a screen asks, 100 rows from the
// middle of the list. The gemeente of the filtered page is a middling one.
struct PageKind {
  std::string name;      // as in the table
  std::string view;      // the call: dossiers, signalen or woningen
  std::string na;        // the key the page starts after
  std::string gemeente;  // the dossiers' filter, or ""
};
inline const std::vector<PageKind> kPages = {
    {"Dossiers", "dossiers", "2000050000", ""},
    {"Dossiers of one gemeente (sliedrecht)", "dossiers", "2000050000", "gemeente:sliedrecht"},
    {"Signalen", "signalen", "STIL/2000050000", ""},
    {"Woningen", "woningen", "poort6-150000", ""},
};
constexpr size_t kPageRows = 100;

// The HTTP call of a page, without positie and peildatum.
inline std::string PagePath(const PageKind& page) {
  return "/api/v1/" + page.view + "?limit=" + std::to_string(kPageRows) + "&na=" + page.na +
         (page.gemeente.empty() ? "" : "&gemeente=" + page.gemeente);
}

struct QueryRow {
  std::string name;
  Samples direct;       // Projection::<View>, each at another peildatum
  Samples host_cold;    // ViewHost::View at a new peildatum (a miss: that view computed) + its JSON
  Samples host_cached;  // ViewHost::Views at one peildatum (a hit) + the view's JSON
};

struct QueryResults {
  std::vector<QueryRow> rows;    // per kViews
  Samples one_direct, one_host;  // a single dossier, from the Projection and from the ViewHost
  std::vector<Samples> pages;    // per kPages, through the ViewHost
  node::ViewCacheStats stats;    // the ViewHost's cache after all of them
};

// Each view from the Projection and from the ViewHost (new peildatum and cached), single dossiers,
// pages of the long lists.
QueryResults MeasureQueries(const Config& config, const Workload& w, const Projection& projection,
                            node::ViewHost& host);

// --- The node (projections_node.cc) --------------------------------------------------------------

// Waits until what the work before left behind is given back: jemalloc returns freed pages within
// its dirty_decay_ms (1 s, base/jemalloc_conf.cc), on its background thread. A row of queries
// starts after it, so that it is not charged for the cleaning up after the row before (the whole
// dossiers list leaves ~1 GB).
inline void Settle() { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); }

// What a process holds once what a request left behind is given back; the peak is VmHWM.
inline Memory SettledMemory(pid_t pid) {
  Settle();
  return ReadMemory(pid);
}

struct NodeResult {
  double catchup_seconds = 0;   // start → replica at the head
  double views_seconds = 0;     // start → a dossier answered at positie = head (views applied)
  Memory caught_up;             // views folded, no region view asked yet
  Memory one_view;              // after the first region view (the whole dossiers, too big to keep)
  Memory full_cache;            // after four views at four peildatums
  Memory end;                   // after six new peildatums and the cached requests
  std::vector<double> cold_ms;  // one GET per view, each at a new peildatum
  std::vector<std::vector<double>> cached_ms;  // per view (kViews), the same peildatum again
  std::vector<double> dossier_ms;              // GET /api/v1/dossiers/{v_nummer}
  std::vector<std::vector<double>> page_ms;    // per kPages, each at a new peildatum
};

// A regiotafel-node catching the log in `bus_dir` up from a bus, its memory along the way, and its
// answers over HTTP.
NodeResult MeasureNode(const Config& config, const std::string& bus_dir, const Workload& w);

// --- The queries' part of the section (projections_queries.cc) ----------------------------------

// The goals the queries meet, for the section's last paragraph.
struct QueryVerdicts {
  bool cold = true, cached = true, dossier = true;
  std::string cached_missed;  // the views whose cached answer misses its goal
};

// "### Queries" and its tables; `node` is read when config.node.
std::string QueriesSection(const Config& config, const Workload& w, const QueryResults& q,
                           const NodeResult& node, QueryVerdicts* verdicts);

}  // namespace regiotafel::bench
