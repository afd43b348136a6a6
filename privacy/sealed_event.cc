#include "privacy/sealed_event.h"

#include <google/protobuf/descriptor.h>

#include <algorithm>

#include "base/sha256.h"
#include "contract/validate.h"
#include "privacy/klassen.h"
#include "privacy/split.h"

namespace regiotafel::privacy {
namespace {

namespace pb = google::protobuf;

// A value the contract takes for a field of that name: what the checks of a committed envelope
// assume in place of a value they cannot see (the origin's node checked the real one).
std::string Placeholder(std::string_view name) {
  if (name == "v_nummer") return "1000000000";
  if (name == "bsn") return "111222333";  // passes the 11-proef
  if (name == "geboortedatum") return "2000-01-01";
  return "-";
}

void FillEmpty(const std::vector<v1::Klasse>& committed, pb::Message* message) {
  const pb::Descriptor& d = *message->GetDescriptor();
  const pb::Reflection& r = *message->GetReflection();
  for (int i = 0; i < d.field_count(); ++i) {
    const pb::FieldDescriptor* f = d.field(i);
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING && !f->is_repeated()) {
      const v1::Klasse klasse = KlasseOf(*f);
      if (klasse != v1::KLASSE_GEEN && r.GetString(*message, f).empty() &&
          std::find(committed.begin(), committed.end(), klasse) != committed.end())
        r.SetString(message, f, Placeholder(f->name()));
    } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && f->is_repeated()) {
      for (int k = 0; k < r.FieldSize(*message, f); ++k)
        FillEmpty(committed, r.MutableRepeatedMessage(message, f, k));
    } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && r.HasField(*message, f)) {
      FillEmpty(committed, r.MutableMessage(message, f));
    }
  }
}

}  // namespace

Status ParseCommitted(std::string_view bytes, v1::Envelope* out) {
  Status s = contract::ParseEnvelope(bytes, out);
  if (s.ok() || out->persoonsgegevens_size() == 0) return s;  // a parse failure leaves none
  std::vector<v1::Klasse> committed;
  for (const v1::Commitment& c : out->persoonsgegevens()) committed.push_back(c.klasse());
  v1::Envelope checked = *out;
  FillEmpty(committed, &checked);
  return contract::Validate(checked);
}

Status SplitAndSeal(Sealer& sealer, v1::Envelope* envelope, std::vector<std::string>* parts) {
  parts->clear();
  std::vector<v1::PersoonsgegevensDeel> delen;
  if (Status s = Split(envelope, &delen); !s.ok()) return s;
  for (size_t i = 0; i < delen.size(); ++i) {
    v1::VerzegeldDeel sealed;
    if (Status s = sealer.Seal(delen[i], envelope->event_id(), &sealed); !s.ok()) return s;
    std::string bytes = sealed.SerializeAsString();
    envelope->mutable_persoonsgegevens(static_cast<int>(i))->set_verzegeld_sha256(Sha256Of({bytes}));
    parts->push_back(std::move(bytes));
  }
  return Status::Ok();
}

Status CheckOne(const v1::Envelope& envelope, const std::string& part, v1::Klasse* klasse) {
  v1::VerzegeldDeel sealed;
  if (!sealed.ParseFromString(part))
    return Status::InvalidArgument("een verzegeld deel is onleesbaar", "delen");
  const std::string hash = Sha256Of({part});
  for (const v1::Commitment& commitment : envelope.persoonsgegevens()) {
    if (commitment.klasse() != sealed.klasse()) continue;
    if (commitment.verzegeld_sha256() != hash) {
      return Status::InvalidArgument("het verzegelde deel " + std::string(KlasseName(sealed.klasse())) +
                                         " is niet het deel waar de envelope zich aan bindt",
                                     "delen");
    }
    *klasse = sealed.klasse();
    return Status::Ok();
  }
  return Status::InvalidArgument(
      "de envelope bindt zich niet aan een deel van klasse " + std::string(KlasseName(sealed.klasse())),
      "delen");
}

}  // namespace regiotafel::privacy
