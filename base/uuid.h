// Event ids: random (version 4) UUIDs in lowercase canonical text.
#pragma once

#include <string>
#include <string_view>

namespace regiotafel {

// A fresh random UUID, e.g. "3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b".
std::string NewUuid();

// True for 8-4-4-4-12 lowercase hex digits (any version).
bool IsCanonicalUuid(std::string_view text);

// A name-based UUID (version 5 layout over SHA-256, truncated): the same name gives the same id.
std::string UuidFromName(std::string_view name);

}  // namespace regiotafel
