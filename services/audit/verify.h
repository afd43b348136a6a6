// Verifying a copy of the regional log as an auditor does: every stored record, front to back,
// against everything the log promises (docs/AUDIT.md):
//   - positions 1, 2, 3… without gaps, each record stored under its own position;
//   - each record parses, its time never goes back, and its hash recomputes from its predecessor's;
//   - each envelope is valid under the contract (the bus never commits another);
//   - with a trust file, each signature is its origin's, by the key in effect at its position;
//   - the head the log claims is its last record.
// The first thing wrong is named with its position; what follows it is not trusted. The checks of
// each record on its own (contract, signature) run on every core, chunk by chunk; the chain runs
// through each chunk in order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "base/status.h"
#include "eventstore/event_log.h"
#include "eventstore/record_source.h"
#include "services/config/trust.h"

namespace regiotafel::audit {

// What is wrong, and where.
struct Bevinding {
  uint64_t position = 0;
  std::string reden;
};

struct VerifyOptions {
  const config::TrustMap* trust = nullptr;  // null: signatures are not checked
  // Called now and then with the records done and the claimed head.
  std::function<void(uint64_t gedaan, uint64_t totaal)> voortgang{};
};

struct VerifyResult {
  uint64_t records = 0;      // verified, from position 1 on (all of them when nothing is wrong)
  eventstore::LogHead head;  // of the last verified record
  std::string leaves;        // merkle::LeafHash of each verified record's hash, end to end
  std::optional<Bevinding> bevinding;
};

// A Status other than Ok is a failure to read (the copy itself is fine as far as known); what is
// wrong with the log is the result's bevinding.
Status VerifyLog(const eventstore::RecordSource& log, const VerifyOptions& options, VerifyResult* out);

}  // namespace regiotafel::audit
