// A hand-worked half year (2025-H1) of the Drechtsteden region: five gemeenten, three corporaties,
// eleven households. Every expected figure below was worked out by hand from the events; the
// working is in the comments.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <random>

#include "tests/support/test_events.h"

namespace regiotafel::projections::testing {
namespace {

constexpr char D[] = "gemeente:dordrecht";
constexpr char Z[] = "gemeente:zwijndrecht";
constexpr char A[] = "gemeente:alblasserdam";
constexpr char H[] = "gemeente:hendrik-ido-ambacht";
constexpr char Pa[] = "gemeente:papendrecht";
constexpr char T[] = "corporatie:trivire";
constexpr char W[] = "corporatie:woonbron";
constexpr char P6[] = "corporatie:poort6";

// The households.
constexpr char H1[] = "0000000101";   // Dordrecht, 4 persons, housed in Dordrecht, ingeschreven
constexpr char H2[] = "0000000102";   // Dordrecht, 2 + 2 nareizigers, housed in Zwijndrecht, overgeboekt
constexpr char H3[] = "0000000103";   // Zwijndrecht, 3 persons, housed in Papendrecht, no BRP yet
constexpr char H4[] = "0000000104";   // Alblasserdam, 5 + 1 expected, reserved a home for 5
constexpr char H5[] = "0000000105";   // Hendrik-Ido-Ambacht, 2 persons, waiting
constexpr char H6[] = "0000000106";   // Dordrecht, 1 person, refused a home, contract from 1 July
constexpr char H7[] = "0000000107";   // Papendrecht, from the old Excel: housed in 2024
constexpr char H8[] = "0000000108";   // Zwijndrecht, reservering and woning reported late
constexpr char H9[] = "0000000109";   // only a BRP-inschrijving by Papendrecht: onvolledig
constexpr char H10[] = "0000000110";  // Hendrik-Ido-Ambacht → herkoppeld to Alblasserdam, housed there
constexpr char H11[] = "0000000111";  // Papendrecht, closed (zelf huisvesting)

class DrechtstedenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    using F = v1::BegeleidingFase;
    // Figures for the half year.
    log_.Add(Taakstelling("2024-12-15", D, "2025-H1", 30, -4));  // 4 behind from 2024-H2
    log_.Add(Taakstelling("2024-12-15", Z, "2025-H1", 12));
    log_.Add(Taakstelling("2024-12-15", A, "2025-H1", 6));
    log_.Add(Taakstelling("2024-12-15", H, "2025-H1", 8, 2));  // 2 ahead
    log_.Add(Taakstelling("2024-12-15", Pa, "2025-H1", 10));
    log_.Add(CorporatieAfspraak("2024-12-20", T, "2025-H1", 12));
    log_.Add(CorporatieAfspraak("2024-12-20", W, "2025-H1", 6));
    log_.Add(CorporatieAfspraak("2024-12-20", P6, "2025-H1", 4));
    // January.
    log_.Add(Aanmelding("2025-01-06", H1, D, 3));
    log_.Add(Aanmelding("2025-01-08", H10, H, 2));
    AdminRow h7;
    h7.datum = "2025-01-10";
    h7.v_nummer = H7;
    h7.huishouden = 3;
    h7.gemeente = Pa;
    h7.datum_aanmelding = "2024-10-01";
    h7.corporatie = T;
    h7.woning_id = "OUD-P-7";
    h7.woongemeente = Pa;
    h7.datum_huurcontract = "2024-12-15";
    h7.datum_brp = "2025-01-05";
    log_.Add(Administratie(h7));
    log_.Add(Aanmelding("2025-01-13", H2, D, 1, 2));
    log_.Add(WoningAangeboden("2025-01-15", "T-D-1", T, D, 5, "2025-02-01"));
    log_.Add(Aanmelding("2025-01-20", H3, Z, 2));
    log_.Add(BegeleidingFase("2025-01-20", H7, F::INTEGRATIE_PARTICIPATIE));
    log_.Add(Reservering("2025-01-20", H1, "T-D-1", T, 4));
    log_.Add(WoningAangeboden("2025-01-20", "W-Z-3", W, Z, 2, "2025-02-01"));
    log_.Add(BegeleidingFase("2025-01-22", H1, F::PRE_VESTIGING));
    log_.Add(Aanmelding("2025-01-27", H11, Pa));
    log_.Add(Huurcontract("2025-01-28", H1, "T-D-1", T, "2025-02-01", 4));
    // February.
    log_.Add(Taakstelling("2025-02-01", Z, "2025-H1", 14));  // corrected from 12
    log_.Add(Aanmelding("2025-02-03", H4, A, 4, 1));
    log_.Add(Uitstroom("2025-02-05", H1, 4));
    log_.Add(BegeleidingFase("2025-02-05", H1, F::COACHING_VESTIGING));
    log_.Add(WoningAangeboden("2025-02-10", "W-Z-1", W, Z, 4, "2025-03-01"));
    log_.Add(BrpInschrijving("2025-02-10", H1, D));
    log_.Add(Herkoppeling("2025-02-14", H10, A));
    log_.Add(Aanmelding("2025-02-17", H8, Z, 1));
    log_.Add(Reservering("2025-02-20", H2, "W-Z-1", W, 2));
    log_.Add(WoningAangeboden("2025-02-20", "P6-A-2", P6, A, 4, "2025-03-01"));
    log_.Add(Reservering("2025-02-25", H10, "P6-A-2", P6, 3));
    log_.Add(Huurcontract("2025-02-27", H2, "W-Z-1", W, "2025-03-01", 2));
    // March.
    log_.Add(Huurcontract("2025-03-01", H10, "P6-A-2", P6, "2025-03-01", 3));
    log_.Add(WoningIngetrokken("2025-03-01", "W-Z-3", W));
    log_.Add(WoningAangeboden("2025-03-01", "T-P-1", T, Pa, 3, "2025-03-15"));
    log_.Add(BegeleidingFase("2025-03-02", H10, F::PRE_VESTIGING));
    log_.Add(Aanmelding("2025-03-03", H5, H, 1));
    log_.Add(Uitstroom("2025-03-03", H10, 3));
    log_.Add(Uitstroom("2025-03-04", H2, 2));
    log_.Add(BegeleidingFase("2025-03-05", H2, F::PRE_VESTIGING));
    log_.Add(Reservering("2025-03-10", H3, "T-P-1", T, 3));
    log_.Add(BrpInschrijving("2025-03-10", H2, Z));
    log_.Add(BrpInschrijving("2025-03-12", H10, A));
    log_.Add(DossierGesloten("2025-03-14", H11));
    log_.Add(VrijgekomenWoningen("2025-03-15", T, Pa, "2025-H1", 30));
    log_.Add(WoningAangeboden("2025-03-20", "P6-A-1", P6, A, 5, "2025-04-01"));
    log_.Add(Huurcontract("2025-03-25", H3, "T-P-1", T, "2025-04-01", 3));
    // April.
    log_.Add(VrijgekomenWoningen("2025-04-01", T, D, "2025-H1", 80));
    log_.Add(Signaal("2025-04-02", H10, "S-2", P6));
    log_.Add(Uitstroom("2025-04-03", H3, 3));
    log_.Add(Aanmelding("2025-04-07", H6, D));
    log_.Add(Reservering("2025-04-10", H4, "P6-A-1", P6, 5));
    log_.Add(WoningAangeboden("2025-04-14", "T-D-2", T, D, 2, "2025-05-01"));
    log_.Add(Overboeking("2025-04-15", Z, D, H2, 2, "2025-H1"));
    log_.Add(Reservering("2025-04-20", H6, "T-D-2", T, 1));
    log_.Add(SignaalAfgehandeld("2025-04-20", H10, "S-2", P6));
    log_.Add(BegeleidingFase("2025-04-20", H8, F::PRE_VESTIGING));
    log_.Add(Huurcontract("2025-04-25", H8, "W-Z-2", W, "2025-05-01", 2));
    before_late_reports_ = log_.events().size();
    // May.
    log_.Add(ReserveringVervallen("2025-05-02", H6, "T-D-2", T));
    log_.Add(WoningAangeboden("2025-05-05", "T-D-3", T, D, 1, "2025-06-01"));
    log_.Add(Uitstroom("2025-05-06", H8, 2));
    log_.Add(Reservering("2025-04-15", H8, "W-Z-2", W, 2));                    // reported late
    log_.Add(WoningAangeboden("2025-04-01", "W-Z-2", W, Z, 3, "2025-05-01"));  // reported late
    log_.Add(NareizigersGearriveerd("2025-05-12", H2, 2));
    log_.Add(Signaal("2025-05-20", H1, "S-1", T));
    log_.Add(BrpInschrijving("2025-05-20", H8, Z));
    // June.
    log_.Add(VrijgekomenWoningen("2025-06-01", W, Z, "2025-H1", 40));
    log_.Add(VrijgekomenWoningen("2025-06-01", P6, A, "2025-H1", 5));
    log_.Add(VrijgekomenWoningen("2025-06-01", P6, H, "2025-H1", 4));
    log_.Add(BrpInschrijving("2025-06-02", H9, Pa));
    log_.Add(Reservering("2025-06-10", H6, "T-D-3", T, 1));
    log_.Add(WoningAangeboden("2025-06-10", "P6-H-1", P6, H, 3, "2025-06-20"));
    log_.Add(VrijgekomenWoningen("2025-06-15", T, D, "2025-H1", 90));  // update of the April figure
    log_.Add(Huurcontract("2025-06-20", H6, "T-D-3", T, "2025-07-01", 1));
    projection_ = std::make_unique<Projection>(log_.Fold());
  }

