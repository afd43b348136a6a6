// projections_bench: the views (projections/, services/node/views/view_host.h) over a realistic region of a
// million events in a real EventLog on the repo's disk.
//
//   rebuild  ViewHost's ReadAhead + Projection::Apply of every event + Projection::All at one
//            peildatum  vs  EventLog::Read of the same records + parsing each Envelope, nothing else
//   memory   VmRSS of a process holding the folded projection (a child of the bench), and of a
//            regiotafel-node process that caught the log up from a bus
//   queries  each view at varying peildatums (cold) and at one peildatum (ViewHost's cache), with the
//            JSON an HTTP answer carries; a single dossier
//
// The region comes from services/simulator/region_generator.h (the model test checks the same
// generator's logs against its reference at a small scale).
//
// Usage (bench/CMakeLists.txt describes the contract with bench/run):
//   projections_bench --data-dir DIR --out FILE [--events 1000000] [--households N] [--reps 3]
//                     [--queries 50] [--chunk 4096] [--no-node] [--quick]
//
// The files: projections_bench.h (what they share), projections_region.cc (the log),
// projections_queries.cc (the queries and their tables), projections_node.cc (the regiotafel-node);
// this one takes the options, measures the rebuild and the memory child, and writes the section.
#include "bench/projections_bench.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/date.h"
#include "bench/die.h"
#include "bench/options.h"
#include "bench/report.h"
#include "services/node/views/read_ahead.h"

namespace regiotafel::bench {
namespace {

std::string SelfExe() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) Die("cannot read /proc/self/exe");
  return path.string();
}

// --- Rebuild -----------------------------------------------------------------------------------

struct Pass {
  double seconds = 0;
  double fold_seconds = 0;  // ours: read + Apply
  double all_seconds = 0;   // ours: Projection::All
  uint64_t checksum = 0;
};

Pass RebuildPass(const EventLog& log, size_t chunk, size_t events, const AsOf& at,
                 std::unique_ptr<Projection>* keep) {
  Pass pass;
  const auto begin = Clock::now();
  auto projection = std::make_unique<Projection>();
  size_t refused = 0, n = 0;
  // As ViewHost rebuilds: the next chunk read and parsed on a thread of its own meanwhile.
  Check(node::ReadAhead(log, 1, events, chunk,
                        [&](std::vector<node::ParsedRecord>& records) {
                          for (const node::ParsedRecord& r : records) {
                            if (!r.parsed || !projection->Apply(r.position, *r.envelope).ok()) ++refused;
                          }
                          n += records.size();
                          return true;
                        }),
        "ReadAhead");
  projection->Prepare();  // as ViewHost does after applying
  pass.fold_seconds = SecondsSince(begin);
  const auto all_begin = Clock::now();
  RegionViews views = projection->All(at);
  pass.all_seconds = SecondsSince(all_begin);
  pass.seconds = SecondsSince(begin);
  if (n != events) Die("a rebuild read " + std::to_string(n) + " records");
  if (refused != 0) Die("the projection refused " + std::to_string(refused) + " records");
  pass.checksum = static_cast<uint64_t>(views.dossiers.dossiers_size());
  if (keep != nullptr) *keep = std::move(projection);
  return pass;
}

Pass ParsePass(const EventLog& log, size_t chunk, size_t events) {
  Pass pass;
  const auto begin = Clock::now();
  uint64_t sum = 0;
  size_t bad = 0;
  const size_t n = ReadAll(log, chunk, [&](const v1::LogRecord& record) {
    v1::Envelope envelope;
    if (!envelope.ParseFromString(record.envelope())) ++bad;
    sum += static_cast<uint64_t>(envelope.payload_case());
  });
  pass.seconds = SecondsSince(begin);
  if (n != events || bad != 0)
    Die("the parse pass read " + std::to_string(n) + " records, " + std::to_string(bad) + " bad");
  pass.checksum = sum;
  return pass;
}

// --- Memory: a process holding the folded projection --------------------------------------------

