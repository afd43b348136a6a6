#include "services/simulator/year_plan.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "base/date.h"
#include "base/uuid.h"

namespace regiotafel::simulator {
namespace {

// Inwoners (CBS, 1 January 2024, rounded) of the gemeenten the shipped regions name; another
// gemeente counts as a middle-sized one.
double Inwoners(const std::string& gemeente) {
  static const std::map<std::string, double> kInwoners = {{"gemeente:dordrecht", 121'000},
                                                          {"gemeente:zwijndrecht", 45'000},
                                                          {"gemeente:papendrecht", 32'500},
                                                          {"gemeente:hendrik-ido-ambacht", 32'000},
                                                          {"gemeente:alblasserdam", 20'500},
                                                          {"gemeente:sliedrecht", 25'600},
                                                          {"gemeente:hardinxveld-giessendam", 18'500}};
  auto it = kInwoners.find(gemeente);
  return it == kInwoners.end() ? 30'000 : it->second;
}

bool IsKind(const std::string& id, std::string_view kind) {
  return id.size() > kind.size() && id.compare(0, kind.size(), kind) == 0 && id[kind.size()] == ':';
}

// A BSN whose last digit is one off: the 11-proef's sum moves by −1 (or +9), so it always fails.
std::string Mistyped(std::string bsn) {
  if (!bsn.empty()) bsn.back() = static_cast<char>('0' + (bsn.back() - '0' + 1) % 10);
  return bsn;
}

constexpr int kAanmeldingFoutElke = 40;  // one Aanmelding in 40 is first sent with a V-nummer too short
constexpr int kBsnFoutElke = 30;         // one BRP-inschrijving in 30 first with a mistyped BSN

}  // namespace

Status OrganisationsOf(const std::vector<std::string>& ids, simulation::RegionOrganisations* out) {
  simulation::RegionOrganisations orgs;
  std::string coa, regio, vwn;
  for (const std::string& id : ids) {
    if (IsKind(id, "gemeente")) {
      orgs.gemeenten.push_back(id);
      orgs.gewichten.push_back(Inwoners(id));
    } else if (IsKind(id, "corporatie")) {
      orgs.corporaties.push_back(id);
    } else if (IsKind(id, "coa") && coa.empty()) {
      coa = id;
    } else if (IsKind(id, "regio") && regio.empty()) {
      regio = id;
    } else if (IsKind(id, "vluchtelingenwerk") && vwn.empty()) {
      vwn = id;
    }
  }
  std::string missing;
  if (orgs.gemeenten.empty()) missing += " gemeente";
  if (orgs.corporaties.empty()) missing += " corporatie";
  if (coa.empty()) missing += " coa";
  if (regio.empty()) missing += " regio";
  if (vwn.empty()) missing += " vluchtelingenwerk";
  if (!missing.empty()) {
    return Status::InvalidArgument("the region has no node for each kind a year needs; missing:" + missing);
  }
  orgs.coa = coa;
  orgs.regio = regio;
  orgs.vluchtelingenwerk = vwn;
  *out = std::move(orgs);
  return Status::Ok();
}

int HuishoudensVoor(const simulation::RegionOrganisations& organisations) {
  double inwoners = 0;
  for (double w : organisations.gewichten) inwoners += w;
  return std::max(10, static_cast<int>(std::lround(inwoners * 2.6 / 1000 / 2.35)));
}

std::vector<Step> PlanYear(const YearSettings& settings,
                           const simulation::RegionOrganisations& organisations) {
  simulation::RegionShape shape;
  shape.households = settings.huishoudens;
  shape.organisations = organisations;
  shape.first_day = FormatDate(settings.eerste_dag());
  shape.last_day = FormatDate(settings.laatste_dag);
  shape.seed = settings.seed;
  // The region starts its Regiotafel this year: the households already under way come from the
  // old Excel administration.
  shape.administratie_percent = 10;
  simulation::RegionGenerator generator(shape);
  std::vector<simulation::RegionGenerator::Reported> reports = generator.Reports();

  const std::string id_base = "regiotafel-simulator/" + settings.regio + "/" + std::to_string(settings.seed) +
                              "/" + FormatDate(settings.laatste_dag) + "/" +
                              std::to_string(settings.huishoudens) + "/";
  std::vector<Step> plan;
  plan.reserve(reports.size() + reports.size() / 20);
  const auto add = [&](int32_t day, v1::Envelope envelope, std::string opzet) {
    Step step;
    step.day = std::max(day, settings.eerste_dag());  // figures announced before the year: on its first day
    step.origin = envelope.origin();
    envelope.clear_origin();  // the node fills it in: itself
    envelope.set_event_id(UuidFromName(id_base + std::to_string(plan.size())));
    step.envelope = std::move(envelope);
    step.opzet = std::move(opzet);
    plan.push_back(std::move(step));
  };
  int aanmeldingen = 0, inschrijvingen = 0;
  for (simulation::RegionGenerator::Reported& r : reports) {
    if (r.envelope.has_aanmelding() && ++aanmeldingen % kAanmeldingFoutElke == 0) {
      v1::Envelope fout = r.envelope;
      fout.mutable_aanmelding()->mutable_v_nummer()->pop_back();
      add(r.day, std::move(fout), "a V-nummer one digit short");
    }
    if (r.envelope.has_brp_inschrijving() && r.envelope.brp_inschrijving().personen_size() > 0 &&
        ++inschrijvingen % kBsnFoutElke == 0) {
      v1::Envelope fout = r.envelope;
      auto* persoon = fout.mutable_brp_inschrijving()->mutable_personen(0);
      persoon->set_bsn(Mistyped(persoon->bsn()));
      add(r.day, std::move(fout), "a mistyped BSN");
    }
    add(r.day, std::move(r.envelope), "");
  }
  return plan;
}

}  // namespace regiotafel::simulator
