#include "services/organisation/event_command.h"

#include <ostream>

#include "base/uuid.h"
#include "contract/json.h"
#include "services/node_client/node_client.h"

namespace regiotafel::organisation {

void AddNodeOptions(CLI::App& command, std::string* url, std::string* token) {
  command
      .add_option(
          "--node", *url,
          "the organisation's node (default: $REGIOTAFEL_NODE, else " + std::string(kDefaultNode) + ")")
      ->envname("REGIOTAFEL_NODE")
      ->type_name("URL");
  // The environment is the better place: a command line is visible to every user of the machine.
  command
      .add_option("--token", *token,
                  "the node's API token, sent as Authorization: Bearer (default: $REGIOTAFEL_TOKEN; "
                  "regiotafel-region up writes one per node into region.json)")
      ->envname("REGIOTAFEL_TOKEN")
      ->type_name("TOKEN");
}

EventCommand::EventCommand(CLI::App& app, contract::PayloadCase payload, contract::OrgKind kind)
    : options_(payload, kind) {
  std::string name(contract::PayloadName(payload));
  for (char& c : name) {
    if (c == '_') c = '-';
  }
  command_ =
      app.add_subcommand(name, "publish one " + options_.event_name() + " and wait for the bus's decision");
  command_->group("Events (what this organisation may publish)");
  AddNodeOptions(*command_, &node_url_, &token_);
  command_
      ->add_option("--event-id", event_id_, "the event's id (a UUID); give one to make a retry idempotent")
      ->type_name("UUID")
      ->check([](const std::string& text) {
        return IsCanonicalUuid(text) ? std::string() : "not a lowercase UUID: " + text;
      });
  command_->add_option("--timeout", timeout_seconds_, "seconds to wait for the node's answer")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command_->add_flag("--print-body", print_body_,
                     "print the JSON body (one line, as `submit` reads it) instead of posting it");
  options_.AddTo(*command_);
}

Status EventCommand::Body(const PayloadDefaults& defaults, std::string* body) const {
  v1::Envelope envelope;
  if (Status s = options_.Build(defaults, &envelope); !s.ok()) return s;
  envelope.set_event_id(event_id_);
  *body = contract::BodyFromEnvelope(envelope);
  return Status::Ok();
}

int EventCommand::Run(std::ostream& out, std::ostream& err) const {
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s =
          node_client::NodeClient::Open(node_url_, token_, std::chrono::seconds(timeout_seconds_), &client);
      !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  PayloadDefaults defaults;
  defaults.today = TodayLocal();
  if (!print_body_)
    defaults.own_organisation = [&client](std::string* own) { return client->Organisation(own); };
  std::string body;
  if (Status s = Body(defaults, &body); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  if (print_body_) {
    out << body << "\n";
    return 0;
  }

  const node_client::EventOutcome outcome = client->Post(body, /*wait_for_commit=*/true);
  switch (outcome.kind) {
    case node_client::EventOutcome::Kind::kCommitted:
    case node_client::EventOutcome::Kind::kRejected:
      out << node_client::Describe(outcome) << " (event " << outcome.event_id << ")\n";
      return outcome.kind == node_client::EventOutcome::Kind::kCommitted ? 0 : 1;
    case node_client::EventOutcome::Kind::kPending:
      out << Describe(outcome) << "\n";
      return 3;
    case node_client::EventOutcome::Kind::kRefused: {
      out << Describe(outcome);
      if (const std::string option = options_.OptionFor(outcome.field); !option.empty()) {
        out << " (option " << option << ")";
      }
      out << "\n";
      return 1;
    }
    case node_client::EventOutcome::Kind::kUnreachable:
    case node_client::EventOutcome::Kind::kDenied:
      err << "error: " << Describe(outcome) << "\n";
      return 2;
  }
  return 2;
}

}  // namespace regiotafel::organisation
