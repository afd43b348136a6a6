// What the event log and its index share about RocksDB: key encodings, status mapping and the
// options of a column family. Internal to eventstore/.
#pragma once

#include <rocksdb/cache.h>
#include <rocksdb/env.h>
#include <rocksdb/options.h>
#include <rocksdb/slice.h>
#include <rocksdb/status.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace regiotafel::eventstore::internal {

inline rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// "event log: <what>: <RocksDB's reason>" as NotFound, Corruption or IOError.
Status FromRocks(const rocksdb::Status& s, const std::string& what);

// be64(position): positions as keys sort by number.
std::string PositionKey(uint64_t position);
// A position stored as a key or value: exactly 8 bytes, never 0.
std::optional<uint64_t> DecodePosition(std::string_view value);

struct FamilyShape {
  size_t write_buffer = size_t{32} << 20;
  size_t block_size = 4096;
  bool point_lookups = false;  // a bloom filter on keys, in the table files and the memtable
  bool scanned = false;        // read back whole and often: no compression at all
};
rocksdb::ColumnFamilyOptions FamilyOptions(const std::shared_ptr<rocksdb::Cache>& cache,
                                           const FamilyShape& shape);

// Sets options->info_log to RocksDB's info LOG in `dir` written so that a full disk only loses
// lines: RocksDB's own logger (7.8, built with its assertions on) aborts the process on the line
// after one that failed to be written. Nothing when `dir` does not exist and `create` is false.
void UseTolerantInfoLog(const std::string& dir, bool create, rocksdb::DBOptions* options);

}  // namespace regiotafel::eventstore::internal
