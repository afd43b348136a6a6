// Batch signatures (base/batch_signature.h): every envelope of a batch verifies on its own; a
// changed envelope, proof or key does not; a plain signature still verifies.
#include "base/batch_signature.h"

#include <gtest/gtest.h>

namespace regiotafel {
namespace {

std::vector<std::string> Envelopes(size_t n) {
  std::vector<std::string> envelopes;
  for (size_t i = 0; i < n; ++i) envelopes.push_back("envelope " + std::to_string(i));
  return envelopes;
}

std::vector<std::string> Sign(const SigningKey& key, const std::vector<std::string>& envelopes) {
  return SignBatch(key, std::vector<std::string_view>(envelopes.begin(), envelopes.end()));
}

TEST(BatchSignatureTest, EveryEnvelopeOfABatchVerifiesOnItsOwn) {
  const SigningKey key = SigningKey::Generate();
  for (size_t n : {1, 2, 3, 7, 8, 100, 1000}) {
    const std::vector<std::string> envelopes = Envelopes(n);
    const std::vector<std::string> proofs = Sign(key, envelopes);
    ASSERT_EQ(proofs.size(), n);
    SignatureVerifier together;
    for (size_t i = 0; i < n; ++i) {
      EXPECT_TRUE(together.Verify(key.public_key(), envelopes[i], proofs[i])) << i << " of " << n;
      SignatureVerifier alone;  // an auditor with this one record
      EXPECT_TRUE(alone.Verify(key.public_key(), envelopes[i], proofs[i])) << i << " of " << n;
    }
  }
}

TEST(BatchSignatureTest, AnythingChangedFailsToVerify) {
  const SigningKey key = SigningKey::Generate();
  const std::vector<std::string> envelopes = Envelopes(5);
  const std::vector<std::string> proofs = Sign(key, envelopes);
  SignatureVerifier verifier;
  ASSERT_TRUE(verifier.Verify(key.public_key(), envelopes[3], proofs[3]));  // the root is now known good
  EXPECT_FALSE(verifier.Verify(key.public_key(), envelopes[2], proofs[3])) << "another envelope's proof";
  EXPECT_FALSE(verifier.Verify(key.public_key(), "envelope 3 ", proofs[3])) << "other bytes";
  EXPECT_FALSE(verifier.Verify(SigningKey::Generate().public_key(), envelopes[3], proofs[3]))
      << "another key";
  for (size_t at = 0; at < proofs[3].size(); ++at) {
    std::string changed = proofs[3];
    changed[at] ^= 0x04;
    EXPECT_FALSE(verifier.Verify(key.public_key(), envelopes[3], changed)) << "byte " << at << " changed";
  }
  EXPECT_FALSE(verifier.Verify(key.public_key(), envelopes[3], proofs[3].substr(0, proofs[3].size() - 32)));
  EXPECT_FALSE(verifier.Verify(key.public_key(), envelopes[3], proofs[3] + std::string(32, '\0')));
  EXPECT_FALSE(verifier.Verify(key.public_key(), envelopes[3], ""));
  // The same batch signed by another key: not the key's batch even though the tree is the same.
  const std::vector<std::string> others = Sign(SigningKey::Generate(), envelopes);
  EXPECT_FALSE(verifier.Verify(key.public_key(), envelopes[3], others[3]));
}

TEST(BatchSignatureTest, APlainSignatureStillVerifies) {
  const SigningKey key = SigningKey::Generate();
  SignatureVerifier verifier;
  EXPECT_TRUE(verifier.Verify(key.public_key(), "bytes", key.Sign("bytes")));
  EXPECT_FALSE(verifier.Verify(key.public_key(), "other", key.Sign("bytes")));
}

}  // namespace
}  // namespace regiotafel
