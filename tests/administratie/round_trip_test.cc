// The round trip of issue 8 at the library's level: a region's dossiers as the overview a clerk gets
// (Overzicht, written as .xlsx and as CSV), read back and checked as an old administration, and every
// row taken over as an AdministratieOvergenomen into a fresh Projection: the dossiers view that comes
// out equals the one that went in, on everything the old file carries.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "projections/projection.h"
#include "services/administratie/kolommen.h"
#include "services/administratie/oude_administratie.h"
#include "services/administratie/overzicht.h"
#include "services/administratie/rij_controle.h"
#include "services/table/csv.h"
#include "services/table/xlsx.h"
#include "tests/support/table_files.h"
#include "tests/support/test_events.h"

namespace regiotafel::administratie {
namespace {

using projections::AsOf;
using projections::Projection;
using projections::testing::Log;
using table::Cell;
namespace ev = ::regiotafel::simulation;

const std::vector<std::string> kOrganisaties = {"regio:drechtsteden", "gemeente:dordrecht",
                                                "gemeente:hendrik-ido-ambacht", "corporatie:trivire",
                                                "corporatie:poort6"};
const char kPeildatum[] = "2025-06-30";

int32_t Dag(const char* iso) { return *ParseDate(iso); }

// The v_nummers of the region below, by the fase they are in at kPeildatum.
constexpr char kGekoppeld[] = "1000000001";
constexpr char kMetNul[] = "0000000005";  // GEKOPPELD; a V-nummer that only text keeps
constexpr char kHuurcontract[] = "1000000002";
constexpr char kIngeschreven[] = "1000000003";
constexpr char kGereserveerd[] = "1000000004";

v1::Envelope Met(v1::Envelope e, const std::string& naam, const std::string& verblijfplaats) {
  e.mutable_aanmelding()->set_naam(naam);
  e.mutable_aanmelding()->set_verblijfplaats(verblijfplaats);
  return e;
}

// Households in two gemeenten, each in another fase; woningen of both corporaties, one of them in
// another gemeente than the household's, so that woongemeente is not just the gemeente.
Log Regio() {
  Log log;
  log.Add(Met(ev::Aanmelding("2025-01-10", kGekoppeld, ev::kDordrecht, 2, 1), "Amina Yusuf", "AZC Dordrecht"))
      .Add(Met(ev::Aanmelding("2025-02-14", kMetNul, ev::kHiA, 0, 0), "Zoë Haddad-Ñúñez", "AZC Gilze"))
      .Add(Met(ev::Aanmelding("2025-02-01", kHuurcontract, ev::kHiA, 0, 2), "Yonas Tesfay", "AZC Budel"))
      .Add(Met(ev::Aanmelding("2025-01-15", kIngeschreven, ev::kDordrecht, 3, 0), "Hamid Karimi",
               "AZC Dordrecht"))
      .Add(Met(ev::Aanmelding("2025-03-03", kGereserveerd, ev::kHiA, 1, 0), "Lina Ahmadi", "AZC Budel"))
      .Add(ev::WoningAangeboden("2025-02-10", "P6-0042", ev::kPoort6, ev::kHiA, 2, "2025-03-01"))
      .Add(ev::WoningAangeboden("2025-01-20", "TRV/2025.07", ev::kTrivire, ev::kHiA, 5, "2025-02-15"))
      .Add(ev::WoningAangeboden("2025-04-01", "P6-0050", ev::kPoort6, ev::kHiA, 3, "2025-07-01"))
      .Add(ev::Reservering("2025-03-01", kHuurcontract, "P6-0042", ev::kPoort6, 1))
      .Add(ev::Huurcontract("2025-03-10", kHuurcontract, "P6-0042", ev::kPoort6, "2025-04-01", 1))
      .Add(ev::NareizigersGearriveerd("2025-05-01", kHuurcontract, 1))
      .Add(ev::Reservering("2025-02-01", kIngeschreven, "TRV/2025.07", ev::kTrivire, 4))
      .Add(ev::Huurcontract("2025-02-10", kIngeschreven, "TRV/2025.07", ev::kTrivire, "2025-03-01", 4))
      .Add(ev::BrpInschrijving("2025-03-20", kIngeschreven, ev::kHiA))
      .Add(ev::Reservering("2025-05-01", kGereserveerd, "P6-0050", ev::kPoort6, 2));
  return log;
}

// The fields the old file carries, one line per dossier.
std::string Regel(const v1::Dossier& d) {
  return d.v_nummer() + " | " + d.naam() + " | " + d.gemeente() + " | " + d.koppeldatum() + " | " +
         std::to_string(d.huishouden()) + " | " + std::to_string(d.verwachte_nareizigers()) + " | " +
         d.verblijfplaats() + " | " + v1::Dossier::Fase_Name(d.fase()) + " | " + d.woning_id() + " | " +
         d.corporatie() + " | " + d.woongemeente() + " | " + d.datum_huurcontract() + " | " + d.datum_brp();
}

std::map<std::string, std::string> Regels(const v1::DossiersView& view) {
  std::map<std::string, std::string> out;
  for (const v1::Dossier& d : view.dossiers()) out[d.v_nummer()] = Regel(d);
  return out;
}

// Every Overname applied, as the node would commit it, to a fresh Projection.
Projection NeemOver(const Controle& controle) {
  Projection projection;
  uint64_t position = 0;
  for (const Overname& o : controle.goed) {
    v1::Envelope e;
    e.set_event_id(o.event_id);
    e.set_origin("regio:drechtsteden");
    *e.mutable_administratie_overgenomen() = o.regel;
    const Status s = projection.Apply(++position, e);
    EXPECT_TRUE(s.ok()) << s.ToString() << " for row " << o.rij;
  }
  return projection;
}

std::vector<std::string> Problemen(const Controle& c) {
  std::vector<std::string> out;
  for (const Melding& m : c.meldingen) {
    if (m.probleem) out.push_back(Beschrijf(m));
  }
  return out;
}

class RoundTripTest : public ::testing::Test {
 protected:
  void SetUp() override {
    origineel_ = Regio().Fold();
    view_ = origineel_.Dossiers(AsOf{Dag(kPeildatum), projections::kWholeLog});
    // The region is what the test means it to be before anything is exported.
    std::map<std::string, v1::Dossier::Fase> fases;
    for (const v1::Dossier& d : view_.dossiers()) fases[d.v_nummer()] = d.fase();
    ASSERT_EQ(fases, (std::map<std::string, v1::Dossier::Fase>{{kMetNul, v1::Dossier::GEKOPPELD},
                                                               {kGekoppeld, v1::Dossier::GEKOPPELD},
                                                               {kHuurcontract, v1::Dossier::HUURCONTRACT},
                                                               {kIngeschreven, v1::Dossier::INGESCHREVEN},
                                                               {kGereserveerd, v1::Dossier::GERESERVEERD}}));
  }

