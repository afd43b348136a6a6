#include "services/config/trust.h"

#include "base/bytes.h"
#include "contract/identifiers.h"
#include "services/config/toml_reading.h"
#include "transport/curve.h"

namespace regiotafel::config {

using config::ParseTomlFile;
namespace {

// One key's table: ed25519 (required), curve, vanaf, tot. `name` is its path for the messages.
Status ParseKey(const toml::table& table, const std::string& path, const std::string& name, TrustedKey* out) {
  auto bad = [&](const std::string& key, const std::string& what) {
    return Status::InvalidArgument(path + ": " + name + "." + key + " " + what, name + "." + key);
  };
  TrustedKey key;
  std::optional<std::string> hex = table["ed25519"].value<std::string>();
  std::optional<std::string> ed25519 = hex ? FromHex(*hex) : std::nullopt;
  if (!ed25519 || ed25519->size() != kPublicKeySize)
    return bad("ed25519", "must be a 32-byte public key in hex");
  key.ed25519 = *ed25519;
  if (table.contains("curve")) {
    std::optional<std::string> z85 = table["curve"].value<std::string>();
    std::optional<std::string> curve = z85 ? transport::FromZ85(*z85) : std::nullopt;
    if (!curve) return bad("curve", "must be a Curve public key (40 characters of Z85)");
    key.curve = *curve;
  }
  for (auto [field, target] : {std::pair{"vanaf", &key.vanaf}, std::pair{"tot", &key.tot}}) {
    if (!table.contains(field)) continue;
    std::optional<int64_t> position = table[field].value<int64_t>();
    if (!position || *position < 1) return bad(field, "must be a log position (1 or more)");
    *target = static_cast<uint64_t>(*position);
  }
  if (key.vanaf >= key.tot) return bad("tot", "must come after vanaf");
  *out = std::move(key);
  return Status::Ok();
}

Status ParseOrganisation(const toml::table& table, const std::string& path, const std::string& org,
                         TrustedOrganisation* out) {
  const std::string name = "organisaties." + org;
  const toml::array* keys = table["sleutels"].as_array();
  if (keys == nullptr) {  // the simple form: one key from position 1 on
    TrustedKey key;
    if (Status s = ParseKey(table, path, name, &key); !s.ok()) return s;
    if (key.vanaf != 1 || key.tot != kNoEnd) {
      return Status::InvalidArgument(
          path + ": " + name + ": vanaf and tot belong in [[" + name + ".sleutels]]", name);
    }
    out->sleutels = {std::move(key)};
    return Status::Ok();
  }
  if (table.contains("ed25519") || table.contains("curve") || keys->empty()) {
    return Status::InvalidArgument(
        path + ": " + name + ": either ed25519/curve or a list of sleutels, not both", name + ".sleutels");
  }
  for (size_t i = 0; i < keys->size(); ++i) {
    const toml::table* entry = keys->get(i)->as_table();
    const std::string entry_name = name + ".sleutels[" + std::to_string(i) + "]";
    if (entry == nullptr)
      return Status::InvalidArgument(path + ": " + entry_name + " must be a table", entry_name);
    TrustedKey key;
    if (Status s = ParseKey(*entry, path, entry_name, &key); !s.ok()) return s;
    out->sleutels.push_back(std::move(key));
  }
  return Status::Ok();
}

// [bus] checkpoint_sleutel, when there.
Status ParseBusTable(const toml::table& root, const std::string& path, std::string* public_key) {
  public_key->clear();
  if (!root.contains("bus")) return Status::Ok();
  const toml::table* bus = root["bus"].as_table();
  if (bus == nullptr) return Status::InvalidArgument(path + ": bus must be a table", "bus");
  for (const auto& [key, value] : *bus) {
    if (key.str() != "checkpoint_sleutel") {
      return Status::InvalidArgument(path + ": [bus] has an unknown key " + std::string(key.str()),
                                     "bus." + std::string(key.str()));
    }
  }
  std::optional<std::string> hex = (*bus)["checkpoint_sleutel"].value<std::string>();
  std::optional<std::string> key = hex ? FromHex(*hex) : std::nullopt;
  if (!key || key->size() != kPublicKeySize) {
    return Status::InvalidArgument(
        path + ": bus.checkpoint_sleutel must be the bus's Ed25519 public key (64 hex digits)",
        "bus.checkpoint_sleutel");
  }
  *public_key = std::move(*key);
  return Status::Ok();
}

}  // namespace

bool TrustedOrganisation::Signed(uint64_t position, std::string_view envelope, std::string_view signature,
                                 SignatureVerifier& verifier) const {
  for (const TrustedKey& key : sleutels) {
    if (key.InEffectAt(position) && verifier.Verify(key.ed25519, envelope, signature)) return true;
  }
  return false;
}

Status LoadTrust(const std::string& path, TrustMap* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root); !s.ok()) return s;
  const toml::table* orgs = root["organisaties"].as_table();
  if (orgs == nullptr) return Status::InvalidArgument(path + ": no [organisaties] table", "organisaties");
  std::string bus_key;
  if (Status s = ParseBusTable(root, path, &bus_key); !s.ok()) return s;
  TrustMap trust;
  std::map<std::string, std::string> curve_owner;  // a Curve key names one organisation only
  for (const auto& [id, node] : *orgs) {
    const std::string org(id.str());
    if (!contract::ParseOrgId(org)) {
      return Status::InvalidArgument(path + ": \"" + org + "\" is not an organisation id", "organisaties");
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) {
      return Status::InvalidArgument(path + ": organisaties." + org + " must be a table",
                                     "organisaties." + org);
    }
    TrustedOrganisation& trusted = trust[org];
    if (Status s = ParseOrganisation(*table, path, org, &trusted); !s.ok()) return s;
    for (const TrustedKey& key : trusted.sleutels) {
      if (key.curve.empty()) continue;
      auto [owner, added] = curve_owner.emplace(key.curve, org);
      if (!added && owner->second != org) {
        return Status::InvalidArgument(
            path + ": " + owner->second + " and " + org + " have the same Curve key",
            "organisaties." + org + ".curve");
      }
    }
  }
  *out = std::move(trust);
  return Status::Ok();
}

Status LoadBusCheckpointKey(const std::string& path, std::string* public_key) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root); !s.ok()) return s;
  return ParseBusTable(root, path, public_key);
}

bool KeyChangeWithin(const TrustMap& trust, uint64_t after, uint64_t up_to) {
  auto within = [&](uint64_t position) { return after < position && position <= up_to; };
  for (const auto& [org, trusted] : trust) {
    for (const TrustedKey& key : trusted.sleutels) {
      if (within(key.vanaf) || within(key.tot)) return true;
    }
  }
  return false;
}

}  // namespace regiotafel::config
