// regiotafel-node --config node.toml: a bare organisation node (the events and views API of every
// node), for development, the bus/node tests and systemd (deploy/systemd). The organisation
// executables call RunNode too.
//
// regiotafel-node backup --config node.toml [--naam NAME]: a backup into the configured backups
// directory. It asks the running node (POST /api/v1/beheer/backup with a schrijven token from the
// configuration); when nothing answers on its address it opens the stopped node's stores itself.
// Exit 0 with the backup's path on stdout; 1 when it failed; 2 for a bad configuration.
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "services/node/node.h"
#include "services/node/node_backup.h"

namespace {

using regiotafel::Status;
namespace node = regiotafel::node;
using regiotafel::config::TokenRol;

// The running node's answer: 0 done, 1 refused or failed, -1 nobody answered (stopped).
int AskRunningNode(const node::NodeConfig& config, const std::string& naam) {
  if (config.http_port == 0) return -1;  // a port picked at start: cannot be found from the file
  std::string host = config.http_address;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  httplib::Client client(host, config.http_port);
  client.set_connection_timeout(std::chrono::seconds(3));
  client.set_read_timeout(std::chrono::minutes(30));  // a large log's first flush can take a while
  httplib::Headers headers;
  for (const auto& token : config.tokens) {
    if (token.rol == TokenRol::kSchrijven) {
      headers.emplace("Authorization", "Bearer " + token.token);
      break;
    }
  }
  const std::string path =
      "/api/v1/beheer/backup" +
      (naam.empty() ? std::string() : "?naam=" + naam);  // checked: no characters to escape
  httplib::Result result = client.Post(path, headers, "", "application/json");
  if (!result) {
    if (result.error() == httplib::Error::Connection) return -1;
    spdlog::error("backup: the node at {}:{} did not answer: {}", host, config.http_port,
                  httplib::to_string(result.error()));
    return 1;
  }
  if (result->status != 201) {
    spdlog::error("backup: the node answered HTTP {}: {}", result->status, result->body);
    return 1;
  }
  std::cout << result->body;
  return 0;
}

int Backup(const std::string& config_path, const std::string& naam) {
  node::NodeConfig config;
  if (Status s = node::LoadNodeConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  if (!naam.empty() && !regiotafel::eventstore::ValidBackupName(naam)) {
    spdlog::error("backup: --naam {}: letters, digits, '.', '_' and '-' only", naam);
    return 2;
  }
  if (const int code = AskRunningNode(config, naam); code >= 0) return code;
  spdlog::info("backup: no node answers on {}:{}; backing up its stopped stores in {}", config.http_address,
               config.http_port, config.data_dir);
  node::BackupReport report;
  if (Status s = node::BackupStoppedNode(config, naam, &report); !s.ok()) {
    spdlog::error("{}", s.ToString());
    return 1;
  }
  std::cout << "{\"pad\": \"" << report.dir << "\", \"replica_positie\": " << report.replica_position
            << ", \"outbox_laatste_origin_seq\": " << report.laatste_origin_seq << "}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"regiotafel-node: an organisation node: the events and views API"};
  std::string config_path, naam;
  app.add_option("--config", config_path, "node.toml");
  CLI::App* backup =
      app.add_subcommand("backup", "back up the node's data (running or stopped) into its backups directory");
  backup->add_option("--config", config_path, "node.toml")->required();
  backup->add_option("--naam", naam, "the backup's name (default: UTC time and replica head)");
  CLI11_PARSE(app, argc, argv);
  if (backup->parsed()) return Backup(config_path, naam);
  if (config_path.empty()) {
    std::cerr << "--config is required\n" << app.help();
    return 2;
  }

  regiotafel::node::NodeConfig config;
  if (regiotafel::Status s = regiotafel::node::LoadNodeConfig(config_path, &config); !s.ok()) {
    spdlog::critical("configuration: {}", s.ToString());
    return 2;
  }
  return regiotafel::node::RunNode(config.kind, config_path);
}
