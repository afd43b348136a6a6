// EventCommand: one subcommand per event an organisation's kind may publish, named after the
// payload in kebab case (`aanmelding`, `brp-inschrijving`). It builds the body of
// POST /api/v1/events (DOMAIN.md §6) from PayloadOptions, posts it with ?wait=commit and prints the
// outcome:
//
//   COMMITTED at position N (event ID)            exit 0
//   REJECTED: reason (event ID)                    exit 1   the bus refused it
//   refused: field: reason (option --x)            exit 1   the node refused it at its door
//   PENDING: not decided yet (…)                   exit 3   the node's wacht_ms passed first
//   error: … (bad URL, unreachable, no access)     exit 2
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <iosfwd>
#include <memory>
#include <string>

#include "services/organisation/payload_options.h"

namespace regiotafel::organisation {

// The node the commands talk to: --node URL, else $REGIOTAFEL_NODE, else http://127.0.0.1:8080; and
// the token they show it: --token TOKEN, else $REGIOTAFEL_TOKEN, else none (a node without tokens).
inline constexpr const char* kDefaultNode = "http://127.0.0.1:8080";
void AddNodeOptions(CLI::App& command, std::string* url, std::string* token);

class EventCommand {
 public:
  // Adds the subcommand to `app`; this object must outlive parsing and Run.
  EventCommand(CLI::App& app, contract::PayloadCase payload, contract::OrgKind kind);
  EventCommand(const EventCommand&) = delete;
  EventCommand& operator=(const EventCommand&) = delete;

  bool chosen() const { return command_->parsed(); }
  CLI::App& command() { return *command_; }

  // The body to post, after parsing (`defaults.own_organisation` may be asked).
  Status Body(const PayloadDefaults& defaults, std::string* body) const;

  // Posts the body and reports on `out` (errors on `err`); returns the exit code above.
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  PayloadOptions options_;
  CLI::App* command_;
  std::string node_url_ = kDefaultNode;
  std::string token_;
  std::string event_id_;
  int timeout_seconds_ = 120;
  bool print_body_ = false;
};

}  // namespace regiotafel::organisation
