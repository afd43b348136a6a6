// The signal thresholds of a region in its configuration files: the `[drempels]` table of the
// region's TOML (services/config/region_config.h), which the launcher copies into every node's
// configuration (node_config.h). Keys are the names of projections::Thresholds, values whole days:
//
//   [drempels]
//   termijn_huisvesting_dagen = 70            # TERMIJN_HUISVESTING
//   reservering_zonder_contract_dagen = 28    # RESERVERING_ZONDER_CONTRACT
//   termijn_verhuizing_dagen = 14             # TERMIJN_VERHUIZING
//   brp_ontbreekt_dagen = 14                  # BRP_ONTBREEKT
//   begeleiding_ontbreekt_vanaf_dagen = 14    # BEGELEIDING_ONTBREEKT: vanaf < P − ingangsdatum
//   begeleiding_ontbreekt_tot_dagen = 365     #                        P − ingangsdatum ≤ tot
//   overboeking_open_dagen = 30               # OVERBOEKING_OPEN
//   stil_dagen = 30                           # STIL
//   woning_onbenut_dagen = 14                 # WONING_ONBENUT
//   monitoring_dagen = 365                    # Begeleiding.in_monitoring
//
// Every key is optional (default: DOMAIN.md §5, as in projections/thresholds.h); an unknown key is
// an error, so that a misspelt threshold never silently keeps its default.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "projections/drempels.h"

namespace regiotafel::config {

inline constexpr int64_t kMaxDrempelDagen = 3650;

// The keys of [drempels], in the order above.
const std::vector<std::string_view>& DrempelNames();

// Sets the threshold `name` to `days`. InvalidArgument (field "drempels.<name>") for an unknown name
// (the message lists the known ones) or a value outside 0 … kMaxDrempelDagen.
Status SetDrempel(std::string_view name, int64_t days, projections::Drempels* out);

// The rules between thresholds: begeleiding_ontbreekt_vanaf_dagen < begeleiding_ontbreekt_tot_dagen.
Status CheckDrempels(const projections::Drempels& drempels);

// A [drempels] table (absent: the defaults) as the file at `path` has it: every key a known
// threshold with a whole number of days, and the rules between them. Errors name the file.
Status ReadDrempels(const toml::node_view<const toml::node>& node, const std::string& path,
                    projections::Drempels* out);
// The [drempels] of a TOML file: a region's file or a node's configuration.
Status LoadDrempels(const std::string& path, projections::Drempels* out);

// The value of a known threshold (0 for an unknown name).
int32_t DrempelValue(std::string_view name, const projections::Drempels& drempels);

}  // namespace regiotafel::config
