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
  return day ? Cell::Date(*day) : Cell::Text(iso);
}

std::string Samen(const google::protobuf::RepeatedPtrField<std::string>& codes) {
  std::string out;
  for (const std::string& code : codes) out += (out.empty() ? "" : ", ") + code;
  return out;
}

Cell Cel(const v1::Dossier& d, Kolom kolom) {
  switch (kolom) {
    case Kolom::kNaam:
      return Cell::Text(d.naam());
    case Kolom::kVNummer:
      return Cell::Text(d.v_nummer());
    case Kolom::kBsn:
    case Kolom::kInschrijfnummer:
    case Kolom::kGeboortedatum:
      return Cell::Text("");
    case Kolom::kVerblijfplaats:
      return Cell::Text(d.verblijfplaats());
    case Kolom::kHuishouden:
      return Cell::Number(d.huishouden());
    case Kolom::kVerwachteNareizigers:
      return Cell::Number(d.verwachte_nareizigers());
    case Kolom::kDatumAanmelding:
      return Datum(d.koppeldatum());
    case Kolom::kCorporatie:
      return Cell::Text(d.corporatie());
    case Kolom::kWoning:
      return Cell::Text(d.woning_id());
    case Kolom::kDatumHuurcontract:
      return Datum(d.datum_huurcontract());
    case Kolom::kDatumBrp:
      return Datum(d.datum_brp());
    case Kolom::kGemeente:
      return Cell::Text(d.gemeente());
    case Kolom::kWoongemeente:
      return Cell::Text(d.woongemeente());
  }
  return Cell::Text("");
}

}  // namespace

table::Table Overzicht(const v1::DossiersView& view) {
  table::Table t;
  t.name = "Dossiers";
  for (Kolom kolom : kKolommen) t.columns.emplace_back(KolomNaam(kolom));
  t.columns.emplace_back("Fase");
  t.columns.emplace_back("Signalen");
  t.rows.reserve(static_cast<size_t>(view.dossiers_size()));
  for (const v1::Dossier& d : view.dossiers()) {
    std::vector<Cell>& rij = t.rows.emplace_back();
    for (Kolom kolom : kKolommen) rij.push_back(Cel(d, kolom));
    rij.push_back(Cell::Text(table::EnumText("Fase", v1::Dossier::Fase_Name(d.fase()))));
    rij.push_back(Cell::Text(Samen(d.signalen())));
  }
  return t;
}

table::Table OverDitOverzicht(const std::string& peildatum, const std::string& position,
                              const std::string& bron, const std::string& gemeente) {
  table::Table over{"Over dit overzicht", {"Wat", "Waarde"}, {}};
  for (const auto& [wat, waarde] :
       {std::pair{"Peildatum", peildatum}, std::pair{"Positie in het log", position}, std::pair{"Node", bron},
        std::pair{"Gemeente", gemeente.empty() ? std::string("alle") : gemeente}}) {
    over.rows.push_back({Cell::Text(wat), Cell::Text(waarde)});
  }
  return over;
}

}  // namespace regiotafel::administratie
