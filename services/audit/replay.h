// Replaying the log as an auditor asks for it (DOMAIN.md §5): what was known at a position or a
// moment, at a business date. The answer equals what a node served when its log held those records
// (projections are pure: docs/PROJECTIONS.md).
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "eventstore/record_source.h"
#include "projections/projection.h"

namespace regiotafel::audit {

struct ReplayVraag {
  uint64_t position = projections::kWholeLog;              // records 1 … positie
  std::optional<google::protobuf::Timestamp> bekend_op{};  // and recorded at or before this moment
  projections::Drempels drempels{};                        // the region's (DOMAIN.md §5)
};

// Applies the records the question reaches; *tot is the last one applied (0: none).
Status Replay(const eventstore::RecordSource& log, const ReplayVraag& vraag, projections::Projection* out,
              uint64_t* tot);

// The names `ViewByName` knows, in the order of DOMAIN.md §6.
const std::vector<std::string_view>& ViewNames();
// The whole view `naam` at `at`; InvalidArgument (field "view") naming the known ones otherwise.
Status ViewByName(const projections::Projection& projection, std::string_view naam,
                  const projections::AsOf& at, std::unique_ptr<google::protobuf::Message>* out);

}  // namespace regiotafel::audit
