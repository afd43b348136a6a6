// Helpers shared by the event log tests and the crash child: temporary directories and envelopes.
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "base/sha256.h"
#include "base/uuid.h"
#include "eventstore/event_log.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::eventstore::testing {

// A fresh directory under /tmp, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string pattern = "/tmp/regiotafel-eventlog-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Empty when mkdtemp failed; tests assert on it.
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

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
