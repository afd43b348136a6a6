#include "services/bus/bus_backup.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "base/bytes.h"
#include "eventstore/backup.h"

namespace regiotafel::bus {

Status BackupBus(const eventstore::EventLog& log, const eventstore::CheckpointStore* checkpoints,
                 const std::string& backups_dir, const std::string& naam, BusBackupReport* report) {
  BusBackupReport r;
  if (Status s = eventstore::BackupTargetIn(backups_dir, naam, &r.dir); !s.ok()) return s;
  std::vector<eventstore::BackupPart> parts;
  if (checkpoints != nullptr) {
    parts.push_back(
        {"checkpoints", [checkpoints](const std::string& dir) { return checkpoints->Backup(dir); }});
  }
  parts.push_back({"log", [&](const std::string& dir) {
                     r.position = log.Head().position;
                     return log.Backup(dir);
                   }});
  const eventstore::LogHead head = log.Head();
  std::string manifest = "# regiotafel bus backup (docs/OPERATIONS.md, \"Backup and restore\")\n";
  manifest += "naam = \"" + naam + "\"\n";
  manifest += "log_positie_ten_minste = " + std::to_string(head.position) + "\n";
  manifest += "log_hash = \"" + ToHex(head.hash) + "\"\n";
  if (Status s = eventstore::BackupDataDirectory(r.dir, parts, manifest); !s.ok()) return s;
  *report = std::move(r);
  return Status::Ok();
}

Status BackupStoppedBus(const BusConfig& config, const std::string& naam, BusBackupReport* report) {
  const std::string& data = config.data_dir;
  if (!std::filesystem::is_directory(data + "/log")) {
    return Status::InvalidArgument("backup: " + data + " holds no bus data (no log/)", "data");
  }
  const std::string in_use =
      "the bus's stores in " + data + " are in use: the bus runs; ask it through its metrics listener";
  auto locked = [&](const Status& s) { return eventstore::InUseWhenLocked(s, in_use); };
  std::unique_ptr<eventstore::CheckpointStore> checkpoints;
  if (std::filesystem::is_directory(data + "/checkpoints")) {
    if (Status s = eventstore::CheckpointStore::Open(data + "/checkpoints", &checkpoints); !s.ok())
      return locked(s);
  }
  std::unique_ptr<eventstore::EventLog> log;
  if (Status s = eventstore::OpenStoppedLog(data + "/log", in_use, &log); !s.ok()) return s;
  return BackupBus(*log, checkpoints.get(), config.backups_dir,
                   naam.empty() ? eventstore::DefaultBackupName(log->Head().position) : naam, report);
}

}  // namespace regiotafel::bus
