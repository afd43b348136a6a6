// The command line every organisation executable shares; each executable's main is one call:
//
//   regiotafel-<kind> serve --config node.toml          the organisation's node (node::RunNode)
//   regiotafel-<kind> <event> [--node URL] --field …    one command per event the kind may publish
//   regiotafel-<kind> submit FILE.jsonl [--node URL]    one event body per line, with a report
//   regiotafel-<kind> toon VIEW [--peildatum D] …        the node's views (view_command.h)
//   regiotafel-<kind> exporteer FILE.xlsx|FILE.csv …     the dossier overview for Excel (export_command.h)
//   regiotafel-regio importeer FILE --regio R.toml …     the old Excel administration (import_command.h)
//   regiotafel-<kind> vergeet V-NUMMER|--bestand FILE …  DossierVergeten, gemeente and regio
//   (vergeet_command.h)
//
// Every command that talks to a node takes --token TOKEN (else $REGIOTAFEL_TOKEN).
//
// An event the kind may not publish has no command (the node would refuse it at its door anyway).
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "contract/identifiers.h"
#include "services/organisation/event_command.h"
#include "services/organisation/export_command.h"
#include "services/organisation/import_command.h"
#include "services/organisation/vergeet_command.h"
#include "services/organisation/view_command.h"

namespace regiotafel::organisation {

// The app of one kind: its subcommands and the values they parse into. Separate from
// OrganisationMain so that tests can parse a command line and look at the body it makes.
class OrganisationCli {
 public:
  explicit OrganisationCli(contract::OrgKind kind);
  OrganisationCli(const OrganisationCli&) = delete;
  OrganisationCli& operator=(const OrganisationCli&) = delete;

  CLI::App& app() { return app_; }
  // The event command named `name` ("brp-inschrijving"); nullptr when this kind has none.
  EventCommand* Event(const std::string& name);
  ViewCommand& views() { return *views_; }
  ExportCommand& exporteer() { return *export_; }
  // nullptr for a kind that may not publish AdministratieOvergenomen.
  ImportCommand* importeer() { return import_.get(); }
  // nullptr for a kind that may not publish DossierVergeten.
  VergeetCommand* vergeet() { return vergeet_.get(); }
  // After parsing: runs the chosen subcommand and returns the process exit code.
  int Run();

 private:
  contract::OrgKind kind_;
  CLI::App app_;
  CLI::App* serve_ = nullptr;
  CLI::App* submit_ = nullptr;
  std::vector<std::unique_ptr<EventCommand>> events_;
  std::unique_ptr<ViewCommand> views_;
  std::unique_ptr<ExportCommand> export_;
  std::unique_ptr<ImportCommand> import_;    // only for a kind that may publish AdministratieOvergenomen
  std::unique_ptr<VergeetCommand> vergeet_;  // only for a kind that may publish DossierVergeten
  std::string config_path_;
  std::string node_url_ = kDefaultNode;
  std::string token_;
  std::string submit_path_;
  SubmitFlags submit_flags_;
};

// The whole main of an organisation executable: parses argv, runs the chosen subcommand.
int OrganisationMain(contract::OrgKind kind, int argc, char** argv);

}  // namespace regiotafel::organisation
