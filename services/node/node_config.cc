#include "services/node/node_config.h"

#include <arpa/inet.h>
#include <toml++/toml.h>

#include <filesystem>

#include "base/bytes.h"
#include "services/config/bewaartermijn.h"
#include "services/config/drempels.h"
#include "services/config/klasse_sleutels.h"
#include "services/config/toml_reading.h"

namespace regiotafel::node {

using config::BackupsDir;
using config::ParseTomlFile;
using config::ReadMillis;
using config::ReadText;
using config::ResolvePath;
namespace {

// curve_sleutel and bus.curve: both (a CURVE bus) or neither (a plain one).
Status BusCurve(const toml::table& r, const std::string& path, transport::CurveSettings* out) {
  std::string key_file, server_z85;
  if (Status s = ReadText(r["curve_sleutel"], path, "curve_sleutel", false, &key_file); !s.ok()) return s;
  if (Status s = ReadText(r["bus"]["curve"], path, "bus.curve", false, &server_z85); !s.ok()) return s;
  if (key_file.empty() != server_z85.empty()) {
    return Status::InvalidArgument(path + ": curve_sleutel and bus.curve go together (CurveZMQ needs both)",
                                   key_file.empty() ? "curve_sleutel" : "bus.curve");
  }
  if (key_file.empty()) return Status::Ok();
  std::optional<std::string> server_key = transport::FromZ85(server_z85);
  if (!server_key) {
    return Status::InvalidArgument(
        path + ": bus.curve must be the bus's Curve public key (40 characters of Z85)", "bus.curve");
  }
  transport::CurveSettings curve;
  curve.server_key = *server_key;
  if (Status s = transport::LoadCurveKeyFile(ResolvePath(path, key_file), &curve.own); !s.ok()) {
    return Status::InvalidArgument(path + ": curve_sleutel: " + s.message(), "curve_sleutel");
  }
  *out = std::move(curve);
  return Status::Ok();
}

// [[tokens]]: an array of tables, each {token, rol}. The token itself never appears in a message.
Status Tokens(const toml::node_view<const toml::node>& node, const std::string& path,
              std::vector<config::ApiToken>* out) {
  if (!node) return Status::Ok();
  const toml::array* array = node.as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return Status::InvalidArgument(
        path +
            ": tokens must be an array of tables: [[tokens]] with token = \"...\" and rol = \"lezen\" or "
            "\"schrijven\"",
        "tokens");
  }
  std::vector<config::ApiToken> tokens;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::table& table = *array->get(i)->as_table();
    const std::string at = "tokens[" + std::to_string(i) + "]";
    for (const auto& [key, value] : table) {
      if (key.str() != "token" && key.str() != "rol") {
        return Status::InvalidArgument(path + ": " + at + " has an unknown key " + std::string(key.str()) +
                                           " (a token has token and rol)",
                                       at + "." + std::string(key.str()));
      }
    }
    config::ApiToken token;
    std::optional<std::string> text = table["token"].value<std::string>();
    if (!text)
      return Status::InvalidArgument(path + ": " + at + ".token is missing or not a text", at + ".token");
    if (text->size() < config::kMinTokenLength) {
      return Status::InvalidArgument(path + ": " + at +
                                         ".token is too short: " + std::to_string(text->size()) +
                                         " characters, at least " + std::to_string(config::kMinTokenLength) +
                                         " are needed (e.g. 32 random bytes in hex: openssl rand -hex 32)",
                                     at + ".token");
    }
    for (char c : *text) {
      // What a Bearer header can carry as it is: visible ASCII, no spaces.
      if (c <= ' ' || c > '~') {
        return Status::InvalidArgument(
            path + ": " + at + ".token may hold only visible ASCII characters, no spaces", at + ".token");
      }
    }
    token.token = *text;
    std::optional<std::string> rol = table["rol"].value<std::string>();
    std::optional<config::TokenRol> parsed = rol ? config::ParseTokenRol(*rol) : std::nullopt;
    if (!parsed) {
      return Status::InvalidArgument(path + ": " + at + ".rol must be \"lezen\" or \"schrijven\"" +
                                         (rol ? ", not \"" + *rol + "\"" : " (it is missing)"),
                                     at + ".rol");
    }
    token.rol = *parsed;
    for (size_t j = 0; j < tokens.size(); ++j) {
      if (tokens[j].token == token.token) {
        return Status::InvalidArgument(
            path + ": " + at + ".token is the same as tokens[" + std::to_string(j) + "].token",
            at + ".token");
      }
    }
    tokens.push_back(std::move(token));
  }
  *out = std::move(tokens);
  return Status::Ok();
}

