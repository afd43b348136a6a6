// privacy/: the classes of DOMAIN.md §7 on the fields of events.proto, the split of an event into a
// committed envelope and one part per class, the join that checks a part against its commitment,
// and the sealing of parts and class keys with libsodium.
#include <gtest/gtest.h>
#include <sodium.h>

#include <set>
#include <string>
#include <tuple>

#include "privacy/klassen.h"
#include "privacy/reveal.h"
#include "privacy/seal.h"
#include "privacy/sealed_event.h"
#include "privacy/split.h"

namespace regiotafel::privacy {
namespace {

namespace pb = google::protobuf;
using contract::OrgKind;

// DOMAIN §7's table of classes, as (message, field): every string field of an event not in it is a
// fact the whole region may know.
const std::set<std::tuple<std::string, std::string, v1::Klasse>> kDomainKlassen = {
    {"Persoon", "v_nummer", v1::IDENTITEIT},
    {"Persoon", "naam", v1::IDENTITEIT},
    {"Persoon", "geboortedatum", v1::IDENTITEIT},
    {"BrpPersoon", "v_nummer", v1::IDENTITEIT},
    {"BrpPersoon", "bsn", v1::BSN},
    {"Aanmelding", "naam", v1::IDENTITEIT},
    {"Aanmelding", "geboortedatum", v1::IDENTITEIT},
    {"Reservering", "inschrijfnummer", v1::IDENTITEIT},
    {"AdministratieOvergenomen", "naam", v1::IDENTITEIT},
    {"AdministratieOvergenomen", "bsn", v1::BSN},
    {"AdministratieOvergenomen", "inschrijfnummer", v1::IDENTITEIT},
    {"AdministratieOvergenomen", "geboortedatum", v1::IDENTITEIT},
    {"Signaal", "omschrijving", v1::TOELICHTING},
    {"SignaalAfgehandeld", "toelichting", v1::TOELICHTING},
    {"ReserveringVervallen", "toelichting", v1::TOELICHTING},
    {"DossierGesloten", "toelichting", v1::TOELICHTING},
    {"Herkoppeling", "reden", v1::TOELICHTING},
};

TEST(KlassenTest, EveryFieldOfEveryEventHasTheClassOfDomainSection7) {
  const pb::FileDescriptor& file = *v1::Envelope::descriptor()->file();
  size_t personal = 0;
  for (int m = 0; m < file.message_type_count(); ++m) {
    const pb::Descriptor& message = *file.message_type(m);
    for (int f = 0; f < message.field_count(); ++f) {
      const pb::FieldDescriptor& field = *message.field(f);
      v1::Klasse expected = v1::KLASSE_GEEN;
      for (const auto& [name, field_name, klasse] : kDomainKlassen) {
        if (name == message.name() && field_name == field.name()) expected = klasse;
      }
      EXPECT_EQ(KlasseOf(field), expected) << field.full_name();
      personal += expected != v1::KLASSE_GEEN;
    }
  }
  EXPECT_EQ(personal, kDomainKlassen.size()) << "every row of the table names a field that exists";
}

TEST(KlassenTest, WhoMayReadWhatIsTheTableOfDomainSection7) {
  for (OrgKind kind : {OrgKind::kCoa, OrgKind::kGemeente, OrgKind::kVluchtelingenwerk}) {
    for (v1::Klasse klasse : kKlassen) EXPECT_TRUE(MayRead(kind, klasse)) << OrgKindName(kind);
  }
  for (OrgKind kind : {OrgKind::kCorporatie, OrgKind::kRegio}) {
    EXPECT_TRUE(MayRead(kind, v1::IDENTITEIT)) << OrgKindName(kind);
    EXPECT_FALSE(MayRead(kind, v1::BSN)) << OrgKindName(kind);
    EXPECT_FALSE(MayRead(kind, v1::TOELICHTING)) << OrgKindName(kind);
  }
  EXPECT_FALSE(MayRead(OrgKind::kCoa, v1::KLASSE_GEEN));
}

v1::Envelope Base(const std::string& event_id) {
  v1::Envelope e;
  e.set_event_id(event_id);
  e.set_origin("coa:coa");
  e.set_origin_seq(7);
  e.set_stream("dossier/1234567890");
  e.mutable_occurred_at()->set_seconds(1'767'225'600);
  return e;
}

v1::Envelope AanmeldingMetGezin() {
  v1::Envelope e = Base("0b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d");
  v1::Aanmelding& a = *e.mutable_aanmelding();
  a.set_datum("2026-01-05");
  a.set_v_nummer("1234567890");
  a.set_naam("Amal Haddad");
  a.set_geboortedatum("1988-04-02");
  a.set_gemeente("gemeente:dordrecht");
  a.set_verblijfplaats("azc-gilze");
  for (const char* naam : {"Yonas Haddad", "Sara Haddad"}) {
    v1::Persoon& p = *a.add_gezinsleden();
    p.set_v_nummer(std::string(naam) == "Yonas Haddad" ? "2234567890" : "3234567890");
    p.set_naam(naam);
  }
  return e;
}

v1::Envelope BrpInschrijving() {
  v1::Envelope e = Base("1b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d");
  e.set_origin("gemeente:dordrecht");
  v1::BrpInschrijving& b = *e.mutable_brp_inschrijving();
  b.set_datum("2026-03-01");
  b.set_v_nummer("1234567890");
  b.set_gemeente("gemeente:dordrecht");
  for (const auto& [v, bsn] : {std::pair{"1234567890", "111222333"}, std::pair{"2234567890", "123456782"}}) {
    v1::BrpPersoon& p = *b.add_personen();
    p.set_v_nummer(v);
    p.set_bsn(bsn);
  }
  return e;
}

v1::Envelope SignaalMetOmschrijving() {
  v1::Envelope e = Base("2b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d");
  v1::Signaal& s = *e.mutable_signaal();
  s.set_datum("2026-04-01");
  s.set_v_nummer("1234567890");
  s.set_signaal_id("s-1");
  s.set_soort(v1::Signaal::HUURACHTERSTAND);
  s.set_omschrijving("Twee maanden huur achter, schuldhulp gestart");
  return e;
}

bool Holds(const std::string& bytes, const std::string& needle) {
  return bytes.find(needle) != std::string::npos;
}

// The envelope as it was, and as it is after the split and joining every part again.
void ExpectRoundTrip(const v1::Envelope& whole) {
  v1::Envelope envelope = whole;
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  ASSERT_EQ(static_cast<size_t>(envelope.persoonsgegevens_size()), delen.size());
  v1::Envelope joined = envelope;
  for (const v1::PersoonsgegevensDeel& deel : delen) {
    const Status s = Join(deel, &joined);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  joined.clear_persoonsgegevens();
  EXPECT_EQ(joined.SerializeAsString(), whole.SerializeAsString()) << joined.DebugString();
}

TEST(SplitTest, AnAanmeldingKeepsItsFactsAndTheSizeOfTheHousehold) {
  const v1::Envelope whole = AanmeldingMetGezin();
  v1::Envelope envelope = whole;
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  const std::string bytes = envelope.SerializeAsString();
  for (const char* personal : {"Amal", "Yonas", "Sara", "1988-04-02", "2234567890", "3234567890"}) {
    EXPECT_FALSE(Holds(bytes, personal)) << personal;
  }
  EXPECT_EQ(envelope.aanmelding().v_nummer(), "1234567890") << "the dossier's pseudonym is a fact";
  EXPECT_EQ(envelope.aanmelding().gemeente(), "gemeente:dordrecht");
  EXPECT_EQ(envelope.aanmelding().gezinsleden_size(), 2) << "how many persons is a fact";
  ASSERT_EQ(delen.size(), 1u);
  EXPECT_EQ(delen[0].klasse(), v1::IDENTITEIT);
  EXPECT_EQ(delen[0].salt().size(), 32u);
  ASSERT_EQ(envelope.persoonsgegevens_size(), 1);
  EXPECT_EQ(envelope.persoonsgegevens(0).sha256(), CommitmentOf(delen[0]));
  ExpectRoundTrip(whole);
}

TEST(SplitTest, ABrpInschrijvingHasAnIdentiteitAndABsnPart) {
  v1::Envelope envelope = BrpInschrijving();
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  ASSERT_EQ(delen.size(), 2u);
  EXPECT_EQ(delen[0].klasse(), v1::IDENTITEIT);
  EXPECT_EQ(delen[1].klasse(), v1::BSN);
  EXPECT_FALSE(Holds(envelope.SerializeAsString(), "111222333"));
  EXPECT_FALSE(Holds(delen[0].velden(), "111222333")) << "a bsn only in the bsn part";
  EXPECT_TRUE(Holds(delen[1].velden(), "111222333"));
  EXPECT_EQ(envelope.brp_inschrijving().personen_size(), 2);
  ExpectRoundTrip(BrpInschrijving());
}

TEST(SplitTest, ASignaalsOmschrijvingIsToelichting) {
  v1::Envelope envelope = SignaalMetOmschrijving();
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  ASSERT_EQ(delen.size(), 1u);
  EXPECT_EQ(delen[0].klasse(), v1::TOELICHTING);
  EXPECT_EQ(envelope.signaal().omschrijving(), "");
  EXPECT_EQ(envelope.signaal().soort(), v1::Signaal::HUURACHTERSTAND);
  ExpectRoundTrip(SignaalMetOmschrijving());
}

TEST(SplitTest, AnAdministratieRowLosesNaamBsnInschrijfnummerAndGeboortedatum) {
  v1::Envelope whole = Base("3b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d");
  v1::AdministratieOvergenomen& a = *whole.mutable_administratie_overgenomen();
  a.set_v_nummer("1234567890");
  a.set_naam("Amal Haddad");
  a.set_bsn("111222333");
  a.set_inschrijfnummer("W-88123");
  a.set_geboortedatum("1988-04-02");
  a.set_gemeente("gemeente:dordrecht");
  v1::Envelope envelope = whole;
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  const std::string bytes = envelope.SerializeAsString();
  for (const char* personal : {"Amal", "111222333", "W-88123", "1988-04-02"})
    EXPECT_FALSE(Holds(bytes, personal));
  EXPECT_EQ(envelope.administratie_overgenomen().gemeente(), "gemeente:dordrecht");
  ExpectRoundTrip(whole);
}

TEST(SplitTest, AnEventWithoutPersonalDataHasNoPartsAndIsUnchanged) {
  v1::Envelope whole = Base("4b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d");
  whole.mutable_uitstroom()->set_v_nummer("1234567890");
  whole.mutable_uitstroom()->set_personen(3);
  v1::Envelope envelope = whole;
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  EXPECT_TRUE(delen.empty());
  EXPECT_EQ(envelope.SerializeAsString(), whole.SerializeAsString());
}

TEST(SplitTest, AnEnvelopeIsSplitOnlyOnce) {
  v1::Envelope envelope = SignaalMetOmschrijving();
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  const Status again = Split(&envelope, &delen);
  EXPECT_EQ(again.code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(again.field(), "persoonsgegevens");
}

TEST(SplitTest, TheSameEventSplitTwiceHasOtherCommitments) {
  v1::Envelope a = SignaalMetOmschrijving(), b = SignaalMetOmschrijving();
  std::vector<v1::PersoonsgegevensDeel> da, db;
  ASSERT_TRUE(Split(&a, &da).ok());
  ASSERT_TRUE(Split(&b, &db).ok());
  EXPECT_NE(a.persoonsgegevens(0).sha256(), b.persoonsgegevens(0).sha256())
      << "the salt hides a guessable value";
}

class JoinTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(Split(&envelope_, &delen_).ok()); }
  // Joins `deel` into the envelope; the envelope must be unchanged when it is refused.
  Status JoinChecked(const v1::PersoonsgegevensDeel& deel) {
    const std::string before = envelope_.SerializeAsString();
    Status s = Join(deel, &envelope_);
    if (!s.ok()) {
      EXPECT_EQ(envelope_.SerializeAsString(), before) << "a refused part changed nothing";
    }
    return s;
  }
  // A part of an origin that lies: `velden` as given, and the envelope committing to it.
  v1::PersoonsgegevensDeel Forged(v1::Klasse klasse, const v1::Envelope& velden) {
    v1::PersoonsgegevensDeel deel;
    deel.set_klasse(klasse);
    deel.set_salt(std::string(32, 's'));
    deel.set_velden(velden.SerializeAsString());
    envelope_.clear_persoonsgegevens();
    v1::Commitment& c = *envelope_.add_persoonsgegevens();
    c.set_klasse(klasse);
    c.set_sha256(CommitmentOf(deel));
    return deel;
  }

  v1::Envelope envelope_ = BrpInschrijving();
  std::vector<v1::PersoonsgegevensDeel> delen_;
};

TEST_F(JoinTest, APartWithOtherBytesDoesNotMatchItsCommitment) {
  v1::PersoonsgegevensDeel deel = delen_[1];
  std::string velden = deel.velden();
  velden[velden.size() - 1] ^= 1;
  deel.set_velden(velden);
  EXPECT_EQ(JoinChecked(deel).field(), "sha256");
  deel = delen_[1];
  deel.set_salt(std::string(32, '\0'));
  EXPECT_EQ(JoinChecked(deel).field(), "sha256");
}

TEST_F(JoinTest, APartOfAnotherEventDoesNotMatch) {
  v1::Envelope other = BrpInschrijving();
  std::vector<v1::PersoonsgegevensDeel> other_delen;
  ASSERT_TRUE(Split(&other, &other_delen).ok());
  EXPECT_EQ(JoinChecked(other_delen[1]).field(), "sha256");
}

TEST_F(JoinTest, APartOfAClassTheEventDoesNotCommitToIsRefused) {
  v1::PersoonsgegevensDeel deel = delen_[1];
  deel.set_klasse(v1::TOELICHTING);
  EXPECT_EQ(JoinChecked(deel).field(), "klasse");
}

TEST_F(JoinTest, AForgedPartMayHoldNothingButFieldsOfItsClass) {
  v1::Envelope fact;
  fact.mutable_brp_inschrijving()->set_gemeente("gemeente:zwijndrecht");
  EXPECT_EQ(JoinChecked(Forged(v1::BSN, fact)).field(), "gemeente");

  v1::Envelope wrong_class;
  wrong_class.mutable_brp_inschrijving()->add_personen()->set_v_nummer("9999999999");
  EXPECT_EQ(JoinChecked(Forged(v1::BSN, wrong_class)).field(), "v_nummer");

  v1::Envelope too_many;
  for (int i = 0; i < 3; ++i) too_many.mutable_brp_inschrijving()->add_personen()->set_bsn("111222333");
  EXPECT_EQ(JoinChecked(Forged(v1::BSN, too_many)).field(), "personen");

  v1::Envelope outside;
  outside.set_origin("gemeente:zwijndrecht");
  outside.mutable_brp_inschrijving()->add_personen()->set_bsn("111222333");
  EXPECT_EQ(JoinChecked(Forged(v1::BSN, outside)).field(), "velden");

  v1::Envelope other_payload;
  other_payload.mutable_signaal()->set_omschrijving("x");
  EXPECT_EQ(JoinChecked(Forged(v1::BSN, other_payload)).field(), "velden");
}

TEST_F(JoinTest, FillShowsAClassAsOneWordWhereTheEnvelopeHasRoomForIt) {
  FillKlasse(v1::BSN, "onleesbaar", &envelope_);
  ASSERT_EQ(envelope_.brp_inschrijving().personen_size(), 2);
  EXPECT_EQ(envelope_.brp_inschrijving().personen(1).bsn(), "onleesbaar");
  EXPECT_EQ(envelope_.brp_inschrijving().personen(1).v_nummer(), "") << "another class stays as it is";
  FillKlasse(v1::TOELICHTING, "onleesbaar", &envelope_);
  EXPECT_EQ(envelope_.brp_inschrijving().gemeente(), "gemeente:dordrecht");
}

// The region's key pairs of identiteit and bsn, and what organisations hold of them: a gemeente
// both secret halves, a corporatie the secret half of identiteit; every one every public half.
struct RegionKeys {
  KlasseKey identiteit = NewKlasseKey(v1::IDENTITEIT, 1), bsn = NewKlasseKey(v1::BSN, 1);
  static KlasseKey Public(KlasseKey key) {
    key.secret_key.clear();
    return key;
  }
  Keyring Gemeente() const {
    Keyring ring;
    ring.Add(identiteit);
    ring.Add(bsn);
    return ring;
  }
  Keyring Corporatie() const {
    Keyring ring;
    ring.Add(identiteit);
    ring.Add(Public(bsn));
    return ring;
  }
};

TEST(SealTest, APartOpensOnlyWithTheSecretKeyOfItsClassForItsOwnEvent) {
  v1::Envelope envelope = BrpInschrijving();
  std::vector<v1::PersoonsgegevensDeel> delen;
  ASSERT_TRUE(Split(&envelope, &delen).ok());
  const RegionKeys region;
  // A corporatie may seal a bsn part (it holds the public half) and cannot open it again.
  Sealer writer(region.Corporatie());
  Opener gemeente(region.Gemeente()), corporatie(region.Corporatie());

  v1::VerzegeldDeel sealed;
  ASSERT_TRUE(writer.Seal(delen[1], envelope.event_id(), &sealed).ok());
  EXPECT_FALSE(Holds(sealed.SerializeAsString(), "111222333"));
  EXPECT_EQ(sealed.klasse(), v1::BSN);
  v1::PersoonsgegevensDeel opened;
  ASSERT_TRUE(gemeente.Open(sealed, envelope.event_id(), &opened).ok());
  EXPECT_EQ(opened.SerializeAsString(), delen[1].SerializeAsString());
  EXPECT_EQ(corporatie.Open(sealed, envelope.event_id(), &opened).code(), Status::Code::kNotFound);
  EXPECT_EQ(gemeente.Open(sealed, "5b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d", &opened).code(),
            Status::Code::kInvalidArgument)
      << "moved to another event";
  v1::VerzegeldDeel flipped = sealed;
  flipped.mutable_ciphertext()->back() ^= 1;
  EXPECT_EQ(gemeente.Open(flipped, envelope.event_id(), &opened).field(), "ciphertext");
  v1::VerzegeldDeel other_key = sealed;
  other_key.mutable_inhoudssleutel()->front() ^= 1;
  EXPECT_EQ(gemeente.Open(other_key, envelope.event_id(), &opened).field(), "inhoudssleutel");
  v1::VerzegeldDeel relabelled = sealed;
  relabelled.set_klasse(v1::IDENTITEIT);
  EXPECT_FALSE(gemeente.Open(relabelled, envelope.event_id(), &opened).ok()) << "moved to another class";
  v1::PersoonsgegevensDeel toelichting;
  toelichting.set_klasse(v1::TOELICHTING);
  EXPECT_EQ(writer.Seal(toelichting, envelope.event_id(), &sealed).code(), Status::Code::kUnavailable)
      << "no key of that class";
}

TEST(SealTest, ARotationSealsForTheNewestKeyAndOldPartsStillOpen) {
  Keyring ring;
  ring.Add(NewKlasseKey(v1::BSN, 1));
  ring.Add(NewKlasseKey(v1::BSN, 2));
  ASSERT_NE(ring.Newest(v1::BSN), nullptr);
  EXPECT_EQ(ring.Newest(v1::BSN)->epoch, 2u);
  EXPECT_EQ(ring.Newest(v1::TOELICHTING), nullptr);
  v1::PersoonsgegevensDeel deel;
  deel.set_klasse(v1::BSN);
  deel.set_velden("x");
  Keyring before;
  before.Add(*ring.Find(v1::BSN, 1));
  v1::VerzegeldDeel old, fresh;
  ASSERT_TRUE(Sealer(before).Seal(deel, "e", &old).ok());
  ASSERT_TRUE(Sealer(ring).Seal(deel, "e", &fresh).ok());
  EXPECT_EQ(old.sleutel_epoch(), 1u);
  EXPECT_EQ(fresh.sleutel_epoch(), 2u);
  v1::PersoonsgegevensDeel opened;
  EXPECT_TRUE(Opener(ring).Open(old, "e", &opened).ok()) << "who joins later gets every epoch";
  Keyring only_new;
  only_new.Add(*ring.Find(v1::BSN, 2));
  EXPECT_EQ(Opener(only_new).Open(old, "e", &opened).code(), Status::Code::kNotFound);
  EXPECT_TRUE(Opener(only_new).Open(fresh, "e", &opened).ok());
}

TEST(SealTest, AClassSecretIsHandedToOneOrganisationSealedToItsCurveKey) {
  ASSERT_GE(sodium_init(), 0);
  std::string pub(crypto_box_PUBLICKEYBYTES, '\0'), sec(crypto_box_SECRETKEYBYTES, '\0');
  std::string other_pub(crypto_box_PUBLICKEYBYTES, '\0'), other_sec(crypto_box_SECRETKEYBYTES, '\0');
  crypto_box_keypair(reinterpret_cast<unsigned char*>(pub.data()),
                     reinterpret_cast<unsigned char*>(sec.data()));
  crypto_box_keypair(reinterpret_cast<unsigned char*>(other_pub.data()),
                     reinterpret_cast<unsigned char*>(other_sec.data()));
  const KlasseKey key = NewKlasseKey(v1::TOELICHTING, 3);
  std::string wrapped;
  ASSERT_TRUE(WrapSecret(key, pub, &wrapped).ok());
  EXPECT_FALSE(Holds(wrapped, key.secret_key));
  KlasseKey unwrapped = RegionKeys::Public(key);
  ASSERT_TRUE(UnwrapSecret(wrapped, pub, sec, &unwrapped).ok());
  EXPECT_EQ(unwrapped.secret_key, key.secret_key);
  KlasseKey other = RegionKeys::Public(key);
  EXPECT_EQ(UnwrapSecret(wrapped, other_pub, other_sec, &other).field(), "sleutel");
  EXPECT_EQ(UnwrapSecret(wrapped.substr(1), pub, sec, &other).field(), "sleutel");
  KlasseKey another_epoch = RegionKeys::Public(NewKlasseKey(v1::TOELICHTING, 4));
  EXPECT_EQ(UnwrapSecret(wrapped, pub, sec, &another_epoch).field(), "sleutel");
  KlasseKey another_pair = RegionKeys::Public(NewKlasseKey(v1::TOELICHTING, 3));
  EXPECT_EQ(UnwrapSecret(wrapped, pub, sec, &another_pair).field(), "sleutel")
      << "not that public key's half";
  EXPECT_EQ(WrapSecret(key, "short", &wrapped).field(), "curve");
  EXPECT_EQ(WrapSecret(RegionKeys::Public(key), pub, &wrapped).field(), "sleutel");
}

TEST(SealedEventTest, TheBusTakesExactlyThePartsTheEnvelopeCommitsTo) {
  const RegionKeys region;
  Sealer sealer(region.Corporatie());
  v1::Envelope envelope = BrpInschrijving();
  std::vector<std::string> parts;
  ASSERT_TRUE(SplitAndSeal(sealer, &envelope, &parts).ok());
  ASSERT_EQ(parts.size(), 2u);
  std::vector<v1::Klasse> klassen;
  ASSERT_TRUE(CheckParts(envelope, parts, &klassen).ok());
  EXPECT_EQ(klassen, (std::vector<v1::Klasse>{v1::IDENTITEIT, v1::BSN}));

  std::vector<std::string> forged = parts;
  forged[1].back() ^= 1;  // other bytes
  EXPECT_EQ(CheckParts(envelope, forged, &klassen).field(), "delen");
  v1::Envelope other = BrpInschrijving();
  other.set_event_id("5b6f1c9e-8d2a-4f3b-9c1d-2e4f6a8b0c1d");
  std::vector<std::string> other_parts;
  ASSERT_TRUE(SplitAndSeal(sealer, &other, &other_parts).ok());
  std::vector<std::string> swapped = {parts[0], other_parts[1]};  // another event's part
  EXPECT_EQ(CheckParts(envelope, swapped, &klassen).field(), "delen");
  EXPECT_EQ(CheckParts(envelope, std::vector<std::string>{parts[0]}, &klassen).field(), "delen")
      << "one missing";
  EXPECT_EQ(CheckParts(envelope, std::vector<std::string>{parts[0], parts[0]}, &klassen).field(), "delen");
  EXPECT_EQ(CheckParts(envelope, std::vector<std::string>{parts[0], "not a part"}, &klassen).field(),
            "delen");
}

// A BRP-inschrijving as the gemeente's node published it: the committed envelope and its parts
// sealed for the region's keys of their classes.
class RevealTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<v1::PersoonsgegevensDeel> delen;
    ASSERT_TRUE(Split(&envelope_, &delen).ok());
    Sealer sealer(region_.Gemeente());
    for (const v1::PersoonsgegevensDeel& deel : delen) {
      ASSERT_TRUE(sealer.Seal(deel, envelope_.event_id(), &sealed_.emplace_back()).ok());
    }
  }
  v1::Envelope Seen(const Keyring& keys, OrgKind reader, const std::vector<v1::VerzegeldDeel>& sealed,
                    std::vector<Unreadable>* unreadable = nullptr) {
    v1::Envelope seen = envelope_;
    Opener opener(keys);
    std::vector<Unreadable> u = Reveal(sealed, opener, reader, &seen);
    if (unreadable) *unreadable = std::move(u);
    return seen;
  }

