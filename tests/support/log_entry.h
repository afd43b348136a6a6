// Entries for an EventLog, as the event log, node, view and audit tests (and the crash child) append
// them: a serialized Envelope with a stand-in signature; and TempDir under the name they use.
#pragma once

#include <cstdint>
#include <string>

#include "base/sha256.h"
#include "base/uuid.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"
#include "tests/support/temp_dir.h"

namespace regiotafel::eventstore::testing {

// The name the event log tests know it by.
using ::regiotafel::testing::TempDir;

// A serialized Envelope (an Uitstroom in dossier/<v_nummer>) with a stand-in signature: the log
// stores signatures, it does not check them.
inline AppendEntry MakeEntry(const std::string& v_nummer, const std::string& event_id = NewUuid(),
                             int32_t personen = 1, uint64_t origin_seq = 1) {
  v1::Envelope envelope;
  envelope.set_event_id(event_id);
  envelope.set_origin("coa:landelijk");
  envelope.set_origin_seq(origin_seq);
  envelope.set_stream("dossier/" + v_nummer);
  envelope.mutable_occurred_at()->set_seconds(1'700'000'000);
  v1::Uitstroom* uitstroom = envelope.mutable_uitstroom();
  uitstroom->set_datum("2025-03-01");
  uitstroom->set_v_nummer(v_nummer);
  uitstroom->set_personen(personen);
  std::string bytes = envelope.SerializeAsString();
  std::string signature = Sha256Of(bytes) + Sha256Of("signature of " + bytes);  // 64 bytes, like Ed25519
  AppendEntry entry;
  Status s = AppendEntry::FromSigned(std::move(bytes), std::move(signature), &entry);
  (void)s;  // a freshly serialized Envelope always parses
  return entry;
}

}  // namespace regiotafel::eventstore::testing
