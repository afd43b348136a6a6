#include "services/administratie/kolommen.h"

#include <utility>

namespace regiotafel::administratie {
namespace {

struct Naam {
  Kolom kolom;
  std::string_view kop;
  // Other headers for the same column, normalised; the header itself is matched too.
  std::initializer_list<std::string_view> varianten;
};

// Variants seen in gemeenten's and COA's sheets; a new one is one more string here.
const std::array<Naam, 15>& Namen() {
  static const std::array<Naam, 15> namen = {{
      {Kolom::kNaam, "Naam", {"naamhoofdaanvrager", "naamstatushouder", "volledigenaam", "hoofdaanvrager"}},
      {Kolom::kVNummer,
       "V-nummer",
       {"vnr", "vnummerhoofdaanvrager", "vreemdelingennummer", "vnrhoofdaanvrager"}},
      {Kolom::kBsn, "BSN", {"burgerservicenummer", "bsnnummer", "bsnhoofdaanvrager"}},
      {Kolom::kInschrijfnummer, "Inschrijfnummer", {"inschrijvingsnummer", "inschrijfnr", "inschrijvingsnr"}},
      {Kolom::kGeboortedatum, "Geboortedatum", {"gebdatum", "geboren", "datumgeboorte"}},
      {Kolom::kVerblijfplaats, "Verblijfplaats", {"azc", "coalocatie", "opvanglocatie", "locatie"}},
      {Kolom::kHuishouden,
       "Grootte huishouden",
       {"huishouden", "huishoudgrootte", "groottegezin", "gezinsgrootte", "aantalpersonen", "personen"}},
      {Kolom::kVerwachteNareizigers,
       "Verwachte nareizigers",
       {"nareizigers", "aantalnareizigers", "nareizigersverwacht"}},
      {Kolom::kDatumAanmelding,
       "Datum aanmelding",
       {"aanmelddatum", "aanmelding", "koppeldatum", "datumkoppeling"}},
      {Kolom::kCorporatie, "Huisvestende corporatie", {"corporatie", "woningcorporatie", "verhuurder"}},
      {Kolom::kWoning, "Gereserveerde woning", {"woning", "woningid", "woningnummer", "woningnr"}},
      {Kolom::kDatumHuurcontract,
       "Datum huurcontract",
       {"huurcontract", "ingangsdatum", "ingangsdatumhuurcontract", "datumingang", "huurcontractdatum"}},
      {Kolom::kDatumBrp,
       "Datum BRP",
       {"datumbrpinschrijving", "brpinschrijving", "brpdatum", "datuminschrijvingbrp", "inschrijvingbrp",
        "brp"}},
      {Kolom::kGemeente, "Gemeente", {"gekoppeldegemeente", "koppelgemeente", "gemeentevankoppeling"}},
      {Kolom::kWoongemeente, "Woongemeente", {"huisvestendegemeente", "gemeentewoning"}},
  }};
  return namen;
}

// The base letter of a two-byte UTF-8 Latin-1 letter (U+00C0–U+00FF), or 0.
char ZonderAccent(unsigned char lead, unsigned char next) {
  if (lead != 0xC3 || next < 0x80 || next > 0xBF) return 0;
  static constexpr std::string_view kLetters =
      "aaaaaaaceeeeiiii*nooooo*ouuuuy**"   // U+00C0–U+00DF; '*': no letter of ours (Ð × Þ ß)
      "aaaaaaaceeeeiiii*nooooo*ouuuuy*y";  // U+00E0–U+00FF
  const char c = kLetters[next - 0x80];
  return c == '*' ? 0 : c;
}

}  // namespace

std::string_view KolomNaam(Kolom kolom) { return Namen()[static_cast<size_t>(kolom)].kop; }

bool Verplicht(Kolom kolom) {
  return kolom == Kolom::kVNummer || kolom == Kolom::kHuishouden || kolom == Kolom::kGemeente;
}

std::string Normaliseer(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else if (c >= 0x80 && i + 1 < text.size()) {
      if (char base = ZonderAccent(c, static_cast<unsigned char>(text[i + 1])); base != 0) {
        out.push_back(base);
        ++i;
      }
    }
  }
  return out;
}

std::optional<Kolom> HerkenKolom(std::string_view header) {
  const std::string kop = Normaliseer(header);
  if (kop.empty()) return std::nullopt;
  for (const Naam& naam : Namen()) {
    if (kop == Normaliseer(naam.kop)) return naam.kolom;
    for (std::string_view variant : naam.varianten) {
      if (kop == Normaliseer(variant)) return naam.kolom;
    }
  }
  return std::nullopt;
}

}  // namespace regiotafel::administratie
