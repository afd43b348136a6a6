// What this node shows of an event's personal data (DOMAIN.md §7 rule 4, docs/PRIVACY.md): the
// classes its organisation's kind may read, from the sealed parts its replica holds beside the
// record; "" for every other class; "onleesbaar" where a part does not open or match its commitment
// (logged by event id, never with a value); "vergeten" where the replica holds no part (erased by a
// DossierVergeten). The projections are fed what this makes of each envelope, and never read a part.
#pragma once

#include <vector>

#include "contract/identifiers.h"
#include "eventstore/event_log.h"
#include "privacy/seal.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::node {

class PersonalData {
 public:
  // `keys`: the organisation's class keys (empty: a node without them opens nothing).
  PersonalData(contract::OrgKind kind, const privacy::Keyring& keys) : kind_(kind), opener_(keys) {}

  // Fills `*envelope` from `parts`, the parts its record has in the replica. Thread-safe.
  void Reveal(const std::vector<eventstore::Part>& parts, v1::Envelope* envelope);

  // Reveal for the records from..to (their envelopes in order of position), reading their parts
  // from `replica` in one go; non-ok when the parts cannot be read.
  Status RevealRange(const eventstore::EventLog& replica, const std::vector<uint64_t>& positions,
                     const std::vector<v1::Envelope*>& envelopes);

 private:
  const contract::OrgKind kind_;
  privacy::Opener opener_;
};

}  // namespace regiotafel::node
