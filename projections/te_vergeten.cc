#include "projections/te_vergeten.h"

#include <chrono>
#include <optional>

#include "base/date.h"

namespace regiotafel::projections {

namespace chr = std::chrono;

int32_t PlusJaren(int32_t day, int32_t jaren) {
  const chr::year_month_day date{chr::sys_days{chr::days{day}}};
  chr::year_month_day later = date + chr::years{jaren};
  // Only 29 February can fall on a day that does not exist: the last day of that month.
  if (!later.ok()) later = chr::year_month_day_last{later.year(), chr::month_day_last{later.month()}};
  return static_cast<int32_t>(chr::sys_days{later}.time_since_epoch().count());
}

int32_t TeVergetenSinds(int32_t laatste_datum, int32_t jaren) { return PlusJaren(laatste_datum, jaren) + 1; }

v1::TeVergetenView TeVergeten(const v1::DossiersView& dossiers, int32_t peildatum, int32_t jaren) {
  v1::TeVergetenView view;
  for (const v1::Dossier& d : dossiers.dossiers()) {
    if (d.vergeten()) continue;
    const std::optional<int32_t> laatste = ParseDate(d.laatste_datum());
    if (!laatste) continue;
    const int32_t sinds = TeVergetenSinds(*laatste, jaren);
    if (peildatum < sinds) continue;
    v1::TeVergetenRegel* row = view.add_dossiers();
    row->set_v_nummer(d.v_nummer());
    row->set_gemeente(d.gemeente());
    row->set_fase(d.fase());
    row->set_laatste_datum(d.laatste_datum());
    row->set_te_vergeten_sinds(FormatDate(sinds));
  }
  return view;
}

}  // namespace regiotafel::projections
