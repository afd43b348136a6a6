#include "eventstore/internal/room_probe.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>

namespace regiotafel::eventstore::internal {

Status ProbeRoomToReopen(const std::vector<std::string>& dirs) {
  namespace fs = std::filesystem;
  uint64_t bytes = uint64_t{4} << 20;
  for (const std::string& dir : dirs) {
    std::error_code ec;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
      if (it->path().extension() == ".log" && it->is_regular_file(ec)) bytes += it->file_size(ec);
    }
  }
  bytes = std::min(bytes, uint64_t{64} << 20);
  const std::string probe = dirs.front() + "/REOPEN-PROBE";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return Status::Unavailable("no room to reopen yet: cannot create " + probe + ": " + std::strerror(errno));
  static const std::string chunk(size_t{64} << 10, '\0');
  int error = 0;
  for (uint64_t written = 0; written < bytes && error == 0;) {
    const ssize_t n = ::write(fd, chunk.data(), std::min<uint64_t>(chunk.size(), bytes - written));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error = n < 0 ? errno : ENOSPC;
    if (n > 0) written += static_cast<uint64_t>(n);
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  ::close(fd);
  ::unlink(probe.c_str());
  if (error != 0) {
    return Status::Unavailable("no room to reopen yet: writing " + std::to_string(bytes) + " bytes into " +
                               probe + " failed: " + std::strerror(error));
  }
  return Status::Ok();
}

}  // namespace regiotafel::eventstore::internal
