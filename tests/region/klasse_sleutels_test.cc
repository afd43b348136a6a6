// The class key files (services/config/klasse_sleutels.h): what an organisation gets of the region's
// keys, that its kind's secrets open only with its own Curve key, and what a rotation changes.
#include "services/config/klasse_sleutels.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "privacy/seal.h"
#include "transport/curve.h"

namespace regiotafel::config {
namespace {

using contract::OrgKind;

privacy::Keyring KeyringFor(const v1::KlasseSleutels& region, OrgKind kind,
                            const transport::CurveKeyPair& curve) {
  v1::KlasseSleutels own;
  EXPECT_TRUE(SleutelsFor(region, kind, curve.public_key, &own).ok());
  privacy::Keyring ring;
  EXPECT_TRUE(KeyringOf(own, curve.public_key, curve.secret_key, &ring).ok());
  return ring;
}

v1::PersoonsgegevensDeel Bsn() {
  v1::PersoonsgegevensDeel deel;
  deel.set_klasse(v1::BSN);
  deel.set_velden("x");
  return deel;
}

TEST(KlasseSleutelsTest, AnOrganisationGetsEveryPublicHalfAndOnlyTheSecretsOfItsKind) {
  const v1::KlasseSleutels region = NewRegionSleutels();
  ASSERT_EQ(region.sleutels_size(), 3);
  const transport::CurveKeyPair curve = transport::GenerateCurveKeyPair();
  v1::KlasseSleutels own;
  ASSERT_TRUE(SleutelsFor(region, OrgKind::kCorporatie, curve.public_key, &own).ok());
  ASSERT_EQ(own.sleutels_size(), 3);
  for (const v1::KlasseSleutel& k : own.sleutels()) {
    EXPECT_TRUE(k.secret_key().empty()) << "never a secret in the clear";
    EXPECT_EQ(k.public_key().size(), privacy::kKeySize);
    EXPECT_EQ(k.secret_verpakt().empty(), k.klasse() != v1::IDENTITEIT) << v1::Klasse_Name(k.klasse());
  }
  const transport::CurveKeyPair other = transport::GenerateCurveKeyPair();
  privacy::Keyring ring;
  EXPECT_EQ(KeyringOf(own, other.public_key, other.secret_key, &ring).field(), "klassesleutels")
      << "sealed to the organisation's own Curve key";

  // The file survives its JSON form.
  v1::KlasseSleutels read;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(KlasseSleutelsJson(own), &read).ok());
  EXPECT_EQ(read.SerializeAsString(), own.SerializeAsString());
}

TEST(KlasseSleutelsTest, ARotationIsReadByWhoGetsItAndNotByWhoWasLeftOut) {
  v1::KlasseSleutels region = NewRegionSleutels();
  const transport::CurveKeyPair stays = transport::GenerateCurveKeyPair(),
                                leaves = transport::GenerateCurveKeyPair();
  const privacy::Keyring before = KeyringFor(region, OrgKind::kGemeente, leaves);
  privacy::Sealer old_writer(before);
  v1::VerzegeldDeel old_part;
  ASSERT_TRUE(old_writer.Seal(Bsn(), "e", &old_part).ok());

  Rotate(v1::BSN, &region);  // the next `up` hands epoch 2 only to who is still in the region
  const privacy::Keyring after = KeyringFor(region, OrgKind::kGemeente, stays);
  privacy::Sealer writer(after);
  v1::VerzegeldDeel part;
  ASSERT_TRUE(writer.Seal(Bsn(), "e", &part).ok());
  EXPECT_EQ(part.sleutel_epoch(), 2u);

  v1::PersoonsgegevensDeel opened;
  privacy::Opener left_out(before), still_in(after);
  EXPECT_EQ(left_out.Open(part, "e", &opened).code(), Status::Code::kNotFound) << "nothing sealed after";
  EXPECT_TRUE(left_out.Open(old_part, "e", &opened).ok()) << "what it could read, it still can";
  EXPECT_TRUE(still_in.Open(old_part, "e", &opened).ok()) << "every epoch: the history too";
  EXPECT_TRUE(still_in.Open(part, "e", &opened).ok());
}

}  // namespace
}  // namespace regiotafel::config
