// The auditor's verify and diff (services/audit) on real logs in temporary directories: an intact log
// verifies; a flipped byte, a dropped record, two swapped records, a rewrite and a signature by the
// wrong key are each found at their position; over a bus's fetch endpoint, and as regiotafel-audit.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/signing.h"
#include "eventstore/checkpoint.h"
#include "eventstore/log_copy.h"
#include "services/audit/checkpoints.h"
#include "services/audit/diff.h"
#include "services/audit/fetched_log.h"
#include "services/audit/proofs.h"
#include "services/audit/verify.h"
#include "services/bus/bus.h"
#include "tests/audit/audit_fixture.h"
#include "tests/support/process.h"
#include "tests/support/test_replica.h"

namespace regiotafel::audit {
namespace {

namespace fs = std::filesystem;
using audit_testing::AuditTest;
using audit_testing::RawRecords;
using audit_testing::SignedLog;

TEST_F(AuditTest, AnIntactLogVerifiesWithEverySignature) {
  VerifyResult result = Verify(dir_.Sub("log"), &trust_);
  EXPECT_FALSE(result.bevinding.has_value()) << result.bevinding->position << ": " << result.bevinding->reden;
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
      EXPECT_EQ(b.position, p) << b.reden;
    }
  }
}

TEST_F(AuditTest, ADroppedRecordIsFoundAtItsPosition) {
  Bevinding middle = FindingAfter("drop-middle", [&](RawRecords& raw) { raw.Delete(head_ / 2); });
  EXPECT_EQ(middle.position, head_ / 2);
  EXPECT_NE(middle.reden.find("ontbreekt"), std::string::npos) << middle.reden;
  Bevinding last = FindingAfter("drop-last", [&](RawRecords& raw) { raw.Delete(head_); });
  EXPECT_EQ(last.position, head_) << last.reden;
}

TEST_F(AuditTest, TwoSwappedRecordsAreFoundAtTheFirst) {
  const uint64_t p = 10, q = 20;
  Bevinding b = FindingAfter("swap", [&](RawRecords& raw) {
    const std::string a = raw.Get(p), c = raw.Get(q);
    raw.Put(p, c);
    raw.Put(q, a);
  });
  EXPECT_EQ(b.position, p);
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
  const config::TrustMap trust = log.Trust();
  log.Close();
  VerifyResult with_trust = Verify(dir_.Sub("forged"), &trust);
  ASSERT_TRUE(with_trust.bevinding.has_value());
  EXPECT_EQ(with_trust.bevinding->position, 6u);
  EXPECT_NE(with_trust.bevinding->reden.find("handtekening"), std::string::npos)
      << with_trust.bevinding->reden;
  EXPECT_FALSE(Verify(dir_.Sub("forged"), nullptr).bevinding.has_value());
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

}  // namespace
}  // namespace regiotafel::audit
