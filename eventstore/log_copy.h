// A log directory opened only to be read, as an auditor reads it: a copy of any node's replica or
// of the bus's log, stopped or live. RocksDB's read-only open takes no lock and writes nothing, not
// even the index EventLog::Open would rebuild. The records come out as they are stored, key and
// bytes, so that a reader can tell a missing, moved or damaged record from the rest, where
// EventLog would refuse the whole log (docs/LOG_FORMAT.md has the layout).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/status.h"
#include "eventstore/event_log.h"
#include "eventstore/record_source.h"

namespace regiotafel::eventstore {

class LogCopy : public RecordSource {
 public:
  // `dir` is a log directory itself, or a data directory that holds one: a node's (replica/) or the
  // bus's (log/). InvalidArgument when it holds no event log.
  static Status Open(const std::string& dir, std::unique_ptr<LogCopy>* out);
  ~LogCopy() override;

  // Where the log was found.
  const std::string& name() const override { return dir_; }
  // The head the log's metadata claims; Corruption when it does not decode.
  Status ClaimedHead(LogHead* out) const override;
  // The stored records in key order.
  Status Scan(uint64_t from,
              const std::function<bool(std::string_view key, std::string_view value)>& visit) const override;

 private:
  struct Rocks;
  LogCopy(std::string dir, std::unique_ptr<Rocks> rocks);
  std::string dir_;
  std::unique_ptr<Rocks> rocks_;
};

}  // namespace regiotafel::eventstore