  const Projection& p() const { return *projection_; }

  std::vector<std::string> TaakstellingRows(const AsOf& at) const {
    std::vector<std::string> out;
    const auto view = p().Taakstelling(at);
    for (const auto& r : view.regels()) {
      out.push_back(r.gemeente() + " " + r.periode() + ": taak " + std::to_string(r.taakstelling()) +
                    " start " + std::to_string(r.startsaldo()) + " ger " + std::to_string(r.gerealiseerd()) +
                    " in " + std::to_string(r.overboekingen_in()) + " uit " +
                    std::to_string(r.overboekingen_uit()) + " eind " + std::to_string(r.eindsaldo()) +
                    " nog " + std::to_string(r.nog_te_huisvesten()));
    }
    return out;
  }

  std::vector<std::string> CorporatieRows(const AsOf& at) const {
    std::vector<std::string> out;
    const auto view = p().Corporaties(at);
    for (const auto& r : view.regels()) {
      char aandeel[16];
      std::snprintf(aandeel, sizeof aandeel, "%.1f", r.aandeel_procent());
      out.push_back(r.corporatie() + " " + r.periode() + ": afspraak " + std::to_string(r.afspraak()) +
                    " hc " + std::to_string(r.huurcontracten()) + " verwacht " +
                    std::to_string(r.verwacht()) + " voor_achter " + std::to_string(r.voor_achter()) +
                    " vrij " + std::to_string(r.vrijgekomen()) + " aandeel " + aandeel +
                    (r.boven_10_procent() ? " boven" : ""));
    }
    return out;
  }

