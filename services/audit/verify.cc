#include "services/audit/verify.h"

#include <vector>

#include "base/batch_signature.h"
#include "base/bytes.h"
#include "base/merkle.h"
#include "base/parallel.h"
#include "contract/validate.h"
#include "privacy/sealed_event.h"

namespace regiotafel::audit {
namespace {

// Records judged together: their contract and signature checks run on every core, then the chain
// runs through them in order.
constexpr size_t kChunk = 16384;

std::string Position(uint64_t p) { return std::to_string(p); }

bool Before(const google::protobuf::Timestamp& a, const google::protobuf::Timestamp& b) {
  return a.seconds() < b.seconds() || (a.seconds() == b.seconds() && a.nanos() < b.nanos());
}

struct Stored {
  std::string key{}, value{};
  v1::LogRecord record{};
  bool parsed = false;
  std::optional<std::string> wrong_event{};  // the contract's or the signature's verdict
};

// What a record says on its own: it parses, its envelope is valid, and (with a trust file) its
// origin signed it with a key in effect at its position. Independent of every other record.
void JudgeEvent(const config::TrustMap* trust, SignatureVerifier& verifier, Stored* s) {
  s->parsed = s->record.ParseFromString(s->value);
  if (!s->parsed) return;
  v1::Envelope envelope;
  if (Status st = privacy::ParseCommitted(s->record.envelope(), &envelope); !st.ok()) {
    s->wrong_event = "het event is ongeldig: " + (st.field().empty() ? "" : st.field() + ": ") + st.message();
    return;
  }
  if (trust == nullptr) return;
  auto trusted = trust->find(envelope.origin());
  if (trusted == trust->end()) {
    s->wrong_event = envelope.origin() + " staat niet in het vertrouwensbestand";
  } else if (!trusted->second.Signed(s->record.position(), s->record.envelope(), s->record.signature(),
                                     verifier)) {
    s->wrong_event =
        "de handtekening is niet van " + envelope.origin() + " (geen sleutel die op deze positie gold)";
  }
}

// The record at `expected` against its predecessor: empty when it is in order.
std::optional<std::string> CheckInChain(uint64_t expected, const Stored& s,
                                        const eventstore::LogHead& previous,
                                        const google::protobuf::Timestamp& time) {
  if (s.key.size() != 8) return "een record staat onder een sleutel die geen positie is";
  const uint64_t at = *GetBigEndian64(s.key);
  if (at > expected) {
    return at == expected + 1 ? "record " + Position(expected) + " ontbreekt"
                              : "records " + Position(expected) + " tot " + Position(at - 1) + " ontbreken";
  }
  if (!s.parsed) return "het record is onleesbaar (geen LogRecord)";
  const v1::LogRecord& record = s.record;
  if (record.position() != at) {
    return "het record onder positie " + Position(at) + " is dat van positie " + Position(record.position()) +
           " (verplaatst)";
  }
  if (record.recorded_at().nanos() < 0 || record.recorded_at().nanos() >= 1'000'000'000) {
    return "de vastlegtijd is geen tijd";
  }
  if (expected > 1 && Before(record.recorded_at(), time)) return "de vastlegtijd gaat terug";
  if (record.hash() != eventstore::RecordHash(previous.hash, record)) {
    return "de hash klopt niet: de inhoud is veranderd of de keten is gebroken";
  }
  return s.wrong_event;
}

}  // namespace

Status VerifyLog(const eventstore::RecordSource& log, const VerifyOptions& options, VerifyResult* out) {
  *out = VerifyResult{};
  eventstore::LogHead claimed;
  if (Status s = log.ClaimedHead(&claimed); !s.ok()) {
    out->bevinding = Bevinding{.position = 0, .reden = s.message()};
    return Status::Ok();
  }
  out->leaves.reserve(claimed.position * merkle::kHashSize);
  google::protobuf::Timestamp time;
  std::vector<Stored> chunk;
  chunk.reserve(kChunk);

  // Judges the chunk; false when something in it is wrong (then out->bevinding says what).
  auto judge = [&]() {
    ForParts(chunk.size(), [&](size_t begin, size_t end) {
      SignatureVerifier verifier;  // a batch's signature once, however many of its records follow
      for (size_t i = begin; i < end; ++i) JudgeEvent(options.trust, verifier, &chunk[i]);
    });
    for (const Stored& s : chunk) {
      const uint64_t expected = out->records + 1;
      if (std::optional<std::string> wrong = CheckInChain(expected, s, out->head, time)) {
        out->bevinding = Bevinding{.position = expected, .reden = std::move(*wrong)};
        return false;
      }
      out->records = expected;
      out->head = eventstore::LogHead{.position = expected, .hash = s.record.hash()};
      out->leaves += merkle::LeafHash(s.record.hash());
      time = s.record.recorded_at();
    }
    chunk.clear();
    if (options.voortgang) options.voortgang(out->records, claimed.position);
    return true;
  };

  bool in_order = true;
  Status scanned = log.Scan(1, [&](std::string_view key, std::string_view value) {
    chunk.push_back(Stored{.key = std::string(key), .value = std::string(value)});
    return chunk.size() < kChunk || (in_order = judge());
  });
  if (!scanned.ok()) return scanned;
  if (in_order && !chunk.empty()) in_order = judge();
  if (!in_order) return Status::Ok();
  if (options.voortgang && claimed.position == 0) options.voortgang(0, 0);

  if (claimed.position > out->records) {
    const uint64_t first = out->records + 1;
    out->bevinding = Bevinding{
        .position = first,
        .reden = first == claimed.position
                     ? "record " + Position(first) + " ontbreekt (de kop van de log staat op " +
                           Position(first) + ")"
                     : "records " + Position(first) + " tot " + Position(claimed.position) +
                           " ontbreken (de kop van de log staat op " + Position(claimed.position) + ")"};
  } else if (claimed.position < out->records) {
    out->bevinding =
        Bevinding{.position = claimed.position + 1,
                  .reden = "de log heeft records na zijn kop (positie " + Position(claimed.position) + ")"};
  } else if (claimed.hash != out->head.hash) {
    out->bevinding =
        Bevinding{.position = claimed.position, .reden = "de kop van de log draagt een andere hash"};
  }
  return Status::Ok();
}

}  // namespace regiotafel::audit
