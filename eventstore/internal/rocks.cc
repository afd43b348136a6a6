#include "eventstore/internal/rocks.h"

#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <mutex>
#include <vector>

#include "base/bytes.h"

namespace regiotafel::eventstore::internal {
namespace {

rocksdb::CompressionType Pick(std::initializer_list<rocksdb::CompressionType> preferred) {
  const std::vector<rocksdb::CompressionType> supported = rocksdb::GetSupportedCompressions();
  for (rocksdb::CompressionType c : preferred) {
    if (std::find(supported.begin(), supported.end(), c) != supported.end()) return c;
  }
  return rocksdb::kNoCompression;
}

// Appends each line with one fwrite and fflush and forgets failures (EFBIG, ENOSPC): the line is lost,
// the process goes on.
class TolerantLogger : public rocksdb::Logger {
 public:
  explicit TolerantLogger(std::FILE* file)
      : rocksdb::Logger(rocksdb::InfoLogLevel::INFO_LEVEL), file_(file) {}
  ~TolerantLogger() override { std::fclose(file_); }
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char line[4096];
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    size_t n = std::strftime(line, sizeof line, "%Y/%m/%d-%H:%M:%S ", &utc);
    const int body = std::vsnprintf(line + n, sizeof line - n - 1, format, ap);
    if (body > 0) n = std::min(sizeof line - 2, n + static_cast<size_t>(body));
    line[n++] = '\n';
    std::lock_guard lock(mutex_);
    std::fwrite(line, 1, n, file_);
    std::fflush(file_);
    std::clearerr(file_);
  }

 private:
  std::FILE* const file_;
  std::mutex mutex_;
};

}  // namespace

void UseTolerantInfoLog(const std::string& dir, bool create, rocksdb::DBOptions* options) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    if (!create || !std::filesystem::create_directories(dir, ec)) return;
  }
  std::FILE* file = std::fopen((dir + "/LOG").c_str(), "ae");
  if (file == nullptr) return;  // RocksDB's own then
  options->info_log = std::make_shared<TolerantLogger>(file);
}

Status FromRocks(const rocksdb::Status& s, const std::string& what) {
  std::string message = "event log: " + what + ": " + s.ToString();
  if (s.IsNotFound()) return Status::NotFound(std::move(message));
  if (s.IsCorruption()) return Status::Corruption(std::move(message));
  return Status::IOError(std::move(message));
}

std::string PositionKey(uint64_t position) {
  std::string key;
  PutBigEndian64(&key, position);
  return key;
}

std::optional<uint64_t> DecodePosition(std::string_view value) {
  if (value.size() != 8) return std::nullopt;
  auto position = GetBigEndian64(value);
  if (!position || *position == 0) return std::nullopt;
  return position;
}

rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                           const FamilyShape& shape) {
  rocksdb::ColumnFamilyOptions o;
  o.write_buffer_size = shape.write_buffer;
  // LZ4 costs little CPU on the hot levels; what is only probed gets ZSTD's better ratio at the
  // bottom. What is read back whole on every replay is not compressed at all. Whatever this build
  // of RocksDB lacks falls back.
  o.compression =
      shape.scanned ? rocksdb::kNoCompression : Pick({rocksdb::kLZ4Compression, rocksdb::kSnappyCompression});
  o.bottommost_compression =
      shape.scanned ? o.compression
                    : Pick({rocksdb::kZSTD, rocksdb::kLZ4Compression, rocksdb::kSnappyCompression});
  o.level_compaction_dynamic_level_bytes = true;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = cache;
  table.block_size = shape.block_size;
  if (shape.point_lookups) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
    table.optimize_filters_for_memory = true;
    // The memtable too: a lookup that misses (nearly every append's) skips the memtable search.
    o.memtable_whole_key_filtering = true;
    o.memtable_prefix_bloom_size_ratio = 0.05;
  }
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return o;
}

}  // namespace regiotafel::eventstore::internal