  std::vector<std::string> PijplijnRows(const AsOf& at) const {
    std::vector<std::string> out;
    const auto view = p().Pijplijn(at);
    for (const auto& r : view.gemeenten()) {
      out.push_back(r.gemeente() + ": " + std::to_string(r.gekoppeld()) + " " +
                    std::to_string(r.gereserveerd()) + " " + std::to_string(r.huurcontract()) + " " +
                    std::to_string(r.ingeschreven()) + " " + std::to_string(r.gesloten()) + " wachtend " +
                    std::to_string(r.personen_wachtend()));
    }
    return out;
  }

  std::vector<std::string> DossierRows(const AsOf& at) const {
    std::vector<std::string> out;
    const auto view = p().Dossiers(at);
    for (const auto& d : view.dossiers()) {
      std::string signalen;
      for (const auto& s : d.signalen()) signalen += (signalen.empty() ? "" : ",") + s;
      out.push_back(d.v_nummer() + "|" + v1::Dossier::Fase_Name(d.fase()) + "|" + d.gemeente() + "|" +
                    d.koppeldatum() + "|" + std::to_string(d.huishouden()) + "|" +
                    std::to_string(d.verwachte_nareizigers()) + "|" + d.woning_id() + "|" + d.corporatie() +
                    "|" + d.woongemeente() + "|res " + d.datum_reservering() + "|hc " +
                    d.datum_huurcontract() + "|uit " + d.datum_uitstroom() + "|brp " + d.datum_brp() + "|" +
                    d.begeleiding() + "|" + signalen + "|" + std::to_string(d.meldingen_open()) + "|" +
                    d.laatste_datum());
    }
    return out;
  }

