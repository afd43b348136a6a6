// A realistic region's log, at any scale: households arriving over a few years, each going through
// aanmelding (or an administratie row taken over at the start), herkoppeling, voordracht,
// reservering (sometimes vervallen, then another), huurcontract, uitstroom, BRP, nareizigers,
// begeleiding, signalen, overboekingen and now and then a closed dossier; beside them the region's
// figures: woning offers (some never taken up, some withdrawn), taakstelling per gemeente and
// periode (some corrected), corporatie afspraken and vrijgekomen woningen.
//
// The log is in the order events were reported: most on their datum, `late_percent` of them days to
// months later (a corporatie's late report, a backlog), so the log is not in date order and the
// projection's business order matters. Nothing dated after `last_day` has happened yet.
//
// Used by regiotafel-simulator (a year of a real region's organisations, played into its nodes), by
// bench/projections_bench.cc (100 000 households, about a million events) and by
// tests/projections/model_test.cc (a few dozen households, compared with the reference model), so the
// workload the bench measures is one the model test checks. Deterministic for a seed (with one
// compiler); no GoogleTest here.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "base/date.h"
#include "services/simulator/event_builders.h"

namespace regiotafel::simulation {

// The organisations that publish the events. Empty lists: the generator's own (`gemeenten` and
// `corporaties` of RegionShape say how many), and the Drechtsteden names of event_builders.h.
struct RegionOrganisations {
  std::vector<std::string> gemeenten;  // ids, "gemeente:…"
  std::vector<double> gewichten;       // per gemeente its share of the households (e.g. inwoners); empty: the
                                       // first ones larger
  std::vector<std::string> corporaties;
  std::string coa = kCoa;
  std::string regio = kRegio;
  std::string vluchtelingenwerk = kVwn;
};

struct RegionShape {
  int households = 1000;
  int gemeenten = 20;    // at most 20
  int corporaties = 10;  // at most 10
  RegionOrganisations organisations;
  int administratie_percent = 4;         // households taken over from the old administration at the start
  std::string first_day = "2023-01-01";  // the first aanmelding
  std::string last_day = "2026-06-30";   // the end of the log: nothing dated later has happened
  int late_percent = 25;                 // events reported after their datum
  uint32_t seed = 1;
};

class RegionGenerator {
 public:
  explicit RegionGenerator(RegionShape shape)
      : shape_(std::move(shape)),
        rng_(shape_.seed),
        first_(*ParseDate(shape_.first_day)),
        last_(*ParseDate(shape_.last_day)) {
    static const char* const kGemeenten[] = {"dordrecht",
                                             "zwijndrecht",
                                             "papendrecht",
                                             "sliedrecht",
                                             "alblasserdam",
                                             "hendrik-ido-ambacht",
                                             "hardinxveld-giessendam",
                                             "gorinchem",
                                             "molenlanden",
                                             "rotterdam",
                                             "schiedam",
                                             "vlaardingen",
                                             "capelle-aan-den-ijssel",
                                             "barendrecht",
                                             "ridderkerk",
                                             "albrandswaard",
                                             "nissewaard",
                                             "krimpen-aan-den-ijssel",
                                             "lansingerland",
                                             "maassluis"};
    static const char* const kCorporaties[] = {"trivire",     "woonbron", "poort6", "woonkracht10",
                                               "havensteder", "woonstad", "vestia", "wooncompas",
                                               "tablis",      "qua-wonen"};
    const RegionOrganisations& orgs = shape_.organisations;
    const int g = orgs.gemeenten.empty() ? std::clamp(shape_.gemeenten, 1, 20)
                                         : static_cast<int>(orgs.gemeenten.size());
    for (int i = 0; i < g; ++i) {
      gemeenten_.push_back(orgs.gemeenten.empty() ? std::string("gemeente:") + kGemeenten[i]
                                                  : orgs.gemeenten[static_cast<size_t>(i)]);
      // Larger and smaller gemeenten: the first few take most households.
      weights_.push_back(orgs.gewichten.size() == orgs.gemeenten.size() && !orgs.gemeenten.empty()
                             ? orgs.gewichten[static_cast<size_t>(i)]
                             : 1.0 / (1.0 + 0.35 * i));
    }
    corporaties_ = orgs.corporaties;
    if (corporaties_.empty()) {
      const int c = std::clamp(shape_.corporaties, 1, 10);
      for (int i = 0; i < c; ++i) corporaties_.push_back(std::string("corporatie:") + kCorporaties[i]);
    }
  }

