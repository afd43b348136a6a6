// CachedView: one region view at one AsOf and, made once on first use, its JSON body
// (contract::ToJson). ViewHost keeps the latest ones, JSON and all: a large view's JSON costs more
// than computing it (docs/BENCHMARKS.md, "Queries").
//
// Immutable after construction but for the JSON memo; every method may be called from any thread.
#pragma once

#include <mutex>
#include <string>

#include "projections/as_of.h"
#include "projections/projection.h"

namespace regiotafel::node {

class CachedView {
 public:
  // The region views of DOMAIN.md §6, each one call.
  enum class Kind { kDossiers, kTaakstelling, kPijplijn, kSignalen, kWoningen, kCorporaties };
  static constexpr size_t kKinds = 6;

  // Computes the view of `kind` at `at`: only that one, each costs a pass over every dossier.
  CachedView(const projections::Projection& projection, Kind kind, const projections::AsOf& at);
  CachedView(const CachedView&) = delete;
  CachedView& operator=(const CachedView&) = delete;

  Kind kind() const { return kind_; }
  // The views at the AsOf; only the field of kind() is filled.
  const projections::RegionViews& views() const { return views_; }
  // The view as JSON (no trailing newline); made by the first caller, shared after.
  const std::string& Json() const;
  // Roughly what the view takes in memory with its JSON, for the cache's budget.
  size_t Bytes() const { return bytes_; }

 private:
  const Kind kind_;
  projections::RegionViews views_;
  const google::protobuf::Message* view_ = nullptr;  // the field of views_ that kind_ names
  size_t bytes_ = 0;
  mutable std::once_flag once_;
  mutable std::string json_;
};

}  // namespace regiotafel::node
