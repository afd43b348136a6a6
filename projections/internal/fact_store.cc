#include "projections/internal/fact_store.h"

#include <algorithm>
#include <utility>

#include "base/date.h"

namespace regiotafel::projections::internal {

namespace {

using P = v1::Envelope;

int32_t IndexOf(const Periode& p) { return p.year * 2 + (p.half - 1); }
Periode PeriodeOfIndex(int32_t index) { return Periode{index / 2, index % 2 + 1}; }

// A required date: `text` must be a date.
Status Day(std::string_view text, std::string_view field, int32_t* out) {
  auto day = ParseDate(text);
  if (!day)
    return Status::InvalidArgument("geen geldige datum: \"" + std::string(text.substr(0, 40)) + "\"",
                                   std::string(field));
  *out = *day;
  return Status::Ok();
}

// An optional date: empty gives kNoDay.
Status OptionalDay(std::string_view text, std::string_view field, int32_t* out) {
  if (text.empty()) {
    *out = kNoDay;
    return Status::Ok();
  }
  return Day(text, field, out);
}

Status PeriodeIndex(std::string_view text, std::string_view field, int32_t* out) {
  auto periode = ParsePeriode(text);
  if (!periode) {
    return Status::InvalidArgument("geen geldige periode: \"" + std::string(text.substr(0, 40)) + "\"",
                                   std::string(field));
  }
  *out = IndexOf(*periode);
  return Status::Ok();
}

Status Required(std::string_view text, std::string_view field) {
  if (text.empty()) return Status::InvalidArgument("ontbreekt", std::string(field));
  return Status::Ok();
}

#define RETURN_IF_ERROR(expr) \
  do {                        \
    Status _s = (expr);       \
    if (!_s.ok()) return _s;  \
  } while (false)

bool FactBefore(const DossierFact& a, const DossierFact& b) {
  if (a.key != b.key) return a.key < b.key;
  if (a.position != b.position) return a.position < b.position;
  return a.sub < b.sub;
}

bool Seen(int32_t datum, uint64_t position, const AsOf& at) {
  return datum <= at.peildatum && position <= at.position;
}

}  // namespace

int32_t PeriodeIndexOf(int32_t day) { return IndexOf(PeriodeOf(day)); }
std::string PeriodeText(int32_t periode_index) { return FormatPeriode(PeriodeOfIndex(periode_index)); }
int32_t PeriodeFirstDay(int32_t periode_index) { return PeriodeOfIndex(periode_index).FirstDay(); }
int32_t PeriodeLastDay(int32_t periode_index) { return PeriodeOfIndex(periode_index).LastDay(); }

Status FactStore::Add(uint64_t position, const v1::Envelope& envelope) {
  if (position == 0 || position <= last_position_) {
    return Status::InvalidArgument(
        "positie " + std::to_string(position) + " komt niet na " + std::to_string(last_position_),
        "position");
  }
  last_position_ = position;
  const Id origin = strings_.Intern(envelope.origin());
  switch (envelope.payload_case()) {
    case P::kWoningAangeboden:
    case P::kWoningIngetrokken:
      return AddWoningEvent(position, envelope);
    case P::kTaakstellingVastgesteld: {
      const auto& t = envelope.taakstelling_vastgesteld();
      VaststellingFact f;
      f.position = position;
      RETURN_IF_ERROR(Day(t.datum(), "taakstelling_vastgesteld.datum", &f.datum));
      RETURN_IF_ERROR(Required(t.gemeente(), "taakstelling_vastgesteld.gemeente"));
      RETURN_IF_ERROR(PeriodeIndex(t.periode(), "taakstelling_vastgesteld.periode", &f.periode));
      f.gemeente = strings_.Intern(t.gemeente());
      f.aantal = t.aantal();
      if (t.has_startsaldo()) f.startsaldo = t.startsaldo();
      vaststellingen_.push_back(f);
      return Status::Ok();
    }
    case P::kOverboeking: {
      const auto& o = envelope.overboeking();
      OverboekingFact f;
      f.position = position;
      RETURN_IF_ERROR(Day(o.datum(), "overboeking.datum", &f.datum));
      RETURN_IF_ERROR(Required(o.van_gemeente(), "overboeking.van_gemeente"));
      RETURN_IF_ERROR(Required(o.naar_gemeente(), "overboeking.naar_gemeente"));
      RETURN_IF_ERROR(Required(o.v_nummer(), "overboeking.v_nummer"));
      RETURN_IF_ERROR(PeriodeIndex(o.periode(), "overboeking.periode", &f.periode));
      f.van = strings_.Intern(o.van_gemeente());
      f.naar = strings_.Intern(o.naar_gemeente());
      f.personen = o.personen();
      overboekingen_.push_back(f);
      overboeking_by_dossier_[o.v_nummer()].emplace_back(f.datum, position);
      return Status::Ok();
    }
    case P::kCorporatieAfspraak: {
      const auto& a = envelope.corporatie_afspraak();
      AfspraakFact f;
      f.position = position;
      RETURN_IF_ERROR(Day(a.datum(), "corporatie_afspraak.datum", &f.datum));
      RETURN_IF_ERROR(Required(a.corporatie(), "corporatie_afspraak.corporatie"));
      RETURN_IF_ERROR(PeriodeIndex(a.periode(), "corporatie_afspraak.periode", &f.periode));
      f.corporatie = strings_.Intern(a.corporatie());
      f.woningen = a.woningen();
      afspraken_.push_back(f);
      return Status::Ok();
    }
    case P::kVrijgekomenWoningen: {
      const auto& v = envelope.vrijgekomen_woningen();
      VrijgekomenFact f;
      f.position = position;
      RETURN_IF_ERROR(Day(v.datum(), "vrijgekomen_woningen.datum", &f.datum));
      RETURN_IF_ERROR(Required(v.corporatie(), "vrijgekomen_woningen.corporatie"));
      RETURN_IF_ERROR(Required(v.gemeente(), "vrijgekomen_woningen.gemeente"));
      RETURN_IF_ERROR(PeriodeIndex(v.periode(), "vrijgekomen_woningen.periode", &f.periode));
      f.corporatie = strings_.Intern(v.corporatie());
      f.gemeente = strings_.Intern(v.gemeente());
      f.aantal = v.aantal();
      vrijgekomen_.push_back(f);
      return Status::Ok();
    }
    case P::kAdministratieOvergenomen:
      return AddAdministratie(position, origin, envelope.administratie_overgenomen());
    case P::PAYLOAD_NOT_SET:
      return Status::Ok();
    default:
      return AddDossierEvent(position, origin, envelope);
  }
}

Status FactStore::AddWoningEvent(uint64_t position, const v1::Envelope& envelope) {
  WoningFact f;
  f.position = position;
  std::string_view woning_id;
  if (envelope.has_woning_aangeboden()) {
    const auto& w = envelope.woning_aangeboden();
    RETURN_IF_ERROR(Day(w.datum(), "woning_aangeboden.datum", &f.datum));
    RETURN_IF_ERROR(Required(w.woning_id(), "woning_aangeboden.woning_id"));
    RETURN_IF_ERROR(Day(w.beschikbaar_per(), "woning_aangeboden.beschikbaar_per", &f.beschikbaar_per));
    woning_id = w.woning_id();
    f.corporatie = strings_.Intern(w.corporatie());
    f.gemeente = strings_.Intern(w.gemeente());
    f.capaciteit = w.capaciteit();
  } else {
    const auto& w = envelope.woning_ingetrokken();
    RETURN_IF_ERROR(Day(w.datum(), "woning_ingetrokken.datum", &f.datum));
    RETURN_IF_ERROR(Required(w.woning_id(), "woning_ingetrokken.woning_id"));
    woning_id = w.woning_id();
    f.ingetrokken = true;
    f.corporatie = strings_.Intern(w.corporatie());
  }
  auto& facts = woningen_[WoningFor(strings_.Intern(woning_id))].facts;
  facts.push_back(f);
  // Keep (datum, position) order; a later position only ever moves back past later dates.
  for (size_t i = facts.size() - 1; i > 0 && facts[i - 1].datum > facts[i].datum; --i) {
    std::swap(facts[i - 1], facts[i]);
  }
  return Status::Ok();
}

Status FactStore::AddDossierEvent(uint64_t position, Id origin, const v1::Envelope& envelope) {
  DossierFact f;
  f.position = position;
  f.origin = origin;
  std::string_view v_nummer;
  std::string_view datum;
  std::string_view name;
  switch (envelope.payload_case()) {
    case P::kAanmelding: {
      const auto& a = envelope.aanmelding();
      v_nummer = a.v_nummer(), datum = a.datum(), name = "aanmelding";
      f.kind = FactKind::kAanmelding;
      Identity identity;
      identity.naam = a.naam();
      identity.verblijfplaats = a.verblijfplaats();
      identity.gemeente = strings_.Intern(a.gemeente());
      identity.huishouden = 1 + a.gezinsleden_size();
      identity.verwachte_nareizigers = a.verwachte_nareizigers();
      RETURN_IF_ERROR(Day(datum, "aanmelding.datum", &identity.koppeldatum));
      RETURN_IF_ERROR(Required(v_nummer, "aanmelding.v_nummer"));
      f.number = static_cast<int32_t>(identities_.size());
      identities_.push_back(std::move(identity));
      break;
    }
    case P::kHerkoppeling:
      v_nummer = envelope.herkoppeling().v_nummer(), datum = envelope.herkoppeling().datum();
      name = "herkoppeling";
      f.kind = FactKind::kHerkoppeling;
      f.org = strings_.Intern(envelope.herkoppeling().gemeente());
      break;
    case P::kVoordracht:
      v_nummer = envelope.voordracht().v_nummer(), datum = envelope.voordracht().datum();
      name = "voordracht";
      f.kind = FactKind::kVoordracht;
      f.woning = strings_.Intern(envelope.voordracht().woning_id());
      break;
    case P::kReservering: {
      const auto& r = envelope.reservering();
      v_nummer = r.v_nummer(), datum = r.datum(), name = "reservering";
      RETURN_IF_ERROR(Required(r.woning_id(), "reservering.woning_id"));
      f.kind = FactKind::kReservering;
      f.woning = strings_.Intern(r.woning_id());
      f.org = strings_.Intern(r.corporatie());
      f.number = r.personen();
      break;
    }
    case P::kReserveringVervallen: {
      const auto& r = envelope.reservering_vervallen();
      v_nummer = r.v_nummer(), datum = r.datum(), name = "reservering_vervallen";
      f.kind = FactKind::kReserveringVervallen;
      f.woning = strings_.Intern(r.woning_id());
      break;
    }
    case P::kHuurcontract: {
      const auto& h = envelope.huurcontract();
      v_nummer = h.v_nummer(), datum = h.datum(), name = "huurcontract";
      RETURN_IF_ERROR(Required(h.woning_id(), "huurcontract.woning_id"));
      RETURN_IF_ERROR(Day(h.ingangsdatum(), "huurcontract.ingangsdatum", &f.ingang));
      f.kind = FactKind::kHuurcontract;
      f.woning = strings_.Intern(h.woning_id());
      f.org = strings_.Intern(h.corporatie());
      f.number = h.personen();
      break;
    }
    case P::kUitstroom:
      v_nummer = envelope.uitstroom().v_nummer(), datum = envelope.uitstroom().datum(), name = "uitstroom";
      f.kind = FactKind::kUitstroom;
      f.number = envelope.uitstroom().personen();
      break;
    case P::kBrpInschrijving:
      v_nummer = envelope.brp_inschrijving().v_nummer(), datum = envelope.brp_inschrijving().datum();
      name = "brp_inschrijving";
      f.kind = FactKind::kBrpInschrijving;
      f.org = strings_.Intern(envelope.brp_inschrijving().gemeente());
      break;
    case P::kNareizigersAangekondigd:
      v_nummer = envelope.nareizigers_aangekondigd().v_nummer();
      datum = envelope.nareizigers_aangekondigd().datum(), name = "nareizigers_aangekondigd";
      f.kind = FactKind::kNareizigersAangekondigd;
      f.number = envelope.nareizigers_aangekondigd().aantal();
      break;
    case P::kNareizigersGearriveerd:
      v_nummer = envelope.nareizigers_gearriveerd().v_nummer();
      datum = envelope.nareizigers_gearriveerd().datum(), name = "nareizigers_gearriveerd";
      f.kind = FactKind::kNareizigersGearriveerd;
      f.number = envelope.nareizigers_gearriveerd().personen_size();
      break;
    case P::kBegeleidingFase:
      v_nummer = envelope.begeleiding_fase().v_nummer(), datum = envelope.begeleiding_fase().datum();
      name = "begeleiding_fase";
      f.kind = FactKind::kBegeleidingFase;
      f.number = envelope.begeleiding_fase().fase();
      break;
    case P::kBegeleidingTaak:
      v_nummer = envelope.begeleiding_taak().v_nummer(), datum = envelope.begeleiding_taak().datum();
      name = "begeleiding_taak";
      f.kind = FactKind::kBegeleidingTaak;
      f.number = envelope.begeleiding_taak().taak();
      break;
    case P::kSignaal:
      v_nummer = envelope.signaal().v_nummer(), datum = envelope.signaal().datum(), name = "signaal";
      f.kind = FactKind::kSignaal;
      f.text = strings_.Intern(envelope.signaal().signaal_id());
      break;
    case P::kSignaalAfgehandeld:
      v_nummer = envelope.signaal_afgehandeld().v_nummer();
      datum = envelope.signaal_afgehandeld().datum(), name = "signaal_afgehandeld";
      f.kind = FactKind::kSignaalAfgehandeld;
      f.text = strings_.Intern(envelope.signaal_afgehandeld().signaal_id());
      break;
    case P::kDossierGesloten:
      v_nummer = envelope.dossier_gesloten().v_nummer(), datum = envelope.dossier_gesloten().datum();
      name = "dossier_gesloten";
      f.kind = FactKind::kDossierGesloten;
      break;
    case P::kDossierVergeten:
      v_nummer = envelope.dossier_vergeten().v_nummer(), datum = envelope.dossier_vergeten().datum();
      name = "dossier_vergeten";
      f.kind = FactKind::kDossierVergeten;
      break;
    default:  // a payload of a later contract version
      return Status::Ok();
  }
  // The field's name only when it is needed (most events have both).
  if (v_nummer.empty()) return Required(v_nummer, std::string(name) + ".v_nummer");
  if (std::optional<int32_t> day = ParseDate(datum)) {
    f.visible_from = *day;
  } else {
    return Day(datum, std::string(name) + ".datum", &f.visible_from);
  }
  // Forgetting does not count for laatste_datum: it must not restart the bewaartermijn it ends.
  f.laatste = f.kind == FactKind::kDossierVergeten ? kNoDay : f.visible_from;
  // A huurcontract counts from its ingangsdatum, and not before it was signed.
  f.key = f.kind == FactKind::kHuurcontract ? std::max(f.visible_from, f.ingang) : f.visible_from;
  FileDossierFact(v_nummer, f);
  return Status::Ok();
}

Status FactStore::AddAdministratie(uint64_t position, Id origin, const v1::AdministratieOvergenomen& row) {
  int32_t datum, aanmelding, huurcontract, brp;
  RETURN_IF_ERROR(Day(row.datum(), "administratie_overgenomen.datum", &datum));
  RETURN_IF_ERROR(Required(row.v_nummer(), "administratie_overgenomen.v_nummer"));
  RETURN_IF_ERROR(
      OptionalDay(row.datum_aanmelding(), "administratie_overgenomen.datum_aanmelding", &aanmelding));
  RETURN_IF_ERROR(
      OptionalDay(row.datum_huurcontract(), "administratie_overgenomen.datum_huurcontract", &huurcontract));
  RETURN_IF_ERROR(OptionalDay(row.datum_brp(), "administratie_overgenomen.datum_brp", &brp));

  DossierFact base;
  base.position = position;
  base.origin = origin;
  base.admin = true;

  // Who the household is: known from datum_aanmelding; without it, from the earliest other fact of
  // the row; a row without any date from the day of the take-over (which adds nothing to
  // laatste_datum).
  int32_t identity_day = aanmelding;
  if (identity_day == kNoDay) {
    if (huurcontract != kNoDay && brp != kNoDay) {
      identity_day = std::min(huurcontract, brp);
    } else if (huurcontract != kNoDay) {
      identity_day = huurcontract;
    } else if (brp != kNoDay) {
      identity_day = brp;
    } else {
      identity_day = datum;
    }
  }
  Identity identity;
  identity.naam = row.naam();
  identity.verblijfplaats = row.verblijfplaats();
  identity.gemeente = strings_.Intern(row.gemeente());
  identity.koppeldatum = aanmelding;
  identity.huishouden = row.huishouden();
  identity.verwachte_nareizigers = row.verwachte_nareizigers();
  DossierFact id_fact = base;
  id_fact.kind = FactKind::kAanmelding;
  id_fact.sub = 0;
  id_fact.key = id_fact.visible_from = identity_day;
  id_fact.laatste = aanmelding;
  id_fact.number = static_cast<int32_t>(identities_.size());
  identities_.push_back(std::move(identity));
  FileDossierFact(row.v_nummer(), id_fact);

  if (huurcontract != kNoDay) {
    DossierFact h = base;
    h.kind = FactKind::kHuurcontract;
    h.sub = 1;
    h.key = h.visible_from = h.laatste = h.ingang = huurcontract;
    h.woning = strings_.Intern(row.woning_id());
    h.org = strings_.Intern(row.corporatie());
    h.woongemeente = strings_.Intern(row.woongemeente().empty() ? row.gemeente() : row.woongemeente());
    h.number = row.huishouden();
    FileDossierFact(row.v_nummer(), h);
    DossierFact u = base;
    u.kind = FactKind::kUitstroom;
    u.sub = 2;
    u.key = u.visible_from = u.laatste = huurcontract;
    u.number = row.huishouden();
    FileDossierFact(row.v_nummer(), u);
  }
  if (brp != kNoDay) {
    DossierFact b = base;
    b.kind = FactKind::kBrpInschrijving;
    b.sub = 3;
    b.key = b.visible_from = b.laatste = brp;
    FileDossierFact(row.v_nummer(), b);
  }
  return Status::Ok();
}

bool DossierIndex::Number(std::string_view v_nummer, uint64_t* out) {
  if (v_nummer.size() != 10) return false;
  uint64_t n = 0;
  for (char c : v_nummer) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  *out = n;
  return true;
}

size_t DossierIndex::SlotOf(uint64_t key) const {
  const size_t mask = slots_.size() - 1;
  size_t i = static_cast<size_t>((key * 0x9E3779B97F4A7C15ULL) >> 20) & mask;
  while (slots_[i].key != 0 && slots_[i].key != key) i = (i + 1) & mask;
  return i;
}

void DossierIndex::Grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  for (const Slot& slot : old) {
    if (slot.key != 0) slots_[SlotOf(slot.key)] = slot;
  }
}

