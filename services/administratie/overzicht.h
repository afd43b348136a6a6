// The dossier overview in the old administration's columns (kolommen.h), for `exporteer`: what the
// region's clerks kept in Excel, now computed from the log at any peildatum, so that the file they get
// back reads like the one they handed in, and can be imported again.
#pragma once

#include "regiotafel/v1/views.pb.h"
#include "services/table/table.h"

namespace regiotafel::administratie {

// One row per dossier, in the view's order, under the fifteen headers of KolomNaam, followed by Fase
// and Signalen (which the import leaves alone). Dates are dates, counts numbers. BSN, Inschrijfnummer
// and Geboortedatum stay empty: the dossier view (DOMAIN.md §5) does not carry them, and an overview
// that travels by e-mail should not either; the log keeps them for whoever may see them.
table::Table Overzicht(const v1::DossiersView& view);

}  // namespace regiotafel::administratie
