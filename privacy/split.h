// The split of DOMAIN.md §7 rule 2: an event's personal fields leave the envelope, one part per
// class, and the envelope keeps a commitment to each; and the join that puts a part back after
// checking it against its commitment. By reflection over the `klasse` options of events.proto.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"

namespace regiotafel::privacy {

// SHA-256(salt ‖ velden): what the envelope commits to.
std::string CommitmentOf(const v1::PersoonsgegevensDeel& deel);

// Moves every non-empty personal field of `*envelope`'s payload into a part of its class (fresh
// random salt each), leaves those fields empty and adds one Commitment per part, in kKlassen order.
// An envelope that already carries commitments is refused (InvalidArgument): it was split before.
Status Split(v1::Envelope* envelope, std::vector<v1::PersoonsgegevensDeel>* delen);

// Puts `deel` back into `*envelope`: InvalidArgument (nothing changed) when the envelope has no
// commitment of the part's class, the commitment differs, or the part holds a field of another class,
// a field outside the payload, another payload or more list elements than the envelope.
Status Join(const v1::PersoonsgegevensDeel& deel, v1::Envelope* envelope);

// Sets every field of class `klasse` that the envelope's payload has room for to `text` ("" for a
// class the reader may not read, "onleesbaar" for a part that cannot be opened, "vergeten").
// Only where the envelope commits to that class; list elements are those the envelope has.
void FillKlasse(v1::Klasse klasse, const std::string& text, v1::Envelope* envelope);

// Empties every field of class `klasse`, committed or not: what a reader that may not read the class
// sees of an event stored whole (written before the split, or by a node without class keys).
void Withhold(v1::Klasse klasse, v1::Envelope* envelope);

}  // namespace regiotafel::privacy
