// RFC 6962 Merkle trees: the test vectors of transparency-dev/merkle (Apache-2.0, copied into
// rfc6962_vectors.h), then trees of up to 1000 leaves: roots, inclusion paths and consistency proofs
// at every earlier size, broken proofs refused, and the compact range of a growing log.
#include "base/merkle.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/bytes.h"
#include "tests/base/rfc6962_vectors.h"

namespace regiotafel::merkle {
namespace {

using rfc6962::kLeafInputsHex;
using rfc6962::kRootsHex;

std::vector<std::string> Leaves(size_t n) {
  std::vector<std::string> leaves;
  for (size_t i = 0; i < n; ++i) leaves.push_back(LeafHash(*FromHex(kLeafInputsHex[i])));
  return leaves;
}

std::optional<std::string> RootOf(uint64_t index, uint64_t size, const std::string& leaf_hex,
                                  const std::vector<std::string>& path_hex) {
  std::vector<std::string> path;
  for (const std::string& hex : path_hex) path.push_back(*FromHex(hex));
  const std::vector<std::string_view> views(path.begin(), path.end());
  return RootFromPath(index, size, *FromHex(leaf_hex), views);
}

TEST(MerkleTest, RootsOfTheVectorsOfEverySize) {
  for (size_t n = 0; n <= 8; ++n) EXPECT_EQ(ToHex(Tree(Leaves(n)).root()), kRootsHex[n]) << "size " << n;
}

// Our own paths, for every leaf of every size, lead back to that size's root; one more or one
// fewer hash, another index or another size does not.
TEST(MerkleTest, EveryInclusionPathLeadsToItsRoot) {
  for (size_t n = 1; n <= 8; ++n) {
    const std::vector<std::string> leaves = Leaves(n);
    const Tree tree(leaves);
    EXPECT_TRUE(tree.Path(n).empty());
    for (size_t m = 0; m < n; ++m) {
      const std::vector<std::string> path = tree.Path(m);
      std::vector<std::string_view> views(path.begin(), path.end());
      EXPECT_EQ(RootFromPath(m, n, leaves[m], views), tree.root()) << m << " of " << n;
      EXPECT_FALSE(RootFromPath(n, n, leaves[m], views)) << "index out of range";
      if (n > 1) {
        EXPECT_NE(RootFromPath(m ^ 1, n, leaves[m], views), tree.root()) << m << " of " << n;
      }
      views.push_back(leaves[0]);
      EXPECT_NE(RootFromPath(m, n, leaves[m], views), tree.root()) << "a hash too many";
      views.pop_back();
      if (!views.empty()) {
        views.pop_back();
        EXPECT_NE(RootFromPath(m, n, leaves[m], views), tree.root()) << "a hash too few";
      }
    }
  }
}

// The paths the vectors give for leaf 0 and 5 of 8, 2 of 3 and 1 of 5 are ours too.
TEST(MerkleTest, InclusionProofsOfTheVectors) {
  EXPECT_EQ(ToHex(Tree(Leaves(8)).Path(0)[1]),
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e");
  EXPECT_EQ(ToHex(Tree(Leaves(5)).Path(1)[2]),
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b");
  EXPECT_EQ(Tree(Leaves(3)).Path(2).size(), 1u);
  const std::string root8(kRootsHex[8]);
  const std::vector<std::string> path0 = {"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                                          "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                                          "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"};
  const std::string leaf0 = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
  EXPECT_EQ(ToHex(*RootOf(0, 8, leaf0, path0)), root8);
  EXPECT_EQ(ToHex(*RootOf(5, 8, "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
                          {"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                           "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                           "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"})),
            root8);
  EXPECT_EQ(ToHex(*RootOf(2, 3, "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
                          {"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"})),
            kRootsHex[3]);
  EXPECT_EQ(ToHex(*RootOf(1, 5, "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                          {"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                           "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                           "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"})),
            kRootsHex[5]);
  // Broken ones: an inserted component, the wrong leaf, another index.
  std::vector<std::string> inserted = path0;
  inserted.insert(inserted.begin() + 1, "abacaba000000000000000000000000000000000000000000060061e00123456");
  const std::optional<std::string> from_inserted = RootOf(0, 8, leaf0, inserted);
  EXPECT_TRUE(!from_inserted || ToHex(*from_inserted) != root8);
  EXPECT_NE(ToHex(RootOf(0, 8, ToHex("WrongLeaf"), path0).value_or("")), root8);
  EXPECT_NE(ToHex(RootOf(2, 8, leaf0, path0).value_or("")), root8);
}

std::string Bytes(std::string_view hex) { return FromHex(hex).value(); }

std::vector<std::string> Bytes(const std::vector<std::string_view>& hexes) {
  std::vector<std::string> bytes;
  for (std::string_view hex : hexes) bytes.push_back(Bytes(hex));
  return bytes;
}

std::vector<std::string_view> Views(const std::vector<std::string>& hashes) {
  return {hashes.begin(), hashes.end()};
}

// The vector directories 0 … 4 are proofs in the tree of trees.json; additional/ and single-entry/
// are made-up hashes and sizes.
bool OverTreesJson(std::string_view file) {
  return file.size() > 1 && file[0] >= '0' && file[0] <= '4' && file[1] == '/';
}

// Every inclusion vector file: the happy paths lead to their root, every broken one (wantErr) does
// not; over trees.json's tree, the leaf hash is LeafHash of its input and the path is ours.
TEST(MerkleTest, InclusionVectorsHoldAndBrokenOnesAreRefused) {
  const Tree tree(Leaves(8));
  int happy = 0, broken = 0, ours = 0;
  for (const rfc6962::InclusionVector& v : rfc6962::kInclusionVectors) {
    SCOPED_TRACE(v.file);
    const std::vector<std::string> proof = Bytes(v.proof);
    const std::optional<std::string> root =
        RootFromPath(v.leaf_index, v.tree_size, Bytes(v.leaf_hash), Views(proof));
    EXPECT_EQ(root && *root == Bytes(v.root), !v.want_err);
    ++(v.want_err ? broken : happy);
    if (v.want_err || !OverTreesJson(v.file)) continue;
    ASSERT_LT(v.leaf_index, v.tree_size);
    ASSERT_LE(v.tree_size, 8u);
    EXPECT_EQ(v.leaf_hash, ToHex(LeafHash(Bytes(kLeafInputsHex[v.leaf_index]))));
    EXPECT_EQ(v.root, kRootsHex[v.tree_size]);
    EXPECT_EQ(tree.PathAt(v.leaf_index, v.tree_size), proof);
    ++ours;
  }
  // All 98 files are in rfc6962_vectors.h.
  EXPECT_EQ(happy, 6);
  EXPECT_EQ(broken, 92);
  EXPECT_EQ(ours, 5);
}

// Every consistency vector file: the happy paths verify, every broken one (wantErr) is refused;
// over trees.json's tree, the roots are its roots and the proof is ours.
TEST(MerkleTest, ConsistencyVectorsHoldAndBrokenOnesAreRefused) {
  const Tree tree(Leaves(8));
  int happy = 0, broken = 0, ours = 0;
  for (const rfc6962::ConsistencyVector& v : rfc6962::kConsistencyVectors) {
    SCOPED_TRACE(v.file);
    const std::vector<std::string> proof = Bytes(v.proof);
    EXPECT_EQ(VerifyConsistency(v.size1, v.size2, Bytes(v.root1), Bytes(v.root2), Views(proof)), !v.want_err);
    ++(v.want_err ? broken : happy);
    if (v.want_err || !OverTreesJson(v.file)) continue;
    ASSERT_LE(v.size1, v.size2);
    ASSERT_LE(v.size2, 8u);
    EXPECT_EQ(v.root1, kRootsHex[v.size1]);
    EXPECT_EQ(v.root2, kRootsHex[v.size2]);
    EXPECT_EQ(tree.ConsistencyProof(v.size1, v.size2), proof);
    ++ours;
  }
  // All 98 files are in rfc6962_vectors.h.
  EXPECT_EQ(happy, 6);
  EXPECT_EQ(broken, 92);
  EXPECT_EQ(ours, 5);
}

// Leaf hashes of a log of n records, each its own.
std::vector<std::string> NumberedLeaves(size_t n) {
  std::vector<std::string> leaves;
  leaves.reserve(n);
  for (size_t i = 0; i < n; ++i) leaves.push_back(LeafHash("record " + std::to_string(i)));
  return leaves;
}

// The references below are RFC 6962 §2.1's definitions written out, recursion and nothing else.
size_t LargestPowerOfTwoBelow(size_t n) {
  size_t k = 1;
  while (2 * k < n) k *= 2;
  return k;
}

// MTH(D[begin:end]).
std::string Mth(const std::vector<std::string>& d, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n == 0) return EmptyRoot();
  if (n == 1) return d[begin];
  const size_t k = LargestPowerOfTwoBelow(n);
  return NodeHash(Mth(d, begin, begin + k), Mth(d, begin + k, end));
}

// PATH(m, D[begin:end]), §2.1.1.
std::vector<std::string> RfcPath(const std::vector<std::string>& d, size_t m, size_t begin, size_t end) {
  const size_t n = end - begin;
  if (n == 1) return {};
  const size_t k = LargestPowerOfTwoBelow(n);
  std::vector<std::string> path;
  if (m < k) {
    path = RfcPath(d, m, begin, begin + k);
    path.push_back(Mth(d, begin + k, end));
  } else {
    path = RfcPath(d, m - k, begin + k, end);
    path.push_back(Mth(d, begin, begin + k));
  }
  return path;
}

// SUBPROOF(m, D[begin:end], b), §2.1.2.
std::vector<std::string> RfcSubproof(const std::vector<std::string>& d, size_t m, size_t begin, size_t end,
                                     bool b) {
  const size_t n = end - begin;
  if (m == n) return b ? std::vector<std::string>{} : std::vector<std::string>{Mth(d, begin, end)};
  const size_t k = LargestPowerOfTwoBelow(n);
  std::vector<std::string> proof;
  if (m <= k) {
    proof = RfcSubproof(d, m, begin, begin + k, b);
    proof.push_back(Mth(d, begin + k, end));
  } else {
    proof = RfcSubproof(d, m - k, begin + k, end, false);
    proof.push_back(Mth(d, begin, begin + k));
  }
  return proof;
}

// RootAt against MTH for every size, and against a tree of only that prefix around each power of two.
TEST(MerkleTest, RootAtEverySizeUpTo1000IsTheRootOfThatPrefix) {
  const std::vector<std::string> leaves = NumberedLeaves(1000);
  const Tree tree(leaves);
  ASSERT_EQ(tree.size(), 1000u);
  EXPECT_EQ(tree.RootAt(0), EmptyRoot());
  EXPECT_EQ(tree.RootAt(1000), tree.root());
  EXPECT_EQ(tree.RootAt(1001), "");
  for (size_t m = 1; m <= 1000; ++m) ASSERT_EQ(tree.RootAt(m), Mth(leaves, 0, m)) << m;
  const size_t kSizes[] = {0,  1,  2,  3,   4,   5,   7,   8,   9,   15,  16,  17,  31,  32,  33,
                           63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 999, 1000};
  for (size_t m : kSizes) {
    const Tree prefix(std::vector<std::string>(leaves.begin(), leaves.begin() + m));
    EXPECT_EQ(prefix.root(), tree.RootAt(m)) << m;
  }
}

// Our paths and proofs are, hash for hash, the RFC's PATH and PROOF, at every size of a tree of 64.
TEST(MerkleTest, PathsAndProofsAreTheRfcsAtEverySizeUpTo64) {
  const std::vector<std::string> leaves = NumberedLeaves(64);
  const Tree tree(leaves);
  for (size_t n = 1; n <= 64; ++n) {
    for (size_t m = 0; m < n; ++m) ASSERT_EQ(tree.PathAt(m, n), RfcPath(leaves, m, 0, n)) << m << " of " << n;
    for (size_t m = 1; m <= n; ++m) {
      ASSERT_EQ(tree.ConsistencyProof(m, n), RfcSubproof(leaves, m, 0, n, true)) << m << " → " << n;
    }
  }
  // Out of range: nothing.
  EXPECT_TRUE(tree.PathAt(0, 65).empty());
  EXPECT_TRUE(tree.PathAt(5, 5).empty());
  EXPECT_TRUE(tree.ConsistencyProof(0, 5).empty());
  EXPECT_TRUE(tree.ConsistencyProof(6, 5).empty());
  EXPECT_TRUE(tree.ConsistencyProof(5, 65).empty());
}

TEST(MerkleTest, ConsistencyProofsOfEveryPairOfSizesUpTo1000) {
  const Tree tree(NumberedLeaves(1000));
  std::vector<std::string> roots;
  for (uint64_t m = 0; m <= 1000; ++m) roots.push_back(tree.RootAt(m));
  for (uint64_t n = 1; n <= 1000; ++n) {
    for (uint64_t m = 1; m <= n; ++m) {
      const std::vector<std::string> proof = tree.ConsistencyProof(m, n);
      ASSERT_TRUE(VerifyConsistency(m, n, roots[m], roots[n], Views(proof))) << m << " → " << n;
    }
  }
}

// For the pairs a few distances apart, each a different hash or bit damaged from pair to pair: a
// flipped bit, a dropped or an added hash, swapped or neighbouring roots, neighbouring sizes.
TEST(MerkleTest, DamagedConsistencyProofsAreRefused) {
  const Tree tree(NumberedLeaves(1000));
  std::vector<std::string> roots;
  for (uint64_t m = 0; m <= 1000; ++m) roots.push_back(tree.RootAt(m));
  const std::string stranger = LeafHash("not in the log");
  const auto holds = [](uint64_t m, uint64_t n, std::string_view old_root, std::string_view new_root,
                        const std::vector<std::string>& proof) {
    return VerifyConsistency(m, n, old_root, new_root, Views(proof));
  };
  int pairs = 0;
  for (uint64_t d : {1, 2, 3, 5, 31, 32, 33, 255, 256, 257, 600, 999}) {
    for (uint64_t m = 1; m + d <= 1000; ++m) {
      const uint64_t n = m + d;
      SCOPED_TRACE(std::to_string(m) + " → " + std::to_string(n));
      const std::vector<std::string> proof = tree.ConsistencyProof(m, n);
      ASSERT_TRUE(holds(m, n, roots[m], roots[n], proof));
      const size_t at = (m * 7 + d) % proof.size();
      std::vector<std::string> damaged = proof;
      damaged[at][(m + n) % kHashSize] ^= static_cast<char>(1 << (n % 8));
      EXPECT_FALSE(holds(m, n, roots[m], roots[n], damaged)) << "a bit flipped in hash " << at;
      damaged = proof;
      damaged.erase(damaged.begin() + at);
      EXPECT_FALSE(holds(m, n, roots[m], roots[n], damaged)) << "hash " << at << " dropped";
      damaged = proof;
      damaged.insert(damaged.begin() + (m % 2 == 0 ? at : at + 1), m % 3 == 0 ? stranger : proof[at]);
      EXPECT_FALSE(holds(m, n, roots[m], roots[n], damaged)) << "a hash added at " << at;
      EXPECT_FALSE(holds(m, n, roots[n], roots[m], proof)) << "roots swapped";
      EXPECT_FALSE(holds(m, n, roots[m - 1], roots[n], proof)) << "the root of one leaf fewer";
      EXPECT_FALSE(holds(m, n, roots[m], roots[n - 1], proof)) << "the root of one leaf fewer";
      // Other sizes, with their own roots: this proof is not theirs. (With the same roots another new
      // size often verifies, 1 → 3's proof for 1 → 4 too: sizes are not hashed, RFC 9162's check
      // is the same, and a signed checkpoint binds a size to its root.)
      EXPECT_FALSE(holds(m - 1, n, roots[m - 1], roots[n], proof)) << "old size one fewer";
      EXPECT_FALSE(holds(m + 1, n, roots[m + 1], roots[n], proof)) << "old size one more";
      EXPECT_FALSE(holds(m, n - 1, roots[m], roots[n - 1], proof)) << "new size one fewer";
      if (n < 1000) {
        EXPECT_FALSE(holds(m, n + 1, roots[m], roots[n + 1], proof)) << "new size one more";
      }
      EXPECT_FALSE(holds(n, m, roots[n], roots[m], proof)) << "sizes swapped";
      ++pairs;
    }
  }
  EXPECT_GT(pairs, 8000);
}

// Paths in the tree of every earlier size of a log of 1000, for every leaf: each leads to the root
// of that size; with a flipped bit or at another index it does not.
TEST(MerkleTest, InclusionPathsAtEverySizeUpTo300LeadToTheRootOfThatSize) {
  const std::vector<std::string> leaves = NumberedLeaves(1000);
  const Tree tree(leaves);
  for (uint64_t size = 1; size <= 300; ++size) {
    const std::string root = tree.RootAt(size);
    for (uint64_t i = 0; i < size; ++i) {
      const std::vector<std::string> path = tree.PathAt(i, size);
      ASSERT_EQ(RootFromPath(i, size, leaves[i], Views(path)), root) << i << " of " << size;
      if ((i + size) % 13 != 0) continue;  // a sample: damaged paths
      if (!path.empty()) {
        std::vector<std::string> damaged = path;
        damaged[(i + size) % path.size()][i % kHashSize] ^= 0x10;
        EXPECT_NE(RootFromPath(i, size, leaves[i], Views(damaged)), root) << i << " of " << size;
        EXPECT_NE(RootFromPath(i ^ 1, size, leaves[i], Views(path)), root) << i << " of " << size;
      }
      EXPECT_NE(RootFromPath(i, size + 1, leaves[i], Views(path)), tree.RootAt(size + 1))
          << i << " of " << size;
    }
    EXPECT_TRUE(tree.PathAt(size, size).empty());
  }
  // The same paths as a tree of only that prefix gives.
  for (uint64_t size : {1, 2, 3, 100, 255, 256, 257, 300}) {
    const Tree prefix(std::vector<std::string>(leaves.begin(), leaves.begin() + size));
    for (uint64_t i = 0; i < size; ++i)
      ASSERT_EQ(tree.PathAt(i, size), prefix.Path(i)) << i << " of " << size;
  }
}

TEST(MerkleTest, CompactRangeHasTheRootOfEverySizeUpTo1000) {
  const std::vector<std::string> leaves = NumberedLeaves(1000);
  const Tree tree(leaves);
  CompactRange range;
  EXPECT_EQ(range.size(), 0u);
  EXPECT_EQ(range.Root(), EmptyRoot());
  for (uint64_t i = 0; i < 1000; ++i) {
    range.Append(leaves[i]);
    ASSERT_EQ(range.size(), i + 1);
    ASSERT_EQ(range.Root(), tree.RootAt(i + 1)) << i + 1;
  }
  // And the vectors' roots.
  CompactRange vectors;
  for (const std::string& leaf : Leaves(8)) {
    vectors.Append(leaf);
    EXPECT_EQ(ToHex(vectors.Root()), kRootsHex[vectors.size()]);
  }
}

TEST(MerkleTest, FromConcatenatedGivesTheTreeOfTheLeaves) {
  const std::vector<std::string> leaves = NumberedLeaves(1000);
  for (size_t n : {0, 1, 2, 3, 5, 8, 9, 100, 1000}) {
    SCOPED_TRACE(n);
    const std::vector<std::string> first(leaves.begin(), leaves.begin() + n);
    std::string concatenated;
    for (const std::string& leaf : first) concatenated += leaf;
    const Tree expected(first);
    const Tree tree = Tree::FromConcatenated(std::move(concatenated));
    ASSERT_EQ(tree.size(), n);
    EXPECT_EQ(tree.root(), expected.root());
    for (uint64_t m = 0; m <= n + 1; ++m) ASSERT_EQ(tree.RootAt(m), expected.RootAt(m)) << m;
    for (uint64_t i = 0; i < n; i += 7) EXPECT_EQ(tree.Path(i), expected.Path(i)) << i;
    for (uint64_t m = 1; m <= n; m += 11)
      EXPECT_EQ(tree.ConsistencyProof(m, n), expected.ConsistencyProof(m, n)) << m;
  }
  for (size_t n = 0; n <= 8; ++n) {
    std::string concatenated;
    for (const std::string& leaf : Leaves(n)) concatenated += leaf;
    EXPECT_EQ(ToHex(Tree::FromConcatenated(concatenated).root()), kRootsHex[n]) << n;
  }
}

}  // namespace
}  // namespace regiotafel::merkle
