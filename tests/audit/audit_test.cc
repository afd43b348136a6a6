// The auditor (services/audit) on real logs in temporary directories: an intact log verifies; a
// flipped byte, a dropped record, two swapped records, a signature by the wrong key and a forged
// checkpoint are each found at their position; proofs made from a log check, and damaged ones do
// not; a replay at positie N equals what a node's ViewHost served when its log held N records.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "base/batch_signature.h"
#include "base/bytes.h"
#include "base/merkle.h"
#include "base/signing.h"
#include "contract/json.h"
#include "eventstore/checkpoint.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/log_copy.h"
#include "services/audit/checkpoints.h"
#include "services/audit/diff.h"
#include "services/audit/fetched_log.h"
#include "services/audit/proofs.h"
#include "services/audit/replay.h"
#include "services/audit/verify.h"
#include "services/bus/bus.h"
#include "services/node/views/view_host.h"
#include "services/table/view_table.h"
#include "services/table/xlsx_reader.h"
#include "tests/support/log_entry.h"
#include "tests/support/process.h"
#include "tests/support/test_replica.h"

namespace regiotafel::audit {
namespace {

namespace fs = std::filesystem;
using eventstore::testing::TempDir;
using Clock = std::chrono::steady_clock;

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

  bus::TrustMap Trust() const {
    bus::TrustMap trust;
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
        {"records", rocksdb::ColumnFamilyOptions()}};
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
    fs::copy(dir_.Sub("log"), copy, fs::copy_options::recursive);
    return copy;
  }

  VerifyResult Verify(const std::string& dir, const bus::TrustMap* trust) {
    std::unique_ptr<eventstore::LogCopy> copy;
    Status s = eventstore::LogCopy::Open(dir, &copy);
    EXPECT_TRUE(s.ok()) << s.ToString();
    VerifyResult result;
    if (copy) {
      EXPECT_TRUE(VerifyLog(*copy, {.trust = trust}, &result).ok());
    }
    return result;
  }

  // The first finding in a copy damaged by `damage`, which gets the copy's raw records.
  Bevinding FindingAfter(const std::string& name, const std::function<void(RawRecords&)>& damage) {
    const std::string copy = Copy(name);
    {
      RawRecords raw(copy);
      damage(raw);
    }
    VerifyResult result = Verify(copy, &trust_);
    EXPECT_TRUE(result.bevinding.has_value());
    return result.bevinding.value_or(Bevinding{});
  }

  TempDir dir_;
  uint64_t head_ = 0;
  bus::TrustMap trust_;
};

TEST_F(AuditTest, AnIntactLogVerifiesWithEverySignature) {
  VerifyResult result = Verify(dir_.Sub("log"), &trust_);
  EXPECT_FALSE(result.bevinding.has_value()) << result.bevinding->positie << ": " << result.bevinding->reden;
  EXPECT_EQ(result.records, head_);
  EXPECT_EQ(result.leaves.size(), head_ * merkle::kHashSize);
}

TEST_F(AuditTest, AFlippedByteIsFoundAtItsPosition) {
  for (uint64_t p : {uint64_t{1}, head_ / 2, head_}) {
    for (size_t at : {size_t{3}, size_t{40}}) {  // in the envelope, further into the record
      Bevinding b =
          FindingAfter("flip-" + std::to_string(p) + "-" + std::to_string(at), [&](RawRecords& raw) {
            std::string value = raw.Get(p);
            value[at % value.size()] ^= 0x01;
            raw.Put(p, value);
          });
      EXPECT_EQ(b.positie, p) << b.reden;
    }
  }
}

TEST_F(AuditTest, ADroppedRecordIsFoundAtItsPosition) {
  Bevinding middle = FindingAfter("drop-middle", [&](RawRecords& raw) { raw.Delete(head_ / 2); });
  EXPECT_EQ(middle.positie, head_ / 2);
  EXPECT_NE(middle.reden.find("ontbreekt"), std::string::npos) << middle.reden;
  Bevinding last = FindingAfter("drop-last", [&](RawRecords& raw) { raw.Delete(head_); });
  EXPECT_EQ(last.positie, head_) << last.reden;
}

