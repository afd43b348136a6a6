// "address:port" as a configuration names a listening socket ("127.0.0.1:9464", "[::1]:9464",
// "localhost:9464"), and whether an address is loopback only.
#pragma once

#include <string>

#include "base/status.h"

namespace regiotafel {

struct ListenAddress {
  std::string host;  // without brackets
  int port = 0;      // 0: any free port
};

// InvalidArgument saying what is wrong (no port, a port out of range, an empty host).
Status ParseListenAddress(const std::string& text, ListenAddress* out);

// 127.0.0.0/8, ::1 or "localhost".
bool IsLoopbackHost(const std::string& host);

}  // namespace regiotafel
