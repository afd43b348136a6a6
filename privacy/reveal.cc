#include "privacy/reveal.h"

#include "privacy/klassen.h"
#include "privacy/split.h"

namespace regiotafel::privacy {

std::vector<Unreadable> Reveal(const std::vector<v1::VerzegeldDeel>& sealed, Opener& opener,
                               contract::OrgKind reader, v1::Envelope* envelope) {
  std::vector<Unreadable> unreadable;
  for (v1::Klasse klasse : kKlassen) {
    if (!MayRead(reader, klasse)) Withhold(klasse, envelope);  // already "" unless stored whole
  }
  const auto commitments = envelope->persoonsgegevens();  // a copy: Join replaces *envelope
  for (const v1::Commitment& commitment : commitments) {
    const v1::Klasse klasse = commitment.klasse();
    if (!MayRead(reader, klasse)) continue;
    const v1::VerzegeldDeel* part = nullptr;
    for (const v1::VerzegeldDeel& s : sealed) {
      if (s.klasse() == klasse) part = &s;
    }
    if (part == nullptr) {
      FillKlasse(klasse, kVergeten, envelope);
      continue;
    }
    v1::PersoonsgegevensDeel deel;
    Status s = opener.Open(*part, envelope->event_id(), &deel);
    if (s.ok()) s = Join(deel, envelope);
    if (!s.ok()) {
      FillKlasse(klasse, kOnleesbaar, envelope);
      unreadable.push_back({klasse, std::move(s)});
    }
  }
  return unreadable;
}

}  // namespace regiotafel::privacy
