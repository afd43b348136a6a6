#include "eventstore/internal/rocks.h"

#include <rocksdb/convenience.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>

#include <algorithm>
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

}  // namespace

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
