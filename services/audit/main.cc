// regiotafel-audit: what an auditor runs on any copy of the regional log (docs/AUDIT.md).
//
//   regiotafel-audit verify DIR [--trust trust.toml] [--controlepunten OTHER_DIR …]
//   regiotafel-audit prove  DIR --positie N | --event ID [--grootte N] [--out FILE]
//   regiotafel-audit prove  DIR --van M --tot N [--out FILE]
//   regiotafel-audit check  PROOF.json [--trust trust.toml]
//   regiotafel-audit replay DIR --view NAME [--positie N | --bekend-op TIME] [--peildatum D]
//                           [--drempels FILE] [--csv FILE | --xlsx FILE | --json]
//   regiotafel-audit diff   A B
//
// DIR is a node's data directory, the bus's, or a log directory itself, stopped or live; nothing is
// ever written to it. Exit status: 0 in order, 1 something is wrong (named with its position),
// 2 the question could not be answered (a file missing, bad arguments).
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "base/bytes.h"
#include "base/date.h"
#include "contract/json.h"
#include "eventstore/checkpoint_store.h"
#include "eventstore/log_copy.h"
#include "services/audit/checkpoints.h"
#include "services/audit/diff.h"
#include "services/audit/fetched_log.h"
#include "services/audit/proofs.h"
#include "services/audit/replay.h"
#include "services/audit/verify.h"
#include "services/config/drempels.h"
#include "services/table/csv.h"
#include "services/table/text.h"
#include "services/table/view_table.h"
#include "services/table/xlsx.h"

