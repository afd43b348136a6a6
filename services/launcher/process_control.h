// Processes that outlive the launcher: started detached (own session, output to a log file, a pid
// file beside), found again by a later `down` or `status` through their pid file, and waited for
// without being their parent (Linux pidfds).
//
// A pid file alone is not proof: the process may have died and its pid been reused. A pid counts as
// ours only while /proc says it is alive (not a zombie) and its command line names the expected
// configuration file. A zombie counts as gone: after the launcher exits its children belong to
// init, and an init that does not reap would otherwise keep them "running" for ever.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace regiotafel::region {

// Forks and execs `argv` (argv[0] a path) in a new session, stdin from /dev/null, stdout and
// stderr appended to `log_file`, no other descriptors, no blocked signals.
Status StartDetached(const std::vector<std::string>& argv, const std::string& log_file, pid_t* pid);

Status WritePidFile(const std::string& path, pid_t pid);
// nullopt when the file is missing or does not hold a pid.
std::optional<pid_t> ReadPidFile(const std::string& path);

// Alive (not a zombie) and started with `config_file` among its arguments.
bool RunningAs(pid_t pid, const std::string& config_file);
bool Alive(pid_t pid);

// For the launcher's own children while it waits for them to get ready: the exit status (as
// waitpid's) once the child has exited, reaping it; nullopt while it runs.
std::optional<int> ExitedChild(pid_t pid);
// "exit code 1", "killed by signal 9".
std::string DescribeExit(int wait_status);

// Waits until every pid has exited or `deadline` passed; returns those still alive. Works for any
// process (pidfd_open), reaps the launcher's own children.
std::vector<pid_t> WaitForExit(const std::vector<pid_t>& pids,
                               std::chrono::steady_clock::time_point deadline);

// The last `max_lines` lines of `path` from byte `from` on (the output of one run of a process).
std::string LogTail(const std::string& path, uint64_t from, size_t max_lines);

}  // namespace regiotafel::region
