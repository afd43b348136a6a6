// eventstore_bench: the event log's durable append and read-back, each next to its peer measured in
// the same run, so the ratio means something on whatever machine runs it.
//
//   append  EventLog::Append (sync = true)  vs  raw RocksDB writing the same synced WriteBatches
//   read    EventLog::Read in chunks        vs  protobuf parsing of the same LogRecords from memory
//
// Usage (bench/CMakeLists.txt describes the contract with bench/run):
//   eventstore_bench --data-dir DIR --out FILE [--seconds 2] [--reps 5] [--pool 500000]
//                    [--read-records 200000] [--read-chunk 1000] [--quick]
#include <fcntl.h>
#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>
#include <rocksdb/db.h>
#include <rocksdb/options.h>
#include <rocksdb/write_batch.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "base/bytes.h"
#include "base/uuid.h"
#include "bench/die.h"
#include "bench/options.h"
#include "bench/padding.h"
#include "bench/report.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::bench {
namespace {

using eventstore::AppendEntry;
using eventstore::AppendResult;
using eventstore::EventLog;

constexpr size_t kEnvelopeSize = 300;
constexpr size_t kSignatureSize = 64;
constexpr size_t kHashSize = 32;
constexpr uint64_t kStreams = 10'000;  // events spread over this many dossier streams
constexpr int kConcurrentAppenders = 32;

struct Config : CommonOptions {
  double seconds = 2.0;
  int reps = 5;
  size_t pool = 500'000;
  size_t read_records = 200'000;
  size_t read_chunk = 1'000;
};

// --- Events ------------------------------------------------------------------------------------

struct Event {
  std::string event_id;
  std::string stream;
  std::string envelope;  // a serialized Envelope of exactly kEnvelopeSize bytes
  std::string signature;
};

// An Aanmelding as COA would send it, its verblijfplaats padded so the envelope is 300 bytes.
Event MakeEvent(uint64_t i, std::mt19937_64& rng) {
  char v_nummer[16];
  std::snprintf(v_nummer, sizeof v_nummer, "V%08llu", static_cast<unsigned long long>(i % kStreams));
  v1::Envelope envelope;
  envelope.set_event_id(NewUuid());
  envelope.set_origin("coa:coa");
  envelope.set_origin_seq(i + 1);
  envelope.set_stream(std::string("dossier/") + v_nummer);
  envelope.mutable_occurred_at()->set_seconds(1'740'000'000 + static_cast<int64_t>(i));
  auto* aanmelding = envelope.mutable_aanmelding();
  aanmelding->set_datum("2025-03-01");
  aanmelding->set_v_nummer(v_nummer);
  aanmelding->set_naam("Familie Testpersoon");
  aanmelding->set_geboortedatum("1990-01-01");
  auto* lid = aanmelding->add_gezinsleden();
  lid->set_v_nummer("V99999999");
  lid->set_naam("Kind Testpersoon");
  aanmelding->set_verwachte_nareizigers(1);
  aanmelding->set_gemeente("gemeente:dordrecht");
  // Verblijfplaats padded with words so that the envelope is 300 bytes.
  static constexpr std::string_view kWords[] = {
      "azc",   "locatie", "budel", "ter",    "apel",   "gilze", "rijen", "straat", "laan",  "plein",
      "kamer", "unit",    "blok",  "noord",  "zuid",   "oost",  "west",  "haven",  "weg",   "dijk",
      "molen", "kerk",    "markt", "singel", "gracht", "park",  "veld",  "hof",    "bosch", "brink"};
  PadToSize(envelope, kEnvelopeSize, kWords, rng,
            [&](const std::string& text) { aanmelding->set_verblijfplaats(text); });
  Event event;
  event.event_id = envelope.event_id();
  event.stream = envelope.stream();
  event.envelope = envelope.SerializeAsString();
  if (event.envelope.size() != kEnvelopeSize)
    Die("envelope padding is off: " + std::to_string(event.envelope.size()));
  event.signature.resize(kSignatureSize);  // the log stores it, it does not check it: random bytes do
  for (auto& c : event.signature) c = static_cast<char>(rng());
  return event;
}

std::vector<Event> MakeEvents(size_t n) {
  std::mt19937_64 rng(42);
  std::vector<Event> events;
  events.reserve(n);
  for (size_t i = 0; i < n; ++i) events.push_back(MakeEvent(i, rng));
  return events;
}

// --- Timing ------------------------------------------------------------------------------------

// How long one side runs before the other takes over. Short, so both sides see the same
// disturbances: on a shared machine (or VM disk) fsync latency swings tenfold within seconds.
constexpr double kSliceSeconds = 0.25;

struct Run {
  uint64_t events = 0;
  double seconds = 0;
  bool used_up = false;  // the pool of events ran out
  double Rate() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
  Run& operator+=(const Run& other) {
    events += other.events;
    seconds += other.seconds;
    used_up = used_up || other.used_up;
    return *this;
  }
};

// Calls append(first, count) from `threads` threads, each taking the next `batch` events of the pool
// from *next on, until `seconds` have passed or the pool is used up. Wall-clock time from the common
// start until the last thread is done. append answers false on a failure, which ends the program.
Run Drive(size_t pool, size_t* next, size_t batch, int threads, double seconds,
          const std::function<bool(size_t first, size_t count)>& append) {
  std::atomic<size_t> cursor{*next};
  std::atomic<uint64_t> done{0};
  std::atomic<bool> failed{false}, used_up{false};
  std::latch start(1);
  Clock::time_point deadline;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      start.wait();
      while (!failed.load(std::memory_order_relaxed) && Clock::now() < deadline) {
        size_t first = cursor.fetch_add(batch);
        if (first + batch > pool) {
          used_up = true;
          break;
        }
        if (!append(first, batch)) {
          failed = true;
          break;
        }
        done += batch;
      }
    });
  }
  const auto begin = Clock::now();
  deadline = begin + AsDuration(seconds);
  start.count_down();
  for (auto& worker : workers) worker.join();
  const double elapsed = SecondsSince(begin);
  if (failed) Die("a measurement failed (see above)");
  *next = std::min(cursor.load(), pool);
  return {done.load(), elapsed, used_up};
}

