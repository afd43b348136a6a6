// An event as it travels and is stored once its personal data is out (DOMAIN.md §7 rule 2): the
// origin's node splits and seals it (SplitAndSeal); the bus, which opens nothing, checks that the
// sealed parts are exactly those the signed envelope commits to (CheckParts).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "privacy/seal.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::privacy {

// contract::ParseEnvelope for an envelope as it travels: the personal fields of the classes it
// commits to are empty, and are checked as if they held a valid value (the origin's node checked the
// real ones before the split, DOMAIN §7 rule 3); every other rule holds as for any envelope.
Status ParseCommitted(std::string_view bytes, v1::Envelope* out);

// Splits `*envelope` (privacy::Split), seals every part and sets each commitment's verzegeld_sha256;
// `parts` gets the serialized VerzegeldDeel of each commitment, in the commitments' order. An
// envelope without personal data gets no commitment and no part.
Status SplitAndSeal(Sealer& sealer, v1::Envelope* envelope, std::vector<std::string>* parts);

// InvalidArgument (field "delen") unless `parts` are one sealed part per commitment of `envelope`,
// each parsing, of its commitment's class, and hashing to its verzegeld_sha256. `klassen` gets the
// class of each part.
template <typename Parts>
Status CheckParts(const v1::Envelope& envelope, const Parts& parts, std::vector<v1::Klasse>* klassen);

// The class of each part in the order given; InvalidArgument when one does not parse.
Status CheckOne(const v1::Envelope& envelope, const std::string& part, v1::Klasse* klasse);

template <typename Parts>
Status CheckParts(const v1::Envelope& envelope, const Parts& parts, std::vector<v1::Klasse>* klassen) {
  klassen->clear();
  if (static_cast<size_t>(envelope.persoonsgegevens_size()) != static_cast<size_t>(parts.size())) {
    return Status::InvalidArgument("de envelope heeft " + std::to_string(envelope.persoonsgegevens_size()) +
                                       " verzegelde delen, er kwamen er " + std::to_string(parts.size()) +
                                       " mee",
                                   "delen");
  }
  for (const std::string& part : parts) {
    v1::Klasse klasse = v1::KLASSE_GEEN;
    if (Status s = CheckOne(envelope, part, &klasse); !s.ok()) return s;
    for (v1::Klasse seen : *klassen) {
      if (seen == klasse) return Status::InvalidArgument("twee verzegelde delen van één klasse", "delen");
    }
    klassen->push_back(klasse);
  }
  return Status::Ok();
}

}  // namespace regiotafel::privacy
