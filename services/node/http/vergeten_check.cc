#include "services/node/http/vergeten_check.h"

#include "base/date.h"

namespace regiotafel::node {

Status CheckVergetenLinked(const v1::Envelope& envelope, contract::OrgKind kind,
                           const std::string& organisatie, ViewHost* views,
                           ViewHost::Clock::time_point deadline) {
  if (envelope.payload_case() != v1::Envelope::kDossierVergeten || kind != contract::OrgKind::kGemeente ||
      views == nullptr) {
    return Status::Ok();
  }
  const std::string& v_nummer = envelope.dossier_vergeten().v_nummer();
  // The linkage as everything this node knows says: the whole replica, whatever its dates.
  projections::AsOf at;
  at.peildatum = ParseDate("2999-12-31").value_or(0);
  at.position = views->head();
  v1::Dossier dossier;
  Status s = views->Dossier(v_nummer, at, deadline, &dossier);
  if (s.IsNotFound()) {
    return Status::InvalidArgument("dossier " + v_nummer +
                                       " is niet bekend op deze node; alleen de gekoppelde "
                                       "gemeente of de regio mag het vergeten",
                                   "v_nummer");
  }
  if (!s.ok()) return s;
  if (dossier.gemeente() != organisatie) {
    return Status::InvalidArgument("dossier " + v_nummer + " is niet aan " + organisatie +
                                       " gekoppeld; alleen die gemeente of de regio mag het vergeten",
                                   "v_nummer");
  }
  return Status::Ok();
}

}  // namespace regiotafel::node
