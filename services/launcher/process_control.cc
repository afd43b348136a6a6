#include "services/launcher/process_control.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <ctime>
#include <deque>
#include <fstream>
#include <sstream>
#include <thread>

#include "services/launcher/region_files.h"

namespace regiotafel::region {
namespace {

using Clock = std::chrono::steady_clock;

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage for C++; the system call is
// simple enough to make directly.
int PidfdOpen(pid_t pid) { return static_cast<int>(syscall(SYS_pidfd_open, pid, 0)); }

std::string Now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
  return text;
}

}  // namespace

Status StartDetached(const std::vector<std::string>& argv, const std::string& log_file, pid_t* pid) {
  const int log_fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return Status::IOError("cannot open " + log_file + ": " + std::strerror(errno));
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    close(log_fd);
    return Status::IOError(std::string("cannot open /dev/null: ") + std::strerror(errno));
  }
  // A line between runs, so that one start's output can be told from the last one's.
  std::string header = "---- " + Now() + " regiotafel-region starts";
  for (const std::string& arg : argv) header += " " + arg;
  header += "\n";
  (void)!write(log_fd, header.data(), header.size());

  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  const std::string exec_failed = "regiotafel-region: cannot execute " + argv.front() + "\n";

  const pid_t child = fork();
  if (child == 0) {
    setsid();  // no controlling terminal: a closed terminal or its Ctrl-C does not reach the region
    dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    close_range(3, ~0U, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    execv(args[0], args.data());
    (void)!write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
    _exit(127);
  }
  const int fork_errno = errno;
  close(log_fd);
  close(null_fd);
  if (child < 0) return Status::IOError(std::string("fork: ") + std::strerror(fork_errno));
  *pid = child;
  return Status::Ok();
}

Status WritePidFile(const std::string& path, pid_t pid) {
  return WriteFileAtomically(path, std::to_string(pid) + "\n");
}

std::optional<pid_t> ReadPidFile(const std::string& path) {
  std::string text = ReadWhole(path);
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  pid_t pid = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), pid);
  if (error != std::errc() || end != text.data() + text.size() || pid <= 1) return std::nullopt;
  return pid;
}

bool Alive(pid_t pid) {
  // /proc/<pid>/stat: "pid (comm) S …"; comm may hold spaces and parentheses, the state follows the
  // last ')'.
  const std::string stat = ReadWhole("/proc/" + std::to_string(pid) + "/stat");
  const size_t close = stat.rfind(')');
  if (close == std::string::npos || close + 2 >= stat.size()) return false;
  const char state = stat[close + 2];
  return state != 'Z' && state != 'X' && state != 'x';
}

bool RunningAs(pid_t pid, const std::string& config_file) {
  if (!Alive(pid)) return false;
  const std::string cmdline = ReadWhole("/proc/" + std::to_string(pid) + "/cmdline");
  size_t start = 0;
  while (start < cmdline.size()) {
    const size_t end = cmdline.find('\0', start);
    if (cmdline.compare(start, (end == std::string::npos ? cmdline.size() : end) - start, config_file) == 0)
      return true;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

std::optional<int> ExitedChild(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, WNOHANG) == pid) return status;
  return std::nullopt;
}

std::string DescribeExit(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit code " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "wait status " + std::to_string(wait_status);
}

std::vector<pid_t> WaitForExit(const std::vector<pid_t>& pids, Clock::time_point deadline) {
  struct Watched {
    pid_t pid;
    int fd;  // -1: no pidfd, watched through /proc
  };
  std::vector<Watched> watched;
  for (pid_t pid : pids) {
    const int fd = PidfdOpen(pid);
    if (fd < 0 && errno == ESRCH) continue;  // already gone
    watched.push_back({pid, fd});
  }
  bool polling_proc = false;
  while (!watched.empty()) {
    // A pidfd becomes readable when its process exits (a zombie counts as exited).
    std::vector<pollfd> fds;
    for (const Watched& w : watched) {
      if (w.fd >= 0) fds.push_back({w.fd, POLLIN, 0});
      polling_proc = polling_proc || w.fd < 0;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    // Without pidfds (an old kernel) /proc is looked at every 20 ms.
    const int timeout =
        polling_proc ? std::min<int>(20, static_cast<int>(left.count())) : static_cast<int>(left.count());
    if (fds.empty()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(timeout));
    } else if (poll(fds.data(), fds.size(), timeout) < 0 && errno != EINTR) {
      break;
    }
    std::erase_if(watched, [](const Watched& w) {
      bool gone = false;
      if (w.fd >= 0) {
        pollfd one{w.fd, POLLIN, 0};
        gone = poll(&one, 1, 0) > 0;
      } else {
        gone = !Alive(w.pid);
      }
      if (!gone) return false;
      int ignored = 0;
      waitpid(w.pid, &ignored, WNOHANG);  // our own child: reap it; anyone else's: ECHILD, harmless
      if (w.fd >= 0) close(w.fd);
      return true;
    });
  }
  std::vector<pid_t> alive;
  for (const Watched& w : watched) {
    if (w.fd >= 0) close(w.fd);
    alive.push_back(w.pid);
  }
  return alive;
}

std::string LogTail(const std::string& path, uint64_t from, size_t max_lines) {
  std::string text = ReadWhole(path);
  text = from < text.size() ? text.substr(from) : "";
  std::deque<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
    if (lines.size() > max_lines) lines.pop_front();
  }
  std::string out;
  for (const std::string& line : lines) out += "    " + line + "\n";
  return out;
}

}  // namespace regiotafel::region
