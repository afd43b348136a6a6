// One Ed25519 signature for a whole batch of envelopes (docs/TRUST.md). Verifying an Ed25519
// signature costs ~45 µs, so a bus that verified each envelope alone would take ~22,000 a second
// per core; signed as a batch, it verifies one signature per batch and a few hashes per envelope,
// and every envelope still carries the proof that its origin signed it.
//
// The signer makes a Merkle tree (base/merkle.h) over the batch's serialized envelopes and signs
// "regiotafel/batch/v1" ‖ size ‖ root. Each envelope's signature bytes are then a batch proof:
//   0x01 ‖ the 64-byte signature ‖ index ‖ size (4 bytes each, big-endian) ‖ its inclusion path
// (32 bytes a hash, ⌈log2 size⌉ of them at most). Signature bytes of exactly 64 are a plain
// signature over the envelope alone (DOMAIN.md §3); both verify a record on its own.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/signing.h"

namespace regiotafel {

// The signature bytes of each envelope, in the order given (a batch of one gets a proof too).
std::vector<std::string> SignBatch(const SigningKey& key, const std::vector<std::string_view>& envelopes);

// Verifies envelopes' signature bytes, plain or batch proofs. A batch's signature is verified once
// per verifier: later envelopes of the same batch cost their hashes only. Not thread-safe.
class SignatureVerifier {
 public:
  bool Verify(std::string_view public_key, std::string_view envelope, std::string_view signature);

 private:
  std::set<std::string, std::less<>> verified_;  // public key ‖ signed message ‖ signature
};

}  // namespace regiotafel
