// bus_bench's acknowledgement latency (bus_bench.h): submit → ack at an offered kLatencyRate (open
// loop) on the bus, next to Redis's single XADDs and the disk's own append + fdatasync.
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <sstream>

#include "bench/bus_bench.h"
#include "bench/bus_peers.h"
#include "bench/die.h"
#include "regiotafel/v1/bus.pb.h"
#include "transport/frame_io.h"

namespace regiotafel::bench {

using std::chrono::milliseconds;

std::string Ms(double us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, us < 10'000 ? "%.2f ms" : "%.0f ms", us / 1000);
  return buf;
}

std::string Percentiles(const std::vector<double>& us) {
  return Ms(Percentile(us, 0.5)) + " | " + Ms(Percentile(us, 0.99)) + " | " + Ms(Percentile(us, 1));
}

void WaitReadable(int fd, Clock::time_point until) {
  const auto left = until - Clock::now();
  if (left <= Clock::duration::zero()) return;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
  timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
  pollfd p{fd, POLLIN, 0};
  ppoll(&p, 1, &ts, nullptr);
}

namespace {

// Open loop: a single-event batch every 1/rate s, whether or not earlier ones were answered; the
// latency counts from the scheduled send (so a late send is not hidden).
Latencies BusLatency(zmq::socket_t& socket, const EventMaker& maker, double seconds) {
  const auto interval = AsDuration(1 / kLatencyRate);
  const int fd = socket.get(zmq::sockopt::fd);
  std::vector<Clock::time_point> scheduled;
  const uint64_t base = g_next_event.fetch_add(static_cast<uint64_t>(seconds * kLatencyRate) + 10);
  const uint64_t limit = static_cast<uint64_t>(seconds * kLatencyRate) + 10;
  Latencies out;
  const auto begin = Clock::now();
  const auto end = begin + AsDuration(seconds);
  auto next = begin;
  v1::BusFrame frame;
  v1::SignedEnvelope* e = frame.mutable_submit()->add_events();
  auto last_answer = Clock::now();
  for (;;) {
    while (next <= Clock::now() && next < end && scheduled.size() < limit) {
      const uint64_t n = base + scheduled.size();
      frame.mutable_submit()->set_request_id(n);
      maker.Make(n, e->mutable_envelope(), nullptr, e->mutable_signature());
      Check(transport::SendFrame(socket, frame), "submit");
      scheduled.push_back(next);
      next += interval;
    }
    // ZMQ_FD is edge-triggered: take every waiting message before sleeping on it again.
    while (socket.get(zmq::sockopt::events) & ZMQ_POLLIN) {
      std::optional<v1::BusFrame> in;
      Check(transport::RecvFrame(socket, &in), "submit reply");
      if (!in) break;
      const auto now = Clock::now();
      const uint64_t n = in->submit_reply().request_id() - base;
      if (!in->has_submit_reply() || n >= scheduled.size() || in->submit_reply().results_size() != 1 ||
          in->submit_reply().results(0).status() != v1::SubmitResult::COMMITTED) {
        Die("an unexpected answer in the latency run");
      }
      out.us.push_back(MicrosBetween(scheduled[n], now));
      last_answer = now;
    }
    if (next >= end && out.us.size() == scheduled.size()) break;
    if (Clock::now() - last_answer > kPatience) Die("the bus did not answer within a minute");
    WaitReadable(fd, next < end ? next : Clock::now() + milliseconds(100));
  }
  out.seconds = SecondsSince(begin);
  return out;
}

// The disk's floor for any durable acknowledgement: append 512 bytes to a file and fdatasync,
// one after the other (closed loop), as a write-ahead log does.
class SyncFloor {
 public:
  explicit SyncFloor(const std::string& parent) : path_(parent + "/fdatasync.test") {
    fd_ = open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0644);
    if (fd_ < 0) Die("cannot create " + path_);
  }
  ~SyncFloor() {
    close(fd_);
    unlink(path_.c_str());
  }
  Latencies Measure(double seconds) {
    Latencies out;
    const char block[512] = {};
    const auto begin = Clock::now();
    while (SecondsSince(begin) < seconds) {
      const auto t0 = Clock::now();
      if (write(fd_, block, sizeof block) != static_cast<ssize_t>(sizeof block) || fdatasync(fd_) != 0)
        Die("write/fdatasync failed on " + path_);
      out.us.push_back(MicrosBetween(t0, Clock::now()));
    }
    out.seconds = SecondsSince(begin);
    return out;
  }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace

LatencyResult MeasureLatency(const Config& config, LocalBus& bus, const RedisServer* redis,
                             zmq::context_t& clients) {
  LatencyResult result;
  Latencies &bus_latency = result.bus, &redis_latency = result.redis, &floor_latency = result.floor;
  const clockid_t bus_clock = bus.cpu_clock();
  double bus_latency_cpu = 0;
  zmq::socket_t socket(clients, zmq::socket_type::dealer);
  socket.set(zmq::sockopt::linger, 0);
  socket.connect(bus->submit_endpoint());
  const EventMaker maker(kOrgs[0]);
  BusLatency(socket, maker, 0.05);  // connected and warm
  std::unique_ptr<RedisLatency> redis_side;
  if (redis) redis_side = std::make_unique<RedisLatency>(*redis);
  SyncFloor floor(config.data_dir);
  const double slice = 1.0;
  Latencies* outs[3] = {&redis_latency, &floor_latency, &bus_latency};
  for (;;) {
    bool any = false;
    for (int side = redis ? 0 : 1; side < 3; ++side) {
      if (outs[side]->seconds >= config.latency_seconds) continue;
      any = true;
      const double s = std::min(slice, config.latency_seconds);
      if (side == 0) *outs[0] += redis_side->Measure(maker, s);
      if (side == 1) *outs[1] += floor.Measure(s);
      if (side == 2) {
        const double cpu = CpuSeconds(bus_clock);
        *outs[2] += BusLatency(socket, maker, s);
        bus_latency_cpu += CpuSeconds(bus_clock) - cpu;
      }
    }
    if (!any) break;
  }
  std::fprintf(stderr, "latency: bus thread %.0f%% busy, %.1f µs CPU/event\n",
               100 * bus_latency_cpu / bus_latency.seconds,
               bus_latency_cpu * 1e6 / static_cast<double>(bus_latency.us.size()));
  std::fprintf(stderr, "latency: bus p50 %s p99 %s (%s/s); redis p50 %s p99 %s; fdatasync p50 %s p99 %s\n",
               Ms(Percentile(bus_latency.us, 0.5)).c_str(), Ms(Percentile(bus_latency.us, 0.99)).c_str(),
               Grouped(bus_latency.Rate()).c_str(), Ms(Percentile(redis_latency.us, 0.5)).c_str(),
               Ms(Percentile(redis_latency.us, 0.99)).c_str(), Ms(Percentile(floor_latency.us, 0.5)).c_str(),
               Ms(Percentile(floor_latency.us, 0.99)).c_str());
  return result;
}

std::string LatencySection(const Config& config, const LatencyResult& result) {
  const bool met = Percentile(result.bus.us, 0.99) <= kLatencyGoalUs;
  std::ostringstream section;
  section
      << "### Acknowledgement latency\n\n"
      << "Open loop at an offered " << Grouped(kLatencyRate)
      << " events/s: one single-event batch every 0.5 ms on one connection whether or not the earlier ones "
         "were answered, latency from the scheduled send to the ack (so a late send is not hidden). Redis: "
         "the same schedule of single `XADD`s. For the floor, the disk itself: append 512 bytes to a file "
         "and "
         "`fdatasync`, one after the other, as a write-ahead log does; no acknowledgement that waits for "
         "the "
         "disk can be faster. Alternating slices of 1 s until each side has run "
      << config.latency_seconds << " s.\n\n"
      << "| at " << Grouped(kLatencyRate) << " events/s | p50 | p99 | max | answered/s | goal |\n"
      << "|---|--:|--:|--:|--:|---|\n"
      << "| bus, submit → ack | " << Percentiles(result.bus.us) << " | " << Grouped(result.bus.Rate())
      << " | p99 ≤ 1 ms: " << (met ? "met" : "**missed**") << " |\n";
  if (!result.redis.us.empty()) {
    section << "| Redis `XADD`, appendfsync always | " << Percentiles(result.redis.us) << " | "
            << Grouped(result.redis.Rate()) << " | — |\n";
  }
  section << "| the disk: 512-byte append + `fdatasync` | " << Percentiles(result.floor.us) << " | "
          << Grouped(result.floor.Rate()) << " (closed loop) | — |\n\n";
  return section.str();
}

}  // namespace regiotafel::bench
