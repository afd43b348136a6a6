// The organisation executables' command line, in-process: which event commands each kind gets, and
// the bodies the descriptor-driven options make. No node is involved (bodies are built, not posted).
#include "services/organisation/organisation_cli.h"

#include <google/protobuf/descriptor.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "contract/json.h"
#include "contract/roles.h"

namespace regiotafel::organisation {
namespace {

namespace pb = google::protobuf;
using contract::OrgKind;

constexpr OrgKind kKinds[] = {OrgKind::kGemeente, OrgKind::kCorporatie, OrgKind::kVluchtelingenwerk,
                              OrgKind::kCoa, OrgKind::kRegio};

std::vector<const pb::FieldDescriptor*> Payloads() {
  const pb::OneofDescriptor* oneof = v1::Envelope::descriptor()->FindOneofByName("payload");
  std::vector<const pb::FieldDescriptor*> out;
  for (int i = 0; i < oneof->field_count(); ++i) out.push_back(oneof->field(i));
  return out;
}

std::string Kebab(std::string snake) {
  std::replace(snake.begin(), snake.end(), '_', '-');
  return snake;
}

// Parses `args` (without the program name) as the command line of `cli`.
void Parse(OrganisationCli& cli, std::vector<std::string> args) {
  std::reverse(args.begin(), args.end());  // CLI11 consumes the vector from its end
  cli.app().parse(args);
}

// The envelope the chosen event command makes, read back through the node's own body parser.
v1::Envelope BodyOf(OrganisationCli& cli, const std::string& command, const std::string& own = "") {
  EventCommand* event = cli.Event(command);
  EXPECT_NE(event, nullptr) << command;
  PayloadDefaults defaults;
  defaults.today = "2026-01-05";
  int asked = 0;
  defaults.own_organisation = [&](std::string* out) {
    ++asked;
    *out = own;
    return Status::Ok();
  };
  std::string body;
  Status s = event->Body(defaults, &body);
  EXPECT_TRUE(s.ok()) << s.ToString();
  v1::Envelope envelope;
  s = contract::EnvelopeFromBody(body, &envelope);
  EXPECT_TRUE(s.ok()) << s.ToString() << "\n" << body;
  EXPECT_LE(asked, 1) << "the own organisation is asked once at most";
  return envelope;
}

TEST(OrganisationCliTest, EveryKindHasACommandForExactlyTheEventsItMayPublish) {
  for (OrgKind kind : kKinds) {
    OrganisationCli cli(kind);
    for (const pb::FieldDescriptor* payload : Payloads()) {
      const auto payload_case = static_cast<contract::PayloadCase>(payload->number());
      EXPECT_EQ(cli.Event(Kebab(payload->name())) != nullptr, contract::MayPublish(kind, payload_case))
          << contract::OrgKindName(kind) << " " << payload->name();
    }
  }
}

TEST(OrganisationCliTest, EveryFieldOfEveryPayloadHasAnOptionNamedAfterIt) {
  for (const pb::FieldDescriptor* payload : Payloads()) {
    const auto payload_case = static_cast<contract::PayloadCase>(payload->number());
    const OrgKind* kind = std::find_if(std::begin(kKinds), std::end(kKinds),
                                       [&](OrgKind k) { return contract::MayPublish(k, payload_case); });
    ASSERT_NE(kind, std::end(kKinds)) << payload->name() << " has no publisher";
    OrganisationCli cli(*kind);
    EventCommand* event = cli.Event(Kebab(payload->name()));
    ASSERT_NE(event, nullptr);
    const pb::Descriptor* type = payload->message_type();
    for (int i = 0; i < type->field_count(); ++i) {
      EXPECT_NE(event->command().get_option_no_throw("--" + Kebab(type->field(i)->name())), nullptr)
          << payload->name() << "." << type->field(i)->name();
    }
  }
}

TEST(OrganisationCliTest, AanmeldingFromOptionsWithRepeatedPersons) {
  OrganisationCli cli(OrgKind::kCoa);
  Parse(cli, {"aanmelding", "--v-nummer", "1234567890", "--naam", "Amina Haddad", "--geboortedatum",
              "1990-04-01", "--persoon", "1234567891,Omar Haddad\\, jr,2015-02-03", "--gezinsleden",
              "1234567892,Sara", "--verwachte-nareizigers", "2", "--verblijfplaats", "AZC Dordrecht",
              "--gemeente", "gemeente:dordrecht", "--event-id", "3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b"});
  const v1::Envelope e = BodyOf(cli, "aanmelding");
  ASSERT_TRUE(e.has_aanmelding());
  const v1::Aanmelding& a = e.aanmelding();
  EXPECT_EQ(e.event_id(), "3f2b8c1e-9d4a-4e5f-8a7b-1c2d3e4f5a6b");
  EXPECT_EQ(a.datum(), "2026-01-05") << "datum defaults to today";
  EXPECT_EQ(a.v_nummer(), "1234567890");
  EXPECT_EQ(a.naam(), "Amina Haddad");
  EXPECT_EQ(a.geboortedatum(), "1990-04-01");
  ASSERT_EQ(a.gezinsleden_size(), 2);
  EXPECT_EQ(a.gezinsleden(0).naam(), "Omar Haddad, jr") << "\\, is a comma inside a part";
  EXPECT_EQ(a.gezinsleden(0).geboortedatum(), "2015-02-03");
  EXPECT_EQ(a.gezinsleden(1).v_nummer(), "1234567892");
  EXPECT_EQ(a.gezinsleden(1).geboortedatum(), "") << "a part left out at the end stays empty";
  EXPECT_EQ(a.verwachte_nareizigers(), 2);
  EXPECT_EQ(a.verblijfplaats(), "AZC Dordrecht");
  EXPECT_EQ(a.gemeente(), "gemeente:dordrecht");
}

TEST(OrganisationCliTest, BrpInschrijvingTakesPersonsAsVNummerAndBsn) {
  OrganisationCli cli(OrgKind::kGemeente);
  Parse(cli, {"brp-inschrijving", "--datum", "2026-02-01", "--v-nummer", "1234567890", "--persoon",
              "1234567890,111222333", "--persoon", "1234567891,123456782"});
  const v1::Envelope e = BodyOf(cli, "brp-inschrijving", "gemeente:zwijndrecht");
  const v1::BrpInschrijving& b = e.brp_inschrijving();
  EXPECT_EQ(b.datum(), "2026-02-01");
  EXPECT_EQ(b.gemeente(), "gemeente:zwijndrecht") << "the gemeente's own organisation by default";
  ASSERT_EQ(b.personen_size(), 2);
  EXPECT_EQ(b.personen(0).bsn(), "111222333");
  EXPECT_EQ(b.personen(1).v_nummer(), "1234567891");
}

TEST(OrganisationCliTest, WoningIdAlsoAsWoningAndTheCorporatieDefaultsToTheNodesOwn) {
  OrganisationCli cli(OrgKind::kCorporatie);
  Parse(cli, {"reservering", "--v-nummer", "1234567890", "--woning", "DRD/12-a", "--personen", "3"});
  const v1::Reservering r = BodyOf(cli, "reservering", "corporatie:trivire").reservering();
  EXPECT_EQ(r.woning_id(), "DRD/12-a");
  EXPECT_EQ(r.personen(), 3);
  EXPECT_EQ(r.corporatie(), "corporatie:trivire");

  OrganisationCli given(OrgKind::kCorporatie);
  Parse(given, {"reservering", "--woning-id", "W1", "--corporatie", "corporatie:poort6"});
  EXPECT_EQ(BodyOf(given, "reservering", "corporatie:trivire").reservering().corporatie(),
            "corporatie:poort6")
      << "a given value wins over the default";
}

TEST(OrganisationCliTest, EnumsByNameInAnyCaseWithDashes) {
  OrganisationCli cli(OrgKind::kVluchtelingenwerk);
  Parse(cli, {"begeleiding-fase", "--v-nummer", "1234567890", "--fase", "coaching-vestiging"});
  EXPECT_EQ(BodyOf(cli, "begeleiding-fase").begeleiding_fase().fase(),
            v1::BegeleidingFase::COACHING_VESTIGING);

  OrganisationCli unspecified(OrgKind::kVluchtelingenwerk);
  EXPECT_THROW(Parse(unspecified, {"begeleiding-fase", "--fase", "FASE_UNSPECIFIED"}), CLI::ValidationError);
  OrganisationCli unknown(OrgKind::kVluchtelingenwerk);
  EXPECT_THROW(Parse(unknown, {"begeleiding-fase", "--fase", "klaar"}), CLI::ValidationError);
}

TEST(OrganisationCliTest, ValuesThatDoNotFitTheFieldAreUsageErrors) {
  OrganisationCli too_big(OrgKind::kCorporatie);
  EXPECT_THROW(Parse(too_big, {"reservering", "--personen", "2147483648"}), CLI::ValidationError);
  OrganisationCli not_a_number(OrgKind::kCorporatie);
  EXPECT_THROW(Parse(not_a_number, {"reservering", "--personen", "drie"}), CLI::ValidationError);
  OrganisationCli too_many_parts(OrgKind::kCoa);
  EXPECT_THROW(Parse(too_many_parts, {"aanmelding", "--persoon", "1,2,3,4"}), CLI::ValidationError);
  OrganisationCli bad_event_id(OrgKind::kCoa);
  EXPECT_THROW(Parse(bad_event_id, {"aanmelding", "--event-id", "not-a-uuid"}), CLI::ValidationError);
}

TEST(OrganisationCliTest, AnOptionalNumberIsSetOnlyWhenGiven) {
  OrganisationCli without(OrgKind::kRegio);
  Parse(without, {"taakstelling-vastgesteld", "--gemeente", "gemeente:dordrecht", "--periode", "2026-H1",
                  "--aantal", "40"});
  const v1::TaakstellingVastgesteld t =
      BodyOf(without, "taakstelling-vastgesteld").taakstelling_vastgesteld();
  EXPECT_EQ(t.aantal(), 40);
  EXPECT_FALSE(t.has_startsaldo());

  OrganisationCli with(OrgKind::kRegio);
  Parse(with, {"taakstelling-vastgesteld", "--startsaldo", "-7"});
  const v1::TaakstellingVastgesteld s = BodyOf(with, "taakstelling-vastgesteld").taakstelling_vastgesteld();
  ASSERT_TRUE(s.has_startsaldo());
  EXPECT_EQ(s.startsaldo(), -7);
}

TEST(OrganisationCliTest, RefusedFieldsPointBackToTheirOption) {
  OrganisationCli cli(OrgKind::kCoa);
  PayloadOptions aanmelding(v1::Envelope::kAanmelding, OrgKind::kCoa);
  aanmelding.AddTo(cli.app());
  EXPECT_EQ(aanmelding.OptionFor("aanmelding.v_nummer"), "--v-nummer");
  EXPECT_EQ(aanmelding.OptionFor("aanmelding.gezinsleden[1].naam"), "--gezinsleden");
  EXPECT_EQ(aanmelding.OptionFor("reservering.woning_id"), "");
  EXPECT_EQ(aanmelding.OptionFor("origin"), "");
}

TEST(OrganisationCliTest, OnlyTheRegioImportsTheOldAdministrationAndEveryKindExports) {
  for (OrgKind kind : kKinds) {
    OrganisationCli cli(kind);
    EXPECT_EQ(cli.importeer() != nullptr, kind == OrgKind::kRegio) << contract::OrgKindName(kind);
    EXPECT_NO_THROW(cli.app().get_subcommand("exporteer")) << contract::OrgKindName(kind);
  }
  OrganisationCli regio(OrgKind::kRegio);
  EXPECT_THROW(Parse(regio, {"importeer", "oud.xlsx"}), CLI::RequiredError)
      << "--regio names the organisations";
}

TEST(OrganisationCliTest, ExporteerAsksForTheDossiersAtItsPeildatum) {
  OrganisationCli all(OrgKind::kGemeente);
  Parse(all, {"exporteer", "overzicht.xlsx"});
  EXPECT_EQ(all.exporteer().Target(), "/api/v1/dossiers");
  OrganisationCli some(OrgKind::kGemeente);
  Parse(some, {"exporteer", "overzicht.csv", "--peildatum", "2026-06-30", "--positie", "120", "--gemeente",
               "gemeente:dordrecht"});
  EXPECT_EQ(some.exporteer().Target(),
            "/api/v1/dossiers?peildatum=2026-06-30&positie=120&gemeente=gemeente%3Adordrecht");
}

TEST(OrganisationCliTest, ExporteerTeVergetenAsksForThatView) {
  OrganisationCli cli(OrgKind::kRegio);
  Parse(cli, {"exporteer", "te-vergeten", "te-vergeten.xlsx", "--peildatum", "2033-01-09"});
  EXPECT_EQ(cli.exporteer().Target(), "/api/v1/te-vergeten?peildatum=2033-01-09");
  OrganisationCli bad(OrgKind::kRegio);
  EXPECT_THROW(Parse(bad, {"exporteer", "te-vergeten.txt"}), CLI::ValidationError);
}

TEST(OrganisationCliTest, OnlyGemeenteAndRegioMayForget) {
  for (OrgKind kind : kKinds) {
    OrganisationCli cli(kind);
    const bool may = kind == OrgKind::kGemeente || kind == OrgKind::kRegio;
    EXPECT_EQ(cli.vergeet() != nullptr, may) << contract::OrgKindName(kind);
  }
}

TEST(OrganisationCliTest, VergeetRedenIsAWordInAnyCase) {
  int reden = 0;
  ASSERT_TRUE(ParseVergeetReden("verzoek_betrokkene", &reden).ok());
  EXPECT_EQ(reden, v1::DossierVergeten::VERZOEK_BETROKKENE);
  ASSERT_TRUE(ParseVergeetReden("Bewaartermijn", &reden).ok());
  EXPECT_EQ(reden, v1::DossierVergeten::BEWAARTERMIJN);
  ASSERT_TRUE(ParseVergeetReden("ONJUIST", &reden).ok());
  EXPECT_EQ(reden, v1::DossierVergeten::ONJUIST);
  for (const std::string bad : {"", "reden_unspecified", "vergeten"}) {
    Status s = ParseVergeetReden(bad, &reden);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_NE(s.message().find("kies bewaartermijn, verzoek_betrokkene of onjuist"), std::string::npos)
        << s.message();
  }
  v1::Envelope envelope;
  ASSERT_TRUE(contract::EnvelopeFromBody(
                  VergeetBody("1234567890", v1::DossierVergeten::ONJUIST, "2026-01-05"), &envelope)
                  .ok());
  EXPECT_EQ(envelope.dossier_vergeten().v_nummer(), "1234567890");
  EXPECT_EQ(envelope.dossier_vergeten().datum(), "2026-01-05");
  EXPECT_EQ(envelope.dossier_vergeten().reden(), v1::DossierVergeten::ONJUIST);
}

TEST(OrganisationCliTest, VergeetRefusesWithoutRedenOrConfirmation) {
  OrganisationCli cli(OrgKind::kGemeente);
  Parse(cli, {"vergeet", "1234567890"});
  std::istringstream in;
  std::ostringstream out, err;
  EXPECT_EQ(cli.vergeet()->Run(in, /*terminal=*/false, out, err), 2);
  EXPECT_NE(err.str().find("de reden ontbreekt"), std::string::npos) << err.str();

  OrganisationCli no_tty(OrgKind::kGemeente);
  Parse(no_tty, {"vergeet", "1234567890", "--reden", "onjuist", "--node", "http://127.0.0.1:1"});
  err.str("");
  EXPECT_EQ(no_tty.vergeet()->Run(in, /*terminal=*/false, out, err), 2);
  EXPECT_NE(err.str().find("geef --ja"), std::string::npos) << err.str();

  OrganisationCli nee(OrgKind::kGemeente);
  Parse(nee, {"vergeet", "1234567890", "--reden", "onjuist", "--node", "http://127.0.0.1:1"});
  std::istringstream answer("n\n");
  out.str(""), err.str("");
  EXPECT_EQ(nee.vergeet()->Run(answer, /*terminal=*/true, out, err), 2);
  EXPECT_NE(out.str().find("Dossier 1234567890 vergeten? Dit kan niet ongedaan worden. [j/N]"),
            std::string::npos)
      << out.str();
  EXPECT_NE(err.str().find("niets vergeten"), std::string::npos) << err.str();
}

}  // namespace
}  // namespace regiotafel::organisation