  // The whole trip through the file at `path` (written by the caller): read, check, take over.
  void ExpectRoundTrip(const std::string& path, std::vector<std::string>* event_ids) {
    Blad blad;
    const Status gelezen = LeesOudeAdministratie(path, &blad);
    ASSERT_TRUE(gelezen.ok()) << gelezen.ToString();
    EXPECT_EQ(blad.rijen.size(), static_cast<size_t>(view_.dossiers_size()));

    const Controle controle = ControleerAdministratie(blad, kOrganisaties, Dag(kPeildatum));
    EXPECT_TRUE(controle.in_orde());
    EXPECT_EQ(Problemen(controle), std::vector<std::string>{});
    EXPECT_EQ(controle.ongebruikt, (std::vector<std::string>{"Fase", "Signalen"}));
    ASSERT_EQ(controle.goed.size(), static_cast<size_t>(view_.dossiers_size()));
    for (const Overname& o : controle.goed) event_ids->push_back(o.event_id);

    // The only remark: the active reservering, which the take-over cannot express.
    ASSERT_EQ(controle.meldingen.size(), 1u);
    const Melding& opmerking = controle.meldingen[0];
    EXPECT_FALSE(opmerking.probleem);
    uint64_t rij_gereserveerd = 0;
    for (const Overname& o : controle.goed) {
      if (o.regel.v_nummer() == kGereserveerd) rij_gereserveerd = o.rij;
    }
    EXPECT_EQ(opmerking.rij, rij_gereserveerd);
    EXPECT_NE(opmerking.tekst.find("GEKOPPELD"), std::string::npos) << opmerking.tekst;

    const Projection overgenomen = NeemOver(controle);
    const v1::DossiersView terug = overgenomen.Dossiers(AsOf{Dag(kPeildatum), projections::kWholeLog});
    std::map<std::string, std::string> verwacht = Regels(view_);
    std::map<std::string, std::string> gekregen = Regels(terug);
    ASSERT_EQ(verwacht.size(), 5u);
    ASSERT_EQ(gekregen.size(), 5u);
    // GEKOPPELD, HUURCONTRACT and INGESCHREVEN come back as they were, field for field.
    for (const char* v : {kGekoppeld, kMetNul, kHuurcontract, kIngeschreven}) {
      EXPECT_EQ(gekregen[v], verwacht[v]);
    }
    // A GERESERVEERD dossier comes back GEKOPPELD, without the reservering's woning.
    v1::Dossier was, is;
    ASSERT_TRUE(origineel_.Dossier(kGereserveerd, AsOf{Dag(kPeildatum), projections::kWholeLog}, &was).ok());
    ASSERT_TRUE(overgenomen.Dossier(kGereserveerd, AsOf{Dag(kPeildatum), projections::kWholeLog}, &is).ok());
    EXPECT_EQ(is.fase(), v1::Dossier::GEKOPPELD);
    EXPECT_EQ(is.woning_id(), "");
    EXPECT_EQ(is.corporatie(), "");
    EXPECT_EQ(was.woning_id(), "P6-0050");
    was.set_fase(v1::Dossier::GEKOPPELD);
    was.clear_woning_id();
    was.clear_corporatie();
    EXPECT_EQ(Regel(is), Regel(was)) << "the rest of it is as it was";
  }

