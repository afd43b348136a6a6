// Who may publish what (docs/CONTRACT.md §4): the role matrix and the "own" rules.
#pragma once

#include "base/status.h"
#include "contract/identifiers.h"
#include "contract/streams.h"

namespace regiotafel::contract {

// Whether an organisation of `kind` may publish events of this payload at all.
bool MayPublish(OrgKind kind, PayloadCase payload);

// Checks envelope.origin against the role matrix and the "own" rules (the organisation named in the
// payload must be the origin). InvalidArgument with the field and a reason otherwise.
Status CheckRole(const v1::Envelope& envelope);

}  // namespace regiotafel::contract
