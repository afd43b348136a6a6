// bus_bench: the regional bus end to end (tcp on 127.0.0.1, a synced RocksDB log on the repo's disk),
// next to Redis Streams and PostgreSQL measured in the same run, so the ratios mean something on
// whatever machine runs it.
//
//   ingest    submit → ack with a window of batches in flight, from 1 and from 4 organisations,
//             vs Redis XADD (appendfsync always) and PostgreSQL INSERT (synchronous_commit = on)
//   latency   submit → ack at an offered 2 000 events/s (open loop), vs Redis and the disk's fdatasync
//   replica   POST on node A → the event in node B's replica
//   catch-up  a node with an empty replica fetching the whole log from the bus
//
// The bus runs in this process (bus::Bus, as regiotafel-bus runs it) without a trust file ("plain
// bus": envelopes are validated, signatures not checked); for ingest also a second one as a region
// runs it, with CurveZMQ and a trust file (every batch signature and proof checked). redis-server and
// postgres are started by the bench itself, each on a free port with its directory under --data-dir, as
// children that die with it (PR_SET_PDEATHSIG); postgres runs as the user postgres (or nobody) when the bench
// is root.
//
// Usage (bench/CMakeLists.txt describes the contract with bench/run):
//   bus_bench --data-dir DIR --out FILE [--seconds 2] [--reps 5] [--latency-seconds 5]
//             [--replica-samples 300] [--catchup-records 500000] [--catchup-reps 3]
//             [--only ingest,latency,replica,catchup] [--no-peers] [--quick]
//
// The files: bus_bench.h (what they share), bus_events.cc (the events), bus_peers.h/.cc (Redis and
// PostgreSQL), bus_ingest.cc, bus_latency.cc and bus_nodes.cc (the measurements, each with its part of
// the section); this one takes the options and runs them in order.
#include "bench/bus_bench.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "bench/bus_peers.h"
#include "bench/die.h"
#include "bench/local_bus.h"
#include "bench/options.h"
#include "bench/report.h"

namespace regiotafel::bench {
namespace {

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options("the regional bus end to end, next to Redis Streams and PostgreSQL", &config);
  options.RequireDataDirOnDisk();
  options.Add("--seconds", &config.seconds, "the least time each side runs in an ingest round", 0.5)
      ->check(CLI::PositiveNumber);
  options.AddReps(&config.reps);
  options
      .Add("--latency-seconds", &config.latency_seconds, "the least time each side runs in the latency row",
           1.0)
      ->check(CLI::PositiveNumber);
  options
      .Add("--replica-samples", &config.replica_samples, "events from node A to node B, one at a time", 30)
      ->check(CLI::PositiveNumber);
  options.Add("--catchup-records", &config.catchup_records,
              "records in the log a node catches up (topped up when short)", uint64_t{50'000});
  options.Add("--catchup-reps", &config.catchup_reps, "catch-ups, each into a fresh replica", 1)
      ->check(CLI::PositiveNumber);
  std::vector<std::string> only;
  options.app()
      .add_option("--only", only, "only these measurements")
      ->delimiter(',')
      ->check(CLI::IsMember({"ingest", "latency", "replica", "catchup"}));
  bool no_peers = false;
  options.app().add_flag("--no-peers", no_peers, "without Redis and PostgreSQL");
  options.Parse(argc, argv);
  if (!only.empty()) {
    auto has = [&](const char* name) { return std::find(only.begin(), only.end(), name) != only.end(); };
    config.ingest = has("ingest"), config.latency = has("latency"), config.replica = has("replica"),
    config.catchup = has("catchup");
  }
  config.peers = !no_peers;
  config.data_dir =
      std::filesystem::absolute(config.data_dir).lexically_normal().string();  // postgres chdirs
  return config;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  signal(SIGPIPE, SIG_IGN);

  // Peers first (their children are forked from this thread, which lives until the end: the
  // parent-death signal follows the thread that forked).
  std::unique_ptr<RedisServer> redis;
  std::unique_ptr<PostgresServer> postgres;
  if (config.peers && (config.ingest || config.latency)) {
    std::fprintf(stderr, "bus_bench: starting redis-server and postgres…\n");
    redis = std::make_unique<RedisServer>(config.data_dir);
    if (config.ingest) postgres = std::make_unique<PostgresServer>(config.data_dir);
  }
  LocalBus bus(LocalBus::Loopback(config.data_dir + "/bus"));
  zmq::context_t clients(1);

  // Replica first, while the log is short: a node's follower starts from position 1.
  ReplicaResult replica;
  if (config.replica) replica = MeasureReplica(config, *bus);
  std::vector<IngestRow> ingest;
  if (config.ingest) ingest = MeasureIngest(config, bus, redis.get(), postgres.get(), clients);
  LatencyResult latency;
  if (config.latency) latency = MeasureLatency(config, bus, redis.get(), clients);
  CatchupResult catchup;
  if (config.catchup) catchup = MeasureCatchup(config, *bus, clients);
  Check(bus.Stop(), "Bus::Run");

  std::ostringstream section;
  section
      << "## Bus (`bus_bench`)\n\n"
      << "The bus of docs/BUS.md in the bench's own process (`bus::Bus`, what `regiotafel-bus` runs), over "
         "tcp on 127.0.0.1, its RocksDB log synced (fsync before every acknowledgement) on the repo's disk, "
         "**without a trust file** (the plain bus: every envelope is parsed and validated, signatures are "
         "not "
         "verified). An event is a `Signaal` envelope of "
      << kEnvelopeSize << " bytes with a " << kSignatureSize << "-byte signature, on one of "
      << Grouped(kStreams)
      << " dossier streams, every one with its own event id. Ingest also measures the bus as a region runs "
         "it "
         "(docs/TRUST.md): CurveZMQ on its sockets with the ZAP handler, a trust file of the organisations' "
         "keys, every batch signed as one by its sender (one Ed25519 signature over a Merkle tree of its "
         "envelopes, each envelope carrying its proof) and every proof and signature checked before the "
         "append.\n\n";

  if (config.ingest) section << IngestSection(config, ingest, redis.get(), postgres.get());
  if (config.latency) section << LatencySection(config, latency);
  if (config.replica) section << ReplicaSection(config, replica);
  if (config.catchup) section << CatchupSection(config, catchup);
  // A missed goal is reported, not a failed measurement.

  postgres.reset();  // the peers stopped, the last started first
  redis.reset();
  std::string text = section.str();
  while (text.size() >= 2 && text[text.size() - 1] == '\n' && text[text.size() - 2] == '\n') text.pop_back();
  WriteSection(text, config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
