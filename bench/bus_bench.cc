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
#include <arpa/inet.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <latch>
#include <memory>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>
#include <zmq.hpp>

#include "base/batch_signature.h"
#include "base/bytes.h"
#include "base/signing.h"
#include "bench/child_process.h"
#include "bench/die.h"
#include "bench/local_bus.h"
#include "bench/options.h"
#include "bench/padding.h"
#include "bench/report.h"
#include "regiotafel/v1/bus.pb.h"
#include "regiotafel/v1/events.pb.h"
#include "services/bus/bus.h"
#include "services/node/node.h"
#include "transport/frame_io.h"
#include "transport/sockets.h"

namespace regiotafel::bench {
namespace {

using std::chrono::milliseconds;

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

double MicrosBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

// --- Events ------------------------------------------------------------------------------------

uint64_t Mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Every event of the run has its own number, so its own event id, whichever side gets it.
std::atomic<uint64_t> g_next_event{1};
const uint64_t g_seed = std::random_device{}() | (uint64_t{std::random_device{}()} << 32);

// A Signaal of one organisation, serialized to exactly kEnvelopeSize bytes, made for event number n
// by writing its event id (a random-looking version 4 UUID) and v-nummer (one of kStreams dossiers)
// into a template: every event is valid and unique, and making one costs next to nothing.
class EventMaker {
 public:
  explicit EventMaker(const std::string& origin) {
    static constexpr std::string_view kWords[] = {
        "huurachterstand", "overlast", "buren",    "melding", "wijkteam",   "trap",    "portiek",
        "galerij",         "gesprek",  "afspraak", "brief",   "verhuurder", "sleutel", "kamer",
        "woning",          "straat",   "laan",     "plein",   "hof",        "dijk",    "zorg",
        "school",          "kind",     "ouder"};
    v1::Envelope envelope;
    envelope.set_event_id(std::string(kIdPlaceholder));
    envelope.set_origin(origin);
    envelope.set_origin_seq(1'000'000);
    envelope.set_stream("dossier/" + std::string(kVnrPlaceholder));
    envelope.mutable_occurred_at()->set_seconds(1'760'000'000);
    v1::Signaal* signaal = envelope.mutable_signaal();
    signaal->set_datum("2025-03-01");
    signaal->set_v_nummer(std::string(kVnrPlaceholder));
    signaal->set_signaal_id("s1");
    signaal->set_soort(v1::Signaal::OVERIG);
    std::mt19937_64 rng(7);
    PadToSize(envelope, kEnvelopeSize, kWords, rng,
              [&](const std::string& text) { signaal->set_omschrijving(text); });
    omschrijving_ = signaal->omschrijving();
    template_ = envelope.SerializeAsString();
    if (template_.size() != kEnvelopeSize)
      Die("envelope padding is off: " + std::to_string(template_.size()));
    id_at_ = template_.find(kIdPlaceholder);
    for (size_t at = template_.find(kVnrPlaceholder); at != std::string::npos;
         at = template_.find(kVnrPlaceholder, at + 1)) {
      vnr_at_.push_back(at);
    }
    if (id_at_ == std::string::npos || vnr_at_.size() != 2) Die("the event template has no placeholders");
  }

  // Event number n: its serialized envelope, event id and signature (random bytes: the plain bus
  // does not check them).
  void Make(uint64_t n, std::string* envelope, std::string* event_id, std::string* signature) const {
    envelope->assign(template_);
    char id[37];
    Uuid(n, id);
    std::memcpy(envelope->data() + id_at_, id, 36);
    char vnr[11];
    std::snprintf(vnr, sizeof vnr, "20%08llu",
                  static_cast<unsigned long long>(Mix(n ^ 0x5bd1e995) % kStreams));
    for (size_t at : vnr_at_) std::memcpy(envelope->data() + at, vnr, 10);
    if (event_id != nullptr) event_id->assign(id, 36);
    if (signature != nullptr) {
      signature->resize(kSignatureSize);
      for (size_t i = 0; i < kSignatureSize; i += 8) {
        const uint64_t r = Mix(n * 8 + i + g_seed);
        std::memcpy(signature->data() + i, &r, 8);
      }
    }
  }

  static std::string Stream(const std::string& envelope) {
    return "dossier/" + envelope.substr(envelope.find("dossier/") + 8, 10);
  }

  // The body of POST /api/v1/events for event number n (the node fills origin, stream, …).
  std::string Body(uint64_t n, std::string* event_id) const {
    char id[37];
    Uuid(n, id);
    event_id->assign(id, 36);
    char vnr[11];
    std::snprintf(vnr, sizeof vnr, "20%08llu",
                  static_cast<unsigned long long>(Mix(n ^ 0x5bd1e995) % kStreams));
    return std::string("{\"event_id\": \"") + id +
           "\", \"signaal\": {\"datum\": \"2025-03-01\", \"v_nummer\": \"" + vnr +
           "\", \"signaal_id\": \"s1\", \"soort\": \"OVERIG\", \"omschrijving\": \"" + omschrijving_ + "\"}}";
  }

 private:
  static constexpr std::string_view kIdPlaceholder = "aaaaaaaa-aaaa-4aaa-aaaa-aaaaaaaaaaaa";
  static constexpr std::string_view kVnrPlaceholder = "1357913579";

  static void Uuid(uint64_t n, char out[37]) {
    const uint64_t a = Mix(n ^ g_seed), b = Mix(n + 0x632be59bd9b4e019ULL + g_seed);
    char hex[33];
    std::snprintf(hex, sizeof hex, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    hex[12] = '4';
    hex[16] = "89ab"[b & 3];
    std::snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
  }

  std::string template_;
  std::string omschrijving_;
  size_t id_at_ = 0;
  std::vector<size_t> vnr_at_;
};

// --- Peers' processes --------------------------------------------------------------------------

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) Die("no free port");
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

// As root: the user postgres (Debian's package makes it), else nobody. Not root: nobody to switch to.
std::optional<User> ServiceUser() {
  if (geteuid() != 0) return std::nullopt;
  for (const char* name : {"postgres", "nobody"}) {
    if (const passwd* pw = getpwnam(name); pw != nullptr) return User{pw->pw_uid, pw->pw_gid, name};
  }
  Die("running as root, but there is neither a user postgres nor nobody to run postgres as");
}

// --- Redis -------------------------------------------------------------------------------------

int ConnectTcp(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// A minimal RESP2 client: commands are appended to a buffer and written whole; replies are counted.
class Resp {
 public:
  explicit Resp(int fd) : fd_(fd) {}
  ~Resp() { close(fd_); }
  Resp(const Resp&) = delete;
  Resp& operator=(const Resp&) = delete;

  static void Append(std::string* out, std::initializer_list<std::string_view> args) {
    *out += '*';
    *out += std::to_string(args.size());
    *out += "\r\n";
    for (std::string_view arg : args) {
      *out += '$';
      *out += std::to_string(arg.size());
      *out += "\r\n";
      out->append(arg);
      *out += "\r\n";
    }
  }

  void Write(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) Die(std::string("redis: write: ") + std::strerror(errno));
      done += static_cast<size_t>(n);
    }
  }

