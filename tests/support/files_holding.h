// FilesHolding: which files under a directory (recursively) hold a string in their raw bytes. For the
// tests of physical erasure: what a disk image would show, whatever RocksDB says is live.
#pragma once

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

namespace regiotafel::testing {

// Every file under `dir` is read whole; with several needles, FilesHoldingAny reads each file once.
inline std::vector<std::string> FilesHoldingAny(const std::string& dir,
                                                const std::vector<std::string>& needles) {
  std::vector<std::string> found;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    for (const std::string& needle : needles) {
      if (bytes.find(needle) != std::string::npos) found.push_back(entry.path().string() + ": " + needle);
    }
  }
  return found;
}

inline std::vector<std::string> FilesHolding(const std::string& dir, std::string_view needle) {
  return FilesHoldingAny(dir, {std::string(needle)});
}

}  // namespace regiotafel::testing