std::optional<uint32_t> DossierIndex::Find(std::string_view v_nummer) const {
  uint64_t n;
  if (!Number(v_nummer, &n)) {
    auto it = other_.find(v_nummer);
    if (it == other_.end()) return std::nullopt;
    return it->second;
  }
  if (slots_.empty()) return std::nullopt;
  const Slot& slot = slots_[SlotOf(n + 1)];
  if (slot.key == 0) return std::nullopt;
  return slot.value;
}

uint32_t DossierIndex::FindOrAdd(std::string_view v_nummer, uint32_t next, bool* added) {
  *added = false;
  uint64_t n;
  if (!Number(v_nummer, &n)) {
    auto [it, inserted] = other_.try_emplace(std::string(v_nummer), next);
    *added = inserted;
    return it->second;
  }
  if (2 * (used_ + 1) > slots_.size()) Grow();
  Slot& slot = slots_[SlotOf(n + 1)];
  if (slot.key == 0) {
    slot = Slot{n + 1, next};
    ++used_;
    *added = true;
  }
  return slot.value;
}

uint32_t FactStore::WoningFor(Id id) {
  if (id >= woning_index_.size()) woning_index_.resize(id + 1 + id / 2, 0);
  if (woning_index_[id] == 0) {
    woningen_.push_back(WoningFacts{id, {}, {}});
    woning_index_[id] = static_cast<uint32_t>(woningen_.size());
  }
  return woning_index_[id] - 1;
}

