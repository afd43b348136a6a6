// POST /api/v1/beheer/backup[?naam=NAME]: a backup of the running node (node_backup.h) into its
// configured backups directory (node.toml `backups`, default data + "-backups"), under NAME or
// "<UTC time>-<replica head>". Needs a schrijven token when tokens are configured. Only a name is
// taken, never a path: a token holder cannot make the node write anywhere else.
//
//   201 {"pad", "naam", "replica_positie", "outbox_laatste_origin_seq"}
//   400 a bad name; 409 a backup of that name exists, or another backup is in progress;
//   500 it failed (nothing is left under the name; the node's log says why)
//
// `regiotafel-node backup --config node.toml` calls it (docs/OPERATIONS.md).
#pragma once

#include <httplib.h>

#include <functional>
#include <string>

#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"

namespace regiotafel::node {

struct BeheerSources {
  std::string organisatie;
  std::string backups_dir;
  const eventstore::Outbox* outbox = nullptr;
  const eventstore::EventLog* replica = nullptr;
  const eventstore::CheckpointStore* checkpoints = nullptr;
  // The node's access check for a request with a body (HttpApi::Allowed): refuses and answers when false.
  std::function<bool(const httplib::Request&, httplib::Response&)> allowed;
};

void RegisterBeheerApi(httplib::Server& server, BeheerSources sources);

}  // namespace regiotafel::node
