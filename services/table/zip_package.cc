#include "services/table/zip_package.h"

#include <zip.h>

#include <cstring>
#include <fstream>

namespace regiotafel::table {
namespace {

// What the file starts with tells "not a zip" from "a zip cut short": libzip says NOZIP for both
// when the table of contents at the end is gone.
std::string FirstBytes(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(n, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(n));
  bytes.resize(static_cast<size_t>(in.gcount()));
  return bytes;
}

std::string ZipError(int code) {
  zip_error_t error;
  zip_error_init_with_code(&error, code);
  std::string text = zip_error_strerror(&error);
  zip_error_fini(&error);
  return text;
}

std::string ReadError(zip_error_t* error) {
  switch (zip_error_code_zip(error)) {
    case ZIP_ER_CRC:
      return "de controlesom klopt niet";
    case ZIP_ER_ZLIB:
    case ZIP_ER_COMPRESSED_DATA:
      return "de ingepakte gegevens zijn onleesbaar";
    case ZIP_ER_EOF:
      return "het bestand houdt te vroeg op";
    default:
      return zip_error_strerror(error);
  }
}

Status OpenError(const std::string& path, int code) {
  switch (code) {
    case ZIP_ER_NOENT:
      return Status::NotFound("het bestand " + path + " bestaat niet");
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
      return Status::IOError("kan " + path + " niet lezen: " + std::strerror(errno));
    case ZIP_ER_NOZIP: {
      const std::string start = FirstBytes(path, 4);
      if (start.empty()) return Status::InvalidArgument(path + " is leeg, geen Excel-bestand");
      if (start == "PK\x03\x04") {
        return Status::Corruption(path +
                                  " is afgebroken of beschadigd: het begint als zip-bestand, maar de "
                                  "inhoudsopgave aan het eind ontbreekt");
      }
      if (start == "\xD0\xCF\x11\xE0") {
        return Status::InvalidArgument(path +
                                       " is een oud Excel-bestand (.xls); sla het in Excel op als .xlsx");
      }
      return Status::InvalidArgument(path + " is geen Excel-bestand: een .xlsx is een zip-bestand, dit niet");
    }
    case ZIP_ER_INCONS:
    case ZIP_ER_EOF:
    case ZIP_ER_CRC:
      return Status::Corruption(path + " is afgebroken of beschadigd (" + ZipError(code) + ")");
    default:
      return Status::Corruption("kan " + path + " niet als zip-bestand openen: " + ZipError(code));
  }
}

}  // namespace

Status ZipPackage::Open(const std::string& path, std::unique_ptr<ZipPackage>* package) {
  int code = 0;
  // CHECKCONS: a table of contents that contradicts the entries is an error now, not a wrong read later.
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (archive == nullptr) return OpenError(path, code);
  package->reset(new ZipPackage(path, archive));
  return Status::Ok();
}

ZipPackage::~ZipPackage() { zip_discard(archive_); }

bool ZipPackage::Has(const std::string& name) const {
  return zip_name_locate(archive_, name.c_str(), 0) >= 0;
}

Status ZipPackage::Read(const std::string& name, std::string* bytes) const {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive_, name.c_str(), 0, &stat) != 0) {
    return Status::NotFound("onderdeel " + name + " ontbreekt in " + path_);
  }
  if (!(stat.valid & ZIP_STAT_SIZE))
    return Status::Corruption("onderdeel " + name + " van " + path_ + " heeft geen grootte");
  if (stat.size > kMaxPartSize) {
    return Status::InvalidArgument("onderdeel " + name + " van " + path_ + " is uitgepakt " +
                                   std::to_string(stat.size >> 20) + " MiB, meer dan de " +
                                   std::to_string(kMaxPartSize >> 20) + " MiB die we lezen");
  }
  zip_file_t* file = zip_fopen(archive_, name.c_str(), 0);
  if (file == nullptr) {
    return Status::Corruption("onderdeel " + name + " van " + path_ +
                              " kan niet worden geopend: " + zip_error_strerror(zip_get_error(archive_)));
  }
  bytes->assign(stat.size, '\0');
  const zip_int64_t n = zip_fread(file, bytes->data(), stat.size);
  // One more byte than the table of contents promised means it lied.
  char extra;
  const bool longer = n >= 0 && static_cast<zip_uint64_t>(n) == stat.size && zip_fread(file, &extra, 1) > 0;
  Status status;
  if (n < 0 || static_cast<zip_uint64_t>(n) != stat.size || longer) {
    const std::string reason = n < 0 ? ReadError(zip_file_get_error(file)) : "de lengte klopt niet";
    status =
        Status::Corruption("onderdeel " + name + " van " + path_ + " is beschadigd of afgebroken: " + reason);
  }
  zip_fclose(file);
  return status;
}

}  // namespace regiotafel::table