// In the child: opens the log, folds it, and prints its memory at each step (kB): VmRSS, RssAnon,
// RssFile per step, then VmHWM.
int FoldChild(const Config& config) {
  std::vector<Memory> steps;
  steps.push_back(ReadMemory(0));
  std::unique_ptr<EventLog> log;
  Check(EventLog::Open(config.fold_child, eventstore::EventLogOptions{}, &log), "EventLog::Open");
  steps.push_back(ReadMemory(0));
  Projection projection;
  ReadAll(*log, config.chunk, [&](const v1::LogRecord& record) { (void)projection.Apply(record); });
  projection.Prepare();
  steps.push_back(ReadMemory(0));
  log.reset();
  steps.push_back(ReadMemory(0));
  AsOf at;
  at.peildatum = config.peildatum;
  std::unique_ptr<RegionViews> views = std::make_unique<RegionViews>(projection.All(at));
  steps.push_back(ReadMemory(0));
  views.reset();
  for (const Memory& m : steps) std::printf("%.0f %.0f %.0f ", m.rss_kb, m.anon_kb, m.file_kb);
  std::printf("%.0f\n", ReadMemory(0).hwm_kb);
  return 0;
}

// The child's steps: started, log opened, folded (log open), log closed, + All held.
struct ChildMemory {
  std::vector<Memory> steps;
  double hwm_kb = 0;
};

ChildMemory MeasureFoldChild(const Config& config, const std::string& log_dir, int32_t peildatum) {
  const std::string command = SelfExe() + " --data-dir " + config.data_dir + " --fold-child " + log_dir +
                              " --peildatum " + std::to_string(peildatum) + " --chunk " +
                              std::to_string(config.chunk);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) Die("cannot start " + command);
  ChildMemory m;
  int n = 0;
  for (int i = 0; i < 5; ++i) {
    Memory step;
    n += std::fscanf(pipe, "%lf %lf %lf", &step.rss_kb, &step.anon_kb, &step.file_kb);
    m.steps.push_back(step);
  }
  n += std::fscanf(pipe, "%lf", &m.hwm_kb);
  const int status = pclose(pipe);
  if (n != 16 || status != 0) Die("the memory child failed");
  return m;
}

