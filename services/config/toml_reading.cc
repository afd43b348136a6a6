#include "services/config/toml_reading.h"

#include <filesystem>

namespace regiotafel::config {

namespace fs = std::filesystem;

Status ParseTomlFile(const std::string& path, toml::table* out, std::string_view what) {
  if (!fs::exists(path)) return Status::NotFound(std::string(what) + " " + path + " does not exist");
  try {
    *out = toml::parse_file(path);
    return Status::Ok();
  } catch (const toml::parse_error& e) {
    return Status::InvalidArgument(path + ": " + std::string(e.description()) + " (line " +
                                   std::to_string(e.source().begin.line) + ")");
  }
}

std::string ResolvePath(const std::string& config_file, const std::string& path) {
  fs::path p(path);
  if (p.is_absolute()) return path;
  return (fs::path(config_file).parent_path() / p).lexically_normal().string();
}

std::string BackupsDir(const std::string& config_file, const std::string& data_dir,
                       const std::string& backups) {
  if (!backups.empty()) return ResolvePath(config_file, backups);
  fs::path data_path = fs::path(data_dir).lexically_normal();
  if (!data_path.has_filename()) data_path = data_path.parent_path();  // "data/" names "data"
  return data_path.string() + "-backups";
}

Status ReadText(Node node, const std::string& file, const std::string& name, bool required,
                std::string* out) {
  if (!node) return required ? Status::InvalidArgument(file + ": missing key " + name, name) : Status::Ok();
  std::optional<std::string> value = node.value<std::string>();
  if (!value || value->empty())
    return Status::InvalidArgument(file + ": " + name + " must be a non-empty text", name);
  *out = *value;
  return Status::Ok();
}

Status ReadNumber(Node node, const std::string& file, const std::string& name, int64_t min, int64_t max,
                  std::optional<int64_t>* out) {
  if (!node) return Status::Ok();
  std::optional<int64_t> value = node.is_integer() ? node.value<int64_t>() : std::nullopt;
  if (!value || *value < min || *value > max) {
    return Status::InvalidArgument(
        file + ": " + name + " must be a number from " + std::to_string(min) + " to " + std::to_string(max),
        name);
  }
  *out = value;
  return Status::Ok();
}

Status ReadMillis(Node node, const std::string& file, const std::string& name, int64_t min, int64_t max,
                  std::chrono::milliseconds* out) {
  std::optional<int64_t> value;
  if (Status s = ReadNumber(node, file, name, min, max, &value); !s.ok()) return s;
  if (value) *out = std::chrono::milliseconds(*value);
  return Status::Ok();
}

}  // namespace regiotafel::config
