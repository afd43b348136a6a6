// A node's replica head as a bench asks for it (GET /api/v1/log/head), and the wait until it holds a
// position: the node's long poll, which answers as soon as its head moves.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "bench/die.h"
#include "services/node_client/node_client.h"

namespace regiotafel::bench {

inline uint64_t HeadOf(node_client::NodeClient& client) {
  uint64_t position = 0;
  std::string hash;
  Check(client.Head(&position, &hash), "Head");
  return position;
}

// Until the node's replica holds `position`; Die when its head stands still for ten minutes.
inline void WaitForHead(node_client::NodeClient& client, uint64_t position) {
  for (uint64_t head = HeadOf(client); head < position;) {
    node_client::LogHead moved;
    Check(client.WaitForHead(head, std::chrono::minutes(10), &moved), "WaitForHead");
    if (moved.position <= head) Die("the node did not reach position " + std::to_string(position));
    head = moved.position;
  }
}

}  // namespace regiotafel::bench
