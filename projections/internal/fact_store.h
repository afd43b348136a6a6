// The facts a Projection keeps from the log: every event, parsed once into a compact record and
// filed under what it is about (a dossier, a woning, a gemeente's or corporatie's figures). Nothing
// here depends on the peildatum; the views are computed from these facts at query time
// (dossier_fold.h, region_snapshot.h), so one fold serves every (positie, peildatum).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/status.h"
#include "projections/as_of.h"
#include "projections/internal/string_table.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::projections::internal {

using Id = StringTable::Id;

// "No date": smaller than every real day number.
inline constexpr int32_t kNoDay = INT32_MIN;

// A periode as one number: year * 2 + (half − 1), so that consecutive periodes differ by one.
int32_t PeriodeIndexOf(int32_t day);
std::string PeriodeText(int32_t periode_index);
int32_t PeriodeFirstDay(int32_t periode_index);
int32_t PeriodeLastDay(int32_t periode_index);

enum class FactKind : uint8_t {
  kAanmelding,  // also the identity part of an AdministratieOvergenomen
  kHerkoppeling,
  kVoordracht,
  kReservering,
  kReserveringVervallen,
  kHuurcontract,
  kUitstroom,
  kBrpInschrijving,
  kNareizigersAangekondigd,
  kNareizigersGearriveerd,
  kBegeleidingFase,
  kBegeleidingTaak,
  kSignaal,
  kSignaalAfgehandeld,
  kDossierGesloten,
  kDossierVergeten,
};

// Who the household is, as an Aanmelding (or an AdministratieOvergenomen row) states it.
struct Identity {
  std::string naam;
  std::string verblijfplaats;
  Id gemeente = 0;
  int32_t koppeldatum = kNoDay;  // kNoDay: an administratie row without datum_aanmelding
  int32_t huishouden = 0;
  int32_t verwachte_nareizigers = 0;
};

// No woning: a fact's or a claim's woning_index when it names none.
inline constexpr uint32_t kNoWoning = UINT32_MAX;

// One fact about one dossier. The facts of an AdministratieOvergenomen share its position and are
// ordered by `sub`; they have `admin` set.
struct DossierFact {
  int32_t key = 0;  // the day it takes effect; the dossier's facts are sorted by (key, position, sub)
  int32_t visible_from = 0;  // the day it exists for a view (its datum)
  int32_t laatste = kNoDay;  // what it adds to laatste_datum
  // Reservering, Huurcontract: the index of its woning into FactStore::woningen(), found once when
  // filed (a region view reads the woning's offer for every dossier; a lookup by id was a cache miss).
  uint32_t woning_index = kNoWoning;
  uint64_t position = 0;
  uint8_t sub = 0;
  FactKind kind = FactKind::kVoordracht;
  bool admin = false;
  Id origin = 0;
  Id woning = 0;        // Reservering, ReserveringVervallen, Huurcontract
  Id org = 0;           // Aanmelding, Herkoppeling: gemeente; Reservering, Huurcontract: corporatie
  Id woongemeente = 0;  // an administratie Huurcontract: its woongemeente (else its gemeente)
  int32_t number = 0;   // personen, aantal, fase, taak; Aanmelding: index into identities()
  int32_t ingang = 0;   // Huurcontract: ingangsdatum
  Id text = 0;          // Signaal, SignaalAfgehandeld: signaal_id
};

struct DossierFacts {
  std::string v_nummer;
  // Its facts, sorted by (key, position, sub): here, or when `pooled` in the store's pool (Compact).
  std::vector<DossierFact> facts;
  bool pooled = false;
  size_t pool_begin = 0;
  size_t pool_size = 0;
};

struct WoningFact {
  int32_t datum = 0;
  uint64_t position = 0;
  bool ingetrokken = false;  // WoningIngetrokken; else WoningAangeboden
  Id corporatie = 0;
  Id gemeente = 0;  // WoningAangeboden only
  int32_t capaciteit = 0;
  int32_t beschikbaar_per = 0;
};

struct WoningFacts {
  Id woning_id = 0;
  std::vector<WoningFact> facts;   // sorted by (datum, position); empty for a woning only named
  std::vector<uint32_t> dossiers;  // the dossiers a Reservering or Huurcontract of which names it
};

struct VaststellingFact {
  int32_t datum = 0;
  uint64_t position = 0;
  Id gemeente = 0;
  int32_t periode = 0;
  int32_t aantal = 0;
  std::optional<int32_t> startsaldo;
};

struct OverboekingFact {
  int32_t datum = 0;
  uint64_t position = 0;
  Id van = 0;
  Id naar = 0;
  int32_t personen = 0;
  int32_t periode = 0;
};

struct AfspraakFact {
  int32_t datum = 0;
  uint64_t position = 0;
  Id corporatie = 0;
  int32_t periode = 0;
  int32_t woningen = 0;
};

struct VrijgekomenFact {
  int32_t datum = 0;
  uint64_t position = 0;
  Id corporatie = 0;
  Id gemeente = 0;
  int32_t periode = 0;
  int32_t aantal = 0;
};

// v_nummer → index into FactStore::dossiers(). A v_nummer is ten digits (the contract's rule), so
// those are kept as numbers in an open-addressing table: a lookup is one probe into a flat array,
// where a map of strings hashes the text and chases a node (the fold looks a dossier up for every
// event). Any other text (the bus never commits it; the facts take what they are given) goes to a map.
class DossierIndex {
 public:
  std::optional<uint32_t> Find(std::string_view v_nummer) const;
  // The index of `v_nummer`; when it has none yet, `next` becomes its index and *added is set.
  uint32_t FindOrAdd(std::string_view v_nummer, uint32_t next, bool* added);

