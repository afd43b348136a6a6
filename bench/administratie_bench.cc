// Taking over an old Excel administration (issue 8, docs/ADMINISTRATIE.md), next to its floors in the
// same run:
//   - the dry run (`importeer --proef`): reading and checking every row of a 100,000-row workbook and
//     CSV file, next to only reading them (table::ReadXlsx, table::ReadCsv);
//   - the import itself: rows posted to a regio node (a regiotafel-node process, against a bus in this
//     process) in batches (POST /api/v1/events/batch, what importeer does) until every one is decided
//     and in the node's copy of the log, next to the same number of rows posted one by one
//     (POST /api/v1/events each: one synced outbox write per event, what importeer did before).
//
//   administratie_bench --data-dir DIR --out FILE [--rows 100000] [--posted 20000] [--quick]
#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "base/date.h"
#include "bench/administratie_rows.h"
#include "bench/die.h"
#include "bench/local_bus.h"
#include "bench/node_head.h"
#include "bench/node_process.h"
#include "bench/options.h"
#include "bench/report.h"
#include "services/administratie/oude_administratie.h"
#include "services/node_client/node_client.h"
#include "services/table/csv.h"
#include "services/table/csv_reader.h"
#include "services/table/xlsx.h"
#include "services/table/xlsx_reader.h"

