// The controle tests' rows and file: a good row as a clerk typed it (Regel), the file's own columns
// (kKopjes), and ControleerAdministratie against the test region's organisations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/date.h"
#include "services/administratie/kolommen.h"
#include "services/administratie/rij_controle.h"

namespace regiotafel::administratie::testing {

using table::Cell;

inline const std::vector<std::string> kOrganisaties = {"regio:drechtsteden", "gemeente:dordrecht",
                                                       "gemeente:hendrik-ido-ambacht", "corporatie:trivire",
                                                       "corporatie:poort6"};

inline int32_t Dag(const char* iso) { return *ParseDate(iso); }
inline const int32_t kOvernamedag = Dag("2026-06-01");

// The file's columns, in an order of its own (not kKolommen'), with an unused one in the middle and
// variant names, so that a column is named by the file's letter and header.
inline const std::vector<std::string> kKopjes = {
    "Naam",                     // A
    "V-nr",                     // B
    "Opmerkingen",              // C
    "BSN",                      // D
    "Inschrijfnummer",          // E
    "Geboortedatum",            // F
    "Verblijfplaats",           // G
    "Grootte huishouden",       // H
    "Verwachte nareizigers",    // I
    "Datum aanmelding",         // J
    "Gemeente",                 // K
    "Huisvestende corporatie",  // L
    "Gereserveerde woning",     // M
    "Datum huurcontract",       // N
    "Datum BRP",                // O
    "Woongemeente",             // P
};

// One row as a clerk typed it (all text, as CSV gives it); the defaults make a good row.
struct Regel {
  std::string naam = "Zoë Haddad";
  std::string v_nummer = "0123456789";
  std::string opmerking = "belt graag eerst";
  std::string bsn = "111222333";
  std::string inschrijfnummer = "IN-2026-77";
  std::string geboortedatum = "17-05-1990";
  std::string verblijfplaats = "AZC Dordrecht";
  std::string huishouden = "3";
  std::string nareizigers = "1";
  std::string aanmelding = "03-02-2026";
  std::string gemeente = "Dordrecht";
  std::string corporatie = "Poort 6";
  std::string woning = "P6-0042";
  std::string huurcontract = "01-05-2026";
  std::string brp = "15-05-2026";
  std::string woongemeente = "Hendrik Ido Ambacht";

  std::vector<Cell> Cellen() const {
    std::vector<Cell> out;
    for (const std::string* veld :
         {&naam, &v_nummer, &opmerking, &bsn, &inschrijfnummer, &geboortedatum, &verblijfplaats, &huishouden,
          &nareizigers, &aanmelding, &gemeente, &corporatie, &woning, &huurcontract, &brp, &woongemeente}) {
      out.push_back(Cell::Text(*veld));
    }
    return out;
  }
};

// A Blad of `regels` on rows 2, 3, 4…
inline Blad MaakBlad(const std::vector<Regel>& regels) {
  Blad blad{"test", kKopjes, {}};
  uint64_t nummer = 2;
  for (const Regel& r : regels) blad.rijen.push_back(Rij{nummer++, r.Cellen()});
  return blad;
}

inline Controle Controleer(const Blad& blad, int32_t overnamedag = kOvernamedag) {
  return ControleerAdministratie(blad, kOrganisaties, overnamedag);
}

inline std::vector<std::string> Beschrijvingen(const Controle& c) {
  std::vector<std::string> out;
  for (const Melding& m : c.meldingen) out.push_back(Beschrijf(m));
  return out;
}

// The meldingen that are problems (remarks left out).
inline std::vector<Melding> Problemen(const Controle& c) {
  std::vector<Melding> out;
  for (const Melding& m : c.meldingen) {
    if (m.probleem) out.push_back(m);
  }
  return out;
}

}  // namespace regiotafel::administratie::testing
