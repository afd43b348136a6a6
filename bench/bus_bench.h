// What the files of bus_bench share: its options and constants, the events every side sends, how a
// side's run is counted and timed, and the four measurements (each with the part of the section it
// writes). bus_bench.cc runs them; the peers, Redis and PostgreSQL, are in bus_peers.h.
#pragma once

#include <time.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>
#include <zmq.hpp>

#include "base/signing.h"
#include "bench/local_bus.h"
#include "bench/options.h"
#include "bench/report.h"
#include "services/bus/bus.h"
#include "transport/sockets.h"

namespace regiotafel::bench {

constexpr size_t kEnvelopeSize = 300;
constexpr size_t kSignatureSize = 64;
constexpr uint64_t kStreams = 10'000;   // events spread over this many dossier streams
constexpr size_t kBatch = 100;          // events per submission (bus batch, Redis pipeline, SQL INSERT)
constexpr size_t kWindow = 4;           // submissions in flight per connection (as the node's sender)
constexpr double kLatencyRate = 2'000;  // events/s offered in the latency row
constexpr double kLatencyGoalUs = 1'000;
constexpr double kCatchupGoal = 500'000;
constexpr double kIngestGoal = 2.0;        // bus / Redis
constexpr double kSecureIngestGoal = 1.0;  // the bus with Curve and signatures / Redis
constexpr std::chrono::seconds kPatience{60};
constexpr const char* kOrgs[] = {"gemeente:dordrecht", "gemeente:zwijndrecht", "gemeente:papendrecht",
                                 "gemeente:sliedrecht"};

// How long one side runs before the next takes over: short, so all sides meet the same
// disturbances (on a shared machine or VM disk fsync latency swings tenfold within seconds), long
// enough that filling and draining the window at the ends of a slice is a small part of it.
constexpr double kSliceSeconds = 0.5;

struct Config : CommonOptions {
  double seconds = 2.0;
  int reps = 5;
  double latency_seconds = 5.0;
  int replica_samples = 300;
  uint64_t catchup_records = 500'000;
  int catchup_reps = 3;
  bool peers = true;
  bool ingest = true, latency = true, replica = true, catchup = true;
};

class RedisServer;
class PostgresServer;

inline double MicrosBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

inline double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

std::string Ms(double us);                               // "0.42 ms" (bus_latency.cc)
std::string Percentiles(const std::vector<double>& us);  // "p50 | p99 | max" in Ms

// --- Events (bus_events.cc) ----------------------------------------------------------------------

// Every event of the run has its own number, so its own event id, whichever side gets it.
extern std::atomic<uint64_t> g_next_event;

// A Signaal of one organisation, serialized to exactly kEnvelopeSize bytes, made for event number n
// by writing its event id (a random-looking version 4 UUID) and v-nummer (one of kStreams dossiers)
// into a template: every event is valid and unique, and making one costs next to nothing.
class EventMaker {
 public:
  explicit EventMaker(const std::string& origin);

  // Event number n: its serialized envelope, event id and signature (random bytes: the plain bus
  // does not check them).
  void Make(uint64_t n, std::string* envelope, std::string* event_id, std::string* signature) const;

  static std::string Stream(const std::string& envelope);

  // The body of POST /api/v1/events for event number n (the node fills origin, stream, …).
  std::string Body(uint64_t n, std::string* event_id) const;

