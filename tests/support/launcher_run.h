// What the tests that drive `regiotafel-region` as a real process share: free ports for a region,
// running a command to its end, and the fixture around a region's life (LauncherTest).
#pragma once

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include "tests/support/node_answer.h"
#include "tests/support/process.h"

namespace regiotafel::testing {

// `count` consecutive ports that could be bound a moment ago, below Linux's ephemeral range (32768
// on): there an outgoing connection of any process — a node's to the bus, too — may take one of
// them as its local port before the node that should listen on it has started.
inline int FreePortBase(int count) {
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> pick(20'000, 32'000 - count);
  for (int attempt = 0; attempt < 200; ++attempt) {
    const int base = pick(random);
    bool all_free = true;
    for (int port = base; port < base + count && all_free; ++port) {
      const int fd = socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      address.sin_port = htons(static_cast<uint16_t>(port));
      all_free = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
      close(fd);
    }
    if (all_free) return base;
  }
  return 0;
}

// Prints every log of the region in `data` when the test failed (or REGIOTAFEL_SHOW_LOGS is set).
inline void ShowRegionLogsIfFailed(const std::string& data) {
  if (!::testing::Test::HasFailure() && std::getenv("REGIOTAFEL_SHOW_LOGS") == nullptr) return;
  std::error_code ec;
  for (const std::filesystem::directory_entry& log :
       std::filesystem::directory_iterator(data + "/logs", ec)) {
    std::cerr << "---- " << log.path().filename().string() << "\n" << ReadFile(log.path().string());
  }
}

// A test that runs `regiotafel-region` (the path in REGION_BINARY): a temporary directory with the
// region's data in data/, a free range of ports, commands run to their end; at the end the region
// stopped with `down`, its logs shown when the test failed, the directory removed and every
// process that fell to this test reaped.
class LauncherTest : public ::testing::Test {
 protected:
  // The region's processes outlive the launcher that started them and then belong to init, which
  // in a container may never reap them. As their subreaper the test gets them instead and reaps
  // them in TearDown, so that no test leaves zombies behind.
  static void SetUpTestSuite() { prctl(PR_SET_CHILD_SUBREAPER, 1); }

  // Makes the directory (named after `name`) and finds `ports` free ports from base_ on.
  void MakeDirectoryAndPorts(const std::string& name, int ports) {
    std::string pattern = (std::filesystem::temp_directory_path() / (name + "-XXXXXX")).string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    data_ = dir_ + "/data";
    base_ = FreePortBase(ports);
    ASSERT_NE(base_, 0) << "no free range of ports";
  }

  void TearDown() override {
    if (started_ && std::filesystem::exists(data_)) {
      CommandRun down = Command({REGION_BINARY, "down", "--data", data_});
      if (down.exit_code != 0) ADD_FAILURE() << "down at the end: " << down.output;
      StopLeftovers();
    }
    ShowRegionLogsIfFailed(data_);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
    int status = 0;
    while (waitpid(-1, &status, WNOHANG) > 0) {
    }
  }
  // After `down` at the end: whatever it left behind, for a test that checks `down` itself.
  virtual void StopLeftovers() {}

  // Runs `argv` to its end; its output goes to a file in the temporary directory.
  CommandRun Command(const std::vector<std::string>& argv) {
    return RunToEnd(argv, dir_ + "/command-" + std::to_string(++commands_) + ".out");
  }

  // Reads data/region.json, which `up` wrote: the bus, every node's URL and its token.
  void ReadRegionJson() {
    google::protobuf::Struct json;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(data_ + "/region.json"), &json).ok());
    ASSERT_TRUE(json.fields().contains("bus") && json.fields().contains("nodes") &&
                json.fields().contains("tokens"));
    region_ = json;
    nodes_.clear();
    for (const auto& [org, url] : json.fields().at("nodes").struct_value().fields()) {
      nodes_[org] = url.string_value();
    }
    tokens_.clear();
    for (const auto& [org, token] : json.fields().at("tokens").struct_value().fields()) {
      tokens_[nodes_.at(org)] = token.string_value();
    }
  }

  std::string Node(const std::string& org) { return nodes_.at(org); }
  std::string Token(const std::string& org) { return tokens_.at(Node(org)); }

  // A client that shows the node at `url` its token from region.json.
  httplib::Client Client(const std::string& url) {
    httplib::Client client(url);
    client.set_connection_timeout(std::chrono::seconds(5));
    client.set_read_timeout(std::chrono::seconds(120));
    if (auto it = tokens_.find(url); it != tokens_.end()) client.set_bearer_token_auth(it->second);
    return client;
  }
  Answer Get(const std::string& url, const std::string& path) {
    httplib::Client client = Client(url);
    return ToAnswer(client.Get(path.c_str()));
  }

  std::string dir_, data_, region_file_;
  google::protobuf::Struct region_;            // data/region.json
  std::map<std::string, std::string> nodes_;   // organisation → its node's URL
  std::map<std::string, std::string> tokens_;  // node URL → its API token
  int base_ = 0;
  bool started_ = false;  // `up` was run: TearDown runs `down`
  int commands_ = 0;
};

}  // namespace regiotafel::testing
