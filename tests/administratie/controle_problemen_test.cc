// ControleerAdministratie's problems: each named by row and column and described as a sentence, a row
// with several problems skipped once, duplicates and V-nummers the region already has.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "base/date.h"
#include "services/administratie/kolommen.h"
#include "services/administratie/rij_controle.h"
#include "tests/administratie/controle_test_util.h"

namespace regiotafel::administratie {
namespace {

using table::Cell;
using testing::Beschrijvingen;
using testing::Controleer;
using testing::Dag;
using testing::MaakBlad;
using testing::Problemen;
using testing::Regel;

// ---- Every problem, by row and column

struct Probleemgeval {
  std::string naam;
  void (*zet)(Regel&);
  std::string kolom;   // as the report names it
  std::string waarde;  // as the report quotes it
  std::string woorden;
};

TEST(ControleTest, EveryProblemIsNamedByRowAndColumn) {
  const std::vector<Probleemgeval> gevallen = {
      {"BSN elfproef", [](Regel& r) { r.bsn = "123456789"; }, "D (BSN)", "123456789", "elfproef"},
      {"BSN 8 cijfers", [](Regel& r) { r.bsn = "12345678"; }, "D (BSN)", "12345678", "precies 9 cijfers"},
      {"BSN letters", [](Regel& r) { r.bsn = "12345678X"; }, "D (BSN)", "12345678X", "precies 9 cijfers"},
      {"V-nummer kort", [](Regel& r) { r.v_nummer = "012345678"; }, "B (V-nr)", "012345678",
       "precies 10 cijfers"},
      {"V-nummer lang", [](Regel& r) { r.v_nummer = "01234567890"; }, "B (V-nr)", "01234567890",
       "precies 10 cijfers"},
      {"V-nummer ontbreekt", [](Regel& r) { r.v_nummer = " "; }, "B (V-nr)", "", "ontbreekt"},
      {"31 februari", [](Regel& r) { r.geboortedatum = "31-02-2026"; }, "F (Geboortedatum)", "31-02-2026",
       "die datum bestaat niet"},
      {"gisteren", [](Regel& r) { r.aanmelding = "gisteren"; }, "J (Datum aanmelding)", "gisteren",
       "geen datum als dd-mm-jjjj"},
      {"jaar in twee cijfers", [](Regel& r) { r.geboortedatum = "17-05-90"; }, "F (Geboortedatum)",
       "17-05-90", "geen datum als dd-mm-jjjj"},
      {"gemengde scheidingstekens", [](Regel& r) { r.brp = "15-05/2026"; }, "O (Datum BRP)", "15-05/2026",
       "geen datum"},
      {"geboren na de overname", [](Regel& r) { r.geboortedatum = "02-06-2026"; }, "F (Geboortedatum)",
       "02-06-2026", "ligt na de dag van de overname (01-06-2026)"},
      {"aangemeld na de overname", [](Regel& r) { r.aanmelding = "2026-12-01"; }, "J (Datum aanmelding)",
       "2026-12-01", "ligt na de dag van de overname"},
      {"BRP na de overname", [](Regel& r) { r.brp = "02-06-2026"; }, "O (Datum BRP)", "02-06-2026",
       "ligt na de dag van de overname"},
      {"huishouden 0", [](Regel& r) { r.huishouden = "0"; }, "H (Grootte huishouden)", "0",
       "minstens 1 persoon"},
      {"huishouden drie", [](Regel& r) { r.huishouden = "drie"; }, "H (Grootte huishouden)", "drie",
       "geen heel getal"},
      {"huishouden 2,5", [](Regel& r) { r.huishouden = "2,5"; }, "H (Grootte huishouden)", "2,5",
       "geen heel getal"},
      {"huishouden leeg", [](Regel& r) { r.huishouden = ""; }, "H (Grootte huishouden)", "", "ontbreekt"},
      {"huishouden 1000", [](Regel& r) { r.huishouden = "1000"; }, "H (Grootte huishouden)", "1000",
       "meer dan 999"},
      {"nareizigers negatief", [](Regel& r) { r.nareizigers = "-1"; }, "I (Verwachte nareizigers)", "-1",
       "negatief"},
      {"onbekende gemeente", [](Regel& r) { r.gemeente = "Rotterdam"; }, "K (Gemeente)", "Rotterdam",
       "onbekende gemeente; de regio kent dordrecht, hendrik-ido-ambacht"},
      {"gemeente ontbreekt", [](Regel& r) { r.gemeente = ""; }, "K (Gemeente)", "", "ontbreekt"},
      {"regio is geen gemeente", [](Regel& r) { r.gemeente = "regio:drechtsteden"; }, "K (Gemeente)",
       "regio:drechtsteden", "onbekende gemeente"},
      {"onbekende woongemeente", [](Regel& r) { r.woongemeente = "Zwijndrecht"; }, "P (Woongemeente)",
       "Zwijndrecht", "onbekende gemeente; de regio kent dordrecht, hendrik-ido-ambacht"},
      {"onbekende corporatie", [](Regel& r) { r.corporatie = "Woonbron"; }, "L (Huisvestende corporatie)",
       "Woonbron", "onbekende corporatie; de regio kent trivire, poort6"},
      {"gemeente als corporatie", [](Regel& r) { r.corporatie = "Dordrecht"; }, "L (Huisvestende corporatie)",
       "Dordrecht", "onbekende corporatie"},
      {"woning met spatie", [](Regel& r) { r.woning = "P6 0042"; }, "M (Gereserveerde woning)", "P6 0042",
       "geen spaties"},
      {"naam te lang", [](Regel& r) { r.naam = std::string(501, 'a'); }, "A (Naam)", std::string(501, 'a'),
       "langer dan 500 bytes"},
  };
  for (const Probleemgeval& g : gevallen) {
    SCOPED_TRACE(g.naam);
    Regel goed;
    Regel fout;
    fout.v_nummer = "0123456780";  // not the good row's
    g.zet(fout);
    const Controle c = Controleer(MaakBlad({goed, fout}));  // the bad row is row 3
    EXPECT_EQ(c.rijen, 2u);
    EXPECT_EQ(c.afgekeurd, 1u);
    EXPECT_FALSE(c.onbruikbaar);
    EXPECT_FALSE(c.in_orde());
    ASSERT_EQ(c.goed.size(), 1u) << "only the good row";
    EXPECT_EQ(c.goed[0].rij, 2u);
    const std::vector<Melding> problemen = Problemen(c);
    ASSERT_EQ(problemen.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
    const Melding& m = problemen[0];
    EXPECT_EQ(m.rij, 3u);
    EXPECT_EQ(m.kolom, g.kolom);
    EXPECT_EQ(m.waarde, g.waarde);
    EXPECT_NE(m.tekst.find(g.woorden), std::string::npos) << m.tekst;
    const std::string tekst = Beschrijf(m);
    const std::string begin =
        "rij 3, kolom " + g.kolom + (g.waarde.empty() ? "" : " \"" + g.waarde + "\"") + ": ";
    EXPECT_TRUE(tekst.starts_with(begin)) << tekst;
    EXPECT_NE(tekst.find(g.woorden), std::string::npos) << tekst;
  }
}

TEST(ControleTest, BeschrijfReadsAsASentence) {
  Regel fout;
  fout.bsn = "123456789";
  Controle c = Controleer(MaakBlad({fout}));
  ASSERT_EQ(c.meldingen.size(), 1u);
  EXPECT_EQ(Beschrijf(c.meldingen[0]), "rij 2, kolom D (BSN) \"123456789\": dit BSN haalt de elfproef niet");

  fout = Regel{};
  fout.v_nummer = "";
  c = Controleer(MaakBlad({fout}));
  ASSERT_EQ(c.meldingen.size(), 1u);
  EXPECT_EQ(Beschrijf(c.meldingen[0]), "rij 2, kolom B (V-nr): ontbreekt");

  EXPECT_EQ(Beschrijf(Melding{0, "", "", "de kolom Gemeente ontbreekt", true}),
            "bestand: de kolom Gemeente ontbreekt");
  EXPECT_EQ(Beschrijf(Melding{7, "", "", "iets", false}), "let op, rij 7: iets");
}

TEST(ControleTest, ADateCellOutsideTheContractsYearsOrANumberInADateColumn) {
  Blad blad = MaakBlad({Regel{}, Regel{}});
  blad.rijen[0].cellen[5] = Cell::Date(Dag("1900-01-01") - 1);  // F: Geboortedatum in 1899
  blad.rijen[1].cellen[1] = Cell::Text("0123456780");
  blad.rijen[1].cellen[9] = Cell::Number(46056);  // J: Excel's serial number of a date, as a number
  const Controle c = Controleer(blad);
  EXPECT_EQ(c.afgekeurd, 2u);
  ASSERT_EQ(c.meldingen.size(), 2u) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(c.meldingen[0].rij, 2u);
  EXPECT_EQ(c.meldingen[0].kolom, "F (Geboortedatum)");
  EXPECT_NE(c.meldingen[0].tekst.find("buiten 1900"), std::string::npos) << c.meldingen[0].tekst;
  EXPECT_EQ(c.meldingen[1].rij, 3u);
  EXPECT_EQ(c.meldingen[1].kolom, "J (Datum aanmelding)");
  EXPECT_EQ(c.meldingen[1].waarde, "46056");
  EXPECT_NE(c.meldingen[1].tekst.find("een getal, geen datum"), std::string::npos) << c.meldingen[1].tekst;
}

TEST(ControleTest, ADuplicateVNummerPointsAtTheFirstRow) {
  Regel tweede;
  tweede.v_nummer = "0123456780";
  Regel nog_eens;  // the first row's V-nummer again, with another name
  nog_eens.naam = "Z. Haddad";
  Blad blad = MaakBlad({Regel{}, tweede});
  blad.rijen.push_back(Rij{9, nog_eens.Cellen()});  // row 9: rows 4–8 were empty
  const Controle c = Controleer(blad);
  ASSERT_EQ(c.goed.size(), 2u);
  EXPECT_EQ(c.goed[0].rij, 2u);
  EXPECT_EQ(c.goed[1].rij, 3u);
  EXPECT_EQ(c.afgekeurd, 1u);
  EXPECT_EQ(
      Beschrijvingen(c),
      std::vector<std::string>{"rij 9, kolom B (V-nr) \"0123456789\": dit V-nummer staat ook al op rij 2"});
}

// Against the region: a V-nummer with a dossier there is skipped unless this very row was taken over
// before (then posting it again adds nothing).
TEST(ControleTest, AVNummerThatHasADossierInTheRegionIsSkippedUnlessThisRowWasTakenOver) {
  Regel eerder, gewijzigd, nieuw;
  eerder.v_nummer = "0123456780";
  gewijzigd.huishouden = "4";  // the first row's V-nummer (0123456789), corrected in Excel
  nieuw.v_nummer = "0123456781";
  Controle c = Controleer(MaakBlad({eerder, gewijzigd, nieuw}));
  ASSERT_EQ(c.goed.size(), 3u);
  const std::string eerder_id = c.goed[0].event_id;
  std::vector<std::string> gevraagd;
  SlaBestaandeDossiersOver(
      {"0123456780", "0123456789", "0000000001"},
      [&](const Overname& o) {
        gevraagd.push_back(o.regel.v_nummer());
        return o.event_id == eerder_id;
      },
      &c);
  EXPECT_EQ(gevraagd, (std::vector<std::string>{"0123456780", "0123456789"}))
      << "only rows with a dossier are asked";
  ASSERT_EQ(c.goed.size(), 2u);
  EXPECT_EQ(c.goed[0].rij, 2u) << "taken over before: stays, adds nothing";
  EXPECT_EQ(c.goed[1].rij, 4u) << "no dossier yet";
  EXPECT_EQ(c.afgekeurd, 1u);
  ASSERT_EQ(Problemen(c).size(), 1u);
  EXPECT_EQ(Problemen(c)[0].rij, 3u);
  EXPECT_EQ(Problemen(c)[0].kolom, "B (V-nr)");
  EXPECT_NE(Beschrijf(Problemen(c)[0])
                .find("rij 3, kolom B (V-nr) \"0123456789\": dit V-nummer heeft al een dossier"),
            std::string::npos)
      << Beschrijf(Problemen(c)[0]);
}

TEST(ControleTest, ARowWithSeveralProblemsGetsThemAllAndIsSkippedOnce) {
  Regel fout;
  fout.v_nummer = "0123456781";
  fout.bsn = "12345678";
  fout.huishouden = "drie";
  fout.gemeente = "Rotterdam";
  fout.geboortedatum = "31-02-1990";
  Regel ook_fout;
  ook_fout.v_nummer = "0123456780";
  ook_fout.woning = "P6 42";
  const Controle c = Controleer(MaakBlad({Regel{}, fout, ook_fout}));
  EXPECT_EQ(c.rijen, 3u);
  EXPECT_EQ(c.afgekeurd, 2u) << "rows, not problems";
  ASSERT_EQ(c.goed.size(), 1u);
  EXPECT_EQ(c.goed[0].rij, 2u);
  EXPECT_EQ(Beschrijvingen(c),
            (std::vector<std::string>{
                "rij 3, kolom D (BSN) \"12345678\": een BSN heeft precies 9 cijfers",
                "rij 3, kolom F (Geboortedatum) \"31-02-1990\": die datum bestaat niet",
                "rij 3, kolom H (Grootte huishouden) \"drie\": geen heel getal",
                "rij 3, kolom K (Gemeente) \"Rotterdam\": onbekende gemeente; de regio kent "
                "dordrecht, hendrik-ido-ambacht",
                "rij 4, kolom M (Gereserveerde woning) \"P6 42\": een woning-ID heeft 1 tot 64 "
                "letters, cijfers en . _ / - (geen spaties)",
            }));
}

TEST(ControleTest, ARowsProblemsComeInTheFilesColumnOrder) {
  // Here Gemeente (K) stands left of the corporatie (L) and V-nr (B) right of Naam (A): the clerk reads
  // the report along the row, whatever order the checks run in.
  Regel fout;
  fout.naam = std::string(501, 'x');
  fout.v_nummer = "12";
  fout.corporatie = "Woonbron";
  fout.gemeente = "Rotterdam";
  fout.woongemeente = "Zwijndrecht";
  const Controle c = Controleer(MaakBlad({fout}));
  std::vector<std::string> kolommen;
  for (const Melding& m : c.meldingen) kolommen.push_back(m.kolom);
  EXPECT_EQ(kolommen, (std::vector<std::string>{"A (Naam)", "B (V-nr)", "K (Gemeente)",
                                                "L (Huisvestende corporatie)", "P (Woongemeente)"}));
}

TEST(ControleTest, AWoningWithoutHuurcontractIsARemarkAndTheRowStays) {
  Regel r;
  r.huurcontract = "";
  r.brp = "";
  const Controle c = Controleer(MaakBlad({r}));
  EXPECT_TRUE(c.in_orde());
  EXPECT_EQ(c.afgekeurd, 0u);
  ASSERT_EQ(c.goed.size(), 1u);
  EXPECT_EQ(c.goed[0].regel.woning_id(), "P6-0042");
  EXPECT_EQ(c.goed[0].regel.corporatie(), "corporatie:poort6");
  ASSERT_EQ(c.meldingen.size(), 1u);
  const Melding& m = c.meldingen[0];
  EXPECT_FALSE(m.probleem);
  EXPECT_EQ(m.rij, 2u);
  EXPECT_TRUE(Beschrijf(m).starts_with("let op, rij 2: ")) << Beschrijf(m);
  EXPECT_NE(m.tekst.find("GEKOPPELD"), std::string::npos) << m.tekst;

  // A corporatie alone is reason enough; a row with a problem gets no remark besides.
  r.woning = "";
  Regel fout = r;
  fout.v_nummer = "0123456780";
  fout.bsn = "123456789";
  const Controle c2 = Controleer(MaakBlad({r, fout}));
  ASSERT_EQ(c2.meldingen.size(), 2u) << ::testing::PrintToString(Beschrijvingen(c2));
  EXPECT_FALSE(c2.meldingen[0].probleem);
  EXPECT_EQ(c2.meldingen[0].rij, 2u);
  EXPECT_TRUE(c2.meldingen[1].probleem);
  EXPECT_EQ(c2.meldingen[1].rij, 3u);
}

}  // namespace
}  // namespace regiotafel::administratie