 private:
  std::string template_;
  std::string omschrijving_;
  size_t id_at_ = 0;
  std::vector<size_t> vnr_at_;
};

// --- Runs and slices (bus_ingest.cc) -------------------------------------------------------------

struct Run {
  uint64_t events = 0;
  double seconds = 0;
  double cpu_seconds = 0;  // of the thread or process being watched, where one is
  double Rate() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
  double CpuMicrosPerEvent() const {
    return events > 0 ? cpu_seconds * 1e6 / static_cast<double>(events) : 0;
  }
  Run& operator+=(const Run& other) {
    events += other.events;
    seconds += other.seconds;
    cpu_seconds += other.cpu_seconds;
    return *this;
  }
};

// Calls drive(t, deadline) on `threads` threads at once (thread t submits as organisation t); each
// answers the events acknowledged, having stopped sending at the deadline and waited for what was
// in flight. Wall-clock time from the common start until the last thread is done.
Run Slice(int threads, double seconds, const std::function<uint64_t(int, Clock::time_point)>& drive);

// Alternates slices of the sides (in the order given) until each has run `seconds`.
std::vector<Run> Interleave(double seconds, double slice,
                            const std::vector<std::function<Run(double)>>& sides);

// What an organisation brings to the bus with Curve and signatures: its Curve keys towards that
// bus and the key it signs its batches with.
struct Credentials {
  transport::CurveSettings curve;
  SigningKey signing = SigningKey::Generate();
};

// One DEALER per organisation, as a node's sender: batches of kBatch with kWindow in flight. With
// credentials (one per organisation), over CURVE and each batch signed as one (as a node's sender:
// base/batch_signature.h); else plain, with signature bytes the plain bus does not check.
class BusIngest {
 public:
  BusIngest(zmq::context_t& context, const std::string& endpoint, int threads,
            const std::vector<Credentials>* credentials = nullptr);

  // Submits until the deadline and waits for what is in flight; answers the events committed.
  uint64_t Drive(int t, Clock::time_point deadline, size_t window = kWindow);

 private:
  const std::vector<Credentials>* credentials_;
  std::vector<zmq::socket_t> sockets_;
  std::vector<EventMaker> makers_;
};

// --- Latency (bus_latency.cc) --------------------------------------------------------------------

struct Latencies {
  std::vector<double> us;  // per event, from its scheduled send to its ack
  double seconds = 0;
  Latencies& operator+=(const Latencies& other) {
    us.insert(us.end(), other.us.begin(), other.us.end());
    seconds += other.seconds;
    return *this;
  }
  double Rate() const { return seconds > 0 ? static_cast<double>(us.size()) / seconds : 0; }
};

// Sleeps in ppoll on `fd` until it is readable or `until`; nanosecond timeouts (zmq_poll has ms).
void WaitReadable(int fd, Clock::time_point until);

// --- The measurements, each with its part of the section ----------------------------------------

// One ingest row: per round the bus, Redis and PostgreSQL.
struct IngestRow {
  std::string name;
  std::vector<Run> bus, secure, redis, postgres;  // secure: the bus with Curve and signatures

  static std::vector<double> Rates(const std::vector<Run>& runs);
  static std::vector<double> Ratios(const std::vector<Run>& a, const std::vector<Run>& b);
  bool Met() const { return Median(Ratios(bus, redis)) >= kIngestGoal; }
  bool SecureMet() const { return Median(Ratios(secure, redis)) >= kSecureIngestGoal; }
};

// bus_ingest.cc: from 1 and from 4 organisations, `bus` next to a bus with Curve and signatures (of
// its own) and, when they run, Redis and PostgreSQL.
std::vector<IngestRow> MeasureIngest(const Config& config, LocalBus& bus, const RedisServer* redis,
                                     const PostgresServer* postgres, zmq::context_t& clients);
std::string IngestSection(const Config& config, const std::vector<IngestRow>& rows, const RedisServer* redis,
                          const PostgresServer* postgres);

// bus_latency.cc: submit → ack at kLatencyRate, next to Redis (when it runs) and the disk's fdatasync.
struct LatencyResult {
  Latencies bus, redis, floor;
};
LatencyResult MeasureLatency(const Config& config, LocalBus& bus, const RedisServer* redis,
                             zmq::context_t& clients);
std::string LatencySection(const Config& config, const LatencyResult& result);

// bus_nodes.cc: a POST on node A until the event is in node B's replica.
struct ReplicaResult {
  std::vector<double> accepted_us, replica_us;
};
ReplicaResult MeasureReplica(const Config& config, const bus::Bus& bus);
std::string ReplicaSection(const Config& config, const ReplicaResult& result);

// bus_nodes.cc: a node with an empty replica fetching the whole log (topped up to --catchup-records),
// next to RocksDB alone storing the same records.
struct CatchupResult {
  uint64_t records = 0;
  std::vector<Run> catchups, floors;
};
CatchupResult MeasureCatchup(const Config& config, const bus::Bus& bus, zmq::context_t& clients);
std::string CatchupSection(const Config& config, const CatchupResult& result);

}  // namespace regiotafel::bench
