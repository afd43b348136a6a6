// The bus's backup: its checkpoints and then its log (eventstore/backup.h), copied while it runs,
// into backups_dir/NAME laid out as the bus's data directory (checkpoints/, log/, BACKUP.txt). The
// checkpoints first: each covers only records already in the log, so the copy never holds one
// beyond its log's head. docs/OPERATIONS.md tells how to restore, and why a node's replica may be
// the better source.
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/event_log.h"
#include "services/bus/bus_config.h"

namespace regiotafel::bus {

struct BusBackupReport {
  std::string dir;
  uint64_t position = 0;  // the log's head when its copy was taken (the copy holds at least this)
};

// `checkpoints` may be null (a bus without checkpoint_sleutel). InvalidArgument for a bad name or
// a backup of that name that exists.
Status BackupBus(const eventstore::EventLog& log, const eventstore::CheckpointStore* checkpoints,
                 const std::string& backups_dir, const std::string& naam, BusBackupReport* report);

// For a stopped bus: opens config.data_dir's stores and backs them up (naam empty: the default).
// Their locks make this fail, saying so, while the bus runs.
Status BackupStoppedBus(const BusConfig& config, const std::string& naam, BusBackupReport* report);

}  // namespace regiotafel::bus
