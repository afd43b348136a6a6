#include "eventstore/log_copy.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <filesystem>

#include "eventstore/internal/rocks.h"

namespace regiotafel::eventstore {

using internal::FromRocks;
using internal::ToSlice;

namespace {

constexpr char kRecordsFamily[] = "records";
constexpr std::string_view kHeadKey = "head";

bool HoldsLog(const std::filesystem::path& dir) {
  std::vector<std::string> families;
  return rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir.string(), &families).ok() &&
         std::find(families.begin(), families.end(), kRecordsFamily) != families.end();
}

}  // namespace

struct LogCopy::Rocks {
  std::unique_ptr<rocksdb::DB> db;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;  // [0] default, [1] records
  ~Rocks() {
    for (rocksdb::ColumnFamilyHandle* handle : handles) db->DestroyColumnFamilyHandle(handle);
  }
};

Status LogCopy::Open(const std::string& dir, std::unique_ptr<LogCopy>* out) {
  namespace fs = std::filesystem;
  fs::path found;
  for (const fs::path& candidate : {fs::path(dir), fs::path(dir) / "replica", fs::path(dir) / "log"}) {
    if (HoldsLog(candidate)) {
      found = candidate;
      break;
    }
  }
  if (found.empty()) {
    return Status::InvalidArgument(dir + " holds no event log (looked in it, in replica/ and in log/)");
  }
  rocksdb::Options options;
  options.max_open_files = 256;
  std::vector<rocksdb::ColumnFamilyDescriptor> families = {
      {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
      {kRecordsFamily, rocksdb::ColumnFamilyOptions()}};
  auto rocks = std::make_unique<Rocks>();
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::OpenForReadOnly(options, found.string(), families, &rocks->handles, &raw);
  if (!s.ok()) return FromRocks(s, "opening " + found.string() + " to read");
  rocks->db.reset(raw);
  out->reset(new LogCopy(found.string(), std::move(rocks)));
  return Status::Ok();
}

LogCopy::LogCopy(std::string dir, std::unique_ptr<Rocks> rocks)
    : dir_(std::move(dir)), rocks_(std::move(rocks)) {}
LogCopy::~LogCopy() = default;

Status LogCopy::ClaimedHead(LogHead* out) const {
  std::string value;
  rocksdb::Status s = rocks_->db->Get(rocksdb::ReadOptions(), rocks_->handles[0], ToSlice(kHeadKey), &value);
  if (s.IsNotFound()) {
    *out = LogHead{};
    return Status::Ok();
  }
  if (!s.ok()) return FromRocks(s, "reading the head");
  std::optional<uint64_t> position = internal::DecodePosition(std::string_view(value).substr(0, 8));
  if (value.size() != 8 + 32 || !position) {
    return Status::Corruption("event log: the head is not a position and a hash (" +
                              std::to_string(value.size()) + " bytes)");
  }
  *out = LogHead{.position = *position, .hash = value.substr(8)};
  return Status::Ok();
}

Status LogCopy::Scan(uint64_t from,
                     const std::function<bool(std::string_view key, std::string_view value)>& visit) const {
  rocksdb::ReadOptions options;
  options.fill_cache = false;  // read once, front to back
  options.readahead_size = size_t{2} << 20;
  std::unique_ptr<rocksdb::Iterator> it(rocks_->db->NewIterator(options, rocks_->handles[1]));
  for (it->Seek(internal::PositionKey(from)); it->Valid(); it->Next()) {
    if (!visit(std::string_view(it->key().data(), it->key().size()),
               std::string_view(it->value().data(), it->value().size()))) {
      break;
    }
  }
  return it->status().ok() ? Status::Ok() : FromRocks(it->status(), "reading " + dir_);
}

}  // namespace regiotafel::eventstore
