// regiotafel-keygen ORGANISATIE [--dir DIR]: an organisation's key pairs (docs/TRUST.md).
// regiotafel-keygen ORGANISATIE --vanaf N [--dir DIR]: new key pairs for a rotation, in effect from
// log position N on (files <stem>.vanaf-N.*), printed as a [[…sleutels]] entry.
// regiotafel-keygen bus [--dir DIR]: the bus's key pairs: Curve (bus.curve) for its sockets, Ed25519
// (bus.ed25519) for its signed checkpoints.
// regiotafel-keygen klassen --trust trust.toml [--dir DIR] [--roteer KLASSE…]: the region's class keys
// and every organisation's file of them (services/keygen/class_key_files.h, docs/PRIVACY.md).
// Writes the secret keys into DIR (mode 0600; an existing key file is kept, never replaced) and
// prints what the others need: an organisation's table for the bus's trust file, or the bus's
// public keys for the nodes' [bus] table and the trust file's [bus] table. Exit 0, 1 when a file
// cannot be read or written, 2 for bad arguments.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "contract/identifiers.h"
#include "privacy/klassen.h"
#include "services/keygen/class_key_files.h"
#include "services/keygen/organisation_keys.h"

int main(int argc, char** argv) {
  using namespace regiotafel;
  CLI::App app{"regiotafel-keygen: makes the key pairs of an organisation or of the bus"};
  std::string who;
  std::string dir = ".";
  uint64_t vanaf = 1;
  std::string trust;
  std::vector<std::string> roteer;
  app.add_option("organisatie", who, "organisation id (\"gemeente:dordrecht\"), \"bus\", or \"klassen\"")
      ->required();
  app.add_option("--dir", dir, "directory of the secret key files")->capture_default_str();
  app.add_option("--vanaf", vanaf, "a rotation: the first log position the new keys sign")
      ->check(CLI::PositiveNumber);
  app.add_option("--trust", trust, "klassen: the bus's trust file, whose organisations get a file each");
  app.add_option("--roteer", roteer,
                 "klassen: the classes that get a new epoch (identiteit, bsn, toelichting)");
  CLI11_PARSE(app, argc, argv);

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "error: cannot create " << dir << ": " << ec.message() << "\n";
    return 1;
  }
  // Loads the pairs in `files`, making what is missing, and says which files it made.
  auto load_or_make = [](const keys::KeyFiles& files, keys::OrganisationKeys* pairs) {
    const bool had_signing = std::filesystem::exists(files.ed25519),
               had_curve = std::filesystem::exists(files.curve);
    if (Status s = keys::LoadOrMakeKeys(files, pairs); !s.ok()) {
      std::cerr << "error: " << s.message() << "\n";
      return false;
    }
    std::cerr << (had_signing ? "kept the existing " : "made ") << files.ed25519 << "\n"
              << (had_curve ? "kept the existing " : "made ") << files.curve << "\n";
    return true;
  };
  if (who == "klassen") {
    if (trust.empty()) {
      std::cerr << "error: klassen needs --trust, the trust file that names the organisations\n";
      return 2;
    }
    std::vector<v1::Klasse> rotate;
    for (const std::string& name : roteer) {
      const std::optional<v1::Klasse> klasse = privacy::KlasseNamed(name);
      if (!klasse) {
        std::cerr << "error: unknown class \"" << name << "\" (identiteit, bsn or toelichting)\n";
        return 2;
      }
      rotate.push_back(*klasse);
    }
    if (Status s = keys::WriteKlasseSleutelFiles(trust, dir, rotate, std::cerr); !s.ok()) {
      std::cerr << "error: " << s.message() << "\n";
      return s.code() == Status::Code::kInvalidArgument ? 2 : 1;
    }
    std::cout
        << "# copy each <organisatie>.klassesleutels.json to that organisation's node and name it in its\n"
           "# configuration: klassesleutels = \"/etc/regiotafel/keys/<organisatie>.klassesleutels.json\"\n"
           "# keep regio.klassesleutels.json offline: it holds every class's secret keys\n";
    return 0;
  }
  keys::OrganisationKeys pairs;
  if (who == "bus") {
    if (!load_or_make(keys::KeyFilesOf(dir, "bus"), &pairs)) return 1;
    std::cout << keys::BusEntries(pairs);
    return 0;
  }
  if (!contract::ParseOrgId(who)) {
    std::cerr << "error: \"" << who
              << "\" is not an organisation id (kind:slug, e.g. gemeente:dordrecht) nor \"bus\"\n";
    return 2;
  }
  if (!load_or_make(keys::KeyFilesOf(dir, who, vanaf), &pairs)) return 1;
  if (vanaf > 1) {
    std::cout << "# in the bus's trust file, as a second key of " << who
              << " (its first key moves into a [[…sleutels]] entry of its own; give it tot = N when it\n"
                 "# must stop signing, and drop its curve when it may no longer connect):\n";
  } else {
    std::cout << "# in the bus's trust file:\n";
  }
  std::cout << keys::TrustEntry(who, pairs, vanaf);
  return 0;
}
