// CompactionPicker: which tables the next compaction takes, from a MANIFEST state alone.
#include "compaction_picker.h"

#include <gtest/gtest.h>

namespace stepdb {
namespace {

TableMeta Table(uint64_t number, std::string smallest, std::string largest, uint64_t size) {
  return TableMeta{number, size, std::move(smallest), std::move(largest)};
}

std::vector<uint64_t> Numbers(const std::vector<TableMeta>& tables) {
  std::vector<uint64_t> numbers;
  for (const TableMeta& meta : tables) numbers.push_back(meta.number);
  return numbers;
}

class CompactionPickerTest : public ::testing::Test {
 protected:
  CompactionPickerTest() {
    options_.l0_compaction_trigger = 4;
    options_.level1_max_bytes = 1000;
    options_.size_ratio = 10;
    options_.max_levels = 4;
    state_.levels.resize(4);
  }

  CompactionOptions options_;
  ManifestState state_;
  std::vector<std::string> next_start_;
};

TEST_F(CompactionPickerTest, NothingToDoWhileEveryLevelIsWithinBudget) {
  state_.levels[0] = {Table(9, "a", "z", 100), Table(8, "a", "z", 100), Table(7, "a", "z", 100)};
  state_.levels[1] = {Table(1, "a", "m", 500), Table(2, "n", "z", 499)};
  EXPECT_DOUBLE_EQ(LevelScore(state_, options_, 0), 0.75);
  EXPECT_DOUBLE_EQ(LevelScore(state_, options_, 1), 0.999);
  EXPECT_FALSE(PickCompaction(state_, options_, &next_start_).has_value());
}

TEST_F(CompactionPickerTest, LevelZeroGoesDownWholeWithTheOverlappingLevelOneTables) {
  state_.levels[0] = {Table(12, "c", "d", 10), Table(11, "b", "c", 10), Table(10, "c", "e", 10),
                      Table(9, "d", "f", 10)};
  state_.levels[1] = {Table(1, "a", "a", 10), Table(2, "b", "c", 10), Table(3, "f", "g", 10),
                      Table(4, "h", "k", 10)};
  auto compaction = PickCompaction(state_, options_, &next_start_);
  ASSERT_TRUE(compaction.has_value());
  EXPECT_EQ(compaction->level, 0u);
  EXPECT_EQ(compaction->output_level, 1u);
  EXPECT_EQ(Numbers(compaction->inputs), (std::vector<uint64_t>{12, 11, 10, 9}));  // newest first
  EXPECT_EQ(Numbers(compaction->overlaps), (std::vector<uint64_t>{2, 3}));  // b..f meets them
  EXPECT_FALSE(compaction->trivial_move);
}

TEST_F(CompactionPickerTest, TheLevelMostOverItsBudgetGoesFirst) {
  state_.levels[0] = {Table(20, "a", "b", 10), Table(19, "a", "b", 10), Table(18, "a", "b", 10),
                      Table(17, "a", "b", 10), Table(16, "a", "b", 10)};    // 5 / 4 = 1.25
  state_.levels[1] = {Table(1, "a", "m", 1000), Table(2, "n", "z", 1000)};  // 2000 / 1000 = 2
  state_.levels[2] = {Table(3, "a", "z", 15000)};    // 1.5; deeper levels are never picked...
  state_.levels[3] = {Table(4, "a", "z", 1000000)};  // ...and the last level has no score
  EXPECT_DOUBLE_EQ(LevelScore(state_, options_, 3), 0);
  auto compaction = PickCompaction(state_, options_, &next_start_);
  ASSERT_TRUE(compaction.has_value());
  EXPECT_EQ(compaction->level, 1u);
  EXPECT_EQ(compaction->output_level, 2u);
  EXPECT_EQ(Numbers(compaction->inputs), (std::vector<uint64_t>{1}));
  EXPECT_EQ(Numbers(compaction->overlaps), (std::vector<uint64_t>{3}));
}

TEST_F(CompactionPickerTest, DeeperLevelsArePickedRoundRobinThroughTheKeySpace) {
  state_.levels[1] = {Table(1, "a", "c", 800), Table(2, "d", "f", 800), Table(3, "g", "i", 800)};
  std::vector<uint64_t> picked;
  for (int i = 0; i < 4; ++i) {
    auto compaction = PickCompaction(state_, options_, &next_start_);
    ASSERT_TRUE(compaction.has_value());
    picked.push_back(compaction->inputs.front().number);
  }
  EXPECT_EQ(picked, (std::vector<uint64_t>{1, 2, 3, 1}));
}

TEST_F(CompactionPickerTest, ATableWithNothingBelowItMovesDownWithoutARewrite) {
  state_.levels[1] = {Table(1, "a", "c", 2000)};
  state_.levels[2] = {Table(2, "x", "z", 10)};
  auto compaction = PickCompaction(state_, options_, &next_start_);
  ASSERT_TRUE(compaction.has_value());
  EXPECT_TRUE(compaction->trivial_move);
  EXPECT_NE(compaction->Describe().find("moved"), std::string::npos) << compaction->Describe();
}

TEST_F(CompactionPickerTest, OverlapIncludesTablesThatOnlyTouchTheRange) {
  state_.levels[1] = {Table(1, "a", "c", 1), Table(2, "c", "e", 1), Table(3, "f", "h", 1),
                      Table(4, "h", "j", 1), Table(5, "k", "m", 1)};
  EXPECT_EQ(Numbers(OverlappingTables(state_, 1, "c", "h")), (std::vector<uint64_t>{1, 2, 3, 4}));
  EXPECT_EQ(Numbers(OverlappingTables(state_, 1, "ca", "cz")), (std::vector<uint64_t>{2}));
  EXPECT_TRUE(OverlappingTables(state_, 1, "n", "z").empty());
  EXPECT_TRUE(OverlappingTables(state_, 9, "a", "z").empty());  // no such level
}

TEST_F(CompactionPickerTest, WholeLevelCompactionTakesEveryTable) {
  EXPECT_FALSE(CompactWholeLevel(state_, 2).has_value());  // empty
  state_.levels[2] = {Table(1, "a", "c", 1), Table(2, "d", "f", 1)};
  state_.levels[3] = {Table(3, "b", "b", 1), Table(4, "x", "y", 1)};
  auto compaction = CompactWholeLevel(state_, 2);
  ASSERT_TRUE(compaction.has_value());
  EXPECT_EQ(Numbers(compaction->inputs), (std::vector<uint64_t>{1, 2}));
  EXPECT_EQ(Numbers(compaction->overlaps), (std::vector<uint64_t>{3}));
  EXPECT_EQ(compaction->output_level, 3u);
}

TEST(CompactionOptionsTest, LevelBudgetsGrowByTheRatio) {
  CompactionOptions options;
  EXPECT_EQ(options.MaxBytesForLevel(1), 10u << 20);
  EXPECT_EQ(options.MaxBytesForLevel(2), 100u << 20);
  EXPECT_EQ(options.MaxBytesForLevel(3), 1000u << 20);
}

}  // namespace
}  // namespace stepdb
