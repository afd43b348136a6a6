#include "base/listen_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace regiotafel {

Status ParseListenAddress(const std::string& text, ListenAddress* out) {
  const std::string example = " (address:port, e.g. 127.0.0.1:9464 or [::1]:9464)";
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon + 1 == text.size()) {
    return Status::InvalidArgument("\"" + text + "\" has no port" + example);
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string::npos) {
    return Status::InvalidArgument("\"" + text + "\": an IPv6 address goes in brackets" + example);
  }
  if (host.empty()) return Status::InvalidArgument("\"" + text + "\" has no address" + example);
  const std::string port_text = text.substr(colon + 1);
  int port = -1;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port < 0 || port > 65535) {
    return Status::InvalidArgument("\"" + text + "\": the port is not a number from 0 to 65535" + example);
  }
  *out = ListenAddress{std::move(host), port};
  return Status::Ok();
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

}  // namespace regiotafel
