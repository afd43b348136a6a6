#include "services/table/table_file.h"

#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "services/table/csv.h"
#include "services/table/xlsx.h"

namespace regiotafel::table {
namespace {

namespace fs = std::filesystem;

Status SyncFile(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0 || fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) close(fd);
    return Status::IOError("kan " + path + " niet naar de schijf schrijven: " + std::strerror(error));
  }
  close(fd);
  return Status::Ok();
}

bool EndsWith(const std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[text.size() - suffix.size() + i])) != suffix[i])
      return false;
  }
  return true;
}

Status WriteCsvFile(const Table& table, const std::string& path) {
  return WriteFileAtomically(path, [&](const std::string& temp) {
    std::ofstream file(temp, std::ios::binary | std::ios::trunc);
    Status status = WriteCsv(table, file);
    file.close();
    if (status.ok() && !file) status = Status::IOError("kan " + path + " niet schrijven: de schijf is vol?");
    return status;
  });
}

}  // namespace

Status WriteFileAtomically(const std::string& path,
                           const std::function<Status(const std::string& temp)>& write) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::IOError("kan " + path + " niet schrijven: de map " + dir.string() + " bestaat niet");
  }
  if (fs::is_directory(target, ec)) return Status::IOError("kan " + path + " niet schrijven: dat is een map");

  // A name of our own beside the target, so the rename at the end stays on one file system; mkstemp
  // makes it 0600.
  // (Built by append: GCC 12 at -O3 takes `"." + name` for an overlapping memcpy, -Wrestrict.)
  std::string name = ".";
  name.append(target.filename().string()).append(".XXXXXX");
  std::string temp = (dir / name).string();
  const int fd = mkstemp(temp.data());
  if (fd < 0) {
    return Status::IOError("kan geen tijdelijk bestand maken in de map " + dir.string() + ": " +
                           std::strerror(errno));
  }
  close(fd);
  Status status = write(temp);
  if (status.ok()) status = SyncFile(temp);
  if (status.ok() && std::rename(temp.c_str(), path.c_str()) != 0) {
    status = Status::IOError("kan " + path + " niet op zijn plaats zetten: " + std::strerror(errno));
  }
  if (!status.ok()) {
    unlink(temp.c_str());
    return status;
  }
  // The rename itself survives a crash only once the directory is on disk.
  return SyncFile(dir.string());
}

bool IsTablesFileName(const std::string& path) { return EndsWith(path, ".xlsx") || EndsWith(path, ".csv"); }

Status WriteTablesFile(const std::vector<Table>& tables, const std::string& path) {
  if (EndsWith(path, ".xlsx")) return WriteXlsx(tables, path);
  if (!EndsWith(path, ".csv")) {
    return Status::InvalidArgument(path + ": kies een bestand dat eindigt op .xlsx (Excel) of .csv");
  }
  if (tables.empty()) return Status::InvalidArgument("er is geen tabel om te schrijven");
  return WriteCsvFile(tables.front(), path);
}

}  // namespace regiotafel::table
