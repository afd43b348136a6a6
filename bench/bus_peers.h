// bus_bench's peers, measured next to the bus in the same run: Redis Streams and PostgreSQL, each
// started by the bench on a free port with its directory under --data-dir (bench/child_process.h),
// and the sides that drive them in the ingest and latency rows.
#pragma once

#include <libpq-fe.h>

#include <memory>
#include <string>
#include <vector>

#include "bench/bus_bench.h"
#include "bench/child_process.h"

namespace regiotafel::bench {

class Resp;  // a minimal RESP2 client (bus_peers.cc)

// redis-server durable as the bus: every write fsynced before its reply.
class RedisServer {
 public:
  explicit RedisServer(const std::string& parent);

  int port() const { return port_; }
  const std::string& version() const { return version_; }

 private:
  std::string dir_;
  int port_ = 0;
  std::unique_ptr<Child> child_;  // SIGTERM when done
  std::string version_;
};

// A PostgreSQL cluster of its own, durable as the bus (synchronous_commit = on), with the log as a
// table. postgres runs as the user postgres (or nobody) when the bench is root.
class PostgresServer {
 public:
  explicit PostgresServer(const std::string& parent);

  PGconn* Connect() const;
  static void Exec(PGconn* conn, const std::string& sql);

  const std::string& version() const { return version_; }

 private:
  std::string dir_;
  std::string socket_dir_;
  std::string conninfo_;
  int port_ = 0;
  std::unique_ptr<Child> child_;  // SIGINT (fast shutdown) when done
  std::string version_;
};

// XADD of the same envelope and signature bytes, pipelined by kBatch, kWindow pipelines in flight
// per connection, all into one stream (one log, as the bus).
class RedisIngest {
 public:
  RedisIngest(const RedisServer& server, int threads);
  ~RedisIngest();

  uint64_t Drive(int t, Clock::time_point deadline);

 private:
  std::vector<std::unique_ptr<Resp>> conns_;
  std::vector<EventMaker> makers_;
};

// One INSERT of kBatch rows per commit (autocommit), one connection per organisation. A
// connection has one statement at a time: PostgreSQL has no window, its concurrency is the
// connections (their commits share WAL flushes).
class PostgresIngest {
 public:
  PostgresIngest(const PostgresServer& server, int threads);
  ~PostgresIngest();

  uint64_t Drive(int t, Clock::time_point deadline);

 private:
  std::vector<PGconn*> conns_;
  std::vector<EventMaker> makers_;
};

// The latency row's schedule as single XADDs on one connection (answers come in order).
class RedisLatency {
 public:
  explicit RedisLatency(const RedisServer& server);
  ~RedisLatency();

  Latencies Measure(const EventMaker& maker, double seconds);

 private:
  std::unique_ptr<Resp> resp_;
};

}  // namespace regiotafel::bench
