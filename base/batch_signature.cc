#include "base/batch_signature.h"

#include "base/bytes.h"
#include "base/merkle.h"
#include "base/sha256.h"

namespace regiotafel {
namespace {

constexpr char kBatchProof = 0x01;
constexpr std::string_view kContext = "regiotafel/batch/v1";
constexpr size_t kHeader = 1 + kSignatureSize + 4 + 4;

// What the origin signs for a batch: the context keeps it from ever meaning anything else.
std::string SignedMessage(uint32_t size, std::string_view root) {
  std::string message(kContext);
  PutBigEndian32(&message, size);
  message += root;
  return message;
}

}  // namespace

std::vector<std::string> SignBatch(const SigningKey& key, const std::vector<std::string_view>& envelopes) {
  std::vector<std::string> leaves;
  leaves.reserve(envelopes.size());
  for (std::string_view envelope : envelopes) leaves.push_back(merkle::LeafHash(envelope));
  const merkle::Tree tree(std::move(leaves));
  const uint32_t size = static_cast<uint32_t>(tree.size());
  std::string head(1, kBatchProof);
  head += key.Sign(SignedMessage(size, tree.root()));
  std::vector<std::string> proofs;
  proofs.reserve(size);
  for (uint32_t index = 0; index < size; ++index) {
    std::string proof = head;
    PutBigEndian32(&proof, index);
    PutBigEndian32(&proof, size);
    for (const std::string& hash : tree.Path(index)) proof += hash;
    proofs.push_back(std::move(proof));
  }
  return proofs;
}

bool SignatureVerifier::Verify(std::string_view public_key, std::string_view envelope,
                               std::string_view signature) {
  if (signature.size() == kSignatureSize) return VerifySignature(public_key, envelope, signature);
  if (signature.size() < kHeader || signature[0] != kBatchProof ||
      (signature.size() - kHeader) % kSha256Size != 0) {
    return false;
  }
  const std::string_view batch_signature = signature.substr(1, kSignatureSize);
  const uint32_t index = *GetBigEndian32(signature.substr(1 + kSignatureSize));  // kHeader: both there
  const uint32_t size = *GetBigEndian32(signature.substr(1 + kSignatureSize + 4));
  std::vector<std::string_view> path;
  for (size_t at = kHeader; at < signature.size(); at += kSha256Size)
    path.push_back(signature.substr(at, kSha256Size));
  std::optional<std::string> root = merkle::RootFromPath(index, size, merkle::LeafHash(envelope), path);
  if (!root) return false;

  const std::string message = SignedMessage(size, *root);
  std::string seen = std::string(public_key) + message + std::string(batch_signature);
  if (verified_.contains(seen)) return true;
  if (!VerifySignature(public_key, message, batch_signature)) return false;
  verified_.insert(std::move(seen));
  return true;
}

}  // namespace regiotafel
