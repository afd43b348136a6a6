#include "privacy/sealed_event.h"

#include "base/sha256.h"
#include "privacy/klassen.h"
#include "privacy/split.h"

namespace regiotafel::privacy {

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
