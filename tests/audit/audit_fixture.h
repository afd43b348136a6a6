// The auditor tests' fixture: a log of a region signed by its origins' own keys (SignedLog), its
// records opened with RocksDB to damage a copy (RawRecords), and AuditTest, which verifies copies.
#pragma once

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/batch_signature.h"
#include "base/bytes.h"
#include "base/signing.h"
#include "base/uuid.h"
#include "contract/streams.h"
#include "eventstore/event_log.h"
#include "eventstore/log_copy.h"
#include "services/audit/verify.h"
#include "services/config/trust.h"
#include "tests/support/log_entry.h"
#include "tests/support/test_replica.h"

namespace regiotafel::audit_testing {

// A log whose envelopes are signed by their origins' own keys: the first half one by one, the rest
// in batches of 10 as a node's sender signs them (base/batch_signature.h).
class SignedLog {
 public:
  explicit SignedLog(const std::string& dir) : dir_(dir) {
    Status s = eventstore::EventLog::Open(dir, eventstore::EventLogOptions{.sync = false}, &log_);
    EXPECT_TRUE(s.ok()) << s.ToString();
  }

  // Appends `envelopes`; the one at `forged_index` (if any) signed with a key nobody trusts.
  void Append(std::vector<v1::Envelope> envelopes, std::optional<size_t> forged_index = std::nullopt) {
    std::vector<std::string> bytes, signatures;
    for (v1::Envelope& e : envelopes) {
      e.set_event_id(NewUuid());
      e.set_stream(contract::StreamOf(e));
      e.set_origin_seq(++origin_seq_[e.origin()]);
      e.mutable_occurred_at()->set_seconds(1'767'225'600);
      bytes.push_back(e.SerializeAsString());
      signatures.push_back(Key(e.origin()).Sign(bytes.back()));
    }
    for (size_t first = bytes.size() / 2; first < bytes.size(); first += 10) {
      const size_t n = std::min<size_t>(10, bytes.size() - first);
      if (envelopes[first].origin() != envelopes[first + n - 1].origin()) continue;  // one origin a batch
      bool one_origin = true;
      for (size_t i = first; i < first + n; ++i)
        one_origin &= envelopes[i].origin() == envelopes[first].origin();
      if (!one_origin) continue;
      std::vector<std::string_view> batch(bytes.begin() + first, bytes.begin() + first + n);
      std::vector<std::string> proofs = SignBatch(Key(envelopes[first].origin()), batch);
      for (size_t i = 0; i < n; ++i) signatures[first + i] = proofs[i];
    }
    if (forged_index) signatures[*forged_index] = SigningKey::Generate().Sign(bytes[*forged_index]);
    std::vector<eventstore::AppendEntry> entries(bytes.size());
    for (size_t i = 0; i < bytes.size(); ++i) {
      Status s = eventstore::AppendEntry::FromSigned(bytes[i], signatures[i], &entries[i]);
      ASSERT_TRUE(s.ok()) << s.ToString();
    }
    std::vector<eventstore::AppendResult> results;
    ASSERT_TRUE(log_->Append(std::move(entries), &results).ok());
  }

  config::TrustMap Trust() const {
    config::TrustMap trust;
    for (const auto& [origin, key] : keys_) trust[origin].sleutels.push_back({.ed25519 = key.public_key()});
    return trust;
  }
  uint64_t head() const { return log_->Head().position; }
  void Close() { log_.reset(); }

 private:
  const SigningKey& Key(const std::string& origin) {
    return keys_.try_emplace(origin, SigningKey::Generate()).first->second;
  }

  std::string dir_;
  std::unique_ptr<eventstore::EventLog> log_;
  std::map<std::string, uint64_t> origin_seq_;
  std::map<std::string, SigningKey> keys_;
};

// The records family of a log copy, opened with RocksDB itself: what someone who rewrites a copy
// behind the log's back would do.
class RawRecords {
 public:
  explicit RawRecords(const std::string& dir) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {
        {rocksdb::kDefaultColumnFamilyName, rocksdb::ColumnFamilyOptions()},
        {"records", rocksdb::ColumnFamilyOptions()},
        {"parts", rocksdb::ColumnFamilyOptions()}};  // unused here, but RocksDB opens every family or none
    rocksdb::DB* raw = nullptr;
    rocksdb::Status s = rocksdb::DB::Open(rocksdb::Options(), dir, families, &handles_, &raw);
    EXPECT_TRUE(s.ok()) << s.ToString();
    db_.reset(raw);
  }
  ~RawRecords() {
    for (auto* handle : handles_) db_->DestroyColumnFamilyHandle(handle);
  }

  std::string Get(uint64_t position) {
    std::string value;
    EXPECT_TRUE(db_->Get(rocksdb::ReadOptions(), handles_[1], Key(position), &value).ok());
    return value;
  }
  void Put(uint64_t position, const std::string& value) {
    EXPECT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[1], Key(position), value).ok());
  }
  void Delete(uint64_t position) {
    EXPECT_TRUE(db_->Delete(rocksdb::WriteOptions(), handles_[1], Key(position)).ok());
  }
  // The head the log claims (docs/LOG_FORMAT.md: be64(position) ‖ hash).
  void PutHead(uint64_t position, const std::string& hash) {
    EXPECT_TRUE(db_->Put(rocksdb::WriteOptions(), handles_[0], "head", Key(position) + hash).ok());
  }

 private:
  static std::string Key(uint64_t position) {
    std::string key;
    PutBigEndian64(&key, position);
    return key;
  }
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
};

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    SignedLog log(dir_.Sub("log"));
    log.Append(views_testing::Region(12));
    head_ = log.head();
    trust_ = log.Trust();
    log.Close();
    ASSERT_GT(head_, 60u);
  }

  // A copy of the log to damage.
  std::string Copy(const std::string& name) {
    const std::string copy = dir_.Sub(name);
    std::filesystem::copy(dir_.Sub("log"), copy, std::filesystem::copy_options::recursive);
    return copy;
  }

  audit::VerifyResult Verify(const std::string& dir, const config::TrustMap* trust) {
    std::unique_ptr<eventstore::LogCopy> copy;
    Status s = eventstore::LogCopy::Open(dir, &copy);
    EXPECT_TRUE(s.ok()) << s.ToString();
    audit::VerifyResult result;
    if (copy) {
      EXPECT_TRUE(audit::VerifyLog(*copy, {.trust = trust}, &result).ok());
    }
    return result;
  }

  // The first finding in a copy damaged by `damage`, which gets the copy's raw records.
  audit::Bevinding FindingAfter(const std::string& name, const std::function<void(RawRecords&)>& damage) {
    const std::string copy = Copy(name);
    {
      RawRecords raw(copy);
      damage(raw);
    }
    audit::VerifyResult result = Verify(copy, &trust_);
    EXPECT_TRUE(result.bevinding.has_value());
    return result.bevinding.value_or(audit::Bevinding{});
  }

  eventstore::testing::TempDir dir_;
  uint64_t head_ = 0;
  config::TrustMap trust_;
};

}  // namespace regiotafel::audit_testing
