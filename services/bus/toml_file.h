// Reading the bus's TOML files (bus_config.h, trust.h) with errors that name the file and line.
#pragma once

#include <toml++/toml.h>

#include <filesystem>
#include <string>

#include "base/status.h"

namespace regiotafel::bus {

inline Status ParseTomlFile(const std::string& path, toml::table* out) {
  if (!std::filesystem::exists(path)) return Status::NotFound("configuration file " + path + " does not exist");
  try {
    *out = toml::parse_file(path);
    return Status::Ok();
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ": " + std::string(e.description()) + " (line " +
                                   std::to_string(e.source().begin.line) + ")");
  }
}

}  // namespace regiotafel::bus
