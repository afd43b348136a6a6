// A node's backup: its checkpoints, replica and outbox copied while it runs (eventstore/backup.h)
// into one directory laid out as a data directory, so restoring is replacing the data directory by
// it (docs/OPERATIONS.md). The checkpoints go first, then the replica: a checkpoint is kept only
// once the replica reached its positie, so the copy never holds one beyond its replica's head.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "eventstore/backup.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "eventstore/outbox.h"
#include "services/node/http/beheer_api.h"
#include "services/node/node_config.h"

namespace regiotafel::node {

// Backs up the open stores into backups_dir/naam (backups_dir is made when missing; naam empty: the
// default name). InvalidArgument for a bad name or a backup of that name that exists; Unavailable,
// before anything is written, when backups_dir lacks the room the copy of data_dir's stores needs
// plus eventstore::kBackupMarginBytes.
Status BackupNode(const std::string& organisatie, const std::string& data_dir,
                  const eventstore::Outbox& outbox, const eventstore::EventLog& replica,
                  const eventstore::CheckpointStore& checkpoints, const std::string& backups_dir,
                  const std::string& naam, BackupReport* report);

// For a stopped node: opens its stores in config.data_dir and backs them up as above (naam empty:
// the default name). The stores' locks make this fail, saying so, while the node runs.
Status BackupStoppedNode(const NodeConfig& config, const std::string& naam, BackupReport* report);

}  // namespace regiotafel::node
