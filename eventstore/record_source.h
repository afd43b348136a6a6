// Where an auditor reads a log from: a copy on disk (LogCopy) or a bus that serves its log over
// the network (services/audit/fetched_log.h). Either hands out each record as stored, key and bytes,
// in position order, and the head it claims to have.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "eventstore/event_log.h"

namespace regiotafel::eventstore {

class RecordSource {
 public:
  virtual ~RecordSource() = default;
  // Where the records come from, for messages.
  virtual const std::string& name() const = 0;
  // The head the source claims (position 0: empty).
  virtual Status ClaimedHead(LogHead* out) const = 0;
  // Each record from position `from` on, in position order: its key (be64(position) in an intact
  // log) and its bytes (a serialized LogRecord), until `visit` answers false.
  virtual Status Scan(
      uint64_t from,
      const std::function<bool(std::string_view key, std::string_view value)>& visit) const = 0;
};

}  // namespace regiotafel::eventstore
