// The drempels (thresholds) of the time-based signals (DOMAIN.md §5 "Signalen"), configurable per region.
// All are whole calendar days; a signal holds when P − date is strictly above its threshold
// (BEGELEIDING_ONTBREEKT: within the window (vanaf, tot]).
#pragma once

#include <cstdint>

namespace regiotafel::projections {

struct Drempels {
  int32_t termijn_huisvesting_dagen = 70;          // TERMIJN_HUISVESTING: P − koppeldatum > 70
  int32_t reservering_zonder_contract_dagen = 28;  // RESERVERING_ZONDER_CONTRACT: P − reservering > 28
  int32_t termijn_verhuizing_dagen = 14;           // TERMIJN_VERHUIZING: P − ingangsdatum > 14
  int32_t brp_ontbreekt_dagen = 14;                // BRP_ONTBREEKT: P − ingangsdatum > 14
  int32_t begeleiding_ontbreekt_vanaf_dagen = 14;  // BEGELEIDING_ONTBREEKT: 14 < P − ingangsdatum
  int32_t begeleiding_ontbreekt_tot_dagen = 365;   //                         P − ingangsdatum ≤ 365
  int32_t overboeking_open_dagen = 30;             // OVERBOEKING_OPEN: P − ingangsdatum > 30
  int32_t stil_dagen = 30;                         // STIL: P − laatste_datum > 30
  int32_t woning_onbenut_dagen = 14;               // WONING_ONBENUT: P − beschikbaar_per > 14
  int32_t monitoring_dagen = 365;  // Begeleiding.in_monitoring: 0 ≤ P − ingangsdatum ≤ 365
};

}  // namespace regiotafel::projections
