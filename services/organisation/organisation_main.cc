// regiotafel-<kind>: the node of one organisation kind and the events it may publish. Built once per
// kind (CMakeLists.txt), with REGIOTAFEL_ORG_KIND naming its contract::OrgKind.
#include "services/organisation/organisation_cli.h"

int main(int argc, char** argv) {
  return regiotafel::organisation::OrganisationMain(regiotafel::contract::OrgKind::REGIOTAFEL_ORG_KIND, argc,
                                                    argv);
}
