// CheckpointsApi: the bus's signed checkpoints this node checked and keeps (docs/TRUST.md,
// "Checkpoints"), so that anyone with a token can collect them for an audit.
//
//   GET /api/v1/checkpoints[?vanaf=P][&limit=N]
//     {"checkpoints": [{"positie", "root", "tijd", "signature"}, ...],   valid ones, positie order
//      "tegenstrijdig": [...]}                                           evidence, same form
//
// root and signature in lowercase hex, tijd as RFC 3339 (UTC). vanaf: the first positie (default 1);
// limit: at most so many valid checkpoints (default all). A bad or unknown parameter is
// 400 {"error", "field"}. The node's token rules (api_access.h) apply as to every GET.
#pragma once

#include <httplib.h>

#include "eventstore/checkpoint_store.h"

namespace regiotafel::node {

// Adds the route to `server` (before it serves); `store` must outlive the server.
void RegisterCheckpointsApi(httplib::Server& server, const eventstore::CheckpointStore& store);

}  // namespace regiotafel::node
