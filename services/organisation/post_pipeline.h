// Posting many event bodies to one node and collecting what became of each: the pipeline under
// `submit FILE.jsonl` (submit_file.h) and `importeer` (import_command.h).
//
// Pipelined: the bodies are POSTed in batches of up to 500 (POST /api/v1/events/batch: the node
// stores a batch in one synced outbox write and answers 202 per body) without waiting for the bus,
// then the decisions are collected in order by posting the still pending bodies again, a batch at a
// time (an event id's second POST answers its state and stores nothing). The batches go one after
// the other on one connection, not in parallel, because the node numbers its events (origin_seq) in
// the order they arrive and the bus appends them in that order: the log keeps the input's order,
// which the projections' folds depend on (a Reservering before its ReserveringVervallen).
//
// When the node stops answering, or refuses the token, the rest is not sent and says so.
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/node_client/node_client.h"
#include "services/organisation/progress_meter.h"

namespace regiotafel::organisation {

struct SubmitOptions {
  bool progress = false;  // draw a ProgressMeter on stderr
  // Collecting gives up when nothing was decided for this long; the rest stays PENDING.
  std::chrono::milliseconds patience{60'000};
};

// The command-line options of a command that posts through PostAll (submit, importeer):
// --progress, --no-progress, --patience SECONDS.
struct SubmitFlags {
  bool progress = false;
  bool no_progress = false;
  int patience_seconds = 60;

  void AddTo(CLI::App& command);
  // After parsing: a progress bar on a terminal unless --no-progress, or anywhere with --progress.
  SubmitOptions Options() const;
};

struct Post {
  uint64_t number = 0;  // the line or row the body came from, for the report
  std::string body;
};

struct Posted {
  node_client::EventOutcome outcome;
  // The node's first answer was already a decision (or a 409 on the event id): it knew this event
  // before, so posting it again added nothing.
  bool known = false;
};

// Posts `posts` in order and collects their decisions; one Posted per Post. `unit` names a Post in
// the not-sent messages ("line", "rij"). Progress goes to `meter`. A body without an event id gets
// one here (a random UUID), so that collecting can post it again to ask after it.
std::vector<Posted> PostAll(node_client::NodeClient& client, const std::vector<Post>& posts,
                            std::string_view unit, const SubmitOptions& options, ProgressMeter& meter);

}  // namespace regiotafel::organisation
