#include "projections/internal/string_table.h"

namespace regiotafel::projections::internal {

StringTable::StringTable() {
  strings_.emplace_back();
  ids_.emplace(std::string(), kEmpty);
}

StringTable::Id StringTable::Intern(std::string_view text) {
  auto it = ids_.find(text);
  if (it != ids_.end()) return it->second;
  Id id = static_cast<Id>(strings_.size());
  strings_.emplace_back(text);
  ids_.emplace(std::string(text), id);
  return id;
}

StringTable::Id StringTable::Find(std::string_view text) const {
  auto it = ids_.find(text);
  return it == ids_.end() ? kNotFound : it->second;
}

}  // namespace regiotafel::projections::internal
