// A log as the tests that run the bus and nodes as real processes check it (tests/node/,
// tests/faults/): the event ids of its records, the whole EventLog read back from its RocksDB
// directory once its owner has stopped, and two logs compared record by record.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::testing {

// Event id → position over `records`; an event id found twice is a test failure.
inline std::map<std::string, uint64_t> EventPositions(const std::vector<v1::LogRecord>& records) {
  std::map<std::string, uint64_t> positions;
  for (const v1::LogRecord& record : records) {
    v1::Envelope envelope;
    EXPECT_TRUE(envelope.ParseFromString(record.envelope())) << "position " << record.position();
    EXPECT_TRUE(positions.emplace(envelope.event_id(), record.position()).second)
        << "event " << envelope.event_id() << " twice in the log (again at " << record.position() << ")";
  }
  return positions;
}

// Every record of the EventLog in `dir`, after checking its hash chain. The process that owns the
// log must have stopped (RocksDB locks the directory).
inline ::testing::AssertionResult ReadWholeLog(const std::string& dir, std::vector<v1::LogRecord>* out) {
  std::unique_ptr<eventstore::EventLog> log;
  eventstore::EventLogOptions options;
  options.create_if_missing = false;
  if (Status s = eventstore::EventLog::Open(dir, options, &log); !s.ok()) {
    return ::testing::AssertionFailure() << "opening " << dir << ": " << s.ToString();
  }
  if (Status s = log->Verify(1, 0); !s.ok()) {
    return ::testing::AssertionFailure() << dir << " does not verify: " << s.ToString();
  }
  out->clear();
  if (Status s = log->Read(1, log->Head().position, out); !s.ok()) {
    return ::testing::AssertionFailure() << "reading " << dir << ": " << s.ToString();
  }
  if (out->size() != log->Head().position) {
    return ::testing::AssertionFailure()
           << dir << " read " << out->size() << " records of " << log->Head().position;
  }
  return ::testing::AssertionSuccess();
}

// The same records, byte for byte (as serialized), in the same order.
inline ::testing::AssertionResult SameRecords(const std::vector<v1::LogRecord>& expected,
                                              const std::vector<v1::LogRecord>& actual) {
  if (expected.size() != actual.size()) {
    return ::testing::AssertionFailure()
           << actual.size() << " records where " << expected.size() << " were expected";
  }
  for (size_t i = 0; i < expected.size(); ++i) {
    if (expected[i].SerializeAsString() != actual[i].SerializeAsString()) {
      return ::testing::AssertionFailure()
             << "the records at position " << i + 1 << " differ (hash " << ToHex(expected[i].hash()) << " vs "
             << ToHex(actual[i].hash()) << ")";
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace regiotafel::testing
