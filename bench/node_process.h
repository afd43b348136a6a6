// A regiotafel-node process against a bus, as a bench runs one: a directory with a new key and a
// node.toml (plain bus, HTTP on a port the system picks), the process started, and its port read from
// its start-up line. NODE_BINARY (its path) comes from bench/CMakeLists.txt.
#pragma once

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "base/bytes.h"
#include "base/signing.h"
#include "bench/child_process.h"
#include "bench/die.h"
#include "services/bus/bus.h"

#ifndef NODE_BINARY
#error "NODE_BINARY (the path of regiotafel-node) must be defined by bench/CMakeLists.txt"
#endif

namespace regiotafel::bench {

// A new Ed25519 key in the file a node's `sleutel` names.
inline void WriteNodeKey(const std::string& path) {
  std::ofstream(path) << ToHex(SigningKey::Generate().secret_key()) << "\n";
}

class NodeProcess {
 public:
  // Starts the node of `organisatie` in `dir` against `bus`; returns once it listens (Die when it
  // exits first or does not within 30 s). Its output goes to dir/node.log.
  NodeProcess(const std::string& dir, const std::string& organisatie, const bus::Bus& bus)
      : log_(dir + "/node.log") {
    std::filesystem::create_directories(dir);
    WriteNodeKey(dir + "/key.ed25519");
    std::ofstream(dir + "/node.toml") << "organisatie = \"" << organisatie << "\"\n"
                                      << "data = \"data\"\n"
                                      << "sleutel = \"key.ed25519\"\n\n"
                                      << "[bus]\n"
                                      << "submit = \"" << bus.submit_endpoint() << "\"\n"
                                      << "publish = \"" << bus.publish_endpoint() << "\"\n"
                                      << "fetch = \"" << bus.fetch_endpoint() << "\"\n\n"
                                      << "[http]\n"
                                      << "poort = 0\n";
    const auto begin = std::chrono::steady_clock::now();
    child_ = std::make_unique<Child>(std::vector<std::string>{NODE_BINARY, "--config", dir + "/node.toml"},
                                     nullptr, log_, SIGKILL, SIGTERM, std::chrono::seconds(60));
    const std::regex port_line(R"(http://127\.0\.0\.1:(\d+))");
    for (;;) {
      std::smatch m;
      const std::string text = ReadLog(log_);
      if (std::regex_search(text, m, port_line)) {
        port_ = std::stoi(m[1]);
        return;
      }
      if (child_->Exited()) Die("regiotafel-node exited:\n" + text);
      if (std::chrono::steady_clock::now() - begin > std::chrono::seconds(30))
        Die("regiotafel-node did not start:\n" + text);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling a child's log
    }
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return child_->pid(); }
  const std::string& log() const { return log_; }

 private:
  std::string log_;
  std::unique_ptr<Child> child_;  // stopped (SIGTERM) when the NodeProcess is destroyed
  int port_ = 0;
};

}  // namespace regiotafel::bench
