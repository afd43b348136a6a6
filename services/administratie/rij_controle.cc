#include "services/administratie/rij_controle.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <utility>

#include "base/date.h"
#include "base/uuid.h"
#include "contract/identifiers.h"
#include "contract/json.h"
#include "contract/validate.h"
#include "services/administratie/kolommen.h"

namespace regiotafel::administratie {
namespace {

using table::Cell;

constexpr int kGeen = -1;

// Without blanks around it, U+00A0 (no-break space, C2 A0, which Excel users paste) among them. The
// no-break space goes as a whole: byte by byte, the A0 ending "à" (C3 A0) or "Р" (D0 A0) would go too.
std::string Trim(std::string_view text) {
  constexpr std::string_view kBlank = " \t\r\n";
  constexpr std::string_view kNbsp = "\xC2\xA0";
  for (;;) {
    if (!text.empty() && kBlank.find(text.front()) != std::string_view::npos) {
      text.remove_prefix(1);
    } else if (text.starts_with(kNbsp)) {
      text.remove_prefix(kNbsp.size());
    } else {
      break;
    }
  }
  for (;;) {
    if (!text.empty() && kBlank.find(text.back()) != std::string_view::npos) {
      text.remove_suffix(1);
    } else if (text.ends_with(kNbsp)) {
      text.remove_suffix(kNbsp.size());
    } else {
      break;
    }
  }
  return std::string(text);
}

// "03-02-2026" for a day number.
std::string DagTekst(int32_t day) {
  const std::string iso = FormatDate(day);
  return iso.substr(8, 2) + "-" + iso.substr(5, 2) + "-" + iso.substr(0, 4);
}

// A cell as the clerk sees it in Excel: for the report, and for text columns.
std::string AlsTekst(const Cell& cel) {
  return cel.kind == Cell::Kind::kText ? Trim(cel.text) : table::CellText(cel);
}

// "12-3-2026", "12/03/2026", "12.03.2026", "2026-03-12" → the day; nullopt with `fout` set otherwise.
std::optional<int32_t> LeesDatum(std::string_view text, std::string* fout) {
  std::array<std::string, 3> delen;
  size_t deel = 0;
  char scheiding = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      delen[deel].push_back(c);
    } else if ((c == '-' || c == '/' || c == '.') && deel < 2 && (scheiding == 0 || scheiding == c)) {
      scheiding = c;
      ++deel;
    } else {
      deel = 3;
      break;
    }
  }
  std::string iso;
  if (deel == 2 && delen[0].size() == 4 && delen[1].size() <= 2 && delen[2].size() <= 2 &&
      !delen[1].empty() && !delen[2].empty()) {
    iso = delen[0] + "-" + std::string(2 - delen[1].size(), '0') + delen[1] + "-" +
          std::string(2 - delen[2].size(), '0') + delen[2];
  } else if (deel == 2 && delen[2].size() == 4 && !delen[0].empty() && delen[0].size() <= 2 &&
             !delen[1].empty() && delen[1].size() <= 2) {
    iso = delen[2] + "-" + std::string(2 - delen[1].size(), '0') + delen[1] + "-" +
          std::string(2 - delen[0].size(), '0') + delen[0];
  } else {
    *fout = "geen datum als dd-mm-jjjj, d-m-jjjj of jjjj-mm-dd";
    return std::nullopt;
  }
  std::optional<int32_t> day = ParseDate(iso);
  if (!day) *fout = "die datum bestaat niet";
  return day;
}

// The organisations of one kind in the region, findable by id and by name.
class Organisaties {
 public:
  Organisaties(const std::vector<std::string>& ids, contract::OrgKind kind) {
    for (const std::string& id : ids) {
      std::optional<contract::OrgId> org = contract::ParseOrgId(id);
      if (!org || org->kind != kind) continue;
      by_name_[Normaliseer(id)] = id;
      by_name_[Normaliseer(org->slug)] = id;
      if (!lijst_.empty()) lijst_ += ", ";
      lijst_ += org->slug;
    }
  }
  std::optional<std::string> Zoek(std::string_view waarde) const {
    auto it = by_name_.find(Normaliseer(waarde));
    if (it == by_name_.end()) return std::nullopt;
    return it->second;
  }
  const std::string& lijst() const { return lijst_; }

 private:
  std::map<std::string, std::string> by_name_;
  std::string lijst_;
};

