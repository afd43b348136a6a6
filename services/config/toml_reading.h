// Reading a TOML configuration file with errors that name the file, the key and, for a parse error,
// the line: the one place where a text, a path or a number in a range is taken from one.
#pragma once

#include <toml++/toml.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace regiotafel::config {

using Node = toml::node_view<const toml::node>;

// `what` names the kind of file in the error for a missing one ("region file").
Status ParseTomlFile(const std::string& path, toml::table* out, std::string_view what = "configuration file");

// `path` as written in the file `config_file`: an absolute one as it is, a relative one from the
// file's directory.
std::string ResolvePath(const std::string& config_file, const std::string& path);

// Where backups go: `backups` as written in `config_file`, or beside the data directory ("data" →
// "data-backups") when it is "".
std::string BackupsDir(const std::string& config_file, const std::string& data_dir,
                       const std::string& backups);

// A non-empty text under `name` (its dotted name, for the error). Absent: InvalidArgument when
// required, else `out` is left as it is.
Status ReadText(Node node, const std::string& file, const std::string& name, bool required, std::string* out);

// A whole number from `min` to `max`, when there (absent: `out` is left as it is).
Status ReadNumber(Node node, const std::string& file, const std::string& name, int64_t min, int64_t max,
                  std::optional<int64_t>* out);
Status ReadMillis(Node node, const std::string& file, const std::string& name, int64_t min, int64_t max,
                  std::chrono::milliseconds* out);

}  // namespace regiotafel::config