// One measurement of ours next to its peer, taken in alternating slices.
struct Pair {
  Run ours;
  Run peer;
  double Ratio() const { return ours.Rate() / peer.Rate(); }
};

// Alternates slices (peer first) until each side has run `seconds` or used up its events. A slice
// runs the side for about kSliceSeconds and says what it did.
Pair Interleave(double seconds, const std::function<Run(double)>& ours,
                const std::function<Run(double)>& peer) {
  Pair pair;
  auto more = [&](const Run& run) { return run.seconds < seconds && !run.used_up; };
  while (more(pair.ours) || more(pair.peer)) {
    if (more(pair.peer)) pair.peer += peer(std::min(kSliceSeconds, seconds));
    if (more(pair.ours)) pair.ours += ours(std::min(kSliceSeconds, seconds));
  }
  return pair;
}

// A fresh directory under the data directory, removed when done.
class ScratchDir {
 public:
  ScratchDir(const std::string& parent, const std::string& name) {
    std::string pattern = parent + "/" + name + ".XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) Die("cannot create a directory under " + parent);
    path_ = pattern;
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// --- Append ------------------------------------------------------------------------------------

// Appends pool[first, first + count) durably; false (after saying why) on a failure.
class Appender {
 public:
  virtual ~Appender() = default;
  virtual bool Append(size_t first, size_t count) = 0;
};

class LogAppender : public Appender {
 public:
  LogAppender(const std::string& parent, const std::vector<Event>& pool)
      : dir_(parent, "eventlog"), pool_(pool) {
    Check(EventLog::Open(dir_.path(), eventstore::EventLogOptions{}, &log_), "EventLog::Open");
  }

  bool Append(size_t first, size_t count) override {
    std::vector<AppendEntry> entries(count);
    for (size_t k = 0; k < count; ++k) {
      const Event& event = pool_[first + k];
      entries[k].event_id = event.event_id;
      entries[k].stream = event.stream;
      entries[k].envelope = event.envelope;
      entries[k].signature = event.signature;
    }
    std::vector<AppendResult> results;
    if (Status s = log_->Append(std::move(entries), &results); !s.ok()) {
      std::fprintf(stderr, "EventLog::Append: %s\n", s.ToString().c_str());
      return false;
    }
    for (const auto& result : results) {
      if (!result.status.ok() || result.duplicate) {
        std::fprintf(stderr, "EventLog::Append entry: %s\n", result.status.ToString().c_str());
        return false;
      }
    }
    return results.size() == count;
  }

 private:
  ScratchDir dir_;
  const std::vector<Event>& pool_;
  std::unique_ptr<EventLog> log_;
};

// The serialized size of a LogRecord around one of the pool's envelopes: what the raw peer writes.
size_t RecordSize(const Event& event) {
  v1::LogRecord record;
  record.set_position(1'000'000);
  record.mutable_recorded_at()->set_seconds(1'760'000'000);
  record.mutable_recorded_at()->set_nanos(123'456'789);
  record.set_envelope(event.envelope);
  record.set_signature(event.signature);
  record.set_hash(std::string(kHashSize, '\x5a'));
  return record.ByteSizeLong();
}

// The least a durable append has to write, without reads, checks, hashing or serializing, in the
// event log's layout (docs/LOG_FORMAT.md): per event the record, a stream-index entry and an
// event-id-index entry, each in its column family, and one head per batch in the default family; of
// the same sizes, in one synced WriteBatch per batch. RocksDB's default options but for 128 MiB
// memtables, so that neither side flushes during a run.
class RawAppender : public Appender {
 public:
  RawAppender(const std::string& parent, const std::vector<Event>& pool)
      : dir_(parent, "raw"), pool_(pool), record_size_(RecordSize(pool.front())) {
    rocksdb::DBOptions db_options;
    db_options.create_if_missing = true;
    db_options.create_missing_column_families = true;
    rocksdb::ColumnFamilyOptions family;
    family.write_buffer_size = size_t{128} << 20;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), "records", "streams", "event_ids"}) {
      families.emplace_back(name, family);
    }
    rocksdb::DB* raw = nullptr;
    if (auto s = rocksdb::DB::Open(db_options, dir_.path(), families, &handles_, &raw); !s.ok()) {
      Die("rocksdb open: " + s.ToString());
    }
    db_.reset(raw);
    sync_.sync = true;
  }
  ~RawAppender() override {
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  }

