// The split of personal data (issue 18, docs/PRIVACY.md) in a region of real processes, laid out as
// `regiotafel-region up` lays it out (Curve, trust file, class keys), next to the same region without
// the split (its nodes without `klassesleutels`, sending every event whole), both in the same run:
//   - durable ingest: COA's node posting aanmeldingen (naam, geboortedatum, two gezinsleden each)
//     batched until every one is committed by the bus;
//   - the import of the old Excel file: the regio's node posting its rows as `importeer` does;
//   - catch-up: a gemeente's node started on an empty data directory, until its replica holds the
//     bus's head (with the split, every part a gemeente may read comes along);
//   - erasure, with the split only, in a log grown to --log events: one dossier, then --bulk dossiers
//     at once, forgotten (DossierVergeten from the regio), until the bus and every node have erased
//     their parts (compaction and WAL roll done: no file holds the bytes any more), next to the floor
//     of posting as many events and having them in every node's copy.
//
//   privacy_bench --data-dir DIR --out FILE [--events 100000] [--rows 100000] [--log 1000000]
//                 [--bulk 10000] [--reps 3] [--quick]
#include <signal.h>

#include <filesystem>
#include <sstream>

#include "bench/administratie_rows.h"
#include "bench/die.h"
#include "bench/launched_region.h"
#include "bench/node_head.h"
#include "bench/options.h"
#include "bench/report.h"
#include "contract/json.h"
#include "services/organisation/post_pipeline.h"
#include "services/organisation/progress_meter.h"
#include "services/simulator/event_builders.h"

