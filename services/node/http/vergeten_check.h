// The one rule of DOMAIN.md §4 the bus cannot check: a gemeente may forget (DossierVergeten) only a
// dossier linked to it. The gemeente's own node checks it at its door, against the dossier view of
// its replica (the regio may forget any dossier; the contract's role table lets only G and R publish).
#pragma once

#include <chrono>
#include <string>

#include "base/status.h"
#include "contract/identifiers.h"
#include "regiotafel/v1/events.pb.h"
#include "services/node/views/view_host.h"

namespace regiotafel::node {

// Ok for any other event, for a node that is not a gemeente's, and without `views`. Else
// InvalidArgument (field "v_nummer") when the dossier is unknown at the replica's head or linked to
// another gemeente than `organisatie`; Unavailable when the views do not catch up by `deadline`.
Status CheckVergetenLinked(const v1::Envelope& envelope, contract::OrgKind kind,
                           const std::string& organisatie, ViewHost* views,
                           ViewHost::Clock::time_point deadline);

}  // namespace regiotafel::node