  using Lines = std::vector<std::string>;
  Log log_;
  size_t before_late_reports_ = 0;
  std::unique_ptr<Projection> projection_;
};

// ---- 30 June 2025, the end of the half year.

TEST_F(DrechtstedenTest, TaakstellingAtTheEndOfTheHalfYear) {
  // A: H10 (3) housed in Alblasserdam: 0 + 3 − 6 = −3.
  // D: startsaldo −4; H1 (4) housed in Dordrecht; H2 booked over from Zwijndrecht (2): −4 + 4 + 2 − 30 = −28.
  //    (H6's contract starts 1 July: not yet.)
  // H: startsaldo +2, nobody housed in Hendrik-Ido-Ambacht (H10 moved to Alblasserdam): 2 − 8 = −6.
  // P: 2024-H2: H7 from the old Excel (3) housed 15 Dec 2024: +3, carried to 2025-H1;
  //    2025-H1: 3 + H3 (3) − 10 = −4.
  // Z: taakstelling corrected to 14; H2 (2) + H2's nareizigers after ingang (2) + H8 (2) = 6, 2 booked out:
  //    6 − 2 − 14 = −10.
  EXPECT_EQ(TaakstellingRows(At("2025-06-30")),
            (Lines{"gemeente:alblasserdam 2025-H1: taak 6 start 0 ger 3 in 0 uit 0 eind -3 nog 3",
                   "gemeente:dordrecht 2025-H1: taak 30 start -4 ger 4 in 2 uit 0 eind -28 nog 28",
                   "gemeente:hendrik-ido-ambacht 2025-H1: taak 8 start 2 ger 0 in 0 uit 0 eind -6 nog 6",
                   "gemeente:papendrecht 2024-H2: taak 0 start 0 ger 3 in 0 uit 0 eind 3 nog 0",
                   "gemeente:papendrecht 2025-H1: taak 10 start 3 ger 3 in 0 uit 0 eind -4 nog 4",
                   "gemeente:zwijndrecht 2025-H1: taak 14 start 0 ger 6 in 0 uit 2 eind -10 nog 10"}));
}

TEST_F(DrechtstedenTest, TaakstellingCarriesIntoTheNextHalfYear) {
  // On 1 July every gemeente gets a 2025-H2 row starting from its 2025-H1 eindsaldo; H6's
  // huurcontract (1 person, Dordrecht) counts from its ingangsdatum 1 July.
  EXPECT_EQ(TaakstellingRows(At("2025-07-01")),
            (Lines{"gemeente:alblasserdam 2025-H1: taak 6 start 0 ger 3 in 0 uit 0 eind -3 nog 3",
                   "gemeente:alblasserdam 2025-H2: taak 0 start -3 ger 0 in 0 uit 0 eind -3 nog 3",
                   "gemeente:dordrecht 2025-H1: taak 30 start -4 ger 4 in 2 uit 0 eind -28 nog 28",
                   "gemeente:dordrecht 2025-H2: taak 0 start -28 ger 1 in 0 uit 0 eind -27 nog 27",
                   "gemeente:hendrik-ido-ambacht 2025-H1: taak 8 start 2 ger 0 in 0 uit 0 eind -6 nog 6",
                   "gemeente:hendrik-ido-ambacht 2025-H2: taak 0 start -6 ger 0 in 0 uit 0 eind -6 nog 6",
                   "gemeente:papendrecht 2024-H2: taak 0 start 0 ger 3 in 0 uit 0 eind 3 nog 0",
                   "gemeente:papendrecht 2025-H1: taak 10 start 3 ger 3 in 0 uit 0 eind -4 nog 4",
                   "gemeente:papendrecht 2025-H2: taak 0 start -4 ger 0 in 0 uit 0 eind -4 nog 4",
                   "gemeente:zwijndrecht 2025-H1: taak 14 start 0 ger 6 in 0 uit 2 eind -10 nog 10",
                   "gemeente:zwijndrecht 2025-H2: taak 0 start -10 ger 0 in 0 uit 0 eind -10 nog 10"}));
}

