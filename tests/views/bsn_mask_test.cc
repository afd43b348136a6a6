// BSN masking (services/node/views/bsn_mask.h): who sees a BSN whole, what a masked one looks like, and
// that every "bsn" field of every event is found — and that no view row carries one, so the views
// need no masking.
#include "services/node/views/bsn_mask.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <set>

#include "regiotafel/v1/events.pb.h"
#include "regiotafel/v1/views.pb.h"

namespace regiotafel::node {
namespace {

namespace pb = google::protobuf;

TEST(BsnMaskTest, OnlyGemeenteCoaAndVluchtelingenwerkSeeItWhole) {
  EXPECT_TRUE(ShowsBsn(contract::OrgKind::kGemeente));
  EXPECT_TRUE(ShowsBsn(contract::OrgKind::kCoa));
  EXPECT_TRUE(ShowsBsn(contract::OrgKind::kVluchtelingenwerk));
  EXPECT_FALSE(ShowsBsn(contract::OrgKind::kCorporatie));
  EXPECT_FALSE(ShowsBsn(contract::OrgKind::kRegio));
}

TEST(BsnMaskTest, SevenStarsAndTheLastTwoDigits) {
  EXPECT_EQ(MaskBsn("123456782"), "*******82");
  EXPECT_EQ(MaskBsn("12"), "*******");
  EXPECT_EQ(MaskBsn(""), "*******");
}

TEST(BsnMaskTest, EveryBsnOfAnEventIsMasked) {
  v1::Envelope brp;
  brp.set_origin("gemeente:dordrecht");
  auto* b = brp.mutable_brp_inschrijving();
  b->set_v_nummer("1234567890");
  for (const char* bsn : {"111222333", "123456782"}) {
    auto* p = b->add_personen();
    p->set_v_nummer("1234567890");
    p->set_bsn(bsn);
  }
  MaskBsns(&brp);
  EXPECT_EQ(brp.brp_inschrijving().personen(0).bsn(), "*******33");
  EXPECT_EQ(brp.brp_inschrijving().personen(1).bsn(), "*******82");
  EXPECT_EQ(brp.brp_inschrijving().v_nummer(), "1234567890") << "nothing else changes";
  EXPECT_EQ(brp.origin(), "gemeente:dordrecht");

  v1::Envelope row;
  row.mutable_administratie_overgenomen()->set_bsn("111222333");
  row.mutable_administratie_overgenomen()->set_naam("Amina");
  MaskBsns(&row);
  EXPECT_EQ(row.administratie_overgenomen().bsn(), "*******33");
  EXPECT_EQ(row.administratie_overgenomen().naam(), "Amina");

  v1::Envelope empty;
  empty.mutable_administratie_overgenomen()->set_naam("zonder BSN");
  MaskBsns(&empty);
  EXPECT_EQ(empty.administratie_overgenomen().bsn(), "") << "an unknown BSN stays empty";
}

// Every message type reachable from `d`.
void Reachable(const pb::Descriptor* d, std::set<const pb::Descriptor*>* seen) {
  if (!seen->insert(d).second) return;
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->message_type() != nullptr) Reachable(d->field(i)->message_type(), seen);
  }
}

TEST(BsnMaskTest, NoViewRowCarriesABsn) {
  // ViewsApi masks only the historie's payloads. A view with a "bsn" field must be masked too:
  // this test fails first.
  const pb::FileDescriptor* views = v1::DossiersView::descriptor()->file();
  std::set<const pb::Descriptor*> seen;
  for (int i = 0; i < views->message_type_count(); ++i) Reachable(views->message_type(i), &seen);
  EXPECT_GT(seen.size(), 5u);
  for (const pb::Descriptor* d : seen) {
    for (int i = 0; i < d->field_count(); ++i) {
      EXPECT_EQ(d->field(i)->name().find("bsn"), std::string::npos)
          << d->full_name() << "." << d->field(i)->name();
    }
  }
}

}  // namespace
}  // namespace regiotafel::node
