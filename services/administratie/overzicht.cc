#include "services/administratie/overzicht.h"

#include <utility>

#include "base/date.h"
#include "services/administratie/kolommen.h"
#include "services/table/naming.h"

namespace regiotafel::administratie {
namespace {

using table::Cell;

Cell Datum(const std::string& iso) {
  std::optional<int32_t> day = ParseDate(iso);
  return day ? Cell::Datum(*day) : Cell::Tekst(iso);
}

std::string Samen(const google::protobuf::RepeatedPtrField<std::string>& codes) {
  std::string out;
  for (const std::string& code : codes) out += (out.empty() ? "" : ", ") + code;
  return out;
}

Cell Cel(const v1::Dossier& d, Kolom kolom) {
  switch (kolom) {
    case Kolom::kNaam:
      return Cell::Tekst(d.naam());
    case Kolom::kVNummer:
      return Cell::Tekst(d.v_nummer());
    case Kolom::kBsn:
    case Kolom::kInschrijfnummer:
    case Kolom::kGeboortedatum:
      return Cell::Tekst("");
    case Kolom::kVerblijfplaats:
      return Cell::Tekst(d.verblijfplaats());
    case Kolom::kHuishouden:
      return Cell::Getal(d.huishouden());
    case Kolom::kVerwachteNareizigers:
      return Cell::Getal(d.verwachte_nareizigers());
    case Kolom::kDatumAanmelding:
      return Datum(d.koppeldatum());
    case Kolom::kCorporatie:
      return Cell::Tekst(d.corporatie());
    case Kolom::kWoning:
      return Cell::Tekst(d.woning_id());
    case Kolom::kDatumHuurcontract:
      return Datum(d.datum_huurcontract());
    case Kolom::kDatumBrp:
      return Datum(d.datum_brp());
    case Kolom::kGemeente:
      return Cell::Tekst(d.gemeente());
    case Kolom::kWoongemeente:
      return Cell::Tekst(d.woongemeente());
  }
  return Cell::Tekst("");
}

}  // namespace

table::Table Overzicht(const v1::DossiersView& view) {
  table::Table t;
  t.naam = "Dossiers";
  for (Kolom kolom : kKolommen) t.kolommen.emplace_back(KolomNaam(kolom));
  t.kolommen.emplace_back("Fase");
  t.kolommen.emplace_back("Signalen");
  t.rijen.reserve(static_cast<size_t>(view.dossiers_size()));
  for (const v1::Dossier& d : view.dossiers()) {
    std::vector<Cell>& rij = t.rijen.emplace_back();
    for (Kolom kolom : kKolommen) rij.push_back(Cel(d, kolom));
    rij.push_back(Cell::Tekst(table::EnumText("Fase", v1::Dossier::Fase_Name(d.fase()))));
    rij.push_back(Cell::Tekst(Samen(d.signalen())));
  }
  return t;
}

table::Table OverDitOverzicht(const std::string& peildatum, const std::string& position,
                              const std::string& bron, const std::string& gemeente) {
  table::Table over{"Over dit overzicht", {"Wat", "Waarde"}, {}};
  for (const auto& [wat, waarde] :
       {std::pair{"Peildatum", peildatum}, std::pair{"Positie in het log", position}, std::pair{"Node", bron},
        std::pair{"Gemeente", gemeente.empty() ? std::string("alle") : gemeente}}) {
    over.rijen.push_back({Cell::Tekst(wat), Cell::Tekst(waarde)});
  }
  return over;
}

}  // namespace regiotafel::administratie
