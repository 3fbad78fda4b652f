// stepdb-tree, run as a program on a real data directory that a LeveledEngine wrote.
#include <gtest/gtest.h>

#include <filesystem>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/status_matchers.h"
#include "common/testkit/temp_dir.h"
#include "file_names.h"
#include "leveled_engine.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TempDir;

class TreeTool : public ::testing::Test {
 protected:
  TreeTool() {
    options_.engine.lsm.fsync = FsyncPolicy::kNo;
    options_.engine.lsm.memtable_bytes = 4096;
    options_.compaction.l0_compaction_trigger = 2;
    options_.compaction.l0_slowdown_tables = 3;
    options_.compaction.l0_stop_tables = 4;
    options_.compaction.level1_max_bytes = 16 << 10;
    options_.compaction.target_table_bytes = 4 << 10;
  }

  // Fills the directory with a tree of three levels, and closes it.
  void MakeTree() {
    ASSERT_OK_AND_ASSIGN(auto engine,
                         LeveledEngine::Open(DefaultFileSystem(), dir_.path(), options_));
    for (int i = 0; i < 3000; ++i) {
      ASSERT_OK(engine->Put("key" + std::to_string(10000 + i % 1200), std::string(40, 'v')));
    }
    for (int i = 0; i < 1200; i += 7) ASSERT_OK(engine->Delete("key" + std::to_string(10000 + i)));
    ASSERT_OK(engine->lsm().Flush());
    ASSERT_OK(engine->WaitForCompactions());
    manifest_ = engine->lsm().manifest();
    ASSERT_OK(engine->Close());
  }

  int Run(const std::vector<std::string>& args, std::string* output) {
    return ServerProcess::RunToExit(testkit::kTreeBinary, args, output, std::chrono::seconds(60));
  }

  TempDir dir_;
  LeveledOptions options_;
  ManifestState manifest_;
};

TEST_F(TreeTool, ShowPrintsLevelsTablesRangesAndWriteAmplification) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());
  std::string output;
  ASSERT_EQ(Run({"show", dir_.path(), "--level1-max-bytes", "16KiB"}, &output), 0) << output;
  for (size_t level = 0; level < manifest_.levels.size(); ++level) {
    EXPECT_NE(output.find("L" + std::to_string(level) + " "), std::string::npos) << output;
    for (const TableMeta& meta : manifest_.levels[level]) {
      char line[128];
      std::snprintf(line, sizeof line, "%06llu", static_cast<unsigned long long>(meta.number));
      EXPECT_NE(output.find(line), std::string::npos) << line << " missing:\n" << output;
      EXPECT_NE(output.find(meta.smallest + " .. " + meta.largest), std::string::npos) << output;
    }
  }
  EXPECT_NE(output.find("16 KiB"), std::string::npos) << "level 1's budget:\n" << output;
  EXPECT_NE(output.find("write amplification (tables): "), std::string::npos) << output;
}

TEST_F(TreeTool, CheckPassesOnAHealthyTreeAndNamesAMissingTable) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());
  ASSERT_GE(manifest_.levels.size(), 2u);
  ASSERT_FALSE(manifest_.levels[1].empty());
  std::string output;
  EXPECT_EQ(Run({"check", dir_.path()}, &output), 0) << output;
  EXPECT_NE(output.find(", 0 problems"), std::string::npos) << output;

  // An orphan is reported but is not damage.
  std::filesystem::copy_file(TableFileName(dir_.path(), manifest_.levels[1].front().number),
                             TableFileName(dir_.path(), 999999));
  EXPECT_EQ(Run({"check", dir_.path()}, &output), 0) << output;
  EXPECT_NE(output.find("orphan: "), std::string::npos) << output;

  const std::string missing = TableFileName(dir_.path(), manifest_.levels[1].back().number);
  std::filesystem::remove(missing);
  EXPECT_EQ(Run({"check", dir_.path()}, &output), 1) << output;
  EXPECT_NE(output.find("problem: " + missing), std::string::npos) << output;
}

TEST_F(TreeTool, CompactLeavesOneLevelAndRefusesADatabaseInUse) {
  ASSERT_NO_FATAL_FAILURE(MakeTree());
  {
    ASSERT_OK_AND_ASSIGN(auto engine,
                         LeveledEngine::Open(DefaultFileSystem(), dir_.path(), options_));
    std::string output;
    EXPECT_EQ(Run({"compact", dir_.path()}, &output), 1) << output;
    EXPECT_NE(output.find("Busy"), std::string::npos) << output;
  }
  std::string output;
  ASSERT_EQ(Run({"compact", dir_.path()}, &output), 0) << output;
  ASSERT_OK_AND_ASSIGN(auto engine,
                       LeveledEngine::Open(DefaultFileSystem(), dir_.path(), options_));
  const ManifestState after = engine->lsm().manifest();
  size_t levels_with_tables = 0;
  for (const auto& level : after.levels) levels_with_tables += level.empty() ? 0 : 1;
  EXPECT_EQ(levels_with_tables, 1u) << output;
  EXPECT_GT(after.bytes_compacted, manifest_.bytes_compacted);
  EXPECT_TRUE(engine->Get("key10000").status().IsNotFound());  // deleted: 0 % 7 == 0
  EXPECT_EQ(*engine->Get("key10001"), std::string(40, 'v'));
}

TEST_F(TreeTool, BadUsageExitsWithTwoAndAMissingDirectoryWithOne) {
  std::string output;
  EXPECT_EQ(Run({}, &output), 2) << output;
  EXPECT_EQ(Run({"frobnicate", dir_.path()}, &output), 2) << output;
  EXPECT_EQ(Run({"show", dir_.Join("nowhere")}, &output), 1) << output;
  EXPECT_EQ(Run({"check", dir_.Join("nowhere")}, &output), 1) << output;
}

}  // namespace
}  // namespace stepdb
