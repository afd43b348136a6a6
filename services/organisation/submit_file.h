// SubmitFile: `regiotafel-<kind> submit FILE.jsonl` — one POST /api/v1/events body per line
// (DOMAIN.md §6), sent to one node, with a report per line and a summary.
//
// Pipelined: every line is POSTed without waiting for the bus (the node answers 202 once the event
// is in its synced outbox), then the decisions are collected with GET /api/v1/events/{id} in line
// order. The lines are POSTed one after the other on one connection, not in parallel, because the
// node numbers its events (origin_seq) in the order they arrive and the bus appends them in that
// order: the log keeps the file's order, which the projections' folds depend on (a Reservering
// before its ReserveringVervallen).
//
// A line that is not UTF-8 is refused here, without sending it; everything else (not JSON, a
// field rule, an event this kind may not publish) is refused by the node, which says why. Blank
// lines are skipped. When the node stops answering, the rest of the file is reported as not sent.
//
// The report (stdout), one line per non-blank line of the file:
//   line 3: COMMITTED at position 17
//   line 4: REJECTED: reason
//   line 5: refused: aanmelding.v_nummer: reason
//   line 6: PENDING: not decided yet (…)
//   line 7: not sent: …
//   line 8: geen toegang tot …          (401/403: the node refused the token; the rest is not sent)
// then  "FILE: 7 lines: 3 committed, 1 rejected, 1 refused, 1 pending, 1 not sent (2.1 s, 3 lines/s)".
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <string>

#include "services/organisation/node_client.h"

namespace regiotafel::organisation {

struct SubmitOptions {
  bool progress = false;  // draw a ProgressMeter on `err`
  // Collecting gives up when no line was decided for this long; the rest is reported PENDING.
  std::chrono::milliseconds patience{60'000};
};

struct SubmitSummary {
  uint64_t lines = 0;
  uint64_t committed = 0;
  uint64_t rejected = 0;
  uint64_t refused = 0;
  uint64_t pending = 0;
  uint64_t not_sent = 0;
  bool denied = false;  // the node refused the token: nothing was sent after that line

  bool all_committed() const { return committed == lines; }
};

// Reads `in` (`total_bytes`: its size for the percentage, 0 when unknown) to the end.
SubmitSummary SubmitLines(NodeClient& client, std::istream& in, uint64_t total_bytes,
                          const SubmitOptions& options, std::ostream& report, std::ostream& err);

// The whole command: opens FILE ("-" for stdin), runs SubmitLines, prints the summary. Exit code 0
// only when every line committed; 1 otherwise; 2 when the file or the node URL is unusable, or the
// node refused the token (401/403).
int SubmitFile(const std::string& node_url, const std::string& token, const std::string& path,
               const SubmitOptions& options, std::ostream& out, std::ostream& err);

}  // namespace regiotafel::organisation
