// The files `up` writes under the data directory (see region_layout.h).
//
// Keys are made once and never rewritten: they are the organisations' identities in the log, and a
// resumed region must verify the signatures its log already holds. Everything else is derived from
// the region's TOML and rewritten on every `up` (atomically: written beside, then renamed), so a
// changed poort_basis or a new organisation takes effect on the next start.
#pragma once

#include "base/status.h"
#include "services/region/region_layout.h"
#include "services/region/region_plan.h"

namespace regiotafel::region {

// The directories, a key per organisation (when missing), the trust file, the bus's and every
// node's configuration.
Status WriteRegionFiles(const RegionPlan& plan, const RegionLayout& layout);

// DIR/region.json: {"naam", "bus": {"submit", "publish", "fetch"}, "nodes": {"<org id>": "http://…"}}.
Status WriteRegionJson(const RegionPlan& plan, const RegionLayout& layout);

// Writes `text` to `path` through a temporary file and a rename, so a reader never sees half.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace regiotafel::region
