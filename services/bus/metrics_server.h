// The bus's optional HTTP listener (bus.toml `metrics = "127.0.0.1:9464"`), on cpp-httplib:
//
//   GET  /metrics                  Prometheus text format 0.0.4 (base/metrics.h):
//     regiotafel_bus_events_committed_total          new records appended
//     regiotafel_bus_events_duplicate_total          resubmissions answered with their first position
//     regiotafel_bus_events_rejected_total{reden}    rejected events by reason (bus_metrics.h)
//     regiotafel_bus_submissions_total               SubmitBatch messages taken
//     regiotafel_bus_organisaties_gezien             organisations whose events passed, since start
//     regiotafel_bus_log_head                        the log's head position
//     regiotafel_bus_append_seconds                  histogram: one group commit's write, fsync included
//     regiotafel_bus_checkpoint_laatste_positie      the positie of the newest checkpoint (0: none)
//   POST /beheer/backup[?naam=N]   a backup into bus.toml's backups directory (bus_backup.h); answered
//                                  only to a loopback peer, whatever address the listener has
//
// Nothing else; no tokens: it reveals traffic volumes, not content (bus_config.h), and it listens on
// a loopback address unless the operator sets metrics_extern.
#pragma once

#include <httplib.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "base/listen_address.h"
#include "base/status.h"
#include "services/bus/bus.h"

namespace regiotafel::bus {

std::string BusMetricsText(const Bus& bus);

class MetricsServer {
 public:
  // Binds address (port 0: any free one) and serves on a thread of its own. `bus` must outlive it.
  static Status Start(const ListenAddress& address, const Bus& bus, std::string backups_dir,
                      std::unique_ptr<MetricsServer>* out);
  ~MetricsServer();  // Stop()
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  void Stop();  // idempotent
  int port() const { return port_; }

 private:
  MetricsServer(const Bus& bus, std::string backups_dir);
  void Backup(const httplib::Request& request, httplib::Response& response);

  const Bus& bus_;
  const std::string backups_dir_;
  httplib::Server server_;
  std::thread thread_;
  std::atomic<bool> listen_returned_{false};
  std::mutex backup_mutex_;  // one backup at a time
  int port_ = 0;
};

}  // namespace regiotafel::bus
