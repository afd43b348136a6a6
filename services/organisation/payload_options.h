// PayloadOptions: the command-line options of one event, generated from the protobuf descriptor of
// its payload message. A field the contract adds becomes an option without a line of code here;
// there is no hand-written option list per event.
//
//   a string field         --kebab-name VALUE   (a field ending in _id also as --name-without-id:
//                                                --woning-id and --woning)
//   an integer field       --kebab-name INT     checked against the field's range
//   an enum field          --kebab-name NAME    the enum's names but its UNSPECIFIED one, any case
//   a repeated message     --field-name and --<last word of the element type>, repeatable, each
//                          "PART,PART,…": the element's fields in their order, comma separated
//                          (--persoon "1234567890,Amina Haddad,1990-04-01"); parts left out at the
//                          end stay empty; "\," is a comma inside a part
//   datum                  defaults to today (local time)
//   a field named after the publishing kind (corporatie for a corporatie, gemeente for a gemeente)
//                          defaults to the node's own organisation: that is the "own" rule of
//                          DOMAIN.md §4 for every event that has one
//
// Which fields are required is the contract's business: the node refuses a body that lacks one,
// naming the field, and OptionFor() turns that field back into the option to give.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "contract/identifiers.h"
#include "contract/streams.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::organisation {

// Where the defaults come from; the own organisation is asked only when a command needs it.
struct PayloadDefaults {
  std::string today;  // YYYY-MM-DD
  std::function<Status(std::string*)> own_organisation;
};

// Today's date on this machine's clock, YYYY-MM-DD.
std::string TodayLocal();

class PayloadOptions {
 public:
  PayloadOptions(contract::PayloadCase payload, contract::OrgKind kind);
  ~PayloadOptions();
  PayloadOptions(const PayloadOptions&) = delete;
  PayloadOptions& operator=(const PayloadOptions&) = delete;

  // Adds one option per field to `command`; this object must outlive the command's parsing.
  void AddTo(CLI::App& command);

  // After parsing: the envelope with only its payload set, from the options given and the defaults.
  Status Build(const PayloadDefaults& defaults, v1::Envelope* out) const;

  // The option that sets the field a contract path names ("reservering.woning_id" → "--woning-id",
  // "aanmelding.gezinsleden[1].naam" → "--gezinsleden"); "" when no option does.
  std::string OptionFor(std::string_view field_path) const;

  // The event's name as the contract writes it: "Aanmelding", "BrpInschrijving".
  const std::string& event_name() const;

 private:
  struct FieldOption;

  const google::protobuf::FieldDescriptor* payload_field_;
  contract::OrgKind kind_;
  std::vector<std::unique_ptr<FieldOption>> fields_;  // stable addresses: CLI11 writes into them
};

}  // namespace regiotafel::organisation
