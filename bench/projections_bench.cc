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
#include <httplib.h>
#include <malloc.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "base/bytes.h"
#include "base/date.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "bench/child_process.h"
#include "bench/die.h"
#include "bench/local_bus.h"
#include "bench/node_process.h"
#include "bench/options.h"
#include "bench/report.h"
#include "contract/json.h"
#include "contract/streams.h"
#include "eventstore/event_log.h"
#include "projections/projection.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/log.pb.h"
#include "services/bus/bus.h"
#include "services/node/views/cached_view.h"
#include "services/node/views/read_ahead.h"
#include "services/node/views/view_host.h"
#include "services/simulator/region_generator.h"

namespace regiotafel::bench {
namespace {

using eventstore::AppendEntry;
using eventstore::AppendResult;
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

double MsSince(Clock::time_point begin) {
  return std::chrono::duration<double, std::milli>(Clock::now() - begin).count();
}

// --- Report helpers ----------------------------------------------------------------------------

std::string Fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string Ms(double ms) {
  if (ms < 0.01) return Fixed(ms * 1000, 1) + " µs";
  if (ms < 0.1) return Fixed(ms * 1000, 0) + " µs";
  return Fixed(ms, ms < 10 ? 2 : ms < 100 ? 1 : 0) + " ms";
}

std::string Mb(double kb) { return Fixed(kb / 1024, 0) + " MB"; }

std::string Size(double bytes) {
  if (bytes >= 1e6) return Fixed(bytes / 1e6, 1) + " MB";
  if (bytes >= 1e3) return Fixed(bytes / 1e3, 0) + " kB";
  return Fixed(bytes, 0) + " bytes";
}

// --- /proc -------------------------------------------------------------------------------------

struct Memory {
  double rss_kb = 0;
  double hwm_kb = 0;
  double anon_kb = 0;
  double file_kb = 0;
};

Memory ReadMemory(pid_t pid) {
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

double DirectoryMb(const std::string& dir) {
  uintmax_t bytes = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return static_cast<double>(bytes) / 1e6;
}

std::string SelfExe() {
  std::error_code ec;
  auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) Die("cannot read /proc/self/exe");
  return path.string();
}

// --- The log -----------------------------------------------------------------------------------

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
Workload FillLog(const Config& config, const std::string& dir) {
  Workload w;
  auto begin = Clock::now();
  simulation::RegionShape shape;
  shape.households = config.households;
  simulation::RegionGenerator generator(shape);
  std::vector<v1::Envelope> log = generator.Log();
  if (log.size() < config.events) {
    Die("the region of " + std::to_string(config.households) + " households has only " +
        std::to_string(log.size()) + " events; ask for more --households");
  }
  log.resize(config.events);  // the log up to its millionth record (the last weeks are cut short)
  w.events = log.size();
  w.first_day = generator.first_day();
  w.last_day = generator.last_day();

  std::map<std::string, uint64_t> origin_seq;
  std::mt19937_64 rng(7);
  std::vector<AppendEntry> entries;
  entries.reserve(log.size());
  const auto* oneof = v1::Envelope::descriptor()->FindOneofByName("payload");
  std::map<std::string, bool> dossiers;
  double bytes = 0;
  const int64_t first_second = int64_t{w.first_day} * 86'400;
  const int64_t span = std::max<int64_t>(1, int64_t{w.last_day - w.first_day} * 86'400);
  for (size_t i = 0; i < log.size(); ++i) {
    v1::Envelope& e = log[i];
    e.set_event_id(NewUuid());
    e.set_origin_seq(++origin_seq[e.origin()]);
    e.set_stream(contract::StreamOf(e));
    e.mutable_occurred_at()->set_seconds(first_second +
                                         span * static_cast<int64_t>(i) / static_cast<int64_t>(log.size()));
    const auto* field = e.GetReflection()->GetOneofFieldDescriptor(e, oneof);
    ++w.kinds[field != nullptr ? field->message_type()->name() : "?"];
    if (e.stream().rfind("dossier/", 0) == 0) dossiers[e.stream().substr(8)] = true;
    AppendEntry entry;
    entry.event_id = e.event_id();
    entry.stream = e.stream();
    entry.envelope = e.SerializeAsString();
    entry.signature.resize(kSignatureSize);  // the log stores it, it does not check it
    for (auto& c : entry.signature) c = static_cast<char>(rng());
    bytes += static_cast<double>(entry.envelope.size());
    entries.push_back(std::move(entry));
    v1::Envelope().Swap(&e);  // free as we go
  }
  log.clear();
  log.shrink_to_fit();
  w.envelope_bytes = bytes / static_cast<double>(w.events);
  w.households = static_cast<int>(dossiers.size());
  for (const auto& [v, unused] : dossiers) w.v_nummers.push_back(v);
  w.generate_seconds = SecondsSince(begin);

  // Filled without an fsync per batch (what is measured is reading it), then reopened so that
  // RocksDB flushes the recovered WAL to table files: the records come from disk, as after a restart.
  begin = Clock::now();
  {
    std::unique_ptr<EventLog> event_log;
    eventstore::EventLogOptions fill;
    fill.sync = false;
    Check(EventLog::Open(dir, fill, &event_log), "EventLog::Open");
    constexpr size_t kBatch = 5000;
    for (size_t first = 0; first < entries.size(); first += kBatch) {
      std::vector<AppendEntry> batch(
          std::make_move_iterator(entries.begin() + static_cast<ptrdiff_t>(first)),
          std::make_move_iterator(entries.begin() +
                                  static_cast<ptrdiff_t>(std::min(first + kBatch, entries.size()))));
      std::vector<AppendResult> results;
      Check(event_log->Append(std::move(batch), &results), "filling the log");
      for (const auto& r : results) {
        if (!r.status.ok() || r.duplicate) Die("filling the log: " + r.status.ToString());
      }
    }
  }
  entries.clear();
  entries.shrink_to_fit();
  malloc_trim(0);
  {
    std::unique_ptr<EventLog> event_log;
    Check(EventLog::Open(dir, eventstore::EventLogOptions{}, &event_log), "EventLog::Open");
    if (event_log->Head().position != w.events) Die("the filled log has the wrong head");
  }
  w.fill_seconds = SecondsSince(begin);
  w.log_mb = DirectoryMb(dir);
  return w;
}

// --- Rebuild -----------------------------------------------------------------------------------

struct Pass {
  double seconds = 0;
  double fold_seconds = 0;  // ours: read + Apply
  double all_seconds = 0;   // ours: Projection::All
  uint64_t checksum = 0;
};

// Reads every record in chunks and hands each to `each`.
size_t ReadAll(const EventLog& log, size_t chunk, const std::function<void(const v1::LogRecord&)>& each) {
  std::vector<v1::LogRecord> records;
  size_t n = 0;
  for (uint64_t from = 1;; from += records.size()) {
    records.clear();
    Check(log.Read(from, chunk, &records), "EventLog::Read");
    if (records.empty()) break;
    for (const auto& r : records) each(r);
    n += records.size();
  }
  return n;
}

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

// --- Queries -----------------------------------------------------------------------------------

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
const std::vector<std::string> kViews = {"Dossiers", "Taakstelling", "Pijplijn",
                                         "Signalen", "Woningen",     "Corporaties"};

// A page of a long list (DOMAIN.md §6 with `limit` and `na`): what a screen asks, 100 rows from the
// middle of the list. The gemeente of the filtered page is a middling one.
struct PageKind {
  std::string name;      // as in the table
  std::string view;      // the call: dossiers, signalen or woningen
  std::string na;        // the key the page starts after
  std::string gemeente;  // the dossiers' filter, or ""
};
const std::vector<PageKind> kPages = {
    {"Dossiers", "dossiers", "2000050000", ""},
    {"Dossiers of one gemeente (sliedrecht)", "dossiers", "2000050000", "gemeente:sliedrecht"},
    {"Signalen", "signalen", "STIL/2000050000", ""},
    {"Woningen", "woningen", "poort6-150000", ""},
};
constexpr size_t kPageRows = 100;

// The HTTP call of a page, without positie and peildatum.
std::string PagePath(const PageKind& page) {
  return "/api/v1/" + page.view + "?limit=" + std::to_string(kPageRows) + "&na=" + page.na +
         (page.gemeente.empty() ? "" : "&gemeente=" + page.gemeente);
}

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

struct QueryRow {
  std::string name;
  Samples direct;       // Projection::<View>, each at another peildatum
  Samples host_cold;    // ViewHost::View at a new peildatum (a miss: that view computed) + its JSON
  Samples host_cached;  // ViewHost::Views at one peildatum (a hit) + the view's JSON
};

// --- The node ----------------------------------------------------------------------------------

// Waits until what the work before left behind is given back: jemalloc returns freed pages within
// its dirty_decay_ms (1 s, base/jemalloc_conf.cc), on its background thread. A row of queries
// starts after it, so that it is not charged for the cleaning up after the row before (the whole
// dossiers list leaves ~1 GB).
void Settle() { std::this_thread::sleep_for(std::chrono::milliseconds(1500)); }

// What a process holds once what a request left behind is given back; the peak is VmHWM.
Memory SettledMemory(pid_t pid) {
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

NodeResult MeasureNode(const Config& config, const std::string& bus_dir, const Workload& w) {
  NodeResult result;
  LocalBus bus(LocalBus::Loopback(bus_dir));
  const auto begin = Clock::now();
  auto node = std::make_unique<NodeProcess>(config.data_dir + "/node", "gemeente:dordrecht", *bus);
  const pid_t pid = node->pid();
  const std::string& log = node->log();
  httplib::Client client("127.0.0.1", node->port());
  client.set_keep_alive(true);
  client.set_read_timeout(300, 0);
  const std::string head = std::to_string(w.events);
  auto get = [&](const std::string& path, std::string* body = nullptr) {
    auto response = client.Get(path);
    if (!response) return -1;
    if (body != nullptr) *body = response->body;
    return response->status;
  };

  // Caught up: the replica at the head…
  const std::regex position(R"("position"\s*:\s*(\d+))");
  for (;;) {
    std::string body;
    if (get("/api/v1/log/head", &body) == 200) {
      std::smatch m;
      if (std::regex_search(body, m, position) && std::stoull(m[1]) >= w.events) break;
    }
    if (SecondsSince(begin) > kPatience.count()) Die("the node's replica did not catch up:\n" + ReadLog(log));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling another process's progress
  }
  result.catchup_seconds = SecondsSince(begin);
  // … and the views applied up to it: a dossier at positie = head waits for that (and costs a
  // single-dossier fold, no region view).
  const std::string peildatum = FormatDate(w.last_day);
  const std::string dossier_path =
      "/api/v1/dossiers/" + w.v_nummers.front() + "?positie=" + head + "&peildatum=" + peildatum;
  for (int status = 0; status != 200;) {
    status = get(dossier_path);
    if (status != 200 && status != 503) Die("GET " + dossier_path + ": " + std::to_string(status));
    if (SecondsSince(begin) > kPatience.count()) Die("the node's views did not catch up:\n" + ReadLog(log));
  }
  result.views_seconds = SecondsSince(begin);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // let the follower and views go idle
  result.caught_up = ReadMemory(pid);

  // Region views over HTTP. Six new peildatums, one view each: every one computes its view (ViewHost
  // keeps what fits its budget). Then each view again at the last of them (cached, after one
  // unmeasured request that makes its JSON), and single dossiers.
  auto path_of = [&](const std::string& view, int32_t day) {
    std::string lower = view;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "/api/v1/" + lower + "?positie=" + head + "&peildatum=" + FormatDate(day);
  };
  int32_t day = w.last_day;
  for (size_t k = 0; k < kViews.size(); ++k) {
    day = w.last_day - 30 * static_cast<int32_t>(k);
    const auto t = Clock::now();
    if (get(path_of(kViews[k], day)) != 200) Die("GET " + path_of(kViews[k], day) + " failed");
    result.cold_ms.push_back(MsSince(t));
    if (k == 0) result.one_view = SettledMemory(pid);
    if (k == 3) result.full_cache = SettledMemory(pid);
  }
  for (const std::string& view : kViews) {
    if (get(path_of(view, day)) != 200) Die("GET " + path_of(view, day) + " failed");
    std::vector<double> times;
    for (int i = 0; i < 10; ++i) {
      const auto t = Clock::now();
      if (get(path_of(view, day)) != 200) Die("GET " + path_of(view, day) + " failed");
      times.push_back(MsSince(t));
    }
    result.cached_ms.push_back(std::move(times));
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 20; ++i) {
    const std::string path = "/api/v1/dossiers/" + w.v_nummers[rng() % w.v_nummers.size()] +
                             "?positie=" + head +
                             "&peildatum=" + FormatDate(w.last_day - static_cast<int32_t>(rng() % 365));
    const auto t = Clock::now();
    const int status = get(path);
    if (status != 200 && status != 404) Die("GET " + path + ": " + std::to_string(status));
    result.dossier_ms.push_back(MsSince(t));
  }
  for (const PageKind& page : kPages) {
    std::vector<double> times;
    for (int i = 0; i < 20; ++i) {
      const std::string path = PagePath(page) + "&positie=" + head +
                               "&peildatum=" + FormatDate(w.last_day - 1 - static_cast<int32_t>(rng() % 365));
      const auto t = Clock::now();
      if (get(path) != 200) Die("GET " + path + " failed");
      times.push_back(MsSince(t));
    }
    result.page_ms.push_back(std::move(times));
  }
  result.end = SettledMemory(pid);

  node.reset();
  Check(bus.Stop(), "the bus");
  return result;
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

  // 3. Queries. Peildatums over the log's last year, a different one for every cold query. A row
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
  std::vector<QueryRow> rows;
  for (const std::string& name : kViews) rows.push_back({name, {}, {}, {}});
  for (QueryRow& row : rows) {
    Settle();
    const auto begin = Clock::now();
    for (size_t q = 0; !enough(q, begin, kRowSeconds); ++q) {
      QueryProjection(*projection, row.name, AsOf{days[q % days.size()], projections::kWholeLog},
                      &row.direct);
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
  Samples one_direct, one_host;
  {
    std::mt19937 rng(5);
    for (int q = 0; q < config.queries; ++q) {
      const std::string& v = w.v_nummers[rng() % w.v_nummers.size()];
      const AsOf at{days[static_cast<size_t>(q) % days.size()], projections::kWholeLog};
      v1::Dossier d;
      auto t = Clock::now();
      Status s = projection->Dossier(v, at, &d);
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
  std::vector<Samples> pages(kPages.size());
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
  const node::ViewCacheStats stats = host.cache_stats();
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

  bool cold_all_met = true, cached_all_met = true, dossier_met = true;
  std::string cached_missed;
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
  auto mark = [](bool met) { return std::string(met ? "met" : "**missed**"); };
  for (size_t k = 0; k < rows.size(); ++k) {
    const QueryRow& row = rows[k];
    // The whole list of dossiers, signalen or woningen is a download of megabytes: judged by its pages.
    const bool download = row.name == "Dossiers" || row.name == "Signalen" || row.name == "Woningen";
    const bool cold_met = std::max(Percentile(row.direct.total_ms, 0.99),
                                   Percentile(row.host_cold.total_ms, 0.99)) < kQueryGoalMs;
    double cached = Percentile(row.host_cached.total_ms, 0.99);
    if (config.node) cached = std::max(cached, Percentile(nr.cached_ms[k], 0.99));
    const bool cached_met = cached < kQueryGoalMs;
    if (!download) {
      cold_all_met = cold_all_met && cold_met;
      cached_all_met = cached_all_met && cached_met;
      if (!cached_met) cached_missed += (cached_missed.empty() ? "" : ", ") + row.name;
    }
    s << "| " << row.name << " | " << Size(row.host_cached.bytes) << " | " << row.direct.view_ms.size()
      << " / " << row.host_cold.view_ms.size() << " | " << pp(row.direct.view_ms) << " | "
      << pp(row.direct.total_ms) << " | " << pp(row.host_cold.total_ms) << " | "
      << pp(row.host_cached.total_ms) << " | " << (config.node ? pp(nr.cached_ms[k]) + " | " : "")
      << (download ? std::string("the whole list: by its pages below")
                   : mark(cold_met) + " / " + mark(cached_met))
      << " |\n";
  }
  {
    double worst = std::max(Percentile(one_direct.total_ms, 0.99), Percentile(one_host.total_ms, 0.99));
    if (config.node) worst = std::max(worst, Percentile(nr.dossier_ms, 0.99));
    const bool met = worst < kQueryGoalMs;
    dossier_met = met;
    s << "| one Dossier, another each time | " << Size(one_direct.bytes) << " | " << one_direct.view_ms.size()
      << " | " << pp(one_direct.view_ms) << " | " << pp(one_direct.total_ms) << " | " << pp(one_host.total_ms)
      << " (never cached) | — | "
      << (config.node ? pp(nr.dossier_ms) + " (n " + std::to_string(nr.dossier_ms.size()) + ", not cached) | "
                      : "")
      << mark(met) << " (never cached) |\n\n";
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
    double worst = Percentile(pages[k].total_ms, 0.99);
    if (config.node) worst = std::max(worst, Percentile(nr.page_ms[k], 0.99));
    const bool met = worst < kQueryGoalMs;
    cold_all_met = cold_all_met && met;
    s << "| " << kPages[k].name << " | " << Size(pages[k].bytes) << " | " << pp(pages[k].total_ms) << " | "
      << (config.node ? pp(nr.page_ms[k]) + " | " : "") << mark(met) << " |\n";
  }
  s << "\n";
  s << "n: Projection samples / ViewHost new-peildatum samples (the cached column has " << config.queries
    << "; ViewHost's cache: " << stats.hits << " hits, " << stats.misses << " misses).";
  if (config.node) {
    s << " Over HTTP, a GET at a new peildatum (one per view, six in all, the last two evicting an older "
         "entry): p50 "
      << Ms(Percentile(nr.cold_ms, 0.5)) << ", slowest " << Ms(Percentile(nr.cold_ms, 1)) << ".";
  }
  s << "\n\nGoals: rebuild " << mark(rebuild_met) << " (" << Times(Median(ratios)) << "); memory: ";
  if (config.node) {
    s << "regiotafel-node " << mark(node_met) << " (" << Mb(nr.caught_up.rss_kb) << " before any view, "
      << Mb(nr.full_cache.rss_kb) << " after four views at four peildatums, peak " << Mb(nr.end.hwm_kb)
      << ")";
  } else {
    s << "not measured (--no-node)";
  }
  s << "; the projection alone " << Mb(child.steps[3].rss_kb) << " (" << Mb(folded.rss_kb)
    << " with the log open, " << Mb(folded.file_kb) << " of it the log's mapped table files)";
  s << "; queries at a new peildatum (the counting views whole, the long lists by the page) "
    << mark(cold_all_met) << ", cached " << mark(cached_all_met);
  if (!cached_missed.empty()) s << " (missed: " << cached_missed << ")";
  s << ", one dossier " << mark(dossier_met) << ". The whole bench took " << Fixed(SecondsSince(started), 0)
    << " s (generating and filling the log " << Fixed(w.generate_seconds + w.fill_seconds, 0) << " s).\n";

  WriteSection(s.str(), config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
