// The auditor's proofs and checkpoints: an inclusion proof for every record and a consistency proof
// between every two sizes of the log check, damaged ones do not; forged checkpoints are named.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/merkle.h"
#include "base/signing.h"
#include "eventstore/checkpoint.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/log_copy.h"
#include "services/audit/checkpoints.h"
#include "services/audit/proofs.h"
#include "services/audit/verify.h"
#include "tests/audit/audit_fixture.h"

namespace regiotafel::audit {
namespace {

namespace fs = std::filesystem;
using audit_testing::AuditTest;

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
  auto signed_at = [&](uint64_t position, const SigningKey& key = SigningKey::Generate(),
                       bool by_bus = true) {
    return eventstore::SignCheckpoint(by_bus ? bus : key, position, tree.RootAt(position), {});
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
  EXPECT_EQ(verdict.bevinding->position, 26u);  // after the last checkpoint that holds (25), up to 40
  EXPECT_NE(verdict.bevinding->reden.find("positie 40"), std::string::npos) << verdict.bevinding->reden;

  const std::string forger = store_with("forger", {signed_at(20, SigningKey::Generate(), /*by_bus=*/false)});
  ASSERT_TRUE(CheckCheckpoints(tree, {node_a, forger}, bus.public_key(), &verdict).ok());
  ASSERT_TRUE(verdict.bevinding.has_value());
  EXPECT_EQ(verdict.bevinding->position, 20u);
  EXPECT_NE(verdict.bevinding->reden.find("vervalst"), std::string::npos) << verdict.bevinding->reden;
  // Without the bus's key the forger's root, which is the log's, is not caught: the key is what proves it.
  ASSERT_TRUE(CheckCheckpoints(tree, {forger}, std::nullopt, &verdict).ok());
  EXPECT_FALSE(verdict.bevinding.has_value());

  EXPECT_FALSE(CheckCheckpoints(tree, {dir_.Sub("nowhere")}, bus.public_key(), &verdict).ok());
}

}  // namespace
}  // namespace regiotafel::audit
