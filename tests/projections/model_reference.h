// The naive reference the model tests compare the Projection with (leveldb's ModelDB habit), written
// from docs/PROJECTIONS.md: a dossier folded from its facts, and every view recomputed from the log.
//
// The reference keeps nothing between questions: for every view it takes the list of envelopes,
// throws away what is not seen at (positie, peildatum), and recomputes every figure by scanning
// that list again (a woning's gemeente, whether an overboeking exists, …). It is slow and obvious;
// the Projection is fast (facts filed once, interned, kept sorted) and must agree with it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "base/date.h"
#include "projections/projection.h"
#include "regiotafel/v1/events.pb.h"

namespace regiotafel::projections::testing {

struct Event {
  uint64_t pos;
  v1::Envelope e;
};

inline int32_t DayOf(const std::string& s) { return *ParseDate(s); }

inline bool Seen(int32_t datum, uint64_t pos, const AsOf& at) {
  return datum <= at.peildatum && pos <= at.position;
}

struct MContract {
  std::string woning, corporatie, woongemeente;  // woongemeente: an administratie row's own
  int32_t ingang = 0, effect = 0;
  int64_t personen = 0;
  uint64_t pos = 0;
  int sub = 0;
};

struct MDossier {
  std::string v;
  bool exists = false, aangemeld = false, gesloten = false;
  std::string naam, verblijfplaats, gemeente;
  std::optional<int32_t> koppeldatum, laatste, uitstroom, brp;
  int64_t huishouden = 0, verwacht = 0;
  bool reserved = false;
  std::string r_woning, r_corporatie;
  int32_t r_datum = 0;
  uint64_t r_pos = 0;
  std::vector<MContract> contracts;
  std::vector<std::tuple<int32_t, int64_t, std::string>> arrivals;  // datum, persons, gemeente
  int begeleiding = 0;
  std::vector<std::pair<int32_t, int>> fasen;
  std::map<int, int32_t> taken;
  int meldingen_open = 0;
  std::optional<std::string> onvolledig;
  v1::Dossier::Fase fase = v1::Dossier::FASE_UNSPECIFIED;
};

// The woning as its latest offer seen describes it.
std::optional<v1::WoningAangeboden> Offer(const std::vector<Event>& log, const std::string& woning,
                                          const AsOf& at);
bool WithdrawnNow(const std::vector<Event>& log, const std::string& woning, const AsOf& at);
std::string WoongemeenteOf(const std::vector<Event>& log, const MDossier& d, const MContract& c,
                           const AsOf& at);
// Dossier `v` as the facts of `log` seen at `at` make it.
MDossier Fold(const std::vector<Event>& log, const std::string& v, const AsOf& at);
// The v_nummers of the dossiers that exist at `at`, sorted.
std::vector<std::string> AllDossiers(const std::vector<Event>& log, const AsOf& at);

// Every view of the region at `at`, as docs/PROJECTIONS.md specifies it (model_reference_views.cc).
RegionViews Model(const std::vector<Event>& all, const AsOf& at, const Drempels& t);

}  // namespace regiotafel::projections::testing
