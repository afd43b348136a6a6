// The columns of the region's old Excel administration (issue 8), and how a header in somebody's
// file is recognised as one of them: regardless of case, accents, spaces and punctuation, and under
// the names the Drechtsteden file and its siblings use ("V-nr", "Datum BRP-inschrijving").
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace regiotafel::administratie {

// In the old file's order, which is also the order `exporteer` writes them in.
enum class Kolom {
  kNaam,
  kVNummer,
  kBsn,
  kInschrijfnummer,
  kGeboortedatum,
  kVerblijfplaats,
  kHuishouden,
  kVerwachteNareizigers,
  kDatumAanmelding,
  kCorporatie,
  kWoning,
  kDatumHuurcontract,
  kDatumBrp,
  kGemeente,
  kWoongemeente,
};

inline constexpr std::array<Kolom, 15> kKolommen = {Kolom::kNaam,
                                                    Kolom::kVNummer,
                                                    Kolom::kBsn,
                                                    Kolom::kInschrijfnummer,
                                                    Kolom::kGeboortedatum,
                                                    Kolom::kVerblijfplaats,
                                                    Kolom::kHuishouden,
                                                    Kolom::kVerwachteNareizigers,
                                                    Kolom::kDatumAanmelding,
                                                    Kolom::kCorporatie,
                                                    Kolom::kWoning,
                                                    Kolom::kDatumHuurcontract,
                                                    Kolom::kDatumBrp,
                                                    Kolom::kGemeente,
                                                    Kolom::kWoongemeente};

// The header as the old file has it: "Naam", "V-nummer", …, "Grootte huishouden", "Woongemeente".
std::string_view KolomNaam(Kolom kolom);

// Without these a row cannot become an AdministratieOvergenomen (the contract requires them).
bool Verplicht(Kolom kolom);

// The column a header names, or nullopt for one the import does not use ("Opmerkingen").
std::optional<Kolom> HerkenKolom(std::string_view header);

// "Datum BRP-inschrijving" → "datumbrpinschrijving": lowercase ASCII letters and digits only, accented
// letters without their accent ("Één" → "een"), everything else left out. Also used to match a gemeente's
// or corporatie's name against the region's organisation ids.
std::string Normaliseer(std::string_view text);

}  // namespace regiotafel::administratie
