// Reading a TOML file (a bus's, node's or region's configuration, a trust file) with errors that name
// the file and the line. Header-only: its includer links toml++.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>
#include <string_view>

#include "base/status.h"

namespace regiotafel {

// `what` names the kind of file in the error for a missing one ("region file").
inline Status ParseTomlFile(const std::string& path, toml::table* out,
                            std::string_view what = "configuration file") {
  if (!std::filesystem::exists(path))
    return Status::NotFound(std::string(what) + " " + path + " does not exist");
  try {
    *out = toml::parse_file(path);
    return Status::Ok();
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ": " + std::string(e.description()) + " (line " +
                                   std::to_string(e.source().begin.line) + ")");
  }
}

}  // namespace regiotafel