namespace regiotafel::bench {
namespace {

namespace fs = std::filesystem;
using simulation::kCoa;
using simulation::kDordrecht;
using simulation::kRegio;

const std::vector<std::string> kOrganisaties = {kRegio, kDordrecht, "gemeente:zwijndrecht",
                                                "corporatie:trivire", kCoa};

struct Config : CommonOptions {
  size_t events = 100'000;  // ingested per round
  size_t rows = 100'000;    // imported per round
  size_t log = 1'000'000;   // events in the log the erasure is measured in
  size_t bulk = 10'000;     // dossiers forgotten at once
  int reps = 3;
};

// The V-nummer of the i-th aanmelding; its two gezinsleden have the next two.
std::string VNummer(uint64_t i) { return std::to_string(3'000'000'000 + 3 * i); }

std::string Body(v1::Envelope envelope) {
  envelope.clear_origin();  // the node's own
  return contract::BodyFromEnvelope(envelope);
}

// Aanmeldingen `first`…`first + n - 1`, each linked to Dordrecht with two gezinsleden.
std::vector<organisation::Post> Aanmeldingen(uint64_t first, size_t n) {
  std::vector<organisation::Post> posts;
  for (uint64_t i = first; i < first + n; ++i) {
    v1::Envelope e =
        simulation::Aanmelding("2026-01-08", VNummer(i), kDordrecht, 2, 0, "Persoon " + VNummer(i));
    for (int lid = 0; lid < 2; ++lid)
      e.mutable_aanmelding()->mutable_gezinsleden(lid)->set_v_nummer(
          std::to_string(3'000'000'001 + 3 * i + lid));
    posts.push_back({i, Body(e)});
  }
  return posts;
}

// Posts as `importeer` and `submit` do (batches of 500, every decision collected); Die unless every
// one is committed.
void PostAll(node_client::NodeClient& client, const std::vector<organisation::Post>& posts) {
  std::ostringstream quiet;
  organisation::ProgressMeter meter(quiet, false);
  const std::vector<organisation::Posted> posted = organisation::PostAll(client, posts, "event", {}, meter);
  for (size_t i = 0; i < posted.size(); ++i) {
    if (posted[i].outcome.kind != node_client::EventOutcome::Kind::kCommitted)
      Die("event " + std::to_string(posts[i].number) + ": " + Describe(posted[i].outcome));
  }
}

// The dossiers erased so far, as the process's log says ("vergeten: … van M dossiers gewist").
size_t DossiersErased(const std::string& log_file) {
  std::istringstream text(ReadLog(log_file));
  size_t dossiers = 0;
  for (std::string line; std::getline(text, line);) {
    const size_t at = line.find("vergeten: de persoonsgegevens van ");
    const size_t van = line.rfind(" van ");
    if (at != std::string::npos && line.ends_with(" dossiers gewist"))
      dossiers += std::stoul(line.substr(van + 5));
  }
  return dossiers;
}

// One region, with or without the split, and what it measured.
struct Variant {
  Variant(const Config& config, bool split)
      : region(config.data_dir + (split ? "/met" : "/zonder"), kOrganisaties, split) {}
  LaunchedRegion region;
  uint64_t aanmeldingen = 0, rows = 0;
  std::vector<double> ingest, import;  // seconds per round
  std::vector<double> catch_up;        // events/s per round (the log grows from round to round)
};

void MeasureRound(const Config& config, Variant& v) {
  const std::vector<organisation::Post> aanmeldingen = Aanmeldingen(v.aanmeldingen, config.events);
  v.aanmeldingen += config.events;
  auto begin = Clock::now();
  PostAll(v.region.Client(kCoa), aanmeldingen);
  v.ingest.push_back(SecondsSince(begin));

  const std::vector<organisation::Post> rows = AdministratieBodies(config.rows, 2'000'000'000 + v.rows);
  v.rows += config.rows;
  begin = Clock::now();
  PostAll(v.region.Client(kRegio), rows);
  v.import.push_back(SecondsSince(begin));

  const uint64_t head = HeadOf(v.region.Client(kRegio));
  v.region.StopNode(kDordrecht);
  v.region.WipeNode(kDordrecht);
  begin = Clock::now();
  v.region.StartNode(kDordrecht);
  WaitForHead(v.region.Client(kDordrecht), head);
  v.catch_up.push_back(static_cast<double>(head) / SecondsSince(begin));
}

uint64_t DirectoryBytes(const std::string& dir) {
  uint64_t bytes = 0;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) bytes += entry.file_size();
  }
  return bytes;
}

struct Erasure {
  size_t log = 0;
  double one = 0, one_floor = 0, bulk = 0, bulk_floor = 0;
};

// Until every process of the region has erased `dossiers` more than `before` says.
void WaitUntilErased(LaunchedRegion& region, const std::map<std::string, size_t>& before, size_t dossiers) {
  const auto begin = Clock::now();
  for (const std::string& process : region.Processes()) {
    while (DossiersErased(region.LogFile(process)) < before.at(process) + dossiers) {
      if (SecondsSince(begin) > 1800)
        Die(process + " did not erase " + std::to_string(dossiers) + " dossiers");
      std::this_thread::sleep_for(std::chrono::milliseconds(5));  // polling a child's log
    }
  }
}

std::map<std::string, size_t> ErasedSoFar(LaunchedRegion& region) {
  std::map<std::string, size_t> erased;
  for (const std::string& process : region.Processes())
    erased[process] = DossiersErased(region.LogFile(process));
  return erased;
}

// Forgets `v_nummers` (from the regio) until every process has erased them; then the floor: as many
// administratie rows posted until they are in every node's copy. Seconds of both.
std::pair<double, double> MeasureErasure(Variant& v, uint64_t first, size_t n) {
  LaunchedRegion& region = v.region;
  std::vector<organisation::Post> vergeten;
  for (uint64_t i = first; i < first + n; ++i) {
    v1::Envelope e = simulation::DossierVergeten("2026-12-01", VNummer(i), kRegio);
    vergeten.push_back({i, Body(e)});
  }
  const std::map<std::string, size_t> before = ErasedSoFar(region);
  auto begin = Clock::now();
  PostAll(region.Client(kRegio), vergeten);
  WaitUntilErased(region, before, n);
  const double erased = SecondsSince(begin);

  const std::vector<organisation::Post> rows = AdministratieBodies(n, 2'000'000'000 + v.rows);
  v.rows += n;
  begin = Clock::now();
  PostAll(region.Client(kRegio), rows);
  const uint64_t head = HeadOf(region.Client(kRegio));
  for (const std::string& org : kOrganisaties) WaitForHead(region.Client(org), head);
  return {erased, SecondsSince(begin)};
}

// With the split: the log grown to config.log events, the dossiers to forget (the first aanmeldingen
// of the log) given a BRP-inschrijving at its end, so that each spans the whole log; then one, then
// config.bulk, forgotten.
Erasure MeasureErasures(const Config& config, Variant& v) {
  LaunchedRegion& region = v.region;
  const size_t targets = 1 + config.bulk;
  if (v.aanmeldingen < targets)
    Die("--events must be above --bulk: the dossiers to forget come from the first round");
  const uint64_t extra = targets;  // the BRP-inschrijvingen
  for (uint64_t head = HeadOf(region.Client(kCoa)); head + extra < config.log;
       head = HeadOf(region.Client(kCoa))) {
    const size_t n = std::min<uint64_t>(50'000, config.log - extra - head);
    std::fprintf(stderr, "privacy_bench: the log at %s events, growing it to %s…\n", Grouped(head).c_str(),
                 Grouped(config.log).c_str());
    PostAll(region.Client(kCoa), Aanmeldingen(v.aanmeldingen, n));
    v.aanmeldingen += n;
  }
  std::vector<organisation::Post> brp;
  for (uint64_t i = 0; i < targets; ++i)
    brp.push_back({i, Body(simulation::BrpInschrijving("2026-02-01", VNummer(i), kDordrecht))});
  PostAll(region.Client(kDordrecht), brp);

  Erasure e;
  e.log = HeadOf(region.Client(kRegio));
  std::fprintf(stderr, "privacy_bench: forgetting one dossier in a log of %s events…\n",
               Grouped(e.log).c_str());
  std::tie(e.one, e.one_floor) = MeasureErasure(v, 0, 1);
  std::fprintf(stderr, "privacy_bench: forgetting %s dossiers at once…\n", Grouped(config.bulk).c_str());
  std::tie(e.bulk, e.bulk_floor) = MeasureErasure(v, 1, config.bulk);
  return e;
}

std::string Seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

std::string Mebibytes(uint64_t bytes) { return Grouped(static_cast<double>(bytes) / (1 << 20)) + " MiB"; }

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options(
      "the split of personal data next to the same region without it: ingest, import, catch-up; "
      "and erasure",
      &config);
  options.RequireOut();
  options.RequireDataDirOnDisk();
  options.Add("--events", &config.events, "aanmeldingen ingested per round", size_t{2'000});
  options.Add("--rows", &config.rows, "rows imported per round", size_t{2'000});
  options.Add("--log", &config.log, "events in the log the erasure is measured in", size_t{20'000});
  options.Add("--bulk", &config.bulk, "dossiers forgotten at once", size_t{200});
  options.AddReps(&config.reps);
  options.Parse(argc, argv);
  return config;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  std::fprintf(stderr, "privacy_bench: two regions of %zu organisations, with and without the split…\n",
               kOrganisaties.size());
  Variant with(config, true);
  auto without = std::make_unique<Variant>(config, false);
  for (int rep = 0; rep < config.reps; ++rep) {
    std::fprintf(stderr, "privacy_bench: round %d of %d…\n", rep + 1, config.reps);
    // Alternating, so that whatever else the machine does falls on both.
    MeasureRound(config, *without);
    MeasureRound(config, with);
  }
  const uint64_t bytes_with = DirectoryBytes(config.data_dir + "/met/bus"),
                 bytes_without = DirectoryBytes(config.data_dir + "/zonder/bus");
  const std::vector<double> ingest_without = without->ingest, import_without = without->import,
                            catch_up_without = without->catch_up;
  without.reset();  // its processes' memory, before the log grows
  const Erasure erasure = MeasureErasures(config, with);

  const double events = static_cast<double>(config.events), rows = static_cast<double>(config.rows);
  // The median of the rounds' ratios: each round measured both regions one after the other.
  auto ratio = [](const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> ratios;
    for (size_t i = 0; i < a.size(); ++i) ratios.push_back(a[i] / b[i]);
    return Times(Median(ratios));
  };
  std::ostringstream md;
  md << "## Privacy: the split of personal data, and forgetting\n\n"
     << "`privacy_bench`: two regions of " << kOrganisaties.size()
     << " `regiotafel-node` processes and a `regiotafel-bus` each, laid out as `regiotafel-region up` "
        "does (Curve, trust file, class keys): one with the split, one whose nodes have no "
        "`klassesleutels` and send every event whole. Rounds alternate between the two; median of "
     << config.reps << " rounds, lowest–highest in brackets; a ratio is the median of the rounds' ratios.\n\n"
     << "| | with the split | without | ratio | goal |\n|---|---|---|---|---|\n"
     << "| durable ingest: " << Grouped(events)
     << " aanmeldingen (naam, geboortedatum, 2 gezinsleden) posted by COA's node until every one is "
        "committed, "
        "events/s | "
     << RateSpread(events, with.ingest) << " | " << RateSpread(events, ingest_without) << " | "
     << ratio(ingest_without, with.ingest) << " | ≥ 0.90× |\n"
     << "| import of " << Grouped(rows)
     << " rows of the old Excel file into the regio's node (as `importeer`), rows/s | "
     << RateSpread(rows, with.import) << " | " << RateSpread(rows, import_without) << " | "
     << ratio(import_without, with.import) << " | ≥ 0.80× |\n"
     << "| catch-up: a gemeente's node started on an empty data directory until its replica holds the bus's "
        "head (the log as it stands after each round: "
     << Grouped(events + rows) << " events more each time), events/s | " << Spread(with.catch_up, Grouped)
     << " | " << Spread(catch_up_without, Grouped) << " | " << ratio(with.catch_up, catch_up_without)
     << " | ≥ 0.90× |\n"
     << "| the bus's data directory after the rounds | " << Mebibytes(bytes_with) << " | "
     << Mebibytes(bytes_without) << " | "
     << Times(static_cast<double>(bytes_with) / static_cast<double>(bytes_without)) << " | |\n\n"
     << "| erasure with the split, in a log of " << Grouped(static_cast<double>(erasure.log))
     << " events | until the bus and all " << kOrganisaties.size()
     << " nodes have erased every part (no file holds the bytes) | floor: as many events posted and in every "
        "node's copy | ratio |\n|---|---|---|---|\n"
     << "| one dossier | " << Seconds(erasure.one) << " | " << Seconds(erasure.one_floor) << " | "
     << Times(erasure.one / erasure.one_floor) << " |\n"
     << "| " << Grouped(static_cast<double>(config.bulk)) << " dossiers at once | " << Seconds(erasure.bulk)
     << " | " << Seconds(erasure.bulk_floor) << " | " << Times(erasure.bulk / erasure.bulk_floor) << " |\n\n"
     << "Each dossier forgotten has its aanmelding near the start of the log and a BRP-inschrijving at its "
        "end, as "
        "a dossier that lived for years: its erasure compacts the whole range in between. The time runs from "
        "the "
        "first POST of the DossierVergeten events (from the regio's node, batched) until every process "
        "logged "
        "that it erased them, which it does once the deletes are synced, the memtables flushed (the old WAL "
        "goes) "
        "and the range compacted to the bottom level (tests/views/views_region_test.cc reads every file to "
        "show "
        "that the bytes are gone). The floor is what any event costs to reach every node.\n";
  WriteSection(md.str(), config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
