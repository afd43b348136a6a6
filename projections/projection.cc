#include "projections/projection.h"

#include <string>
#include <utility>

#include "projections/internal/dossier_fold.h"
#include "projections/internal/dossier_list.h"
#include "projections/internal/fact_store.h"
#include "projections/internal/region_snapshot.h"
#include "projections/internal/woning_list.h"

namespace regiotafel::projections {

namespace {
// The views that only count leave out what only rows and signals read.
constexpr auto kCounts = internal::FoldScope::kCounts;
}  // namespace

Projection::Projection(Drempels drempels)
    : drempels_(drempels),
      store_(std::make_unique<internal::FactStore>()),
      states_(std::make_unique<internal::StatePool>()) {}
Projection::~Projection() = default;
Projection::Projection(Projection&&) noexcept = default;
Projection& Projection::operator=(Projection&&) noexcept = default;

Status Projection::Apply(uint64_t position, const v1::Envelope& envelope) {
  return store_->Add(position, envelope);
}

Status Projection::Apply(const v1::LogRecord& record) {
  v1::Envelope envelope;
  if (!envelope.ParseFromString(record.envelope())) {
    // Use the position up with an empty envelope, so that the next record still applies.
    Status s = store_->Add(record.position(), v1::Envelope());
    if (!s.ok()) return s;
    return Status::Corruption("de envelope op positie " + std::to_string(record.position()) +
                              " is niet te lezen");
  }
  return store_->Add(record.position(), envelope);
}

void Projection::Prepare() {
  store_->WoningenById();
  store_->Compact();
  store_->DossiersByVNummer();
}

uint64_t Projection::position() const { return store_->last_position(); }

v1::DossiersView Projection::Dossiers(const AsOf& at, const DossierFilter& filter, const Page& page) const {
  return internal::DossierList(*store_, at, drempels_, filter, page);
}
v1::TaakstellingView Projection::Taakstelling(const AsOf& at) const {
  return internal::RegionSnapshot(*store_, at, drempels_, kCounts, states_.get()).Taakstelling();
}
v1::PijplijnView Projection::Pijplijn(const AsOf& at) const {
  return internal::RegionSnapshot(*store_, at, drempels_, kCounts, states_.get()).Pijplijn();
}
v1::SignalenView Projection::Signalen(const AsOf& at, std::string_view voor, const Page& page) const {
  if (page.limit != 0 || !page.na.empty()) return internal::SignalenPage(*store_, at, drempels_, voor, page);
  return internal::RegionSnapshot(*store_, at, drempels_, internal::FoldScope::kRows, states_.get())
      .Signalen(voor);
}
v1::WoningenView Projection::Woningen(const AsOf& at, const Page& page) const {
  if (page.limit != 0 || !page.na.empty()) return internal::WoningenPage(*store_, at, page);
  return internal::RegionSnapshot(*store_, at, drempels_, kCounts, states_.get()).Woningen();
}
v1::CorporatiesView Projection::Corporaties(const AsOf& at) const {
  return internal::RegionSnapshot(*store_, at, drempels_, kCounts, states_.get()).Corporaties();
}
v1::BegeleidingView Projection::Begeleidingen(const AsOf& at) const {
  return internal::RegionSnapshot(*store_, at, drempels_, internal::FoldScope::kAll, states_.get())
      .Begeleiding();
}

RegionViews Projection::All(const AsOf& at) const {
  internal::RegionSnapshot snapshot(*store_, at, drempels_, internal::FoldScope::kAll, states_.get());
  RegionViews views;
  views.dossiers = snapshot.Dossiers();
  views.taakstelling = snapshot.Taakstelling();
  views.pijplijn = snapshot.Pijplijn();
  views.signalen = snapshot.Signalen();
  views.woningen = snapshot.Woningen();
  views.corporaties = snapshot.Corporaties();
  views.begeleiding = snapshot.Begeleiding();
  return views;
}

Status Projection::Dossier(std::string_view v_nummer, const AsOf& at, v1::Dossier* out) const {
  auto index = store_->FindDossier(v_nummer);
  if (!index) return Status::NotFound("geen dossier " + std::string(v_nummer));
  const internal::FoldInput in(*store_, at);
  internal::DossierState state = internal::FoldDossier(in, *index, internal::FoldScope::kRows);
  if (!state.exists) return Status::NotFound("geen dossier " + std::string(v_nummer) + " op deze peildatum");
  *out = internal::DossierRow(*store_, state, internal::DossierSignals(in, state, drempels_));
  return Status::Ok();
}

Status Projection::Begeleiding(std::string_view v_nummer, const AsOf& at, v1::Begeleiding* out) const {
  auto index = store_->FindDossier(v_nummer);
  if (!index) return Status::NotFound("geen dossier " + std::string(v_nummer));
  internal::DossierState state = internal::FoldDossier(internal::FoldInput(*store_, at), *index);
  if (!state.exists) return Status::NotFound("geen dossier " + std::string(v_nummer) + " op deze peildatum");
  *out = internal::BegeleidingRow(*store_, state, at, drempels_);
  return Status::Ok();
}

}  // namespace regiotafel::projections
