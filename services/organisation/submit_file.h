// SubmitFile: `regiotafel-<kind> submit FILE.jsonl` — one POST /api/v1/events body per line
// (DOMAIN.md §6), sent to one node, with a report per line and a summary.
//
// The lines go through PostAll (post_pipeline.h): posted in order without waiting, then collected.
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

#include <cstdint>
#include <iosfwd>
#include <string>

#include "services/organisation/post_pipeline.h"

namespace regiotafel::organisation {

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

// Reads `in` to the end, then posts its lines.
SubmitSummary SubmitLines(node_client::NodeClient& client, std::istream& in, const SubmitOptions& options,
                          std::ostream& report, std::ostream& err);

// The whole command: opens FILE ("-" for stdin), runs SubmitLines, prints the summary. Exit code 0
// only when every line committed; 1 otherwise; 2 when the file or the node URL is unusable, or the
// node refused the token (401/403).
int SubmitFile(const std::string& node_url, const std::string& token, const std::string& path,
               const SubmitOptions& options, std::ostream& out, std::ostream& err);

}  // namespace regiotafel::organisation
