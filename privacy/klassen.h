// The classes of personal data (DOMAIN.md §7): which class a field of an event is (the `klasse`
// option in events.proto) and which kind of organisation may read which class.
#pragma once

#include <google/protobuf/descriptor.h>

#include <array>
#include <optional>

#include "contract/identifiers.h"
#include "regiotafel/v1/persoonsgegevens.pb.h"

namespace regiotafel::privacy {

// Every class that holds personal data, in the order parts are made and stored.
inline constexpr std::array<v1::Klasse, 3> kKlassen = {v1::IDENTITEIT, v1::BSN, v1::TOELICHTING};

// The field's class; KLASSE_GEEN for a fact the whole region may know.
v1::Klasse KlasseOf(const google::protobuf::FieldDescriptor& field);

// DOMAIN §7's table: identiteit for every kind, bsn and toelichting for coa, gemeenten and
// vluchtelingenwerk. (The origin of an event may always read what it wrote: the caller knows that.)
bool MayRead(contract::OrgKind kind, v1::Klasse klasse);

// "identiteit", "bsn", "toelichting": the class as DOMAIN §7 and docs/PRIVACY.md name it.
std::string_view KlasseName(v1::Klasse klasse);
// The class named so; nullopt for any other word.
std::optional<v1::Klasse> KlasseNamed(std::string_view name);

}  // namespace regiotafel::privacy
