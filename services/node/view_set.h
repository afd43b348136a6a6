// ViewSet: every region view at one AsOf (projections::RegionViews) and, made once on first use,
// the JSON body of each (contract::ToJson). Serializing a large view costs several times what
// computing it does (100k events: the dossiers view takes ~70 ms to compute with the others, its
// 9 MB of JSON ~300 ms), so ViewHost keeps both in its cache.
//
// Immutable after construction but for the JSON memo; every method may be called from any thread.
#pragma once

#include <array>
#include <mutex>
#include <string>

#include "projections/projection.h"

namespace regiotafel::node {

class ViewSet {
 public:
  // The region views of DOMAIN.md §6, each one call.
  enum class Kind { kDossiers, kTaakstelling, kPijplijn, kSignalen, kWoningen, kCorporaties };
  static constexpr size_t kKinds = 6;

  explicit ViewSet(projections::RegionViews views) : views_(std::move(views)) {}
  ViewSet(const ViewSet&) = delete;
  ViewSet& operator=(const ViewSet&) = delete;

  const projections::RegionViews& views() const { return views_; }
  // The view of `kind` as JSON (no trailing newline); made by the first caller, shared after.
  const std::string& Json(Kind kind) const;

 private:
  const projections::RegionViews views_;
  mutable std::array<std::once_flag, kKinds> once_;
  mutable std::array<std::string, kKinds> json_;
};

}  // namespace regiotafel::node
