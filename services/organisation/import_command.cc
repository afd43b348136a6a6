#include "services/organisation/import_command.h"

#include <cstdio>
#include <ostream>
#include <set>

#include "base/date.h"
#include "contract/json.h"
#include "regiotafel/v1/views.pb.h"
#include "services/administratie/rij_controle.h"
#include "services/config/region_config.h"
#include "services/organisation/export_command.h"
#include "services/organisation/payload_options.h"
#include "services/table/table_file.h"

namespace regiotafel::organisation {
namespace {

using Kind = node_client::EventOutcome::Kind;

// 12345 → "12.345", as a Dutch reader counts.
std::string Aantal(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back('.');
    out.push_back(digits[i]);
  }
  return out;
}

// The V-nummers of every dossier the node's region has, whatever its dates (a peildatum far ahead).
Status BestaandeDossiers(node_client::NodeClient& client, std::set<std::string>* out) {
  node_client::ViewAnswer answer;
  if (Status s = client.View("/api/v1/dossiers?peildatum=2999-12-31", &answer); !s.ok()) return s;
  v1::DossiersView view;
  if (Status s = contract::FromJson(answer.body, &view); !s.ok()) {
    return Status::InvalidArgument("het antwoord van " + client.url() +
                                   " is geen dossieroverzicht: " + s.message());
  }
  for (const v1::Dossier& dossier : view.dossiers()) out->insert(dossier.v_nummer());
  return Status::Ok();
}

std::string Rijen(uint64_t n) { return Aantal(n) + (n == 1 ? " rij" : " rijen"); }

void Rapporteer(const administratie::Blad& blad, const administratie::Controle& controle,
                const std::string& path, std::ostream& out) {
  out << path << ": " << blad.bron << ", " << Rijen(controle.rijen) << "\n";
  if (!controle.ongebruikt.empty()) {
    out << "let op, bestand: kolommen die de import niet gebruikt:";
    for (size_t i = 0; i < controle.ongebruikt.size(); ++i)
      out << (i == 0 ? " " : ", ") << controle.ongebruikt[i];
    out << "\n";
  }
  for (const administratie::Melding& melding : controle.meldingen)
    out << administratie::Beschrijf(melding) << "\n";
}

// Step 1: the file read, and every row checked against the region's organisations on the day of the
// take-over. False (said on `err`; an unusable file's problems on `out`) when it cannot be used.
bool LeesEnControleer(const std::string& path, const std::string& regio_path, int32_t overnamedag,
                      administratie::Blad* blad, administratie::Controle* controle, std::ostream& out,
                      std::ostream& err) {
  config::RegionConfig regio;
  if (Status s = config::LoadRegionConfig(regio_path, &regio); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return false;
  }
  if (Status s = administratie::LeesOudeAdministratie(path, blad); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return false;
  }
  *controle = administratie::ControleerAdministratie(*blad, regio.organisaties, overnamedag);
  if (controle->onbruikbaar) {
    Rapporteer(*blad, *controle, path, out);
    err << "error: " << path << " kan zo niet worden overgenomen (zie hierboven); er is niets geschreven\n";
    return false;
  }
  return true;
}

// Step 2: which V-nummers have a dossier in the region already, asked of the node at `node_url`;
// their rows not taken over before become problems. Not ok when the node did not answer (then
// `controle` is as it was); `client` is the node's, for posting.
Status SlaBestaandeOver(const std::string& node_url, const std::string& token,
                        std::unique_ptr<node_client::NodeClient>* client, administratie::Controle* controle) {
  std::set<std::string> dossiers;
  Status asked = node_client::NodeClient::Open(node_url, token, std::chrono::seconds(60), client);
  if (asked.ok()) asked = BestaandeDossiers(**client, &dossiers);
  if (asked.ok()) {
    administratie::SlaBestaandeDossiersOver(
        dossiers,
        [&](const administratie::Overname& overname) {
          const node_client::EventOutcome known = (*client)->Get(overname.event_id);
          return known.decided() || known.kind == Kind::kPending;
        },
        controle);
  }
  return asked;
}

// Step 4, --proef: what an import would do; nothing is written. The exit code.
int Proef(const Status& asked, const administratie::Controle& controle, std::ostream& out) {
  if (!asked.ok()) {
    out << "let op: niet nagegaan welke V-nummers al een dossier in de regio hebben (" << asked.message()
        << ")\n";
  }
  out << "proef: " << Rijen(controle.goed.size()) << " in orde, " << Aantal(controle.afgekeurd)
      << " met een probleem; er is niets geschreven\n";
  return controle.in_orde() ? 0 : 1;
}

// What became of the rows posted.
struct Uitslag {
  uint64_t nieuw = 0;   // taken over now
  uint64_t eerder = 0;  // taken over before
  uint64_t niet = 0;    // not taken over; each named on the report
  bool denied = false;  // the node refused the token
};

Uitslag Tel(const std::vector<Post>& posts, const std::vector<Posted>& posted, std::ostream& out) {
  Uitslag uitslag;
  for (size_t i = 0; i < posted.size(); ++i) {
    const node_client::EventOutcome& outcome = posted[i].outcome;
    if (posted[i].known) {
      ++uitslag.eerder;
    } else if (outcome.kind == Kind::kCommitted) {
      ++uitslag.nieuw;
    } else {
      ++uitslag.niet;
      uitslag.denied = uitslag.denied || outcome.kind == Kind::kDenied;
      out << "rij " << posts[i].number << ": "
          << (outcome.kind == Kind::kUnreachable ? outcome.error : node_client::Describe(outcome)) << "\n";
    }
  }
  return uitslag;
}

// Step 5: the rows in order posted as AdministratieOvergenomen events, and what became of them. The
// exit code.
int Overnemen(node_client::NodeClient& client, const administratie::Controle& controle,
              const SubmitOptions& options, const std::string& path, std::ostream& out, std::ostream& err) {
  std::vector<Post> posts;
  posts.reserve(controle.goed.size());
  for (const administratie::Overname& overname : controle.goed) {
    posts.push_back(Post{overname.rij, administratie::EventBody(overname)});
  }
  ProgressMeter meter(err, options.progress, "rijen");
  const auto started = std::chrono::steady_clock::now();
  const std::vector<Posted> posted = PostAll(client, posts, "rij", options, meter);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const Uitslag uitslag = Tel(posts, posted, out);
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.1f s", seconds);
  out << path << ": " << Rijen(controle.rijen) << ": " << Aantal(uitslag.nieuw) << " overgenomen, "
      << Aantal(uitslag.eerder) << " al eerder overgenomen, " << Aantal(controle.afgekeurd)
      << " overgeslagen wegens een probleem, " << Aantal(uitslag.niet) << " niet overgenomen (" << timing
      << ")\n";
  if (uitslag.denied) {
    err << "error: de node weigert het token (zie het verslag hierboven); wat erna kwam is niet verstuurd\n";
    return 2;
  }
  return controle.afgekeurd == 0 && uitslag.niet == 0 ? 0 : 1;
}

}  // namespace