// What stays the same from row to row.
struct Context {
  const Blad& blad;
  std::array<int, kKolommen.size()> index{};  // the file's column of each Kolom, or kGeen
  Organisaties gemeenten;
  Organisaties corporaties;
  int32_t overnamedag = 0;
  std::map<std::string, uint64_t> v_nummers;  // seen so far, with their row
};

// One row's check: each column read into the payload, each problem noted.
class RijControle {
 public:
  RijControle(Context& context, const Rij& rij, std::vector<Melding>* meldingen)
      : c_(context), rij_(rij), meldingen_(meldingen) {}

  // True when the row has no problem; `regel` is then complete.
  bool Controleer(v1::AdministratieOvergenomen* regel) {
    regel->set_datum(FormatDate(c_.overnamedag));
    regel->set_v_nummer(Cijfers(Kolom::kVNummer, 10, "een V-nummer heeft precies 10 cijfers", true));
    if (!regel->v_nummer().empty()) {
      auto [it, nieuw] = c_.v_nummers.emplace(regel->v_nummer(), rij_.nummer);
      if (!nieuw) Probleem(Kolom::kVNummer, "dit V-nummer staat ook al op rij " + std::to_string(it->second));
    }
    regel->set_naam(Tekst(Kolom::kNaam));
    regel->set_bsn(Cijfers(Kolom::kBsn, 9, "een BSN heeft precies 9 cijfers", false));
    // The 11-proef only for nine digits: "12345678X" has its one problem already.
    if (regel->bsn().size() == 9 && regel->bsn().find_first_not_of("0123456789") == std::string::npos &&
        !contract::IsBsn(regel->bsn())) {
      Probleem(Kolom::kBsn, "dit BSN haalt de elfproef niet");
    }
    regel->set_inschrijfnummer(Tekst(Kolom::kInschrijfnummer));
    regel->set_geboortedatum(Datum(Kolom::kGeboortedatum, /*niet_na_overname=*/true));
    regel->set_verblijfplaats(Tekst(Kolom::kVerblijfplaats));
    regel->set_huishouden(Getal(Kolom::kHuishouden, 1, "een huishouden telt minstens 1 persoon"));
    regel->set_verwachte_nareizigers(Getal(Kolom::kVerwachteNareizigers, 0, "kan niet negatief zijn"));
    regel->set_datum_aanmelding(Datum(Kolom::kDatumAanmelding, true));
    regel->set_corporatie(Organisatie(Kolom::kCorporatie, c_.corporaties, "corporatie"));
    regel->set_woning_id(Tekst(Kolom::kWoning));
    if (!regel->woning_id().empty() && !contract::IsWoningId(regel->woning_id())) {
      Probleem(Kolom::kWoning, "een woning-ID heeft 1 tot 64 letters, cijfers en . _ / - (geen spaties)");
    }
    regel->set_datum_huurcontract(Datum(Kolom::kDatumHuurcontract, false));
    regel->set_datum_brp(Datum(Kolom::kDatumBrp, true));
    regel->set_gemeente(Organisatie(Kolom::kGemeente, c_.gemeenten, "gemeente"));
    regel->set_woongemeente(Organisatie(Kolom::kWoongemeente, c_.gemeenten, "gemeente"));

    if (problemen_ == 0) NogEensVolgensHetContract(*regel);
    if (problemen_ == 0 && regel->datum_huurcontract().empty() &&
        (!regel->woning_id().empty() || !regel->corporatie().empty())) {
      Opmerking(
          "een gereserveerde woning of corporatie zonder Datum huurcontract: de reservering zelf wordt niet "
          "overgenomen (alleen aanmelding, huurcontract en BRP-inschrijving), het dossier staat op "
          "GEKOPPELD");
    }
    // Checked in the contract's order, reported in the file's: column by column as the clerk reads the
    // row, what is about the whole row last.
    std::stable_sort(gevonden_.begin(), gevonden_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [plek, melding] : gevonden_) meldingen_->push_back(std::move(melding));
    return problemen_ == 0;
  }