// klassesleutels: the organisation's class keys (services/config/klasse_sleutels.h), sealed to its
// Curve key, so it needs curve_sleutel.
Status Klassesleutels(const toml::table& r, const std::string& path, const transport::CurveSettings& curve,
                      privacy::Keyring* out) {
  std::string file;
  if (Status s = ReadText(r["klassesleutels"], path, "klassesleutels", false, &file); !s.ok()) return s;
  if (file.empty()) return Status::Ok();
  if (!curve.enabled()) {
    return Status::InvalidArgument(
        path + ": klassesleutels needs curve_sleutel (the class keys are sealed to the Curve key)",
        "klassesleutels");
  }
  v1::KlasseSleutels sleutels;
  Status s = config::ReadKlasseSleutels(ResolvePath(path, file), &sleutels);
  if (s.ok()) s = config::KeyringOf(sleutels, curve.own.public_key, curve.own.secret_key, out);
  if (!s.ok()) return Status::InvalidArgument(path + ": klassesleutels: " + s.message(), "klassesleutels");
  return Status::Ok();
}

}  // namespace

bool IsLoopbackAddress(const std::string& address) {
  if (address == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) return IN6_IS_ADDR_LOOPBACK(&v6);
  return false;
}

Status LoadNodeConfig(const std::string& path, NodeConfig* out) {
  toml::table root;
  if (Status s = ParseTomlFile(path, &root); !s.ok()) return s;
  const toml::table& r = root;
  NodeConfig c;
  std::string data, key;
  Status s;
  if (s = ReadText(r["organisatie"], path, "organisatie", true, &c.organisatie); !s.ok()) return s;
  std::optional<contract::OrgId> org = contract::ParseOrgId(c.organisatie);
  if (!org)
    return Status::InvalidArgument(path + ": organisatie \"" + c.organisatie + "\" is not an organisation id",
                                   "organisatie");
  c.kind = org->kind;
  if (s = ReadText(r["data"], path, "data", true, &data); !s.ok()) return s;
  c.data_dir = ResolvePath(path, data);
  std::string backups;
  if (s = ReadText(r["backups"], path, "backups", false, &backups); !s.ok()) return s;
  c.backups_dir = BackupsDir(path, c.data_dir, backups);
  if (s = ReadText(r["sleutel"], path, "sleutel", true, &key); !s.ok()) return s;
  c.key_file = ResolvePath(path, key);
  if (s = ReadText(r["bus"]["submit"], path, "bus.submit", true, &c.bus_submit); !s.ok()) return s;
  if (s = ReadText(r["bus"]["publish"], path, "bus.publish", true, &c.bus_publish); !s.ok()) return s;
  if (s = ReadText(r["bus"]["fetch"], path, "bus.fetch", true, &c.bus_fetch); !s.ok()) return s;
  if (s = BusCurve(r, path, &c.bus_curve); !s.ok()) return s;
  if (s = Klassesleutels(r, path, c.bus_curve, &c.klassesleutels); !s.ok()) return s;
  if (s = ReadMillis(r["bus"]["heartbeat_ms"], path, "bus.heartbeat_ms", 10, 60'000, &c.heartbeat); !s.ok())
    return s;
  if (s = ReadMillis(r["bus"]["timeout_ms"], path, "bus.timeout_ms", 10, 600'000, &c.submit_timeout); !s.ok())
    return s;
  std::string checkpoint_key;
  if (s = ReadText(r["bus"]["checkpoint_sleutel"], path, "bus.checkpoint_sleutel", false, &checkpoint_key);
      !s.ok())
    return s;
  if (!checkpoint_key.empty()) {
    std::optional<std::string> key = FromHex(checkpoint_key);
    if (!key || key->size() != kPublicKeySize) {
      return Status::InvalidArgument(
          path + ": bus.checkpoint_sleutel must be the bus's Ed25519 public key (64 hex digits)",
          "bus.checkpoint_sleutel");
    }
    c.bus_checkpoint_key = *key;
  }
  if (s = ReadText(r["http"]["adres"], path, "http.adres", false, &c.http_address); !s.ok()) return s;
  if (auto port = r["http"]["poort"]; port) {
    std::optional<int64_t> value = port.value<int64_t>();
    if (!value || *value < 0 || *value > 65535) {
      return Status::InvalidArgument(path + ": http.poort must be a port number (0: any free port)",
                                     "http.poort");
    }
    c.http_port = static_cast<int>(*value);
  } else {
    return Status::InvalidArgument(path + ": missing key http.poort", "http.poort");
  }
  if (s = ReadMillis(r["http"]["wacht_ms"], path, "http.wacht_ms", 0, 600'000, &c.commit_wait); !s.ok())
    return s;
  if (s = Tokens(r["tokens"], path, &c.tokens); !s.ok()) return s;
  if (c.tokens.empty() && !IsLoopbackAddress(c.http_address)) {
    return Status::InvalidArgument(path + ": http.adres = \"" + c.http_address +
                                       "\" is not a loopback address, and without [[tokens]] anyone who "
                                       "reaches it could read and write; "
                                       "add a [[tokens]] table (token, rol) or listen on 127.0.0.1",
                                   "http.adres");
  }
  if (s = config::ReadDrempels(r["drempels"], path, &c.drempels); !s.ok()) return s;
  if (s = config::ReadBewaartermijn(r["bewaartermijn_jaren"], path, &c.bewaartermijn_jaren); !s.ok())
    return s;
  *out = std::move(c);
  return Status::Ok();
}

}  // namespace regiotafel::node
