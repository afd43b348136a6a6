// Byte helpers: big-endian integers (keys sort by number) and lowercase hex.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace regiotafel {

void PutBigEndian64(std::string* out, uint64_t value);
void PutBigEndian32(std::string* out, uint32_t value);
// Reads 8 bytes; nullopt when `in` is shorter.
std::optional<uint64_t> GetBigEndian64(std::string_view in);
std::optional<uint32_t> GetBigEndian32(std::string_view in);  // 4 bytes

std::string ToHex(std::string_view bytes);
// nullopt unless `hex` is an even number of hex digits.
std::optional<std::string> FromHex(std::string_view hex);

}  // namespace regiotafel
