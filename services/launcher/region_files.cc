#include "services/launcher/region_files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "base/bytes.h"
#include "base/json_text.h"
#include "base/key_file.h"
#include "services/config/api_tokens.h"
#include "services/keygen/class_key_files.h"
#include "services/keygen/organisation_keys.h"

namespace regiotafel::region {
namespace {

namespace fs = std::filesystem;

constexpr const char* kGenerated =
    "# Written by regiotafel-region up from the region's TOML file; rewritten on every up.\n";

Status MakeDirectory(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::IOError("cannot create " + path + ": " + ec.message());
  return Status::Ok();
}

// A node's HTTP API token: read when it exists, else 32 random bytes in hex, written like a key
// (mode 0600, never over an existing file). Kept across `up`s: a resumed region keeps its tokens.
Status LoadOrMakeToken(const std::string& path, std::string* token) {
  if (fs::exists(path)) return ReadTokenFile(path, token);
  if (sodium_init() < 0) return Status::IOError("libsodium cannot be initialised");
  std::string bytes(32, '\0');
  randombytes_buf(bytes.data(), bytes.size());
  *token = ToHex(bytes);
  return WriteNewKeyFile(path, *token);
}

std::string Toml(const toml::table& table) {
  std::ostringstream out;
  out << kGenerated << table << "\n";
  return out.str();
}

}  // namespace

Status ReadTokenFile(const std::string& path, std::string* token) {
  std::string text;
  if (Status s = ReadKeyFile(path, &text); !s.ok()) return s;
  if (text.size() < config::kMinTokenLength)
    return Status::InvalidArgument("token file " + path + " does not hold a token of at least " +
                                   std::to_string(config::kMinTokenLength) + " characters");
  *token = text;
  return Status::Ok();
}

Status WriteRegionFiles(const RegionPlan& plan, const RegionLayout& layout) {
  for (const std::string& dir : {layout.KeysDir(), layout.ConfigDir(), layout.LogsDir(), layout.RunDir()}) {
    if (Status s = MakeDirectory(dir); !s.ok()) return s;
  }
  std::error_code ignored;
  fs::permissions(layout.KeysDir(), fs::perms::owner_all, ignored);  // secrets: the owner's only

  // Every socket of the region is CURVE: the bus lets in only the organisations of its trust file.
  toml::table trust_orgs;
  for (const ProcessPlan& node : plan.nodes) {
    keys::OrganisationKeys pairs;
    if (Status s = keys::LoadOrMakeKeys(keys::KeyFilesOf(layout.KeysDir(), node.name), &pairs); !s.ok())
      return s;
    trust_orgs.insert(node.name, toml::table{{"ed25519", ToHex(pairs.signing->public_key())},
                                             {"curve", transport::ToZ85(pairs.curve.public_key)}});
  }
  // The bus's Curve key (its sockets) and Ed25519 key (its checkpoints); a region made before the
  // bus signed checkpoints has only the first, and gets the second now.
  const keys::KeyFiles bus_key_files = keys::KeyFilesOf(layout.KeysDir(), RegionLayout::kBus);
  keys::OrganisationKeys bus_keys;
  if (Status s = keys::LoadOrMakeKeys(bus_key_files, &bus_keys); !s.ok()) return s;
  const std::string checkpoint_key = ToHex(bus_keys.signing->public_key());

  toml::table trust;
  trust.insert("organisaties", std::move(trust_orgs));
  trust.insert("bus", toml::table{{"checkpoint_sleutel", checkpoint_key}});  // for auditors
  if (Status s = WriteFileAtomically(layout.TrustFile(), Toml(trust)); !s.ok()) return s;
  // Every organisation gets the class keys its kind may read, sealed to its Curve key, rewritten on
  // every up: one that joins later gets every epoch, and so the history its kind may read. The
  // region's own class keys are made on the first up and kept (a resumed region reads its history).
  std::ostringstream written;  // which files: not the launcher's to say
  if (Status s = keys::WriteKlasseSleutelFiles(layout.TrustFile(), layout.KeysDir(), {}, written); !s.ok())
    return s;

  const int64_t heartbeat_ms = plan.heartbeat.count();
  toml::table bus{{"data", layout.BusData()},
                  {"submit", plan.submit},
                  {"publish", plan.publish},
                  {"fetch", plan.fetch},
                  {"trust", layout.TrustFile()},
                  {"curve_sleutel", bus_key_files.curve},
                  {"checkpoint_sleutel", bus_key_files.ed25519},
                  {"heartbeat_ms", heartbeat_ms}};
  if (!plan.metrics.empty()) bus.insert("metrics", plan.metrics);  // GET /metrics, POST /beheer/backup
  if (Status s = WriteFileAtomically(layout.ConfigFile(plan.bus.stem), Toml(bus)); !s.ok()) return s;

  for (const ProcessPlan& node : plan.nodes) {
    const keys::KeyFiles key_files = keys::KeyFilesOf(layout.KeysDir(), node.name);
    toml::table config{{"organisatie", node.name},
                       {"data", layout.NodeData(node.stem)},
                       {"sleutel", key_files.ed25519},
                       {"curve_sleutel", key_files.curve},
                       {"klassesleutels", layout.KlasseSleutelsFile(node.stem)}};
    config.insert("bus", toml::table{{"submit", plan.submit},
                                     {"publish", plan.publish},
                                     {"fetch", plan.fetch},
                                     {"curve", transport::ToZ85(bus_keys.curve.public_key)},
                                     {"checkpoint_sleutel", checkpoint_key},
                                     {"heartbeat_ms", heartbeat_ms}});
    if (plan.bewaartermijn_jaren > 0) config.insert("bewaartermijn_jaren", int64_t{plan.bewaartermijn_jaren});
    config.insert("http", toml::table{{"adres", "127.0.0.1"}, {"poort", int64_t{node.ports.front().number}}});
    std::string token;
    if (Status s = LoadOrMakeToken(layout.TokenFile(node.stem), &token); !s.ok()) return s;
    config.insert("tokens", toml::array{toml::table{{"token", token}, {"rol", "schrijven"}}});
    if (!plan.drempels.empty()) {
      toml::table drempels;
      for (const auto& [name, days] : plan.drempels) drempels.insert(name, int64_t{days});
      config.insert("drempels", std::move(drempels));
    }
    // Secret: it holds the token.
    if (Status s = WriteFileAtomically(layout.ConfigFile(node.stem), Toml(config), kOwnerOnly); !s.ok())
      return s;
  }
  return Status::Ok();
}

Status WriteRegionJson(const RegionPlan& plan, const RegionLayout& layout) {
  std::string json = "{\n  \"naam\": " + JsonQuote(plan.naam) +
                     ",\n  \"bus\": {\"submit\": " + JsonQuote(plan.submit) +
                     ", \"publish\": " + JsonQuote(plan.publish) + ", \"fetch\": " + JsonQuote(plan.fetch) +
                     "},\n  \"nodes\": {";
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    json +=
        (i == 0 ? "\n    " : ",\n    ") + JsonQuote(plan.nodes[i].name) + ": " + JsonQuote(plan.nodes[i].url);
  }
  json += "\n  },\n  \"tokens\": {";
  // A node without a token file was started before tokens existed: it has none, and is left out.
  bool first = true;
  for (const ProcessPlan& node : plan.nodes) {
    std::string token;
    if (!ReadTokenFile(layout.TokenFile(node.stem), &token).ok()) continue;
    json += (first ? "\n    " : ",\n    ") + JsonQuote(node.name) + ": " + JsonQuote(token);
    first = false;
  }
  json += "\n  }\n}\n";
  return WriteFileAtomically(layout.RegionJson(), json, kOwnerOnly);
}

}  // namespace regiotafel::region
