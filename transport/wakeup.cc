#include "transport/wakeup.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace regiotafel::transport {

Wakeup::Wakeup() : fd_(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
  // Without it no poll loop can be stopped; there is nothing sensible to carry on with.
  if (fd_ < 0) {
    std::perror("eventfd");
    std::abort();
  }
}

Wakeup::~Wakeup() { close(fd_); }

void Wakeup::Signal() noexcept {
  const uint64_t one = 1;
  // Only fails when the counter would overflow, and then a wake-up is pending anyway.
  [[maybe_unused]] ssize_t n = write(fd_, &one, sizeof one);
}

void Wakeup::Clear() noexcept {
  uint64_t value = 0;
  [[maybe_unused]] ssize_t n = read(fd_, &value, sizeof value);
}

}  // namespace regiotafel::transport
