// What a node shows of the sealed parts its replica holds (services/node/views/personal_data.h),
// through the views API over a real socket and a real replica: each class its kind may read, "" for
// the others, "onleesbaar" for a part it cannot open (sealed under a key epoch it does not hold, or
// damaged), and every fact as it is.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <list>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "privacy/seal.h"
#include "privacy/sealed_event.h"
#include "services/node/http/views_api.h"
#include "services/node/views/personal_data.h"
#include "tests/support/test_replica.h"

namespace regiotafel::node {
namespace {

namespace pb = google::protobuf;
using namespace std::chrono_literals;
using namespace projections::testing;
using contract::OrgKind;
using views_testing::Clock;
using views_testing::TempDir;

constexpr char kOmschrijving[] = "Omschrijving-3391";

class PersonalDataViewsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The writer seals bsn for epoch 2, which the reading gemeente was never given.
    for (privacy::KlasseKey key :
         {privacy::NewKlasseKey(v1::IDENTITEIT, 1), privacy::NewKlasseKey(v1::BSN, 1),
          privacy::NewKlasseKey(v1::TOELICHTING, 1)}) {
      writer_.Add(key);
      gemeente_.Add(key);
    }
    writer_.Add(privacy::NewKlasseKey(v1::BSN, 2));
    for (const privacy::KlasseKey& key : gemeente_.keys()) {
      privacy::KlasseKey public_half = key;
      if (key.klasse != v1::IDENTITEIT) public_half.secret_key.clear();
      corporatie_.Add(public_half);
    }
    v1::Envelope signaal = Signaal("2026-03-02", kV1, "s1", kDordrecht);
    signaal.mutable_signaal()->set_omschrijving(kOmschrijving);
    AppendSealed({Aanmelding("2026-01-05", kV1, kDordrecht, 1),
                  BrpInschrijving("2026-03-01", kV1, kDordrecht), signaal});
  }

  void TearDown() override {
    for (Served& served : served_) {
      while (served.thread.joinable() && !served.server.is_running()) std::this_thread::yield();
      served.server.stop();
      if (served.thread.joinable()) served.thread.join();
      served.host->Stop();
    }
  }

  // Appends the envelopes split and sealed as the origin's node does; the toelichting part's
  // ciphertext damaged, as a disk could.
  void AppendSealed(const std::vector<v1::Envelope>& envelopes) {
    privacy::Sealer sealer(writer_);
    std::vector<eventstore::AppendEntry> batch;
    for (v1::Envelope e : envelopes) {
      e.set_event_id(NewUuid());
      e.set_stream(contract::StreamOf(e));
      e.set_origin_seq(static_cast<uint64_t>(batch.size()) + 1);
      std::vector<std::string> parts;
      ASSERT_TRUE(privacy::SplitAndSeal(sealer, &e, &parts).ok());
      eventstore::AppendEntry& entry = batch.emplace_back();
      ASSERT_TRUE(
          eventstore::AppendEntry::FromSigned(e.SerializeAsString(), std::string(64, 's'), &entry).ok());
      for (std::string& part : parts) {
        v1::VerzegeldDeel deel;
        ASSERT_TRUE(deel.ParseFromString(part));
        if (deel.klasse() == v1::TOELICHTING) {
          deel.mutable_ciphertext()->back() ^= 1;
          part = deel.SerializeAsString();
        }
        entry.parts.push_back({static_cast<uint32_t>(deel.klasse()), part});
      }
    }
    std::vector<eventstore::AppendResult> results;
    ASSERT_TRUE(log_->Append(std::move(batch), &results).ok());
    for (const auto& r : results) ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  }

  struct Served {
    std::unique_ptr<PersonalData> personal_data;
    std::unique_ptr<ViewHost> host;
    std::unique_ptr<ViewsApi> api;
    httplib::Server server;
    std::thread thread;
    int port = 0;
  };

  // The views API of a node of `kind` holding `keys`, over the replica.
  int Serve(OrgKind kind, const privacy::Keyring& keys) {
    Served& s = served_.emplace_back();
    s.personal_data = std::make_unique<PersonalData>(kind, keys);
    ViewHostOptions host_options;
    host_options.personal_data = s.personal_data.get();
    s.host = std::make_unique<ViewHost>(*log_, std::move(host_options));
    s.host->Start();
    ViewsApiOptions api_options;
    api_options.personal_data = s.personal_data.get();
    s.api = std::make_unique<ViewsApi>(*s.host, *log_, std::move(api_options));
    s.api->Register(s.server);
    s.port = s.server.bind_to_any_port("127.0.0.1");
    EXPECT_GT(s.port, 0);
    s.thread = std::thread([&s] { s.server.listen_after_bind(); });
    return s.port;
  }

  static pb::Struct Get(int port, const std::string& target) {
    httplib::Client client("127.0.0.1", port);
    httplib::Result result = client.Get(target.c_str());
    pb::Struct json;
    EXPECT_TRUE(result && result->status == 200) << target << ": " << (result ? result->body : "no answer");
    if (result) {
      EXPECT_TRUE(pb::util::JsonStringToMessage(result->body, &json).ok()) << result->body;
    }
    return json;
  }

  static std::string Body(int port, const std::string& target) {
    pb::Struct json = Get(port, target);
    std::string text;
    (void)pb::util::MessageToJsonString(json, &text);
    return text;
  }

  TempDir dir_;
  std::unique_ptr<eventstore::EventLog> log_ = [this] {
    std::unique_ptr<eventstore::EventLog> log;
    EXPECT_TRUE(eventstore::EventLog::Open(dir_.Sub("replica"), {.sync = false}, &log).ok());
    return log;
  }();
  privacy::Keyring writer_, gemeente_, corporatie_;
  std::list<Served> served_;
};

TEST_F(PersonalDataViewsTest, APartTheNodeCannotOpenIsOnleesbaarAndTheRestIsShown) {
  const int gemeente = Serve(OrgKind::kGemeente, gemeente_);
  const std::string historie = "/api/v1/dossiers/" + std::string(kV1) + "/historie?peildatum=2026-04-01";
  const std::string body = Body(gemeente, historie);
  EXPECT_NE(body.find(R"("naam":"Amina Yusuf")"), std::string::npos) << body;
  EXPECT_NE(body.find(R"("bsn":"onleesbaar")"), std::string::npos)
      << "sealed for an epoch it lacks: " << body;
  EXPECT_NE(body.find(R"("omschrijving":"onleesbaar")"), std::string::npos) << "damaged: " << body;
  EXPECT_EQ(body.find("111222333"), std::string::npos) << body;
  EXPECT_EQ(body.find(kOmschrijving), std::string::npos) << body;
  const pb::Struct dossier = Get(gemeente, "/api/v1/dossiers/" + std::string(kV1) + "?peildatum=2026-04-01");
  EXPECT_EQ(dossier.fields().at("naam").string_value(), "Amina Yusuf");
  EXPECT_EQ(dossier.fields().at("datum_brp").string_value(), "2026-03-01") << "the facts are all there";

  // A corporatie's node shows the classes it may not read as "", not as onleesbaar.
  const std::string seen = Body(Serve(OrgKind::kCorporatie, corporatie_), historie);
  EXPECT_NE(seen.find(R"("naam":"Amina Yusuf")"), std::string::npos) << seen;
  EXPECT_NE(seen.find(R"("bsn":"")"), std::string::npos) << seen;
  EXPECT_NE(seen.find(R"("omschrijving":"")"), std::string::npos) << seen;
  EXPECT_EQ(seen.find("onleesbaar"), std::string::npos) << seen;
}

}  // namespace
}  // namespace regiotafel::node
