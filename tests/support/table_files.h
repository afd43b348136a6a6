// Files for the table and administratie tests: dates by their text, a file's bytes read and written,
// and a zip built entry by entry (libzip) for workbooks that libxlsxwriter would never write; and
// TempDir under the name they use.
#pragma once

#include <gtest/gtest.h>
#include <zip.h>

#include <fstream>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "services/table/table.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::table {

// The name the table and administratie tests know it by.
using ::regiotafel::testing::TempDir;

inline Cell Date(const char* text) { return Cell::Date(*ParseDate(text)); }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

// A zip of (name, content) entries, compressed.
inline bool WriteZip(const std::string& path,
                     const std::vector<std::pair<std::string, std::string>>& entries) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (archive == nullptr) return false;
  for (const auto& [name, content] : entries) {
    // libzip reads the buffer at zip_close; the strings outlive it.
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    if (source == nullptr || zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(source);
      zip_discard(archive);
      return false;
    }
  }
  return zip_close(archive) == 0;
}

}  // namespace regiotafel::table