 private:
  const Cell* Cel(Kolom kolom) const {
    const int i = c_.index[static_cast<size_t>(kolom)];
    if (i == kGeen || static_cast<size_t>(i) >= rij_.cellen.size()) return nullptr;
    return &rij_.cellen[static_cast<size_t>(i)];
  }
  std::string Waarde(Kolom kolom) const {
    const Cell* cel = Cel(kolom);
    return cel == nullptr ? "" : AlsTekst(*cel);
  }
  std::string Naam(Kolom kolom) const {
    const int i = c_.index[static_cast<size_t>(kolom)];
    if (i == kGeen) return std::string(KolomNaam(kolom));
    return KolomLetter(static_cast<size_t>(i)) + " (" + c_.blad.kopjes[static_cast<size_t>(i)] + ")";
  }
  // The file's column of `kolom`, or past the last one (absent, or about the whole row).
  size_t Plek(std::optional<Kolom> kolom) const {
    const int i = kolom ? c_.index[static_cast<size_t>(*kolom)] : kGeen;
    return i == kGeen ? SIZE_MAX : static_cast<size_t>(i);
  }
  void Probleem(Kolom kolom, std::string tekst) {
    ++problemen_;
    gevonden_.emplace_back(Plek(kolom),
                           Melding{rij_.nummer, Naam(kolom), Waarde(kolom), std::move(tekst), true});
  }
  void Opmerking(std::string tekst) {
    gevonden_.emplace_back(Plek(std::nullopt), Melding{rij_.nummer, "", "", std::move(tekst), false});
  }

  std::string Tekst(Kolom kolom) {
    std::string tekst = Waarde(kolom);
    if (tekst.size() > contract::kMaxTextBytes) {
      Probleem(kolom, "langer dan " + std::to_string(contract::kMaxTextBytes) + " bytes");
    }
    return tekst;
  }

  // A number of `lengte` digits. Excel drops leading zeros from a number cell; they are put back.
  std::string Cijfers(Kolom kolom, size_t lengte, const char* regel, bool verplicht) {
    const Cell* cel = Cel(kolom);
    std::string tekst;
    if (cel != nullptr && cel->kind == Cell::Kind::kNumber && cel->number >= 0) {
      tekst = std::to_string(cel->number);
      if (tekst.size() < lengte) tekst.insert(0, lengte - tekst.size(), '0');
    } else if (cel != nullptr) {
      for (char c : AlsTekst(*cel)) {
        if (c != ' ' && c != '.') tekst.push_back(c);  // "1234.56.789", "123 456 789"
      }
    }
    if (tekst.empty()) {
      if (verplicht) Probleem(kolom, "ontbreekt");
    } else if (tekst.size() != lengte || tekst.find_first_not_of("0123456789") != std::string::npos) {
      Probleem(kolom, regel);
    }
    return tekst;
  }

  int32_t Getal(Kolom kolom, int32_t minstens, const char* te_klein) {
    const Cell* cel = Cel(kolom);
    const std::string tekst = Waarde(kolom);
    if (tekst.empty()) {
      if (Verplicht(kolom)) Probleem(kolom, "ontbreekt");
      return 0;
    }
    int64_t getal = 0;
    if (cel->kind == Cell::Kind::kNumber) {
      getal = cel->number;
    } else if (cel->kind == Cell::Kind::kDecimal && cel->decimal == std::floor(cel->decimal) &&
               std::fabs(cel->decimal) < 1e6) {
      getal = static_cast<int64_t>(cel->decimal);
    } else {
      auto [end, ec] = std::from_chars(tekst.data(), tekst.data() + tekst.size(), getal);
      if (ec != std::errc() || end != tekst.data() + tekst.size() || cel->kind != Cell::Kind::kText) {
        Probleem(kolom, "geen heel getal");
        return 0;
      }
    }
    if (getal < minstens) {
      Probleem(kolom, te_klein);
      return 0;
    }
    if (getal > 999) {
      Probleem(kolom, "meer dan 999 personen");
      return 0;
    }
    return static_cast<int32_t>(getal);
  }

  // "" when empty or wrong; YYYY-MM-DD otherwise.
  std::string Datum(Kolom kolom, bool niet_na_overname) {
    const Cell* cel = Cel(kolom);
    if (cel == nullptr || Waarde(kolom).empty()) return "";
    int32_t day = 0;
    if (cel->kind == Cell::Kind::kDate) {
      day = static_cast<int32_t>(cel->number);
      if (!ParseDate(FormatDate(day))) {
        Probleem(kolom, "die datum valt buiten 1900–2999");
        return "";
      }
    } else if (cel->kind == Cell::Kind::kText) {
      std::string fout;
      std::optional<int32_t> gelezen = LeesDatum(Trim(cel->text), &fout);
      if (!gelezen) {
        Probleem(kolom, fout);
        return "";
      }
      day = *gelezen;
    } else {
      Probleem(kolom, "een getal, geen datum (is de kolom in Excel als getal opgemaakt?)");
      return "";
    }
    if (niet_na_overname && day > c_.overnamedag) {
      Probleem(kolom, "ligt na de dag van de overname (" + DagTekst(c_.overnamedag) + ")");
      return "";
    }
    return FormatDate(day);
  }