// --- Main --------------------------------------------------------------------------------------

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options("the views over a realistic region: rebuild next to plain parsing, memory, query times",
                  &config);
  options.RequireDataDirOnDisk();
  options.Add("--events", &config.events, "events in the region's log", size_t{100'000})
      ->check(CLI::PositiveNumber);
  options.Add("--households", &config.households, "households in the region; 0: enough for --events")
      ->check(CLI::NonNegativeNumber);
  options.AddReps(&config.reps);
  options.Add("--queries", &config.queries, "samples per query row", 10)->check(CLI::PositiveNumber);
  options.Add("--chunk", &config.chunk, "records per read (ViewHost's chunk)")->check(CLI::PositiveNumber);
  bool no_node = false;
  options.app().add_flag("--no-node", no_node, "without the regiotafel-node process");
  // The memory child (FoldChild), started by the bench itself: not in --help.
  options.Add("--fold-child", &config.fold_child, "the log to fold, as the memory child")->group("");
  options.Add("--peildatum", &config.peildatum, "the memory child's peildatum")->group("");
  options.Parse(argc, argv);
  config.node = !no_node;
  if (config.households == 0) config.households = static_cast<int>(static_cast<double>(config.events) / 9.5);
  return config;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  if (!config.fold_child.empty()) return FoldChild(config);
  signal(SIGPIPE, SIG_IGN);
  const auto started = Clock::now();

  // The bus's data directory: the log lives in its log/, so the node part can serve it as it is.
  const std::string bus_dir = config.data_dir + "/bus";
  const std::string log_dir = bus_dir + "/log";
  std::filesystem::create_directories(bus_dir);
  std::fprintf(stderr, "projections_bench: generating %s events of %s households…\n",
               Grouped(static_cast<double>(config.events)).c_str(), Grouped(config.households).c_str());
  const Workload w = FillLog(config, log_dir);
  std::fprintf(
      stderr,
      "projections_bench: %s events (%s dossiers) generated in %.1f s, appended in %.1f s, %.0f MB on disk\n",
      Grouped(static_cast<double>(w.events)).c_str(), Grouped(w.households).c_str(), w.generate_seconds,
      w.fill_seconds, w.log_mb);

  AsOf at_end;
  at_end.peildatum = w.last_day;

  // 2a. Memory of a process holding the folded projection (before the bench's own process grows).
  std::fprintf(stderr, "projections_bench: memory child…\n");
  const ChildMemory child = MeasureFoldChild(config, log_dir, w.last_day);
  std::fprintf(stderr,
               "memory child (VmRSS): started %s, log open %s, folded %s (anon %s, file %s), log closed %s, "
               "+ All() held %s, peak %s\n",
               Mb(child.steps[0].rss_kb).c_str(), Mb(child.steps[1].rss_kb).c_str(),
               Mb(child.steps[2].rss_kb).c_str(), Mb(child.steps[2].anon_kb).c_str(),
               Mb(child.steps[2].file_kb).c_str(), Mb(child.steps[3].rss_kb).c_str(),
               Mb(child.steps[4].rss_kb).c_str(), Mb(child.hwm_kb).c_str());

  std::unique_ptr<EventLog> log;
  Check(EventLog::Open(log_dir, eventstore::EventLogOptions{}, &log), "EventLog::Open");

  // 1. Rebuild next to plain parsing, alternating (peer first).
  std::vector<Pass> ours, peer;
  std::unique_ptr<Projection> projection;
  ParsePass(*log, config.chunk, w.events);  // warm the page cache for both
  for (int rep = 0; rep < config.reps; ++rep) {
    peer.push_back(ParsePass(*log, config.chunk, w.events));
    ours.push_back(
        RebuildPass(*log, config.chunk, w.events, at_end, rep + 1 == config.reps ? &projection : nullptr));
    std::fprintf(stderr,
                 "rebuild rep %d: %.2f s (read + Apply %.2f s, All %.2f s), %s events/s; parse %.2f s, %s "
                 "events/s; %s\n",
                 rep + 1, ours.back().seconds, ours.back().fold_seconds, ours.back().all_seconds,
                 Grouped(static_cast<double>(w.events) / ours.back().seconds).c_str(), peer.back().seconds,
                 Grouped(static_cast<double>(w.events) / peer.back().seconds).c_str(),
                 Times(peer.back().seconds / ours.back().seconds).c_str());
  }

  // ViewHost over the same log: its rebuild, then its queries.
  node::ViewHostOptions host_options;
  host_options.chunk = config.chunk;
  const auto host_begin = Clock::now();
  node::ViewHost host(*log, host_options);
  host.Start();
  if (!host.WaitForApplied(w.events, Clock::now() + kPatience)) Die("ViewHost did not catch up");
  const double host_rebuild_seconds = SecondsSince(host_begin);
  std::fprintf(stderr, "ViewHost rebuild: %.2f s\n", host_rebuild_seconds);

  // 3. Queries.
  const QueryResults queries = MeasureQueries(config, w, *projection, host);
  host.Stop();
  log.reset();
  projection.reset();

  // 2b. A regiotafel-node catching the log up from a bus.
  NodeResult nr;
  if (config.node) {
    std::fprintf(stderr, "projections_bench: a regiotafel-node catching up %s events from a bus…\n",
                 Grouped(static_cast<double>(w.events)).c_str());
    nr = MeasureNode(config, bus_dir, w);
    std::fprintf(
        stderr,
        "node: replica caught up in %.1f s, views at the head after %.1f s; VmRSS %s caught up (anon %s, "
        "file %s), %s after one region view, %s with four cached, %s at the end; peak %s; cold GET p50 %s\n",
        nr.catchup_seconds, nr.views_seconds, Mb(nr.caught_up.rss_kb).c_str(),
        Mb(nr.caught_up.anon_kb).c_str(), Mb(nr.caught_up.file_kb).c_str(), Mb(nr.one_view.rss_kb).c_str(),
        Mb(nr.full_cache.rss_kb).c_str(), Mb(nr.end.rss_kb).c_str(), Mb(nr.end.hwm_kb).c_str(),
        Ms(Median(nr.cold_ms)).c_str());
  }

  // --- The section ---
  std::ostringstream s;
  const double n = static_cast<double>(w.events);
  std::vector<double> our_rates, peer_rates, ratios;
  for (size_t i = 0; i < ours.size(); ++i) {
    our_rates.push_back(n / ours[i].seconds);
    peer_rates.push_back(n / peer[i].seconds);
    ratios.push_back(peer[i].seconds / ours[i].seconds);
  }
  const bool rebuild_met = Median(ratios) >= kRebuildGoal;
  s << "## Projections (`projections_bench`)\n\n"
    << "A region generated by `services/simulator/region_generator.h` (the model test compares that "
       "generator's logs, "
       "at a small scale, with its reference): "
    << Grouped(w.households) << " dossiers over " << FormatDate(w.first_day) << " … "
    << FormatDate(w.last_day) << ", the log cut at " << Grouped(n) << " events (mean envelope "
    << Fixed(w.envelope_bytes, 0)
    << " bytes, a 64-byte signature each; a quarter reported days to months after their datum, so the log is "
       "not in "
       "date order). Per payload: ";
  {
    std::vector<std::pair<size_t, std::string>> kinds;
    for (const auto& [k, c] : w.kinds) kinds.push_back({c, k});
    std::sort(kinds.rbegin(), kinds.rend());
    for (size_t i = 0; i < kinds.size(); ++i)
      s << (i ? ", " : "") << kinds[i].second << " " << Grouped(static_cast<double>(kinds[i].first));
  }
  s << ". Stored in an `EventLog` on the repo's disk (" << Fixed(w.log_mb, 0)
    << " MB), filled and reopened before anything is measured, so that reads come from RocksDB's table files "
       "through "
       "the page cache. Views are asked at peildatums in the log's last year.\n\n";

  s << "### Rebuild\n\n"
    << "Ours: ViewHost's rebuild (`node::ReadAhead`: `EventLog::Read` from position 1 in chunks of "
    << config.chunk
    << ", each chunk's envelopes parsed on a thread of its own while the chunk before is folded), "
       "`Projection::Apply` "
       "of every event, then `Projection::All` (every view, its folds on both cores) at peildatum "
    << FormatDate(w.last_day)
    << ". Peer: the same `EventLog::Read` of the same records from the same log and "
       "`Envelope::ParseFromString` of "
       "each on one thread, nothing else (plain parsing; the log's own read and parse are on both sides). "
    << config.reps << " round" << (config.reps == 1 ? "" : "s")
    << ", peer then ours, after one unmeasured pass; median round, lowest–highest in brackets.\n\n"
    << "| rebuild of " << Grouped(n)
    << " events | ours | read + parse | ratio | goal |\n|---|--:|--:|--:|---|\n"
    << "| events/s | " << Spread(our_rates, Grouped) << " | " << Spread(peer_rates, Grouped) << " | "
    << Spread(ratios, Times) << " | ≥ " << Fixed(kRebuildGoal, 1)
    << "×: " << (rebuild_met ? "met" : "**missed**") << " |\n\n";
  {
    std::vector<double> fold, all;
    for (const Pass& p : ours) fold.push_back(p.fold_seconds), all.push_back(p.all_seconds);
    std::vector<double> parse;
    for (const Pass& p : peer) parse.push_back(p.seconds);
    auto sec = [](double v) { return Fixed(v, 2) + " s"; };
    s << "Of ours: read + Apply " << Spread(fold, sec)
      << " (reading and parsing alone, the peer: " << Spread(parse, sec) << "), `All` " << Spread(all, sec)
      << ". `ViewHost` (services/node/views/view_host.h) over the same log, from `Start()` until every "
         "record is "
         "applied: "
      << Fixed(host_rebuild_seconds, 2) << " s (" << Grouped(n / host_rebuild_seconds)
      << " events/s; no views).\n\n";
  }

  const Memory& folded = child.steps[2];
  const bool node_met =
      !config.node || (nr.caught_up.rss_kb / 1024 < kRssGoalMb && nr.one_view.rss_kb / 1024 < kRssGoalMb &&
                       nr.full_cache.rss_kb / 1024 < kRssGoalMb && nr.end.rss_kb / 1024 < kRssGoalMb);
  auto mem_row = [&](const std::string& what, const Memory& m, const std::string& goal) {
    s << "| " << what << " | " << Mb(m.rss_kb) << " | " << Mb(m.anon_kb) << " | " << Mb(m.file_kb) << " | "
      << goal << " |\n";
  };
  auto verdict = [&](const Memory& m) {
    return "< " + Fixed(kRssGoalMb, 0) + " MB: " + (m.rss_kb / 1024 < kRssGoalMb ? "met" : "**missed**");
  };
  s << "### Memory\n\n"
    << "From /proc/<pid>/status: VmRSS, and its parts RssAnon (the heap) and RssFile (file pages mapped: the "
       "event "
       "log reads its table files through mmap, `allow_mmap_reads`, so every record read stays mapped; clean "
       "pages "
       "the kernel may drop). A child of the bench (`projections_bench --fold-child`) opens the log, folds "
       "it and "
       "reports its own memory at each step: what the projection itself takes (the goal is the node's)"
    << (config.node
            ? "; then a `regiotafel-node` process (ViewHost and all, default configuration) catches the log "
              "up "
              "from a bus (`bus::Bus` in the bench's process, serving the same log) into its own replica; "
              "its "
              "memory after requests is read 1.5 s after the last answer (what it holds once jemalloc has "
              "returned what the requests left behind, `dirty_decay_ms` 1 s), its peak is VmHWM"
            : "")
    << ".\n\n"
    << "| process | VmRSS | RssAnon | RssFile | goal |\n|---|--:|--:|--:|---|\n";
  mem_row("child: started, nothing open", child.steps[0], "");
  mem_row("child: log opened", child.steps[1], "");
  mem_row("child: every record folded, log open", child.steps[2], "");
  mem_row("child: log closed, the projection only", child.steps[3], "");
  mem_row("child: + the result of one `All` held", child.steps[4], "");
  s << "| child: peak (VmHWM) | " << Mb(child.hwm_kb) << " | | | |\n";
  if (config.node) {
    mem_row("regiotafel-node: replica and views at the head, no region view asked yet", nr.caught_up,
            verdict(nr.caught_up));
    mem_row("regiotafel-node: after the whole dossiers view (too big to keep: served, not cached)",
            nr.one_view, verdict(nr.one_view));
    mem_row("regiotafel-node: four views asked at four peildatums", nr.full_cache, verdict(nr.full_cache));
    mem_row("regiotafel-node: at the end (six peildatums, the cached requests, the pages)", nr.end,
            verdict(nr.end));
    s << "| regiotafel-node: peak (VmHWM) | " << Mb(nr.end.hwm_kb) << " | | | |\n";
  }
  s << "\n";
  if (config.node) {
    s << "The node's replica reached the head " << Fixed(nr.catchup_seconds, 1) << " s after it was started ("
      << Grouped(n / nr.catchup_seconds) << " records/s; bus_bench measures that catch-up), its views "
      << Fixed(nr.views_seconds, 1) << " s after.\n\n";
  }

  QueryVerdicts verdicts;
  s << QueriesSection(config, w, queries, nr, &verdicts);
  s << "\n\nGoals: rebuild " << Mark(rebuild_met) << " (" << Times(Median(ratios)) << "); memory: ";
  if (config.node) {
    s << "regiotafel-node " << Mark(node_met) << " (" << Mb(nr.caught_up.rss_kb) << " before any view, "
      << Mb(nr.full_cache.rss_kb) << " after four views at four peildatums, peak " << Mb(nr.end.hwm_kb)
      << ")";
  } else {
    s << "not measured (--no-node)";
  }
  s << "; the projection alone " << Mb(child.steps[3].rss_kb) << " (" << Mb(folded.rss_kb)
    << " with the log open, " << Mb(folded.file_kb) << " of it the log's mapped table files)";
  s << "; queries at a new peildatum (the counting views whole, the long lists by the page) "
    << Mark(verdicts.cold) << ", cached " << Mark(verdicts.cached);
  if (!verdicts.cached_missed.empty()) s << " (missed: " << verdicts.cached_missed << ")";
  s << ", one dossier " << Mark(verdicts.dossier) << ". The whole bench took "
    << Fixed(SecondsSince(started), 0) << " s (generating and filling the log "
    << Fixed(w.generate_seconds + w.fill_seconds, 0) << " s).\n";

  WriteSection(s.str(), config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
