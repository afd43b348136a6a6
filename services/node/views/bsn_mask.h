// Who sees a BSN in clear. A BSN is shown whole only to the nodes of a gemeente, COA and
// VluchtelingenWerk, who work with the person's registration; a corporatie's or the regio's node
// shows every BSN masked: seven asterisks and its last two digits ("*******82"), enough to tell two
// people apart on a screen, not enough to use the number.
//
// The log itself keeps every BSN (it is signed and hash-chained, and every node holds the same
// bytes): the masking happens where a node turns what it holds into an answer (ViewsApi).
#pragma once

#include <google/protobuf/message.h>

#include <string>
#include <string_view>

#include "contract/identifiers.h"

namespace regiotafel::node {

// Whether a node of this organisation kind may show a BSN whole.
bool ShowsBsn(contract::OrgKind kind);

// "111222333" → "*******33"; anything shorter than three characters → "*******".
std::string MaskBsn(std::string_view bsn);

// Masks every non-empty string field named "bsn" in `message` and in every message it holds,
// repeated and nested, whatever its type: a field added to the contract later is masked too.
void MaskBsns(google::protobuf::Message* message);

}  // namespace regiotafel::node