void FactStore::FileDossierFact(std::string_view v_nummer, DossierFact fact) {
  bool added = false;
  const uint32_t index = dossier_index_.FindOrAdd(v_nummer, static_cast<uint32_t>(dossiers_.size()), &added);
  if (added) {
    dossiers_.push_back(DossierFacts{std::string(v_nummer), {}});
    // A household's dossier gathers some ten facts: room for eight at once saves the first three
    // reallocations (and their copies) of growing one fact at a time.
    dossiers_.back().facts.reserve(8);
  }
  if (fact.woning != 0 && (fact.kind == FactKind::kReservering || fact.kind == FactKind::kHuurcontract)) {
    // So that a page of the woningen folds only the dossiers its woningen are let or reserved to.
    fact.woning_index = WoningFor(fact.woning);
    std::vector<uint32_t>& named_by = woningen_[fact.woning_index].dossiers;
    if (std::find(named_by.begin(), named_by.end(), index) == named_by.end()) named_by.push_back(index);
  }
  DossierFacts& dossier = dossiers_[index];
  if (dossier.pooled) {  // out of the pool, to grow
    const std::span<const DossierFact> pooled = FactsOf(index);
    dossier.facts.assign(pooled.begin(), pooled.end());
    dossier.pooled = false;
    loose_facts_ += pooled.size();  // the place it leaves
  }
  auto& facts = dossier.facts;
  facts.push_back(fact);
  ++loose_facts_;
  // Insertion into (key, position, sub) order: facts mostly arrive in date order, so this is O(1)
  // for the common case and only walks back past the facts a late report precedes.
  for (size_t i = facts.size() - 1; i > 0 && FactBefore(facts[i], facts[i - 1]); --i) {
    std::swap(facts[i - 1], facts[i]);
  }
}