  std::string Organisatie(Kolom kolom, const Organisaties& bekend, const char* soort) {
    const std::string waarde = Waarde(kolom);
    if (waarde.empty()) {
      if (Verplicht(kolom)) Probleem(kolom, "ontbreekt");
      return "";
    }
    std::optional<std::string> id = bekend.Zoek(waarde);
    if (!id) {
      Probleem(kolom, std::string("onbekende ") + soort + "; de regio kent " +
                          (bekend.lijst().empty() ? std::string("er geen") : bekend.lijst()));
      return "";
    }
    return *id;
  }

  // The contract's own check, in case it knows a rule this file does not (a text with a control
  // character). Its field names the column.
  void NogEensVolgensHetContract(const v1::AdministratieOvergenomen& regel) {
    v1::Envelope envelope;
    *envelope.mutable_administratie_overgenomen() = regel;
    const Status s = contract::ValidatePayload(envelope);
    if (s.ok()) return;
    const std::string veld = s.field().substr(s.field().find('.') + 1);
    static const std::map<std::string, Kolom> kKolomVanVeld = {
        {"naam", Kolom::kNaam},
        {"v_nummer", Kolom::kVNummer},
        {"bsn", Kolom::kBsn},
        {"inschrijfnummer", Kolom::kInschrijfnummer},
        {"geboortedatum", Kolom::kGeboortedatum},
        {"verblijfplaats", Kolom::kVerblijfplaats},
        {"huishouden", Kolom::kHuishouden},
        {"verwachte_nareizigers", Kolom::kVerwachteNareizigers},
        {"gemeente", Kolom::kGemeente},
        {"datum_aanmelding", Kolom::kDatumAanmelding},
        {"corporatie", Kolom::kCorporatie},
        {"woning_id", Kolom::kWoning},
        {"woongemeente", Kolom::kWoongemeente},
        {"datum_huurcontract", Kolom::kDatumHuurcontract},
        {"datum_brp", Kolom::kDatumBrp}};
    auto it = kKolomVanVeld.find(veld);
    if (it != kKolomVanVeld.end()) {
      Probleem(it->second, s.message());
    } else {
      ++problemen_;
      gevonden_.emplace_back(Plek(std::nullopt), Melding{rij_.nummer, "", "", s.message(), true});
    }
  }

  Context& c_;
  const Rij& rij_;
  std::vector<Melding>* meldingen_;
  std::vector<std::pair<size_t, Melding>> gevonden_;  // this row's, with their Plek
  int problemen_ = 0;
};

// Which column of the file is which; false (with the problems noted) when the file cannot be used.
bool VindKolommen(const Blad& blad, Context& context, Controle& controle) {
  context.index.fill(kGeen);
  for (size_t i = 0; i < blad.kopjes.size(); ++i) {
    std::optional<Kolom> kolom = HerkenKolom(blad.kopjes[i]);
    if (!kolom) {
      if (!Trim(blad.kopjes[i]).empty()) controle.ongebruikt.push_back(blad.kopjes[i]);
      continue;
    }
    int& index = context.index[static_cast<size_t>(*kolom)];
    if (index != kGeen) {
      controle.meldingen.push_back(Melding{0, "", "",
                                           "kolom " + KolomLetter(static_cast<size_t>(index)) + " (" +
                                               blad.kopjes[static_cast<size_t>(index)] + ") en kolom " +
                                               KolomLetter(i) + " (" + blad.kopjes[i] + ") zijn allebei " +
                                               std::string(KolomNaam(*kolom)) + "; laat er één over",
                                           true});
      controle.onbruikbaar = true;
    } else {
      index = static_cast<int>(i);
      if (*kolom == Kolom::kVNummer) controle.v_nummer_kolom = KolomLetter(i) + " (" + blad.kopjes[i] + ")";
    }
  }
  std::string ontbreekt;
  for (Kolom kolom : kKolommen) {
    if (context.index[static_cast<size_t>(kolom)] != kGeen) continue;
    if (Verplicht(kolom)) {
      controle.meldingen.push_back(Melding{0, "", "",
                                           "de kolom " + std::string(KolomNaam(kolom)) +
                                               " ontbreekt; zonder die kolom kan geen rij worden overgenomen",
                                           true});
      controle.onbruikbaar = true;
    } else {
      ontbreekt += (ontbreekt.empty() ? "" : ", ") + std::string(KolomNaam(kolom));
    }
  }
  if (!ontbreekt.empty()) {
    controle.meldingen.push_back(
        Melding{0, "", "", "niet in het bestand, dus leeg overgenomen: " + ontbreekt, false});
  }
  return !controle.onbruikbaar;
}

}  // namespace

