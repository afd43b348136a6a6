// The view te_vergeten (DOMAIN.md §7 rule 6): the dossiers past the region's bewaartermijn that are
// not forgotten yet, computed from the dossier view at one AsOf (docs/PROJECTIONS.md, "Te vergeten").
// Pure: no clock, the peildatum is an argument.
#pragma once

#include <cstdint>

#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections {

inline constexpr int32_t kDefaultBewaartermijnJaren = 7;

// The day `jaren` calendar years after `day`; 29 February in a year that is not a leap year becomes
// 28 February (the term ends on the last day of that February).
int32_t PlusJaren(int32_t day, int32_t jaren);

// The first peildatum at which a dossier with this laatste_datum is past the bewaartermijn: the day
// after laatste_datum + `jaren` years (it is due when laatste_datum + jaren < peildatum).
int32_t TeVergetenSinds(int32_t laatste_datum, int32_t jaren);

// Every dossier of `dossiers` (the view at `peildatum`) whose laatste_datum + `jaren` years lies
// before `peildatum` and that is not vergeten, in the order of `dossiers` (by v_nummer). A dossier
// without laatste_datum is never listed.
v1::TeVergetenView TeVergeten(const v1::DossiersView& dossiers, int32_t peildatum, int32_t jaren);

}  // namespace regiotafel::projections
