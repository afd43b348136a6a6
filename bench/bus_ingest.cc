// bus_bench's durable ingest (bus_bench.h): submit → ack from 1 and from 4 organisations, the plain
// bus next to one with Curve and signatures, Redis Streams and PostgreSQL, in alternating slices.
#include <cstdio>
#include <deque>
#include <latch>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "base/batch_signature.h"
#include "bench/bus_bench.h"
#include "bench/bus_peers.h"
#include "bench/die.h"
#include "regiotafel/v1/bus.pb.h"
#include "transport/frame_io.h"

namespace regiotafel::bench {

using std::chrono::milliseconds;

Run Slice(int threads, double seconds, const std::function<uint64_t(int, Clock::time_point)>& drive) {
  std::atomic<uint64_t> done{0};
  std::latch start(1);
  Clock::time_point deadline;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      start.wait();
      done += drive(t, deadline);
    });
  }
  const auto begin = Clock::now();
  deadline = begin + AsDuration(seconds);
  start.count_down();
  for (auto& worker : workers) worker.join();
  return {done.load(), SecondsSince(begin)};
}

std::vector<Run> Interleave(double seconds, double slice,
                            const std::vector<std::function<Run(double)>>& sides) {
  std::vector<Run> runs(sides.size());
  for (;;) {
    bool any = false;
    for (size_t i = 0; i < sides.size(); ++i) {
      if (runs[i].seconds >= seconds) continue;
      runs[i] += sides[i](std::min(slice, seconds));
      any = true;
    }
    if (!any) return runs;
  }
}

BusIngest::BusIngest(zmq::context_t& context, const std::string& endpoint, int threads,
                     const std::vector<Credentials>* credentials)
    : credentials_(credentials) {
  for (int t = 0; t < threads; ++t) {
    zmq::socket_t socket(context, zmq::socket_type::dealer);
    socket.set(zmq::sockopt::linger, 0);
    if (credentials != nullptr) transport::SetCurve(socket, (*credentials)[t].curve);
    socket.connect(endpoint);
    sockets_.push_back(std::move(socket));
    makers_.emplace_back(kOrgs[t]);
  }
}

uint64_t BusIngest::Drive(int t, Clock::time_point deadline, size_t window) {
  zmq::socket_t& socket = sockets_[t];
  const EventMaker& maker = makers_[t];
  std::deque<std::pair<uint64_t, size_t>> in_flight;  // request id, events
  uint64_t committed = 0;
  v1::BusFrame frame;
  auto last_answer = Clock::now();
  std::vector<zmq::pollitem_t> items = {{socket.handle(), 0, ZMQ_POLLIN, 0}};
  for (;;) {
    while (Clock::now() < deadline && in_flight.size() < window) {
      v1::SubmitBatch* batch = frame.mutable_submit();
      const uint64_t first = g_next_event.fetch_add(kBatch);
      batch->set_request_id(first);
      batch->clear_events();  // keeps the messages for reuse
      for (size_t k = 0; k < kBatch; ++k) {
        v1::SignedEnvelope* e = batch->add_events();
        maker.Make(first + k, e->mutable_envelope(), nullptr, e->mutable_signature());
      }
      if (credentials_ != nullptr) {
        std::vector<std::string_view> envelopes;
        for (const v1::SignedEnvelope& e : batch->events()) envelopes.push_back(e.envelope());
        std::vector<std::string> proofs = SignBatch((*credentials_)[t].signing, envelopes);
        for (size_t k = 0; k < kBatch; ++k)
          batch->mutable_events(static_cast<int>(k))->set_signature(proofs[k]);
      }
      Check(transport::SendFrame(socket, frame), "submit");
      in_flight.emplace_back(first, kBatch);
    }
    if (in_flight.empty()) return committed;
    Check(transport::Poll(&items, milliseconds(100)), "poll");
    for (;;) {
      std::optional<v1::BusFrame> in;
      Check(transport::RecvFrame(socket, &in), "submit reply");
      if (!in) break;
      const v1::SubmitReply& reply = in->submit_reply();
      if (!in->has_submit_reply() || reply.request_id() != in_flight.front().first ||
          static_cast<size_t>(reply.results_size()) != in_flight.front().second) {
        Die("the bus answered out of turn (request " + std::to_string(reply.request_id()) + ")");
      }
      for (const auto& result : reply.results()) {
        if (result.status() != v1::SubmitResult::COMMITTED)
          Die("the bus rejected an event: " + result.error());
      }
      committed += in_flight.front().second;
      in_flight.pop_front();
      last_answer = Clock::now();
    }
    if (Clock::now() - last_answer > kPatience) Die("the bus did not answer within a minute");
  }
}