TEST_F(AuditTest, TwoSwappedRecordsAreFoundAtTheFirst) {
  const uint64_t p = 10, q = 20;
  Bevinding b = FindingAfter("swap", [&](RawRecords& raw) {
    const std::string a = raw.Get(p), c = raw.Get(q);
    raw.Put(p, c);
    raw.Put(q, a);
  });
  EXPECT_EQ(b.positie, p);
  EXPECT_NE(b.reden.find("verplaatst"), std::string::npos) << b.reden;
}

// A bus that drops record 30 and renumbers and rehashes everything after it, head included, leaves
// a log whose chain and signatures hold: only another copy or a checkpoint it signed before show it.
TEST_F(AuditTest, AConsistentlyRewrittenLogIsCaughtByADiffAndByACheckpoint) {
  const std::string copy = Copy("rewritten");
  {
    RawRecords raw(copy);
    v1::LogRecord previous;
    ASSERT_TRUE(previous.ParseFromString(raw.Get(29)));
    for (uint64_t p = 31; p <= head_; ++p) {
      v1::LogRecord r;
      ASSERT_TRUE(r.ParseFromString(raw.Get(p)));
      r.set_position(p - 1);
      r.set_hash(eventstore::RecordHash(previous.hash(), r));
      raw.Put(p - 1, r.SerializeAsString());
      previous = r;
    }
    raw.Delete(head_);
    raw.PutHead(head_ - 1, previous.hash());
  }
  VerifyResult rewritten_result = Verify(copy, &trust_);
  EXPECT_FALSE(rewritten_result.bevinding.has_value()) << rewritten_result.bevinding->reden;

  std::unique_ptr<eventstore::LogCopy> original, rewritten;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("log"), &original).ok());
  ASSERT_TRUE(eventstore::LogCopy::Open(copy, &rewritten).ok());
  Verschil verschil;
  ASSERT_TRUE(DiffLogs(*original, *rewritten, &verschil).ok());
  EXPECT_EQ(verschil.eerste_verschil, 30u);
  EXPECT_EQ(verschil.gelijk_tot, 29u);

  // A checkpoint the bus signed at 40 before it rewrote: the rewritten log has another root there.
  const SigningKey bus = SigningKey::Generate();
  const merkle::Tree before = merkle::Tree::FromConcatenated(Verify(dir_.Sub("log"), &trust_).leaves);
  const merkle::Tree after = merkle::Tree::FromConcatenated(rewritten_result.leaves);
  const v1::Checkpoint at_40 = eventstore::SignCheckpoint(bus, 40, before.RootAt(40), {});
  EXPECT_EQ(CheckCheckpoint(at_40, 40, before.RootAt(40), bus.public_key()), std::nullopt);
  EXPECT_NE(CheckCheckpoint(at_40, 40, after.RootAt(40), bus.public_key()), std::nullopt);
  // One signed at 20, before the rewritten part, still holds.
  const v1::Checkpoint at_20 = eventstore::SignCheckpoint(bus, 20, before.RootAt(20), {});
  EXPECT_EQ(CheckCheckpoint(at_20, 20, after.RootAt(20), bus.public_key()), std::nullopt);
}

TEST_F(AuditTest, ASignatureByAnUntrustedKeyIsFoundOnlyWithTheTrustFile) {
  SignedLog log(dir_.Sub("forged"));
  std::vector<v1::Envelope> region = views_testing::Region(3);
  log.Append(region, /*forged_index=*/5);
  const bus::TrustMap trust = log.Trust();
  log.Close();
  VerifyResult with_trust = Verify(dir_.Sub("forged"), &trust);
  ASSERT_TRUE(with_trust.bevinding.has_value());
  EXPECT_EQ(with_trust.bevinding->positie, 6u);
  EXPECT_NE(with_trust.bevinding->reden.find("handtekening"), std::string::npos)
      << with_trust.bevinding->reden;
  EXPECT_FALSE(Verify(dir_.Sub("forged"), nullptr).bevinding.has_value());
}