  // Waits up to `timeout` for bytes, reads what is there and answers the number of complete
  // replies parsed (the last one's text in *last when given). An error reply ends the program.
  size_t Read(std::chrono::milliseconds timeout, std::string* last = nullptr) {
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready < 0 && errno != EINTR) Die("redis: poll failed");
    if (ready <= 0) return 0;
    char chunk[64 * 1024];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n == 0) Die("redis closed the connection");
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) return 0;
      Die(std::string("redis: read: ") + std::strerror(errno));
    }
    in_.append(chunk, static_cast<size_t>(n));
    return Parse(last);
  }

  int fd() const { return fd_; }

 private:
  size_t Parse(std::string* last) {
    size_t replies = 0;
    for (;;) {
      const size_t eol = in_.find("\r\n", pos_);
      if (eol == std::string::npos) break;
      const char type = in_[pos_];
      size_t end = eol + 2;
      if (type == '$') {
        const long length = std::strtol(in_.c_str() + pos_ + 1, nullptr, 10);
        if (length >= 0) {
          end = eol + 2 + static_cast<size_t>(length) + 2;
          if (in_.size() < end) break;
        }
      } else if (type == '-') {
        Die("redis answered " + in_.substr(pos_, eol - pos_));
      } else if (type != '+' && type != ':') {
        Die(std::string("redis: unexpected reply type ") + type);
      }
      if (last != nullptr) *last = in_.substr(pos_, end - pos_);
      pos_ = end;
      ++replies;
    }
    if (pos_ > 0 && pos_ == in_.size()) {
      in_.clear();
      pos_ = 0;
    } else if (pos_ > (1u << 20)) {
      in_.erase(0, pos_);
      pos_ = 0;
    }
    return replies;
  }

  int fd_;
  std::string in_;
  size_t pos_ = 0;
};

