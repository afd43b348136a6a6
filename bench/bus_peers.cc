// bus_bench's peers (bus_peers.h): redis-server and postgres started by the bench, a minimal RESP2
// client and libpq, the sides that drive them in the ingest rows, and Redis's side of the latency row.
#include "bench/bus_peers.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <optional>
#include <thread>

#include "bench/die.h"

namespace regiotafel::bench {

using std::chrono::milliseconds;

namespace {

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

}  // namespace

// --- Redis -------------------------------------------------------------------------------------

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

RedisServer::RedisServer(const std::string& parent) {
  const std::string exe = Which("redis-server");
  if (exe.empty()) Die("redis-server is not installed (bench/run installs Debian's redis-server)");
  dir_ = parent + "/redis";
  std::filesystem::create_directories(dir_);
  port_ = FreePort();
  // Durable as the bus: every write fsynced before its reply (Redis fsyncs once per event-loop
  // turn, for everything it read in that turn). No snapshots, no background AOF rewrite (a fork
  // in the middle of a measurement would disturb every side).
  const std::vector<std::string> argv = {exe,
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
                                         "yes"};
  child_ =
      std::make_unique<Child>(argv, nullptr, dir_ + "/redis.log", SIGKILL, SIGTERM, milliseconds(10'000));
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

RedisIngest::RedisIngest(const RedisServer& server, int threads) {
  for (int t = 0; t < threads; ++t) {
    int fd = ConnectTcp(server.port());
    if (fd < 0) Die("cannot connect to redis");
    conns_.push_back(std::make_unique<Resp>(fd));
    makers_.emplace_back(kOrgs[t]);
  }
}

RedisIngest::~RedisIngest() = default;

uint64_t RedisIngest::Drive(int t, Clock::time_point deadline) {
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

RedisLatency::RedisLatency(const RedisServer& server) {
  int fd = ConnectTcp(server.port());
  if (fd < 0) Die("cannot connect to redis");
  resp_ = std::make_unique<Resp>(fd);
}

RedisLatency::~RedisLatency() = default;

Latencies RedisLatency::Measure(const EventMaker& maker, double seconds) {
  Resp& resp = *resp_;
  const auto interval = AsDuration(1 / kLatencyRate);
  std::deque<Clock::time_point> scheduled;
  Latencies out;
  const auto begin = Clock::now();
  const auto end = begin + AsDuration(seconds);
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

// --- PostgreSQL --------------------------------------------------------------------------------

PostgresServer::PostgresServer(const std::string& parent) {
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
  const int initdb = WaitChild(Spawn({bin + "/initdb", "-D", data, "-U", "bench", "-A", "trust", "-E", "UTF8",
                                      "--locale=C", "--no-sync"},
                                     user ? &*user : nullptr, dir_ + "/initdb.log", SIGKILL),
                               milliseconds(120'000));
  if (initdb != 0) Die("initdb failed (" + std::to_string(initdb) + "): " + LastLines(dir_ + "/initdb.log"));
  port_ = FreePort();
  // Durable as the bus: a commit returns once its WAL is flushed (synchronous_commit = on, fsync =
  // on, Debian's defaults otherwise). Only the unix socket; SIGQUIT (immediate stop) if we die.
  child_ = std::make_unique<Child>(
      std::vector<std::string>{bin + "/postgres", "-D", data, "-p", std::to_string(port_), "-k", socket_dir_,
                               "-c", "listen_addresses=", "-c", "synchronous_commit=on", "-c", "fsync=on"},
      user ? &*user : nullptr, dir_ + "/postgres.log", SIGQUIT, SIGINT /* fast shutdown */,
      milliseconds(30'000));
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

PGconn* PostgresServer::Connect() const {
  PGconn* conn = PQconnectdb(conninfo_.c_str());
  if (PQstatus(conn) != CONNECTION_OK) Die(std::string("postgres: ") + PQerrorMessage(conn));
  return conn;
}

void PostgresServer::Exec(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_COMMAND_OK) Die("postgres: " + sql + ": " + PQerrorMessage(conn));
  PQclear(r);
}

PostgresIngest::PostgresIngest(const PostgresServer& server, int threads) {
  std::string sql = "INSERT INTO log (event_id, stream, envelope, signature) VALUES ";
  for (size_t k = 0; k < kBatch; ++k) {
    const size_t p = 4 * k;
    sql += (k ? ", " : "") + std::string("($") + std::to_string(p + 1) + "::uuid, $" + std::to_string(p + 2) +
           ", $" + std::to_string(p + 3) + ", $" + std::to_string(p + 4) + ")";
  }
  for (int t = 0; t < threads; ++t) {
    PGconn* conn = server.Connect();
    PGresult* r = PQprepare(conn, "insert", sql.c_str(), 0, nullptr);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("postgres: prepare: ") + PQerrorMessage(conn));
    PQclear(r);
    conns_.push_back(conn);
    makers_.emplace_back(kOrgs[t]);
  }
}

PostgresIngest::~PostgresIngest() {
  for (PGconn* conn : conns_) PQfinish(conn);
}

uint64_t PostgresIngest::Drive(int t, Clock::time_point deadline) {
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
    PGresult* r = PQexecPrepared(conn, "insert", static_cast<int>(4 * kBatch), values.data(), lengths.data(),
                                 formats.data(), 0);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die(std::string("postgres: insert: ") + PQerrorMessage(conn));
    PQclear(r);
    committed += kBatch;
  }
  return committed;
}

}  // namespace regiotafel::bench
