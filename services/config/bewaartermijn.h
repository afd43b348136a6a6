// The bewaartermijn of a region (DOMAIN.md §7 rule 6): `bewaartermijn_jaren`, a top-level key of the
// region's TOML (region_config.h) that the launcher copies into every node's configuration
// (node_config.h), as it copies [drempels]. A dossier whose last event lies longer ago is listed in
// the view te_vergeten (projections/te_vergeten.h).
//
//   bewaartermijn_jaren = 7   # optional; whole calendar years, 1 to 100
#pragma once

#include <cstdint>
#include <string>

#include "base/status.h"
#include "services/config/toml_reading.h"

namespace regiotafel::config {

inline constexpr int64_t kMinBewaartermijnJaren = 1;
inline constexpr int64_t kMaxBewaartermijnJaren = 100;

// Sets `*jaren` from `node` when it is there (absent: left as it is). InvalidArgument (field
// "bewaartermijn_jaren"), in Dutch and naming the file, for anything but a whole number 1 … 100.
Status ReadBewaartermijn(Node node, const std::string& file, int32_t* jaren);

}  // namespace regiotafel::config
