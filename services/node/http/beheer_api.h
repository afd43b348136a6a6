// POST /api/v1/beheer/backup[?naam=NAME]: a backup of the running node (node_backup.h) into its
// configured backups directory (node.toml `backups`, default data + "-backups"), under NAME or
// "<UTC time>-<replica head>". Needs a schrijven token when tokens are configured. Only a name is
// taken, never a path: a token holder cannot make the node write anywhere else.
//
//   201 {"pad", "naam", "replica_positie", "outbox_laatste_origin_seq"}
//   400 a bad name; 409 a backup of that name exists, or another backup is in progress;
//   507 refused before anything was written: the backups directory lacks the room the backup needs
//       plus a margin (eventstore::CheckRoomForBackup);
//   500 it failed (nothing is left under the name; the node's log says why)
//
// `regiotafel-node backup --config node.toml` calls it (docs/OPERATIONS.md).
#pragma once

#include <httplib.h>

#include <cstdint>
#include <functional>
#include <string>

#include "base/status.h"

namespace regiotafel::node {

// What a backup reports (the 201 answer's fields).
struct BackupReport {
  std::string dir;                  // the backup's directory
  std::string naam;                 // its name (the default one when none was asked for)
  uint64_t replica_position = 0;    // the replica's head when its copy was taken (at least)
  uint64_t laatste_origin_seq = 0;  // the outbox's last number when its copy was taken (at least)
};

struct BeheerSources {
  // Backs the running node up under `naam` ("" for the default name). InvalidArgument with field
  // "naam" for a bad name, InvalidArgument for a name that exists, Unavailable when there is no
  // room for it (services/node/node_backup.h).
  std::function<Status(const std::string& naam, BackupReport*)> backup;
  // The node's access check for a request with a body (HttpApi::Allowed): refuses and answers when false.
  std::function<bool(const httplib::Request&, httplib::Response&)> allowed;
};

void RegisterBeheerApi(httplib::Server& server, BeheerSources sources);

}  // namespace regiotafel::node