  bool Append(size_t first, size_t count) override {
    rocksdb::WriteBatch wb;
    std::string key, value, position;
    for (size_t k = 0; k < count; ++k) {
      const Event& event = pool_[first + k];
      position.clear();
      PutBigEndian64(&position, first + k + 1);
      value.assign(event.envelope);
      value.append(event.signature);
      value.resize(record_size_, '\0');
      wb.Put(handles_[1], position, value);
      key.assign(event.stream);
      key.push_back('\0');
      key.append(position);  // the stream version in the log; the same size
      wb.Put(handles_[2], key, position);
      wb.Put(handles_[3], event.event_id, position);
    }
    wb.Put(handles_[0], "head", position + std::string(kHashSize, '\x5a'));
    if (auto s = db_->Write(sync_, &wb); !s.ok()) {
      std::fprintf(stderr, "rocksdb write: %s\n", s.ToString().c_str());
      return false;
    }
    return true;
  }

 private:
  ScratchDir dir_;  // destroyed last
  const std::vector<Event>& pool_;
  const size_t record_size_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::unique_ptr<rocksdb::DB> db_;
  rocksdb::WriteOptions sync_;
};

// Both appenders in fresh databases, interleaved.
Pair MeasureAppend(const Config& config, const std::vector<Event>& pool, size_t batch, int threads) {
  LogAppender ours(config.data_dir, pool);
  RawAppender peer(config.data_dir, pool);
  size_t ours_next = 0, peer_next = 0;
  auto slice = [&](Appender& appender, size_t* next) {
    return [&, next](double seconds) {
      return Drive(pool.size(), next, batch, threads, seconds,
                   [&](size_t first, size_t count) { return appender.Append(first, count); });
    };
  };
  return Interleave(config.seconds, slice(ours, &ours_next), slice(peer, &peer_next));
}

