// JSON ⇄ protobuf with protobuf's own JSON mapping: proto field names, enums as their names.
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "base/status.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::contract {

// Parses the body of POST /api/v1/events (docs/CONTRACT.md §6): one object with exactly one key
// that names a payload (e.g. {"aanmelding": {...}}), optionally beside "event_id". Any other key
// (also "origin", "stream", ... which the node fills in itself), malformed JSON or a second payload
// is refused with InvalidArgument. Only the payload and event_id are set in `out`; the payload is
// not yet validated (see ValidatePayload). An event_id, when given and not empty, must be a
// lowercase canonical UUID. The text must be strict JSON (RFC 8259) in valid UTF-8, at most 32
// levels deep, without a key twice in one object. `out` is cleared on failure.
Status EnvelopeFromBody(std::string_view json, v1::Envelope* out);

// The body form of an envelope: {"event_id": ..., "<payload>": {...}}; the inverse of the above.
std::string BodyFromEnvelope(const v1::Envelope& envelope);

// Any message as JSON, proto field names, enums as names, every field printed (defaults too; an
// unset proto3 `optional` field is left out). "" when protobuf cannot print it (only a Timestamp or
// Duration out of range does that).
std::string ToJson(const google::protobuf::Message& message);
// The same text as ToJson for a list: a message whose first field is a repeated message and whose
// others are strings (each view of §6, a page's `volgende`), its rows made one by one on every
// core. Protobuf's printer first builds a tree of the whole message, which for 100,000 rows costs
// more time and memory (~0.5 GB for the dossiers view) than printing them; the rows are
// independent. Any other message goes to ToJson.
std::string ListToJson(const google::protobuf::Message& list);
// Any message from JSON; unknown keys are refused, and so is what EnvelopeFromBody refuses as text
// (not strict JSON, not UTF-8, too deep, a key twice).
Status FromJson(std::string_view json, google::protobuf::Message* out);

}  // namespace regiotafel::contract