  Projection origineel_;
  v1::DossiersView view_;
  table::TempDir dir_;
};

TEST_F(RoundTripTest, OverzichtHasTheOldFilesColumnsThenFaseAndSignalen) {
  const table::Table t = Overzicht(view_);
  std::vector<std::string> kopjes;
  for (Kolom k : kKolommen) kopjes.emplace_back(KolomNaam(k));
  kopjes.emplace_back("Fase");
  kopjes.emplace_back("Signalen");
  EXPECT_EQ(t.columns, kopjes);
  EXPECT_TRUE(table::CheckShape(t).ok());
  ASSERT_EQ(t.rows.size(), 5u);
  // In the view's order (by v_nummer); texts as text, counts as numbers, dates as dates.
  const std::vector<Cell>& eerste = t.rows[0];
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kVNummer)], Cell::Text(kMetNul));
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kNaam)], Cell::Text("Zoë Haddad-Ñúñez"));
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kHuishouden)], Cell::Number(1));
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kDatumAanmelding)], Cell::Date(Dag("2025-02-14")));
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kBsn)], Cell::Text(""))
      << "an overview by e-mail carries no BSN";
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kGeboortedatum)], Cell::Text(""));
  EXPECT_EQ(eerste[static_cast<size_t>(Kolom::kDatumHuurcontract)], Cell::Text(""));
  EXPECT_EQ(eerste[15], Cell::Text("gekoppeld"));
  const std::vector<Cell>& ingeschreven = t.rows[3];
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kVNummer)], Cell::Text(kIngeschreven));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kHuishouden)], Cell::Number(4));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kWoning)], Cell::Text("TRV/2025.07"));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kCorporatie)], Cell::Text("corporatie:trivire"));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kGemeente)], Cell::Text("gemeente:dordrecht"));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kWoongemeente)],
            Cell::Text("gemeente:hendrik-ido-ambacht"));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kDatumHuurcontract)], Cell::Date(Dag("2025-03-01")));
  EXPECT_EQ(ingeschreven[static_cast<size_t>(Kolom::kDatumBrp)], Cell::Date(Dag("2025-03-20")));
  EXPECT_EQ(ingeschreven[15], Cell::Text("ingeschreven"));
  EXPECT_EQ(t.rows[4][15], Cell::Text("gereserveerd"));
}

TEST_F(RoundTripTest, ThroughAWorkbookAndThroughCsvTheDossiersComeBack) {
  const table::Table t = Overzicht(view_);
  const std::string xlsx = dir_.File("dossiers.xlsx");
  ASSERT_TRUE(table::WriteXlsx({t}, xlsx).ok());
  const std::string csv = dir_.File("dossiers.csv");
  {
    std::ofstream out(csv, std::ios::binary);
    ASSERT_TRUE(table::WriteCsv(t, out).ok());
  }
  std::vector<std::string> via_xlsx, via_csv;
  {
    SCOPED_TRACE("xlsx");
    ExpectRoundTrip(xlsx, &via_xlsx);
  }
  {
    SCOPED_TRACE("csv");
    ExpectRoundTrip(csv, &via_csv);
  }
  // Dates and numbers as cells or as text: the same rows, so the same events.
  EXPECT_EQ(via_xlsx.size(), 5u);
  EXPECT_EQ(via_xlsx, via_csv);
}

TEST_F(RoundTripTest, TheOverviewOfATakenOverRegionGivesTheSameEventsAgain) {
  // The overview of the taken-over region, exported and taken over again: the same rows, the same ids.
  const std::string eerste = dir_.File("eerste.xlsx");
  ASSERT_TRUE(table::WriteXlsx({Overzicht(view_)}, eerste).ok());
  Blad blad;
  ASSERT_TRUE(LeesOudeAdministratie(eerste, &blad).ok());
  const Controle een = ControleerAdministratie(blad, kOrganisaties, Dag(kPeildatum));
  const Projection overgenomen = NeemOver(een);

  const std::string tweede = dir_.File("tweede.xlsx");
  ASSERT_TRUE(table::WriteXlsx(
                  {Overzicht(overgenomen.Dossiers(AsOf{Dag(kPeildatum), projections::kWholeLog}))}, tweede)
                  .ok());
  ASSERT_TRUE(LeesOudeAdministratie(tweede, &blad).ok());
  const Controle twee = ControleerAdministratie(blad, kOrganisaties, Dag("2025-07-15"));
  EXPECT_EQ(Problemen(twee), std::vector<std::string>{});
  ASSERT_EQ(twee.goed.size(), een.goed.size());
  for (size_t i = 0; i < een.goed.size(); ++i) {
    SCOPED_TRACE(een.goed[i].regel.v_nummer());
    if (een.goed[i].regel.v_nummer() == kGereserveerd) {
      // Its reservering did not come over, so its row lost the woning: another row, another id.
      EXPECT_NE(twee.goed[i].event_id, een.goed[i].event_id);
    } else {
      EXPECT_EQ(twee.goed[i].event_id, een.goed[i].event_id);
    }
  }
}

}  // namespace
}  // namespace regiotafel::administratie