ImportCommand::ImportCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "importeer",
      "take over the region's old Excel administration (.xlsx or CSV) as AdministratieOvergenomen events");
  command_->add_option("file", path_, "the old administration: .xlsx, or CSV as Excel saves it")->required();
  command_
      ->add_option("--regio", regio_path_,
                   "the region file (naam, organisaties): which gemeenten and "
                   "corporaties the rows may name")
      ->required()
      ->type_name("REGION.toml");
  command_->add_flag("--proef", proef_, "check every row and report every problem; write nothing");
  command_->add_option("--problemen", problemen_path_, "also write every problem as a table for Excel")
      ->check(TablesFileName());
  command_->add_option("--datum", datum_, "the day of the take-over, each event's datum (default: today)")
      ->type_name("JJJJ-MM-DD");
  AddNodeOptions(*command_, &node_url_, &token_);
  submit_flags_.AddTo(*command_);
}

int ImportCommand::Run(std::ostream& out, std::ostream& err) const {
  const std::optional<int32_t> overnamedag = ParseDate(datum_.empty() ? TodayLocal() : datum_);
  if (!overnamedag) {
    err << "error: --datum " << datum_ << " is geen datum als JJJJ-MM-DD\n";
    return 2;
  }
  administratie::Blad blad;
  administratie::Controle controle;
  if (!LeesEnControleer(path_, regio_path_, *overnamedag, &blad, &controle, out, err)) return 2;

  // A dry run asks too, when a node answers.
  std::unique_ptr<node_client::NodeClient> client;
  const Status asked = SlaBestaandeOver(node_url_, token_, &client, &controle);

  // Step 3: every problem and remark, and with --problemen as a table for Excel.
  Rapporteer(blad, controle, path_, out);
  if (!problemen_path_.empty()) {
    if (Status s = table::WriteTablesFile({administratie::MeldingenTabel(controle)}, problemen_path_);
        !s.ok()) {
      err << "error: " << s.message() << "\n";
      return 2;
    }
    out << problemen_path_ << ": " << controle.meldingen.size() << " meldingen\n";
  }
  if (!asked.ok() && !proef_) {
    err << "error: " << asked.message() << "; er is niets geschreven\n";
    return 2;
  }
  if (proef_) return Proef(asked, controle, out);
  return Overnemen(*client, controle, submit_flags_.Options(), path_, out, err);
}

}  // namespace regiotafel::organisation
