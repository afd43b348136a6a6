// HerkenKolom and Normaliseer: a clerk's header is recognised whatever its case, accents, spaces and
// punctuation, and under the names other gemeenten' sheets use; anything else is left alone.
#include "services/administratie/kolommen.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace regiotafel::administratie {
namespace {

TEST(KolommenTest, EveryCanonicalHeaderIsRecognisedAsItsOwnColumn) {
  std::set<std::string> namen;
  for (Kolom kolom : kKolommen) {
    const std::string naam(KolomNaam(kolom));
    SCOPED_TRACE(naam);
    EXPECT_FALSE(naam.empty());
    EXPECT_EQ(HerkenKolom(naam), kolom);
    namen.insert(naam);
  }
  EXPECT_EQ(namen.size(), kKolommen.size()) << "two columns share a header";
}

TEST(KolommenTest, CanonicalHeadersAreTheOldFilesNames) {
  // `exporteer` writes these, and clerks know them: a change here changes their file.
  EXPECT_EQ(KolomNaam(Kolom::kNaam), "Naam");
  EXPECT_EQ(KolomNaam(Kolom::kVNummer), "V-nummer");
  EXPECT_EQ(KolomNaam(Kolom::kBsn), "BSN");
  EXPECT_EQ(KolomNaam(Kolom::kHuishouden), "Grootte huishouden");
  EXPECT_EQ(KolomNaam(Kolom::kDatumBrp), "Datum BRP");
  EXPECT_EQ(KolomNaam(Kolom::kWoongemeente), "Woongemeente");
  // kKolommen is in the enum's order, which is the old file's order.
  for (size_t i = 0; i < kKolommen.size(); ++i) EXPECT_EQ(static_cast<size_t>(kKolommen[i]), i);
}

TEST(KolommenTest, OnlyVNummerHuishoudenAndGemeenteAreRequired) {
  for (Kolom kolom : kKolommen) {
    const bool verplicht =
        kolom == Kolom::kVNummer || kolom == Kolom::kHuishouden || kolom == Kolom::kGemeente;
    EXPECT_EQ(Verplicht(kolom), verplicht) << KolomNaam(kolom);
  }
}

TEST(KolommenTest, CaseAccentsSpacesAndPunctuationDoNotMatter) {
  EXPECT_EQ(HerkenKolom("GEBOORTEDATUM"), Kolom::kGeboortedatum);
  EXPECT_EQ(HerkenKolom("Géboortedatum"), Kolom::kGeboortedatum);
  EXPECT_EQ(HerkenKolom("  geboorte datum  "), Kolom::kGeboortedatum);
  EXPECT_EQ(HerkenKolom("Geboorte-datum:"), Kolom::kGeboortedatum);
  EXPECT_EQ(HerkenKolom("v nummer"), Kolom::kVNummer);
  EXPECT_EQ(HerkenKolom("V_NUMMER"), Kolom::kVNummer);
  EXPECT_EQ(HerkenKolom("Grootte\u00A0huishouden"), Kolom::kHuishouden);  // a non-breaking space from Excel
  EXPECT_EQ(HerkenKolom("Datum BRP."), Kolom::kDatumBrp);
  EXPECT_EQ(HerkenKolom("Verwachte nareizigers (aantal)"), std::nullopt)
      << "words are not ignored, only signs";
}

TEST(KolommenTest, VariantsFromOtherSheets) {
  EXPECT_EQ(HerkenKolom("V-nr"), Kolom::kVNummer);
  EXPECT_EQ(HerkenKolom("V-nr."), Kolom::kVNummer);
  EXPECT_EQ(HerkenKolom("V-nummer hoofdaanvrager"), Kolom::kVNummer);
  EXPECT_EQ(HerkenKolom("Vreemdelingennummer"), Kolom::kVNummer);
  EXPECT_EQ(HerkenKolom("Datum BRP-inschrijving"), Kolom::kDatumBrp);
  EXPECT_EQ(HerkenKolom("Burgerservicenummer"), Kolom::kBsn);
  EXPECT_EQ(HerkenKolom("Aantal personen"), Kolom::kHuishouden);
  EXPECT_EQ(HerkenKolom("Woningcorporatie"), Kolom::kCorporatie);
  EXPECT_EQ(HerkenKolom("AZC"), Kolom::kVerblijfplaats);
  EXPECT_EQ(HerkenKolom("Koppeldatum"), Kolom::kDatumAanmelding);
  EXPECT_EQ(HerkenKolom("Ingangsdatum huurcontract"), Kolom::kDatumHuurcontract);
  EXPECT_EQ(HerkenKolom("Huisvestende gemeente"), Kolom::kWoongemeente);
  EXPECT_EQ(HerkenKolom("Gekoppelde gemeente"), Kolom::kGemeente);
}

TEST(KolommenTest, UnknownOrEmptyHeadersAreNotAColumn) {
  EXPECT_EQ(HerkenKolom("Opmerkingen"), std::nullopt);
  EXPECT_EQ(HerkenKolom("Fase"), std::nullopt);
  EXPECT_EQ(HerkenKolom("Signalen"), std::nullopt);
  EXPECT_EQ(HerkenKolom(""), std::nullopt);
  EXPECT_EQ(HerkenKolom("  - "), std::nullopt);
  EXPECT_EQ(HerkenKolom("Naam 2"), std::nullopt);
  EXPECT_EQ(HerkenKolom("V-nummers"), std::nullopt);
}

TEST(KolommenTest, NormaliseerKeepsLettersAndDigitsWithoutAccents) {
  EXPECT_EQ(Normaliseer("Datum BRP-inschrijving"), "datumbrpinschrijving");
  EXPECT_EQ(Normaliseer("Één"), "een");
  EXPECT_EQ(Normaliseer("Zoë Müller-Ñuñez"), "zoemullernunez");
  EXPECT_EQ(Normaliseer("ÀÁÂÃÄÅ àáâãäå Çç Ìí Òó Øø Ùú Ýýÿ"), "aaaaaaaaaaaacciioooouuyyy");
  EXPECT_EQ(Normaliseer("Hendrik-Ido-Ambacht"), "hendrikidoambacht");
  EXPECT_EQ(Normaliseer("gemeente:hendrik-ido-ambacht"), "gemeentehendrikidoambacht");
  EXPECT_EQ(Normaliseer("Poort 6"), "poort6");
  EXPECT_EQ(Normaliseer("  V-nr.  "), "vnr");
  EXPECT_EQ(Normaliseer(""), "");
  EXPECT_EQ(Normaliseer("€ – ß × ÷ "), "") << "signs and letters without a base letter are left out";
  EXPECT_EQ(Normaliseer("Straße 12"), "strae12");
  EXPECT_EQ(Normaliseer("Ελλάδα"), "") << "no Latin base letter: nothing";
}

TEST(KolommenTest, NormaliseerNeverReadsPastTheEnd) {
  // A lead byte as the last byte (cut-off UTF-8) is dropped, not combined with what follows.
  EXPECT_EQ(Normaliseer(std::string("ab\xC3")), "ab");
  EXPECT_EQ(Normaliseer(std::string("\xC3", 1)), "");
}

}  // namespace
}  // namespace regiotafel::administratie