namespace regiotafel::audit {
namespace {

namespace pb = google::protobuf;
using pb::util::TimeUtil;

constexpr int kInOrde = 0, kNietInOrde = 1, kFout = 2;

int Fail(const Status& status) {
  std::cerr << "fout: " << (status.field().empty() ? "" : status.field() + ": ") << status.message() << "\n";
  return kFout;
}

int NotInOrder(uint64_t position, const std::string& reden) {
  std::cout << "NIET IN ORDE op positie " << position << ": " << reden << "\n";
  return kNietInOrde;
}

struct Args {
  std::string dir, dir_b, trust, out, event, view, bekend_op, peildatum, drempels, csv, xlsx, proof;
  std::string curve_sleutel, bus_curve;
  std::vector<std::string> controlepunten;
  uint64_t position = 0, grootte = 0, van = 0, tot = 0;
  bool json = false;
};

// DIR on disk, or a bus's fetch endpoint (tcp://…, ipc://…), with Curve when --curve-sleutel is given.
Status OpenSource(const std::string& where, const Args& a, std::unique_ptr<eventstore::RecordSource>* out) {
  if (where.starts_with("tcp://") || where.starts_with("ipc://")) {
    transport::CurveSettings curve;
    if (a.curve_sleutel.empty() != a.bus_curve.empty()) {
      return Status::InvalidArgument("--curve-sleutel en --bus-curve horen bij elkaar", "curve-sleutel");
    }
    if (!a.curve_sleutel.empty()) {
      if (Status s = transport::LoadCurveKeyFile(a.curve_sleutel, &curve.own); !s.ok()) return s;
      std::optional<std::string> bus = transport::FromZ85(a.bus_curve);
      if (!bus)
        return Status::InvalidArgument("--bus-curve is geen Curve-sleutel (40 tekens Z85)", "bus-curve");
      curve.server_key = *bus;
    }
    std::unique_ptr<FetchedLog> fetched;
    if (Status s = FetchedLog::Open(where, curve, std::chrono::seconds(10), &fetched); !s.ok()) return s;
    *out = std::move(fetched);
    return Status::Ok();
  }
  std::unique_ptr<eventstore::LogCopy> copy;
  if (Status s = eventstore::LogCopy::Open(where, &copy); !s.ok()) return s;
  *out = std::move(copy);
  return Status::Ok();
}

void ShowProgress(uint64_t gedaan, uint64_t totaal) {
  std::cerr << "\rverifiëren: " << gedaan << " van " << totaal << " records" << std::flush;
  if (gedaan >= totaal) std::cerr << "\n";
}

// The copy verified, with progress on stderr: what prove and verify start from.
Status Verified(const eventstore::RecordSource& log, const config::TrustMap* trust, VerifyResult* out) {
  return VerifyLog(log, {.trust = trust, .voortgang = ShowProgress}, out);
}

Status LoadTrustIfGiven(const Args& a, config::TrustMap* trust) {
  return a.trust.empty() ? Status::Ok() : config::LoadTrust(a.trust, trust);
}

// The bus's checkpoint key from the trust file, when one is given and names it.
Status BusKeyIfGiven(const Args& a, std::optional<std::string>* out) {
  out->reset();
  if (a.trust.empty()) return Status::Ok();
  std::string key;
  if (Status s = config::LoadBusCheckpointKey(a.trust, &key); !s.ok()) return s;
  if (!key.empty()) *out = key;
  return Status::Ok();
}

// The checkpoints a data directory keeps beside its log (a node's, the bus's), if any.
std::unique_ptr<eventstore::CheckpointStore> OwnCheckpoints(const std::string& where) {
  std::unique_ptr<eventstore::CheckpointStore> store;
  if (!std::filesystem::is_directory(std::filesystem::path(where) / "checkpoints")) return store;
  if (!eventstore::CheckpointStore::OpenReadOnly(where, &store).ok()) store.reset();
  return store;
}

int Verify(const Args& a) {
  std::unique_ptr<eventstore::RecordSource> log;
  config::TrustMap trust;
  if (Status s = OpenSource(a.dir, a, &log); !s.ok()) return Fail(s);
  if (Status s = LoadTrustIfGiven(a, &trust); !s.ok()) return Fail(s);
  std::optional<std::string> bus_key;
  if (Status s = BusKeyIfGiven(a, &bus_key); !s.ok()) return Fail(s);
  VerifyResult result;
  if (Status s = Verified(*log, a.trust.empty() ? nullptr : &trust, &result); !s.ok()) return Fail(s);
  if (result.bevinding) return NotInOrder(result.bevinding->position, result.bevinding->reden);

  std::vector<std::string> stores = a.controlepunten;
  if (OwnCheckpoints(a.dir)) stores.insert(stores.begin(), a.dir);
  CheckpointVerdict checkpoints;
  if (!stores.empty()) {
    const merkle::Tree tree = merkle::Tree::FromConcatenated(result.leaves);
    if (Status s = CheckCheckpoints(tree, stores, bus_key, &checkpoints); !s.ok()) return Fail(s);
    if (checkpoints.bevinding)
      return NotInOrder(checkpoints.bevinding->position, checkpoints.bevinding->reden);
  }
  std::cout << "in orde: " << log->name() << ", " << result.records
            << " records; positie zonder gaten, keten klopt, "
            << "elk event geldig"
            << (a.trust.empty() ? " (handtekeningen niet gecontroleerd: geen --trust)"
                                : ", elke handtekening klopt");
  if (!stores.empty()) {
    std::cout << "; " << checkpoints.gecontroleerd << " controlepunten kloppen"
              << (checkpoints.gecontroleerd ? " (tot positie " + std::to_string(checkpoints.hoogste) + ")"
                                            : "")
              << (bus_key ? ", door de bus getekend"
                          : " (hun handtekening niet gecontroleerd: geen sleutel van de bus)");
    if (checkpoints.voorbij)
      std::cout << "; " << checkpoints.voorbij << " liggen voorbij het einde van deze kopie";
  }
  std::cout << "\n";
  return kInOrde;
}

// Writes `message` as JSON to --out, or to stdout.
int WriteJson(const pb::Message& message, const std::string& out) {
  std::string json;
  pb::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  if (!pb::util::MessageToJsonString(message, &json, options).ok())
    return Fail(Status::IOError("het bewijs laat zich niet als JSON schrijven"));
  if (out.empty()) {
    std::cout << json;
    return kInOrde;
  }
  std::ofstream file(out, std::ios::trunc);
  file << json;
  file.close();
  if (!file) return Fail(Status::IOError("kan " + out + " niet schrijven"));
  std::cerr << "bewijs geschreven naar " << out << "\n";
  return kInOrde;
}

// The position of the event with this id: the copy read front to back.
Status FindEvent(const eventstore::RecordSource& log, const std::string& event_id, uint64_t* position) {
  *position = 0;
  v1::LogRecord record;
  v1::Envelope envelope;
  Status scanned = log.Scan(1, [&](std::string_view, std::string_view value) {
    if (record.ParseFromArray(value.data(), static_cast<int>(value.size())) &&
        envelope.ParseFromString(record.envelope()) && envelope.event_id() == event_id) {
      *position = record.position();
      return false;
    }
    return true;
  });
  if (!scanned.ok()) return scanned;
  return *position ? Status::Ok() : Status::NotFound("geen event " + event_id + " in deze log");
}

int Prove(const Args& a) {
  std::unique_ptr<eventstore::RecordSource> log;
  if (Status s = OpenSource(a.dir, a, &log); !s.ok()) return Fail(s);
  VerifyResult verified;
  if (Status s = Verified(*log, nullptr, &verified); !s.ok()) return Fail(s);
  if (verified.bevinding) {
    std::cerr << "let op: de log is in orde tot positie " << verified.records
              << " (daarna: " << verified.bevinding->reden << "); bewijzen gaan over dat deel\n";
  }
  const merkle::Tree tree = merkle::Tree::FromConcatenated(std::move(verified.leaves));
  // The bus's signed checkpoints kept beside this copy anchor a proof's roots.
  std::unique_ptr<eventstore::CheckpointStore> checkpoints = OwnCheckpoints(a.dir);
  auto checkpoint_at = [&](uint64_t position) {
    return checkpoints ? checkpoints->At(position) : std::nullopt;
  };
  if (a.van != 0 || a.tot != 0) {
    v1::ConsistencyProof proof;
    if (Status s = ProveConsistency(tree, a.van, a.tot, &proof); !s.ok()) return Fail(s);
    if (auto c = checkpoint_at(a.van)) *proof.mutable_oud_controlepunt() = *c;
    if (auto c = checkpoint_at(a.tot)) *proof.mutable_nieuw_controlepunt() = *c;
    return WriteJson(proof, a.out);
  }
  uint64_t position = a.position;
  if (!a.event.empty()) {
    if (Status s = FindEvent(*log, a.event, &position); !s.ok()) return Fail(s);
  }
  // Against the newest checkpoint that covers the record, unless a size is asked for.
  uint64_t grootte = a.grootte ? a.grootte : tree.size();
  std::optional<v1::Checkpoint> anchor = a.grootte ? checkpoint_at(a.grootte) : std::nullopt;
  if (!a.grootte && checkpoints) {
    anchor = checkpoints->LatestAtOrBefore(tree.size());
    if (anchor && anchor->position() >= position) {
      grootte = anchor->position();
    } else {
      anchor.reset();
    }
  }
  v1::InclusionProof proof;
  if (Status s = ProveInclusion(*log, tree, position, grootte, &proof); !s.ok()) return Fail(s);
  if (anchor) *proof.mutable_controlepunt() = *anchor;
  if (!anchor)
    std::cerr << "let op: geen controlepunt van de bus bij " << grootte << " records in deze kopie\n";
  return WriteJson(proof, a.out);
}

int Check(const Args& a) {
  std::ifstream in(a.proof);
  if (!in) return Fail(Status::NotFound("kan " + a.proof + " niet openen"));
  std::stringstream text;
  text << in.rdbuf();
  config::TrustMap trust;
  if (Status s = LoadTrustIfGiven(a, &trust); !s.ok()) return Fail(s);
  std::optional<std::string> bus_key;  // the bus's checkpoint key, when the trust file names it
  if (Status s = BusKeyIfGiven(a, &bus_key); !s.ok()) return Fail(s);
  pb::util::JsonParseOptions strict;
  v1::InclusionProof inclusion;
  v1::ConsistencyProof consistency;
  if (pb::util::JsonStringToMessage(text.str(), &inclusion, strict).ok() && inclusion.has_record()) {
    if (auto wrong = CheckInclusion(inclusion, bus_key))
      return NotInOrder(inclusion.record().position(), *wrong);
    std::cout << "in orde: record " << inclusion.record().position() << " zit in de log van "
              << inclusion.grootte() << " records met root " << ToHex(inclusion.root())
              << (!inclusion.has_controlepunt()
                      ? " (geen controlepunt: die root is niet door de bus getekend)"
                  : bus_key ? ", door de bus getekend"
                            : " (controlepunt niet gecontroleerd: geen --trust met de sleutel van de bus)")
              << "\n";
    return kInOrde;
  }
  if (pb::util::JsonStringToMessage(text.str(), &consistency, strict).ok() &&
      consistency.nieuwe_grootte() > 0) {
    if (auto wrong = CheckConsistency(consistency, bus_key))
      return NotInOrder(consistency.oude_grootte(), *wrong);
    std::cout << "in orde: de log van " << consistency.oude_grootte() << " records is het begin van die van "
              << consistency.nieuwe_grootte() << "\n";
    return kInOrde;
  }
  return Fail(
      Status::InvalidArgument(a.proof + " is geen bewijs van regiotafel-audit prove (JSON)", "bewijs"));
}

int ReplayView(const Args& a) {
  ReplayVraag vraag;
  if (a.position != 0) vraag.position = a.position;
  if (!a.bekend_op.empty()) {
    pb::Timestamp t;
    if (!TimeUtil::FromString(a.bekend_op, &t)) {
      return Fail(Status::InvalidArgument("geen tijd: \"" + a.bekend_op + "\" (vorm: 2026-06-30T17:00:00Z)",
                                          "bekend-op"));
    }
    vraag.bekend_op = t;
  }
  projections::AsOf at;
  if (a.peildatum.empty()) {
    at.peildatum = *ParseDate(TimeUtil::ToString(TimeUtil::GetCurrentTime()).substr(0, 10));
  } else if (std::optional<int32_t> day = ParseDate(a.peildatum)) {
    at.peildatum = *day;
  } else {
    return Fail(
        Status::InvalidArgument("geen datum: \"" + a.peildatum + "\" (vorm: jjjj-mm-dd)", "peildatum"));
  }
  if (!a.drempels.empty()) {
    if (Status s = config::LoadDrempels(a.drempels, &vraag.drempels); !s.ok()) return Fail(s);
  }
  std::unique_ptr<eventstore::RecordSource> log;
  if (Status s = OpenSource(a.dir, a, &log); !s.ok()) return Fail(s);
  projections::Projection projection;
  uint64_t tot = 0;
  if (Status s = Replay(*log, vraag, &projection, &tot); !s.ok()) return Fail(s);
  std::unique_ptr<pb::Message> view;
  if (Status s = ViewByName(projection, a.view, at, &view); !s.ok()) return Fail(s);
  std::cerr << a.view << " bij positie " << tot << ", peildatum " << FormatDate(at.peildatum) << "\n";
  if (a.json) {
    std::cout << contract::ListToJson(*view) << "\n";
    return kInOrde;
  }
  std::vector<table::Table> tables = table::TablesOfView(*view);
  if (!a.xlsx.empty()) {
    if (Status s = table::WriteXlsx(tables, a.xlsx); !s.ok()) return Fail(s);
    std::cerr << "geschreven naar " << a.xlsx << "\n";
    return kInOrde;
  }
  if (!a.csv.empty()) {
    std::ofstream out(a.csv, std::ios::binary | std::ios::trunc);
    if (Status s = table::WriteCsv(tables.front(), out); !s.ok()) return Fail(s);
    out.close();
    if (!out) return Fail(Status::IOError("kan " + a.csv + " niet schrijven"));
    std::cerr << "geschreven naar " << a.csv
              << (tables.size() > 1 ? " (de hoofdtabel; --xlsx geeft ze alle)" : "") << "\n";
    return kInOrde;
  }
  // On a terminal as `toon` shows it: a dossier's nine fields that fit on a line; the files hold all.
  if (Status s = table::WriteText(table::TablesOfView(*view, table::Columns::kShort), std::cout); !s.ok())
    return Fail(s);
  return kInOrde;
}

int Diff(const Args& a) {
  std::unique_ptr<eventstore::RecordSource> copy_a, copy_b;
  if (Status s = OpenSource(a.dir, a, &copy_a); !s.ok()) return Fail(s);
  if (Status s = OpenSource(a.dir_b, a, &copy_b); !s.ok()) return Fail(s);
  Verschil verschil;
  if (Status s = DiffLogs(*copy_a, *copy_b, &verschil); !s.ok()) return Fail(s);
  if (verschil.eerste_verschil != 0) {
    return NotInOrder(verschil.eerste_verschil, "de kopieën verschillen (gelijk tot positie " +
                                                    std::to_string(verschil.gelijk_tot) + ")");
  }
  std::cout << "gelijk tot positie " << verschil.gelijk_tot;
  if (verschil.lengte_a != verschil.lengte_b) {
    std::cout << "; " << (verschil.lengte_a > verschil.lengte_b ? a.dir : a.dir_b)
              << " gaat door tot positie " << std::max(verschil.lengte_a, verschil.lengte_b)
              << " (de andere loopt achter)";
  }
  std::cout << "\n";
  return kInOrde;
}

}  // namespace
}  // namespace regiotafel::audit

