// The bus's counters for /metrics (metrics_server.h). Written by the bus's thread, read by the
// metrics server's: relaxed atomics only, nothing on the bus's path takes a lock for them.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

#include "base/metrics.h"
#include "base/status.h"

namespace regiotafel::bus {

// Why an event was rejected, a bounded label set: "batch" (in a batch refused whole: too many
// events or bytes; each of its events counts), "origin" (an
// unknown organisation or not the connection's), "signature", "event_id" (reused with other bytes),
// "conflict" (a stream version), "contract" (everything the contract's validation refuses).
inline constexpr std::array<std::string_view, 6> kRejectReasons = {"batch",    "origin",   "signature",
                                                                   "event_id", "conflict", "contract"};

// The label for a refusal's Status (never "batch": the caller knows that one).
std::string_view RejectReason(const Status& why);

struct BusMetrics {
  metrics::Counter committed;    // new records appended
  metrics::Counter duplicates;   // resubmissions answered with their first position
  metrics::Counter submissions;  // SubmitBatch messages taken
  std::array<metrics::Counter, kRejectReasons.size()> rejected;  // by kRejectReasons index
  metrics::Counter batches_refused;              // SubmitBatch messages refused whole, with one answer
  metrics::Counter refusals_unlogged;            // refusals counted in a summary line instead of a line each
  metrics::Counter malformed;                    // submit messages dropped: not one BusFrame, or not a submit
  std::atomic<uint64_t> organisaties_gezien{0};  // distinct organisations that submitted since start
  std::atomic<uint64_t> laatste_checkpoint{0};   // the positie of the last checkpoint signed (0: none yet)

  void Rejected(std::string_view reason, uint64_t events = 1);
};

}  // namespace regiotafel::bus
