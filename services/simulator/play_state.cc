#include "services/simulator/play_state.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sstream>

#include "base/date.h"
#include "services/config/toml_reading.h"

namespace regiotafel::simulator {

using config::ParseTomlFile;

Status ReadPlayState(const std::string& path, PlayState* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root, "simulator state"); !s.ok()) return s;
  PlayState state;
  const auto regio = root["regio"].value<std::string>();
  const auto seed = root["seed"].value<int64_t>();
  const auto laatste = root["laatste_dag"].value<std::string>();
  const auto huishoudens = root["huishoudens"].value<int64_t>();
  const auto verstuurd = root["verstuurd"].value<int64_t>();
  const std::optional<int32_t> day = laatste ? ParseDate(*laatste) : std::nullopt;
  if (!regio || !seed || !day || !huishoudens || !verstuurd || *seed < 0 || *huishoudens < 1 ||
      *verstuurd < 0) {
    return Status::InvalidArgument(path +
                                   " is not a simulator state (regio, seed, laatste_dag, huishoudens, "
                                   "verstuurd); remove it to start a new year");
  }
  state.year.regio = *regio;
  state.year.seed = static_cast<uint32_t>(*seed);
  state.year.laatste_dag = *day;
  state.year.huishoudens = static_cast<int>(*huishoudens);
  state.verstuurd = static_cast<uint64_t>(*verstuurd);
  *out = std::move(state);
  return Status::Ok();
}

Status WritePlayState(const std::string& path, const PlayState& state) {
  toml::table root{{"regio", state.year.regio},
                   {"seed", static_cast<int64_t>(state.year.seed)},
                   {"eerste_dag", FormatDate(state.year.eerste_dag())},
                   {"laatste_dag", FormatDate(state.year.laatste_dag)},
                   {"huishoudens", static_cast<int64_t>(state.year.huishoudens)},
                   {"verstuurd", static_cast<int64_t>(state.verstuurd)}};
  std::ostringstream text;
  text << "# regiotafel-simulator: the simulated year and how far it got (docs/DEMO.md).\n"
          "# The year is fixed by the first run; remove the region's data directory to play a new one.\n"
       << root << "\n";
  const std::string body = text.str();
  const std::string temp = path + ".tmp";
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot write " + temp + ": " + std::strerror(errno));
  const bool written =
      write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) && fsync(fd) == 0;
  const int saved_errno = errno;
  close(fd);
  if (!written) return Status::IOError("cannot write " + temp + ": " + std::strerror(saved_errno));
  if (rename(temp.c_str(), path.c_str()) != 0) {
    return Status::IOError("cannot rename " + temp + " to " + path + ": " + std::strerror(errno));
  }
  // The rename itself must survive a crash too.
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int dir_fd = open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    fsync(dir_fd);
    close(dir_fd);
  }
  return Status::Ok();
}

}  // namespace regiotafel::simulator
