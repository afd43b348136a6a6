// A view's rows, made on every core: a region view has one per dossier or woning.
#pragma once

#include <cstddef>

#include "base/parallel.h"

namespace regiotafel::projections::internal {

// `rows` (a protobuf repeated field) gets make(k) as its k-th row for k < n, each made on its own.
template <typename Rows, typename Make>
void MakeRows(Rows* rows, size_t n, const Make& make) {
  rows->Reserve(static_cast<int>(n));
  for (size_t k = 0; k < n; ++k) rows->Add();
  ForParts(n, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) *rows->Mutable(static_cast<int>(k)) = make(k);
  });
}

}  // namespace regiotafel::projections::internal
