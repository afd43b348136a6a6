// ImportCommand: `regiotafel-regio importeer FILE --regio REGION.toml [--proef]`, the region's old
// Excel administration taken over into the log (issue 8; services/administratie/ does the reading and
// checking, this posts).
//
//   1. The file is read (.xlsx or CSV, by its content) and every row checked.
//   2. Rows whose V-nummer already has a dossier in the region (asked of the node) and that were not
//      taken over before are problems too (administratie::SlaBestaandeDossiersOver).
//   3. Every problem is printed by row and column, and every remark ("let op, …"); with
//      --problemen FILE.xlsx|FILE.csv also written as a table to work through in Excel.
//   4. With --proef that is all: nothing is written (and step 2 only when a node answers). Exit 0
//      when every row is in order, 1 otherwise.
//   5. Without it the rows in order are posted to the node as AdministratieOvergenomen events
//      (through PostAll, with progress); rows with a problem are skipped. Each event's id comes from
//      the row's content, so importing the same file again adds nothing: those rows are "al eerder
//      overgenomen". Exit 0 when every row was taken over (now or before), 1 when any was skipped or
//      not decided.
//
// Exit 2 when the file, the region file or the node cannot be used (nothing written).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>

#include "services/organisation/event_command.h"
#include "services/organisation/post_pipeline.h"

namespace regiotafel::organisation {

class ImportCommand {
 public:
  // Adds `importeer` to `app`; this object must outlive parsing and Run.
  explicit ImportCommand(CLI::App& app);
  ImportCommand(const ImportCommand&) = delete;
  ImportCommand& operator=(const ImportCommand&) = delete;

  bool chosen() const { return command_->parsed(); }
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  CLI::App* command_ = nullptr;
  std::string path_;
  std::string regio_path_;
  std::string datum_;           // the take-over's day; default today
  std::string problemen_path_;  // where to write the meldingen for Excel, if anywhere
  bool proef_ = false;
  std::string node_url_ = kDefaultNode;
  std::string token_;
  SubmitFlags submit_flags_;
};

}  // namespace regiotafel::organisation
