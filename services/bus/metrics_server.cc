#include "services/bus/metrics_server.h"

#include <spdlog/spdlog.h>

#include "base/json_text.h"
#include "base/metrics.h"
#include "eventstore/backup.h"
#include "services/bus/bus_backup.h"
#include "services/http/reply.h"

namespace regiotafel::bus {
namespace {

using http::kJson;
using http::Refuse;

}  // namespace

std::string BusMetricsText(const Bus& bus) {
  const BusMetrics& m = bus.metrics();
  metrics::TextWriter w;
  w.Counter("regiotafel_bus_events_committed_total", "Events the bus appended to the log, since it started.",
            m.committed.value());
  w.Counter("regiotafel_bus_events_duplicate_total",
            "Resubmitted events answered with their first position, since the bus started.",
            m.duplicates.value());
  w.Header("regiotafel_bus_events_rejected_total", "counter",
           "Events the bus rejected, by reason, since it started.");
  for (size_t i = 0; i < kRejectReasons.size(); ++i) {
    w.Sample("regiotafel_bus_events_rejected_total", {{"reden", std::string(kRejectReasons[i])}},
             static_cast<double>(m.rejected[i].value()));
  }
  w.Counter("regiotafel_bus_submissions_total", "SubmitBatch messages the bus took, since it started.",
            m.submissions.value());
  w.Counter("regiotafel_bus_batches_refused_total",
            "SubmitBatch messages refused whole (too many events or bytes), since the bus started.",
            m.batches_refused.value());
  w.Counter("regiotafel_bus_submit_malformed_total",
            "Messages on the submit socket dropped as not one SubmitBatch, since the bus started.",
            m.malformed.value());
  w.Counter("regiotafel_bus_refusals_unlogged_total",
            "Refusals summed up in a summary log line instead of a line each, since the bus started.",
            m.refusals_unlogged.value());
  w.Gauge("regiotafel_bus_organisaties_gezien",
          "Organisations whose events passed the checks, since the bus started.",
          static_cast<double>(m.organisaties_gezien.load(std::memory_order_relaxed)));
  w.Gauge("regiotafel_bus_log_head", "The log's head position.",
          static_cast<double>(bus.log().Head().position));
  w.Histogram("regiotafel_bus_append_seconds", "Seconds per group commit's write to the log, fsync included.",
              bus.log().AppendLatency().Read());
  uint64_t checkpoint = m.laatste_checkpoint.load(std::memory_order_relaxed);
  if (checkpoint == 0 && bus.checkpoints() != nullptr) {
    if (auto latest = bus.checkpoints()->Latest())
      checkpoint = latest->position();  // signed by an earlier run
  }
  w.Gauge("regiotafel_bus_checkpoint_laatste_positie",
          "The positie of the newest signed checkpoint (0: none).", static_cast<double>(checkpoint));
  return w.text();
}

MetricsServer::MetricsServer(const Bus& bus, std::string backups_dir)
    : bus_(bus), backups_dir_(std::move(backups_dir)) {}

MetricsServer::~MetricsServer() { Stop(); }

Status MetricsServer::Start(const ListenAddress& address, const Bus& bus, std::string backups_dir,
                            std::unique_ptr<MetricsServer>* out) {
  std::unique_ptr<MetricsServer> server(new MetricsServer(bus, std::move(backups_dir)));
  httplib::Server& s = server->server_;
  MetricsServer* self = server.get();
  s.new_task_queue = [] { return new httplib::ThreadPool(2); };
  s.set_keep_alive_timeout(2);
  s.set_socket_options([](socket_t socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  s.Get("/metrics", [self](const httplib::Request&, httplib::Response& response) {
    response.set_content(BusMetricsText(self->bus_), metrics::kContentType);
  });
  s.Post("/beheer/backup", [self](const httplib::Request& request, httplib::Response& response) {
    self->Backup(request, response);
  });
  if (address.port == 0) {
    server->port_ = s.bind_to_any_port(address.host);
    if (server->port_ < 0) return Status::IOError("metrics: cannot bind " + address.host);
  } else {
    if (!s.bind_to_port(address.host, address.port)) {
      return Status::IOError("metrics: cannot bind " + address.host + ":" + std::to_string(address.port));
    }
    server->port_ = address.port;
  }
  server->thread_ = std::thread([self] {
    if (!self->server_.listen_after_bind()) spdlog::error("metrics: the listener stopped serving");
    self->listen_returned_ = true;
  });
  *out = std::move(server);
  return Status::Ok();
}

void MetricsServer::Stop() {
  if (!thread_.joinable()) return;
  while (!server_.is_running() && !listen_returned_) std::this_thread::yield();
  server_.stop();
  thread_.join();
}

void MetricsServer::Backup(const httplib::Request& request, httplib::Response& response) {
  // Whoever may start a backup can fill the disk: only someone on this machine.
  if (!IsLoopbackHost(request.remote_addr)) {
    spdlog::warn("metrics: POST /beheer/backup from {} refused: not a loopback peer", request.remote_addr);
    return Refuse(response, 403, "een backup kan alleen vanaf deze machine (loopback) worden gevraagd");
  }
  std::unique_lock lock(backup_mutex_, std::try_to_lock);
  if (!lock.owns_lock()) return Refuse(response, 409, "er loopt al een backup");
  const std::string naam = request.has_param("naam")
                               ? request.get_param_value("naam")
                               : eventstore::DefaultBackupName(bus_.log().Head().position);
  BusBackupReport report;
  if (Status s = BackupBus(bus_.log(), bus_.checkpoints(), backups_dir_, naam, &report); !s.ok()) {
    const int code = s.IsInvalidArgument() ? (s.field() == "naam" ? 400 : 409) : 500;
    if (code == 500) spdlog::error("backup {}: {}", naam, s.ToString());
    return Refuse(response, code, s.message());
  }
  spdlog::info("backup {}: log at position {} or beyond", report.dir, report.position);
  response.status = 201;
  response.set_content("{\"pad\": " + JsonQuote(report.dir) + ", \"naam\": " + JsonQuote(naam) +
                           ", \"log_positie\": " + std::to_string(report.position) + "}\n",
                       kJson);
}

}  // namespace regiotafel::bus
