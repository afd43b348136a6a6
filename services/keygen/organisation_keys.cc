#include "services/keygen/organisation_keys.h"

#include <filesystem>

#include "base/bytes.h"
#include "base/key_file.h"

namespace regiotafel::keys {

KeyFiles KeyFilesOf(const std::string& dir, std::string_view organisation, uint64_t vanaf) {
  std::string stem(organisation);
  for (char& c : stem) {
    if (c == ':') c = '_';  // a colon is awkward in file names; ids contain no '_'
  }
  if (vanaf > 1) stem += ".vanaf-" + std::to_string(vanaf);
  const std::string base = (std::filesystem::path(dir) / stem).string();
  return {base + ".ed25519", base + ".curve"};
}

Status LoadOrMakeCurveKey(const std::string& path, transport::CurveKeyPair* out, bool* made) {
  if (made != nullptr) *made = false;
  if (std::filesystem::exists(path)) return transport::LoadCurveKeyFile(path, out);
  transport::CurveKeyPair pair = transport::GenerateCurveKeyPair();
  if (Status s = transport::WriteCurveKeyFile(path, pair); !s.ok()) return s;
  *out = std::move(pair);
  if (made != nullptr) *made = true;
  return Status::Ok();
}

Status LoadOrMakeSigningKey(const std::string& path, std::optional<SigningKey>* out, bool* made) {
  if (made != nullptr) *made = false;
  if (std::filesystem::exists(path)) return LoadSigningKeyFile(path, out);
  SigningKey key = SigningKey::Generate();
  if (Status s = WriteNewKeyFile(path, ToHex(key.secret_key())); !s.ok()) return s;
  *out = std::move(key);
  if (made != nullptr) *made = true;
  return Status::Ok();
}

Status LoadOrMakeKeys(const KeyFiles& files, OrganisationKeys* out, int* made) {
  OrganisationKeys keys;
  bool signing_made = false, curve_made = false;
  if (Status s = LoadOrMakeSigningKey(files.ed25519, &keys.signing, &signing_made); !s.ok()) return s;
  if (Status s = LoadOrMakeCurveKey(files.curve, &keys.curve, &curve_made); !s.ok()) return s;
  *out = std::move(keys);
  if (made != nullptr) *made = (signing_made ? 1 : 0) + (curve_made ? 1 : 0);
  return Status::Ok();
}

std::string TrustEntry(std::string_view organisation, const OrganisationKeys& keys, uint64_t vanaf) {
  const std::string table = "organisaties.\"" + std::string(organisation) + "\"";
  const std::string key_lines = "ed25519 = \"" + ToHex(keys.signing->public_key()) + "\"\ncurve = \"" +
                                transport::ToZ85(keys.curve.public_key) + "\"\n";
  if (vanaf <= 1) return "[" + table + "]\n" + key_lines;
  return "[[" + table + ".sleutels]]\n" + key_lines + "vanaf = " + std::to_string(vanaf) + "\n";
}

std::string BusEntries(const OrganisationKeys& bus_keys) {
  const std::string checkpoint_key =
      "checkpoint_sleutel = \"" + ToHex(bus_keys.signing->public_key()) + "\"\n";
  return "# in every node's configuration, [bus]:\ncurve = \"" + transport::ToZ85(bus_keys.curve.public_key) +
         "\"\n" + checkpoint_key +
         "# in the bus's trust file (what auditors check the bus's checkpoints with):\n[bus]\n" +
         checkpoint_key;
}

}  // namespace regiotafel::keys
