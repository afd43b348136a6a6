// The processes a bench starts: a server it measures against (redis-server, postgres), a
// regiotafel-node, a tool it runs to its end (initdb). Each dies with the bench (PR_SET_PDEATHSIG),
// writes to a log of its own, and a Child is stopped when it is destroyed or the bench dies (Die).
#pragma once

#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/die.h"

namespace regiotafel::bench {

// Whom a child runs as, when not as the bench.
struct User {
  uid_t uid;
  gid_t gid;
  std::string name;
};

// In a forked child: become `user` (null: stay the bench), die with the bench (the parent-death signal is
// cleared by a change of credentials, so it is set after), send output to `log`.
inline void BecomeChild(const User* user, const std::string& log, int death_signal) {
  if (user) {
    if (initgroups(user->name.c_str(), user->gid) != 0 || setgid(user->gid) != 0 || setuid(user->uid) != 0) {
      _exit(126);
    }
  }
  prctl(PR_SET_PDEATHSIG, death_signal);
  if (getppid() == 1) _exit(125);  // the bench is already gone
  int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd >= 0) {
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
  }
  int null = open("/dev/null", O_RDONLY);
  if (null >= 0) dup2(null, STDIN_FILENO);
}

// Starts argv[0] (a path) with `argv`, as `user` when not null, its stdout and stderr appended to `log`,
// its stdin /dev/null; it gets `death_signal` when the bench's thread that started it ends.
inline pid_t Spawn(const std::vector<std::string>& argv, const User* user, const std::string& log,
                   int death_signal = SIGKILL) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    BecomeChild(user, log, death_signal);
    execv(args[0], args.data());
    _exit(127);
  }
  return pid;
}

// Waits for the child; its exit code, or -1 after `patience` (the child is then killed).
inline int WaitChild(pid_t pid, std::chrono::milliseconds patience) {
  const auto deadline = std::chrono::steady_clock::now() + patience;
  for (;;) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    if (std::chrono::steady_clock::now() >= deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));  // polling a child's exit
  }
}

// A child that runs until it is stopped: `stop_signal`, then up to `patience` for it to exit (killed
// after), when the Child is destroyed or the bench dies.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const User* user, const std::string& log, int death_signal,
        int stop_signal, std::chrono::milliseconds patience)
      : pid_(Spawn(argv, user, log, death_signal)),
        on_die_(OnDie([pid = pid_, stop_signal, patience] { Stop(pid, stop_signal, patience); })),
        stop_signal_(stop_signal),
        patience_(patience) {}
  ~Child() {
    ForgetOnDie(on_die_);
    if (!exited_) Stop(pid_, stop_signal_, patience_);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }

  // Whether it has exited on its own (it is then reaped).
  bool Exited() {
    int status = 0;
    if (!exited_ && waitpid(pid_, &status, WNOHANG) == pid_) exited_ = true;
    return exited_;
  }

 private:
  static void Stop(pid_t pid, int signal, std::chrono::milliseconds patience) {
    kill(pid, signal);
    WaitChild(pid, patience);
  }

  pid_t pid_;
  uint64_t on_die_;
  int stop_signal_;
  std::chrono::milliseconds patience_;
  bool exited_ = false;
};

inline bool Executable(const std::string& path) { return access(path.c_str(), X_OK) == 0; }

// The path of the program `name` on PATH or in the system's sbin and bin; "" when there is none.
inline std::string Which(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (Executable(dir + "/" + name)) return dir + "/" + name;
  }
  for (const char* d : {"/usr/sbin", "/usr/bin", "/sbin"}) {
    if (Executable(std::string(d) + "/" + name)) return std::string(d) + "/" + name;
  }
  return "";
}

// What a child wrote to its log so far.
inline std::string ReadLog(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The end of it, for a message.
inline std::string LastLines(const std::string& path) {
  const std::string text = ReadLog(path);
  return text.size() > 1500 ? text.substr(text.size() - 1500) : text;
}

}  // namespace regiotafel::bench
