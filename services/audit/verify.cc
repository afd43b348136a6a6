#include "services/audit/verify.h"

#include "base/batch_signature.h"
#include "base/bytes.h"
#include "base/merkle.h"
#include "contract/validate.h"

namespace regiotafel::audit {
namespace {

constexpr uint64_t kVoortgangElke = 50'000;

std::string Positie(uint64_t p) { return std::to_string(p); }

bool Before(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() < b.seconds() || (a.seconds() == b.seconds() && a.nanos() < b.nanos());
}

// One record against its predecessor: empty when it is in order, else what is wrong with it.
class RecordChecker {
 public:
  explicit RecordChecker(const bus::TrustMap* trust) : trust_(trust) {}

  std::optional<std::string> Check(uint64_t expected, std::string_view key, std::string_view value,
                                   const eventstore::LogHead& previous, const google::protobuf::Timestamp& time,
                                   v1::LogRecord* record) {
    if (key.size() != 8) return "een record staat onder een sleutel die geen positie is";
    const uint64_t at = *GetBigEndian64(key);
    if (at > expected) {
      return at == expected + 1 ? "record " + Positie(expected) + " ontbreekt"
                                : "records " + Positie(expected) + " tot " + Positie(at - 1) + " ontbreken";
    }
    if (!record->ParseFromArray(value.data(), static_cast<int>(value.size()))) return "het record is onleesbaar (geen LogRecord)";
    if (record->position() != at) {
      return "het record onder positie " + Positie(at) + " is dat van positie " + Positie(record->position()) +
             " (verplaatst)";
    }
    if (record->recorded_at().nanos() < 0 || record->recorded_at().nanos() >= 1'000'000'000) {
      return "de vastlegtijd is geen tijd";
    }
    if (expected > 1 && Before(record->recorded_at(), time)) return "de vastlegtijd gaat terug";
    if (record->hash() != eventstore::RecordHash(previous.hash, *record)) {
      return "de hash klopt niet: de inhoud is veranderd of de keten is gebroken";
    }
    v1::Envelope envelope;
    if (Status s = contract::ParseEnvelope(record->envelope(), &envelope); !s.ok()) {
      return "het event is ongeldig: " + (s.field().empty() ? "" : s.field() + ": ") + s.message();
    }
    if (trust_ == nullptr) return std::nullopt;
    auto trusted = trust_->find(envelope.origin());
    if (trusted == trust_->end()) return envelope.origin() + " staat niet in het vertrouwensbestand";
    if (!trusted->second.Signed(at, record->envelope(), record->signature(), verifier_)) {
      return "de handtekening is niet van " + envelope.origin() + " (geen sleutel die op deze positie gold)";
    }
    return std::nullopt;
  }

 private:
  const bus::TrustMap* trust_;
  SignatureVerifier verifier_;  // a batch's signature once, however many of its records follow
};

}  // namespace

Status VerifyLog(const eventstore::RecordSource& log, const VerifyOptions& options, VerifyResult* out) {
  *out = VerifyResult{};
  eventstore::LogHead claimed;
  if (Status s = log.ClaimedHead(&claimed); !s.ok()) {
    out->bevinding = Bevinding{.positie = 0, .reden = s.message()};
    return Status::Ok();
  }
  RecordChecker checker(options.trust);
  google::protobuf::Timestamp time;
  v1::LogRecord record;
  out->leaves.reserve(claimed.position * merkle::kHashSize);
  Status scanned = log.Scan(1, [&](std::string_view key, std::string_view value) {
    const uint64_t expected = out->records + 1;
    if (std::optional<std::string> wrong = checker.Check(expected, key, value, out->head, time, &record)) {
      out->bevinding = Bevinding{.positie = expected, .reden = std::move(*wrong)};
      return false;
    }
    out->records = expected;
    out->head = eventstore::LogHead{.position = expected, .hash = record.hash()};
    out->leaves += merkle::LeafHash(record.hash());
    time = record.recorded_at();
    if (options.voortgang && expected % kVoortgangElke == 0) options.voortgang(expected, claimed.position);
    return true;
  });
  if (!scanned.ok()) return scanned;
  if (options.voortgang) options.voortgang(out->records, claimed.position);
  if (out->bevinding) return Status::Ok();
  if (claimed.position > out->records) {
    const uint64_t first = out->records + 1;
    out->bevinding = Bevinding{
        .positie = first,
        .reden = first == claimed.position
                     ? "record " + Positie(first) + " ontbreekt (de kop van de log staat op " + Positie(first) + ")"
                     : "records " + Positie(first) + " tot " + Positie(claimed.position) +
                           " ontbreken (de kop van de log staat op " + Positie(claimed.position) + ")"};
  } else if (claimed.position < out->records) {
    out->bevinding = Bevinding{.positie = claimed.position + 1,
                               .reden = "de log heeft records na zijn kop (positie " + Positie(claimed.position) + ")"};
  } else if (claimed.hash != out->head.hash) {
    out->bevinding = Bevinding{.positie = claimed.position, .reden = "de kop van de log draagt een andere hash"};
  }
  return Status::Ok();
}

}  // namespace regiotafel::audit
