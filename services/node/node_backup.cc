#include "services/node/node_backup.h"

#include <filesystem>
#include <memory>

#include "base/bytes.h"
#include "eventstore/backup.h"

namespace regiotafel::node {

Status BackupNode(const std::string& organisatie, const std::string& data_dir,
                  const eventstore::Outbox& outbox, const eventstore::EventLog& replica,
                  const eventstore::CheckpointStore& checkpoints, const std::string& backups_dir,
                  const std::string& asked, BackupReport* report) {
  const std::string naam = asked.empty() ? eventstore::DefaultBackupName(replica.Head().position) : asked;
  BackupReport r;
  if (Status s = eventstore::BackupTargetIn(backups_dir, naam, &r.dir); !s.ok()) return s;
  r.naam = naam;
  uint64_t needed = 0;
  if (Status s = eventstore::EstimateBackupBytes(
          {data_dir + "/checkpoints", data_dir + "/replica", data_dir + "/outbox"}, backups_dir, &needed);
      !s.ok())
    return s;
  if (Status s = eventstore::CheckRoomForBackup(backups_dir, needed); !s.ok()) return s;
  const std::vector<eventstore::BackupPart> parts = {
      {"checkpoints", [&](const std::string& dir) { return checkpoints.Backup(dir); }},
      {"replica",
       [&](const std::string& dir) {
         r.replica_position = replica.Head().position;  // the copy holds at least this much
         return replica.Backup(dir);
       }},
      {"outbox",
       [&](const std::string& dir) {
         r.laatste_origin_seq = outbox.LastOriginSeq();
         return outbox.Backup(dir);
       }},
  };
  const eventstore::LogHead head = replica.Head();
  std::string manifest = "# regiotafel node backup (docs/OPERATIONS.md, \"Backup and restore\")\n";
  manifest += "organisatie = \"" + organisatie + "\"\n";
  manifest += "naam = \"" + naam + "\"\n";
  manifest += "replica_positie_ten_minste = " + std::to_string(head.position) + "\n";
  manifest += "replica_hash = \"" + ToHex(head.hash) + "\"\n";
  manifest += "outbox_laatste_origin_seq_ten_minste = " + std::to_string(outbox.LastOriginSeq()) + "\n";
  if (Status s = eventstore::BackupDataDirectory(r.dir, parts, manifest); !s.ok()) return s;
  *report = std::move(r);
  return Status::Ok();
}

Status BackupStoppedNode(const NodeConfig& config, const std::string& naam, BackupReport* report) {
  const std::string& data = config.data_dir;
  if (!std::filesystem::is_directory(data + "/replica")) {
    return Status::InvalidArgument("backup: " + data + " holds no node's data (no replica/)", "data");
  }
  const std::string in_use =
      "the node's stores in " + data + " are in use: the node runs, but its HTTP API did not answer";
  auto locked = [&](const Status& s) { return eventstore::InUseWhenLocked(s, in_use); };
  std::unique_ptr<eventstore::CheckpointStore> checkpoints;
  if (Status s = eventstore::CheckpointStore::Open(data + "/checkpoints", &checkpoints); !s.ok())
    return locked(s);
  std::unique_ptr<eventstore::EventLog> replica;
  if (Status s = eventstore::OpenStoppedLog(data + "/replica", in_use, &replica); !s.ok()) return s;
  std::unique_ptr<eventstore::Outbox> outbox;
  if (Status s = eventstore::Outbox::Open(data + "/outbox", &outbox); !s.ok()) return locked(s);
  return BackupNode(config.organisatie, data, *outbox, *replica, *checkpoints, config.backups_dir, naam,
                    report);
}

}  // namespace regiotafel::node
