// The files `up` writes under the data directory (see region_layout.h).
//
// Keys are made once and never rewritten: they are the organisations' identities in the log, and a
// resumed region must verify the signatures its log already holds. Everything else is derived from
// the region's TOML and rewritten on every `up` (atomically: written beside, then renamed), so a
// changed poort_basis or a new organisation takes effect on the next start.
#pragma once

#include <sys/types.h>

#include <string>

#include "base/key_file.h"  // WriteFileAtomically
#include "base/status.h"
#include "services/launcher/region_layout.h"
#include "services/launcher/region_plan.h"

namespace regiotafel::region {

// The directories, a key per organisation (when missing), the trust file, the bus's and every
// node's configuration; and a node's HTTP API token (when missing: 32 random bytes in hex, role
// schrijven, kept like a key in DIR/keys), which goes into its configuration (mode 0600).
Status WriteRegionFiles(const RegionPlan& plan, const RegionLayout& layout);

// DIR/region.json (mode 0600): {"naam", "bus": {"submit", "publish", "fetch"}, "nodes": {"<org id>":
// "http://…"}, "tokens": {"<org id>": "<token>"}}.
Status WriteRegionJson(const RegionPlan& plan, const RegionLayout& layout);

// A node's token from its token file (DIR/keys/<stem>.token). NotFound when there is none.
Status ReadTokenFile(const std::string& path, std::string* token);

}  // namespace regiotafel::region