Controle ControleerAdministratie(const Blad& blad, const std::vector<std::string>& organisaties,
                                 int32_t overnamedag) {
  Controle controle;
  controle.rijen = blad.rijen.size();
  Context context{blad,
                  {},
                  Organisaties(organisaties, contract::OrgKind::kGemeente),
                  Organisaties(organisaties, contract::OrgKind::kCorporatie),
                  overnamedag,
                  {}};
  if (!VindKolommen(blad, context, controle)) return controle;
  for (const Rij& rij : blad.rijen) {
    Overname overname;
    overname.rij = rij.nummer;
    if (!RijControle(context, rij, &controle.meldingen).Controleer(&overname.regel)) {
      ++controle.afgekeurd;
      continue;
    }
    // The id leaves out the day of the take-over, so that the same row imported on another day is
    // recognised (the node then answers that the event id is already taken).
    v1::AdministratieOvergenomen inhoud = overname.regel;
    inhoud.clear_datum();
    std::string bytes;
    {
      google::protobuf::io::StringOutputStream stream(&bytes);
      google::protobuf::io::CodedOutputStream coded(&stream);
      coded.SetSerializationDeterministic(true);
      inhoud.SerializeToCodedStream(&coded);
    }
    overname.event_id = UuidFromName("regiotafel/administratie_overgenomen/" + bytes);
    controle.goed.push_back(std::move(overname));
  }
  return controle;
}

void SlaBestaandeDossiersOver(const std::set<std::string>& dossiers,
                              const std::function<bool(const Overname&)>& al_overgenomen,
                              Controle* controle) {
  std::vector<Overname> goed;
  bool overgeslagen = false;
  for (Overname& overname : controle->goed) {
    if (!dossiers.contains(overname.regel.v_nummer()) || al_overgenomen(overname)) {
      goed.push_back(std::move(overname));
      continue;
    }
    controle->meldingen.push_back(
        Melding{overname.rij, controle->v_nummer_kolom, overname.regel.v_nummer(),
                "dit V-nummer heeft al een dossier in de regio; een correctie gaat met "
                "de gebeurtenis zelf (een herkoppeling, een huurcontract), niet met een "
                "tweede overname",
                true});
    ++controle->afgekeurd;
    overgeslagen = true;
  }
  controle->goed = std::move(goed);
  if (overgeslagen) {
    std::stable_sort(controle->meldingen.begin(), controle->meldingen.end(),
                     [](const Melding& a, const Melding& b) { return a.rij < b.rij; });
  }
}

std::string EventBody(const Overname& overname) {
  v1::Envelope envelope;
  envelope.set_event_id(overname.event_id);
  *envelope.mutable_administratie_overgenomen() = overname.regel;
  return contract::BodyFromEnvelope(envelope);
}

std::string Beschrijf(const Melding& melding) {
  std::string tekst = melding.probleem ? "" : "let op, ";
  tekst += melding.rij == 0 ? "bestand" : "rij " + std::to_string(melding.rij);
  if (!melding.kolom.empty()) tekst += ", kolom " + melding.kolom;
  if (!melding.waarde.empty()) tekst += " \"" + melding.waarde + "\"";
  return tekst + ": " + melding.tekst;
}

}  // namespace regiotafel::administratie

namespace regiotafel::administratie {

table::Table MeldingenTabel(const Controle& controle) {
  table::Table t{"Problemen", {"Rij", "Kolom", "Waarde", "Melding", "Soort"}, {}};
  for (const Melding& m : controle.meldingen) {
    t.rows.push_back({m.rij == 0 ? Cell::Text("") : Cell::Number(static_cast<int64_t>(m.rij)),
                      Cell::Text(m.kolom), Cell::Text(m.waarde), Cell::Text(m.tekst),
                      Cell::Text(m.probleem ? "probleem" : "let op")});
  }
  return t;
}

}  // namespace regiotafel::administratie