std::vector<double> IngestRow::Rates(const std::vector<Run>& runs) {
  std::vector<double> rates;
  for (const Run& r : runs) rates.push_back(r.Rate());
  return rates;
}

std::vector<double> IngestRow::Ratios(const std::vector<Run>& a, const std::vector<Run>& b) {
  std::vector<double> ratios;
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) ratios.push_back(a[i].Rate() / b[i].Rate());
  return ratios;
}

std::vector<IngestRow> MeasureIngest(const Config& config, LocalBus& bus, const RedisServer* redis,
                                     const PostgresServer* postgres, zmq::context_t& clients) {
  // The bus as a region runs it (docs/TRUST.md): CURVE with its ZAP handler, a trust file of the
  // organisations' keys, every signature checked.
  std::vector<Credentials> credentials(std::size(kOrgs));
  bus::BusConfig secure_config = LocalBus::Loopback(config.data_dir + "/secure-bus");
  secure_config.curve = transport::GenerateCurveKeyPair();
  secure_config.trust = config::TrustMap{};
  for (size_t t = 0; t < credentials.size(); ++t) {
    credentials[t].curve.own = transport::GenerateCurveKeyPair();
    credentials[t].curve.server_key = secure_config.curve->public_key;
    (*secure_config.trust)[kOrgs[t]].sleutels = {
        {.ed25519 = credentials[t].signing.public_key(), .curve = credentials[t].curve.own.public_key}};
  }
  LocalBus secure_bus(secure_config, "Bus::Open (Curve and signatures)");
  const clockid_t bus_clock = bus.cpu_clock(), secure_clock = secure_bus.cpu_clock();

  std::vector<IngestRow> rows;
  for (int threads : {1, 4}) {
    IngestRow row;
    row.name = threads == 1 ? "1 organisation" : std::to_string(threads) + " organisations";
    BusIngest bus_side(clients, bus->submit_endpoint(), threads);
    BusIngest secure_side(clients, secure_bus->submit_endpoint(), threads, &credentials);
    // Connect before measuring: one small round each.
    for (BusIngest* side : {&bus_side, &secure_side}) {
      Slice(threads, 0,
            [&](int t, Clock::time_point) { return side->Drive(t, Clock::now() + milliseconds(1), 1); });
    }
    std::unique_ptr<RedisIngest> redis_side;
    std::unique_ptr<PostgresIngest> postgres_side;
    std::vector<std::function<Run(double)>> sides;
    if (redis) {
      redis_side = std::make_unique<RedisIngest>(*redis, threads);
      postgres_side = std::make_unique<PostgresIngest>(*postgres, threads);
      sides.push_back([&](double s) {
        return Slice(threads, s, [&](int t, Clock::time_point d) { return redis_side->Drive(t, d); });
      });
      sides.push_back([&](double s) {
        return Slice(threads, s, [&](int t, Clock::time_point d) { return postgres_side->Drive(t, d); });
      });
    }
    auto measured = [&](BusIngest& side, clockid_t clock) {
      return [&side, clock, threads](double s) {
        const double cpu = CpuSeconds(clock);
        Run run = Slice(threads, s, [&](int t, Clock::time_point d) { return side.Drive(t, d); });
        run.cpu_seconds = CpuSeconds(clock) - cpu;
        return run;
      };
    };
    sides.push_back(measured(bus_side, bus_clock));
    sides.push_back(measured(secure_side, secure_clock));
    for (int rep = 0; rep < config.reps; ++rep) {
      std::vector<Run> runs = Interleave(config.seconds, kSliceSeconds, sides);
      const Run& plain = runs[runs.size() - 2];
      const Run& secure = runs.back();
      row.bus.push_back(plain);
      row.secure.push_back(secure);
      if (redis) {
        row.redis.push_back(runs[0]);
        row.postgres.push_back(runs[1]);
      }
      std::fprintf(
          stderr,
          "ingest %-16s rep %d: bus %s/s (bus thread %.0f%% busy, %.1f µs CPU/event), with Curve and "
          "signatures %s/s (%.1f µs CPU/event), redis %s/s, postgres %s/s\n",
          row.name.c_str(), rep + 1, Grouped(plain.Rate()).c_str(), 100 * plain.cpu_seconds / plain.seconds,
          plain.CpuMicrosPerEvent(), Grouped(secure.Rate()).c_str(), secure.CpuMicrosPerEvent(),
          redis ? Grouped(runs[0].Rate()).c_str() : "-", redis ? Grouped(runs[1].Rate()).c_str() : "-");
    }
    rows.push_back(std::move(row));
  }
  Check(secure_bus.Stop(), "Bus::Run (Curve and signatures)");
  return rows;
}

