// regiotafel-bus --config bus.toml: the regional bus (docs/BUS.md).
// Exits 0 after SIGTERM/SIGINT, 1 when the log stopped taking writes or a socket failed, 2 for a bad
// configuration.
//
// regiotafel-bus backup --config bus.toml [--naam NAME]: a backup into bus.toml's backups directory.
// It asks the running bus through its metrics listener (POST /beheer/backup, loopback); when the
// bus has none, or nothing answers, it opens the stopped bus's stores itself (docs/OPERATIONS.md).
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "eventstore/backup.h"
#include "services/bus/bus.h"
#include "services/bus/bus_backup.h"
#include "services/bus/metrics_server.h"
#include "services/bus/open_files.h"
#include "transport/shutdown.h"

namespace {

using namespace regiotafel;

// The running bus's answer: 0 done, 1 refused or failed, -1 nobody answered (stopped, or no listener).
int AskRunningBus(const bus::BusConfig& config, const std::string& naam) {
  if (!config.metrics || config.metrics->port == 0) return -1;
  std::string host = config.metrics->host;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  httplib::Client client(host, config.metrics->port);
  client.set_connection_timeout(std::chrono::seconds(3));
  client.set_read_timeout(std::chrono::minutes(30));
  const std::string path = "/beheer/backup" + (naam.empty() ? std::string() : "?naam=" + naam);  // checked
  httplib::Result result = client.Post(path, "", "application/json");
  if (!result) {
    if (result.error() == httplib::Error::Connection) return -1;
    spdlog::error("backup: the bus at {}:{} did not answer: {}", host, config.metrics->port,
                  httplib::to_string(result.error()));
    return 1;
  }
  if (result->status != 201) {
    spdlog::error("backup: the bus answered HTTP {}: {}", result->status, result->body);
    return 1;
  }
  std::cout << result->body;
  return 0;
}

int Backup(const std::string& config_path, const std::string& naam) {
  bus::BusConfig config;
  if (Status s = bus::LoadBusConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  if (!naam.empty() && !eventstore::ValidBackupName(naam)) {
    spdlog::error("backup: --naam {}: letters, digits, '.', '_' and '-' only", naam);
    return 2;
  }
  if (const int code = AskRunningBus(config, naam); code >= 0) return code;
  spdlog::info("backup: the bus does not answer on a metrics listener; backing up its stopped stores in {}",
               config.data_dir);
  bus::BusBackupReport report;
  if (Status s = bus::BackupStoppedBus(config, naam, &report); !s.ok()) {
    spdlog::error("{}", s.ToString());
    return 1;
  }
  std::cout << "{\"pad\": \"" << report.dir << "\", \"log_positie\": " << report.position << "}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  transport::BlockShutdownSignals();  // before any thread exists

  CLI::App app{"regiotafel-bus: the regional bus"};
  std::string config_path, naam;
  bool verbose = false;
  app.add_option("--config", config_path, "bus.toml");
  app.add_flag("--verbose", verbose, "log every round");
  CLI::App* backup = app.add_subcommand("backup",
                                        "back up the bus's data (running or stopped) into its backups "
                                        "directory");
  backup->add_option("--config", config_path, "bus.toml")->required();
  backup->add_option("--naam", naam, "the backup's name (default: UTC time and log head)");
  CLI11_PARSE(app, argc, argv);
  if (backup->parsed()) return Backup(config_path, naam);
  if (config_path.empty()) {
    std::cerr << "--config is required\n" << app.help();
    return 2;
  }
  if (verbose) spdlog::set_level(spdlog::level::debug);

  bus::BusConfig config;
  if (Status s = bus::LoadBusConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  const bool checks_signatures = config.trust.has_value();
  const size_t trusted = checks_signatures ? config.trust->size() : 0;
  if (!config.curve) {
    spdlog::warn(
        "no curve_sleutel: the sockets are plain, anyone who reaches the ports can connect "
        "(development only; docs/TRUST.md)");
  }
  const std::optional<ListenAddress> metrics_address = config.metrics;
  const std::string backups_dir = config.backups_dir;

  // A descriptor per connection: as many as the system lets us, and the operator sees how many.
  bus::OpenFileLimit files;
  if (Status s = bus::RaiseOpenFileLimit(&files); !s.ok()) {
    spdlog::critical("start: {}", s.ToString());
    return 1;
  }
  if (files.now < bus::kFewOpenFiles) {
    spdlog::warn(
        "open files: at most {} (hard limit); a flood of connections could take the descriptors the log "
        "needs: raise it to at least {} (LimitNOFILE in the systemd unit, docs/OPERATIONS.md)",
        files.now, bus::kFewOpenFiles);
  } else {
    spdlog::info(
        "open files: at most {}{}; a connection that does not finish its handshake within {} ms is "
        "closed",
        files.now, files.now > files.before ? " (raised from " + std::to_string(files.before) + ")" : "",
        config.handshake.count());
  }

  zmq::context_t context(1);
  std::unique_ptr<bus::Bus> bus;
  if (Status s = bus::Bus::Open(context, std::move(config), &bus); !s.ok()) {
    spdlog::critical("start: {}", s.ToString());
    return 1;
  }
  std::unique_ptr<bus::MetricsServer> metrics;
  if (metrics_address) {
    if (Status s = bus::MetricsServer::Start(*metrics_address, *bus, backups_dir, &metrics); !s.ok()) {
      spdlog::critical("start: {}", s.ToString());
      return 1;
    }
    spdlog::info("metrics: http://{}:{}/metrics", metrics_address->host, metrics->port());
  }
  spdlog::info("regiotafel-bus: submit {} publish {} fetch {}, log head {}, {}", bus->submit_endpoint(),
               bus->publish_endpoint(), bus->fetch_endpoint(), bus->log().Head().position,
               checks_signatures ? std::to_string(trusted) + " trusted organisations"
                                 : std::string("signatures NOT checked (no trust file)"));

  Status result;
  {
    transport::ShutdownWatcher watcher([&bus](int signal_number) {
      spdlog::info("signal {}: stopping", signal_number);
      bus->Stop();
    });
    result = bus->Run();
  }
  if (metrics) metrics->Stop();  // before the bus it reads
  metrics.reset();
  bus.reset();
  if (!result.ok()) {
    spdlog::critical("stopped: {}", result.ToString());
    return 1;
  }
  spdlog::info("stopped cleanly");
  return 0;
}
