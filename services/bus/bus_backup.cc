#include "services/bus/bus_backup.h"

#include <filesystem>
#include <memory>
#include <vector>

#include "base/bytes.h"
#include "eventstore/backup.h"

namespace regiotafel::bus {

Status BackupBus(const eventstore::EventLog& log, const eventstore::CheckpointStore* checkpoints,
                 const std::string& backups_dir, const std::string& naam, BusBackupReport* report) {
  if (!eventstore::ValidBackupName(naam)) {
    return Status::InvalidArgument(
        "backup: a name has letters, digits, '.', '_' and '-' only (not starting with '.', "
        "not ending in .tmp, at most 100)",
        "naam");
  }
  std::error_code ec;
  std::filesystem::create_directories(backups_dir, ec);
  if (ec) return Status::IOError("backup: cannot create " + backups_dir + ": " + ec.message());
  BusBackupReport r;
  r.dir = (std::filesystem::path(backups_dir) / naam).string();
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
  eventstore::EventLogOptions options;
  options.create_if_missing = false;
  if (Status s = eventstore::EventLog::Open(data + "/log", options, &log); !s.ok()) return locked(s);
  return BackupBus(*log, checkpoints.get(), config.backups_dir,
                   naam.empty() ? eventstore::DefaultBackupName(log->Head().position) : naam, report);
}

}  // namespace regiotafel::bus
