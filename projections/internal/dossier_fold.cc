#include "projections/internal/dossier_fold.h"

#include <algorithm>
#include <limits>

#include "base/date.h"
#include "base/parallel.h"
#include "projections/signal_codes.h"

namespace regiotafel::projections::internal {

namespace {

bool Contains(const std::vector<Id>& ids, Id id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

// A reservering or huurcontract of a woning never offered, or offered by another corporatie.
bool WoningDoesNotFit(const FoldInput& in, uint32_t woning_index, Id corporatie) {
  const WoningFact* offer = in.LatestOfferAt(woning_index);
  return offer == nullptr || offer->corporatie != corporatie;
}

void Apply(const FactStore& store, const DossierFact& f, FoldScope scope, DossierState* s,
           std::vector<Id>* reserved, std::vector<Id>* opened, std::vector<Id>* closed) {
  switch (f.kind) {
    case FactKind::kAanmelding: {
      const Identity& identity = store.identities()[f.number];
      s->aangemeld = true;
      s->identity = f.number;
      s->gemeente = identity.gemeente;
      s->huishouden = identity.huishouden;
      s->verwachte_nareizigers = identity.verwachte_nareizigers;
      if (s->koppeldatum == kNoDay) s->koppeldatum = identity.koppeldatum;
      break;
    }
    case FactKind::kHerkoppeling:
      s->gemeente = f.org;
      break;
    case FactKind::kVoordracht:
      break;
    case FactKind::kReservering:
      s->reservering = ReserveringInfo{f.woning, f.woning_index, f.org, f.key, f.position};
      reserved->push_back(f.woning);
      break;
    case FactKind::kReserveringVervallen:
      if (s->reservering && s->reservering->woning == f.woning) s->reservering.reset();
      break;
    case FactKind::kHuurcontract:
      s->reservering.reset();
      s->contracts.push_back(ContractInfo{f.woning, f.woning_index, f.org, f.woongemeente, f.ingang, f.key,
                                          f.number, f.position, f.sub});
      break;
    case FactKind::kUitstroom:
      if (s->datum_uitstroom == kNoDay) s->datum_uitstroom = f.key;
      break;
    case FactKind::kBrpInschrijving:
      if (s->datum_brp == kNoDay) s->datum_brp = f.key;
      break;
    case FactKind::kNareizigersAangekondigd:
      s->verwachte_nareizigers += f.number;
      break;
    case FactKind::kNareizigersGearriveerd:
      s->huishouden += f.number;
      s->verwachte_nareizigers = std::max<int64_t>(0, s->verwachte_nareizigers - f.number);
      if (!s->contracts.empty() && f.key > s->contracts.front().ingang) {
        s->arrivals.push_back(ArrivalInfo{f.key, f.number, static_cast<uint32_t>(s->contracts.size() - 1)});
      }
      break;
    case FactKind::kBegeleidingFase:
      s->begeleiding = f.number;
      s->begeleid = true;
      if (scope == FoldScope::kAll) s->fasen.emplace_back(f.key, f.number);
      break;
    case FactKind::kBegeleidingTaak: {
      if (scope != FoldScope::kAll) break;
      bool done =
          std::any_of(s->taken.begin(), s->taken.end(), [&](const auto& t) { return t.second == f.number; });
      if (!done) s->taken.emplace_back(f.key, f.number);
      break;
    }
    case FactKind::kSignaal:
      opened->push_back(f.text);
      break;
    case FactKind::kSignaalAfgehandeld:
      closed->push_back(f.text);
      break;
    case FactKind::kDossierGesloten:
      s->gesloten = true;
      break;
    case FactKind::kDossierVergeten:
      s->vergeten = true;
      break;
  }
}

}  // namespace

std::string DateText(int32_t day) {
  if (day == kNoDay) return std::string();
  // FormatDate's "%04d-%02u-%02u" without snprintf (a view writes several dates per dossier): the
  // civil date of a day number (H. Hinnant's days_from_civil inverse), years 0–9999 here.
  const int64_t z = int64_t{day} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return FormatDate(day);
  char text[10] = {static_cast<char>('0' + y / 1000),
                   static_cast<char>('0' + y / 100 % 10),
                   static_cast<char>('0' + y / 10 % 10),
                   static_cast<char>('0' + y % 10),
                   '-',
                   static_cast<char>('0' + m / 10),
                   static_cast<char>('0' + m % 10),
                   '-',
                   static_cast<char>('0' + d / 10),
                   static_cast<char>('0' + d % 10)};
  return std::string(text, sizeof text);
}

int32_t Count32(int64_t value) {
  return static_cast<int32_t>(
      std::clamp<int64_t>(value, std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()));
}

FoldInput FoldInput::WithOfferTable(const FactStore& store, const AsOf& at) {
  FoldInput in(store, at);
  const auto& woningen = store.woningen();
  in.offers_.resize(woningen.size());
  in.gemeenten_.resize(woningen.size());
  ForParts(woningen.size(), [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Offer& offer = in.offers_[i];
      if (const WoningFact* latest = FactStore::LatestOffer(woningen[i], at)) {
        offer.latest = *latest, offer.offered = true;
        in.gemeenten_[i] = latest->gemeente;
      }
      offer.withdrawn = FactStore::Withdrawn(woningen[i], at);
    }
  });
  return in;
}

const WoningFact* FoldInput::LatestOfferAt(uint32_t woning_index) const {
  if (woning_index == kNoWoning) return nullptr;
  if (offers_.empty()) return FactStore::LatestOffer(store_->woningen()[woning_index], at_);
  const Offer& offer = offers_[woning_index];
  return offer.offered ? &offer.latest : nullptr;
}

Id FoldInput::OfferGemeenteAt(uint32_t woning_index) const {
  if (woning_index == kNoWoning) return 0;
  if (!gemeenten_.empty()) return gemeenten_[woning_index];
  const WoningFact* offer = LatestOfferAt(woning_index);
  return offer != nullptr ? offer->gemeente : 0;
}

bool FoldInput::WithdrawnAt(uint32_t woning_index) const {
  if (offers_.empty()) return FactStore::Withdrawn(store_->woningen()[woning_index], at_);
  return offers_[woning_index].withdrawn;
}

Id WoongemeenteOf(const FoldInput& in, const DossierState& state, const ContractInfo& contract) {
  if (contract.woongemeente != 0) return contract.woongemeente;
  const Id gemeente = in.OfferGemeenteAt(contract.woning_index);
  return gemeente != 0 ? gemeente : state.gemeente;
}

void DossierState::Reset(uint32_t d) {
  std::vector<ContractInfo> c = std::move(contracts);
  std::vector<ArrivalInfo> a = std::move(arrivals);
  std::vector<std::pair<int32_t, int32_t>> f = std::move(fasen), t = std::move(taken);
  *this = DossierState();
  dossier = d;
  c.clear(), a.clear(), f.clear(), t.clear();
  contracts = std::move(c), arrivals = std::move(a), fasen = std::move(f), taken = std::move(t);
}

DossierState FoldDossier(const FoldInput& in, uint32_t dossier, FoldScope scope) {
  DossierState s;
  FoldDossier(in, dossier, scope, &s);
  return s;
}

void FoldDossier(const FoldInput& in, uint32_t dossier, FoldScope scope, DossierState* out) {
  const FactStore& store = in.store();
  const AsOf& at = in.at();
  DossierState& s = *out;
  s.Reset(dossier);
  const std::span<const DossierFact> facts = store.FactsOf(dossier);
  // Scratch lists, kept per thread: a region view folds every dossier, and these are only read here.
  thread_local std::vector<Id> reserved, opened, closed;
  reserved.clear(), opened.clear(), closed.clear();
  for (const DossierFact& f : facts) {
    if (f.position > at.position || f.visible_from > at.peildatum) continue;
    s.exists = true;
    s.laatste_datum = std::max(s.laatste_datum, f.laatste);
    if (f.key > at.peildatum) continue;  // a huurcontract signed, not yet in effect
    Apply(store, f, scope, &s, &reserved, &opened, &closed);
  }
  if (!s.exists) return;

  std::sort(s.taken.begin(), s.taken.end());
  std::sort(opened.begin(), opened.end());
  opened.erase(std::unique(opened.begin(), opened.end()), opened.end());
  for (Id id : opened) {
    if (!Contains(closed, id)) ++s.meldingen_open;
  }

  if (s.gesloten) {
    s.fase = v1::Dossier::GESLOTEN;
  } else if (!s.contracts.empty() && s.datum_brp != kNoDay) {
    s.fase = v1::Dossier::INGESCHREVEN;
  } else if (!s.contracts.empty()) {
    s.fase = v1::Dossier::HUURCONTRACT;
  } else if (s.reservering) {
    s.fase = v1::Dossier::GERESERVEERD;
  } else {
    s.fase = v1::Dossier::GEKOPPELD;
  }
  if (!s.contracts.empty()) {
    s.woongemeente_first = WoongemeenteOf(in, s, s.contracts.front());
    s.woongemeente_current = WoongemeenteOf(in, s, s.contracts.back());
  }

  // ONVOLLEDIG, judged on everything seen; `voor` is the origin of the first such event in the log.
  // Only the signals read it; the counting views skip its woning lookups.
  if (scope == FoldScope::kCounts) return;
  uint64_t first = std::numeric_limits<uint64_t>::max();
  for (const DossierFact& f : facts) {
    if (f.admin || f.position > at.position || f.visible_from > at.peildatum) continue;
    if (f.kind == FactKind::kDossierVergeten) continue;  // not a fact of the story: never ONVOLLEDIG
    const bool in_effect = f.key <= at.peildatum;
    bool incomplete = !s.aangemeld;
    if (f.kind == FactKind::kReservering) {
      incomplete = incomplete || WoningDoesNotFit(in, f.woning_index, f.org);
    } else if (f.kind == FactKind::kHuurcontract && in_effect) {
      incomplete = incomplete || !Contains(reserved, f.woning) || WoningDoesNotFit(in, f.woning_index, f.org);
    } else if (f.kind == FactKind::kBrpInschrijving) {
      incomplete = incomplete || s.contracts.empty();
    }
    if (incomplete && f.position < first) {
      first = f.position;
      s.onvolledig = true;
      s.onvolledig_voor = f.origin;
    }
  }
}

std::vector<DossierSignal> DossierSignals(const FoldInput& in, const DossierState& s, const Drempels& t) {
  const FactStore& store = in.store();
  const AsOf& at = in.at();
  std::vector<DossierSignal> out;
  if (!s.exists || s.gesloten) return out;
  const int32_t p = at.peildatum;
  const ContractInfo* first = s.first();
  if (first == nullptr && s.koppeldatum != kNoDay && p - s.koppeldatum > t.termijn_huisvesting_dagen) {
    out.push_back({SignalIndex(kTermijnHuisvesting), s.gemeente});
  }
  if (s.reservering && first == nullptr && p - s.reservering->datum > t.reservering_zonder_contract_dagen) {
    out.push_back({SignalIndex(kReserveringZonderContract), s.reservering->corporatie});
  }
  if (first != nullptr) {
    const int32_t days = p - first->ingang;
    if (s.datum_uitstroom == kNoDay && days > t.termijn_verhuizing_dagen) {
      out.push_back({SignalIndex(kTermijnVerhuizing), s.woongemeente_current});
    }
    if (s.datum_brp == kNoDay && days > t.brp_ontbreekt_dagen) {
      out.push_back({SignalIndex(kBrpOntbreekt), s.woongemeente_current});
    }
    if (!s.begeleid && days > t.begeleiding_ontbreekt_vanaf_dagen &&
        days <= t.begeleiding_ontbreekt_tot_dagen) {
      out.push_back({SignalIndex(kBegeleidingOntbreekt), s.woongemeente_current});
    }
    if (s.gemeente != 0 && s.woongemeente_first != 0 && s.woongemeente_first != s.gemeente &&
        days > t.overboeking_open_dagen && !store.HasOverboeking(store.dossiers()[s.dossier].v_nummer, at)) {
      out.push_back({SignalIndex(kOverboekingOpen), s.woongemeente_first});
    }
  }
  const uint32_t woning = s.reservering ? s.reservering->woning_index
                                        : (first != nullptr ? s.current()->woning_index : kNoWoning);
  if (woning != kNoWoning) {
    const WoningFact* offer = in.LatestOfferAt(woning);
    if (offer != nullptr && offer->capaciteit < s.huishouden + s.verwachte_nareizigers) {
      out.push_back({SignalIndex(kNareizigersPassenNiet), offer->corporatie});
    }
  }
  if (s.fase != v1::Dossier::INGESCHREVEN && s.laatste_datum != kNoDay &&
      p - s.laatste_datum > t.stil_dagen) {
    out.push_back({SignalIndex(kStil), s.gemeente});
  }
  if (s.onvolledig) out.push_back({SignalIndex(kOnvolledig), s.onvolledig_voor});
  std::sort(out.begin(), out.end(),
            [](const DossierSignal& a, const DossierSignal& b) { return a.code < b.code; });
  return out;
}

v1::Dossier DossierRow(const FactStore& store, const DossierState& s,
                       const std::vector<DossierSignal>& signals) {
  const StringTable& str = store.strings();
  v1::Dossier d;
  // A string field is set only when it has something in it: proto3 treats "" as unset (the JSON
  // prints "" for both), while setting "" still gives the row a heap string of its own — a region
  // view has hundreds of thousands of rows. Id 0 is "", kNoDay prints as "".
  d.set_v_nummer(store.dossiers()[s.dossier].v_nummer);
  if (s.identity >= 0) {
    const Identity& identity = store.identities()[s.identity];
    if (!identity.naam.empty() && !s.vergeten) d.set_naam(identity.naam);
    if (!identity.verblijfplaats.empty()) d.set_verblijfplaats(identity.verblijfplaats);
  }
  if (s.vergeten) {
    d.set_naam("vergeten");  // DOMAIN.md §7 rule 5: the facts stay, the name does not
    d.set_vergeten(true);
  }
  if (s.gemeente != 0) d.set_gemeente(str.Get(s.gemeente));
  if (s.koppeldatum != kNoDay) d.set_koppeldatum(DateText(s.koppeldatum));
  d.set_huishouden(Count32(s.huishouden));
  d.set_verwachte_nareizigers(Count32(s.verwachte_nareizigers));
  d.set_fase(s.fase);
  if (const ContractInfo* current = s.current()) {
    if (current->woning != 0) d.set_woning_id(str.Get(current->woning));
    if (current->corporatie != 0) d.set_corporatie(str.Get(current->corporatie));
    if (s.woongemeente_current != 0) d.set_woongemeente(str.Get(s.woongemeente_current));
    d.set_datum_huurcontract(DateText(s.first()->ingang));
  } else if (s.reservering) {
    if (s.reservering->woning != 0) d.set_woning_id(str.Get(s.reservering->woning));
    if (s.reservering->corporatie != 0) d.set_corporatie(str.Get(s.reservering->corporatie));
  }
  if (s.reservering) d.set_datum_reservering(DateText(s.reservering->datum));
  if (s.datum_uitstroom != kNoDay) d.set_datum_uitstroom(DateText(s.datum_uitstroom));
  if (s.datum_brp != kNoDay) d.set_datum_brp(DateText(s.datum_brp));
  if (s.begeleiding != 0) {
    d.set_begeleiding(v1::BegeleidingFase::Fase_Name(static_cast<v1::BegeleidingFase::Fase>(s.begeleiding)));
  }
  for (const DossierSignal& signal : signals) d.add_signalen(std::string(kSignalCodes[signal.code]));
  d.set_meldingen_open(s.meldingen_open);
  if (s.laatste_datum != kNoDay) d.set_laatste_datum(DateText(s.laatste_datum));
  return d;
}

v1::Begeleiding BegeleidingRow(const FactStore& store, const DossierState& s, const AsOf& at,
                               const Drempels& t) {
  const StringTable& str = store.strings();
  v1::Begeleiding b;
  b.set_v_nummer(store.dossiers()[s.dossier].v_nummer);
  if (s.gemeente != 0) b.set_gemeente(str.Get(s.gemeente));  // as in DossierRow: "" is left unset
  if (const ContractInfo* first = s.first()) {
    if (s.woongemeente_current != 0) b.set_woongemeente(str.Get(s.woongemeente_current));
    b.set_datum_huurcontract(DateText(first->ingang));
    b.set_monitoring_tot(DateText(first->ingang + t.monitoring_dagen));
    const int32_t days = at.peildatum - first->ingang;
    b.set_in_monitoring(!s.gesloten && days >= 0 && days <= t.monitoring_dagen);
  }
  if (s.begeleiding != 0) {
    b.set_begeleiding(v1::BegeleidingFase::Fase_Name(static_cast<v1::BegeleidingFase::Fase>(s.begeleiding)));
  }
  for (const auto& [datum, fase] : s.fasen) {
    auto* row = b.add_fasen();
    row->set_datum(DateText(datum));
    row->set_fase(static_cast<v1::BegeleidingFase::Fase>(fase));
  }
  for (const auto& [datum, taak] : s.taken) {
    auto* row = b.add_taken();
    row->set_datum(DateText(datum));
    row->set_taak(static_cast<v1::BegeleidingTaak::Taak>(taak));
  }
  return b;
}

}  // namespace regiotafel::projections::internal