TEST_F(DrechtstedenTest, PijplijnAtTheEndOfTheHalfYear) {
  // "" : H9 (no aanmelding) gekoppeld, 0 persons.
  // A: H4 gereserveerd (5 persons waiting), H10 ingeschreven.
  // D: H6 gereserveerd (1 waiting; contract not yet in effect), H1 and H2 ingeschreven.
  // H: H5 gekoppeld (2 waiting).
  // P: H7 ingeschreven, H11 gesloten.
  // Z: H3 huurcontract (no BRP), H8 ingeschreven.
  EXPECT_EQ(
      PijplijnRows(At("2025-06-30")),
      (Lines{": 1 0 0 0 0 wachtend 0", "gemeente:alblasserdam: 0 1 0 1 0 wachtend 5",
             "gemeente:dordrecht: 0 1 0 2 0 wachtend 1", "gemeente:hendrik-ido-ambacht: 1 0 0 0 0 wachtend 2",
             "gemeente:papendrecht: 0 0 0 1 1 wachtend 0", "gemeente:zwijndrecht: 0 0 1 1 0 wachtend 0"}));
}

TEST_F(DrechtstedenTest, SignalenAtTheEndOfTheHalfYear) {
  // H3: housed 1 April in Papendrecht (linked Zwijndrecht): no BRP, no begeleiding, no overboeking
  //     (all > 30 days), quiet since 3 April (88 days) → STIL for Zwijndrecht.
  // H4: capaciteit 5 < 5 + 1; reserved 10 April (81 days); linked 3 Feb (147 days); quiet since 10 April.
  // H5: linked 3 March (119 days), nothing since.
  // H6: linked 7 April (84 days), contract not yet in effect.
  // H9: a BRP-inschrijving without aanmelding or huurcontract, from Papendrecht.
  // T-D-2: beschikbaar since 1 May, free again after H6's reservering vervallen: 60 days.
  EXPECT_EQ(
      SignalLines(p(), At("2025-06-30")),
      (Lines{
          "BEGELEIDING_ONTBREEKT 0000000103 gemeente:papendrecht",
          "BRP_ONTBREEKT 0000000103 gemeente:papendrecht",
          "NAREIZIGERS_PASSEN_NIET 0000000104 corporatie:poort6",
          "ONVOLLEDIG 0000000109 gemeente:papendrecht", "OVERBOEKING_OPEN 0000000103 gemeente:papendrecht",
          "RESERVERING_ZONDER_CONTRACT 0000000104 corporatie:poort6", "STIL 0000000103 gemeente:zwijndrecht",
          "STIL 0000000104 gemeente:alblasserdam", "STIL 0000000105 gemeente:hendrik-ido-ambacht",
          "TERMIJN_HUISVESTING 0000000104 gemeente:alblasserdam",
          "TERMIJN_HUISVESTING 0000000105 gemeente:hendrik-ido-ambacht",
          "TERMIJN_HUISVESTING 0000000106 gemeente:dordrecht", "WONING_ONBENUT T-D-2 gemeente:dordrecht"}));
}

