#include "services/region/region_files.h"

#include <toml++/toml.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/bytes.h"
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

std::string Toml(const toml::table& table) {
  std::ostringstream out;
  out << kGenerated << table << "\n";
  return out.str();
}

// A JSON string literal; our values are organisation ids, URLs and a region name.
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) return Status::IOError("cannot write " + temporary);
  }
  std::error_code ec;
  fs::rename(temporary, path, ec);
  if (ec) return Status::IOError("cannot rename " + temporary + " to " + path + ": " + ec.message());
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
    if (Status s = keys::LoadOrMakeKeys(keys::KeyFilesOf(layout.KeysDir(), node.name), &pairs); !s.ok()) return s;
    trust_orgs.insert(node.name, toml::table{{"ed25519", ToHex(pairs.signing->public_key())},
                                             {"curve", transport::ToZ85(pairs.curve.public_key)}});
  }
  toml::table trust;
  trust.insert("organisaties", std::move(trust_orgs));
  if (Status s = WriteFileAtomically(layout.TrustFile(), Toml(trust)); !s.ok()) return s;
  const std::string bus_key_file = layout.KeysDir() + "/bus.curve";
  transport::CurveKeyPair bus_key;
  if (Status s = keys::LoadOrMakeCurveKey(bus_key_file, &bus_key); !s.ok()) return s;

  const int64_t heartbeat_ms = plan.heartbeat.count();
  toml::table bus{{"data", layout.BusData()},         {"submit", plan.submit},
                  {"publish", plan.publish},          {"fetch", plan.fetch},
                  {"trust", layout.TrustFile()},      {"curve_sleutel", bus_key_file},
                  {"heartbeat_ms", heartbeat_ms}};
  if (Status s = WriteFileAtomically(layout.ConfigFile(plan.bus.stem), Toml(bus)); !s.ok()) return s;

  for (const ProcessPlan& node : plan.nodes) {
    const keys::KeyFiles key_files = keys::KeyFilesOf(layout.KeysDir(), node.name);
    toml::table config{{"organisatie", node.name},
                       {"data", layout.NodeData(node.stem)},
                       {"sleutel", key_files.ed25519},
                       {"curve_sleutel", key_files.curve}};
    config.insert("bus", toml::table{{"submit", plan.submit},
                                     {"publish", plan.publish},
                                     {"fetch", plan.fetch},
                                     {"curve", transport::ToZ85(bus_key.public_key)},
                                     {"heartbeat_ms", heartbeat_ms}});
    config.insert("http", toml::table{{"adres", "127.0.0.1"}, {"poort", int64_t{node.ports.front().number}}});
    if (!plan.drempels.empty()) {
      toml::table drempels;
      for (const auto& [name, days] : plan.drempels) drempels.insert(name, int64_t{days});
      config.insert("drempels", std::move(drempels));
    }
    if (Status s = WriteFileAtomically(layout.ConfigFile(node.stem), Toml(config)); !s.ok()) return s;
  }
  return Status::Ok();
}

Status WriteRegionJson(const RegionPlan& plan, const RegionLayout& layout) {
  std::string json = "{\n  \"naam\": " + JsonString(plan.naam) +
                     ",\n  \"bus\": {\"submit\": " + JsonString(plan.submit) +
                     ", \"publish\": " + JsonString(plan.publish) + ", \"fetch\": " + JsonString(plan.fetch) +
                     "},\n  \"nodes\": {";
  for (size_t i = 0; i < plan.nodes.size(); ++i) {
    json += (i == 0 ? "\n    " : ",\n    ") + JsonString(plan.nodes[i].name) + ": " +
            JsonString(plan.nodes[i].url);
  }
  json += "\n  }\n}\n";
  return WriteFileAtomically(layout.RegionJson(), json);
}

}  // namespace regiotafel::region
