#include "base/key_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/bytes.h"

namespace regiotafel {

Status ReadKeyFile(const std::string& path, std::string* text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("key file " + path + " cannot be read");
  std::stringstream content;
  content << in.rdbuf();
  const std::string all = content.str();
  const size_t first = all.find_first_not_of(" \t\r\n");
  const size_t last = all.find_last_not_of(" \t\r\n");
  *text = first == std::string::npos ? "" : all.substr(first, last - first + 1);
  return Status::Ok();
}

Status WriteNewKeyFile(const std::string& path, const std::string& text) {
  const std::string line = text + "\n";
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  const bool written = write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  const bool synced = fsync(fd) == 0;
  close(fd);
  if (!written || !synced) return Status::IOError("cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

Status LoadSigningKeyFile(const std::string& path, std::optional<SigningKey>* out) {
  std::string hex;
  if (Status s = ReadKeyFile(path, &hex); !s.ok()) return s;
  std::optional<std::string> secret = FromHex(hex);
  *out = secret ? SigningKey::FromSecret(*secret) : std::nullopt;
  if (!*out) {
    return Status::InvalidArgument("key file " + path + " does not hold a 64-byte Ed25519 secret key in hex",
                                   "sleutel");
  }
  return Status::Ok();
}

Status WriteFileAtomically(const std::string& path, const std::string& text, mode_t mode) {
  const std::string temporary = path + ".tmp";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Status::IOError("cannot create " + temporary + ": " + std::strerror(errno));
  // An older temporary file keeps its mode through O_CREAT: set it before a byte is written.
  const bool written =
      fchmod(fd, mode) == 0 && write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) return Status::IOError("cannot write " + temporary + ": " + std::strerror(errno));
  std::error_code ec;
  std::filesystem::rename(temporary, path, ec);
  if (ec) return Status::IOError("cannot rename " + temporary + " to " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace regiotafel
