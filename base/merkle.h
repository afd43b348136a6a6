// Merkle tree hashing of RFC 6962 §2.1 (RFC 9162 §2.1): a tree over n leaves whose root commits to
// every leaf and its place, and an inclusion path that proves one leaf is in it with log2(n)
// hashes. Batch signatures use it (base/batch_signature.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace regiotafel::merkle {

// SHA-256(0x00 ‖ data) and SHA-256(0x01 ‖ left ‖ right): leaves and inner nodes never collide.
std::string LeafHash(std::string_view data);
std::string NodeHash(std::string_view left, std::string_view right);

// A tree over leaf hashes (their LeafHash each), built once, level by level: each level pairs the
// nodes of the one below and carries an odd last node up as it is, which gives RFC 6962's tree
// hash and paths. A tree of n leaves costs n - 1 node hashes; a path then costs nothing.
class Tree {
 public:
  explicit Tree(std::vector<std::string> leaf_hashes);

  size_t size() const { return levels_.front().size(); }
  // SHA-256 of nothing for no leaves.
  const std::string& root() const { return root_; }
  // The hashes that take leaf `index` to the root, bottom up (RFC 6962 §2.1.1's PATH(m, D[n]));
  // empty for an index out of range.
  std::vector<std::string> Path(size_t index) const;

 private:
  std::vector<std::vector<std::string>> levels_;  // [0]: the leaves
  std::string root_;
};

// The root that `path` leads to from `leaf_hash` at `index` of `size` leaves (RFC 9162 §2.1.3.2);
// nullopt when the path cannot belong to such a tree (too short, too long, index out of range).
std::optional<std::string> RootFromPath(uint64_t index, uint64_t size, std::string_view leaf_hash,
                                        const std::vector<std::string_view>& path);

}  // namespace regiotafel::merkle