void FactStore::Compact() {
  if (loose_facts_ == 0 || loose_facts_ * 4 < pool_.size()) return;
  std::vector<DossierFact> pool;
  pool.reserve(pool_.size() + loose_facts_);
  for (uint32_t i = 0; i < dossiers_.size(); ++i) {
    DossierFacts& d = dossiers_[i];
    const std::span<const DossierFact> facts = FactsOf(i);
    const size_t begin = pool.size();
    pool.insert(pool.end(), facts.begin(), facts.end());
    d.pool_begin = begin;
    d.pool_size = facts.size();
    d.pooled = true;
    std::vector<DossierFact>().swap(d.facts);
  }
  pool.shrink_to_fit();
  pool_ = std::move(pool);
  loose_facts_ = 0;
}

std::optional<uint32_t> FactStore::FindDossier(std::string_view v_nummer) const {
  return dossier_index_.Find(v_nummer);
}

std::optional<uint32_t> FactStore::WoningIndex(Id woning_id) const {
  if (woning_id >= woning_index_.size() || woning_index_[woning_id] == 0) return std::nullopt;
  return woning_index_[woning_id] - 1;
}

const WoningFacts* FactStore::FindWoning(Id woning_id) const {
  auto index = WoningIndex(woning_id);
  return index ? &woningen_[*index] : nullptr;
}

