// regiotafel-bus as a real process against a flood of connections that never finish the ZMTP
// handshake (issue 19: 20,000 of them took the bus to 19,999 of its 20,000 descriptors, and a node
// reconnecting meanwhile got nothing for seconds). The bus closes each after handshake_ms, and a
// real DEALER is served while they hang.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "base/signing.h"
#include "tests/support/bus_frames.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace regiotafel {
namespace {

using namespace std::chrono_literals;
using testing::FrameClient;

constexpr int kHalfOpen = 500;

// A TCP connection to 127.0.0.1:`port` that says nothing; -1 when it does not connect.
int SilentConnection(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// Reads what comes on `fds` (the bus's half of the greeting) until each has read() 0, the peer's
// close, or until `patience` is over; answers how many were closed.
size_t WaitForClose(const std::vector<int>& fds, std::chrono::milliseconds patience) {
  std::vector<bool> closed(fds.size(), false);
  size_t count = 0;
  const auto deadline = std::chrono::steady_clock::now() + patience;
  while (count < fds.size() && std::chrono::steady_clock::now() < deadline) {
    std::vector<pollfd> items;
    std::vector<size_t> index;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (!closed[i]) items.push_back({fds[i], POLLIN, 0}), index.push_back(i);
    }
    if (::poll(items.data(), items.size(), 200) <= 0) continue;
    for (size_t k = 0; k < items.size(); ++k) {
      if (items[k].revents == 0) continue;
      char buffer[256];
      const ssize_t n = read(items[k].fd, buffer, sizeof buffer);
      if (n == 0) closed[index[k]] = true, ++count;  // an orderly close by the bus
      if (n < 0 && errno != EAGAIN && errno != EINTR) closed[index[k]] = true, ++count;  // reset
    }
  }
  return count;
}

TEST(BusProcessTest, HalfOpenConnectionsAreClosedAfterTheHandshakeIntervalWhileADealerIsServed) {
  regiotafel::testing::TempDir dir;
  const int submit = testing::FreePort(), publish = testing::FreePort(), fetch = testing::FreePort();
  auto endpoint = [](int port) { return "tcp://127.0.0.1:" + std::to_string(port); };
  {
    std::ofstream config(dir.Sub("bus.toml"));
    config << "data = \"bus\"\nsubmit = \"" << endpoint(submit) << "\"\npublish = \"" << endpoint(publish)
           << "\"\nfetch = \"" << endpoint(fetch) << "\"\nheartbeat_ms = 200\nhandshake_ms = 2000\n";
  }
  testing::Process bus;
  ASSERT_TRUE(bus.Start({BUS_BINARY, "--config", dir.Sub("bus.toml")}, dir.Sub("bus.log")));
  zmq::context_t context(1);
  FrameClient probe(context, zmq::socket_type::dealer, endpoint(fetch));
  ASSERT_TRUE(probe.Fetch(1, 1)) << "the bus does not answer:\n" << testing::ReadFile(dir.Sub("bus.log"));
  EXPECT_NE(testing::ReadFile(dir.Sub("bus.log")).find("open files: at most"), std::string::npos)
      << testing::ReadFile(dir.Sub("bus.log"));

  std::vector<int> half_open;
  for (int i = 0; i < kHalfOpen; ++i) {
    const int fd = SilentConnection(submit);
    ASSERT_GE(fd, 0) << "connection " << i << ": " << std::strerror(errno);
    half_open.push_back(fd);
  }
  // A node's DEALER, while they hang: answered (a generous bound; the property is availability).
  const SigningKey key = SigningKey::Generate();
  FrameClient node(context, zmq::socket_type::dealer, endpoint(submit));
  std::optional<v1::SubmitReply> reply =
      node.Submit({testing::Sign(key, testing::Signaal("gemeente:dordrecht", 1))}, 1);
  ASSERT_TRUE(reply) << "no answer while " << kHalfOpen << " connections hang";
  ASSERT_EQ(reply->results_size(), 1);
  EXPECT_EQ(reply->results(0).status(), v1::SubmitResult::COMMITTED) << reply->results(0).error();

  // The bus closes every one of them once the handshake interval is over.
  EXPECT_EQ(WaitForClose(half_open, 15s), static_cast<size_t>(kHalfOpen))
      << "libzmq's own default would be 30 s";
  for (int fd : half_open) close(fd);
  // And goes on serving, the same connection and a new one.
  reply = node.Submit({testing::Sign(key, testing::Signaal("gemeente:dordrecht", 2))}, 2);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->results(0).position(), 2u);
  EXPECT_TRUE(bus.running());
  bus.Kill(SIGTERM);
  std::optional<int> status = bus.Wait(60s);
  ASSERT_TRUE(status);
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
}

}  // namespace
}  // namespace regiotafel
