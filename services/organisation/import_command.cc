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

using Kind = EventOutcome::Kind;

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
Status BestaandeDossiers(NodeClient& client, std::set<std::string>* out) {
  ViewAnswer answer;
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
  region::RegionConfig regio;
  if (Status s = region::LoadRegionConfig(regio_path_, &regio); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  administratie::Blad blad;
  if (Status s = administratie::LeesOudeAdministratie(path_, &blad); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  administratie::Controle controle =
      administratie::ControleerAdministratie(blad, regio.organisaties, *overnamedag);
  if (controle.onbruikbaar) {
    Rapporteer(blad, controle, path_, out);
    err << "error: " << path_ << " kan zo niet worden overgenomen (zie hierboven); er is niets geschreven\n";
    return 2;
  }

  // Which V-nummers have a dossier in the region already. A dry run asks when a node answers.
  std::unique_ptr<NodeClient> client;
  std::set<std::string> dossiers;
  Status asked = NodeClient::Open(node_url_, token_, std::chrono::seconds(60), &client);
  if (asked.ok()) asked = BestaandeDossiers(*client, &dossiers);
  if (asked.ok()) {
    administratie::SlaBestaandeDossiersOver(
        dossiers,
        [&](const administratie::Overname& overname) {
          const EventOutcome known = client->Get(overname.event_id);
          return known.decided() || known.kind == Kind::kPending;
        },
        &controle);
  }
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
  if (proef_) {
    if (!asked.ok()) {
      out << "let op: niet nagegaan welke V-nummers al een dossier in de regio hebben (" << asked.message()
          << ")\n";
    }
    out << "proef: " << Rijen(controle.goed.size()) << " in orde, " << Aantal(controle.afgekeurd)
        << " met een probleem; er is niets geschreven\n";
    return controle.in_orde() ? 0 : 1;
  }

  std::vector<Post> posts;
  posts.reserve(controle.goed.size());
  for (const administratie::Overname& overname : controle.goed) {
    posts.push_back(Post{overname.rij, administratie::EventBody(overname)});
  }
  const SubmitOptions options = submit_flags_.Options();
  ProgressMeter meter(err, options.progress, "rijen");
  const auto started = std::chrono::steady_clock::now();
  const std::vector<Posted> posted = PostAll(*client, posts, "rij", options, meter);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  uint64_t nieuw = 0, eerder = 0, niet = 0;
  bool denied = false;
  for (size_t i = 0; i < posted.size(); ++i) {
    const EventOutcome& outcome = posted[i].outcome;
    if (posted[i].known) {
      ++eerder;
    } else if (outcome.kind == Kind::kCommitted) {
      ++nieuw;
    } else {
      ++niet;
      denied = denied || outcome.kind == Kind::kDenied;
      out << "rij " << posts[i].number << ": "
          << (outcome.kind == Kind::kUnreachable ? outcome.error : Describe(outcome)) << "\n";
    }
  }
  char timing[32];
  std::snprintf(timing, sizeof timing, "%.1f s", seconds);
  out << path_ << ": " << Rijen(controle.rijen) << ": " << Aantal(nieuw) << " overgenomen, " << Aantal(eerder)
      << " al eerder overgenomen, " << Aantal(controle.afgekeurd) << " overgeslagen wegens een probleem, "
      << Aantal(niet) << " niet overgenomen (" << timing << ")\n";
  if (denied) {
    err << "error: de node weigert het token (zie het verslag hierboven); wat erna kwam is niet verstuurd\n";
    return 2;
  }
  return controle.afgekeurd == 0 && niet == 0 ? 0 : 1;
}

}  // namespace regiotafel::organisation
