// The old Excel administration as a bench takes it over: a clerk's sheet of generated rows, and the
// bodies `importeer` posts for them (administratie_bench, privacy_bench).
#pragma once

#include <string>
#include <vector>

#include "base/date.h"
#include "bench/die.h"
#include "services/administratie/oude_administratie.h"
#include "services/administratie/rij_controle.h"
#include "services/organisation/post_pipeline.h"
#include "services/table/table.h"

namespace regiotafel::bench {

// The organisations the rows name.
inline const std::vector<std::string> kAdministratieOrganisaties = {
    "regio:drechtsteden", "gemeente:dordrecht", "gemeente:zwijndrecht", "corporatie:trivire"};

// `rows` rows as a clerk's file has them, V-nummers from `first`: a third housed, a fifth registered.
inline table::Table OudeAdministratie(size_t rows, uint64_t first) {
  using table::Cell;
  table::Table t{"Statushouders",
                 {"Naam", "V-nummer", "BSN", "Geboortedatum", "Verblijfplaats", "Grootte huishouden",
                  "Verwachte nareizigers", "Datum aanmelding", "Huisvestende corporatie",
                  "Gereserveerde woning", "Datum huurcontract", "Datum BRP", "Gemeente", "Woongemeente"},
                 {}};
  const int32_t day = *ParseDate("2025-01-01");
  for (size_t i = 0; i < rows; ++i) {
    const bool housed = i % 3 == 0, registered = i % 5 == 0 && housed;
    t.rows.push_back(
        {Cell::Text("Persoon " + std::to_string(i)), Cell::Text(std::to_string(first + i)),
         Cell::Text(registered ? "111222333" : ""), Cell::Date(day - 9000 - static_cast<int32_t>(i % 9000)),
         Cell::Text("AZC Gilze"), Cell::Number(1 + static_cast<int64_t>(i % 5)),
         Cell::Number(static_cast<int64_t>(i % 2)), Cell::Date(day + static_cast<int32_t>(i % 300)),
         Cell::Text(housed ? "Trivire" : ""), Cell::Text(housed ? "TRI-" + std::to_string(i) : ""),
         housed ? Cell::Date(day + 320 + static_cast<int32_t>(i % 30)) : Cell::Text(""),
         registered ? Cell::Date(day + 360) : Cell::Text(""), Cell::Text(i % 2 ? "Dordrecht" : "Zwijndrecht"),
         Cell::Text(housed ? "Zwijndrecht" : "")});
  }
  return t;
}

// The bodies `importeer` posts for `rows` fresh rows, V-nummers from `first`.
inline std::vector<organisation::Post> AdministratieBodies(size_t rows, uint64_t first) {
  const table::Table t = OudeAdministratie(rows, first);
  administratie::Blad blad{"bench", t.columns, {}};
  for (size_t i = 0; i < t.rows.size(); ++i) blad.rijen.push_back(administratie::Rij{i + 2, t.rows[i]});
  const administratie::Controle c =
      administratie::ControleerAdministratie(blad, kAdministratieOrganisaties, *ParseDate("2026-06-01"));
  if (c.goed.size() != rows) Die("generated rows with problems");
  std::vector<organisation::Post> posts;
  for (const administratie::Overname& o : c.goed)
    posts.push_back(organisation::Post{o.rij, administratie::EventBody(o)});
  return posts;
}

}  // namespace regiotafel::bench