namespace {

// DIR: a directory, or a bus's fetch endpoint and how to connect to it.
void AddSource(CLI::App* command, const char* name, std::string* where, regiotafel::audit::Args* a) {
  command
      ->add_option(name, *where,
                   "a node's or the bus's data directory, a log directory, or a bus's fetch endpoint "
                   "(tcp://host:port)")
      ->required();
  if (command->get_option_no_throw("--curve-sleutel") == nullptr) {
    command->add_option("--curve-sleutel", a->curve_sleutel,
                        "an endpoint with Curve: a secret key file the bus trusts");
    command->add_option("--bus-curve", a->bus_curve, "an endpoint with Curve: the bus's public key (Z85)");
  }
}

}  // namespace

int main(int argc, char** argv) {
  using regiotafel::audit::Args;
  CLI::App app{
      "regiotafel-audit: verify any copy of the regional log, prove, replay and compare (docs/AUDIT.md)"};
  app.require_subcommand(1);
  Args a;
  auto* verify =
      app.add_subcommand("verify", "the chain, positions, contract and signatures of a copy of the log");
  AddSource(verify, "dir", &a.dir, &a);
  verify->add_option("--trust", a.trust, "the region's trust file: check every signature by its position");
  verify->add_option("--controlepunten", a.controlepunten,
                     "other nodes' data directories: check the log against the checkpoints they kept");

  auto* prove = app.add_subcommand("prove", "an inclusion proof for one event, or a consistency proof");
  AddSource(prove, "dir", &a.dir, &a);
  auto* position =
      prove->add_option("--positie", a.position, "the record to prove")->check(CLI::PositiveNumber);
  prove->add_option("--event", a.event, "the event id to prove")->excludes(position);
  prove->add_option("--grootte", a.grootte, "against the log of this many records (default: all verified)");
  prove->add_option("--van", a.van, "consistency: the older size")->excludes(position);
  prove->add_option("--tot", a.tot, "consistency: the newer size");
  prove->add_option("--out", a.out, "write the proof here (default: stdout)");

  auto* check = app.add_subcommand("check", "check a proof made by prove");
  check->add_option("proof", a.proof, "the proof (JSON)")->required();
  check->add_option("--trust", a.trust, "the region's trust file (the bus's checkpoint key)");

  auto* replay = app.add_subcommand("replay", "a view as it stood at a position or moment, at a peildatum");
  AddSource(replay, "dir", &a.dir, &a);
  replay
      ->add_option("--view", a.view,
                   "dossiers, taakstelling, pijplijn, signalen, woningen, corporaties, begeleiding")
      ->required();
  auto* r_position = replay->add_option("--positie", a.position, "what the log held up to this position");
  replay
      ->add_option("--bekend-op", a.bekend_op,
                   "what was known at this moment (RFC 3339, e.g. 2026-06-30T17:00:00Z)")
      ->excludes(r_position);
  replay->add_option("--peildatum", a.peildatum, "the business date (jjjj-mm-dd; default today)");
  replay->add_option("--drempels", a.drempels, "the region's file or a node's config, for its [drempels]");
  auto* csv = replay->add_option("--csv", a.csv, "write the view as CSV for Excel (;, UTF-8)");
  auto* xlsx = replay->add_option("--xlsx", a.xlsx, "write the view as an Excel workbook")->excludes(csv);
  replay->add_flag("--json", a.json, "the view as JSON, as the node's API serves it")
      ->excludes(csv)
      ->excludes(xlsx);

  auto* diff = app.add_subcommand("diff", "the first position where two copies of the log differ");
  AddSource(diff, "a", &a.dir, &a);
  AddSource(diff, "b", &a.dir_b, &a);

  CLI11_PARSE(app, argc, argv);
  if (*verify) return regiotafel::audit::Verify(a);
  if (*prove) return regiotafel::audit::Prove(a);
  if (*check) return regiotafel::audit::Check(a);
  if (*replay) return regiotafel::audit::ReplayView(a);
  return regiotafel::audit::Diff(a);
}
