#include "privacy/klassen.h"

namespace regiotafel::privacy {

v1::Klasse KlasseOf(const google::protobuf::FieldDescriptor& field) {
  return field.options().GetExtension(v1::klasse);
}

bool MayRead(contract::OrgKind kind, v1::Klasse klasse) {
  switch (klasse) {
    case v1::IDENTITEIT:
      return true;
    case v1::BSN:
    case v1::TOELICHTING:
      return kind == contract::OrgKind::kCoa || kind == contract::OrgKind::kGemeente ||
             kind == contract::OrgKind::kVluchtelingenwerk;
    default:
      return false;
  }
}

std::optional<v1::Klasse> KlasseNamed(std::string_view name) {
  for (v1::Klasse klasse : kKlassen) {
    if (KlasseName(klasse) == name) return klasse;
  }
  return std::nullopt;
}

std::string_view KlasseName(v1::Klasse klasse) {
  switch (klasse) {
    case v1::IDENTITEIT:
      return "identiteit";
    case v1::BSN:
      return "bsn";
    case v1::TOELICHTING:
      return "toelichting";
    default:
      return "geen";
  }
}

}  // namespace regiotafel::privacy
