// Which stream an event belongs to, and the names of payloads (docs/CONTRACT.md §3–§4).
#pragma once

#include <string>
#include <string_view>

#include "regiotafel/v1/events.pb.h"

namespace regiotafel::contract {

using PayloadCase = v1::Envelope::PayloadCase;

// dossier/<v_nummer>, woning/<woning_id>, gemeente/<slug>, corporatie/<slug>; "" when there is no
// payload. Overboeking belongs to gemeente/<slug of van_gemeente>. The slug is the part after "kind:".
std::string StreamOf(const v1::Envelope& envelope);

// The payload's proto field name in snake case ("aanmelding", "brp_inschrijving"); "" for none.
std::string_view PayloadName(PayloadCase payload);
// The reverse of PayloadName; PAYLOAD_NOT_SET for an unknown name.
PayloadCase PayloadCaseOf(std::string_view name);

}  // namespace regiotafel::contract
