#include "services/organisation/organisation_cli.h"

#include <google/protobuf/descriptor.h>

#include <iostream>

#include "contract/roles.h"
#include "services/node/node.h"
#include "services/organisation/submit_file.h"

namespace regiotafel::organisation {

OrganisationCli::OrganisationCli(contract::OrgKind kind)
    : kind_(kind),
      app_("regiotafel-" + std::string(contract::OrgKindName(kind)) +
               ": the node of one organisation, and the events it publishes",
           "regiotafel-" + std::string(contract::OrgKindName(kind))) {
  app_.require_subcommand(1);
  app_.footer(
      "Event commands post to the node with ?wait=commit and print COMMITTED at position N, REJECTED: "
      "reason, or refused: field: reason; exit code 0 only when committed (1 refused or rejected, 2 "
      "error, 3 still pending). The node is --node URL, else $REGIOTAFEL_NODE, else " +
      std::string(kDefaultNode) + "; its token --token TOKEN, else $REGIOTAFEL_TOKEN.");

  serve_ =
      app_.add_subcommand("serve", "run this organisation's node: HTTP API, outbox, replica (docs/BUS.md)");
  serve_->add_option("--config", config_path_, "the node's configuration (node.toml)")->required();

  // One command per event this kind may publish, in the order of the contract.
  const google::protobuf::OneofDescriptor* payloads = v1::Envelope::descriptor()->FindOneofByName("payload");
  for (int i = 0; i < payloads->field_count(); ++i) {
    const auto payload = static_cast<contract::PayloadCase>(payloads->field(i)->number());
    if (contract::MayPublish(kind, payload))
      events_.push_back(std::make_unique<EventCommand>(app_, payload, kind));
  }

  submit_ =
      app_.add_subcommand("submit", "post a file of event bodies (JSON lines) and report on every line");
  submit_->add_option("file", submit_path_, "one POST /api/v1/events body per line; - for stdin")->required();
  AddNodeOptions(*submit_, &node_url_, &token_);
  submit_flags_.AddTo(*submit_);

  views_ = std::make_unique<ViewCommand>(app_);
  export_ = std::make_unique<ExportCommand>(app_);
  if (contract::MayPublish(kind, v1::Envelope::kAdministratieOvergenomen)) {
    import_ = std::make_unique<ImportCommand>(app_);
  }
  if (contract::MayPublish(kind, v1::Envelope::kDossierVergeten)) {
    vergeet_ = std::make_unique<VergeetCommand>(app_);
  }
}

EventCommand* OrganisationCli::Event(const std::string& name) {
  for (const std::unique_ptr<EventCommand>& event : events_) {
    if (event->command().get_name() == name) return event.get();
  }
  return nullptr;
}

int OrganisationCli::Run() {
  if (serve_->parsed()) return node::RunNode(kind_, config_path_);
  if (views_->chosen()) return views_->Run(std::cout, std::cerr);
  if (export_->chosen()) return export_->Run(std::cout, std::cerr);
  if (import_ && import_->chosen()) return import_->Run(std::cout, std::cerr);
  if (vergeet_ && vergeet_->chosen()) return vergeet_->Run(std::cout, std::cerr);
  for (const std::unique_ptr<EventCommand>& event : events_) {
    if (event->chosen()) return event->Run(std::cout, std::cerr);
  }
  return SubmitFile(node_url_, token_, submit_path_, submit_flags_.Options(), std::cout, std::cerr);
}

int OrganisationMain(contract::OrgKind kind, int argc, char** argv) {
  OrganisationCli cli(kind);
  // An event of another kind gets a sentence instead of CLI11's "A subcommand is required".
  if (argc >= 2 && cli.Event(argv[1]) == nullptr) {
    std::string snake = argv[1];
    for (char& c : snake) {
      if (c == '-') c = '_';
    }
    if (contract::PayloadCaseOf(snake) != v1::Envelope::PAYLOAD_NOT_SET) {
      std::cerr << "error: " << cli.app().get_name() << " has no command " << argv[1] << ": a "
                << contract::OrgKindName(kind) << " may not publish it (DOMAIN.md §4); see --help\n";
      return 2;
    }
  }
  CLI11_PARSE(cli.app(), argc, argv);
  return cli.Run();
}

}  // namespace regiotafel::organisation