class RedisServer {
 public:
  RedisServer(const std::string& parent) {
    const std::string exe = Which("redis-server");
    if (exe.empty()) Die("redis-server is not installed (bench/run installs Debian's redis-server)");
    dir_ = parent + "/redis";
    std::filesystem::create_directories(dir_);
    port_ = FreePort();
    // Durable as the bus: every write fsynced before its reply (Redis fsyncs once per event-loop
    // turn, for everything it read in that turn). No snapshots, no background AOF rewrite (a fork
    // in the middle of a measurement would disturb every side).
    child_ =
        std::make_unique<Child>(std::vector<std::string>{exe,
                                                         "--port",
                                                         std::to_string(port_),
                                                         "--bind",
                                                         "127.0.0.1",
                                                         "--dir",
                                                         dir_,
                                                         "--appendonly",
                                                         "yes",
                                                         "--appendfsync",
                                                         "always",
                                                         "--save",
                                                         "",
                                                         "--auto-aof-rewrite-percentage",
                                                         "0",
                                                         "--daemonize",
                                                         "no",
                                                         "--logfile",
                                                         "",
                                                         "--protected-mode",
                                                         "yes"},
                                std::nullopt, dir_ + "/redis.log", SIGKILL, SIGTERM, milliseconds(10'000));
    const auto deadline = Clock::now() + kPatience;
    for (;;) {
      int fd = ConnectTcp(port_);
      if (fd >= 0) {
        Resp resp(fd);
        std::string ping;
        Resp::Append(&ping, {"PING"});
        resp.Write(ping);
        std::string reply;
        if (resp.Read(milliseconds(5000), &reply) == 1 && reply.rfind("+PONG", 0) == 0) break;
      }
      if (child_->Exited()) Die("redis-server exited: " + LastLines(dir_ + "/redis.log"));
      if (Clock::now() > deadline) Die("redis-server does not answer on port " + std::to_string(port_));
      std::this_thread::sleep_for(milliseconds(20));  // waiting for another process to listen
    }
    std::string version = ReadLog(dir_ + "/redis.log");
    const size_t at = version.find("version=");
    version_ =
        at == std::string::npos ? "" : version.substr(at + 8, version.find_first_of(", \n", at + 8) - at - 8);
  }

  int port() const { return port_; }
  const std::string& version() const { return version_; }

 private:
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<Child> child_;  // SIGTERM when done
  std::string version_;
};

// --- PostgreSQL --------------------------------------------------------------------------------

std::string PostgresBinDir() {
  std::string best;
  int best_version = -1;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
    const std::string bin = entry.path().string() + "/bin";
    const int version = std::atoi(entry.path().filename().c_str());
    if (version > best_version && Executable(bin + "/postgres") && Executable(bin + "/initdb")) {
      best = bin;
      best_version = version;
    }
  }
  if (best.empty()) {
    const std::string initdb = Which("initdb");
    if (!initdb.empty()) best = std::filesystem::path(initdb).parent_path().string();
  }
  if (best.empty() || !Executable(best + "/postgres"))
    Die("PostgreSQL's server is not installed (bench/run installs Debian's postgresql)");
  return best;
}

class PostgresServer {
 public:
  PostgresServer(const std::string& parent) {
    const std::string bin = PostgresBinDir();
    const std::optional<User> user = ServiceUser();
    dir_ = parent + "/postgres";
    const std::string data = dir_ + "/data";
    socket_dir_ = dir_ + "/socket";
    std::filesystem::create_directories(socket_dir_);
    if (user) {
      for (const std::string& d : {dir_, socket_dir_}) {
        if (chown(d.c_str(), user->uid, user->gid) != 0) Die("cannot chown " + d + " to " + user->name);
      }
      // postgres refuses to run as root; the user it runs as must reach its directory.
      const pid_t pid = fork();
      if (pid == 0) {
        if (setgid(user->gid) != 0 || setuid(user->uid) != 0) _exit(2);
        _exit(access(dir_.c_str(), R_OK | W_OK | X_OK) == 0 ? 0 : 1);
      }
      if (WaitChild(pid, milliseconds(10'000)) != 0) {
        Die("the user " + user->name + " (postgres runs as it, as the bench is root) cannot reach " + dir_ +
            ": every directory above it must be searchable by others (chmod o+x); bench/run sees to that");
      }
    }
    const int initdb = WaitChild(Spawn({bin + "/initdb", "-D", data, "-U", "bench", "-A", "trust", "-E",
                                        "UTF8", "--locale=C", "--no-sync"},
                                       user, dir_ + "/initdb.log", SIGKILL),
                                 milliseconds(120'000));
    if (initdb != 0)
      Die("initdb failed (" + std::to_string(initdb) + "): " + LastLines(dir_ + "/initdb.log"));
    port_ = FreePort();
    // Durable as the bus: a commit returns once its WAL is flushed (synchronous_commit = on, fsync =
    // on, Debian's defaults otherwise). Only the unix socket; SIGQUIT (immediate stop) if we die.
    child_ = std::make_unique<Child>(
        std::vector<std::string>{bin + "/postgres", "-D", data, "-p", std::to_string(port_), "-k",
                                 socket_dir_, "-c", "listen_addresses=", "-c", "synchronous_commit=on", "-c",
                                 "fsync=on"},
        user, dir_ + "/postgres.log", SIGQUIT, SIGINT /* fast shutdown */, milliseconds(30'000));
    conninfo_ = "host=" + socket_dir_ + " port=" + std::to_string(port_) + " user=bench dbname=postgres";
    const auto deadline = Clock::now() + kPatience;
    while (PQping(conninfo_.c_str()) != PQPING_OK) {
      if (child_->Exited()) Die("postgres exited: " + LastLines(dir_ + "/postgres.log"));
      if (Clock::now() > deadline) Die("postgres does not answer: " + LastLines(dir_ + "/postgres.log"));
      std::this_thread::sleep_for(milliseconds(50));  // waiting for another process to start
    }
    PGconn* conn = Connect();
    // The log as a table: a position, the event id unique (the bus answers a known id with its
    // position), a stream index (the bus keeps one), the envelope and signature as stored bytes.
    Exec(conn,
         "CREATE TABLE log (position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream text NOT "
         "NULL, envelope bytea NOT NULL, signature bytea NOT NULL, recorded_at timestamptz NOT NULL DEFAULT "
         "now())");
    Exec(conn, "CREATE INDEX log_stream ON log (stream, position)");
    version_ = PQparameterStatus(conn, "server_version") ? PQparameterStatus(conn, "server_version") : "";
    PQfinish(conn);
  }

  PGconn* Connect() const {
    PGconn* conn = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn) != CONNECTION_OK) Die(std::string("postgres: ") + PQerrorMessage(conn));
    return conn;
  }

  static void Exec(PGconn* conn, const std::string& sql) {
    PGresult* r = PQexec(conn, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die("postgres: " + sql + ": " + PQerrorMessage(conn));
    PQclear(r);
  }

  const std::string& version() const { return version_; }

 private:
  std::string dir_;
  std::string socket_dir_;
  std::string conninfo_;
  int port_ = 0;
  std::unique_ptr<Child> child_;  // SIGINT (fast shutdown) when done
  std::string version_;
};

// --- Timing ------------------------------------------------------------------------------------

// How long one side runs before the next takes over: short, so all sides meet the same
// disturbances (on a shared machine or VM disk fsync latency swings tenfold within seconds), long
// enough that filling and draining the window at the ends of a slice is a small part of it.
constexpr double kSliceSeconds = 0.5;

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

double CpuSeconds(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Calls drive(t, deadline) on `threads` threads at once (thread t submits as organisation t); each
// answers the events acknowledged, having stopped sending at the deadline and waited for what was
// in flight. Wall-clock time from the common start until the last thread is done.
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
  deadline = begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  start.count_down();
  for (auto& worker : workers) worker.join();
  return {done.load(), SecondsSince(begin)};
}

// Alternates slices of the sides (in the order given) until each has run `seconds`.
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

// --- Ingest: the three sides ---------------------------------------------------------------------

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
            const std::vector<Credentials>* credentials = nullptr)
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

  // Submits until the deadline and waits for what is in flight; answers the events committed.
  uint64_t Drive(int t, Clock::time_point deadline, size_t window = kWindow) {
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

 private:
  const std::vector<Credentials>* credentials_;
  std::vector<zmq::socket_t> sockets_;
  std::vector<EventMaker> makers_;
};

// XADD of the same envelope and signature bytes, pipelined by kBatch, kWindow pipelines in flight
// per connection, all into one stream (one log, as the bus).
class RedisIngest {
 public:
  RedisIngest(int port, int threads) {
    for (int t = 0; t < threads; ++t) {
      int fd = ConnectTcp(port);
      if (fd < 0) Die("cannot connect to redis");
      conns_.push_back(std::make_unique<Resp>(fd));
      makers_.emplace_back(kOrgs[t]);
    }
  }

  uint64_t Drive(int t, Clock::time_point deadline) {
    Resp& resp = *conns_[t];
    const EventMaker& maker = makers_[t];
    uint64_t sent = 0, acked = 0;
    std::string command, envelope, signature;
    auto last_answer = Clock::now();
    for (;;) {
      while (Clock::now() < deadline && sent - acked + kBatch <= kWindow * kBatch) {
        command.clear();
        const uint64_t first = g_next_event.fetch_add(kBatch);
        for (size_t k = 0; k < kBatch; ++k) {
          maker.Make(first + k, &envelope, nullptr, &signature);
          Resp::Append(&command, {"XADD", "regiotafel", "*", "envelope", envelope, "signature", signature});
        }
        resp.Write(command);
        sent += kBatch;
      }
      if (acked == sent) return acked;
      if (const size_t n = resp.Read(milliseconds(100)); n > 0) {
        acked += n;
        last_answer = Clock::now();
      }
      if (Clock::now() - last_answer > kPatience) Die("redis did not answer within a minute");
    }
  }

 private:
  std::vector<std::unique_ptr<Resp>> conns_;
  std::vector<EventMaker> makers_;
};

// One INSERT of kBatch rows per commit (autocommit), one connection per organisation. A
// connection has one statement at a time: PostgreSQL has no window, its concurrency is the
// connections (their commits share WAL flushes).
class PostgresIngest {
 public:
  PostgresIngest(const PostgresServer& server, int threads) {
    std::string sql = "INSERT INTO log (event_id, stream, envelope, signature) VALUES ";
    for (size_t k = 0; k < kBatch; ++k) {
      const size_t p = 4 * k;
      sql += (k ? ", " : "") + std::string("($") + std::to_string(p + 1) + "::uuid, $" +
             std::to_string(p + 2) + ", $" + std::to_string(p + 3) + ", $" + std::to_string(p + 4) + ")";
    }
    for (int t = 0; t < threads; ++t) {
      PGconn* conn = server.Connect();
      PGresult* r = PQprepare(conn, "insert", sql.c_str(), 0, nullptr);
      if (PQresultStatus(r) != PGRES_COMMAND_OK)
        Die(std::string("postgres: prepare: ") + PQerrorMessage(conn));
      PQclear(r);
      conns_.push_back(conn);
      makers_.emplace_back(kOrgs[t]);
    }
  }
  ~PostgresIngest() {
    for (PGconn* conn : conns_) PQfinish(conn);
  }

  uint64_t Drive(int t, Clock::time_point deadline) {
    PGconn* conn = conns_[t];
    const EventMaker& maker = makers_[t];
    std::vector<std::string> ids(kBatch), streams(kBatch), envelopes(kBatch), signatures(kBatch);
    std::vector<const char*> values(4 * kBatch);
    std::vector<int> lengths(4 * kBatch), formats(4 * kBatch);
    uint64_t committed = 0;
    while (Clock::now() < deadline) {
      const uint64_t first = g_next_event.fetch_add(kBatch);
      for (size_t k = 0; k < kBatch; ++k) {
        maker.Make(first + k, &envelopes[k], &ids[k], &signatures[k]);
        streams[k] = EventMaker::Stream(envelopes[k]);
        const std::string* fields[4] = {&ids[k], &streams[k], &envelopes[k], &signatures[k]};
        for (int f = 0; f < 4; ++f) {
          values[4 * k + f] = fields[f]->data();
          lengths[4 * k + f] = static_cast<int>(fields[f]->size());
          formats[4 * k + f] = f >= 2 ? 1 : 0;  // bytea as binary, the rest as text
        }
        ids[k].push_back('\0');  // text parameters are C strings; size() above excludes it
        streams[k].push_back('\0');
        values[4 * k] = ids[k].data();
        values[4 * k + 1] = streams[k].data();
      }
      PGresult* r = PQexecPrepared(conn, "insert", static_cast<int>(4 * kBatch), values.data(),
                                   lengths.data(), formats.data(), 0);
      if (PQresultStatus(r) != PGRES_COMMAND_OK)
        Die(std::string("postgres: insert: ") + PQerrorMessage(conn));
      PQclear(r);
      committed += kBatch;
    }
    return committed;
  }

 private:
  std::vector<PGconn*> conns_;
  std::vector<EventMaker> makers_;
};

// --- Latency -----------------------------------------------------------------------------------

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
void WaitReadable(int fd, Clock::time_point until) {
  const auto left = until - Clock::now();
  if (left <= Clock::duration::zero()) return;
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
  timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
  pollfd p{fd, POLLIN, 0};
  ppoll(&p, 1, &ts, nullptr);
}

// Open loop: a single-event batch every 1/rate s, whether or not earlier ones were answered; the
// latency counts from the scheduled send (so a late send is not hidden).
Latencies BusLatency(zmq::socket_t& socket, const EventMaker& maker, double seconds) {
  const auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1 / kLatencyRate));
  const int fd = socket.get(zmq::sockopt::fd);
  std::vector<Clock::time_point> scheduled;
  const uint64_t base = g_next_event.fetch_add(static_cast<uint64_t>(seconds * kLatencyRate) + 10);
  const uint64_t limit = static_cast<uint64_t>(seconds * kLatencyRate) + 10;
  Latencies out;
  const auto begin = Clock::now();
  const auto end =
      begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
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

// The same schedule as single XADDs on one connection (answers come in order).
Latencies RedisLatency(Resp& resp, const EventMaker& maker, double seconds) {
  const auto interval =
      std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1 / kLatencyRate));
  std::deque<Clock::time_point> scheduled;
  Latencies out;
  const auto begin = Clock::now();
  const auto end =
      begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  auto next = begin;
  std::string command, envelope, signature;
  auto last_answer = Clock::now();
  for (;;) {
    while (next <= Clock::now() && next < end) {
      command.clear();
      maker.Make(g_next_event.fetch_add(1), &envelope, nullptr, &signature);
      Resp::Append(&command, {"XADD", "regiotafel", "*", "envelope", envelope, "signature", signature});
      resp.Write(command);
      scheduled.push_back(next);
      next += interval;
    }
    const size_t n = resp.Read(milliseconds(0));
    const auto now = Clock::now();
    for (size_t i = 0; i < n; ++i) {
      out.us.push_back(MicrosBetween(scheduled.front(), now));
      scheduled.pop_front();
      last_answer = now;
    }
    if (next >= end && scheduled.empty()) break;
    if (now - last_answer > kPatience) Die("redis did not answer within a minute");
    WaitReadable(resp.fd(), next < end ? next : now + milliseconds(100));
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

// --- Nodes -------------------------------------------------------------------------------------

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

// --- Report ------------------------------------------------------------------------------------

std::string Ms(double us) {
  char buf[32];
  std::snprintf(buf, sizeof buf, us < 10'000 ? "%.2f ms" : "%.0f ms", us / 1000);
  return buf;
}

// One ingest row: per round the bus, Redis and PostgreSQL.
struct IngestRow {
  std::string name;
  std::vector<Run> bus, secure, redis, postgres;  // secure: the bus with Curve and signatures

  static std::vector<double> Rates(const std::vector<Run>& runs) {
    std::vector<double> rates;
    for (const Run& r : runs) rates.push_back(r.Rate());
    return rates;
  }
  static std::vector<double> Ratios(const std::vector<Run>& a, const std::vector<Run>& b) {
    std::vector<double> ratios;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) ratios.push_back(a[i].Rate() / b[i].Rate());
    return ratios;
  }
  bool Met() const { return Median(Ratios(bus, redis)) >= kIngestGoal; }
  bool SecureMet() const { return Median(Ratios(secure, redis)) >= kSecureIngestGoal; }
};

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

  const bus::BusConfig bus_config = LocalBus::Loopback(config.data_dir + "/bus");
  LocalBus bus(bus_config);
  const clockid_t bus_clock = bus.cpu_clock();
  // The bus as a region runs it (docs/TRUST.md): CURVE with its ZAP handler (a context of its own:
  // one ZAP handler per context), a trust file of the organisations' keys, every signature checked.
  std::vector<Credentials> credentials(std::size(kOrgs));
  bus::BusConfig secure_config = bus_config;
  secure_config.data_dir = config.data_dir + "/secure-bus";
  secure_config.curve = transport::GenerateCurveKeyPair();
  secure_config.trust = bus::TrustMap{};
  for (size_t t = 0; t < credentials.size(); ++t) {
    credentials[t].curve.own = transport::GenerateCurveKeyPair();
    credentials[t].curve.server_key = secure_config.curve->public_key;
    (*secure_config.trust)[kOrgs[t]].sleutels = {
        {.ed25519 = credentials[t].signing.public_key(), .curve = credentials[t].curve.own.public_key}};
  }
  std::unique_ptr<LocalBus> secure_bus;
  clockid_t secure_clock{};
  if (config.ingest) {
    secure_bus = std::make_unique<LocalBus>(secure_config, "Bus::Open (Curve and signatures)");
    secure_clock = secure_bus->cpu_clock();
  }
  zmq::context_t client_context(1);

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

  // 3. Replica first, while the log is short: a node's follower starts from position 1.
  std::string replica_table;
  bool failed_goal = false;
  if (config.replica) {
    std::fprintf(stderr, "bus_bench: replica: starting nodes A and B…\n");
    const std::string dir = config.data_dir + "/nodes";
    std::unique_ptr<node::Node> a = StartNode(*bus, dir + "/a", kOrgs[0]);
    std::unique_ptr<node::Node> b = StartNode(*bus, dir + "/b", kOrgs[1]);
    httplib::Client client("127.0.0.1", a->http_port());
    client.set_keep_alive(true);
    client.set_tcp_nodelay(true);  // else Nagle holds the body behind the headers until a delayed ack
    client.set_read_timeout(60, 0);
    const EventMaker maker(kOrgs[0]);
    std::vector<double> accepted_us, replica_us;
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
        accepted_us.push_back(MicrosBetween(t0, t1));
        replica_us.push_back(MicrosBetween(t0, t2));
      }
    }
    b.reset();
    a.reset();
    std::filesystem::remove_all(dir);
    std::ostringstream t;
    t << "| per event, " << config.replica_samples << " events one after another | p50 | p99 | max |\n"
      << "|---|--:|--:|--:|\n"
      << "| POST on A answered 202 (validated, signed, synced into A's outbox) | "
      << Ms(Percentile(accepted_us, 0.5)) << " | " << Ms(Percentile(accepted_us, 0.99)) << " | "
      << Ms(Percentile(accepted_us, 1)) << " |\n"
      << "| POST on A → in B's replica | " << Ms(Percentile(replica_us, 0.5)) << " | "
      << Ms(Percentile(replica_us, 0.99)) << " | " << Ms(Percentile(replica_us, 1)) << " |\n";
    replica_table = t.str();
    std::fprintf(stderr, "replica: POST→202 p50 %s p99 %s; POST→B p50 %s p99 %s\n",
                 Ms(Percentile(accepted_us, 0.5)).c_str(), Ms(Percentile(accepted_us, 0.99)).c_str(),
                 Ms(Percentile(replica_us, 0.5)).c_str(), Ms(Percentile(replica_us, 0.99)).c_str());
  }