  // An event and the day it reached the log (its datum, or later when reported late).
  struct Reported {
    int32_t day = 0;
    v1::Envelope envelope;
  };

  // The whole log in log order, each event with the day it was reported (never after last_day).
  std::vector<Reported> Reports() {
    for (int h = 0; h < shape_.households; ++h) Household(h);
    RegionFigures();
    std::stable_sort(events_.begin(), events_.end(),
                     [](const Reported& a, const Reported& b) { return a.day < b.day; });
    return std::move(events_);
  }

  // The whole log in log order.
  std::vector<v1::Envelope> Log() {
    std::vector<Reported> reports = Reports();
    std::vector<v1::Envelope> log;
    log.reserve(reports.size());
    for (Reported& r : reports) log.push_back(std::move(r.envelope));
    return log;
  }

  int32_t first_day() const { return first_; }
  int32_t last_day() const { return last_; }

 private:
  int Int(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double percent) { return std::uniform_real_distribution<double>(0, 100)(rng_) < percent; }
  size_t Weighted() {
    std::discrete_distribution<size_t> pick(weights_.begin(), weights_.end());
    return pick(rng_);
  }
  // The corporaties letting woningen in a gemeente: two or three of them, always the same.
  const std::string& CorporatieIn(size_t gemeente) {
    const size_t n = corporaties_.size();
    return corporaties_[(gemeente * 3 + static_cast<size_t>(Int(0, 2))) % n];
  }
  std::string Date(int32_t day) const { return FormatDate(day); }

  // Keeps an event that has happened by the end of the log; it is reported on its datum or later.
  void Add(int32_t datum, v1::Envelope e) {
    if (datum > last_) return;
    int32_t reported = datum;
    if (Chance(shape_.late_percent)) reported += Chance(80) ? Int(1, 14) : Int(15, 120);
    if (reported > last_) return;  // not in the log yet
    // The builders name the Drechtsteden test organisations; the region's own take their place.
    const RegionOrganisations& orgs = shape_.organisations;
    if (e.origin() == kCoa) e.set_origin(orgs.coa);
    if (e.origin() == kRegio) e.set_origin(orgs.regio);
    if (e.origin() == kVwn) e.set_origin(orgs.vluchtelingenwerk);
    events_.push_back({reported, std::move(e)});
  }

  std::string NewWoning(const std::string& corporatie) {
    return corporatie.substr(corporatie.find(':') + 1) + "-" + std::to_string(100000 + next_woning_++);
  }

  // Offers a new woning in `gemeente` by `corporatie`, on the market from `beschikbaar`; its id.
  std::string Offer(const std::string& corporatie, const std::string& gemeente, int capaciteit,
                    int32_t beschikbaar) {
    const std::string woning = NewWoning(corporatie);
    const int32_t d = beschikbaar - Int(5, 40);
    Add(d, WoningAangeboden(Date(d), woning, corporatie, gemeente, capaciteit, Date(beschikbaar)));
    ++offers_;
    return woning;
  }

  // One household as its events so far have settled it, handed from one phase of Household to the
  // next.
  struct HouseholdState {
    std::string v;         // the V-nummer
    size_t linked = 0;     // the linked gemeente's index in gemeenten_
    std::string gemeente;  // the linked gemeente
    int gezinsleden = 0;
    int nareizigers = 0;
    int huishouden = 0;
    std::string naam;
    int32_t koppel = 0;  // the koppeldatum
    int32_t ingang = 0;  // the huurcontract's, 0 for none
    std::string woongemeente;
    std::string corporatie;
  };

