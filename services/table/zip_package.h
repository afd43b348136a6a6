// The zip container of an .xlsx file (libzip), read-only, its errors in Dutch: a file that is no zip,
// a zip cut short, a damaged part.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/status.h"

struct zip;

namespace regiotafel::table {

class ZipPackage {
 public:
  // A part larger than this unpacked is refused (a zip bomb, or no spreadsheet we make).
  static constexpr uint64_t kMaxPartSize = 1ull << 30;

  // NotFound when `path` does not exist; InvalidArgument when it is not a zip (empty, an old .xls,
  // other bytes); Corruption when it is a zip cut short or damaged; IOError when it cannot be read.
  static Status Open(const std::string& path, std::unique_ptr<ZipPackage>* package);
  ~ZipPackage();

  bool Has(const std::string& name) const;
  // The unpacked bytes of part `name` ("xl/workbook.xml"): NotFound, or Corruption when it is damaged.
  Status Read(const std::string& name, std::string* bytes) const;

  const std::string& path() const { return path_; }

 private:
  ZipPackage(std::string path, zip* archive) : path_(std::move(path)), archive_(archive) {}

  std::string path_;
  zip* archive_;
};

}  // namespace regiotafel::table
