// regiotafel-corporatie: the node of a corporatie and the events it may publish (services/organisation/).
#include "services/organisation/organisation_cli.h"

int main(int argc, char** argv) {
  return regiotafel::organisation::OrganisationMain(regiotafel::contract::OrgKind::kCorporatie, argc, argv);
}
