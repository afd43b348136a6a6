#include "services/organisation/export_command.h"

#include <filesystem>
#include <fstream>
#include <ostream>

#include "contract/json.h"
#include "regiotafel/v1/views.pb.h"
#include "services/administratie/overzicht.h"
#include "services/organisation/node_client.h"
#include "services/table/csv.h"
#include "services/table/xlsx.h"

namespace regiotafel::organisation {
namespace {

bool EndsWith(const std::string& text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  std::string end = text.substr(text.size() - suffix.size());
  for (char& c : end) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return end == suffix;
}

// CSV under a temporary name, readable by its owner only from the start, renamed when complete.
Status WriteCsvFile(const table::Table& overzicht, const std::string& path) {
  const std::string temporary = path + ".tmp";
  std::error_code ec;
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) return Status::IOError("kan " + temporary + " niet schrijven");
    std::filesystem::permissions(temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                                 ec);
    Status s = table::WriteCsv(overzicht, file);
    file.close();
    if (s.ok() && !file) s = Status::IOError("kan " + temporary + " niet schrijven");
    if (!s.ok()) {
      std::filesystem::remove(temporary, ec);
      return s;
    }
  }
  std::filesystem::rename(temporary, path, ec);
  if (ec) {
    std::filesystem::remove(temporary, ec);
    return Status::IOError("kan " + path + " niet schrijven");
  }
  return Status::Ok();
}

}  // namespace

ExportCommand::ExportCommand(CLI::App& app) {
  command_ = app.add_subcommand("exporteer",
                                "the dossier overview in the old Excel administration's columns, as .xlsx or .csv");
  command_->add_option("file", path_, "where to write it; .xlsx (Excel workbook) or .csv (for Dutch Excel)")
      ->required();
  command_->add_option("--peildatum", peildatum_, "the business date (default: today)")->type_name("JJJJ-MM-DD");
  command_->add_option("--positie", positie_, "as known when the log held N records (default: all)")
      ->type_name("N");
  command_->add_option("--gemeente", gemeente_, "only the dossiers linked to this gemeente")
      ->type_name("gemeente:SLUG");
  AddNodeOptions(*command_, &node_url_, &token_);
  command_->add_option("--timeout", timeout_seconds_, "seconds to wait for the node's answer")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

std::string ExportCommand::Target() const {
  std::string target = "/api/v1/dossiers";
  char sep = '?';
  for (const auto& [key, value] :
       {std::pair{"peildatum", peildatum_}, std::pair{"positie", positie_}, std::pair{"gemeente", gemeente_}}) {
    if (value.empty()) continue;
    target += sep + std::string(key) + "=" + httplib::detail::encode_query_param(value);
    sep = '&';
  }
  return target;
}

int ExportCommand::Run(std::ostream& out, std::ostream& err) const {
  const bool xlsx = EndsWith(path_, ".xlsx");
  if (!xlsx && !EndsWith(path_, ".csv")) {
    err << "error: " << path_ << ": kies een bestand dat eindigt op .xlsx (Excel) of .csv\n";
    return 2;
  }
  std::unique_ptr<NodeClient> client;
  if (Status s = NodeClient::Open(node_url_, token_, std::chrono::seconds(timeout_seconds_), &client); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  ViewAnswer answer;
  if (Status s = client->View(Target(), &answer); !s.ok()) {
    err << "error: " << s.message() << (s.field().empty() ? "" : " (" + s.field() + ")") << "\n";
    return s.IsInvalidArgument() || s.IsNotFound() ? 1 : 2;
  }
  v1::DossiersView view;
  if (Status s = contract::FromJson(answer.body, &view); !s.ok()) {
    err << "error: het antwoord van " << client->url() << " is geen dossieroverzicht: " << s.message() << "\n";
    return 2;
  }
  const table::Table overzicht = administratie::Overzicht(view);
  Status written;
  if (xlsx) {
    table::Table over{"Over dit overzicht", {"Wat", "Waarde"}, {}};
    for (const auto& [wat, waarde] : {std::pair{"Peildatum", answer.peildatum}, std::pair{"Positie in het log", answer.positie},
                                      std::pair{"Node", client->url()},
                                      std::pair{"Gemeente", gemeente_.empty() ? std::string("alle") : gemeente_}}) {
      over.rijen.push_back({table::Cell::Tekst(wat), table::Cell::Tekst(waarde)});
    }
    written = table::WriteXlsx({overzicht, over}, path_);
  } else {
    written = WriteCsvFile(overzicht, path_);
  }
  if (!written.ok()) {
    err << "error: " << written.message() << "\n";
    return 2;
  }
  out << path_ << ": " << overzicht.rijen.size() << " dossiers, peildatum " << answer.peildatum << ", positie "
      << answer.positie << "\n";
  return 0;
}

}  // namespace regiotafel::organisation