TEST_F(AuditTest, EveryRecordHasAnInclusionProofAndADamagedProofFails) {
  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("log"), &copy).ok());
  VerifyResult verified = Verify(dir_.Sub("log"), &trust_);
  const merkle::Tree tree = merkle::Tree::FromConcatenated(verified.leaves);
  for (uint64_t grootte : {head_ / 3, head_}) {
    for (uint64_t p = 1; p <= grootte; ++p) {
      v1::InclusionProof proof;
      ASSERT_TRUE(ProveInclusion(*copy, tree, p, grootte, &proof).ok());
      EXPECT_EQ(CheckInclusion(proof, std::nullopt), std::nullopt) << p << " of " << grootte;
    }
  }
  v1::InclusionProof proof;
  ASSERT_TRUE(ProveInclusion(*copy, tree, 7, head_, &proof).ok());
  v1::InclusionProof changed = proof;
  changed.mutable_record()->mutable_envelope()->back() ^= 1;
  EXPECT_NE(CheckInclusion(changed, std::nullopt), std::nullopt);
  changed = proof;
  changed.mutable_pad(0)->front() ^= 1;
  EXPECT_NE(CheckInclusion(changed, std::nullopt), std::nullopt);
  changed = proof;
  changed.set_grootte(4);  // a path of another height
  EXPECT_NE(CheckInclusion(changed, std::nullopt), std::nullopt);
  EXPECT_FALSE(ProveInclusion(*copy, tree, head_ + 1, head_, &proof).ok());
}

TEST_F(AuditTest, ConsistencyProofsBetweenEverySizeOfTheLog) {
  VerifyResult verified = Verify(dir_.Sub("log"), &trust_);
  const merkle::Tree tree = merkle::Tree::FromConcatenated(verified.leaves);
  for (uint64_t oud = 1; oud <= head_; ++oud) {
    for (uint64_t nieuw = oud; nieuw <= head_; ++nieuw) {
      v1::ConsistencyProof proof;
      ASSERT_TRUE(ProveConsistency(tree, oud, nieuw, &proof).ok());
      ASSERT_EQ(CheckConsistency(proof, std::nullopt), std::nullopt) << oud << " → " << nieuw;
      if (oud < nieuw && (oud + nieuw) % 7 == 0) {
        proof.set_oude_root(tree.RootAt(oud == 1 ? 2 : oud - 1));
        EXPECT_NE(CheckConsistency(proof, std::nullopt), std::nullopt) << oud << " → " << nieuw;
      }
    }
  }
}