TEST_F(DrechtstedenTest, CorporatiesAtTheEndOfTheHalfYear) {
  // The whole periode has passed: verwacht = afspraak.
  // Poort6: H10 (P6-A-2); 5 + 4 came free: 1/9 = 11.1 % (above 10).
  // Trivire 2024-H2: H7's contract from the old Excel.
  // Trivire 2025-H1: H1 (T-D-1), H3 (T-P-1); H6's starts in July. Free: Dordrecht's latest 90 + Papendrecht
  // 30:
  //   2/120 = 1.67 → 1.7.
  // Woonbron: H2 (W-Z-1), H8 (W-Z-2); 40 free: 5.0.
  EXPECT_EQ(
      CorporatieRows(At("2025-06-30")),
      (Lines{"corporatie:poort6 2025-H1: afspraak 4 hc 1 verwacht 4 voor_achter -3 vrij 9 aandeel 11.1 boven",
             "corporatie:trivire 2024-H2: afspraak 0 hc 1 verwacht 0 voor_achter 1 vrij 0 aandeel 0.0",
             "corporatie:trivire 2025-H1: afspraak 12 hc 2 verwacht 12 voor_achter -10 vrij 120 aandeel 1.7",
             "corporatie:woonbron 2025-H1: afspraak 6 hc 2 verwacht 6 voor_achter -4 vrij 40 aandeel 5.0"}));
}

TEST_F(DrechtstedenTest, DossiersAtTheEndOfTheHalfYear) {
  EXPECT_EQ(
      DossierRows(At("2025-06-30")),
      (Lines{
          "0000000101|INGESCHREVEN|gemeente:dordrecht|2025-01-06|4|0|T-D-1|corporatie:trivire|gemeente:"
          "dordrecht|res "
          "|hc 2025-02-01|uit 2025-02-05|brp 2025-02-10|COACHING_VESTIGING||1|2025-05-20",
          "0000000102|INGESCHREVEN|gemeente:dordrecht|2025-01-13|4|0|W-Z-1|corporatie:woonbron|gemeente:"
          "zwijndrecht|"
          "res |hc 2025-03-01|uit 2025-03-04|brp 2025-03-10|PRE_VESTIGING||0|2025-05-12",
          "0000000103|HUURCONTRACT|gemeente:zwijndrecht|2025-01-20|3|0|T-P-1|corporatie:trivire|gemeente:"
          "papendrecht|"
          "res |hc 2025-04-01|uit 2025-04-03|brp "
          "||BEGELEIDING_ONTBREEKT,BRP_ONTBREEKT,OVERBOEKING_OPEN,STIL|0|2025-04-03",
          "0000000104|GERESERVEERD|gemeente:alblasserdam|2025-02-03|5|1|P6-A-1|corporatie:poort6||res "
          "2025-04-10|hc "
          "|uit |brp "
          "||NAREIZIGERS_PASSEN_NIET,RESERVERING_ZONDER_CONTRACT,STIL,TERMIJN_HUISVESTING|0|2025-04-10",
          "0000000105|GEKOPPELD|gemeente:hendrik-ido-ambacht|2025-03-03|2|0||||res |hc |uit |brp "
          "||STIL,TERMIJN_"
          "HUISVESTING|0|2025-03-03",
          "0000000106|GERESERVEERD|gemeente:dordrecht|2025-04-07|1|0|T-D-3|corporatie:trivire||res "
          "2025-06-10|hc |uit "
          "|brp ||TERMIJN_HUISVESTING|0|2025-06-20",
          "0000000107|INGESCHREVEN|gemeente:papendrecht|2024-10-01|3|0|OUD-P-7|corporatie:trivire|gemeente:"
          "papendrecht|"
          "res |hc 2024-12-15|uit 2024-12-15|brp 2025-01-05|INTEGRATIE_PARTICIPATIE||0|2025-01-20",
          "0000000108|INGESCHREVEN|gemeente:zwijndrecht|2025-02-17|2|0|W-Z-2|corporatie:woonbron|gemeente:"
          "zwijndrecht|"
          "res |hc 2025-05-01|uit 2025-05-06|brp 2025-05-20|PRE_VESTIGING||0|2025-05-20",
          "0000000109|GEKOPPELD|||0|0||||res |hc |uit |brp 2025-06-02||ONVOLLEDIG|0|2025-06-02",
          "0000000110|INGESCHREVEN|gemeente:alblasserdam|2025-01-08|3|0|P6-A-2|corporatie:poort6|gemeente:"
          "alblasserdam|"
          "res |hc 2025-03-01|uit 2025-03-03|brp 2025-03-12|PRE_VESTIGING||0|2025-04-20",
          "0000000111|GESLOTEN|gemeente:papendrecht|2025-01-27|1|0||||res |hc |uit |brp |||0|2025-03-14"}));
}

