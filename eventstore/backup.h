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

// What a backup leaves free at least on the file system it goes to, beyond what it needs itself: a
// backup must never be what fills the disk the node (or the bus) writes to.
inline constexpr uint64_t kBackupMarginBytes = uint64_t{256} << 20;

// The bytes a backup of the stores in `sources` (directories; missing ones count 0) takes in
// `target_dir` (an existing directory): every file's size, but for the table files (*.sst) when they
// are on target_dir's file system, where the copy hard-links them.
Status EstimateBackupBytes(const std::vector<std::string>& sources, const std::string& target_dir,
                           uint64_t* bytes);

// Unavailable, with a message for people (Dutch: the API answers it), when the file system of
// `target_dir` has less room for an unprivileged writer (statvfs f_bavail) than `needed` + `margin`;
// IOError when it cannot be asked.
Status CheckRoomForBackup(const std::string& target_dir, uint64_t needed,
                          uint64_t margin = kBackupMarginBytes);

// Backs up `parts` in the order given into target/<name>, writes `manifest` to target/BACKUP.txt
// and renames the whole into place. A leftover target.tmp of an interrupted backup is removed
// first. On any error nothing is left at `target` and the temporary directory is removed.
Status BackupDataDirectory(const std::string& target, const std::vector<BackupPart>& parts,
                           const std::string& manifest);

}  // namespace regiotafel::eventstore
