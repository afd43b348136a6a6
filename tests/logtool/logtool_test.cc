// regiotafel-log as a real process: `cat` and `head` only read. A --data without a log is refused
// with a message and a non-zero exit, and nothing is created there: an auditor who mistypes the
// directory must not read "an empty log".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace regiotafel {
namespace {

namespace fs = std::filesystem;
using testing::CommandRun;
using testing::RunToEnd;

class LogtoolTest : public ::testing::Test {
 protected:
  CommandRun Log(std::vector<std::string> args) {
    args.insert(args.begin(), LOG_BINARY);
    return RunToEnd(args, dir_.Sub("out-" + std::to_string(++runs_)));
  }

  testing::TempDir dir_;
  int runs_ = 0;
};

TEST_F(LogtoolTest, CatAndHeadRefuseADirectoryThatDoesNotExistAndCreateNothing) {
  const std::string missing = dir_.Sub("bestaat-niet");
  for (const char* command : {"cat", "head"}) {
    CommandRun run = Log({command, "--data", missing});
    EXPECT_NE(run.exit_code, 0) << command << ": " << run.output;
    EXPECT_NE(run.exit_code, -1) << command << " did not finish";
    EXPECT_NE(run.output.find("geen log"), std::string::npos) << command << ": " << run.output;
    EXPECT_FALSE(fs::exists(missing)) << command << " created " << missing;
  }
}

TEST_F(LogtoolTest, CatAndHeadRefuseAnEmptyDirectoryAndWriteNothingIntoIt) {
  const std::string empty = dir_.Sub("leeg");
  fs::create_directory(empty);
  for (const char* command : {"cat", "head"}) {
    CommandRun run = Log({command, "--data", empty});
    EXPECT_NE(run.exit_code, 0) << command << ": " << run.output;
    EXPECT_NE(run.output.find("geen log"), std::string::npos) << command << ": " << run.output;
    EXPECT_TRUE(fs::is_empty(empty)) << command << " wrote into " << empty;
  }
  // A log/ that holds no log is refused as well.
  fs::create_directory(empty + "/log");
  CommandRun run = Log({"cat", "--data", empty});
  EXPECT_NE(run.exit_code, 0) << run.output;
  EXPECT_TRUE(fs::is_empty(empty + "/log"));
}

TEST_F(LogtoolTest, CatAndHeadReadALogThatAppendWrote) {
  const std::string data = dir_.Sub("data");
  {
    std::ofstream lines(dir_.Sub("events.jsonl"));
    for (int i = 1; i <= 2; ++i) {
      lines << R"({"signaal": {"datum": "2025-03-01", "v_nummer": "1234567890", "signaal_id": "s)" << i
            << R"(", "soort": "OVERIG", "omschrijving": "test"}})"
            << "\n";
    }
  }
  CommandRun appended = Log({"append", "--data", data, "--origin", "coa:coa", dir_.Sub("events.jsonl")});
  ASSERT_EQ(appended.exit_code, 0) << appended.output;

  CommandRun head = Log({"head", "--data", data});
  ASSERT_EQ(head.exit_code, 0) << head.output;
  EXPECT_NE(head.output.find("\"position\": 2"), std::string::npos) << head.output;
  CommandRun cat = Log({"cat", "--data", data, "--from", "2"});
  ASSERT_EQ(cat.exit_code, 0) << cat.output;
  EXPECT_EQ(cat.output.rfind("2  ", 0), 0u) << cat.output;
  EXPECT_EQ(cat.output.find("\n1  "), std::string::npos) << "from 2 on only: " << cat.output;
  CommandRun one = Log({"cat", "--data", data, "--max", "1", "--json"});
  ASSERT_EQ(one.exit_code, 0) << one.output;
  EXPECT_NE(one.output.find("\"position\":1"), std::string::npos) << one.output;
  EXPECT_EQ(one.output.find("\"position\":2"), std::string::npos) << one.output;
}

}  // namespace
}  // namespace regiotafel
