// A view's rows: made on every core (a region view has one per dossier or woning), and the ones a
// page asks for.
#pragma once

#include <algorithm>
#include <cstddef>
#include <ranges>

#include "base/parallel.h"
#include "projections/view_filters.h"

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

struct RowRange {
  size_t begin = 0;
  size_t end = 0;  // past the last row of the page
};

// The rows of a list of n, sorted by their keys, that `page` asks for; after_na(i): the key of row i
// comes after page.na.
template <typename AfterNa>
RowRange PageRange(size_t n, const Page& page, const AfterNa& after_na) {
  RowRange range;
  if (!page.na.empty()) {
    const auto rows = std::views::iota(size_t{0}, n);
    range.begin = std::ranges::partition_point(rows, [&](size_t i) { return !after_na(i); }) - rows.begin();
  }
  range.end = page.limit == 0 ? n : std::min(n, range.begin + page.limit);
  return range;
}

}  // namespace regiotafel::projections::internal
