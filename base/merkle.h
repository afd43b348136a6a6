// Merkle tree hashing of RFC 6962 §2.1 (RFC 9162 §2.1): a tree over n leaves whose root commits to
// every leaf and its place; an inclusion path proves one leaf is in it with log2(n) hashes, and a
// consistency proof shows that the tree of m leaves is a prefix of the tree of n. Batch signatures
// (base/batch_signature.h) and the log's signed checkpoints (services/audit) use it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiotafel::merkle {

inline constexpr size_t kHashSize = 32;

// SHA-256(0x00 ‖ data) and SHA-256(0x01 ‖ left ‖ right): leaves and inner nodes never collide.
std::string LeafHash(std::string_view data);
std::string NodeHash(std::string_view left, std::string_view right);
// MTH of no leaves: SHA-256 of nothing.
std::string EmptyRoot();

// A tree over leaf hashes (their LeafHash each), built once, level by level: each level pairs the
// nodes of the one below and carries an odd last node up as it is, which gives RFC 6962's tree
// hash. A tree of n leaves costs n - 1 node hashes and 64·n bytes; it answers for every earlier
// size too (the tree of its first m leaves), in O(log n) hashes a question.
class Tree {
 public:
  explicit Tree(std::vector<std::string> leaf_hashes);
  // The same from leaf hashes laid end to end (32 bytes each): a log of millions of records.
  static Tree FromConcatenated(std::string leaf_hashes);

  uint64_t size() const { return levels_.front().size() / kHashSize; }
  const std::string& root() const { return root_; }
  // MTH(D[0:m]), the root the tree had at m leaves; empty for m > size().
  std::string RootAt(uint64_t m) const;
  // The hashes that take leaf `index` to the root, bottom up (RFC 6962 §2.1.1's PATH(m, D[n]));
  // empty for an index out of range. PathAt: in the tree of the first `size` leaves.
  std::vector<std::string> Path(uint64_t index) const { return PathAt(index, size()); }
  std::vector<std::string> PathAt(uint64_t index, uint64_t size) const;
  // RFC 6962 §2.1.2's PROOF(m, D[n]): that the tree of the first `old_size` leaves is a prefix of
  // the tree of the first `new_size`. Empty when old_size is 0 or equals new_size, or out of range.
  std::vector<std::string> ConsistencyProof(uint64_t old_size, uint64_t new_size) const;

 private:
  explicit Tree(std::string leaves_concatenated, int);
  std::string_view Node(size_t level, uint64_t index) const;
  std::string RangeHash(uint64_t begin, uint64_t end) const;  // MTH(D[begin:end]), end ≤ size()
  void PathInto(uint64_t index, uint64_t begin, uint64_t end, std::vector<std::string>* path) const;
  void SubProofInto(uint64_t m, uint64_t begin, uint64_t end, bool whole,
                    std::vector<std::string>* proof) const;

  std::vector<std::string> levels_;  // [0]: the leaves; each level its nodes' hashes end to end
  std::string root_;
};

// The root that `path` leads to from `leaf_hash` at `index` of `size` leaves (RFC 9162 §2.1.3.2);
// nullopt when the path cannot belong to such a tree (too short, too long, index out of range) or
// leaf_hash is not kHashSize bytes.
std::optional<std::string> RootFromPath(uint64_t index, uint64_t size, std::string_view leaf_hash,
                                        const std::vector<std::string_view>& path);

// RFC 9162 §2.1.4.2: whether `proof` shows the tree of old_size leaves with old_root to be a prefix
// of the tree of new_size leaves with new_root. Always false for old_size 0, as in the RFC 6962 vectors.
// The sizes are not hashed: the same proof and roots can verify for another new_size (1 → 3's proof
// for 1 → 4 against the root of 3), so take sizes only together with their roots, as signed.
bool VerifyConsistency(uint64_t old_size, uint64_t new_size, std::string_view old_root,
                       std::string_view new_root, const std::vector<std::string_view>& proof);

// The right edge of a growing tree: the roots of its complete subtrees, at most 64 hashes, so a
// writer that appends leaf after leaf knows the root at every size without keeping the leaves.
class CompactRange {
 public:
  void Append(std::string_view leaf_hash);
  uint64_t size() const { return size_; }
  std::string Root() const;

 private:
  uint64_t size_ = 0;
  std::vector<std::string> peaks_;  // largest subtree first
};

}  // namespace regiotafel::merkle
