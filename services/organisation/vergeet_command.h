// VergeetCommand: `vergeet`, a DossierVergeten (DOMAIN.md §4, §7 rule 5) for one dossier or for every
// row of a file, for the kinds that may publish it (gemeente, regio):
//
//   regiotafel-gemeente vergeet V-NUMMER --reden verzoek_betrokkene [--datum JJJJ-MM-DD] [--ja]
//   regiotafel-gemeente vergeet --bestand FILE.xlsx|FILE.csv [--reden R] [--proef] [--ja]
//
// --reden is a word in any case: bewaartermijn, verzoek_betrokkene, onjuist; a file's rows may give
// their own in a column `reden` (the option is then the default for rows without one). datum is
// today unless --datum is given. The file (.xlsx or CSV, read as `importeer` reads one) has a column
// v_nummer; every problem is named by row and column, and with --proef that is all. Without --proef
// the rows are posted through the batch endpoint (post_pipeline.h), with progress.
//
// Forgetting cannot be undone: without --ja the command asks on a terminal, and refuses when stdin
// is not one. Exit codes as the event commands (event_command.h): 0 every dossier forgotten, 1 a
// refusal, rejection or problem row, 2 an error (or no confirmation), 3 still pending.
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "base/status.h"
#include "services/organisation/event_command.h"
#include "services/organisation/post_pipeline.h"

namespace regiotafel::organisation {

// "verzoek_betrokkene", "Onjuist", "BEWAARTERMIJN" → the enum's value (any case, '-' for '_');
// InvalidArgument in Dutch, naming the words, for anything else.
Status ParseVergeetReden(const std::string& word, int* reden);

// One dossier to forget, as a body of POST /api/v1/events.
std::string VergeetBody(const std::string& v_nummer, int reden, const std::string& datum);

class VergeetCommand {
 public:
  // Adds `vergeet` to `app`; this object must outlive parsing and Run.
  explicit VergeetCommand(CLI::App& app);
  VergeetCommand(const VergeetCommand&) = delete;
  VergeetCommand& operator=(const VergeetCommand&) = delete;

  bool chosen() const { return command_->parsed(); }
  // Asks on std::cin when stdin is a terminal.
  int Run(std::ostream& out, std::ostream& err) const;
  // The same with the answer read from `in` when `terminal` (for tests).
  int Run(std::istream& in, bool terminal, std::ostream& out, std::ostream& err) const;

 private:
  int RunOne(const std::string& datum, int reden, std::istream& in, bool terminal, std::ostream& out,
             std::ostream& err) const;
  int RunFile(const std::string& datum, int reden, std::istream& in, bool terminal, std::ostream& out,
              std::ostream& err) const;

  CLI::App* command_ = nullptr;
  std::string v_nummer_;
  std::string bestand_;
  std::string reden_;
  std::string datum_;
  bool proef_ = false;
  bool ja_ = false;
  std::string node_url_ = kDefaultNode;
  std::string token_;
  int timeout_seconds_ = 120;
  SubmitFlags submit_flags_;
};

}  // namespace regiotafel::organisation
