// The auditor's replay: what was known at a moment, a view written for Excel and as CSV, and a replay at
// positie N against what a node's ViewHost served when its log held N records.
#include <google/protobuf/util/time_util.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "contract/json.h"
#include "eventstore/log_copy.h"
#include "services/audit/replay.h"
#include "services/node/views/view_host.h"
#include "services/table/view_table.h"
#include "services/table/xlsx_reader.h"
#include "tests/audit/audit_fixture.h"
#include "tests/support/process.h"
#include "tests/support/test_replica.h"

namespace regiotafel::audit {
namespace {

using audit_testing::AuditTest;
using eventstore::testing::TempDir;
using Clock = std::chrono::steady_clock;

// "What was known then": the records the bus had recorded by a moment, however they are grouped.
TEST_F(AuditTest, ReplayBekendOpTakesWhatWasRecordedByThatMoment) {
  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("log"), &copy).ok());
  std::vector<v1::LogRecord> records;
  ASSERT_TRUE(copy->Scan(1,
                         [&](std::string_view, std::string_view value) {
                           records.emplace_back().ParseFromArray(value.data(),
                                                                 static_cast<int>(value.size()));
                           return true;
                         })
                  .ok());
  for (uint64_t k : {uint64_t{1}, head_ / 2, head_}) {
    const google::protobuf::Timestamp moment = records[k - 1].recorded_at();
    uint64_t expected = 0;
    for (const v1::LogRecord& r : records) {
      if (google::protobuf::util::TimeUtil::TimestampToMicroseconds(r.recorded_at()) <=
          google::protobuf::util::TimeUtil::TimestampToMicroseconds(moment)) {
        expected = r.position();
      }
    }
    projections::Projection projection;
    uint64_t tot = 0;
    ASSERT_TRUE(Replay(*copy, {.bekend_op = moment}, &projection, &tot).ok());
    EXPECT_EQ(tot, expected);
    EXPECT_GE(tot, k);
  }
  google::protobuf::Timestamp before;  // 1970: nothing was known
  projections::Projection projection;
  uint64_t tot = 99;
  ASSERT_TRUE(Replay(*copy, {.bekend_op = before}, &projection, &tot).ok());
  EXPECT_EQ(tot, 0u);
}

// The monthly meeting's overview: replay writes a view as an Excel workbook and as CSV, with Dutch
// headers, holding what the projection shows at that positie and peildatum.
TEST_F(AuditTest, ReplayWritesTheViewForExcel) {
  using regiotafel::testing::RunToEnd;
  const std::string xlsx = dir_.Sub("taakstelling.xlsx"), csv = dir_.Sub("dossiers.csv");
  testing::CommandRun to_excel = RunToEnd({AUDIT_BINARY, "replay", dir_.Sub("log"), "--view", "taakstelling",
                                           "--positie", "40", "--peildatum", "2026-06-30", "--xlsx", xlsx},
                                          dir_.Sub("replay1.txt"));
  ASSERT_EQ(to_excel.exit_code, 0) << to_excel.output;
  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir_.Sub("log"), &copy).ok());
  projections::Projection projection;
  uint64_t tot = 0;
  ASSERT_TRUE(Replay(*copy, {.position = 40}, &projection, &tot).ok());
  const std::vector<table::Table> expected =
      table::TablesOfView(projection.Taakstelling({.peildatum = *ParseDate("2026-06-30")}));
  std::vector<table::Table> read;
  ASSERT_TRUE(table::ReadXlsx(xlsx, &read).ok());
  ASSERT_EQ(read.size(), expected.size());
  EXPECT_EQ(read[0].columns, expected[0].columns);
  EXPECT_EQ(read[0].rows, expected[0].rows);
  EXPECT_EQ(read[0].columns[0], "Gemeente");
  EXPECT_FALSE(read[0].rows.empty());

  testing::CommandRun to_csv = RunToEnd({AUDIT_BINARY, "replay", dir_.Sub("log"), "--view", "dossiers",
                                         "--peildatum", "2026-06-30", "--csv", csv},
                                        dir_.Sub("replay2.txt"));
  ASSERT_EQ(to_csv.exit_code, 0) << to_csv.output;
  const std::string text = testing::ReadFile(csv);
  EXPECT_EQ(text.rfind("\xEF\xBB\xBFV-nummer;Naam;Gemeente;", 0), 0u) << text.substr(0, 80);

  testing::CommandRun unknown =
      RunToEnd({AUDIT_BINARY, "replay", dir_.Sub("log"), "--view", "overzicht"}, dir_.Sub("replay3.txt"));
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.output.find("bekend zijn: dossiers, taakstelling"), std::string::npos) << unknown.output;
}

// What a node served at a few sizes of its log, as its ViewHost computed it then, against replays
// of a copy of the finished log at those positions.
TEST(AuditReplayTest, ReplayAtPositionEqualsWhatTheNodeServedThen) {
  TempDir dir;
  ASSERT_FALSE(dir.path().empty());
  views_testing::TestReplica replica(dir.Sub("replica"));
  node::ViewHostOptions options;
  options.wait_for_position = [&replica](uint64_t position, Clock::time_point deadline) {
    return replica.WaitForPosition(position, deadline);
  };
  node::ViewHost host(replica.log(), std::move(options));
  host.Start();
  const std::vector<v1::Envelope> region = views_testing::Region(40);
  const int32_t peildatum = *ParseDate("2026-04-15");
  std::map<uint64_t, std::vector<std::string>> served;  // positie → the six views' JSON
  for (size_t from = 0; from < region.size(); from += region.size() / 3 + 1) {
    const size_t to = std::min(region.size(), from + region.size() / 3 + 1);
    const uint64_t head = replica.Append({region.begin() + from, region.begin() + to});
    for (size_t k = 0; k < node::CachedView::kKinds; ++k) {
      std::shared_ptr<const node::CachedView> view;
      Status s = host.View(static_cast<node::CachedView::Kind>(k), {.peildatum = peildatum, .position = head},
                           Clock::now() + std::chrono::seconds(60), &view);
      ASSERT_TRUE(s.ok()) << s.ToString();
      served[head].push_back(view->Json());
    }
  }
  host.Stop();
  ASSERT_EQ(served.size(), 3u);

  std::unique_ptr<eventstore::LogCopy> copy;
  ASSERT_TRUE(eventstore::LogCopy::Open(dir.Sub("replica"), &copy).ok());
  const std::vector<std::string_view> names = {"dossiers", "taakstelling", "pijplijn",
                                               "signalen", "woningen",     "corporaties"};
  for (const auto& [position, views] : served) {
    projections::Projection projection;
    uint64_t tot = 0;
    ASSERT_TRUE(Replay(*copy, {.position = position}, &projection, &tot).ok());
    EXPECT_EQ(tot, position);
    for (size_t k = 0; k < names.size(); ++k) {
      std::unique_ptr<google::protobuf::Message> view;
      ASSERT_TRUE(ViewByName(projection, names[k], {.peildatum = peildatum}, &view).ok());
      EXPECT_EQ(contract::ListToJson(*view), views[k]) << names[k] << " at positie " << position;
    }
  }
  std::unique_ptr<google::protobuf::Message> none;
  EXPECT_TRUE(ViewByName(projections::Projection(), "overzicht", {}, &none).IsInvalidArgument());
}

}  // namespace
}  // namespace regiotafel::audit
