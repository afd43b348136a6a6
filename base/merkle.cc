#include "base/merkle.h"

#include <bit>

#include "base/sha256.h"

namespace regiotafel::merkle {
namespace {

// The largest power of two below n (n ≥ 2): where RFC 6962 splits a tree of n leaves.
uint64_t Split(uint64_t n) { return std::bit_floor(n - 1); }

}  // namespace

std::string LeafHash(std::string_view data) { return Sha256Of({std::string_view("\x00", 1), data}); }

std::string NodeHash(std::string_view left, std::string_view right) {
  return Sha256Of({"\x01", left, right});
}

std::string EmptyRoot() { return Sha256Of(""); }

Tree::Tree(std::vector<std::string> leaf_hashes)
    : Tree(
          [&leaf_hashes] {
            std::string all;
            all.reserve(leaf_hashes.size() * kHashSize);
            for (const std::string& h : leaf_hashes) all += h;
            return all;
          }(),
          0) {}

Tree Tree::FromConcatenated(std::string leaf_hashes) { return Tree(std::move(leaf_hashes), 0); }

Tree::Tree(std::string leaves, int) {
  levels_.push_back(std::move(leaves));
  while (levels_.back().size() > kHashSize) {
    const std::string_view below = levels_.back();
    const size_t n = below.size() / kHashSize;
    std::string level;
    level.reserve((n + 1) / 2 * kHashSize);
    for (size_t i = 0; i + 1 < n; i += 2) {
      level += NodeHash(below.substr(i * kHashSize, kHashSize), below.substr((i + 1) * kHashSize, kHashSize));
    }
    if (n % 2 == 1) level += below.substr((n - 1) * kHashSize);
    levels_.push_back(std::move(level));
  }
  root_ = levels_.back().empty() ? EmptyRoot() : levels_.back();
}

std::string_view Tree::Node(size_t level, uint64_t index) const {
  return std::string_view(levels_[level]).substr(index * kHashSize, kHashSize);
}

// A complete subtree aligned on its size is a node of the whole tree; any other range of an RFC
// 6962 proof is such a subtree and, to its right, a range that ends where the tree of its size does.
std::string Tree::RangeHash(uint64_t begin, uint64_t end) const {
  const uint64_t n = end - begin;
  if (std::has_single_bit(n) && begin % n == 0) return std::string(Node(std::countr_zero(n), begin / n));
  const uint64_t k = Split(n);
  return NodeHash(RangeHash(begin, begin + k), RangeHash(begin + k, end));
}

std::string Tree::RootAt(uint64_t m) const {
  if (m > size()) return {};
  return m == 0 ? EmptyRoot() : RangeHash(0, m);
}

std::vector<std::string> Tree::PathAt(uint64_t index, uint64_t size) const {
  std::vector<std::string> path;
  if (index < size && size <= this->size()) PathInto(index, 0, size, &path);
  return path;
}

void Tree::PathInto(uint64_t index, uint64_t begin, uint64_t end, std::vector<std::string>* path) const {
  const uint64_t n = end - begin;
  if (n == 1) return;
  const uint64_t k = Split(n);
  if (index < begin + k) {
    PathInto(index, begin, begin + k, path);
    path->push_back(RangeHash(begin + k, end));
  } else {
    PathInto(index, begin + k, end, path);
    path->push_back(RangeHash(begin, begin + k));
  }
}

std::vector<std::string> Tree::ConsistencyProof(uint64_t old_size, uint64_t new_size) const {
  std::vector<std::string> proof;
  if (old_size > 0 && old_size < new_size && new_size <= size())
    SubProofInto(old_size, 0, new_size, true, &proof);
  return proof;
}

void Tree::SubProofInto(uint64_t m, uint64_t begin, uint64_t end, bool whole,
                        std::vector<std::string>* proof) const {
  const uint64_t n = end - begin;
  if (m == n) {
    if (!whole) proof->push_back(RangeHash(begin, end));
    return;
  }
  const uint64_t k = Split(n);
  if (m <= k) {
    SubProofInto(m, begin, begin + k, whole, proof);
    proof->push_back(RangeHash(begin + k, end));
  } else {
    SubProofInto(m - k, begin + k, end, false, proof);
    proof->push_back(RangeHash(begin, begin + k));
  }
}

std::optional<std::string> RootFromPath(uint64_t index, uint64_t size, std::string_view leaf_hash,
                                        const std::vector<std::string_view>& path) {
  if (index >= size) return std::nullopt;
  // Not a hash of ours: with an empty path it would come back as the root, and an empty leaf hash
  // would "verify" against an empty root (RFC 6962 vector single-entry/empty-root-and-leaf).
  if (leaf_hash.size() != kHashSize) return std::nullopt;
  uint64_t fn = index, sn = size - 1;
  std::string r(leaf_hash);
  for (std::string_view p : path) {
    if (sn == 0) return std::nullopt;  // more hashes than the tree is high
    if ((fn & 1) || fn == sn) {
      r = NodeHash(p, r);
      while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      r = NodeHash(r, p);
    }
    fn >>= 1, sn >>= 1;
  }
  if (sn != 0) return std::nullopt;  // fewer
  return r;
}

bool VerifyConsistency(uint64_t old_size, uint64_t new_size, std::string_view old_root,
                       std::string_view new_root, const std::vector<std::string_view>& proof) {
  if (old_size > new_size) return false;
  // RFC 9162 §2.1.4.2 verifies only 0 < old_size; the RFC 6962 test vectors refuse old_size 0 in
  // every form (0 → 0 too): such a proof shows nothing, and ConsistencyProof makes none.
  if (old_size == 0) return false;
  if (old_size == new_size) return proof.empty() && old_root == new_root;
  if (proof.empty()) return false;
  std::vector<std::string_view> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(old_size)) path.push_back(old_root);  // the old tree is a node of the new
  path.insert(path.end(), proof.begin(), proof.end());
  uint64_t fn = old_size - 1, sn = new_size - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  std::string fr(path.front()), sr(path.front());
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return false;
    if ((fn & 1) || fn == sn) {
      fr = NodeHash(path[i], fr);
      sr = NodeHash(path[i], sr);
      while (!(fn & 1) && fn != 0) fn >>= 1, sn >>= 1;
    } else {
      sr = NodeHash(sr, path[i]);
    }
    fn >>= 1, sn >>= 1;
  }
  return sn == 0 && fr == old_root && sr == new_root;
}

void CompactRange::Append(std::string_view leaf_hash) {
  peaks_.emplace_back(leaf_hash);
  // Each trailing 1 bit of the old size is a subtree of the new leaf's size: merge them.
  for (uint64_t s = size_; s & 1; s >>= 1) {
    std::string right = std::move(peaks_.back());
    peaks_.pop_back();
    peaks_.back() = NodeHash(peaks_.back(), right);
  }
  ++size_;
}

std::string CompactRange::Root() const {
  if (peaks_.empty()) return EmptyRoot();
  std::string root = peaks_.back();
  for (size_t i = peaks_.size() - 1; i-- > 0;) root = NodeHash(peaks_[i], root);
  return root;
}

}  // namespace regiotafel::merkle
