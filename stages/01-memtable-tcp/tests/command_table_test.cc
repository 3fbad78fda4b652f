// The text protocol, run line by line against a CommandTable over a MemTableEngine.
#include "command_table.h"

#include <gtest/gtest.h>

#include "memtable_engine.h"
#include "protocol_limits.h"
#include "string_commands.h"

namespace stepdb {
namespace {

class TextProtocol : public ::testing::Test {
 protected:
  TextProtocol() { AddStringCommands(table_, engine_); }

  std::string Run(std::string_view line) {
    std::string reply;
    table_.Execute(line, &reply);
    return reply;
  }

  MemTableEngine engine_;
  CommandTable table_;
};

TEST_F(TextProtocol, SetGetDel) {
  EXPECT_EQ(Run("SET k v"), "OK\n");
  EXPECT_EQ(Run("GET k"), "VALUE v\n");
  EXPECT_EQ(Run("DEL k"), "OK\n");
  EXPECT_EQ(Run("GET k"), "NOT_FOUND\n");
  EXPECT_EQ(Run("DEL k"), "NOT_FOUND\n");
}

TEST_F(TextProtocol, ValueIsTheRestOfTheLine) {
  EXPECT_EQ(Run("SET greeting hello,  big world "), "OK\n");
  EXPECT_EQ(Run("GET greeting"), "VALUE hello,  big world \n");
}

TEST_F(TextProtocol, EmptyValueIsAllowed) {
  EXPECT_EQ(Run("SET k "), "OK\n");
  EXPECT_EQ(Run("GET k"), "VALUE \n");
}

TEST_F(TextProtocol, CommandNamesIgnoreCaseKeysDoNot) {
  EXPECT_EQ(Run("set Key v"), "OK\n");
  EXPECT_EQ(Run("gEt Key"), "VALUE v\n");
  EXPECT_EQ(Run("GET key"), "NOT_FOUND\n");
}

TEST_F(TextProtocol, ExtraSpacesBetweenWordsAreFine) {
  EXPECT_EQ(Run("  SET   k v"), "OK\n");
  EXPECT_EQ(Run("GET   k  "), "VALUE v\n");
}

TEST_F(TextProtocol, EmptyLineGetsNoReply) {
  EXPECT_EQ(Run(""), "");
  EXPECT_EQ(Run("   "), "");
}

TEST_F(TextProtocol, UnknownCommand) {
  EXPECT_EQ(Run("FLY away"), "ERROR unknown command 'FLY', try HELP\n");
}

TEST_F(TextProtocol, WrongNumberOfArguments) {
  EXPECT_EQ(Run("GET"), "ERROR wrong number of arguments for 'GET', usage: GET <key>\n");
  EXPECT_EQ(Run("GET a b"), "ERROR wrong number of arguments for 'GET', usage: GET <key>\n");
  EXPECT_EQ(Run("SET k"), "ERROR wrong number of arguments for 'SET', usage: SET <key> <value>\n");
  EXPECT_EQ(Run("DEL"), "ERROR wrong number of arguments for 'DEL', usage: DEL <key>\n");
  EXPECT_EQ(Run("HELP me"), "ERROR wrong number of arguments for 'HELP', usage: HELP\n");
}

TEST_F(TextProtocol, KeyLimit) {
  const std::string at_limit(kMaxKeyBytes, 'k');
  const std::string over_limit(kMaxKeyBytes + 1, 'k');
  EXPECT_EQ(Run("SET " + at_limit + " v"), "OK\n");
  EXPECT_EQ(Run("GET " + at_limit), "VALUE v\n");
  EXPECT_EQ(Run("SET " + over_limit + " v"), "ERROR key too long (limit 1024 bytes)\n");
  EXPECT_EQ(Run("GET " + over_limit), "ERROR key too long (limit 1024 bytes)\n");
  EXPECT_EQ(Run("DEL " + over_limit), "ERROR key too long (limit 1024 bytes)\n");
}

TEST_F(TextProtocol, HelpListsEveryCommandThenEnd) {
  const std::string help = Run("HELP");
  for (const char* usage : {"HELP", "SET <key> <value>", "GET <key>", "DEL <key>"}) {
    EXPECT_NE(help.find(usage), std::string::npos) << usage << " missing from:\n" << help;
  }
  EXPECT_TRUE(help.ends_with("\nEND\n")) << help;
}

}  // namespace
}  // namespace stepdb
