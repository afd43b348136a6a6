// ControleerAdministratie: a good row becomes a complete AdministratieOvergenomen; every problem is
// named by row and column, a row with any problem is skipped as a whole, and a file whose columns
// cannot be told apart is refused before any row is checked. Event ids come from a row's content.
// Problems by row and column: controle_problemen_test.cc.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "base/uuid.h"
#include "contract/json.h"
#include "contract/validate.h"
#include "services/administratie/kolommen.h"
#include "services/administratie/rij_controle.h"
#include "tests/administratie/controle_test_util.h"
#include "tests/support/table_files.h"

namespace regiotafel::administratie {
namespace {

using table::Cell;
using testing::Beschrijvingen;
using testing::Controleer;
using testing::Dag;
using testing::MaakBlad;
using testing::Problemen;
using testing::Regel;

// ---- A good row

TEST(ControleTest, AGoodRowBecomesACompleteAdministratieOvergenomen) {
  const Controle c = Controleer(MaakBlad({Regel{}}));
  EXPECT_TRUE(c.in_orde()) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(c.rijen, 1u);
  EXPECT_EQ(c.afgekeurd, 0u);
  EXPECT_FALSE(c.onbruikbaar);
  EXPECT_TRUE(c.meldingen.empty()) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(c.ongebruikt, std::vector<std::string>{"Opmerkingen"});
  ASSERT_EQ(c.goed.size(), 1u);
  const Overname& o = c.goed[0];
  EXPECT_EQ(o.rij, 2u);
  EXPECT_TRUE(IsCanonicalUuid(o.event_id)) << o.event_id;

  v1::AdministratieOvergenomen verwacht;
  verwacht.set_datum("2026-06-01");  // the overnamedag
  verwacht.set_v_nummer("0123456789");
  verwacht.set_naam("Zoë Haddad");
  verwacht.set_bsn("111222333");
  verwacht.set_inschrijfnummer("IN-2026-77");
  verwacht.set_geboortedatum("1990-05-17");
  verwacht.set_verblijfplaats("AZC Dordrecht");
  verwacht.set_huishouden(3);
  verwacht.set_verwachte_nareizigers(1);
  verwacht.set_gemeente("gemeente:dordrecht");
  verwacht.set_datum_aanmelding("2026-02-03");
  verwacht.set_corporatie("corporatie:poort6");
  verwacht.set_woning_id("P6-0042");
  verwacht.set_woongemeente("gemeente:hendrik-ido-ambacht");
  verwacht.set_datum_huurcontract("2026-05-01");
  verwacht.set_datum_brp("2026-05-15");
  EXPECT_EQ(o.regel.DebugString(), verwacht.DebugString());
}

TEST(ControleTest, OrganisationsByNameOrIdRegardlessOfCaseAccentsAndSpaces) {
  struct Geval {
    std::string gemeente;
    std::string corporatie;
    std::string gemeente_id;
    std::string corporatie_id;
  };
  const std::vector<Geval> gevallen = {
      {"Dordrecht", "Poort 6", "gemeente:dordrecht", "corporatie:poort6"},
      {"  DORDRECHT ", "poort6", "gemeente:dordrecht", "corporatie:poort6"},
      {"gemeente:dordrecht", "corporatie:poort6", "gemeente:dordrecht", "corporatie:poort6"},
      {"Hendrik Ido Ambacht", "Trivire", "gemeente:hendrik-ido-ambacht", "corporatie:trivire"},
      {"Hendrik-Ido-Ambacht", "TRIVIRE", "gemeente:hendrik-ido-ambacht", "corporatie:trivire"},
      {"Héndrik-ído-Ambacht", "corporatie:trivire", "gemeente:hendrik-ido-ambacht", "corporatie:trivire"},
      {"gemeente:hendrik-ido-ambacht", "Tri Vire", "gemeente:hendrik-ido-ambacht", "corporatie:trivire"},
  };
  for (const Geval& g : gevallen) {
    SCOPED_TRACE(g.gemeente + " / " + g.corporatie);
    Regel r;
    r.gemeente = g.gemeente;
    r.woongemeente = g.gemeente;
    r.corporatie = g.corporatie;
    const Controle c = Controleer(MaakBlad({r}));
    ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
    EXPECT_EQ(c.goed[0].regel.gemeente(), g.gemeente_id);
    EXPECT_EQ(c.goed[0].regel.woongemeente(), g.gemeente_id);
    EXPECT_EQ(c.goed[0].regel.corporatie(), g.corporatie_id);
  }
}

TEST(ControleTest, DatesInEveryWayAClerkWritesThem) {
  const std::vector<std::pair<std::string, std::string>> gevallen = {
      {"03-02-2026", "2026-02-03"}, {"3-2-2026", "2026-02-03"},     {"2026-02-03", "2026-02-03"},
      {"2026-2-3", "2026-02-03"},   {"03/02/2026", "2026-02-03"},   {"3/2/2026", "2026-02-03"},
      {"03.02.2026", "2026-02-03"}, {" 03-02-2026 ", "2026-02-03"}, {"29-02-2024", "2024-02-29"},
  };
  for (const auto& [tekst, iso] : gevallen) {
    SCOPED_TRACE(tekst);
    Regel r;
    r.aanmelding = tekst;
    r.geboortedatum = tekst;
    r.brp = tekst;
    r.huurcontract = tekst;
    const Controle c = Controleer(MaakBlad({r}));
    ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
    EXPECT_EQ(c.goed[0].regel.datum_aanmelding(), iso);
    EXPECT_EQ(c.goed[0].regel.geboortedatum(), iso);
    EXPECT_EQ(c.goed[0].regel.datum_brp(), iso);
    EXPECT_EQ(c.goed[0].regel.datum_huurcontract(), iso);
  }
}

TEST(ControleTest, EmptyOptionalCellsStayEmptyAndNareizigersZero) {
  Regel r;
  r.naam = r.bsn = r.inschrijfnummer = r.geboortedatum = r.verblijfplaats = "";
  r.nareizigers = r.aanmelding = r.corporatie = r.woning = r.huurcontract = r.brp = r.woongemeente = "";
  const Controle c = Controleer(MaakBlad({r}));
  ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
  v1::AdministratieOvergenomen verwacht;
  verwacht.set_datum("2026-06-01");
  verwacht.set_v_nummer("0123456789");
  verwacht.set_huishouden(3);
  verwacht.set_gemeente("gemeente:dordrecht");
  EXPECT_EQ(c.goed[0].regel.DebugString(), verwacht.DebugString());
  EXPECT_TRUE(c.meldingen.empty()) << ::testing::PrintToString(Beschrijvingen(c));
}

TEST(ControleTest, ADatumHuurcontractMayLieAfterTheOvernamedag) {
  // A contract signed before the take-over may start after it; births, aanmeldingen and BRP may not.
  Regel r;
  r.huurcontract = "01-07-2026";
  r.brp = "";
  const Controle c = Controleer(MaakBlad({r}));
  ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(c.goed[0].regel.datum_huurcontract(), "2026-07-01");
}

TEST(ControleTest, TheOvernamedagItselfIsAllowed) {
  Regel r;
  r.geboortedatum = r.aanmelding = r.brp = "01-06-2026";
  const Controle c = Controleer(MaakBlad({r}));
  EXPECT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
}

// ---- Excel's cells: numbers, dates, and what Excel did to them

TEST(ControleTest, NumberAndDateCellsFromAWorkbook) {
  Blad blad = MaakBlad({Regel{}});
  std::vector<Cell>& cellen = blad.rijen[0].cellen;
  cellen[1] = Cell::Number(123456789);  // B: V-nummer 0123456789 without its leading zero
  cellen[3] = Cell::Number(12345672);   // D: BSN 012345672 likewise
  cellen[5] = Cell::Date(Dag("1990-05-17"));
  cellen[7] = Cell::Number(4);
  cellen[8] = Cell::Decimal(2.0);  // a whole number shown with decimals
  cellen[9] = Cell::Date(Dag("2026-02-03"));
  cellen[13] = Cell::Date(Dag("2026-05-01"));
  cellen[14] = Cell::Date(Dag("2026-05-15"));
  const Controle c = Controleer(blad);
  ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
  const v1::AdministratieOvergenomen& regel = c.goed[0].regel;
  EXPECT_EQ(regel.v_nummer(), "0123456789");
  EXPECT_EQ(regel.bsn(), "012345672");
  EXPECT_EQ(regel.geboortedatum(), "1990-05-17");
  EXPECT_EQ(regel.huishouden(), 4);
  EXPECT_EQ(regel.verwachte_nareizigers(), 2);
  EXPECT_EQ(regel.datum_aanmelding(), "2026-02-03");
  EXPECT_EQ(regel.datum_huurcontract(), "2026-05-01");
  EXPECT_EQ(regel.datum_brp(), "2026-05-15");
}

TEST(ControleTest, NumbersTypedWithSpacesOrDotsAreRead) {
  Regel r;
  r.v_nummer = "0123 456 789";
  r.bsn = "1112.22.333";
  const Controle c = Controleer(MaakBlad({r}));
  ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(c.goed[0].regel.v_nummer(), "0123456789");
  EXPECT_EQ(c.goed[0].regel.bsn(), "111222333");
}

TEST(ControleTest, TextIsTrimmedWithoutBreakingLettersThatEndInTheSameBytes) {
  // U+00A0 (no-break space) is C2 A0 in UTF-8; "à" is C3 A0 and Cyrillic "Р" D0 A0: only the space
  // may go, never the last byte of a letter.
  Regel r;
  r.naam = "\u00A0 Nicolà\u00A0";
  r.verblijfplaats = "ПЕТР";
  r.inschrijfnummer = "\u00A0\u00A0";
  const Controle c = Controleer(MaakBlad({r}));
  ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(c.goed[0].regel.naam(), "Nicolà");
  EXPECT_EQ(c.goed[0].regel.verblijfplaats(), "ПЕТР");
  EXPECT_EQ(c.goed[0].regel.inschrijfnummer(), "");
}
// ---- The file itself

// A Blad with `kopjes` and one row giving `waarden` under them.
Blad BladMet(std::vector<std::string> kopjes, std::vector<std::string> waarden) {
  Blad blad{"test", std::move(kopjes), {}};
  Rij rij{2, {}};
  for (std::string& w : waarden) rij.cellen.push_back(Cell::Text(std::move(w)));
  blad.rijen.push_back(std::move(rij));
  return blad;
}

TEST(ControleTest, AMissingRequiredColumnMakesTheFileUnusable) {
  const std::vector<std::pair<std::string, std::string>> verplicht = {
      {"V-nummer", "0123456789"}, {"Gemeente", "Dordrecht"}, {"Grootte huishouden", "2"}};
  for (size_t weg = 0; weg < verplicht.size(); ++weg) {
    SCOPED_TRACE(verplicht[weg].first);
    std::vector<std::string> kopjes, waarden;
    for (size_t i = 0; i < verplicht.size(); ++i) {
      if (i == weg) continue;
      kopjes.push_back(verplicht[i].first);
      waarden.push_back(verplicht[i].second);
    }
    kopjes.push_back("Naam");
    waarden.push_back("Zoë");
    const Controle c = Controleer(BladMet(kopjes, waarden));
    EXPECT_TRUE(c.onbruikbaar);
    EXPECT_FALSE(c.in_orde());
    EXPECT_TRUE(c.goed.empty()) << "no row checked";
    EXPECT_EQ(c.afgekeurd, 0u);
    EXPECT_EQ(c.rijen, 1u);
    const std::vector<Melding> problemen = Problemen(c);
    ASSERT_EQ(problemen.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
    EXPECT_EQ(problemen[0].rij, 0u);
    EXPECT_EQ(Beschrijf(problemen[0]), "bestand: de kolom " + verplicht[weg].first +
                                           " ontbreekt; zonder die kolom kan geen rij worden overgenomen");
    for (const Melding& m : c.meldingen) EXPECT_EQ(m.rij, 0u) << "nothing about a row: " << Beschrijf(m);
  }
}

TEST(ControleTest, TwoColumnsForTheSameKolomMakeTheFileUnusable) {
  const Controle c = Controleer(BladMet({"V-nr", "Gemeente", "Grootte huishouden", "V-nummer hoofdaanvrager"},
                                        {"0123456789", "Dordrecht", "2", "0123456789"}));
  EXPECT_TRUE(c.onbruikbaar);
  EXPECT_TRUE(c.goed.empty());
  EXPECT_EQ(c.afgekeurd, 0u);
  const std::vector<Melding> problemen = Problemen(c);
  ASSERT_EQ(problemen.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(
      Beschrijf(problemen[0]),
      "bestand: kolom A (V-nr) en kolom D (V-nummer hoofdaanvrager) zijn allebei V-nummer; laat er één over");
  EXPECT_TRUE(c.ongebruikt.empty());
}

TEST(ControleTest, OnlyTheRequiredColumnsIsEnoughAndTheRestIsNamed) {
  const Controle c =
      Controleer(BladMet({"Gemeente", "Opmerkingen", "", "Aantal personen", "V-nummer", "Fase"},
                         {"Dordrecht", "x", "y", "2", "0123456789", "z"}));
  EXPECT_TRUE(c.in_orde());
  ASSERT_EQ(c.goed.size(), 1u);
  EXPECT_EQ(c.goed[0].regel.huishouden(), 2);
  EXPECT_EQ(c.ongebruikt, (std::vector<std::string>{"Opmerkingen", "Fase"})) << "a blank header is no column";
  ASSERT_EQ(c.meldingen.size(), 1u);
  EXPECT_FALSE(c.meldingen[0].probleem);
  EXPECT_EQ(Beschrijf(c.meldingen[0]),
            "let op, bestand: niet in het bestand, dus leeg overgenomen: Naam, BSN, Inschrijfnummer, "
            "Geboortedatum, "
            "Verblijfplaats, Verwachte nareizigers, Datum aanmelding, Huisvestende corporatie, Gereserveerde "
            "woning, "
            "Datum huurcontract, Datum BRP, Woongemeente");
}

TEST(ControleTest, AnEmptyBladIsInOrderWithNothingToTakeOver) {
  Blad blad = MaakBlad({});
  const Controle c = Controleer(blad);
  EXPECT_TRUE(c.in_orde());
  EXPECT_EQ(c.rijen, 0u);
  EXPECT_TRUE(c.goed.empty());
}

// ---- Event ids and bodies

TEST(ControleTest, EventIdsComeFromTheRowsContent) {
  Regel tweede;
  tweede.v_nummer = "0123456780";
  tweede.naam = "Yonas Tesfay";
  const Blad blad = MaakBlad({Regel{}, tweede});
  const Controle a = Controleer(blad);
  const Controle b = Controleer(blad);
  ASSERT_EQ(a.goed.size(), 2u);
  ASSERT_EQ(b.goed.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_TRUE(IsCanonicalUuid(a.goed[i].event_id)) << a.goed[i].event_id;
    EXPECT_EQ(a.goed[i].event_id, b.goed[i].event_id) << "the same Blad gives the same ids";
  }
  EXPECT_NE(a.goed[0].event_id, a.goed[1].event_id);

  // Another day of take-over: another datum, the same ids (a second import adds nothing).
  const Controle later = Controleer(blad, Dag("2026-09-01"));
  ASSERT_EQ(later.goed.size(), 2u);
  EXPECT_EQ(later.goed[0].regel.datum(), "2026-09-01");
  EXPECT_EQ(later.goed[0].event_id, a.goed[0].event_id);
  EXPECT_EQ(later.goed[1].event_id, a.goed[1].event_id);

  // The same row on another line of another file: the same id.
  Blad verschoven = blad;
  verschoven.rijen[0].nummer = 40;
  verschoven.bron = "een andere";
  EXPECT_EQ(Controleer(verschoven).goed.at(0).event_id, a.goed[0].event_id);

  // Any fact of the row changed: another id. An unused column changed: the same.
  std::set<std::string> ids = {a.goed[0].event_id};
  const std::vector<void (*)(Regel&)> wijzigingen = {
      [](Regel& r) { r.naam = "Zoë Haddad-Ali"; },
      [](Regel& r) { r.bsn = "123456782"; },
      [](Regel& r) { r.inschrijfnummer = "IN-1"; },
      [](Regel& r) { r.geboortedatum = "18-05-1990"; },
      [](Regel& r) { r.verblijfplaats = "AZC Budel"; },
      [](Regel& r) { r.huishouden = "4"; },
      [](Regel& r) { r.nareizigers = "2"; },
      [](Regel& r) { r.aanmelding = "04-02-2026"; },
      [](Regel& r) { r.gemeente = "Hendrik Ido Ambacht"; },
      [](Regel& r) { r.corporatie = "Trivire"; },
      [](Regel& r) { r.woning = "P6-0043"; },
      [](Regel& r) { r.huurcontract = "02-05-2026"; },
      [](Regel& r) { r.brp = "16-05-2026"; },
      [](Regel& r) { r.woongemeente = "Dordrecht"; },
      [](Regel& r) { r.v_nummer = "0123456781"; },
  };
  for (auto wijzig : wijzigingen) {
    Regel r;
    wijzig(r);
    const Controle c = Controleer(MaakBlad({r}));
    ASSERT_EQ(c.goed.size(), 1u) << ::testing::PrintToString(Beschrijvingen(c));
    EXPECT_TRUE(ids.insert(c.goed[0].event_id).second)
        << "id seen before for " << c.goed[0].regel.DebugString();
  }
  Regel opmerking;
  opmerking.opmerking = "iets anders";
  EXPECT_EQ(Controleer(MaakBlad({opmerking})).goed.at(0).event_id, a.goed[0].event_id);
}

TEST(ControleTest, EventBodyParsesBackAndPassesTheContract) {
  Regel leeg;
  leeg.v_nummer = "0123456780";
  leeg.naam = leeg.bsn = leeg.geboortedatum = leeg.corporatie = leeg.woning = leeg.huurcontract = leeg.brp =
      "";
  const Controle c = Controleer(MaakBlad({Regel{}, leeg}));
  ASSERT_EQ(c.goed.size(), 2u);
  for (const Overname& o : c.goed) {
    SCOPED_TRACE(o.rij);
    const std::string body = EventBody(o);
    EXPECT_NE(body.find("\"administratie_overgenomen\""), std::string::npos) << body;
    v1::Envelope envelope;
    const Status parsed = contract::EnvelopeFromBody(body, &envelope);
    ASSERT_TRUE(parsed.ok()) << parsed.ToString() << "\n" << body;
    EXPECT_EQ(envelope.event_id(), o.event_id);
    ASSERT_TRUE(envelope.has_administratie_overgenomen());
    EXPECT_EQ(envelope.administratie_overgenomen().DebugString(), o.regel.DebugString());
    const Status valid = contract::ValidatePayload(envelope);
    EXPECT_TRUE(valid.ok()) << valid.ToString();
  }
  for (const Overname& o : c.goed) {
    EXPECT_EQ(EventBody(o).find('\n'), std::string::npos) << "one line: a batch's line, a JSONL line";
  }
}

// ---- From a file, as the import meets it

TEST(ControleTest, AWindows1252CsvFileIsCheckedByItsLineNumbers) {
  table::TempDir dir;
  const std::string path = dir.File("administratie.csv");
  table::WriteFile(path,
                   "V-nummer,Naam,Aantal personen,Gemeente,Datum BRP-inschrijving,Opmerkingen\r\n"  // 1
                   "0123456789,Zo\xEB Haddad,3,Hendrik-Ido-Ambacht,15-5-2026,\r\n"                  // 2
                   "\r\n"                                                                           // 3
                   "0123456780,Andr\xE9,nul,Dordrecht,,caf\xE9\r\n"                                 // 4
                   "123456781,\"Tesfay, Yonas\",1,Dordrecht,,\r\n");                                // 5
  Blad blad;
  ASSERT_TRUE(LeesOudeAdministratie(path, &blad).ok());
  const Controle c = Controleer(blad);
  EXPECT_EQ(c.rijen, 3u);
  EXPECT_EQ(c.afgekeurd, 2u);
  EXPECT_EQ(c.ongebruikt, std::vector<std::string>{"Opmerkingen"});
  ASSERT_EQ(c.goed.size(), 1u);
  EXPECT_EQ(c.goed[0].rij, 2u);
  EXPECT_EQ(c.goed[0].regel.naam(), "Zoë Haddad");
  EXPECT_EQ(c.goed[0].regel.gemeente(), "gemeente:hendrik-ido-ambacht");
  EXPECT_EQ(c.goed[0].regel.datum_brp(), "2026-05-15");
  const std::vector<Melding> problemen = Problemen(c);
  ASSERT_EQ(problemen.size(), 2u) << ::testing::PrintToString(Beschrijvingen(c));
  EXPECT_EQ(Beschrijf(problemen[0]), "rij 4, kolom C (Aantal personen) \"nul\": geen heel getal");
  // A CSV field is text: a V-nummer that lost its zero there is wrong, not repaired.
  EXPECT_EQ(Beschrijf(problemen[1]),
            "rij 5, kolom A (V-nummer) \"123456781\": een V-nummer heeft precies 10 cijfers");
}

}  // namespace
}  // namespace regiotafel::administratie
