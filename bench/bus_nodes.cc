// bus_bench's nodes (bus_bench.h): node A → node B (a POST on A until the event is in B's replica),
// and the catch-up of a node with an empty replica, next to RocksDB alone storing the same records.
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include "base/bytes.h"
#include "bench/bus_bench.h"
#include "bench/die.h"
#include "services/node/node.h"

namespace regiotafel::bench {

namespace {

std::unique_ptr<node::Node> StartNode(const bus::Bus& bus, const std::string& dir, const std::string& org) {
  std::filesystem::create_directories(dir);
  node::NodeConfig config;
  config.organisatie = org;
  config.kind = contract::OrgKind::kGemeente;
  config.data_dir = dir + "/data";
  config.key_file = dir + "/key.ed25519";
  {
    std::ofstream key(config.key_file);
    key << ToHex(SigningKey::Generate().secret_key()) << "\n";
  }
  config.bus_submit = bus.submit_endpoint();
  config.bus_publish = bus.publish_endpoint();
  config.bus_fetch = bus.fetch_endpoint();
  config.http_port = 0;
  std::unique_ptr<node::Node> node;
  Check(node::Node::Open(config, &node), "opening node " + org);
  Check(node->Start(), "starting node " + org);
  return node;
}

template <class Predicate>
void WaitFor(Predicate ready, const std::string& what,
             std::chrono::microseconds step = std::chrono::microseconds(1000)) {
  const auto deadline = Clock::now() + kPatience;
  while (!ready()) {
    if (Clock::now() > deadline) Die("waited a minute for " + what);
    std::this_thread::sleep_for(step);  // another thread's progress, no event to wait on
  }
}

// --- Catch-up floor -----------------------------------------------------------------------------

// The least any replica kept in RocksDB must do to catch up: the log's records, already in memory
// as the bytes the bus stores, written into a fresh RocksDB database (one column family, 128 MiB
// memtable as the log's records family) in batches of 10 000, each synced, as the follower does.
// No fetching, parsing, hash check, index or view: only RocksDB's WAL, memtable and flushes.
Run StoreRecordsFloor(const eventstore::EventLog& log, const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> records;  // key, value
  std::vector<v1::LogRecord> chunk;
  for (uint64_t from = 1; from <= log.Head().position; from += chunk.size()) {
    Check(log.Read(from, 10'000, &chunk), "reading the log for the floor");
    if (chunk.empty()) Die("the log ended early");
    for (const v1::LogRecord& r : chunk) {
      std::string key;
      PutBigEndian64(&key, r.position());
      records.emplace_back(std::move(key), r.SerializeAsString());
    }
  }
  rocksdb::Options options;
  options.create_if_missing = true;
  options.write_buffer_size = size_t{128} << 20;
  options.compression = rocksdb::kNoCompression;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(options, dir, &raw).ok()) Die("cannot open " + dir);
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::WriteOptions sync;
  sync.sync = true;
  const auto begin = Clock::now();
  const double cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
  for (size_t i = 0; i < records.size(); i += 10'000) {
    rocksdb::WriteBatch batch;
    for (size_t k = i; k < std::min(records.size(), i + 10'000); ++k)
      batch.Put(records[k].first, records[k].second);
    if (!db->Write(sync, &batch).ok()) Die("the floor's write failed");
  }
  Run run{records.size(), SecondsSince(begin), CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu};
  db.reset();
  std::filesystem::remove_all(dir);
  return run;
}

}  // namespace

ReplicaResult MeasureReplica(const Config& config, const bus::Bus& bus) {
  ReplicaResult result;
  std::fprintf(stderr, "bus_bench: replica: starting nodes A and B…\n");
  const std::string dir = config.data_dir + "/nodes";
  std::unique_ptr<node::Node> a = StartNode(bus, dir + "/a", kOrgs[0]);
  std::unique_ptr<node::Node> b = StartNode(bus, dir + "/b", kOrgs[1]);
  httplib::Client client("127.0.0.1", a->http_port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);  // else Nagle holds the body behind the headers until a delayed ack
  client.set_read_timeout(60, 0);
  const EventMaker maker(kOrgs[0]);
  const int warmup = 10;
  for (int i = 0; i < warmup + config.replica_samples; ++i) {
    std::string event_id;
    const std::string body = maker.Body(g_next_event.fetch_add(1), &event_id);
    const auto t0 = Clock::now();
    auto response = client.Post("/api/v1/events", body, "application/json");
    const auto t1 = Clock::now();
    if (!response || response->status != 202) {
      Die("POST on node A: " + (response ? std::to_string(response->status) + " " + response->body
                                         : httplib::to_string(response.error())));
    }
    uint64_t position = 0;
    WaitFor([&] { return b->replica().FindEvent(event_id, &position).ok(); }, "the event in B's replica",
            std::chrono::microseconds(50));
    const auto t2 = Clock::now();
    if (i >= warmup) {  // the first ones also wait for the subscriptions to settle
      result.accepted_us.push_back(MicrosBetween(t0, t1));
      result.replica_us.push_back(MicrosBetween(t0, t2));
    }
  }
  b.reset();
  a.reset();
  std::filesystem::remove_all(dir);
  std::fprintf(
      stderr, "replica: POST→202 p50 %s p99 %s; POST→B p50 %s p99 %s\n",
      Ms(Percentile(result.accepted_us, 0.5)).c_str(), Ms(Percentile(result.accepted_us, 0.99)).c_str(),
      Ms(Percentile(result.replica_us, 0.5)).c_str(), Ms(Percentile(result.replica_us, 0.99)).c_str());
  return result;
}

std::string ReplicaSection(const Config& config, const ReplicaResult& result) {
  std::ostringstream section;
  section
      << "### Node A → node B\n\n"
      << "Two nodes (`node::Node`, what `regiotafel-node` runs) in the bench's process against the bus: a "
         "`POST /api/v1/events` (no `wait`) on A over HTTP keep-alive, then the time until the event is in "
         "B's replica (B's `EventLog::FindEvent`, looked at every 50 µs). The path: A's synced outbox "
         "write, "
         "A's sender submits, the bus's group commit (fsync), the PUB, B's follower appends to its replica "
         "(fsync). One event at a time, after 10 unmeasured ones.\n\n"
      << "| per event, " << config.replica_samples << " events one after another | p50 | p99 | max |\n"
      << "|---|--:|--:|--:|\n"
      << "| POST on A answered 202 (validated, signed, synced into A's outbox) | "
      << Percentiles(result.accepted_us) << " |\n"
      << "| POST on A → in B's replica | " << Percentiles(result.replica_us) << " |\n\n";
  return section.str();
}

CatchupResult MeasureCatchup(const Config& config, const bus::Bus& bus, zmq::context_t& clients) {
  CatchupResult result;
  if (bus.log().Head().position < config.catchup_records) {
    std::fprintf(stderr, "bus_bench: catch-up: filling the log to %s records…\n",
                 Grouped(static_cast<double>(config.catchup_records)).c_str());
    BusIngest filler(clients, bus.submit_endpoint(), 4);
    while (bus.log().Head().position < config.catchup_records) {
      Slice(4, 1.0, [&](int t, Clock::time_point d) { return filler.Drive(t, d); });
    }
  }
  result.records = bus.log().Head().position;
  std::fprintf(stderr, "bus_bench: catch-up of %s records…\n",
               Grouped(static_cast<double>(result.records)).c_str());
  for (int rep = 0; rep < config.catchup_reps; ++rep) {
    const std::string dir = config.data_dir + "/catchup";
    const auto begin = Clock::now();
    const double cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
    std::unique_ptr<node::Node> c = StartNode(bus, dir, kOrgs[2]);
    WaitFor([&] { return c->replica().Head().position >= result.records; }, "the catch-up");
    const double seconds = SecondsSince(begin);
    result.catchups.push_back({result.records, seconds, CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu});
    c.reset();
    std::filesystem::remove_all(dir);
    std::fprintf(stderr, "catch-up rep %d: %s records in %.2f s, %s/s, %.1f µs CPU/record (bus and node)\n",
                 rep + 1, Grouped(static_cast<double>(result.records)).c_str(), seconds,
                 Grouped(result.catchups.back().Rate()).c_str(), result.catchups.back().CpuMicrosPerEvent());
    result.floors.push_back(StoreRecordsFloor(bus.log(), config.data_dir + "/floor"));
    std::fprintf(stderr, "catch-up floor rep %d: %s/s, %.1f µs CPU/record (RocksDB alone)\n", rep + 1,
                 Grouped(result.floors.back().Rate()).c_str(), result.floors.back().CpuMicrosPerEvent());
  }
  return result;
}

std::string CatchupSection(const Config& config, const CatchupResult& result) {
  std::vector<double> rates, cpu;
  for (const Run& r : result.catchups) {
    rates.push_back(r.Rate());
    cpu.push_back(r.CpuMicrosPerEvent());
  }
  std::vector<double> floor_rates, floor_cpu;
  for (const Run& r : result.floors) {
    floor_rates.push_back(r.Rate());
    floor_cpu.push_back(r.CpuMicrosPerEvent());
  }
  const bool met = Median(rates) >= kCatchupGoal;
  auto micros = [](double us) {
    char b[32];
    std::snprintf(b, sizeof b, "%.1f µs", us);
    return std::string(b);
  };
  std::ostringstream section;
  section
      << "### Replica catch-up\n\n"
      << "A node started with an empty replica against the bus's log of "
      << Grouped(static_cast<double>(result.records))
      << " records (what the rows above wrote, topped up when short): from opening the node until its "
         "replica's "
         "head is the bus's head. The follower fetches (at most 10 000 records or 4 MiB per answer, one "
         "fetch at a time) and appends with `EventLog::AppendReplicated` (chain check, fsync). "
      << config.catchup_reps << " run" << (config.catchup_reps == 1 ? "" : "s")
      << ", each into a fresh replica; the median, lowest–highest in brackets.\n\n"
      << "| catch-up | records | events/s | CPU per record | goal |\n|---|--:|--:|--:|---|\n"
      << "| empty replica → head | " << Grouped(static_cast<double>(result.records)) << " | "
      << Spread(rates, Grouped) << " | " << Spread(cpu, micros) << " | ≥ " << Grouped(kCatchupGoal)
      << "/s: " << (met ? "met" : "**missed**") << " |\n"
      << "| floor: RocksDB alone storing the same records | " << Grouped(static_cast<double>(result.records))
      << " | " << Spread(floor_rates, Grouped) << " | " << Spread(floor_cpu, micros) << " | — |\n\n"
      << "CPU per record is the bench process's over the run (the bus's fetch thread, the node's follower, "
         "the replica's index thread and its views, RocksDB's flushes), divided by the records. The floor "
         "(after each run, same records) is what any replica kept in RocksDB must do at least: the "
         "records, "
         "already in memory as the bytes the bus stores, written into a fresh database (one column family, "
         "128 MiB memtable, no compression) in synced batches of 10 000 as the follower writes them; no "
         "fetch, parse, hash check, index or view.\n\n";
  return section.str();
}

}  // namespace regiotafel::bench