TEST_F(AuditTest, CheckpointsSignedByTheBusHoldAndForgedOnesDoNot) {
  VerifyResult verified = Verify(dir_.Sub("log"), &trust_);
  const merkle::Tree tree = merkle::Tree::FromConcatenated(verified.leaves);
  const SigningKey bus = SigningKey::Generate();
  google::protobuf::Timestamp tijd;
  tijd.set_seconds(1'767'225'600);
  const uint64_t size = head_ / 2;
  const v1::Checkpoint good = eventstore::SignCheckpoint(bus, size, tree.RootAt(size), tijd);
  EXPECT_EQ(CheckCheckpoint(good, size, tree.RootAt(size), bus.public_key()), std::nullopt);
  // Signed by someone else; a root the log does not have; a size it was not signed for; a time changed.
  const v1::Checkpoint other_key =
      eventstore::SignCheckpoint(SigningKey::Generate(), size, tree.RootAt(size), tijd);
  EXPECT_NE(CheckCheckpoint(other_key, size, tree.RootAt(size), bus.public_key()), std::nullopt);
  const v1::Checkpoint other_root = eventstore::SignCheckpoint(bus, size, tree.RootAt(size + 1), tijd);
  EXPECT_NE(CheckCheckpoint(other_root, size, tree.RootAt(size), bus.public_key()), std::nullopt);
  EXPECT_NE(CheckCheckpoint(good, size + 1, tree.RootAt(size + 1), bus.public_key()), std::nullopt);
  v1::Checkpoint later = good;
  later.mutable_tijd()->set_seconds(later.tijd().seconds() + 1);
  EXPECT_NE(CheckCheckpoint(later, size, tree.RootAt(size), bus.public_key()), std::nullopt);
}

// The checkpoints other nodes kept, against a copy: all hold on the true log; on a log rewritten at
// 30 the first one past 30 names the stretch; one signed by another key is named as forged.
TEST_F(AuditTest, CheckpointsFromOtherNodesCatchARewriteAndAForgery) {
  const merkle::Tree tree = merkle::Tree::FromConcatenated(Verify(dir_.Sub("log"), &trust_).leaves);
  const SigningKey bus = SigningKey::Generate();
  auto store_with = [&](const std::string& name, const std::vector<v1::Checkpoint>& checkpoints) {
    std::unique_ptr<eventstore::CheckpointStore> store;
    fs::create_directories(dir_.Sub(name));
    Status opened = eventstore::CheckpointStore::Open(dir_.Sub(name + "/checkpoints"), &store);
    EXPECT_TRUE(opened.ok()) << opened.ToString();
    if (!store) return dir_.Sub(name);
    for (const v1::Checkpoint& c : checkpoints) EXPECT_TRUE(store->Add(c).ok());
    return dir_.Sub(name);
  };
  auto signed_at = [&](uint64_t positie, const SigningKey& key = SigningKey::Generate(), bool by_bus = true) {
    return eventstore::SignCheckpoint(by_bus ? bus : key, positie, tree.RootAt(positie), {});
  };
  const std::string node_a = store_with("node-a", {signed_at(10), signed_at(25)});
  const std::string node_b = store_with("node-b", {signed_at(40), signed_at(head_)});
  const std::string ahead =
      store_with("node-ahead", {eventstore::SignCheckpoint(bus, head_ + 5, std::string(32, 'x'), {})});

  CheckpointVerdict verdict;
  ASSERT_TRUE(CheckCheckpoints(tree, {node_a, node_b, ahead}, bus.public_key(), &verdict).ok());
  EXPECT_FALSE(verdict.bevinding.has_value()) << verdict.bevinding->reden;
  EXPECT_EQ(verdict.gecontroleerd, 4u);
  EXPECT_EQ(verdict.voorbij, 1u);
  EXPECT_EQ(verdict.hoogste, head_);

  // The log as a bus that changed record 30 and rehashed the rest would show it.
  std::string leaves = Verify(dir_.Sub("log"), &trust_).leaves;
  leaves[29 * merkle::kHashSize] ^= 1;
  const merkle::Tree rewritten = merkle::Tree::FromConcatenated(leaves);
  ASSERT_TRUE(CheckCheckpoints(rewritten, {node_a, node_b}, bus.public_key(), &verdict).ok());
  ASSERT_TRUE(verdict.bevinding.has_value());
  EXPECT_EQ(verdict.bevinding->positie, 26u);  // after the last checkpoint that holds (25), up to 40
  EXPECT_NE(verdict.bevinding->reden.find("positie 40"), std::string::npos) << verdict.bevinding->reden;

  const std::string forger = store_with("forger", {signed_at(20, SigningKey::Generate(), /*by_bus=*/false)});
  ASSERT_TRUE(CheckCheckpoints(tree, {node_a, forger}, bus.public_key(), &verdict).ok());
  ASSERT_TRUE(verdict.bevinding.has_value());
  EXPECT_EQ(verdict.bevinding->positie, 20u);
  EXPECT_NE(verdict.bevinding->reden.find("vervalst"), std::string::npos) << verdict.bevinding->reden;
  // Without the bus's key the forger's root, which is the log's, is not caught: the key is what proves it.
  ASSERT_TRUE(CheckCheckpoints(tree, {forger}, std::nullopt, &verdict).ok());
  EXPECT_FALSE(verdict.bevinding.has_value());

  EXPECT_FALSE(CheckCheckpoints(tree, {dir_.Sub("nowhere")}, bus.public_key(), &verdict).ok());
}

TEST_F(AuditTest, AShorterCopyIsBehindNotDifferent) {
  SignedLog longer(dir_.Sub("a"));
  std::vector<v1::Envelope> region = views_testing::Region(4);
  longer.Append(region);
  longer.Close();
  fs::copy(dir_.Sub("a"), dir_.Sub("b"), fs::copy_options::recursive);
  {
    RawRecords raw(dir_.Sub("b"));
    for (uint64_t p = 20; p <= region.size(); ++p) raw.Delete(p);
  }
  std::unique_ptr<eventstore::LogCopy> a, b;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("a"), &a).ok());
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("b"), &b).ok());
  Verschil verschil;
  ASSERT_TRUE(DiffLogs(*a, *b, &verschil).ok());
  EXPECT_EQ(verschil.eerste_verschil, 0u);
  EXPECT_EQ(verschil.gelijk_tot, 19u);
  EXPECT_EQ(verschil.lengte_a, region.size());
  EXPECT_EQ(verschil.lengte_b, 19u);
}

