// regiotafel-regio: the node of the regio and the events it may publish (services/organisation/).
#include "services/organisation/organisation_cli.h"

int main(int argc, char** argv) {
  return regiotafel::organisation::OrganisationMain(regiotafel::contract::OrgKind::kRegio, argc, argv);
}