namespace regiotafel::bench {
namespace {

struct Config : CommonOptions {
  size_t rows = 100'000;   // in the files of the dry run
  size_t posted = 20'000;  // posted each way
  int reps = 3;            // 1 with --quick
};

struct DryRun {
  std::vector<double> read_seconds;   // only reading the file (the floor)
  std::vector<double> check_seconds;  // LeesOudeAdministratie + ControleerAdministratie
};

DryRun MeasureDryRun(const Config& config, const std::string& path, bool xlsx) {
  DryRun d;
  for (int rep = 0; rep < config.reps; ++rep) {
    auto begin = Clock::now();
    if (xlsx) {
      std::vector<table::Table> sheets;
      Check(table::ReadXlsx(path, &sheets), "ReadXlsx");
    } else {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      table::CsvFile csv;
      Check(table::ReadCsv(bytes, &csv), "ReadCsv");
    }
    d.read_seconds.push_back(SecondsSince(begin));
    begin = Clock::now();
    administratie::Blad blad;
    Check(administratie::LeesOudeAdministratie(path, &blad), "LeesOudeAdministratie");
    const administratie::Controle c =
        administratie::ControleerAdministratie(blad, kAdministratieOrganisaties, *ParseDate("2026-06-01"));
    if (c.goed.size() != config.rows) Die("the dry run found problems in " + path);
    d.check_seconds.push_back(SecondsSince(begin));
  }
  return d;
}

// A regio node (regiotafel-node) against a bus in this process, for the import.
struct Region {
  explicit Region(const std::string& dir)
      : bus(LocalBus::Loopback(dir + "/bus")), node(dir + "/node", "regio:drechtsteden", *bus) {}
  LocalBus bus;
  NodeProcess node;  // stopped before the bus
};

struct Posting {
  std::vector<double> batched_seconds, single_seconds;
};

Posting MeasurePosting(const Config& config) {
  Posting p;
  Region region(config.data_dir + "/region");
  std::unique_ptr<node_client::NodeClient> client;
  Check(node_client::NodeClient::Open(region.node.url(), "", std::chrono::seconds(300), &client),
        "NodeClient::Open");
  uint64_t first = 2'000'000'000, position = 0;
  for (int rep = 0; rep < config.reps; ++rep) {
    // Batched, as importeer posts: PostAll until every row is decided and in the node's copy.
    std::vector<organisation::Post> posts = AdministratieBodies(config.posted, first);
    first += config.posted;
    std::ostringstream quiet;
    organisation::ProgressMeter meter(quiet, false);
    auto begin = Clock::now();
    const std::vector<organisation::Posted> posted = organisation::PostAll(*client, posts, "rij", {}, meter);
    p.batched_seconds.push_back(SecondsSince(begin));
    for (const organisation::Posted& one : posted) {
      if (one.outcome.kind != node_client::EventOutcome::Kind::kCommitted)
        Die("a batched row: " + Describe(one.outcome));
    }
    position += posts.size();

    // One by one, each its own POST, then until the last is in the node's copy.
    posts = AdministratieBodies(config.posted, first);
    first += config.posted;
    begin = Clock::now();
    for (const organisation::Post& post : posts) {
      const node_client::EventOutcome outcome = client->Post(post.body, false);
      if (outcome.kind != node_client::EventOutcome::Kind::kPending)
        Die("a single row: " + Describe(outcome));
    }
    position += posts.size();
    WaitForHead(*client, position);
    p.single_seconds.push_back(SecondsSince(begin));
  }
  return p;
}

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options(
      "taking over the Excel administration: the dry run next to only reading the file, batched "
      "posting next to one POST per row",
      &config);
  options.RequireOut();
  options.Add("--rows", &config.rows, "rows in the files of the dry run", size_t{10'000});
  options.Add("--posted", &config.posted, "rows posted into the node each way", size_t{1'000});
  options.Parse(argc, argv);
  if (config.quick) config.reps = 1;
  return config;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  const std::string xlsx = config.data_dir + "/administratie.xlsx",
                    csv = config.data_dir + "/administratie.csv";
  {
    const table::Table t = OudeAdministratie(config.rows, 1'000'000'000);
    Check(table::WriteXlsx({t}, xlsx), "WriteXlsx");
    std::ofstream out(csv, std::ios::binary);
    Check(table::WriteCsv(t, out), "WriteCsv");
  }
  std::fprintf(stderr, "administratie_bench: dry runs of %s rows…\n",
               Grouped(static_cast<double>(config.rows)).c_str());
  const DryRun dry_xlsx = MeasureDryRun(config, xlsx, true), dry_csv = MeasureDryRun(config, csv, false);
  std::fprintf(stderr, "administratie_bench: posting %s rows each way, %d times…\n",
               Grouped(static_cast<double>(config.posted)).c_str(), config.reps);
  const Posting posting = MeasurePosting(config);

  const double rows = static_cast<double>(config.rows), posted = static_cast<double>(config.posted);
  std::ostringstream md;
  md << "## Administratie: taking over the Excel file\n\n"
     << "`administratie_bench`: a clerk's file of " << Grouped(rows)
     << " rows (14 columns; a third housed, a fifth of those registered; dates as Excel dates), as .xlsx "
        "(written "
        "by libxlsxwriter) and as CSV for Dutch Excel. Median of "
     << config.reps << " runs, lowest–highest in brackets.\n\n"
     << "| dry run (`importeer --proef`), rows/s | read and check every row | only read the file (floor) | "
        "ratio |\n"
     << "|---|---|---|---|\n";
  for (const auto& [name, d] :
       {std::pair{".xlsx (libzip + pugixml)", &dry_xlsx}, std::pair{"CSV", &dry_csv}}) {
    md << "| " << name << " | " << RateSpread(rows, d->check_seconds) << " | "
       << RateSpread(rows, d->read_seconds) << " | "
       << Times(Median(d->read_seconds) / Median(d->check_seconds)) << " |\n";
  }
  md << "\n| import into a regio node, rows/s (" << Grouped(posted)
     << " rows each) | batched (`importeer`: 500 per POST /api/v1/events/batch, one synced outbox write "
        "each) | one "
        "POST per row (one synced write each) | ratio |\n|---|---|---|---|\n"
     << "| until every row is in the node's copy of the log | " << RateSpread(posted, posting.batched_seconds)
     << " | " << RateSpread(posted, posting.single_seconds) << " | "
     << Times(Median(posting.single_seconds) / Median(posting.batched_seconds)) << " |\n\n"
     << "The node is a `regiotafel-node` process with the bus in the bench's process (plain, no Curve), both "
        "on the "
        "repo's disk. Batched, the time includes collecting every row's decision (the pending rows posted "
        "again, a "
        "batch at a time, as importeer does to report per row); one by one, only the wait until the last row "
        "is in "
        "the node's copy.\n";
  WriteSection(md.str(), config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
