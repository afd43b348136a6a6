// What one organisation sees of a committed envelope (DOMAIN.md §7 rule 4), for the view layer: per
// class the envelope commits to, the field values from its sealed part when the reader may read the
// class and the part opens and matches its commitment; "" when the reader may not read it;
// "onleesbaar" when the part does not open or match; "vergeten" when the part is gone (erased by a
// DossierVergeten, rule 5).
#pragma once

#include <vector>

#include "base/status.h"
#include "contract/identifiers.h"
#include "privacy/seal.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::privacy {

inline constexpr char kOnleesbaar[] = "onleesbaar";
inline constexpr char kVergeten[] = "vergeten";

// A class the reader may read but could not: why (for the node's log, by event id; never a value).
struct Unreadable {
  v1::Klasse klasse;
  Status why;
};

// Fills `*envelope` for a reader of kind `reader` from `sealed`, the parts the reader's node holds
// for this event. The origin reads what it wrote only where its kind may read the class: a corporatie's
// toelichting and the regio's BSNs of the old administration are sealed for the kinds that may read
// them, and not for their writer (docs/PRIVACY.md). An event stored whole (no commitments) shows
// what the reader may read and "" for the rest.
std::vector<Unreadable> Reveal(const std::vector<v1::VerzegeldDeel>& sealed, Opener& opener,
                               contract::OrgKind reader, v1::Envelope* envelope);

}  // namespace regiotafel::privacy
