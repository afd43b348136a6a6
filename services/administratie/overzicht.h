// The dossier overview in the old administration's columns (kolommen.h), for `exporteer`: what the
// region's clerks kept in Excel, now computed from the log at any peildatum, so that the file they get
// back reads like the one they handed in, and can be imported again.
#pragma once

#include <string>

#include "regiotafel/v1/views.pb.h"
#include "services/table/table.h"

namespace regiotafel::administratie {

// One row per dossier, in the view's order, under the fifteen headers of KolomNaam, followed by Fase
// and Signalen (which the import leaves alone). Dates are dates, counts numbers. BSN, Inschrijfnummer
// and Geboortedatum stay empty: the dossier view (DOMAIN.md §5) does not carry them, and an overview
// that travels by e-mail should not either; the log keeps them for whoever may see them.
table::Table Overzicht(const v1::DossiersView& view);

// The sheet "Over dit overzicht" beside it in a workbook: two columns, Wat and Waarde, and the rows
// Peildatum, Positie in het log, Node (`bron`: where the overview came from, a node's address or its
// organisation) and Gemeente (the filter; "" is "alle"). All as text, as the answer named them.
table::Table OverDitOverzicht(const std::string& peildatum, const std::string& position,
                              const std::string& bron, const std::string& gemeente);

}  // namespace regiotafel::administratie