// The same log served by a running bus over its fetch endpoint verifies as the copy on disk does,
// record for record, and a bus that does not answer is named, not waited for forever.
TEST_F(AuditTest, ABusLogVerifiesOverItsFetchEndpoint) {
  fs::create_directories(dir_.Sub("bus"));
  fs::copy(dir_.Sub("log"), dir_.Sub("bus/log"), fs::copy_options::recursive);
  zmq::context_t context;
  bus::BusConfig config;
  config.data_dir = dir_.Sub("bus");
  config.submit = config.publish = config.fetch = "tcp://127.0.0.1:*";
  std::unique_ptr<bus::Bus> running;
  ASSERT_TRUE(bus::Bus::Open(context, config, &running).ok());
  Status run_status;
  std::thread thread([&] { run_status = running->Run(); });

  std::unique_ptr<FetchedLog> fetched;
  Status opened = FetchedLog::Open(running->fetch_endpoint(), {}, std::chrono::seconds(20), &fetched);
  ASSERT_TRUE(opened.ok()) << opened.ToString();
  VerifyResult over_the_wire;
  ASSERT_TRUE(VerifyLog(*fetched, {.trust = &trust_}, &over_the_wire).ok());
  EXPECT_FALSE(over_the_wire.bevinding.has_value()) << over_the_wire.bevinding->reden;
  EXPECT_EQ(over_the_wire.records, head_);
  EXPECT_EQ(over_the_wire.leaves, Verify(dir_.Sub("log"), &trust_).leaves);
  running->Stop();
  thread.join();
  EXPECT_TRUE(run_status.ok()) << run_status.ToString();

  // Nobody listens there any more.
  std::unique_ptr<FetchedLog> gone;
  Status s = FetchedLog::Open(running->fetch_endpoint(), {}, std::chrono::milliseconds(300), &gone);
  EXPECT_TRUE(s.IsUnavailable()) << s.ToString();
}

