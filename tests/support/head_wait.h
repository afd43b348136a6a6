// Waiting for a node's replica to reach a position, on the node's own event: the long-poll
// GET /api/v1/log/head?na=N (services/node/http/head_stream.h) through NodeClient::WaitForHead,
// instead of asking again every few milliseconds.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "services/node_client/node_client.h"

namespace regiotafel::testing {

// How long a test waits for a replica to catch up. Generous: two shared cores.
inline constexpr std::chrono::milliseconds kHeadPatience{60'000};

// The replica of the node at `url` ("http://HOST:PORT", asked with `token` when not empty) is at
// `position` or beyond within `patience`; its head goes to `*head` when given.
inline ::testing::AssertionResult HeadReaches(const std::string& url, const std::string& token,
                                              uint64_t position,
                                              std::chrono::milliseconds patience = kHeadPatience,
                                              node_client::LogHead* head = nullptr) {
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s = node_client::NodeClient::Open(url, token, std::chrono::seconds(60), &client); !s.ok()) {
    return ::testing::AssertionFailure() << s.ToString();
  }
  node_client::LogHead seen;
  if (position > 0) {
    if (Status s = client->WaitForHead(position - 1, patience, &seen); !s.ok()) {
      return ::testing::AssertionFailure() << url << ": " << s.ToString();
    }
  } else if (Status s = client->Head(&seen.position, &seen.hash); !s.ok()) {
    return ::testing::AssertionFailure() << url << ": " << s.ToString();
  }
  if (head != nullptr) *head = seen;
  if (seen.position < position) {
    return ::testing::AssertionFailure() << url << ": the replica's head is at " << seen.position << " after "
                                         << patience.count() << " ms, not at " << position;
  }
  return ::testing::AssertionSuccess();
}

// The same for a node on 127.0.0.1:`port`.
inline ::testing::AssertionResult HeadReaches(int port, uint64_t position,
                                              std::chrono::milliseconds patience = kHeadPatience,
                                              node_client::LogHead* head = nullptr) {
  return HeadReaches("http://127.0.0.1:" + std::to_string(port), "", position, patience, head);
}

}  // namespace regiotafel::testing
