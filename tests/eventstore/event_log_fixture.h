// The event log tests' fixture: a fresh EventLog in a temporary directory, helpers to append and read,
// and its RocksDB opened directly (RawDb) to damage what is stored.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "eventstore/event_log.h"
#include "tests/support/log_entry.h"

namespace regiotafel::eventstore::testing {

// be64(position), as the records family and the index key positions.
inline std::string Key(uint64_t position) {
  std::string key;
  PutBigEndian64(&key, position);
  return key;
}

// The log's RocksDB opened directly, with every column family (names from docs/LOG_FORMAT.md), to
// damage what is stored the way a disk or a bug would.
class RawDb {
 public:
  explicit RawDb(const std::string& dir) {
    rocksdb::DBOptions options;
    std::vector<std::string> names;
    status_ = rocksdb::DB::ListColumnFamilies(options, dir, &names);
    if (!status_.ok()) return;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    status_ = rocksdb::DB::Open(options, dir, families, &handles, &raw);
    if (!status_.ok()) return;
    db_.reset(raw);
    for (size_t i = 0; i < names.size(); ++i) handles_[names[i]] = handles[i];
  }
  ~RawDb() {
    for (auto& [name, handle] : handles_) db_->DestroyColumnFamilyHandle(handle);
  }

  const rocksdb::Status& status() const { return status_; }
  rocksdb::ColumnFamilyHandle* family(const std::string& name) { return handles_.at(name); }
  std::string Get(const std::string& family_name, const std::string& key) {
    std::string value;
    status_ = db_->Get(rocksdb::ReadOptions(), family(family_name), key, &value);
    return value;
  }
  void Put(const std::string& family_name, const std::string& key, const std::string& value) {
    status_ = db_->Put(rocksdb::WriteOptions(), family(family_name), key, value);
  }
  void Delete(const std::string& family_name, const std::string& key) {
    status_ = db_->Delete(rocksdb::WriteOptions(), family(family_name), key);
  }
  // As a log of an earlier format, without that family.
  void DropFamily(const std::string& family_name) {
    rocksdb::ColumnFamilyHandle* handle = family(family_name);
    status_ = db_->DropColumnFamily(handle);
    if (!status_.ok()) return;
    db_->DestroyColumnFamilyHandle(handle);
    handles_.erase(family_name);
  }

 private:
  rocksdb::Status status_;
  std::unique_ptr<rocksdb::DB> db_;
  std::map<std::string, rocksdb::ColumnFamilyHandle*> handles_;
};

class EventLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty()) << "mkdtemp failed";
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  std::string Path(const std::string& name = "log") const { return dir_.Sub(name); }

  void Open(const std::string& name = "log") {
    log_.reset();
    Status s = EventLog::Open(Path(name), EventLogOptions(), &log_);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Appends `batch` to `log` (default: log_); the call itself must succeed.
  std::vector<AppendResult> Append(std::vector<AppendEntry> batch, EventLog* log = nullptr) {
    std::vector<AppendResult> results;
    Status s = (log != nullptr ? log : log_.get())->Append(std::move(batch), &results);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return results;
  }

  // Appends `n` events in batches of `batch_size` (streams dossier/V0..V2).
  void Fill(EventLog* log, int n, int batch_size) {
    for (int done = 0; done < n;) {
      std::vector<AppendEntry> batch;
      for (int i = 0; i < batch_size && done < n; ++i, ++done)
        batch.push_back(MakeEntry("V" + std::to_string(done % 3)));
      for (const AppendResult& r : Append(std::move(batch), log))
        EXPECT_TRUE(r.status.ok()) << r.status.ToString();
    }
  }

  static std::vector<v1::LogRecord> ReadAll(const EventLog& log) {
    std::vector<v1::LogRecord> records;
    Status s = log.Read(1, 1'000'000, &records);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return records;
  }

  // Damages the stored value of record `position` with `damage`, with the log closed meanwhile.
  template <typename Damage>
  void DamageRecord(uint64_t position, Damage damage) {
    log_.reset();
    {
      RawDb raw(Path());
      ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
      std::string value = raw.Get("records", Key(position));
      ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
      damage(&value);
      raw.Put("records", Key(position), value);
      ASSERT_TRUE(raw.status().ok()) << raw.status().ToString();
    }
    ASSERT_NO_FATAL_FAILURE(Open());
  }

  TempDir dir_;
  std::unique_ptr<EventLog> log_;
};

}  // namespace regiotafel::eventstore::testing