// regiotafel-audit as the auditor runs it: 0 for an intact copy, 1 and the position for a damaged
// one, a proof that checks, 2 for a directory without a log.
TEST_F(AuditTest, TheToolAnswersWithItsExitStatus) {
  const std::string trust_file = dir_.Sub("trust.toml");
  {
    std::ofstream out(trust_file);
    for (const auto& [origin, org] : trust_) {
      out << "[organisaties.\"" << origin << "\"]\ned25519 = \"" << ToHex(org.sleutels[0].ed25519) << "\"\n";
    }
  }
  using regiotafel::testing::RunToEnd;
  const std::string out = dir_.Sub("out.txt");
  testing::CommandRun intact =
      RunToEnd({AUDIT_BINARY, "verify", dir_.Sub("log"), "--trust", trust_file}, out);
  EXPECT_EQ(intact.exit_code, 0) << intact.output;
  EXPECT_NE(intact.output.find("in orde"), std::string::npos) << intact.output;

  const std::string copy = Copy("tool-flip");
  {
    RawRecords raw(copy);
    std::string value = raw.Get(17);
    value[20] ^= 0x40;
    raw.Put(17, value);
  }
  testing::CommandRun damaged =
      RunToEnd({AUDIT_BINARY, "verify", copy, "--trust", trust_file}, dir_.Sub("out2.txt"));
  EXPECT_EQ(damaged.exit_code, 1) << damaged.output;
  EXPECT_NE(damaged.output.find("NIET IN ORDE op positie 17"), std::string::npos) << damaged.output;

  const std::string proof = dir_.Sub("bewijs.json");
  testing::CommandRun proved = RunToEnd(
      {AUDIT_BINARY, "prove", dir_.Sub("log"), "--positie", "5", "--out", proof}, dir_.Sub("out3.txt"));
  ASSERT_EQ(proved.exit_code, 0) << proved.output;
  testing::CommandRun checked = RunToEnd({AUDIT_BINARY, "check", proof}, dir_.Sub("out4.txt"));
  EXPECT_EQ(checked.exit_code, 0) << checked.output;
  testing::CommandRun not_a_proof = RunToEnd({AUDIT_BINARY, "check", trust_file}, dir_.Sub("out5.txt"));
  EXPECT_EQ(not_a_proof.exit_code, 2) << not_a_proof.output;

  fs::create_directories(dir_.Sub("leeg"));
  testing::CommandRun no_log = RunToEnd({AUDIT_BINARY, "verify", dir_.Sub("leeg")}, dir_.Sub("out6.txt"));
  EXPECT_EQ(no_log.exit_code, 2) << no_log.output;
  EXPECT_NE(no_log.output.find("holds no event log"), std::string::npos) << no_log.output;

  testing::CommandRun differs = RunToEnd({AUDIT_BINARY, "diff", dir_.Sub("log"), copy}, dir_.Sub("out7.txt"));
  EXPECT_EQ(differs.exit_code, 1) << differs.output;
  EXPECT_NE(differs.output.find("positie 17"), std::string::npos) << differs.output;
}

// "What was known then": the records the bus had recorded by a moment, however they are grouped.
TEST_F(AuditTest, ReplayBekendOpTakesWhatWasRecordedByThatMoment) {
  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("log"), &copy).ok());
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(copy->Scan(1,
                         [&](std::string_view, std::string_view value) {
                           records.emplace_back().ParseFromArray(value.data(),
                                                                 static_cast<int>(value.size()));
                           return true;
                         })
                  .ok());
  for (uint64_t k : {uint64_t{1}, head_ / 2, head_}) {
    const google::protobuf::Timestamp moment = records[k - 1].recorded_at();
    uint64_t expected = 0;
    for (const v1::LogRecord& r : records) {
      if (google::protobuf::util::TimeUtil::TimestampToMicroseconds(r.recorded_at()) <=
          google::protobuf::util::TimeUtil::TimestampToMicroseconds(moment)) {
        expected = r.position();
      }
    }
    projections::Projection projection;
    uint64_t tot = 0;
    ASSERT_TRUE(Replay(*copy, {.bekend_op = moment}, &projection, &tot).ok());
    EXPECT_EQ(tot, expected);
    EXPECT_GE(tot, k);
  }
  google::protobuf::Timestamp before;  // 1970: nothing was known
  projections::Projection projection;
  uint64_t tot = 99;
  ASSERT_TRUE(Replay(*copy, {.bekend_op = before}, &projection, &tot).ok());
  EXPECT_EQ(tot, 0u);
}

