// ViewCommand: `toon`, the views of the node (DOMAIN.md §5, services/node/http/views_api.h) on the
// command line of every organisation executable:
//
//   regiotafel-<kind> toon dossiers|taakstelling|pijplijn|signalen|woningen|corporaties|te-vergeten
//       [--peildatum JJJJ-MM-DD] [--positie N] [--json | --csv] [--node URL] [--token TOKEN]
//       dossiers: [--gemeente G] [--fase F] [--signaal S]   taakstelling: [--periode P]
//       signalen: [--voor ORG]
//   regiotafel-<kind> toon dossier V-NUMMER [--peildatum …] [--positie …] [--json | --csv]
//
// By default a table for people, the view's table of services/table (view_table.h, text.h, as
// `regiotafel-audit replay` prints it): aligned columns under Dutch headers, enums as words, dates
// dd-mm-jjjj, numbers right-aligned, for a dossier the nine fields that fit on a line
// (table::Columns::kShort); and a last line with the count and the position and peildatum the answer
// is exact for. A control character in the data, or in the node's words, is printed as its picture
// (table::TerminalText): one cell is one line, and nothing the node sends moves the cursor. --json prints the
// API's JSON as the node sent it; --csv the same table with every field as the table library writes CSV for
// Dutch Excel (csv.h: UTF-8 with a BOM, ';', CRLF, decimal comma, ja/nee; a text Excel would take for a
// formula with a "'" before it). `toon dossier` shows the dossier's fields as a form and then its whole
// history (every event, who published it, when; from /historie); with --json one object {"dossier",
// "historie"}, with --csv the history's rows with their event ids.
//
// Exit code: 0 answered, 1 the node refused the question (a bad parameter: 400, unknown dossier:
// 404; its reason is printed), 2 an error (bad URL, node unreachable, no access: 401/403, an answer
// that is not JSON).
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace regiotafel::organisation {

class ViewCommand {
 public:
  // Adds `toon` and its subcommands to `app`; this object must outlive parsing and Run.
  explicit ViewCommand(CLI::App& app);
  ViewCommand(const ViewCommand&) = delete;
  ViewCommand& operator=(const ViewCommand&) = delete;

  bool chosen() const { return toon_->parsed(); }
  // After parsing: the request target of the chosen view, e.g.
  // "/api/v1/dossiers?peildatum=2026-03-01&fase=GEKOPPELD" (the dossier's own call for `dossier`).
  std::string Target() const;
  // Asks the node and prints the answer; returns the exit code above.
  int Run(std::ostream& out, std::ostream& err) const;

 private:
  // What one view's command line parsed into. Each view has its own: CLI11 fills an option from
  // $REGIOTAFEL_NODE for every subcommand, which would overwrite a --node shared between them.
  struct Options {
    std::string node_url;
    std::string token;
    std::string peildatum, position;
    bool json = false;
    bool csv = false;
    std::string gemeente, fase, signaal, periode, voor;
    std::string v_nummer;
    int timeout_seconds = 120;
  };
  struct View {
    std::string name;  // "dossiers", …, "dossier"
    CLI::App* command = nullptr;
    std::unique_ptr<Options> options;
  };
  const View* Chosen() const;
  static std::string Query(const Options& o, const std::vector<std::pair<std::string, std::string>>& extra);
  int RunDossier(const Options& o, std::ostream& out, std::ostream& err) const;

  CLI::App* toon_ = nullptr;
  std::vector<View> views_;
};

}  // namespace regiotafel::organisation
