// Helpers shared by the tests that run the bus and nodes as real processes (tests/node/,
// tests/faults/): a node's HTTP answers, a valid event body, the event ids of a log, and a log read
// back from its RocksDB directory once its owner has stopped.
#pragma once

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <map>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/log.pb.h"

namespace regiotafel::testing {

// One HTTP answer of a node, its JSON body parsed.
struct Answer {
  int code = 0;  // 0: no HTTP answer at all
  google::protobuf::Struct json;
  std::string body;

  std::string Text(const std::string& key) const {
    auto it = json.fields().find(key);
    return it == json.fields().end() ? "" : it->second.string_value();
  }
  uint64_t Number(const std::string& key) const {
    auto it = json.fields().find(key);
    return it == json.fields().end() ? 0 : static_cast<uint64_t>(it->second.number_value());
  }
};

inline Answer ToAnswer(const httplib::Result& result) {
  Answer answer;
  if (!result) return answer;
  answer.code = result->status;
  answer.body = result->body;
  (void)google::protobuf::util::JsonStringToMessage(result->body, &answer.json);
  return answer;
}

// A valid POST /api/v1/events body (a Signaal, which every kind of organisation may publish).
inline std::string SignaalBody(const std::string& event_id, int i) {
  return R"({"event_id": ")" + event_id + R"(", "signaal": {"datum": "2025-03-01", "v_nummer": "1234567890",
      "signaal_id": "s)" +
         std::to_string(i) + R"(", "soort": "OVERIG", "omschrijving": "test"}})";
}

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
