// Projection: the pure fold from the regional log to the views of DOMAIN.md §5.
//
//   Projection projection(thresholds);            // the region's signal thresholds
//   for (each record in log order) projection.Apply(record);
//   AsOf at;                                      // the whole log …
//   at.peildatum = *ParseDate("2025-06-30");      // … at this business date
//   v1::DossiersView dossiers = projection.Dossiers(at);
//
// Apply files each event's facts once (about a microsecond each); a view is computed from
// those facts at query time for any AsOf {peildatum, positie}, so the view "as known at positie N"
// needs no second fold: it equals the view of a Projection that applied only records 1..N. A view
// costs time linear in the facts (every dossier is folded at the peildatum); callers that answer
// many requests for the same AsOf may cache the result, or use All() to compute every view at once.
//
// No clock, no I/O: the answer is a function of the applied records and the AsOf alone
// (docs/PROJECTIONS.md). Not thread-safe: Apply must not run concurrently with anything else; the
// const queries may run concurrently with each other. Movable, not copyable.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "base/status.h"
#include "projections/as_of.h"
#include "projections/drempels.h"
#include "projections/view_filters.h"
#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/log.pb.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::projections {

namespace internal {
class FactStore;
class StatePool;
}  // namespace internal

// Every view at one AsOf.
struct RegionViews {
  v1::DossiersView dossiers;
  v1::TaakstellingView taakstelling;
  v1::PijplijnView pijplijn;
  v1::SignalenView signalen;
  v1::WoningenView woningen;
  v1::CorporatiesView corporaties;
  v1::BegeleidingView begeleiding;
};

class Projection {
 public:
  explicit Projection(Drempels drempels = {});
  ~Projection();
  Projection(Projection&&) noexcept;
  Projection& operator=(Projection&&) noexcept;
  Projection(const Projection&) = delete;
  Projection& operator=(const Projection&) = delete;

  // Folds one committed event. Positions must increase (the log's are 1, 2, 3…; gaps are allowed so
  // that a caller may skip records); a position not above position() is refused with
  // InvalidArgument and changes nothing. An event the facts cannot use (a date or periode that does
  // not parse, a missing identifier: the bus never commits one) is refused with InvalidArgument,
  // its position used up and the projection otherwise unchanged. A payload of a later contract
  // version is skipped (Ok).
  Status Apply(uint64_t position, const v1::Envelope& envelope);
  // The same for a log record; envelope bytes that do not parse give Corruption (position used up).
  Status Apply(const v1::LogRecord& record);

  // Brings the layout of what Apply filed up to date: the orders of the lists (dossiers by
  // v_nummer, woningen by woning_id) and, when enough lie apart, every dossier's facts moved into
  // one array in that order (a view folds every dossier; their facts spread over the heap would
  // cost a cache miss each). A query sorts by itself when it must (~50 ms after a rebuild of 1M
  // events), so a host calls this after applying, under the same exclusion as Apply.
  void Prepare();

  // The last position applied (0 before any).
  uint64_t position() const;
  const Drempels& drempels() const { return drempels_; }

  // The views (DOMAIN.md §5, §6), each sorted as §6 states; the long lists narrowed to their
  // filters and to a page on request (view_filters.h). A page folds only what it reaches: the
  // dossiers from its start until it is full, the woningen it shows (docs/PROJECTIONS.md, "Pages").
  v1::DossiersView Dossiers(const AsOf& at, const DossierFilter& filter = {}, const Page& page = {}) const;
  v1::TaakstellingView Taakstelling(const AsOf& at) const;
  v1::PijplijnView Pijplijn(const AsOf& at) const;
  v1::SignalenView Signalen(const AsOf& at, std::string_view voor = {}, const Page& page = {}) const;
  v1::WoningenView Woningen(const AsOf& at, const Page& page = {}) const;
  v1::CorporatiesView Corporaties(const AsOf& at) const;
  v1::BegeleidingView Begeleidingen(const AsOf& at) const;
  RegionViews All(const AsOf& at) const;

  // One dossier, computed from its own facts only; NotFound when no fact of it is seen at `at`.
  Status Dossier(std::string_view v_nummer, const AsOf& at, v1::Dossier* out) const;
  Status Begeleiding(std::string_view v_nummer, const AsOf& at, v1::Begeleiding* out) const;

 private:
  Drempels drempels_;
  std::unique_ptr<internal::FactStore> store_;
  std::unique_ptr<internal::StatePool> states_;  // the region views' folds, kept for the next
};

}  // namespace regiotafel::projections