// --- Read --------------------------------------------------------------------------------------

// Whole passes over the log until `seconds` have passed.
Run Passes(double seconds, size_t records, const std::function<size_t()>& pass) {
  Run run;
  const auto begin = Clock::now();
  do {
    size_t n = pass();
    if (n != records) {
      Die("a read pass saw " + std::to_string(n) + " of " + std::to_string(records) + " records");
    }
    run.events += n;
    run.seconds = SecondsSince(begin);
  } while (run.seconds < seconds);
  return run;
}

// --- Report ------------------------------------------------------------------------------------

struct Row {
  std::string name;
  std::vector<Pair> pairs;
  double goal = 0;  // 0: none

  std::vector<double> Of(const std::function<double(const Pair&)>& f) const {
    std::vector<double> values;
    for (const auto& pair : pairs) values.push_back(f(pair));
    return values;
  }
  std::string Ours() const {
    return Spread(Of([](const Pair& p) { return p.ours.Rate(); }), Grouped);
  }
  std::string Peer() const {
    return Spread(Of([](const Pair& p) { return p.peer.Rate(); }), Grouped);
  }
  std::string Ratio() const {
    return Spread(Of([](const Pair& p) { return p.Ratio(); }), Times);
  }
  std::string Goal() const {
    if (goal == 0) return "—";
    bool met = Median(Of([](const Pair& p) { return p.Ratio(); })) >= goal;
    char buf[64];
    std::snprintf(buf, sizeof buf, "≥ %.1f×: %s", goal, met ? "met" : "**missed**");
    return buf;
  }
};

std::string Table(const std::string& first, const std::string& ours, const std::string& peer,
                  const std::vector<Row>& rows) {
  std::ostringstream out;
  out << "| " << first << " | " << ours << " | " << peer << " | ratio | goal |\n";
  out << "|---|--:|--:|--:|---|\n";
  for (const auto& row : rows) {
    out << "| " << row.name << " | " << row.Ours() << " | " << row.Peer() << " | " << row.Ratio() << " | "
        << row.Goal() << " |\n";
  }
  return out.str();
}