// The monthly meeting's overview: replay writes a view as an Excel workbook and as CSV, with Dutch
// headers, holding what the projection shows at that positie and peildatum.
TEST_F(AuditTest, ReplayWritesTheViewForExcel) {
  using regiotafel::testing::RunToEnd;
  const std::string xlsx = dir_.Sub("taakstelling.xlsx"), csv = dir_.Sub("dossiers.csv");
  testing::CommandRun to_excel = RunToEnd({AUDIT_BINARY, "replay", dir_.Sub("log"), "--view", "taakstelling",
                                           "--positie", "40", "--peildatum", "2026-06-30", "--xlsx", xlsx},
                                          dir_.Sub("replay1.txt"));
  ASSERT_EQ(to_excel.exit_code, 0) << to_excel.output;
  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("log"), &copy).ok());
  projections::Projection projection;
  uint64_t tot = 0;
  ASSERT_TRUE(Replay(*copy, {.positie = 40}, &projection, &tot).ok());
  const std::vector<table::Table> expected =
      table::TablesOfView(projection.Taakstelling({.peildatum = *ParseDate("2026-06-30")}));
  std::vector<table::Table> read;
  ASSERT_TRUE(table::ReadXlsx(xlsx, &read).ok());
  ASSERT_EQ(read.size(), expected.size());
  EXPECT_EQ(read[0].kolommen, expected[0].kolommen);
  EXPECT_EQ(read[0].rijen, expected[0].rijen);
  EXPECT_EQ(read[0].kolommen[0], "Gemeente");
  EXPECT_FALSE(read[0].rijen.empty());

  testing::CommandRun to_csv = RunToEnd({AUDIT_BINARY, "replay", dir_.Sub("log"), "--view", "dossiers",
                                         "--peildatum", "2026-06-30", "--csv", csv},
                                        dir_.Sub("replay2.txt"));
  ASSERT_EQ(to_csv.exit_code, 0) << to_csv.output;
  const std::string text = testing::ReadFile(csv);
  EXPECT_EQ(text.rfind("\xEF\xBB\xBFV-nummer;Naam;Gemeente;", 0), 0u) << text.substr(0, 80);

  testing::CommandRun unknown =
      RunToEnd({AUDIT_BINARY, "replay", dir_.Sub("log"), "--view", "overzicht"}, dir_.Sub("replay3.txt"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("bekend zijn: dossiers, taakstelling"), std::string::npos) << unknown.output;
}

// What a node served at a few sizes of its log, as its ViewHost computed it then, against replays
// of a copy of the finished log at those positions.
TEST(AuditReplayTest, ReplayAtPositieEqualsWhatTheNodeServedThen) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  views_testing::TestReplica replica(dir.Sub("replica"));
  node::ViewHostOptions options;
  options.wait_for_position = [&replica](uint64_t position, Clock::time_point deadline) {
    return replica.WaitForPosition(position, deadline);
  };
  node::ViewHost host(replica.log(), std::move(options));
  host.Start();
  const std::vector<v1::Envelope> region = views_testing::Region(40);
  const int32_t peildatum = *ParseDate("2026-04-15");
  std::map<uint64_t, std::vector<std::string>> served;  // positie → the six views' JSON
  for (size_t from = 0; from < region.size(); from += region.size() / 3 + 1) {
    const size_t to = std::min(region.size(), from + region.size() / 3 + 1);
    const uint64_t head = replica.Append({region.begin() + from, region.begin() + to});
    for (size_t k = 0; k < node::CachedView::kKinds; ++k) {
      std::shared_ptr<const node::CachedView> view;
      Status s = host.View(static_cast<node::CachedView::Kind>(k), {.peildatum = peildatum, .positie = head},
                           Clock::now() + std::chrono::seconds(60), &view);
      ASSERT_TRUE(s.ok()) << s.ToString();
      served[head].push_back(view->Json());
    }
  }
  host.Stop();
  ASSERT_EQ(served.size(), 3u);

  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir.Sub("replica"), &copy).ok());
  const std::vector<std::string_view> names = {"dossiers", "taakstelling", "pijplijn",
                                               "signalen", "woningen",     "corporaties"};
  for (const auto& [positie, views] : served) {
    projections::Projection projection;
    uint64_t tot = 0;
    ASSERT_TRUE(Replay(*copy, {.positie = positie}, &projection, &tot).ok());
    EXPECT_EQ(tot, positie);
    for (size_t k = 0; k < names.size(); ++k) {
      std::unique_ptr<google::protobuf::Message> view;
      ASSERT_TRUE(ViewByName(projection, names[k], {.peildatum = peildatum}, &view).ok());
      EXPECT_EQ(contract::ListToJson(*view), views[k]) << names[k] << " at positie " << positie;
    }
  }
  std::unique_ptr<google::protobuf::Message> none;
  EXPECT_TRUE(ViewByName(projections::Projection(), "overzicht", {}, &none).IsInvalidArgument());
}

}  // namespace
}  // namespace regiotafel::audit
