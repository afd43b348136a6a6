#include "services/config/klasse_sleutels.h"

#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "privacy/klassen.h"

namespace regiotafel::config {

Status ReadKlasseSleutels(const std::string& path, v1::KlasseSleutels* out) {
  std::ifstream in(path);
  if (!in) return Status::NotFound(path + ": klassesleutels niet gevonden");
  std::stringstream text;
  text << in.rdbuf();
  out->Clear();
  if (!google::protobuf::util::JsonStringToMessage(text.str(), out).ok()) {
    return Status::InvalidArgument(path + ": geen bestand met klassesleutels (JSON)", "klassesleutels");
  }
  for (const v1::KlasseSleutel& k : out->sleutels()) {
    if (k.klasse() == v1::KLASSE_GEEN || k.epoch() == 0 || k.public_key().size() != privacy::kKeySize) {
      return Status::InvalidArgument(path + ": een klassesleutel zonder klasse, epoch of publieke sleutel",
                                     "klassesleutels");
    }
  }
  return Status::Ok();
}

std::string KlasseSleutelsJson(const v1::KlasseSleutels& sleutels) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(sleutels, &json, options);
  return json;
}

namespace {

void AddPair(v1::Klasse klasse, uint32_t epoch, v1::KlasseSleutels* region) {
  privacy::KlasseKey pair = privacy::NewKlasseKey(klasse, epoch);
  v1::KlasseSleutel* k = region->add_sleutels();
  k->set_klasse(klasse);
  k->set_epoch(epoch);
  k->set_public_key(pair.public_key);
  k->set_secret_key(pair.secret_key);
}

}  // namespace

v1::KlasseSleutels NewRegionSleutels() {
  v1::KlasseSleutels region;
  for (v1::Klasse klasse : privacy::kKlassen) AddPair(klasse, 1, &region);
  return region;
}

void Rotate(v1::Klasse klasse, v1::KlasseSleutels* region) {
  uint32_t newest = 0;
  for (const v1::KlasseSleutel& k : region->sleutels()) {
    if (k.klasse() == klasse && k.epoch() > newest) newest = k.epoch();
  }
  AddPair(klasse, newest + 1, region);
}

Status SleutelsFor(const v1::KlasseSleutels& region, contract::OrgKind kind, std::string_view curve_public,
                   v1::KlasseSleutels* out) {
  out->Clear();
  for (const v1::KlasseSleutel& k : region.sleutels()) {
    v1::KlasseSleutel* given = out->add_sleutels();
    given->set_klasse(k.klasse());
    given->set_epoch(k.epoch());
    given->set_public_key(k.public_key());
    if (!privacy::MayRead(kind, k.klasse())) continue;
    const privacy::KlasseKey pair{k.klasse(), k.epoch(), k.public_key(), k.secret_key()};
    if (Status s = privacy::WrapSecret(pair, curve_public, given->mutable_secret_verpakt()); !s.ok())
      return s;
  }
  return Status::Ok();
}

Status KeyringOf(const v1::KlasseSleutels& sleutels, std::string_view curve_public,
                 std::string_view curve_secret, privacy::Keyring* out) {
  *out = privacy::Keyring();
  for (const v1::KlasseSleutel& k : sleutels.sleutels()) {
    privacy::KlasseKey key{k.klasse(), k.epoch(), k.public_key(), k.secret_key()};
    if (key.secret_key.empty() && !k.secret_verpakt().empty()) {
      if (Status s = privacy::UnwrapSecret(k.secret_verpakt(), curve_public, curve_secret, &key); !s.ok()) {
        return Status::InvalidArgument("klassesleutel " + std::string(privacy::KlasseName(k.klasse())) +
                                           " epoch " + std::to_string(k.epoch()) + ": " + s.message(),
                                       "klassesleutels");
      }
    }
    out->Add(std::move(key));
  }
  return Status::Ok();
}

}  // namespace regiotafel::config