Config ParseArgs(int argc, char** argv) {
  Config config;
  Options options("the event log's durable append and read-back, next to raw RocksDB and plain protobuf",
                  &config);
  options.RequireDataDirOnDisk();
  options.Add("--seconds", &config.seconds, "the least time each side runs in a round", 0.3)
      ->check(CLI::PositiveNumber);
  options.AddReps(&config.reps);
  options.Add("--pool", &config.pool, "events made for the run (what the appends take from)",
              size_t{100'000});
  options.Add("--read-records", &config.read_records, "records read back (at most --pool)", size_t{20'000});
  options.Add("--read-chunk", &config.read_chunk, "records per EventLog::Read")->check(CLI::PositiveNumber);
  options.Parse(argc, argv);
  config.read_records = std::min(config.read_records, config.pool);
  return config;
}

int Main(int argc, char** argv) {
  const Config config = ParseArgs(argc, argv);
  std::fprintf(stderr, "eventstore_bench: making %zu events…\n", config.pool);
  const std::vector<Event> pool = MakeEvents(config.pool);

  struct Workload {
    std::string name;
    size_t batch;
    int threads;
    double goal;
  };
  const std::vector<Workload> workloads = {
      {"batch 1", 1, 1, 0},
      {"batch 100", 100, 1, 0.5},
      {"batch 1000", 1000, 1, 0.5},
      {std::to_string(kConcurrentAppenders) + " threads, 1 event each", 1, kConcurrentAppenders, 0.8},
  };
  std::vector<Row> append_rows;
  for (const auto& w : workloads) {
    Row row{w.name, {}, w.goal};
    for (int rep = 0; rep < config.reps; ++rep) {
      row.pairs.push_back(MeasureAppend(config, pool, w.batch, w.threads));
      const Pair& p = row.pairs.back();
      std::fprintf(stderr, "append %-26s rep %d: EventLog %s/s, raw %s/s, %s\n", w.name.c_str(), rep + 1,
                   Grouped(p.ours.Rate()).c_str(), Grouped(p.peer.Rate()).c_str(), Times(p.Ratio()).c_str());
    }
    append_rows.push_back(std::move(row));
  }

  // Read: fill one log, keep its records' bytes in memory, then read both ways.
  Row read_row{"read " + Grouped(static_cast<double>(config.read_records)) + " records, chunks of " +
                   Grouped(static_cast<double>(config.read_chunk)),
               {},
               0.5};
  Row memory_row{read_row.name, {}, 0};
  int table_files = 0;
  size_t read_bytes = 0;
  {
    ScratchDir dir(config.data_dir, "read");
    std::unique_ptr<EventLog> log;
    Check(EventLog::Open(dir.path(), eventstore::EventLogOptions{}, &log), "EventLog::Open");
    for (size_t first = 0; first < config.read_records; first += 1000) {
      std::vector<AppendEntry> entries;
      for (size_t i = first; i < std::min(first + 1000, config.read_records); ++i) {
        entries.push_back(
            {pool[i].event_id, pool[i].stream, pool[i].envelope, pool[i].signature, std::nullopt, {}});
      }
      std::vector<AppendResult> results;
      Check(log->Append(std::move(entries), &results), "filling the log");
    }
    // Reopened, RocksDB flushes the recovered WAL to table files: the records are read from disk
    // (through the block and page caches), as after any restart, not from the memtable.
    log.reset();
    Check(EventLog::Open(dir.path(), eventstore::EventLogOptions{}, &log), "EventLog::Open");
    for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
      if (file.path().extension() == ".sst") ++table_files;
    }
    std::vector<std::string> serialized;
    std::vector<v1::LogRecord> chunk;
    for (uint64_t from = 1; from <= config.read_records; from += config.read_chunk) {
      Check(log->Read(from, config.read_chunk, &chunk), "EventLog::Read");
      for (const auto& record : chunk) {
        serialized.push_back(record.SerializeAsString());
        read_bytes += serialized.back().size();
      }
    }
    if (serialized.size() != config.read_records) {
      Die("the filled log has " + std::to_string(serialized.size()) + " records");
    }

    // Both sides hand out freshly parsed messages (the caller empties the vector first), so
    // protobuf's allocations weigh on both alike.
    auto read_log = [&] {
      size_t n = 0;
      for (uint64_t from = 1; from <= config.read_records; from += config.read_chunk) {
        chunk.clear();
        Check(log->Read(from, config.read_chunk, &chunk), "EventLog::Read");
        n += chunk.size();
      }
      return n;
    };
    // The same records as a plain protobuf log: one file of length-delimited LogRecords beside the
    // database, read back with protobuf's own stream classes — what a log without a database does.
    const std::string flat_file = dir.path() + "/records.delimited";
    {
      std::ofstream flat(flat_file, std::ios::binary);
      v1::LogRecord record;
      for (const std::string& bytes : serialized) {
        if (!record.ParseFromString(bytes) ||
            !google::protobuf::util::SerializeDelimitedToOstream(record, &flat)) {
          Die("cannot write " + flat_file);
        }
      }
    }
    auto read_flat = [&] {
      int fd = ::open(flat_file.c_str(), O_RDONLY);
      if (fd < 0) Die("cannot open " + flat_file);
      google::protobuf::io::FileInputStream stream(fd, 1 << 20);
      size_t n = 0;
      bool clean_eof = false;
      while (!clean_eof) {
        chunk.clear();
        while (chunk.size() < config.read_chunk) {
          v1::LogRecord record;
          if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&record, &stream, &clean_eof)) {
            if (clean_eof) break;
            Die("a delimited LogRecord does not parse");
          }
          chunk.push_back(std::move(record));
        }
        n += chunk.size();
      }
      ::close(fd);
      return n;
    };
    auto parse = [&] {
      size_t n = 0;
      for (size_t first = 0; first < serialized.size(); first += config.read_chunk) {
        chunk.clear();
        for (size_t i = first; i < std::min(first + config.read_chunk, serialized.size()); ++i) {
          if (!chunk.emplace_back().ParseFromString(serialized[i])) Die("a LogRecord does not parse");
        }
        n += chunk.size();
      }
      return n;
    };
    for (int rep = 0; rep < config.reps; ++rep) {
      read_row.pairs.push_back(Interleave(
          config.seconds, [&](double s) { return Passes(s, config.read_records, read_log); },
          [&](double s) { return Passes(s, config.read_records, read_flat); }));
      memory_row.pairs.push_back(Interleave(
          config.seconds, [&](double s) { return Passes(s, config.read_records, read_log); },
          [&](double s) { return Passes(s, config.read_records, parse); }));
      const Pair& p = read_row.pairs.back();
      const Pair& m = memory_row.pairs.back();
      std::fprintf(stderr,
                   "read rep %d: EventLog %s/s, delimited file %s/s, %s; parse from memory %s/s, %s\n",
                   rep + 1, Grouped(p.ours.Rate()).c_str(), Grouped(p.peer.Rate()).c_str(),
                   Times(p.Ratio()).c_str(), Grouped(m.peer.Rate()).c_str(), Times(m.Ratio()).c_str());
    }
  }

  std::ostringstream section;
  char setup[1024];
  std::snprintf(setup, sizeof setup,
                "Every row is %d round%s. In a round the EventLog and its peer run in alternating slices of "
                "%.2f s until each has run at least %.1f s or has appended all %s events made for the run "
                "(appends go to two fresh databases, open side by side), so both meet the same disturbances. "
                "Figures are events per second: per column the median round, lowest–highest round in "
                "brackets; the ratio is taken per round, then its median.\n",
                config.reps, config.reps == 1 ? "" : "s", kSliceSeconds, config.seconds,
                Grouped(static_cast<double>(config.pool)).c_str());
  section << "## Event store (`eventstore_bench`)\n\n" << setup << "\n";
  section
      << "### Durable append\n\n"
      << "`EventLog::Append` with `sync = true` (the WAL is fsynced before it returns). An event is a "
         "serialized `regiotafel.v1.Envelope` (an Aanmelding) of "
      << kEnvelopeSize << " bytes with a " << kSignatureSize << "-byte signature, spread over "
      << Grouped(kStreams)
      << " streams. The peer is raw RocksDB writing what an append has to write at least, in one synced "
         "`WriteBatch` per batch: per event the record ("
      << RecordSize(pool.front())
      << " bytes), a stream-index entry and an event-id-index entry, plus one head entry per batch, in "
         "four column families of one database with RocksDB's default options but for 128 MiB memtables; "
         "no reads, checks, hashing or serializing. (The EventLog writes the same entries, but the index "
         "entries behind the acknowledgement, in a database of their own: docs/LOG_FORMAT.md. Its appends "
         "return once the records are synced; its index thread works on meanwhile, on the other core.) With "
      << kConcurrentAppenders
      << " threads each thread appends single events and RocksDB groups the concurrent writes itself.\n\n"
      << Table("append", "EventLog", "raw RocksDB", append_rows) << "\n";
  section
      << "### Read back\n\n"
      << "`EventLog::Read` from position 1 to the end in chunks, over a log filled with the events above "
         "and reopened ("
      << Grouped(static_cast<double>(read_bytes) / 1e6)
      << " MB of serialized records), so that they come from RocksDB's table files (" << table_files
      << " after the reopen) through the page cache, not from the memtable. Both sides hand out freshly "
         "parsed `LogRecord`s, a chunk at a time.\n\n"
         "The peer is the same records as a plain protobuf log: a file of length-delimited `LogRecord`s on "
         "the same disk, read with protobuf's own `FileInputStream` and `ParseDelimitedFromZeroCopyStream` "
         "(what a log without a database does). The goal is judged against it.\n\n"
      << Table("read", "EventLog::Read", "protobuf, delimited file", {read_row})
      << "\nFor scale, the same next to parsing the serialized records from memory (no storage at all, "
         "the floor of any reader; no goal):\n\n"
      << Table("read", "EventLog::Read", "protobuf parse from memory", {memory_row}) << "\n";

  WriteSection(section.str(), config.out);
  return 0;
}

}  // namespace
}  // namespace regiotafel::bench

int main(int argc, char** argv) { return regiotafel::bench::Main(argc, argv); }
