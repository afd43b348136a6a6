// regiotafel-bus --config bus.toml: the regional bus (docs/BUS.md).
// Exits 0 after SIGTERM/SIGINT, 1 when the log stopped taking writes or a socket failed, 2 for a bad
// configuration.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "services/bus/bus.h"
#include "services/transport/shutdown.h"

int main(int argc, char** argv) {
  using namespace regiotafel;
  transport::BlockShutdownSignals();  // before any thread exists

  CLI::App app{"regiotafel-bus: the regional bus"};
  std::string config_path;
  bool verbose = false;
  app.add_option("--config", config_path, "bus.toml")->required();
  app.add_flag("--verbose", verbose, "log every round");
  CLI11_PARSE(app, argc, argv);
  if (verbose) spdlog::set_level(spdlog::level::debug);

  bus::BusConfig config;
  if (Status s = bus::LoadBusConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  const bool checks_signatures = config.trust.has_value();
  const size_t trusted = checks_signatures ? config.trust->size() : 0;
  if (!config.curve) {
    spdlog::warn("no curve_sleutel: the sockets are plain, anyone who reaches the ports can connect "
                 "(development only; docs/TRUST.md)");
  }

  zmq::context_t context(1);
  std::unique_ptr<bus::Bus> bus;
  if (Status s = bus::Bus::Open(context, std::move(config), &bus); !s.ok()) {
    spdlog::critical("start: {}", s.ToString());
    return 1;
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
  bus.reset();
  if (!result.ok()) {
    spdlog::critical("stopped: {}", result.ToString());
    return 1;
  }
  spdlog::info("stopped cleanly");
  return 0;
}
