// TempDir: a fresh directory under the system's temporary directory for one test, removed with
// everything in it when the object goes. The one kind every test folder uses (bus, event log, node,
// views, tables, faults).
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

namespace regiotafel::testing {

class TempDir {
 public:
  // The directory is named `<prefix>-XXXXXX`.
  explicit TempDir(const std::string& prefix = "regiotafel-test") {
    std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Empty when mkdtemp failed; tests assert on it.
  const std::string& path() const { return path_; }
  // The path of `name` inside the directory; File is the same, the name the table tests use.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }
  std::string File(const std::string& name) const { return Sub(name); }

  // The names in the directory, sorted (to see that nothing was left behind).
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_))
      names.push_back(entry.path().filename());
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

}  // namespace regiotafel::testing