TEST_F(DrechtstedenTest, WoningenAtTheEndOfTheHalfYear) {
  std::vector<std::string> rows;
  const auto view = p().Woningen(At("2025-06-30"));
  for (const auto& w : view.woningen()) {
    rows.push_back(w.woning_id() + " " + v1::WoningRegel::Status_Name(w.status()) + " " + w.v_nummer() + " " +
                   std::to_string(w.dagen_beschikbaar()));
  }
  EXPECT_EQ(rows,
            (Lines{"P6-A-1 GERESERVEERD 0000000104 0", "P6-A-2 VERHUURD 0000000110 0",
                   "P6-H-1 BESCHIKBAAR  10", "T-D-1 VERHUURD 0000000101 0", "T-D-2 BESCHIKBAAR  60",
                   "T-D-3 GERESERVEERD 0000000106 0", "T-P-1 VERHUURD 0000000103 0",
                   "W-Z-1 VERHUURD 0000000102 0", "W-Z-2 VERHUURD 0000000108 0", "W-Z-3 INGETROKKEN  0"}));
}

// ---- 31 March 2025, half-way.

TEST_F(DrechtstedenTest, TaakstellingHalfWay) {
  // D: H2's overboeking (15 April) is not there yet: −4 + 4 − 30 = −30.
  // P: H3's contract starts 1 April: 3 − 10 = −7.  Z: only H2 (2): 2 − 14 = −12.
  EXPECT_EQ(TaakstellingRows(At("2025-03-31")),
            (Lines{"gemeente:alblasserdam 2025-H1: taak 6 start 0 ger 3 in 0 uit 0 eind -3 nog 3",
                   "gemeente:dordrecht 2025-H1: taak 30 start -4 ger 4 in 0 uit 0 eind -30 nog 30",
                   "gemeente:hendrik-ido-ambacht 2025-H1: taak 8 start 2 ger 0 in 0 uit 0 eind -6 nog 6",
                   "gemeente:papendrecht 2024-H2: taak 0 start 0 ger 3 in 0 uit 0 eind 3 nog 0",
                   "gemeente:papendrecht 2025-H1: taak 10 start 3 ger 0 in 0 uit 0 eind -7 nog 7",
                   "gemeente:zwijndrecht 2025-H1: taak 14 start 0 ger 2 in 0 uit 0 eind -12 nog 12"}));
}

TEST_F(DrechtstedenTest, CorporatiesHalfWay) {
  // 90 of 181 days: Poort6 ⌊4·90/181⌋ = 1, Trivire ⌊12·90/181⌋ = 5, Woonbron ⌊6·90/181⌋ = 2.
  // Only Trivire's Papendrecht figure (30) is known: 1/30 = 3.3 %.
  EXPECT_EQ(
      CorporatieRows(At("2025-03-31")),
      (Lines{"corporatie:poort6 2025-H1: afspraak 4 hc 1 verwacht 1 voor_achter 0 vrij 0 aandeel 0.0",
             "corporatie:trivire 2024-H2: afspraak 0 hc 1 verwacht 0 voor_achter 1 vrij 0 aandeel 0.0",
             "corporatie:trivire 2025-H1: afspraak 12 hc 1 verwacht 5 voor_achter -4 vrij 30 aandeel 3.3",
             "corporatie:woonbron 2025-H1: afspraak 6 hc 1 verwacht 2 voor_achter -1 vrij 0 aandeel 0.0"}));
}

