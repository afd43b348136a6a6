#include "base/merkle.h"

#include "base/sha256.h"

namespace regiotafel::merkle {
std::string LeafHash(std::string_view data) {
  return Sha256Of({std::string_view("\x00", 1), data});
}

std::string NodeHash(std::string_view left, std::string_view right) {
  return Sha256Of({"\x01", left, right});
}

Tree::Tree(std::vector<std::string> leaf_hashes) {
  levels_.push_back(std::move(leaf_hashes));
  while (levels_.back().size() > 1) {
    const std::vector<std::string>& below = levels_.back();
    std::vector<std::string> level;
    level.reserve((below.size() + 1) / 2);
    for (size_t i = 0; i + 1 < below.size(); i += 2) level.push_back(NodeHash(below[i], below[i + 1]));
    if (below.size() % 2 == 1) level.push_back(below.back());
    levels_.push_back(std::move(level));
  }
  root_ = levels_.back().empty() ? Sha256Of("") : levels_.back().front();
}

std::vector<std::string> Tree::Path(size_t index) const {
  std::vector<std::string> path;
  if (index >= size()) return path;
  for (size_t level = 0; level + 1 < levels_.size(); ++level, index /= 2) {
    const size_t sibling = index ^ 1;
    if (sibling < levels_[level].size()) path.push_back(levels_[level][sibling]);
  }
  return path;
}

std::optional<std::string> RootFromPath(uint64_t index, uint64_t size, std::string_view leaf_hash,
                                        const std::vector<std::string_view>& path) {
  if (index >= size) return std::nullopt;
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

}  // namespace regiotafel::merkle
