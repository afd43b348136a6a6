// What the tests that drive `regiotafel-region` as a real process share: running a command to its
// end, and showing the region's logs when a test failed.
#pragma once

#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "tests/node/process.h"

namespace regiotafel::testing {

// How long a command may take before the test calls it hung. Generous: two shared cores.
inline constexpr auto kCommandPatience = std::chrono::milliseconds(120'000);

struct CommandRun {
  int exit_code = -1;  // -1: did not finish within kCommandPatience
  std::string output;  // stdout and stderr together
};

// Runs `argv` to its end, its output going to the file `output`.
inline CommandRun RunToEnd(const std::vector<std::string>& argv, const std::string& output) {
  Process process;
  CommandRun run;
  if (!process.Start(argv, output)) return run;
  std::optional<int> status = process.Wait(kCommandPatience);
  if (status && WIFEXITED(*status)) run.exit_code = WEXITSTATUS(*status);
  run.output = ReadFile(output);
  return run;
}

// Prints every log of the region in `data` when the test failed (or REGIOTAFEL_SHOW_LOGS is set).
inline void ShowRegionLogsIfFailed(const std::string& data) {
  if (!::testing::Test::HasFailure() && std::getenv("REGIOTAFEL_SHOW_LOGS") == nullptr) return;
  std::error_code ec;
  for (const std::filesystem::directory_entry& log : std::filesystem::directory_iterator(data + "/logs", ec)) {
    std::cerr << "---- " << log.path().filename().string() << "\n" << ReadFile(log.path().string());
  }
}

}  // namespace regiotafel::testing
