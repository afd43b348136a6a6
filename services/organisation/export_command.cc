#include "services/organisation/export_command.h"

#include <ostream>

#include "contract/json.h"
#include "regiotafel/v1/views.pb.h"
#include "services/administratie/overzicht.h"
#include "services/node_client/node_client.h"
#include "services/table/table_file.h"
#include "services/table/text.h"
#include "services/table/view_table.h"

namespace regiotafel::organisation {

// For `exporteer FILE` and `importeer --problemen FILE`: a usage error before any work.
CLI::Validator TablesFileName() {
  return CLI::Validator(
      [](const std::string& path) {
        return table::IsTablesFileName(path) ? std::string()
                                             : "kies een bestand dat eindigt op .xlsx of .csv";
      },
      "FILE.xlsx|FILE.csv");
}

ExportCommand::ExportCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "exporteer", "the dossier overview in the old Excel administration's columns, as .xlsx or .csv");
  // `te-vergeten` before the file chooses that view; one validator for both words keeps the file's
  // name a usage error, as before.
  command_
      ->add_option("file", args_,
                   "[te-vergeten] FILE: where to write it; .xlsx (Excel workbook) or .csv (for Dutch Excel)")
      ->required()
      ->expected(1, 2)
      ->check(CLI::Validator(
          [](const std::string& arg) {
            return arg == "te-vergeten" || table::IsTablesFileName(arg)
                       ? std::string()
                       : "kies te-vergeten of een bestand dat eindigt op .xlsx of .csv";
          },
          "[te-vergeten] FILE.xlsx|FILE.csv"));
  command_->add_option("--peildatum", peildatum_, "the business date (default: today)")
      ->type_name("JJJJ-MM-DD");
  command_->add_option("--positie", position_, "as known when the log held N records (default: all)")
      ->type_name("N");
  command_->add_option("--gemeente", gemeente_, "only the dossiers linked to this gemeente")
      ->type_name("gemeente:SLUG");
  AddNodeOptions(*command_, &node_url_, &token_);
  command_->add_option("--timeout", timeout_seconds_, "seconds to wait for the node's answer")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

std::string ExportCommand::Target() const {
  std::string target = TeVergeten() ? "/api/v1/te-vergeten" : "/api/v1/dossiers";
  char sep = '?';
  for (const auto& [key, value] : {std::pair{"peildatum", peildatum_}, std::pair{"positie", position_},
                                   std::pair{"gemeente", gemeente_}}) {
    if (value.empty()) continue;
    target += sep + std::string(key) + "=" + httplib::detail::encode_query_param(value);
    sep = '&';
  }
  return target;
}

int ExportCommand::Run(std::ostream& out, std::ostream& err) const {
  const std::string path = Path();
  const bool te_vergeten = TeVergeten();
  if (args_.size() == 2 && !te_vergeten) {
    err << "error: exporteer kent alleen te-vergeten vóór de bestandsnaam\n";
    return 2;
  }
  if (!table::IsTablesFileName(path)) {
    err << "error: kies een bestand dat eindigt op .xlsx of .csv\n";
    return 2;
  }
  if (te_vergeten && !gemeente_.empty()) {
    err << "error: --gemeente hoort niet bij te-vergeten\n";
    return 2;
  }
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s =
          node_client::NodeClient::Open(node_url_, token_, std::chrono::seconds(timeout_seconds_), &client);
      !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  node_client::ViewAnswer answer;
  if (Status s = client->View(Target(), &answer); !s.ok()) {
    // The node's words may quote what it was sent: shown on the terminal, not obeyed.
    err << "error: " << table::TerminalText(s.message())
        << (s.field().empty() ? "" : " (" + table::TerminalText(s.field()) + ")") << "\n";
    return s.IsInvalidArgument() || s.IsNotFound() ? 1 : 2;
  }
  if (te_vergeten) {
    v1::TeVergetenView view;
    if (Status s = contract::FromJson(answer.body, &view); !s.ok()) {
      err << "error: het antwoord van " << client->url()
          << " is geen overzicht te vergeten: " << table::TerminalText(s.message()) << "\n";
      return 2;
    }
    const table::Table tabel = table::TableOfView(view);
    const table::Table over =
        administratie::OverDitOverzicht(answer.peildatum, answer.position, client->url(), "");
    if (Status s = table::WriteTablesFile({tabel, over}, path); !s.ok()) {
      err << "error: " << s.message() << "\n";
      return 2;
    }
    out << path << ": " << tabel.rows.size() << " dossiers te vergeten, peildatum " << answer.peildatum
        << ", positie " << answer.position << "\n";
    return 0;
  }
  v1::DossiersView view;
  if (Status s = contract::FromJson(answer.body, &view); !s.ok()) {
    err << "error: het antwoord van " << client->url()
        << " is geen dossieroverzicht: " << table::TerminalText(s.message()) << "\n";
    return 2;
  }
  const table::Table overzicht = administratie::Overzicht(view);
  const table::Table over =
      administratie::OverDitOverzicht(answer.peildatum, answer.position, client->url(), gemeente_);
  const Status written = table::WriteTablesFile({overzicht, over}, path);  // CSV: the overview alone
  if (!written.ok()) {
    err << "error: " << written.message() << "\n";
    return 2;
  }
  out << path << ": " << overzicht.rows.size() << " dossiers, peildatum " << answer.peildatum << ", positie "
      << answer.position << "\n";
  return 0;
}

}  // namespace regiotafel::organisation