TEST_F(DrechtstedenTest, PijplijnHalfWay) {
  // Z: H3 reserved (3 waiting; contract from 1 April), H8 linked (2 waiting).
  EXPECT_EQ(
      PijplijnRows(At("2025-03-31")),
      (Lines{"gemeente:alblasserdam: 1 0 0 1 0 wachtend 5", "gemeente:dordrecht: 0 0 0 2 0 wachtend 0",
             "gemeente:hendrik-ido-ambacht: 1 0 0 0 0 wachtend 2",
             "gemeente:papendrecht: 0 0 0 1 1 wachtend 0", "gemeente:zwijndrecht: 1 1 0 0 0 wachtend 5"}));
}

TEST_F(DrechtstedenTest, SignalenHalfWay) {
  // H2 was housed in Zwijndrecht 30 days ago: OVERBOEKING_OPEN not yet (needs > 30).
  // H3 was linked 70 days ago: TERMIJN_HUISVESTING not yet (needs > 70).
  // P6-A-1 is offered but beschikbaar only from 1 April.
  EXPECT_EQ(SignalLines(p(), At("2025-03-31")),
            (Lines{"STIL 0000000104 gemeente:alblasserdam", "STIL 0000000108 gemeente:zwijndrecht"}));
  // On 1 April H2 is at 31 days; H3 would be at 71, but its huurcontract starts that day.
  EXPECT_EQ(SignalLines(p(), At("2025-04-01")),
            (Lines{"OVERBOEKING_OPEN 0000000102 gemeente:zwijndrecht",
                   "STIL 0000000104 gemeente:alblasserdam", "STIL 0000000108 gemeente:zwijndrecht"}));
}

// ---- The auditor's view: what was known before the late reports.

TEST_F(DrechtstedenTest, BeforeTheLateReportsH8LookedIncomplete) {
  // Up to Woonbron's huurcontract for H8, its reservering and its woning were not known: ONVOLLEDIG
  // for Woonbron, and (no uitstroom, no BRP known) TERMIJN_VERHUIZING and BRP_ONTBREEKT for the
  // linked gemeente, since the woning's gemeente was not known either.
  v1::Dossier d = DossierAt(p(), H8, At("2025-06-30", before_late_reports_));
  EXPECT_EQ(Codes(d),
            (std::vector<std::string>{"BRP_ONTBREEKT", "ONVOLLEDIG", "STIL", "TERMIJN_VERHUIZING"}));
  bool found = false;
  const auto view = p().Signalen(At("2025-06-30", before_late_reports_));
  for (const auto& s : view.signalen()) {
    if (s.code() == "ONVOLLEDIG" && s.v_nummer() == H8) found = (s.voor() == W);
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(DossierAt(p(), H8, At("2025-06-30")).signalen().empty());
}

TEST_F(DrechtstedenTest, ShuffledLogOrderGivesTheSameHalfYear) {
  // Every fact here has its own date where order matters, so the log order changes nothing.
  std::mt19937 rng(2025);
  std::vector<v1::Envelope> events = log_.events();
  const RegionViews expected = p().All(At("2025-06-30"));
  for (int round = 0; round < 20; ++round) {
    std::shuffle(events.begin(), events.end(), rng);
    Log shuffled;
    for (const auto& e : events) shuffled.Add(e);
    const RegionViews actual = shuffled.Fold().All(At("2025-06-30"));
    EXPECT_EQ(actual.dossiers.DebugString(), expected.dossiers.DebugString()) << round;
    EXPECT_EQ(actual.taakstelling.DebugString(), expected.taakstelling.DebugString()) << round;
    EXPECT_EQ(actual.signalen.DebugString(), expected.signalen.DebugString()) << round;
    EXPECT_EQ(actual.corporaties.DebugString(), expected.corporaties.DebugString()) << round;
    EXPECT_EQ(actual.woningen.DebugString(), expected.woningen.DebugString()) << round;
    EXPECT_EQ(actual.pijplijn.DebugString(), expected.pijplijn.DebugString()) << round;
    EXPECT_EQ(actual.begeleiding.DebugString(), expected.begeleiding.DebugString()) << round;
  }
}

}  // namespace
}  // namespace regiotafel::projections::testing
