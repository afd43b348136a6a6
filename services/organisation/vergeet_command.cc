#include "services/organisation/vergeet_command.h"

#include <unistd.h>

#include <cctype>
#include <istream>
#include <map>
#include <ostream>

#include "base/date.h"
#include "contract/identifiers.h"
#include "contract/json.h"
#include "regiotafel/v1/events.pb.h"
#include "services/administratie/oude_administratie.h"
#include "services/organisation/payload_options.h"

namespace regiotafel::organisation {
namespace {

using Kind = node_client::EventOutcome::Kind;
using Reden = v1::DossierVergeten::Reden;

constexpr const char* kRedenen = "bewaartermijn, verzoek_betrokkene of onjuist";

// "V-nummer", " v_nummer " → "v_nummer": a header as the clerk may have typed it.
std::string Kop(const std::string& header) {
  std::string out;
  for (char c : header) {
    if (c == ' ' || c == '-') c = '_';
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  while (!out.empty() && out.front() == '_') out.erase(out.begin());
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

// A cell's value as text; a V-nummer that Excel keeps as a number is its digits.
std::string Waarde(const table::Cell& cell) {
  std::string text = cell.kind == table::Cell::Kind::kNumber ? std::to_string(cell.number) : cell.text;
  const size_t begin = text.find_first_not_of(" \t");
  const size_t end = text.find_last_not_of(" \t");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

// Asks "<vraag> Dit kan niet ongedaan worden. [j/N]"; true for j or ja.
bool Bevestigd(const std::string& vraag, std::istream& in, std::ostream& out) {
  out << vraag << " Dit kan niet ongedaan worden. [j/N] " << std::flush;
  std::string answer;
  if (!std::getline(in, answer)) return false;
  for (char& c : answer) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return answer == "j" || answer == "ja";
}

// True when it may go ahead: --ja, or a j on the terminal. Says why not on `err`.
bool MagVergeten(bool ja, const std::string& vraag, std::istream& in, bool terminal, std::ostream& out,
                 std::ostream& err) {
  if (ja) return true;
  if (!terminal) {
    err << "error: vergeten kan niet ongedaan worden en er is geen terminal om het te bevestigen; geef "
           "--ja om het toch te doen\n";
    return false;
  }
  if (Bevestigd(vraag, in, out)) return true;
  err << "niets vergeten\n";
  return false;
}

struct Regel {
  uint64_t rij = 0;
  std::string v_nummer;
  int reden = 0;
};

}  // namespace

Status ParseVergeetReden(const std::string& word, int* reden) {
  std::string name;
  for (char c : word) name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Reden value;
  if (name.empty() || !v1::DossierVergeten::Reden_Parse(name, &value) ||
      value == v1::DossierVergeten::REDEN_UNSPECIFIED) {
    return Status::InvalidArgument(
        (word.empty() ? std::string("de reden ontbreekt") : "\"" + word + "\" is geen reden") + "; kies " +
            kRedenen,
        "reden");
  }
  *reden = value;
  return Status::Ok();
}

std::string VergeetBody(const std::string& v_nummer, int reden, const std::string& datum) {
  v1::Envelope envelope;
  v1::DossierVergeten* p = envelope.mutable_dossier_vergeten();
  p->set_datum(datum);
  p->set_v_nummer(v_nummer);
  p->set_reden(static_cast<Reden>(reden));
  return contract::BodyFromEnvelope(envelope);
}

VergeetCommand::VergeetCommand(CLI::App& app) {
  command_ = app.add_subcommand(
      "vergeet",
      "forget a dossier (DossierVergeten): its personal data is erased everywhere; cannot be undone");
  command_->group("Events (what this organisation may publish)");
  CLI::Option* one = command_->add_option("v_nummer", v_nummer_, "the dossier's V-nummer (10 digits)");
  CLI::Option* file =
      command_
          ->add_option("--bestand", bestand_,
                       "forget every dossier in this file (.xlsx or CSV) with a column v_nummer and, "
                       "optionally, reden")
          ->type_name("FILE");
  one->excludes(file);
  command_->add_option("--reden", reden_, std::string("why: ") + kRedenen + " (any case)")
      ->type_name("REDEN");
  command_->add_option("--datum", datum_, "the day it is forgotten (default: today)")
      ->type_name("JJJJ-MM-DD");
  command_->add_flag("--proef", proef_,
                     "with --bestand: check every row and name every problem; post nothing");
  command_->add_flag("--ja", ja_, "do not ask for confirmation (needed when stdin is not a terminal)");
  AddNodeOptions(*command_, &node_url_, &token_);
  command_->add_option("--timeout", timeout_seconds_, "seconds to wait for the node's answer")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  submit_flags_.AddTo(*command_);
}

int VergeetCommand::Run(std::ostream& out, std::ostream& err) const {
  return Run(std::cin, isatty(STDIN_FILENO) == 1, out, err);
}

int VergeetCommand::Run(std::istream& in, bool terminal, std::ostream& out, std::ostream& err) const {
  const std::string datum = datum_.empty() ? TodayLocal() : datum_;
  if (!ParseDate(datum)) {
    err << "error: --datum " << datum_ << " is geen bestaande datum als JJJJ-MM-DD\n";
    return 2;
  }
  int reden = 0;
  if (!reden_.empty() || bestand_.empty()) {
    if (Status s = ParseVergeetReden(reden_, &reden); !s.ok()) {
      err << "error: --reden: " << s.message() << "\n";
      return 2;
    }
  }
  if (!bestand_.empty()) return RunFile(datum, reden, in, terminal, out, err);
  if (v_nummer_.empty()) {
    err << "error: noem het V-nummer van het dossier, of geef --bestand\n";
    return 2;
  }
  if (proef_) {
    err << "error: --proef hoort bij --bestand\n";
    return 2;
  }
  return RunOne(datum, reden, in, terminal, out, err);
}

int VergeetCommand::RunOne(const std::string& datum, int reden, std::istream& in, bool terminal,
                           std::ostream& out, std::ostream& err) const {
  if (!contract::IsVNummer(v_nummer_)) {
    err << "error: een V-nummer bestaat uit precies 10 cijfers, niet \"" << v_nummer_ << "\"\n";
    return 2;
  }
  if (!MagVergeten(ja_, "Dossier " + v_nummer_ + " vergeten?", in, terminal, out, err)) return 2;
  std::unique_ptr<node_client::NodeClient> client;
  if (Status s =
          node_client::NodeClient::Open(node_url_, token_, std::chrono::seconds(timeout_seconds_), &client);
      !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  const node_client::EventOutcome outcome = client->Post(VergeetBody(v_nummer_, reden, datum), true);
  switch (outcome.kind) {
    case Kind::kCommitted:
    case Kind::kRejected:
      out << node_client::Describe(outcome) << " (event " << outcome.event_id << ")\n";
      return outcome.kind == Kind::kCommitted ? 0 : 1;
    case Kind::kPending:
      out << node_client::Describe(outcome) << "\n";
      return 3;
    case Kind::kRefused:
      out << node_client::Describe(outcome) << "\n";
      return 1;
    case Kind::kUnreachable:
    case Kind::kDenied:
      err << "error: " << node_client::Describe(outcome) << "\n";
      return 2;
  }
  return 2;
}

int VergeetCommand::RunFile(const std::string& datum, int reden, std::istream& in, bool terminal,
                            std::ostream& out, std::ostream& err) const {
  administratie::Blad blad;
  if (Status s = administratie::LeesOudeAdministratie(bestand_, &blad); !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  size_t kolom_v = SIZE_MAX, kolom_reden = SIZE_MAX;
  for (size_t i = 0; i < blad.kopjes.size(); ++i) {
    const std::string kop = Kop(blad.kopjes[i]);
    if (kop == "v_nummer" || kop == "vnummer") kolom_v = i;
    if (kop == "reden") kolom_reden = i;
  }
  if (kolom_v == SIZE_MAX) {
    err << "error: " << bestand_ << " (" << blad.bron << ") heeft geen kolom v_nummer\n";
    return 2;
  }
  if (kolom_reden == SIZE_MAX && reden == 0) {
    err << "error: " << bestand_ << " heeft geen kolom reden; geef --reden (" << kRedenen << ")\n";
    return 2;
  }

  // Every row checked; every problem named by row and column.
  std::vector<Regel> regels;
  std::map<std::string, uint64_t> gezien;  // v_nummer → its first row
  uint64_t problemen = 0;
  const auto probleem = [&](uint64_t rij, size_t kolom, const std::string& tekst) {
    ++problemen;
    out << "rij " << rij << ", kolom " << administratie::KolomLetter(kolom) << " (" << blad.kopjes[kolom]
        << "): " << tekst << "\n";
  };
  for (const administratie::Rij& rij : blad.rijen) {
    Regel regel{rij.nummer, Waarde(rij.cellen[kolom_v]), reden};
    bool goed = true;
    if (!contract::IsVNummer(regel.v_nummer)) {
      probleem(rij.nummer, kolom_v,
               regel.v_nummer.empty()
                   ? "het V-nummer ontbreekt"
                   : "een V-nummer bestaat uit precies 10 cijfers, niet \"" + regel.v_nummer + "\"");
      goed = false;
    } else if (auto [it, nieuw] = gezien.emplace(regel.v_nummer, rij.nummer); !nieuw) {
      probleem(rij.nummer, kolom_v, "dit V-nummer staat al op rij " + std::to_string(it->second));
      goed = false;
    }
    if (kolom_reden != SIZE_MAX) {
      const std::string woord = Waarde(rij.cellen[kolom_reden]);
      if (!woord.empty() || reden == 0) {
        if (Status s = ParseVergeetReden(woord, &regel.reden); !s.ok()) {
          probleem(rij.nummer, kolom_reden, s.message());
          goed = false;
        }
      }
    }
    if (goed) regels.push_back(std::move(regel));
  }
  out << bestand_ << ": " << blad.rijen.size() << (blad.rijen.size() == 1 ? " rij" : " rijen") << ", "
      << regels.size() << " in orde, " << blad.rijen.size() - regels.size() << " met een probleem\n";
  if (proef_) {
    out << "proef: er is niets vergeten\n";
    return problemen == 0 ? 0 : 1;
  }
  if (regels.empty()) {
    err << "error: geen enkele rij is in orde; er is niets vergeten\n";
    return 1;
  }
  const std::string vraag = regels.size() == 1
                                ? "Dossier " + regels.front().v_nummer + " vergeten?"
                                : std::to_string(regels.size()) + " dossiers uit " + bestand_ + " vergeten?";
  if (!MagVergeten(ja_, vraag, in, terminal, out, err)) return 2;

  std::unique_ptr<node_client::NodeClient> client;
  if (Status s =
          node_client::NodeClient::Open(node_url_, token_, std::chrono::seconds(timeout_seconds_), &client);
      !s.ok()) {
    err << "error: " << s.message() << "\n";
    return 2;
  }
  std::vector<Post> posts;
  for (const Regel& regel : regels)
    posts.push_back(Post{regel.rij, VergeetBody(regel.v_nummer, regel.reden, datum)});
  const SubmitOptions options = submit_flags_.Options();
  ProgressMeter meter(err, options.progress, "rijen");
  const std::vector<Posted> posted = PostAll(*client, posts, "rij", options, meter);
  meter.Finish();

  uint64_t vergeten = 0, niet = 0;
  bool denied = false, pending = false;
  for (size_t i = 0; i < posted.size(); ++i) {
    const node_client::EventOutcome& outcome = posted[i].outcome;
    if (outcome.kind == Kind::kCommitted) {
      ++vergeten;
      continue;
    }
    ++niet;
    denied = denied || outcome.kind == Kind::kDenied;
    pending = pending || outcome.kind == Kind::kPending;
    out << "rij " << posts[i].number << ": "
        << (outcome.kind == Kind::kUnreachable ? outcome.error : node_client::Describe(outcome)) << "\n";
  }
  out << bestand_ << ": " << vergeten << " vergeten, " << niet << " niet vergeten, "
      << blad.rijen.size() - regels.size() << " overgeslagen wegens een probleem\n";
  if (denied) return 2;
  if (niet == 0 && problemen == 0) return 0;
  return pending && problemen == 0 && niet > 0 ? 3 : 1;
}

}  // namespace regiotafel::organisation