  // 1. Ingest.
  std::vector<IngestRow> ingest_rows;
  if (config.ingest) {
    for (int threads : {1, 4}) {
      IngestRow row;
      row.name = threads == 1 ? "1 organisation" : std::to_string(threads) + " organisations";
      BusIngest bus_side(client_context, bus->submit_endpoint(), threads);
      BusIngest secure_side(client_context, (*secure_bus)->submit_endpoint(), threads, &credentials);
      // Connect before measuring: one small round each.
      for (BusIngest* side : {&bus_side, &secure_side}) {
        Slice(threads, 0,
              [&](int t, Clock::time_point) { return side->Drive(t, Clock::now() + milliseconds(1), 1); });
      }
      std::unique_ptr<RedisIngest> redis_side;
      std::unique_ptr<PostgresIngest> postgres_side;
      std::vector<std::function<Run(double)>> sides;
      if (redis) {
        redis_side = std::make_unique<RedisIngest>(redis->port(), threads);
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
      ingest_rows.push_back(std::move(row));
    }
    Check(secure_bus->Stop(), "Bus::Run (Curve and signatures)");
    secure_bus.reset();
  }

  // 2. Latency at an offered 2 000 events/s.
  Latencies bus_latency, redis_latency, floor_latency;
  double bus_latency_cpu = 0;
  if (config.latency) {
    zmq::socket_t socket(client_context, zmq::socket_type::dealer);
    socket.set(zmq::sockopt::linger, 0);
    socket.connect(bus->submit_endpoint());
    const EventMaker maker(kOrgs[0]);
    BusLatency(socket, maker, 0.05);  // connected and warm
    std::unique_ptr<Resp> resp;
    if (redis) {
      int fd = ConnectTcp(redis->port());
      if (fd < 0) Die("cannot connect to redis");
      resp = std::make_unique<Resp>(fd);
    }
    SyncFloor floor(config.data_dir);
    std::vector<std::function<Latencies(double)>> sides;
    const double slice = 1.0;
    Latencies* outs[3] = {&redis_latency, &floor_latency, &bus_latency};
    for (;;) {
      bool any = false;
      for (int side = redis ? 0 : 1; side < 3; ++side) {
        if (outs[side]->seconds >= config.latency_seconds) continue;
        any = true;
        const double s = std::min(slice, config.latency_seconds);
        if (side == 0) *outs[0] += RedisLatency(*resp, maker, s);
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
                 Ms(Percentile(redis_latency.us, 0.99)).c_str(),
                 Ms(Percentile(floor_latency.us, 0.5)).c_str(),
                 Ms(Percentile(floor_latency.us, 0.99)).c_str());
  }

  // 4. Catch-up: an empty replica fetching the whole log.
  std::vector<Run> catchups, catchup_floors;
  uint64_t catchup_records = 0;
  if (config.catchup) {
    if (bus->log().Head().position < config.catchup_records) {
      std::fprintf(stderr, "bus_bench: catch-up: filling the log to %s records…\n",
                   Grouped(static_cast<double>(config.catchup_records)).c_str());
      BusIngest filler(client_context, bus->submit_endpoint(), 4);
      while (bus->log().Head().position < config.catchup_records) {
        Slice(4, 1.0, [&](int t, Clock::time_point d) { return filler.Drive(t, d); });
      }
    }
    catchup_records = bus->log().Head().position;
    std::fprintf(stderr, "bus_bench: catch-up of %s records…\n",
                 Grouped(static_cast<double>(catchup_records)).c_str());
    for (int rep = 0; rep < config.catchup_reps; ++rep) {
      const std::string dir = config.data_dir + "/catchup";
      const auto begin = Clock::now();
      const double cpu = CpuSeconds(CLOCK_PROCESS_CPUTIME_ID);
      std::unique_ptr<node::Node> c = StartNode(*bus, dir, kOrgs[2]);
      WaitFor([&] { return c->replica().Head().position >= catchup_records; }, "the catch-up");
      const double seconds = SecondsSince(begin);
      catchups.push_back({catchup_records, seconds, CpuSeconds(CLOCK_PROCESS_CPUTIME_ID) - cpu});
      c.reset();
      std::filesystem::remove_all(dir);
      std::fprintf(stderr, "catch-up rep %d: %s records in %.2f s, %s/s, %.1f µs CPU/record (bus and node)\n",
                   rep + 1, Grouped(static_cast<double>(catchup_records)).c_str(), seconds,
                   Grouped(catchups.back().Rate()).c_str(), catchups.back().CpuMicrosPerEvent());
      catchup_floors.push_back(StoreRecordsFloor(bus->log(), config.data_dir + "/floor"));
      std::fprintf(stderr, "catch-up floor rep %d: %s/s, %.1f µs CPU/record (RocksDB alone)\n", rep + 1,
                   Grouped(catchup_floors.back().Rate()).c_str(), catchup_floors.back().CpuMicrosPerEvent());
    }
  }

  Check(bus.Stop(), "Bus::Run");

  // --- The section ---
  char slice_text[512];
  std::snprintf(slice_text, sizeof slice_text,
                "Every row is %d round%s; in a round the sides run in alternating slices of %.1f s (Redis, "
                "PostgreSQL, the bus, then the bus with Curve and signatures) until each has run %.1f s, so "
                "all meet the same disturbances. A slice "
                "stops sending at its end and counts until the last answer is in.",
                config.reps, config.reps == 1 ? "" : "s", kSliceSeconds, config.seconds);
  if (config.ingest) {
    section
        << "### Durable ingest\n\n"
        << "Submit → ack, events per second. The bus: one DEALER per organisation, batches of " << kBatch
        << " with " << kWindow
        << " batches in flight per connection (as a node's sender), every acknowledgement after the fsync of "
           "its group commit. Redis Streams"
        << (redis ? " " + redis->version() : "")
        << ": `XADD` of the same envelope and signature bytes into one stream, pipelined by " << kBatch
        << ", " << kWindow
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
    for (const IngestRow& row : ingest_rows) {
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
      failed_goal = failed_goal || !row.Met() || !row.SecureMet();
    }
    section << "\nWhere the bus's time goes: the one thread that receives, validates, appends (RocksDB write "
               "and fsync included) and answers was";
    for (size_t i = 0; i < ingest_rows.size(); ++i) {
      std::vector<double> busy, cpu;
      for (const Run& r : ingest_rows[i].bus) {
        busy.push_back(100 * r.cpu_seconds / r.seconds);
        cpu.push_back(r.CpuMicrosPerEvent());
      }
      std::vector<double> secure_cpu;
      for (const Run& r : ingest_rows[i].secure) secure_cpu.push_back(r.CpuMicrosPerEvent());
      char text[240];
      std::snprintf(text, sizeof text,
                    "%s %.0f%% busy at %.1f µs CPU per event (%.1f µs with Curve and signatures; %s)",
                    i == 0 ? "" : ";", Median(busy), Median(cpu), Median(secure_cpu),
                    ingest_rows[i].name.c_str());
      section << text;
    }
    section << " (medians over the rounds).\n\n";
  }
  if (config.latency) {
    const bool met = Percentile(bus_latency.us, 0.99) <= kLatencyGoalUs;
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
        << "| bus, submit → ack | " << Ms(Percentile(bus_latency.us, 0.5)) << " | "
        << Ms(Percentile(bus_latency.us, 0.99)) << " | " << Ms(Percentile(bus_latency.us, 1)) << " | "
        << Grouped(bus_latency.Rate()) << " | p99 ≤ 1 ms: " << (met ? "met" : "**missed**") << " |\n";
    if (!redis_latency.us.empty()) {
      section << "| Redis `XADD`, appendfsync always | " << Ms(Percentile(redis_latency.us, 0.5)) << " | "
              << Ms(Percentile(redis_latency.us, 0.99)) << " | " << Ms(Percentile(redis_latency.us, 1))
              << " | " << Grouped(redis_latency.Rate()) << " | — |\n";
    }
    section << "| the disk: 512-byte append + `fdatasync` | " << Ms(Percentile(floor_latency.us, 0.5))
            << " | " << Ms(Percentile(floor_latency.us, 0.99)) << " | " << Ms(Percentile(floor_latency.us, 1))
            << " | " << Grouped(floor_latency.Rate()) << " (closed loop) | — |\n\n";
    failed_goal = failed_goal || !met;
  }
  if (config.replica) {
    section
        << "### Node A → node B\n\n"
        << "Two nodes (`node::Node`, what `regiotafel-node` runs) in the bench's process against the bus: a "
           "`POST /api/v1/events` (no `wait`) on A over HTTP keep-alive, then the time until the event is in "
           "B's replica (B's `EventLog::FindEvent`, looked at every 50 µs). The path: A's synced outbox "
           "write, "
           "A's sender submits, the bus's group commit (fsync), the PUB, B's follower appends to its replica "
           "(fsync). One event at a time, after 10 unmeasured ones.\n\n"
        << replica_table << "\n";
  }
  if (config.catchup) {
    std::vector<double> rates, cpu;
    for (const Run& r : catchups) {
      rates.push_back(r.Rate());
      cpu.push_back(r.CpuMicrosPerEvent());
    }
    std::vector<double> floor_rates, floor_cpu;
    for (const Run& r : catchup_floors) {
      floor_rates.push_back(r.Rate());
      floor_cpu.push_back(r.CpuMicrosPerEvent());
    }
    const bool met = Median(rates) >= kCatchupGoal;
    auto micros = [](double us) {
      char b[32];
      std::snprintf(b, sizeof b, "%.1f µs", us);
      return std::string(b);
    };
    section
        << "### Replica catch-up\n\n"
        << "A node started with an empty replica against the bus's log of "
        << Grouped(static_cast<double>(catchup_records))
        << " records (what the rows above wrote, topped up when short): from opening the node until its "
           "replica's "
           "head is the bus's head. The follower fetches (at most 10 000 records or 4 MiB per answer, one "
           "fetch at a time) and appends with `EventLog::AppendReplicated` (chain check, fsync). "
        << config.catchup_reps << " run" << (config.catchup_reps == 1 ? "" : "s")
        << ", each into a fresh replica; the median, lowest–highest in brackets.\n\n"
        << "| catch-up | records | events/s | CPU per record | goal |\n|---|--:|--:|--:|---|\n"
        << "| empty replica → head | " << Grouped(static_cast<double>(catchup_records)) << " | "
        << Spread(rates, Grouped) << " | " << Spread(cpu, micros) << " | ≥ " << Grouped(kCatchupGoal)
        << "/s: " << (met ? "met" : "**missed**") << " |\n"
        << "| floor: RocksDB alone storing the same records | "
        << Grouped(static_cast<double>(catchup_records)) << " | " << Spread(floor_rates, Grouped) << " | "
        << Spread(floor_cpu, micros) << " | — |\n\n"
        << "CPU per record is the bench process's over the run (the bus's fetch thread, the node's follower, "
           "the replica's index thread and its views, RocksDB's flushes), divided by the records. The floor "
           "(after each run, same records) is what any replica kept in RocksDB must do at least: the "
           "records, "
           "already in memory as the bytes the bus stores, written into a fresh database (one column family, "
           "128 MiB memtable, no compression) in synced batches of 10 000 as the follower writes them; no "
           "fetch, parse, hash check, index or view.\n\n";
    failed_goal = failed_goal || !met;
  }
  (void)failed_goal;  // a missed goal is reported, not a failed measurement

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
