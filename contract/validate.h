// Validation of envelopes against the contract (docs/CONTRACT.md §2–§4). Every failure is an
// InvalidArgument Status whose field() names the offending field (a path such as
// "aanmelding.gezinsleden[1].v_nummer") and whose message() says in Dutch what is wrong,
// in words a clerk understands.
#pragma once

#include <google/protobuf/descriptor.h>

#include <string_view>

#include "base/status.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::contract {

// The payload alone: exactly one payload, lists within their bounds, required fields present,
// identifiers, dates, periodes, numbers and texts within the rules. What a node checks at its door before it
// fills the envelope.
Status ValidatePayload(const v1::Envelope& envelope);

// Everything: the envelope's own fields (event_id, origin, origin_seq, occurred_at), the payload,
// stream == StreamOf(payload), and the role matrix (CheckRole), in that order; the first failure is
// returned.
Status Validate(const v1::Envelope& envelope);

// Parses serialized envelope bytes and validates them. Bytes that do not parse, or that carry more
// than one payload field on the wire (protobuf would silently keep the last), are refused; `out` is
// then cleared. When only Validate fails, `out` holds what was parsed. Unknown fields outside the
// payload are kept (a later contract version may add envelope fields).
Status ParseEnvelope(std::string_view bytes, v1::Envelope* out);

// The most elements the contract takes in the repeated field `list` (docs/CONTRACT.md §7, "Lists"):
// kMaxGezinsleden for a list of persons, kMaxPersonen for a BRP-inschrijving's, one per class of
// personal data for an envelope's commitments; kMaxGezinsleden for a list the table does not name.
int MaxListLength(const google::protobuf::FieldDescriptor& list);

}  // namespace regiotafel::contract
