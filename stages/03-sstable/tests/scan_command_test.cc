#include "scan_command.h"

#include <gtest/gtest.h>

#include "memtable_engine.h"
#include "string_commands.h"

namespace stepdb {
namespace {

class ScanCommand : public ::testing::Test {
 protected:
  ScanCommand() {
    AddStringCommands(table_, engine_);
    AddScanCommand(table_, engine_);
    for (const char* key : {"b", "a", "d", "c"}) Run(std::string("SET ") + key + " v " + key);
  }
  std::string Run(const std::string& line) {
    std::string reply;
    table_.Execute(line, &reply);
    return reply;
  }
  MemTableEngine engine_;
  CommandTable table_;
};

TEST_F(ScanCommand, HalfOpenRangeInOrder) {
  EXPECT_EQ(Run("SCAN b d"), "VALUE b v b\nVALUE c v c\nEND\n");
}

TEST_F(ScanCommand, OpenEndsAndLimit) {
  EXPECT_EQ(Run("SCAN - +"), "VALUE a v a\nVALUE b v b\nVALUE c v c\nVALUE d v d\nEND\n");
  EXPECT_EQ(Run("SCAN - + 2"), "VALUE a v a\nVALUE b v b\nEND\n");
  EXPECT_EQ(Run("scan c +"), "VALUE c v c\nVALUE d v d\nEND\n");
}

TEST_F(ScanCommand, DeletedKeysAreLeftOut) {
  Run("DEL b");
  EXPECT_EQ(Run("SCAN a c"), "VALUE a v a\nEND\n");
}

TEST_F(ScanCommand, EmptyAndBackwardRanges) {
  EXPECT_EQ(Run("SCAN x z"), "END\n");
  EXPECT_EQ(Run("SCAN d a"), "END\n");
  EXPECT_EQ(Run("SCAN b b"), "END\n");
}

TEST_F(ScanCommand, BadArguments) {
  EXPECT_EQ(Run("SCAN a"),
            "ERROR wrong number of arguments for 'SCAN', usage: SCAN <start> <end> [limit]\n");
  EXPECT_EQ(Run("SCAN a b 1 2"),
            "ERROR wrong number of arguments for 'SCAN', usage: SCAN <start> <end> [limit]\n");
  EXPECT_EQ(Run("SCAN a b 0"), "ERROR limit must be a positive integer, got '0'\n");
  EXPECT_EQ(Run("SCAN a b ten"), "ERROR limit must be a positive integer, got 'ten'\n");
  EXPECT_EQ(Run("SCAN a b -1"), "ERROR limit must be a positive integer, got '-1'\n");
}

}  // namespace
}  // namespace stepdb
