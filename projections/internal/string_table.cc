#include "projections/internal/string_table.h"

namespace regiotafel::projections::internal {

namespace {

uint64_t HashOf(std::string_view text) { return std::hash<std::string_view>{}(text); }
uint32_t TagOf(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

}  // namespace

StringTable::StringTable() {
  slots_.resize(64);
  strings_.emplace_back();
  slots_[SlotOf({}, HashOf({}))] = Slot{TagOf(HashOf({})), kEmpty};
}

size_t StringTable::SlotOf(std::string_view text, uint64_t hash) const {
  const size_t mask = slots_.size() - 1;
  const uint32_t tag = TagOf(hash);
  size_t i = static_cast<size_t>(hash) & mask;
  while (slots_[i].id != kNotFound && (slots_[i].tag != tag || strings_[slots_[i].id] != text))
    i = (i + 1) & mask;
  return i;
}

void StringTable::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.size() * 2, Slot{});
  const size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id == kNotFound) continue;
    // Every text is in the table once: find the first empty slot from its home.
    size_t i = static_cast<size_t>(HashOf(strings_[slot.id])) & mask;
    while (slots_[i].id != kNotFound) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

StringTable::Id StringTable::Intern(std::string_view text) {
  const uint64_t hash = HashOf(text);
  size_t i = SlotOf(text, hash);
  if (slots_[i].id != kNotFound) return slots_[i].id;
  if (2 * (strings_.size() + 1) > slots_.size()) {
    Grow();
    i = SlotOf(text, hash);
  }
  const Id id = static_cast<Id>(strings_.size());
  strings_.emplace_back(text);
  slots_[i] = Slot{TagOf(hash), id};
  return id;
}

StringTable::Id StringTable::Find(std::string_view text) const {
  const Slot& slot = slots_[SlotOf(text, HashOf(text))];
  return slot.id;  // kNotFound for the empty slot
}

}  // namespace regiotafel::projections::internal
