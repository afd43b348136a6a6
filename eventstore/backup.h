// Backing up a data directory (a node's or the bus's) while it is in use: every store it holds is
// copied as a consistent copy of the open database (EventLog::Backup, Outbox::Backup,
// CheckpointStore::Backup), in an order that keeps them consistent with each other, into target.tmp, and
// renamed to `target` only when all of them and the manifest are there: a target either is a whole backup or
// does not exist. No network here; docs/OPERATIONS.md tells how to restore.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "eventstore/event_log.h"

namespace regiotafel::eventstore {

struct BackupPart {
  std::string name;                                      // its directory inside the backup
  std::function<Status(const std::string& dir)> backup;  // writes the part into dir (must not exist)
};

// A backup's name: letters, digits, '.', '_' and '-', not starting with '.', not ending in .tmp, at
// most 100 characters: never a path.
bool ValidBackupName(const std::string& naam);
// "20260105T093000Z-<positie>": the UTC time and the log's head.
std::string DefaultBackupName(uint64_t position);

// The directory a backup called `naam` gets in `backups_dir` (made if missing): InvalidArgument (field
// "naam") for a name that is not a ValidBackupName, IOError when backups_dir cannot be made.
Status BackupTargetIn(const std::string& backups_dir, const std::string& naam, std::string* target);

// InvalidArgument when `target` exists, its parent directory does not, or its name is empty.
Status CheckBackupTarget(const std::string& target);

// What opening a stopped process's store answered: when RocksDB found it locked (the process runs),
// Unavailable saying that `in_use` (the stores of whom, and what to do instead); else `opened` as is.
Status InUseWhenLocked(const Status& opened, const std::string& in_use);

// Opens the existing log in `dir` of a process that should be stopped; InUseWhenLocked otherwise.
Status OpenStoppedLog(const std::string& dir, const std::string& in_use, std::unique_ptr<EventLog>* log);

// Backs up `parts` in the order given into target/<name>, writes `manifest` to target/BACKUP.txt
// and renames the whole into place. A leftover target.tmp of an interrupted backup is removed
// first. On any error nothing is left at `target` and the temporary directory is removed.
Status BackupDataDirectory(const std::string& target, const std::vector<BackupPart>& parts,
                           const std::string& manifest);

}  // namespace regiotafel::eventstore
