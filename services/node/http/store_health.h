// What /healthz and /metrics say about the node's durable stores: whether each still writes. A store
// stops writing after a failed write (a full disk) until it is reopened (the sender reopens the
// outbox, the follower the replica and the checkpoints; docs/OPERATIONS.md, "A full disk").
// The reasons are the stores' own (an I/O error and a file name), never an event's content.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"

namespace regiotafel::node {

struct NodeStores {
  const eventstore::Outbox* outbox = nullptr;
  const eventstore::EventLog* replica = nullptr;
  const eventstore::CheckpointStore* checkpoints = nullptr;  // null: not kept
};

struct StoreState {
  std::string store;   // "outbox", "replica", "checkpoints"
  Status write_error;  // ok while it writes
  uint64_t write_failures = 0;
  uint64_t reopens = 0;
};

// One state per store that is there, in the order above.
std::vector<StoreState> StoreStates(const NodeStores& stores);

// The /healthz answer: {"status": "ok", …} (200), or {"status": "not ok", …, "problems": [{"store",
// "reason"}]} (503) when a store does not write. `extra` are more fields, already JSON (`"k": v, `).
struct HealthAnswer {
  int code = 200;
  std::string body;
};
HealthAnswer HealthOf(const NodeStores& stores, const std::string& extra);

}  // namespace regiotafel::node
