// The launcher's three commands (DOMAIN.md §6), each returning the process exit code: 0 done, 1 it
// could not be done (a process would not start or stop, a port is taken), 2 bad input (the region
// file, a missing data directory).
//
//   up REGION.toml --data DIR   keys and API tokens (once) and configurations, the bus and one node
//                               per organisation as detached processes on 127.0.0.1, wait until every
//                               one answers, DIR/region.json (with every node's token). On a DIR with
//                               data it resumes with that data and those tokens; when
//                               everything already runs it says so and succeeds; when some run, it
//                               starts the others. A process that dies while starting is named with the
//                               end of its log, and what this `up` started is stopped again.
//   down --data DIR             SIGTERM to the nodes, then to the bus; SIGKILL to whoever is still
//                               there after the timeout; pid files removed.
//   status --data DIR           which processes run, and each node's head (asked with its token from
//                               region.json).
//   roteer --data DIR [KLASSE…]  the next epoch of the region's class keys (all classes, or those
//                               named); the next `up` hands them to the organisations of the region
//                               file, so one that was removed reads nothing sealed after.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

namespace regiotafel::region {

int RegionUp(const std::string& region_file, const std::string& data_dir, std::chrono::seconds timeout,
             std::ostream& out, std::ostream& err);

int RegionDown(const std::string& data_dir, std::chrono::seconds timeout, std::ostream& out,
               std::ostream& err);

int RegionStatus(const std::string& data_dir, std::ostream& out, std::ostream& err);

int RegionRotate(const std::string& data_dir, const std::vector<std::string>& klassen, std::ostream& out,
                 std::ostream& err);

}  // namespace regiotafel::region
