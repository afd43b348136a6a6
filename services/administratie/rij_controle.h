// Every row of the old administration checked against the contract (DOMAIN.md §2, §4) and against the
// region, with every problem named by row and column, before anything is written: a row that passes
// becomes one AdministratieOvergenomen, a row with any problem is skipped as a whole.
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "regiotafel/v1/events.pb.h"
#include "services/administratie/oude_administratie.h"

namespace regiotafel::administratie {

// What the import reports about one cell, one row or the whole file.
struct Melding {
  uint64_t rij = 0;      // 0: about the file (a column missing or twice)
  std::string kolom;     // "D (BSN)"; "" when about the whole row or file
  std::string waarde;    // the cell as the file has it
  std::string tekst;     // what is wrong, in Dutch
  bool probleem = true;  // true: the row is skipped (or, rij 0, the whole file); false: a remark only
};

// A row that passes, ready to be published.
struct Overname {
  uint64_t rij = 0;
  std::string event_id;  // from the row's content (not the day of the take-over): the same row again is
                         // the same event, so a second import adds nothing
  v1::AdministratieOvergenomen regel;
};

struct Controle {
  uint64_t rijen = 0;  // rows that hold anything
  std::vector<Overname> goed;
  std::vector<Melding> meldingen;       // the file's first, then by row and column
  uint64_t afgekeurd = 0;               // rows with at least one problem
  std::vector<std::string> ongebruikt;  // headers the import does not use, as the file has them
  std::string v_nummer_kolom;           // "B (V-nr)": where the file keeps the V-nummer
  bool onbruikbaar = false;             // a problem with the file itself: no row was checked

  bool in_orde() const { return afgekeurd == 0 && !onbruikbaar; }
};

// Checks every row of `blad`. `organisaties`: the region's organisation ids (region TOML), against which
// Gemeente, Woongemeente and Huisvestende corporatie are matched, by id ("gemeente:dordrecht") or by name
// regardless of case, accents and spaces ("Hendrik Ido Ambacht"). `overnamedag`: the take-over's day
// (day number), the rows' `datum`; no birth, aanmelding or BRP date may lie after it.
Controle ControleerAdministratie(const Blad& blad, const std::vector<std::string>& organisaties,
                                 int32_t overnamedag);

// After the check, against the region as it stands: a row whose V-nummer already has a dossier there
// (`dossiers`) and that was not taken over before (`al_overgenomen` false) would tell that dossier's
// story a second time, a second aanmelding and huurcontract: it becomes a problem and is skipped. A
// row taken over before stays, since posting it again adds nothing.
void SlaBestaandeDossiersOver(const std::set<std::string>& dossiers,
                              const std::function<bool(const Overname&)>& al_overgenomen, Controle* controle);

// The POST /api/v1/events body of an Overname: {"event_id": …, "administratie_overgenomen": {…}}.
std::string EventBody(const Overname& overname);

// "rij 7, kolom D (BSN) "123456789": haalt de elfproef niet"; a remark starts with "let op, ".
std::string Beschrijf(const Melding& melding);

// The meldingen as a table to work through in Excel: Rij, Kolom, Waarde, Melding, Soort ("probleem"
// or "let op"); a melding about the whole file has an empty Rij.
table::Table MeldingenTabel(const Controle& controle);

}  // namespace regiotafel::administratie
