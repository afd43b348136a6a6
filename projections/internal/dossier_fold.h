// One dossier at one (positie, peildatum): its facts folded in business order (datum, then log
// position), the rules of DOMAIN.md §5 "How facts fold", and its derived signals.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "projections/as_of.h"
#include "projections/drempels.h"
#include "projections/internal/fact_store.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections::internal {

// What the folds read at one AsOf: the store's facts, and each woning's latest offer seen at it.
// A region view asks for offers a few times per dossier, and the walk over a woning's facts costs
// three cache misses each time (a fifth of a fold): WithOfferTable looks each woning up once, on
// every core, before the folds. One dossier alone looks its woningen up directly.
class FoldInput {
 public:
  FoldInput(const FactStore& store, const AsOf& at) : store_(&store), at_(at) {}
  static FoldInput WithOfferTable(const FactStore& store, const AsOf& at);

  const FactStore& store() const { return *store_; }
  const AsOf& at() const { return at_; }
  // FactStore::LatestOffer at at(), of a woning by its index into FactStore::woningen() (kNoWoning:
  // none).
  const WoningFact* LatestOfferAt(uint32_t woning_index) const;
  // FactStore::Withdrawn at at().
  bool WithdrawnAt(uint32_t woning_index) const;
  // The gemeente of that latest offer; 0 for none (no offer, or one without a gemeente).
  Id OfferGemeenteAt(uint32_t woning_index) const;

 private:
  struct Offer {
    WoningFact latest;  // a copy: a pointer into the woning's facts would still miss the cache
    bool offered = false;
    bool withdrawn = false;
  };
  const FactStore* store_;
  AsOf at_;
  std::vector<Offer> offers_;  // by woning index; empty: look up directly
  // offers_'s gemeenten alone: every dossier with a huurcontract reads one, and a twelfth of the
  // table's bytes stays in the core's cache (the miss on offers_ was a third of a counting view).
  std::vector<Id> gemeenten_;
};

struct ReserveringInfo {
  Id woning = 0;
  uint32_t woning_index = kNoWoning;  // into FactStore::woningen()
  Id corporatie = 0;
  int32_t datum = 0;
  uint64_t position = 0;
};

struct ContractInfo {
  Id woning = 0;
  uint32_t woning_index = kNoWoning;  // into FactStore::woningen()
  Id corporatie = 0;
  Id woongemeente = 0;  // set for an administratie row (its woongemeente, else its gemeente)
  int32_t ingang = 0;
  int32_t key = 0;  // the day it took effect
  int32_t personen = 0;
  uint64_t position = 0;
  uint8_t sub = 0;
};

// Nareizigers who arrived after the first ingangsdatum: they count as realisation in the periode
// of their arrival, for the woongemeente of the huurcontract current when they arrived.
struct ArrivalInfo {
  int32_t datum = 0;
  int32_t personen = 0;
  uint32_t contract = 0;  // index into DossierState::contracts
};

struct DossierState {
  uint32_t dossier = 0;    // index into FactStore::dossiers()
  bool exists = false;     // some fact of it is seen
  bool aangemeld = false;  // an Aanmelding or administratie row is seen
  int32_t identity = -1;   // the latest Identity, -1 for none
  Id gemeente = 0;         // linked
  int32_t koppeldatum = kNoDay;
  int64_t huishouden = 0;
  int64_t verwachte_nareizigers = 0;
  std::optional<ReserveringInfo> reservering;  // the active one
  std::vector<ContractInfo> contracts;         // in effect, in business order: first … current
  std::vector<ArrivalInfo> arrivals;
  int32_t datum_uitstroom = kNoDay;
  int32_t datum_brp = kNoDay;
  int32_t begeleiding = 0;                         // latest BegeleidingFase.Fase, 0 for none
  bool begeleid = false;                           // a BegeleidingFase is seen
  std::vector<std::pair<int32_t, int32_t>> fasen;  // (datum, fase) in business order
  std::vector<std::pair<int32_t, int32_t>> taken;  // (first datum, taak), sorted
  int32_t meldingen_open = 0;
  bool gesloten = false;
  bool vergeten = false;  // a DossierVergeten in effect: naam shows "vergeten"
  int32_t laatste_datum = kNoDay;
  bool onvolledig = false;
  Id onvolledig_voor = 0;  // origin of the first ONVOLLEDIG event in the log
  v1::Dossier::Fase fase = v1::Dossier::FASE_UNSPECIFIED;
  Id woongemeente_first = 0;    // of the first huurcontract
  Id woongemeente_current = 0;  // of the current huurcontract

  const ContractInfo* first() const { return contracts.empty() ? nullptr : &contracts.front(); }
  const ContractInfo* current() const { return contracts.empty() ? nullptr : &contracts.back(); }
  // As a new state of `d`, its lists emptied but their room kept (a region view folds into the
  // states of the view before it: StatePool, region_snapshot.h).
  void Reset(uint32_t d);
};

// What a fold keeps. The views that count (taakstelling, pijplijn, woningen, corporaties) need
// neither the ONVOLLEDIG judgement (its woning lookups) nor the lists of begeleiding fasen and taken
// (the latest fase stays); dossier rows and signals need the judgement, only begeleiding rows the
// lists. Leaving out what a view does not read is a third of its time.
enum class FoldScope { kCounts, kRows, kAll };

DossierState FoldDossier(const FoldInput& in, uint32_t dossier, FoldScope scope = FoldScope::kAll);
// The same into *out (Reset first).
void FoldDossier(const FoldInput& in, uint32_t dossier, FoldScope scope, DossierState* out);

// The woongemeente of a huurcontract of this dossier: an administratie row's own; else the gemeente
// of the woning (its latest WoningAangeboden seen); else the linked gemeente; 0 when none is known.
Id WoongemeenteOf(const FoldInput& in, const DossierState& state, const ContractInfo& contract);

struct DossierSignal {
  size_t code = 0;  // index into kSignalCodes (projections/signal_codes.h)
  Id voor = 0;
};

// The dossier signals that hold (none for a closed dossier), sorted by code.
std::vector<DossierSignal> DossierSignals(const FoldInput& in, const DossierState& state,
                                          const Drempels& drempels);

// The view rows of one dossier.
v1::Dossier DossierRow(const FactStore& store, const DossierState& state,
                       const std::vector<DossierSignal>& signals);
v1::Begeleiding BegeleidingRow(const FactStore& store, const DossierState& state, const AsOf& at,
                               const Drempels& drempels);

// "" for kNoDay, else YYYY-MM-DD.
std::string DateText(int32_t day);
// A count as an int32 for a view (saturating; only absurd inputs reach the bounds).
int32_t Count32(int64_t value);

}  // namespace regiotafel::projections::internal
