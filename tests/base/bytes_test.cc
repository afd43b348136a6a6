#include "base/bytes.h"

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "base/status.h"
#include "base/uuid.h"

namespace regiotafel {
namespace {

TEST(BytesTest, BigEndianSortsLikeNumbers) {
  std::string a, b;
  PutBigEndian64(&a, 255);
  PutBigEndian64(&b, 256);
  EXPECT_LT(a, b);
  EXPECT_EQ(GetBigEndian64(b), 256u);
  EXPECT_FALSE(GetBigEndian64("short").has_value());
}

TEST(BytesTest, HexRoundTrip) {
  EXPECT_EQ(ToHex(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(FromHex("00ff10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(FromHex("0").has_value());
  EXPECT_FALSE(FromHex("zz").has_value());
}

TEST(Sha256Test, KnownDigest) {
  EXPECT_EQ(ToHex(Sha256Of("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(ToHex(Sha256().Update("a").Update("bc").Finish()), ToHex(Sha256Of("abc")));
}

TEST(UuidTest, FreshIdsAreCanonicalAndDistinct) {
  std::string a = NewUuid(), b = NewUuid();
  EXPECT_TRUE(IsCanonicalUuid(a)) << a;
  EXPECT_NE(a, b);
  EXPECT_EQ(a[14], '4');
  EXPECT_FALSE(IsCanonicalUuid("3F2B8C1E-9D4A-4E5F-8A7B-1C2D3E4F5A6B"));
  EXPECT_FALSE(IsCanonicalUuid("3f2b8c1e9d4a4e5f8a7b1c2d3e4f5a6b"));
}

TEST(UuidTest, NameBasedIdsAreDeterministic) {
  EXPECT_EQ(UuidFromName("rij 1"), UuidFromName("rij 1"));
  EXPECT_NE(UuidFromName("rij 1"), UuidFromName("rij 2"));
  EXPECT_TRUE(IsCanonicalUuid(UuidFromName("rij 1")));
}

TEST(StatusTest, CarriesCodeFieldAndMessage) {
  Status ok;
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok.ToString(), "OK");
  Status bad = Status::InvalidArgument("moet 10 cijfers zijn", "aanmelding.v_nummer");
  EXPECT_TRUE(bad.IsInvalidArgument());
  EXPECT_EQ(bad.field(), "aanmelding.v_nummer");
  EXPECT_EQ(bad.ToString(), "InvalidArgument: aanmelding.v_nummer: moet 10 cijfers zijn");
}

}  // namespace
}  // namespace regiotafel
