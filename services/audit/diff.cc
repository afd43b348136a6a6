#include "services/audit/diff.h"

#include <utility>
#include <vector>

#include "base/bytes.h"

namespace regiotafel::audit {
namespace {

constexpr size_t kChunk = 4096;

using Stored = std::vector<std::pair<std::string, std::string>>;  // key, value

// Up to kChunk stored records from key position `from` on.
Status ReadChunk(const eventstore::RecordSource& log, uint64_t from, Stored* out) {
  out->clear();
  return log.Scan(from, [out](std::string_view key, std::string_view value) {
    out->emplace_back(key, value);
    return out->size() < kChunk;
  });
}

uint64_t PositionOf(const std::string& key) { return GetBigEndian64(key).value_or(0); }

}  // namespace

Status DiffLogs(const eventstore::RecordSource& a, const eventstore::RecordSource& b, Verschil* out) {
  *out = Verschil{};
  Stored chunk_a, chunk_b;
  for (uint64_t from = 1;;) {
    if (Status s = ReadChunk(a, from, &chunk_a); !s.ok()) return s;
    if (Status s = ReadChunk(b, from, &chunk_b); !s.ok()) return s;
    if (!chunk_a.empty()) out->lengte_a = PositionOf(chunk_a.back().first);
    if (!chunk_b.empty()) out->lengte_b = PositionOf(chunk_b.back().first);
    const size_t common = std::min(chunk_a.size(), chunk_b.size());
    for (size_t i = 0; i < common; ++i) {
      const uint64_t expected = out->gelijk_tot + 1;
      if (chunk_a[i] != chunk_b[i] || PositionOf(chunk_a[i].first) != expected) {
        // A record missing from one copy shows as a key further on: the difference is where it was.
        out->eerste_verschil = expected;
        return Status::Ok();
      }
      out->gelijk_tot = expected;
    }
    if (chunk_a.size() != chunk_b.size()) {
      // One copy ends here: a shorter replica is behind, not different, unless the other goes on
      // past records it lacks (read to its end to say how long it is).
      const bool a_longer = chunk_a.size() > chunk_b.size();
      const eventstore::RecordSource& longer = a_longer ? a : b;
      uint64_t last = 0;
      if (Status s = longer.Scan(out->gelijk_tot + 1,
                                 [&last](std::string_view key, std::string_view) {
                                   last = GetBigEndian64(key).value_or(0);
                                   return true;
                                 });
          !s.ok()) {
        return s;
      }
      (a_longer ? out->lengte_a : out->lengte_b) = last;
      return Status::Ok();
    }
    if (chunk_a.size() < kChunk) return Status::Ok();
    from = out->gelijk_tot + 1;
  }
}

}  // namespace regiotafel::audit