 private:
  struct Slot {
    uint64_t key = 0;  // the number + 1; 0: empty
    uint32_t value = 0;
  };
  // Exactly ten digits: their number.
  static bool Number(std::string_view v_nummer, uint64_t* out);
  size_t SlotOf(uint64_t key) const;  // where `key` is, or the empty slot where it goes
  void Grow();

  std::vector<Slot> slots_;  // a power of two, at most half full
  size_t used_ = 0;
  std::unordered_map<std::string, uint32_t, TransparentHash, std::equal_to<>> other_;
};

class FactStore {
 public:
  FactStore() = default;
  FactStore(const FactStore&) = delete;
  FactStore& operator=(const FactStore&) = delete;

  // Files the facts of one envelope. Positions must increase (else InvalidArgument and nothing
  // changes). An envelope whose payload breaks a rule the facts rely on (a date that is no date, a
  // periode that is no periode, a missing identifier) is not filed: InvalidArgument, but the
  // position is used up. An envelope without a known payload (a later contract version) is skipped.
  Status Add(uint64_t position, const v1::Envelope& envelope);

  uint64_t last_position() const { return last_position_; }
  const StringTable& strings() const { return strings_; }
  const std::vector<Identity>& identities() const { return identities_; }
  const std::vector<DossierFacts>& dossiers() const { return dossiers_; }
  // The facts of dossiers()[dossier], sorted by (key, position, sub).
  std::span<const DossierFact> FactsOf(uint32_t dossier) const {
    const DossierFacts& d = dossiers_[dossier];
    return d.pooled ? std::span<const DossierFact>(pool_).subspan(d.pool_begin, d.pool_size)
                    : std::span<const DossierFact>(d.facts);
  }
  // Moves every dossier's facts into one array, in the order of dossiers(), when enough lie
  // elsewhere (a quarter as many as in it): a region view folds every dossier in that order, and
  // facts spread over the heap cost a cache miss per dossier, most of a fold. A dossier that gains a fact
  // later leaves the pool (its place stays unused until the next compaction). Not concurrently with anything
  // else.
  void Compact();
  std::optional<uint32_t> FindDossier(std::string_view v_nummer) const;
  const std::vector<WoningFacts>& woningen() const { return woningen_; }
  const WoningFacts* FindWoning(Id woning_id) const;
  // The index into woningen() of a woning offered, withdrawn or named by a reservering or
  // huurcontract; nullopt for any other id.
  std::optional<uint32_t> WoningIndex(Id woning_id) const;
  const std::vector<VaststellingFact>& vaststellingen() const { return vaststellingen_; }
  const std::vector<OverboekingFact>& overboekingen() const { return overboekingen_; }
  const std::vector<AfspraakFact>& afspraken() const { return afspraken_; }
  const std::vector<VrijgekomenFact>& vrijgekomen() const { return vrijgekomen_; }
  // The dossiers (indexes into dossiers()) in the order of their v_nummers, and the woningen
  // (indexes into woningen()) in the order of their woning_ids: the orders of the views. Sorted on
  // the first call after Add filed new ones (only those are sorted, then merged in), so a view never
  // sorts a whole region. Queries may call these concurrently, never concurrently with Add.
  const std::vector<uint32_t>& DossiersByVNummer() const;
  const std::vector<uint32_t>& WoningenById() const;
  // Whether an Overboeking names this v_nummer, seen at `at`.
  bool HasOverboeking(std::string_view v_nummer, const AsOf& at) const;

  // The woning as its latest WoningAangeboden seen at `at` describes it; nullptr when never offered.
  static const WoningFact* LatestOffer(const WoningFacts& woning, const AsOf& at);
  const WoningFact* LatestOffer(Id woning_id, const AsOf& at) const;
  // Withdrawn: the latest of its WoningAangeboden and WoningIngetrokken seen at `at` is a withdrawal.
  static bool Withdrawn(const WoningFacts& woning, const AsOf& at);

 private:
  Status AddDossierEvent(uint64_t position, Id origin, const v1::Envelope& envelope);
  Status AddAdministratie(uint64_t position, Id origin, const v1::AdministratieOvergenomen& row);
  Status AddWoningEvent(uint64_t position, const v1::Envelope& envelope);
  void FileDossierFact(std::string_view v_nummer, DossierFact fact);
  // The index into woningen_ of `woning_id`, made when it has none.
  uint32_t WoningFor(Id woning_id);

  // Indexes 0 … n−1 in the order of the texts key(i) names, kept sorted as n grows.
  struct SortedIndexes {
    std::mutex mutex;
    std::vector<uint32_t> order;
  };
  template <typename KeyOf>
  static const std::vector<uint32_t>& Sorted(SortedIndexes& indexes, size_t n, const KeyOf& key);

  uint64_t last_position_ = 0;
  StringTable strings_;
  std::vector<Identity> identities_;
  std::vector<DossierFacts> dossiers_;
  std::vector<DossierFact> pool_;
  size_t loose_facts_ = 0;  // facts outside the pool, and places in it no longer used
  DossierIndex dossier_index_;
  std::vector<WoningFacts> woningen_;
  std::vector<uint32_t> woning_index_;  // by Id: 1 + index into woningen_, 0 for none
  std::vector<VaststellingFact> vaststellingen_;
  std::vector<OverboekingFact> overboekingen_;
  std::unordered_map<std::string, std::vector<std::pair<int32_t, uint64_t>>, TransparentHash, std::equal_to<>>
      overboeking_by_dossier_;  // v_nummer → (datum, position)
  std::vector<AfspraakFact> afspraken_;
  std::vector<VrijgekomenFact> vrijgekomen_;
  mutable SortedIndexes dossiers_by_v_nummer_;
  mutable SortedIndexes woningen_by_id_;
};

}  // namespace regiotafel::projections::internal
