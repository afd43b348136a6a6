// ReadAhead: the records of a log in order, in chunks, each chunk read and its envelopes parsed on a
// thread of its own while the caller folds the chunk before (why: docs/PROJECTIONS.md, "Served").
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "base/status.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "services/node/views/personal_data.h"

namespace regiotafel::node {

struct ParsedRecord {
  uint64_t position = 0;
  bool parsed = false;                     // false: the envelope bytes did not parse (it is empty)
  const v1::Envelope* envelope = nullptr;  // valid while `fold` runs on its chunk
};

// Hands `fold` the records from..until (until included; fewer when the log ends before) in chunks
// of at most `chunk`, in order. `fold` returning false stops early (Ok). Not ok when the log could
// not be read; the chunks before were handed over. A chunk's envelopes live in one protobuf arena,
// freed at once after its fold.
// With `personal_data`, each envelope is handed over as this node may see it (personal_data.h).
Status ReadAhead(const eventstore::EventLog& log, uint64_t from, uint64_t until, size_t chunk,
                 const std::function<bool(std::vector<ParsedRecord>&)>& fold,
                 PersonalData* personal_data = nullptr);

}  // namespace regiotafel::node
