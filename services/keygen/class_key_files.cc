#include "services/keygen/class_key_files.h"

#include <algorithm>
#include <filesystem>

#include "base/key_file.h"
#include "contract/identifiers.h"
#include "services/config/klasse_sleutels.h"
#include "services/config/trust.h"

namespace regiotafel::keys {

Status WriteKlasseSleutelFiles(const std::string& trust_file, const std::string& dir,
                               const std::vector<v1::Klasse>& rotate, std::ostream& out) {
  config::TrustMap trust;
  if (Status s = config::LoadTrust(trust_file, &trust); !s.ok()) return s;
  const std::string region_file = dir + "/regio.klassesleutels.json";
  v1::KlasseSleutels region;
  const bool existed = std::filesystem::exists(region_file);
  if (existed) {
    if (Status s = config::ReadKlasseSleutels(region_file, &region); !s.ok()) return s;
  } else {
    region = config::NewRegionSleutels();
  }
  for (v1::Klasse klasse : rotate) config::Rotate(klasse, &region);
  if (!existed || !rotate.empty()) {
    if (Status s = WriteFileAtomically(region_file, config::KlasseSleutelsJson(region), kOwnerOnly); !s.ok())
      return s;
    out << (existed ? "rotated " : "made ") << region_file << "\n";
  }
  for (const auto& [organisatie, trusted] : trust) {
    const std::optional<contract::OrgId> id = contract::ParseOrgId(organisatie);  // checked by LoadTrust
    auto newest = std::find_if(trusted.sleutels.rbegin(), trusted.sleutels.rend(),
                               [](const config::TrustedKey& key) { return !key.curve.empty(); });
    if (!id || newest == trusted.sleutels.rend()) {
      out << "skipped " << organisatie << ": no curve key in the trust file, so no node of it connects\n";
      continue;
    }
    v1::KlasseSleutels sleutels;
    if (Status s = config::SleutelsFor(region, id->kind, newest->curve, &sleutels); !s.ok()) return s;
    std::string stem = organisatie;
    std::replace(stem.begin(), stem.end(), ':', '_');
    const std::string path = dir + "/" + stem + ".klassesleutels.json";
    if (Status s = WriteFileAtomically(path, config::KlasseSleutelsJson(sleutels), kOwnerOnly); !s.ok())
      return s;
    out << "wrote " << path << "\n";
  }
  return Status::Ok();
}

}  // namespace regiotafel::keys
