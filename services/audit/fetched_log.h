// A bus's log read over its fetch endpoint (docs/BUS.md), as a follower reads it: pages of at most
// kPage records, one request at a time. The head is the bus's when the log was opened, so that a
// bus that goes on committing does not move the end of what is verified. With Curve settings the
// auditor connects with a key in the bus's trust file.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <zmq.hpp>

#include "eventstore/record_source.h"
#include "regiotafel/v1/bus.pb.h"
#include "transport/curve.h"

namespace regiotafel::audit {

class FetchedLog : public eventstore::RecordSource {
 public:
  static constexpr uint32_t kPage = 10'000;

  // Connects and asks for the head; Unavailable when the bus does not answer within `patience`.
  static Status Open(const std::string& endpoint, const transport::CurveSettings& curve,
                     std::chrono::milliseconds patience, std::unique_ptr<FetchedLog>* out);

  const std::string& name() const override { return endpoint_; }
  Status ClaimedHead(eventstore::LogHead* out) const override;
  Status Scan(uint64_t from,
              const std::function<bool(std::string_view key, std::string_view value)>& visit) const override;

 private:
  FetchedLog(std::string endpoint, std::chrono::milliseconds patience);
  // One page from `from` on.
  Status Fetch(uint64_t from, uint32_t max, v1::FetchResponse* out) const;

  std::string endpoint_;
  std::chrono::milliseconds patience_;
  mutable zmq::context_t context_;
  mutable zmq::socket_t socket_;
  mutable uint64_t request_id_ = 0;
  eventstore::LogHead head_;
};

}  // namespace regiotafel::audit
