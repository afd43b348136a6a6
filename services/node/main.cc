// regiotafel-node --config node.toml: a bare organisation node (the events and views API of every
// node), for development and the bus/node tests. The organisation executables call RunNode too.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>

#include "services/node/node.h"

int main(int argc, char** argv) {
  CLI::App app{"regiotafel-node: an organisation node: the events and views API"};
  std::string config_path;
  app.add_option("--config", config_path, "node.toml")->required();
  CLI11_PARSE(app, argc, argv);

  regiotafel::node::NodeConfig config;
  if (regiotafel::Status s = regiotafel::node::LoadNodeConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  return regiotafel::node::RunNode(config.kind, config_path);
}