std::string IngestSection(const Config& config, const std::vector<IngestRow>& rows, const RedisServer* redis,
                          const PostgresServer* postgres) {
  char slice_text[512];
  std::snprintf(slice_text, sizeof slice_text,
                "Every row is %d round%s; in a round the sides run in alternating slices of %.1f s (Redis, "
                "PostgreSQL, the bus, then the bus with Curve and signatures) until each has run %.1f s, so "
                "all meet the same disturbances. A slice "
                "stops sending at its end and counts until the last answer is in.",
                config.reps, config.reps == 1 ? "" : "s", kSliceSeconds, config.seconds);
  std::ostringstream section;
  section
      << "### Durable ingest\n\n"
      << "Submit → ack, events per second. The bus: one DEALER per organisation, batches of " << kBatch
      << " with " << kWindow
      << " batches in flight per connection (as a node's sender), every acknowledgement after the fsync of "
         "its group commit. Redis Streams"
      << (redis ? " " + redis->version() : "")
      << ": `XADD` of the same envelope and signature bytes into one stream, pipelined by " << kBatch << ", "
      << kWindow
      << " pipelines in flight per connection, `--appendonly yes --appendfsync always` (it fsyncs once per "
         "event-loop turn before answering), no snapshots and no AOF rewrite during the run. PostgreSQL"
      << (postgres ? " " + postgres->version() : "")
      << " (a cluster of its own, `synchronous_commit = on`, otherwise defaults; libpq over the unix "
         "socket): one "
      << kBatch
      << "-row `INSERT` per commit into a table with a bigserial position, a unique uuid event id, a "
         "(stream, position) index and the bytes; one statement at a time per connection (no window: its "
         "concurrency is the connections, whose commits share WAL flushes). One connection per "
         "organisation on every side. "
      << slice_text
      << " Per column the median round, lowest–highest in brackets; ratios per round, then "
         "the median.\n\n";
  section << "| ingest | bus | bus, Curve + signatures | Redis Streams | PostgreSQL | bus/Redis | "
             "bus/PostgreSQL | Curve + signatures/Redis | goals |\n"
          << "|---|--:|--:|--:|--:|--:|--:|--:|---|\n";
  for (const IngestRow& row : rows) {
    section << "| " << row.name << " | " << Spread(IngestRow::Rates(row.bus), Grouped) << " | "
            << Spread(IngestRow::Rates(row.secure), Grouped) << " | ";
    if (row.redis.empty()) {
      section << "— | — | — | — | — | — |\n";
      continue;
    }
    section << Spread(IngestRow::Rates(row.redis), Grouped) << " | "
            << Spread(IngestRow::Rates(row.postgres), Grouped) << " | "
            << Spread(IngestRow::Ratios(row.bus, row.redis), Times) << " | "
            << Spread(IngestRow::Ratios(row.bus, row.postgres), Times) << " | "
            << Spread(IngestRow::Ratios(row.secure, row.redis), Times) << " | bus/Redis ≥ "
            << Times(kIngestGoal) << ": " << (row.Met() ? "met" : "**missed**")
            << "; Curve + signatures/Redis ≥ " << Times(kSecureIngestGoal) << ": "
            << (row.SecureMet() ? "met" : "**missed**") << " |\n";
  }
  section << "\nWhere the bus's time goes: the one thread that receives, validates, appends (RocksDB write "
             "and fsync included) and answers was";
  for (size_t i = 0; i < rows.size(); ++i) {
    std::vector<double> busy, cpu;
    for (const Run& r : rows[i].bus) {
      busy.push_back(100 * r.cpu_seconds / r.seconds);
      cpu.push_back(r.CpuMicrosPerEvent());
    }
    std::vector<double> secure_cpu;
    for (const Run& r : rows[i].secure) secure_cpu.push_back(r.CpuMicrosPerEvent());
    char text[240];
    std::snprintf(text, sizeof text,
                  "%s %.0f%% busy at %.1f µs CPU per event (%.1f µs with Curve and signatures; %s)",
                  i == 0 ? "" : ";", Median(busy), Median(cpu), Median(secure_cpu), rows[i].name.c_str());
    section << text;
  }
  section << " (medians over the rounds).\n\n";
  return section.str();
}

}  // namespace regiotafel::bench
