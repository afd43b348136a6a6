// The simulated year: a region's events (region_generator.h) for its own organisations, each with
// the day it is sent on, the node that sends it and a fixed event id, in the order they are sent.
//
// The plan is a pure function of YearSettings, so a resumed run plays the same year: the settings
// are fixed on the first run and kept in the state file (play_state.h). Event ids are derived from
// the settings and the event's place in the plan, so sending an event again adds nothing (a node
// answers a known event id with its first answer).
//
// A few events are deliberate mistakes, as people make them: an Aanmelding with a V-nummer one digit
// short, a BRP-inschrijving with a mistyped BSN. The node refuses them at the door with the reason;
// the correct event follows right after.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/status.h"
#include "regiotafel/v1/events.pb.h"
#include "services/simulator/region_generator.h"

namespace regiotafel::simulator {

struct YearSettings {
  std::string regio;  // the region's naam, part of every event id
  uint32_t seed = 1;
  int32_t laatste_dag = 0;  // the year's last day (day number, base/date.h); it starts 364 days before
  int huishoudens = 0;      // households aangemeld in the year
  int32_t eerste_dag() const { return laatste_dag - 364; }
};

struct Step {
  int32_t day = 0;        // the simulated day it is sent on
  std::string origin;     // the organisation whose node sends it
  v1::Envelope envelope;  // payload and event_id (the node fills in the rest)
  std::string opzet;      // not empty: a deliberate mistake, which the node must refuse; what it is
};

// The region's organisations by kind from its organisation ids: every gemeente (weighted by
// inwoners), every corporatie, and the first coa, regio and vluchtelingenwerk. InvalidArgument when
// a kind the year needs is missing.
Status OrganisationsOf(const std::vector<std::string>& ids, simulation::RegionOrganisations* out);

// A realistic number of households for a year of these gemeenten (about 2.6 statushouders per 1000
// inwoners a year, 2.35 persons a household).
int HuishoudensVoor(const simulation::RegionOrganisations& organisations);

std::vector<Step> PlanYear(const YearSettings& settings,
                           const simulation::RegionOrganisations& organisations);

}  // namespace regiotafel::simulator
