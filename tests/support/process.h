// Real child processes for the multi-process tests: fork/exec with output to a file, signals, and
// a bounded wait for the exit status.
#pragma once

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace regiotafel::testing {

class Process {
 public:
  Process() = default;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process() { Kill(SIGKILL), Wait(std::chrono::seconds(10)); }

  // Starts `argv[0]` with stdout and stderr appended to `log_file`. `file_size_limit` > 0 sets
  // RLIMIT_FSIZE in the child, so that its writes beyond that size fail with EFBIG.
  bool Start(const std::vector<std::string>& argv, const std::string& log_file, off_t file_size_limit = 0) {
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) return false;
    if (pid_ == 0) {
      int fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (fd >= 0) {
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        close(fd);
      }
      if (file_size_limit > 0) {
        rlimit limit{static_cast<rlim_t>(file_size_limit), static_cast<rlim_t>(file_size_limit)};
        setrlimit(RLIMIT_FSIZE, &limit);
      }
      execv(args[0], args.data());
      _exit(127);
    }
    exit_status_.reset();
    return true;
  }

  bool running() const { return pid_ > 0 && !exit_status_; }
  pid_t pid() const { return pid_; }

  void Kill(int signal_number) {
    if (running()) kill(pid_, signal_number);
  }

  // The wait status (as waitpid's), or nullopt when the child is still running after `patience`.
  std::optional<int> Wait(std::chrono::milliseconds patience) {
    if (pid_ <= 0) return exit_status_;
    if (!exit_status_) {
      // A pidfd becomes readable when the child exits: wait on that event, not on a timer.
      const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
      if (pidfd >= 0) {
        pollfd item{pidfd, POLLIN, 0};
        ::poll(&item, 1, static_cast<int>(patience.count()));
        ::close(pidfd);
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) exit_status_ = status;
    }
    return exit_status_;
  }

 private:
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
};

// True once the process `pid` has ended (reaped here when it is this process's child, e.g. one that
// fell to it as subreaper), false when it still runs after `patience`. Waits on its pidfd, which
// becomes readable when it exits: an event, not a timer.
inline bool WaitForExit(pid_t pid, std::chrono::milliseconds patience) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return errno == ESRCH;  // gone already
  pollfd item{pidfd, POLLIN, 0};
  const bool ended = ::poll(&item, 1, static_cast<int>(patience.count())) == 1;
  ::close(pidfd);
  int status = 0;
  if (ended) (void)waitpid(pid, &status, WNOHANG);
  return ended;
}

// A TCP port on 127.0.0.1 that was free a moment ago.
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Calls `ready` until it answers true, at most `patience` long; for states that another process
// reaches in its own time where there is no event to wait on (a port open, a line in its output, a
// checkpoint kept). A node's head has one (head_wait.h), a process's exit too (Process::Wait,
// WaitForExit).
template <class Predicate>
bool Eventually(Predicate ready, std::chrono::milliseconds patience = std::chrono::seconds(60)) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    if (ready()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

// How long a command may take before the test calls it hung. Generous: two shared cores.
inline constexpr auto kCommandPatience = std::chrono::milliseconds(120'000);

struct CommandRun {
  int exit_code = -1;  // -1: did not finish within kCommandPatience
  std::string output;  // stdout and stderr together
};

// Runs `argv` to its end, its output going to the file `output`.
inline CommandRun RunToEnd(const std::vector<std::string>& argv, const std::string& output) {
  Process process;
  CommandRun run;
  if (!process.Start(argv, output)) return run;
  std::optional<int> status = process.Wait(kCommandPatience);
  if (status && WIFEXITED(*status)) run.exit_code = WEXITSTATUS(*status);
  run.output = ReadFile(output);
  return run;
}

}  // namespace regiotafel::testing
