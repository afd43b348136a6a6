#include "base/signing.h"

#include <gtest/gtest.h>

namespace regiotafel {
namespace {

TEST(SigningTest, SignatureVerifiesWithItsPublicKey) {
  SigningKey key = SigningKey::Generate();
  std::string signature = key.Sign("envelope bytes");
  EXPECT_EQ(signature.size(), kSignatureSize);
  EXPECT_TRUE(VerifySignature(key.public_key(), "envelope bytes", signature));
}

TEST(SigningTest, TamperedMessageOrSignatureFails) {
  SigningKey key = SigningKey::Generate();
  std::string signature = key.Sign("envelope bytes");
  EXPECT_FALSE(VerifySignature(key.public_key(), "envelope bytez", signature));
  signature[5] ^= 1;
  EXPECT_FALSE(VerifySignature(key.public_key(), "envelope bytes", signature));
}

TEST(SigningTest, OtherKeyFails) {
  SigningKey key = SigningKey::Generate(), other = SigningKey::Generate();
  EXPECT_FALSE(VerifySignature(other.public_key(), "m", key.Sign("m")));
}

TEST(SigningTest, RestoredFromSecretSignsTheSame) {
  SigningKey key = SigningKey::Generate();
  auto restored = SigningKey::FromSecret(key.secret_key());
  ASSERT_TRUE(restored.has_value());
  EXPECT_EQ(restored->public_key(), key.public_key());
  EXPECT_TRUE(VerifySignature(key.public_key(), "m", restored->Sign("m")));
  EXPECT_FALSE(SigningKey::FromSecret("too short").has_value());
}

TEST(SigningTest, WrongSizesAreRefusedNotCrashed) {
  EXPECT_FALSE(VerifySignature("short", "m", std::string(64, 'x')));
  EXPECT_FALSE(VerifySignature(std::string(32, 'k'), "m", "short"));
}

}  // namespace
}  // namespace regiotafel
