// Interns the identifiers a fold sees again and again (organisation ids, woning ids, signaal ids)
// as small numbers, so that facts are compact and compare fast. Id 0 is always "".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace regiotafel::projections::internal {

// A hash for unordered maps keyed by std::string that are searched with a std::string_view.
struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class StringTable {
 public:
  using Id = uint32_t;
  static constexpr Id kEmpty = 0;

  StringTable();

  Id Intern(std::string_view text);
  // The id of `text`, or kNotFound when it was never interned.
  static constexpr Id kNotFound = UINT32_MAX;
  Id Find(std::string_view text) const;
  const std::string& Get(Id id) const { return strings_[id]; }

 private:
  // Open addressing over the ids, the text compared in strings_: a lookup probes one flat array
  // (the fold interns a few identifiers of every event) instead of chasing a map's node.
  struct Slot {
    uint32_t tag = 0;   // the upper half of the text's hash
    Id id = kNotFound;  // kNotFound: empty
  };
  // The slot holding `text` (hash `hash`), or the empty slot where it goes.
  size_t SlotOf(std::string_view text, uint64_t hash) const;
  void Grow();

  std::vector<std::string> strings_;
  std::vector<Slot> slots_;  // a power of two, at most half full
};

}  // namespace regiotafel::projections::internal
