#include "services/bus/open_files.h"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string>

namespace regiotafel::bus {

Status RaiseOpenFileLimit(OpenFileLimit* out) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return Status::IOError(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
  }
  out->before = out->now = limit.rlim_cur;
  // RLIM_INFINITY is refused by the kernel above fs.nr_open; a million is plenty.
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, rlim_t{1} << 20);
  if (wanted <= limit.rlim_cur) return Status::Ok();
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) == 0) out->now = wanted;
  return Status::Ok();
}

}  // namespace regiotafel::bus