  v1::Envelope envelope_ = BrpInschrijving();
  RegionKeys region_;
  std::vector<v1::VerzegeldDeel> sealed_;
};

TEST_F(RevealTest, AGemeenteSeesEverythingACorporatieNoBsn) {
  const v1::Envelope gemeente = Seen(region_.Gemeente(), OrgKind::kGemeente, sealed_);
  EXPECT_EQ(gemeente.brp_inschrijving().personen(1).bsn(), "123456782");
  EXPECT_EQ(gemeente.brp_inschrijving().personen(1).v_nummer(), "2234567890");
  // A corporatie's node holds no bsn part at all (the bus hands it none); were it given one, it
  // still shows nothing of a class its kind may not read.
  const v1::Envelope corporatie = Seen(region_.Corporatie(), OrgKind::kCorporatie, sealed_);
  EXPECT_EQ(corporatie.brp_inschrijving().personen(1).bsn(), "");
  EXPECT_EQ(corporatie.brp_inschrijving().personen(1).v_nummer(), "2234567890");
}

TEST_F(RevealTest, APartThatDoesNotOpenIsOnleesbaarAndSaysWhy) {
  std::vector<v1::VerzegeldDeel> damaged = sealed_;
  damaged[1].mutable_ciphertext()->front() ^= 1;
  std::vector<Unreadable> unreadable;
  const v1::Envelope seen = Seen(region_.Gemeente(), OrgKind::kGemeente, damaged, &unreadable);
  EXPECT_EQ(seen.brp_inschrijving().personen(0).bsn(), kOnleesbaar);
  EXPECT_EQ(seen.brp_inschrijving().personen(0).v_nummer(), "1234567890") << "the other class opened";
  ASSERT_EQ(unreadable.size(), 1u);
  EXPECT_EQ(unreadable[0].klasse, v1::BSN);
  EXPECT_EQ(unreadable[0].why.message().find("111222333"), std::string::npos) << "never a value in a reason";
  EXPECT_EQ(Seen(region_.Corporatie(), OrgKind::kGemeente, sealed_).brp_inschrijving().personen(0).bsn(),
            kOnleesbaar)
      << "entitled, but no key: cannot be opened";
}

TEST_F(RevealTest, AnErasedPartIsVergeten) {
  const v1::Envelope seen = Seen(region_.Gemeente(), OrgKind::kGemeente, {});
  EXPECT_EQ(seen.brp_inschrijving().personen(0).bsn(), kVergeten);
  EXPECT_EQ(seen.brp_inschrijving().personen(0).v_nummer(), kVergeten);
  EXPECT_EQ(seen.brp_inschrijving().personen_size(), 2) << "the facts stay";
  EXPECT_EQ(seen.brp_inschrijving().gemeente(), "gemeente:dordrecht");
}

}  // namespace
}  // namespace regiotafel::privacy