bool FactStore::HasOverboeking(std::string_view v_nummer, const AsOf& at) const {
  auto it = overboeking_by_dossier_.find(v_nummer);
  if (it == overboeking_by_dossier_.end()) return false;
  for (const auto& [datum, position] : it->second) {
    if (Seen(datum, position, at)) return true;
  }
  return false;
}

namespace {

// The first 16 bytes of a text as two big-endian numbers (zeros after its end): comparing these
// compares the texts, but for texts equal in them. Sorting 100,000 ids by these numbers, where
// comparing the texts reads each from wherever it lies, takes a fraction of the time.
std::pair<uint64_t, uint64_t> Prefix(std::string_view text) {
  uint64_t part[2] = {0, 0};
  for (size_t i = 0; i < std::min<size_t>(text.size(), 16); ++i) {
    part[i / 8] |= uint64_t{static_cast<unsigned char>(text[i])} << (56 - 8 * (i % 8));
  }
  return {part[0], part[1]};
}

}  // namespace

template <typename KeyOf>
const std::vector<uint32_t>& FactStore::Sorted(SortedIndexes& indexes, size_t n, const KeyOf& key) {
  std::lock_guard lock(indexes.mutex);
  std::vector<uint32_t>& order = indexes.order;
  const size_t sorted = order.size();
  if (sorted < n) {
    struct New {
      std::pair<uint64_t, uint64_t> prefix;
      uint32_t index;
    };
    std::vector<New> added;
    added.reserve(n - sorted);
    for (size_t i = sorted; i < n; ++i) added.push_back({Prefix(key(i)), static_cast<uint32_t>(i)});
    std::sort(added.begin(), added.end(), [&](const New& a, const New& b) {
      return a.prefix != b.prefix ? a.prefix < b.prefix : key(a.index) < key(b.index);
    });
    for (const New& a : added) order.push_back(a.index);
    std::inplace_merge(order.begin(), order.begin() + sorted, order.end(),
                       [&](uint32_t a, uint32_t b) { return key(a) < key(b); });
  }
  return order;
}