  // Household h's story, one phase after the other (the draws from rng_ in the same order always).
  void Household(int h) {
    HouseholdState household = NewHousehold(h);
    if (Chance(shape_.administratie_percent)) {
      TakeOverFromAdministratie(household);
    } else {
      ReportAanmelding(household);
    }
    if (household.nareizigers > 0) ReportNareizigers(household);
    if (household.ingang != 0) ReportBegeleiding(household);
    if (Chance(3)) {
      const int32_t d = std::max(household.koppel, first_) + Int(30, 500);
      Add(d,
          DossierGesloten(Date(d), household.v, Chance(50) ? shape_.organisations.coa : household.gemeente));
    }
  }

  // Who the household is: its V-nummer, linked gemeente, size, nareizigers to come and name.
  HouseholdState NewHousehold(int h) {
    HouseholdState household;
    household.v = std::to_string(2'000'000'000LL + h);
    household.linked = Weighted();
    household.gemeente = gemeenten_[household.linked];
    household.gezinsleden = Chance(45) ? 0 : Int(1, Chance(70) ? 3 : 6);
    household.nareizigers = Chance(20) ? Int(1, 3) : 0;
    household.huishouden = 1 + household.gezinsleden;
    household.naam = kNamen[static_cast<size_t>(Int(0, kNamenCount - 1))] + std::string(" ") +
                     kAchternamen[static_cast<size_t>(Int(0, kNamenCount - 1))];
    return household;
  }

  // Taken over from the old administration on the second day of the log: one row, aangemeld before
  // the log began and often housed already.
  void TakeOverFromAdministratie(HouseholdState& household) {
    AdminRow row;
    row.datum = Date(first_ + 1);
    row.v_nummer = household.v;
    row.naam = household.naam;
    row.verblijfplaats = "AZC " + std::to_string(Int(1, 40));
    row.huishouden = household.huishouden;
    row.verwachte_nareizigers = household.nareizigers;
    row.gemeente = household.gemeente;
    household.koppel = first_ - Int(30, 400);
    row.datum_aanmelding = Chance(90) ? Date(household.koppel) : "";
    if (Chance(60)) {
      household.corporatie = CorporatieIn(household.linked);
      household.ingang = household.koppel + Int(60, 200);
      if (household.ingang > first_) household.ingang = first_ - Int(0, 20);
      row.corporatie = household.corporatie;
      row.woning_id = NewWoning(household.corporatie);
      household.woongemeente = Chance(90) ? household.gemeente : gemeenten_[Weighted()];
      row.woongemeente = household.woongemeente == household.gemeente ? "" : household.woongemeente;
      row.datum_huurcontract = Date(household.ingang);
      if (Chance(70)) row.datum_brp = Date(household.ingang + Int(0, 25));
    }
    Add(first_ + 1, Administratie(row));
  }

  // Aangemeld on a day of the log, now and then herkoppeld, and mostly housed.
  void ReportAanmelding(HouseholdState& household) {
    household.koppel = first_ + Int(0, last_ - first_);
    Add(household.koppel, Aanmelding(Date(household.koppel), household.v, household.gemeente,
                                     household.gezinsleden, household.nareizigers, household.naam));
    if (Chance(8)) {
      household.linked = Weighted();
      household.gemeente = gemeenten_[household.linked];
      const int32_t d = household.koppel + Int(5, 60);
      Add(d, Herkoppeling(Date(d), household.v, household.gemeente));
    }
    if (Chance(93)) ReportHousing(household);
  }

  // Housing: a reservering after weeks to months, sometimes one that falls through first; mostly a
  // huurcontract after it.
  void ReportHousing(HouseholdState& household) {
    const std::string& v = household.v;
    int32_t t = household.koppel + Int(14, 150);
    household.corporatie = CorporatieIn(household.linked);
    const size_t woon = Chance(90) ? household.linked : Weighted();
    household.woongemeente = gemeenten_[woon];
    const int capaciteit = household.huishouden + (Chance(6) ? -1 : Int(0, 2));
    std::string woning =
        Offer(household.corporatie, household.woongemeente, std::max(1, capaciteit), t - Int(0, 10));
    if (Chance(60)) {
      const int32_t d = t - Int(1, 7);
      Add(d, Voordracht(Date(d), v, woning, household.gemeente));
    }
    Add(t, Reservering(Date(t), v, woning, household.corporatie, household.huishouden));
    if (Chance(15)) {
      const int32_t vervallen = t + Int(3, 20);
      Add(vervallen, ReserveringVervallen(Date(vervallen), v, woning, household.corporatie));
      t = vervallen + Int(7, 60);
      woning = Offer(household.corporatie, household.woongemeente, household.huishouden + Int(0, 2),
                     t - Int(0, 10));
      Add(t, Reservering(Date(t), v, woning, household.corporatie, household.huishouden));
    }
    if (Chance(82)) {
      ReportHuurcontract(household, woning, t);
    } else {
      household.ingang = 0;
    }
  }

  // The huurcontract of `woning`, reserved on day `gereserveerd`, and what follows it: uitstroom, BRP
  // and an overboeking when the household lives in another gemeente than the linked one.
  void ReportHuurcontract(HouseholdState& household, const std::string& woning, int32_t gereserveerd) {
    const std::string& v = household.v;
    const int32_t getekend = gereserveerd + Int(5, 35);
    household.ingang = getekend + Int(0, 30);
    Add(getekend, Huurcontract(Date(getekend), v, woning, household.corporatie, Date(household.ingang),
                               household.huishouden));
    if (Chance(92)) {
      const int32_t d = household.ingang + Int(0, 10);
      Add(d, Uitstroom(Date(d), v, household.huishouden));
    }
    if (Chance(88)) {
      const int32_t d = household.ingang + Int(0, 25);
      Add(d, BrpInschrijving(Date(d), v, household.woongemeente));
    }
    if (household.woongemeente != household.gemeente && Chance(70)) {
      const int32_t d = household.ingang + Int(10, 60);
      Add(d, Overboeking(Date(d), household.gemeente, household.woongemeente, v, household.huishouden,
                         FormatPeriode(PeriodeOf(household.ingang))));
    }
  }

  void ReportNareizigers(const HouseholdState& household) {
    const int32_t gemeld = household.koppel + Int(10, 200);
    Add(gemeld, NareizigersAangekondigd(Date(gemeld), household.v, household.nareizigers));
    if (Chance(70)) {
      const int32_t aankomst = gemeld + Int(30, 300);
      Add(aankomst, NareizigersGearriveerd(Date(aankomst), household.v, Int(1, household.nareizigers)));
    }
  }

  // Begeleiding by VluchtelingenWerk through the first year in the woning, and now and then a signaal.
  void ReportBegeleiding(const HouseholdState& household) {
    const std::string& v = household.v;
    const int32_t ingang = household.ingang;
    const auto fase = [&](double percent, int from, int to, v1::BegeleidingFase::Fase f) {
      if (!Chance(percent)) return;
      const int32_t d = ingang + Int(from, to);
      Add(d, BegeleidingFase(Date(d), v, f));
    };
    fase(75, -14, 0, v1::BegeleidingFase::PRE_VESTIGING);
    fase(90, 14, 60, v1::BegeleidingFase::COACHING_VESTIGING);
    fase(80, 90, 200, v1::BegeleidingFase::INTEGRATIE_PARTICIPATIE);
    fase(60, 300, 420, v1::BegeleidingFase::AFGEROND);
    const int taken = Int(1, 5);
    for (int i = 0; i < taken; ++i) {
      const int32_t d = ingang + Int(0, 90);
      Add(d, BegeleidingTaak(Date(d), v, static_cast<v1::BegeleidingTaak::Taak>(Int(1, 8))));
    }
    if (Chance(12)) {
      const std::string id = "sig-" + v + "-1";
      const int32_t d = ingang + Int(30, 400);
      Add(d, Signaal(Date(d), v, id, household.corporatie));
      if (Chance(65)) {
        const int32_t a = d + Int(7, 90);
        Add(a, SignaalAfgehandeld(Date(a), v, id, household.corporatie));
      }
    }
  }

  void RegionFigures() {
    // Woningen offered and never taken up (WONING_ONBENUT), some withdrawn again.
    const int spare = std::max(1, offers_ / 20);
    for (int i = 0; i < spare; ++i) {
      const size_t g = Weighted();
      const std::string& corporatie = CorporatieIn(g);
      const int32_t beschikbaar = first_ + Int(0, last_ - first_);
      const std::string woning = Offer(corporatie, gemeenten_[g], Int(1, 6), beschikbaar);
      if (Chance(30)) {
        const int32_t d = beschikbaar + Int(10, 120);
        Add(d, WoningIngetrokken(Date(d), woning, corporatie));
      }
    }
    // Per periode: the taakstelling of every gemeente (a fifth corrected later), every corporatie's
    // afspraak, and what came free per corporatie and gemeente, reported after the periode.
    const double per_half_year = shape_.households / (std::max(1, last_ - first_) / 182.5);
    double total_weight = 0;
    for (double w : weights_) total_weight += w;
    for (Periode p = PeriodeOf(first_); p.FirstDay() <= last_; p = p.Next()) {
      const std::string periode = FormatPeriode(p);
      for (size_t g = 0; g < gemeenten_.size(); ++g) {
        const int aantal = static_cast<int>(2.2 * per_half_year * weights_[g] / total_weight) + Int(0, 5);
        const int32_t d = p.FirstDay() - Int(10, 40);
        const bool first_periode = p == PeriodeOf(first_);
        Add(d, Taakstelling(Date(d), gemeenten_[g], periode, aantal,
                            first_periode ? std::optional<int>(Int(-30, 30)) : std::nullopt));
        if (Chance(20)) {
          const int32_t c = p.FirstDay() + Int(20, 120);
          Add(c, Taakstelling(Date(c), gemeenten_[g], periode, aantal + Int(-10, 10)));
        }
      }
      for (size_t c = 0; c < corporaties_.size(); ++c) {
        const int32_t d = p.FirstDay() - Int(5, 30);
        Add(d, CorporatieAfspraak(
                   Date(d), corporaties_[c], periode,
                   static_cast<int>(per_half_year / static_cast<double>(corporaties_.size())) + Int(0, 20)));
        for (size_t g = 0; g < gemeenten_.size(); ++g) {
          if ((g * 3) % corporaties_.size() != c && (g * 3 + 1) % corporaties_.size() != c &&
              (g * 3 + 2) % corporaties_.size() != c) {
            continue;  // not a corporatie of this gemeente
          }
          const int32_t r = p.LastDay() + Int(5, 30);
          Add(r, VrijgekomenWoningen(
                     Date(r), corporaties_[c], gemeenten_[g], periode,
                     static_cast<int>(8 * per_half_year * weights_[g] / total_weight) + Int(0, 50)));
        }
      }
    }
  }

  static constexpr int kNamenCount = 12;
  static constexpr const char* kNamen[kNamenCount] = {"Amina",  "Omar", "Yusuf", "Fatima", "Ahmad", "Mariam",
                                                      "Tesfay", "Hana", "Samir", "Leyla",  "Dawit", "Noor"};
  static constexpr const char* kAchternamen[kNamenCount] = {"Haddad",    "Yusuf",  "Tesfamariam", "Al-Hassan",
                                                            "Mohammadi", "Bekele", "Rahimi",      "Osman",
                                                            "Kebede",    "Nasser", "Abdi",        "Karimi"};

  RegionShape shape_;
  std::mt19937 rng_;
  int32_t first_;
  int32_t last_;
  std::vector<std::string> gemeenten_;
  std::vector<double> weights_;
  std::vector<std::string> corporaties_;
  std::vector<Reported> events_;
  int next_woning_ = 0;
  int offers_ = 0;
};

}  // namespace regiotafel::simulation
