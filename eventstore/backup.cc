#include "eventstore/backup.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace regiotafel::eventstore {
namespace {

namespace fs = std::filesystem;

// fsyncs a directory, so a rename into it survives a crash.
void SyncDirectory(const fs::path& dir) {
  std::FILE* f = std::fopen(dir.c_str(), "r");
  if (f == nullptr) return;
  ::fsync(fileno(f));
  std::fclose(f);
}

}  // namespace

bool ValidBackupName(const std::string& naam) {
  if (naam.empty() || naam.size() > 100 || naam.front() == '.') return false;
  for (char c : naam) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  // "x.tmp" is where a backup named x is written.
  return !naam.ends_with(".tmp");
}

std::string DefaultBackupName(uint64_t position) {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  return std::string(stamp) + "-" + std::to_string(position);
}

Status BackupTargetIn(const std::string& backups_dir, const std::string& naam, std::string* target) {
  if (!ValidBackupName(naam)) {
    return Status::InvalidArgument(
        "backup: a name has letters, digits, '.', '_' and '-' only (not starting with '.', "
        "not ending in .tmp, at most 100)",
        "naam");
  }
  std::error_code ec;
  fs::create_directories(backups_dir, ec);
  if (ec) return Status::IOError("backup: cannot create " + backups_dir + ": " + ec.message());
  *target = (fs::path(backups_dir) / naam).string();
  return Status::Ok();
}

Status CheckBackupTarget(const std::string& target) {
  if (target.empty()) return Status::InvalidArgument("backup: no target directory given", "naar");
  const fs::path path = fs::absolute(fs::path(target)).lexically_normal();
  std::error_code ec;
  if (fs::exists(path, ec)) {
    return Status::InvalidArgument("backup: " + target + " already exists; a backup never overwrites one",
                                   "naar");
  }
  const fs::path parent = path.has_filename() ? path.parent_path() : path.parent_path().parent_path();
  if (!fs::is_directory(parent, ec)) {
    return Status::InvalidArgument(
        "backup: the directory " + parent.string() + " to hold " + target + " does not exist", "naar");
  }
  return Status::Ok();
}

Status BackupDataDirectory(const std::string& target, const std::vector<BackupPart>& parts,
                           const std::string& manifest) {
  if (Status s = CheckBackupTarget(target); !s.ok()) return s;
  const fs::path final_path = fs::absolute(fs::path(target)).lexically_normal();
  const fs::path tmp = final_path.string() + ".tmp";
  std::error_code ec;
  fs::remove_all(tmp, ec);  // an interrupted backup's leftovers: never a backup of its own
  if (ec) return Status::IOError("backup: cannot remove the leftover " + tmp.string() + ": " + ec.message());
  fs::create_directory(tmp, ec);
  if (ec) return Status::IOError("backup: cannot create " + tmp.string() + ": " + ec.message());
  auto fail = [&tmp](Status s) {
    std::error_code ignored;
    fs::remove_all(tmp, ignored);
    return s;
  };
  for (const BackupPart& part : parts) {
    if (Status s = part.backup((tmp / part.name).string()); !s.ok()) return fail(s);
  }
  {
    std::ofstream out(tmp / "BACKUP.txt");
    out << manifest;
    out.flush();
    if (!out) return fail(Status::IOError("backup: cannot write " + (tmp / "BACKUP.txt").string()));
  }
  SyncDirectory(tmp);
  // RENAME_NOREPLACE: a directory made at `target` meanwhile is never replaced.
  if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, final_path.c_str(), RENAME_NOREPLACE) != 0) {
    const int error = errno;
    return fail(error == EEXIST ? Status::InvalidArgument("backup: " + target + " already exists", "naar")
                                : Status::IOError("backup: cannot rename " + tmp.string() + " to " + target +
                                                  ": " + std::strerror(error)));
  }
  SyncDirectory(final_path.parent_path());
  return Status::Ok();
}

Status EstimateBackupBytes(const std::vector<std::string>& sources, const std::string& target_dir,
                           uint64_t* bytes) {
  struct stat target {};
  if (::stat(target_dir.c_str(), &target) != 0) {
    return Status::IOError("backup: cannot look at " + target_dir + ": " + std::strerror(errno));
  }
  uint64_t total = 0;
  for (const std::string& source : sources) {
    std::error_code ec;
    if (!fs::is_directory(source, ec)) continue;
    for (auto it = fs::recursive_directory_iterator(source, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      struct stat file {};
      if (!it->is_regular_file(ec) || ::stat(it->path().c_str(), &file) != 0) continue;
      const bool linked = file.st_dev == target.st_dev && it->path().extension() == ".sst";
      if (!linked) total += static_cast<uint64_t>(file.st_size);
    }
    if (ec) return Status::IOError("backup: cannot list " + source + ": " + ec.message());
  }
  *bytes = total;
  return Status::Ok();
}

Status CheckRoomForBackup(const std::string& target_dir, uint64_t needed, uint64_t margin) {
  struct statvfs room {};
  if (::statvfs(target_dir.c_str(), &room) != 0) {
    return Status::IOError("backup: cannot ask how much room " + target_dir +
                           " has: " + std::strerror(errno));
  }
  const uint64_t free_bytes = static_cast<uint64_t>(room.f_bavail) * room.f_frsize;
  const uint64_t wanted = needed > UINT64_MAX - margin ? UINT64_MAX : needed + margin;
  if (free_bytes >= wanted) return Status::Ok();
  auto mib = [](uint64_t n) { return std::to_string((n + (uint64_t{1} << 20) - 1) >> 20) + " MiB"; };
  return Status::Unavailable("backup geweigerd: in " + target_dir + " is " + mib(free_bytes) +
                             " vrij, de backup heeft ongeveer " + mib(needed) + " nodig en laat minstens " +
                             mib(margin) + " vrij; maak ruimte of kies een andere backups-map");
}

Status InUseWhenLocked(const Status& opened, const std::string& in_use) {
  if (opened.ok() || opened.message().find("lock") == std::string::npos) return opened;
  return Status::Unavailable("backup: " + in_use + " (" + opened.message() + ")");
}

Status OpenStoppedLog(const std::string& dir, const std::string& in_use, std::unique_ptr<EventLog>* log) {
  EventLogOptions options;
  options.create_if_missing = false;
  return InUseWhenLocked(EventLog::Open(dir, options, log), in_use);
}

}  // namespace regiotafel::eventstore