const std::vector<uint32_t>& FactStore::DossiersByVNummer() const {
  return Sorted(dossiers_by_v_nummer_, dossiers_.size(),
                [this](uint32_t i) -> std::string_view { return dossiers_[i].v_nummer; });
}

const std::vector<uint32_t>& FactStore::WoningenById() const {
  return Sorted(woningen_by_id_, woningen_.size(),
                [this](uint32_t i) -> std::string_view { return strings_.Get(woningen_[i].woning_id); });
}

const WoningFact* FactStore::LatestOffer(const WoningFacts& woning, const AsOf& at) {
  for (auto it = woning.facts.rbegin(); it != woning.facts.rend(); ++it) {
    if (!it->ingetrokken && Seen(it->datum, it->position, at)) return &*it;
  }
  return nullptr;
}

const WoningFact* FactStore::LatestOffer(Id woning_id, const AsOf& at) const {
  const WoningFacts* woning = FindWoning(woning_id);
  return woning == nullptr ? nullptr : LatestOffer(*woning, at);
}

bool FactStore::Withdrawn(const WoningFacts& woning, const AsOf& at) {
  for (auto it = woning.facts.rbegin(); it != woning.facts.rend(); ++it) {
    if (Seen(it->datum, it->position, at)) return it->ingetrokken;
  }
  return false;
}

}  // namespace regiotafel::projections::internal
