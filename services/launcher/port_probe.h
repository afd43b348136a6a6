// Two questions about a TCP port on 127.0.0.1, asked before and after starting a region's processes.
#pragma once

namespace regiotafel::region {

// Whether the bus or a node could bind `port` now: nothing listens on it, and a bind succeeds with
// the options they use (ZeroMQ sets SO_REUSEADDR, cpp-httplib SO_REUSEPORT), so that a port with
// only TIME_WAIT connections left from a previous run counts as free, as it is to them. The
// listening check comes first because SO_REUSEPORT would let a second server bind beside a live
// one of the same user.
bool PortFree(int port);

// Whether something accepts a connection on `port` (the bus's sockets are bound and listening).
bool PortAnswers(int port);

}  // namespace regiotafel::region
