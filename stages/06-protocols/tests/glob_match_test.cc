// GlobMatch against the cases of Redis's own tests (tests/unit/keyspace.tcl, util.c's
// stringmatchlen tests) and its edge rules.
#include "glob_match.h"

#include <gtest/gtest.h>

#include <string>

namespace stepdb {
namespace {

struct Case {
  const char* pattern;
  const char* text;
  bool match;
};

TEST(GlobMatch, RedisPatternSyntax) {
  const Case cases[] = {
      {"h?llo", "hello", true},
      {"h?llo", "hallo", true},
      {"h?llo", "hllo", false},
      {"h*llo", "hllo", true},
      {"h*llo", "heeeello", true},
      {"h*llo", "hellox", false},
      {"h[ae]llo", "hello", true},
      {"h[ae]llo", "hallo", true},
      {"h[ae]llo", "hillo", false},
      {"h[^e]llo", "hallo", true},
      {"h[^e]llo", "hello", false},
      {"h[a-b]llo", "hallo", true},
      {"h[a-b]llo", "hbllo", true},
      {"h[a-b]llo", "hcllo", false},
      {"h[b-a]llo", "hallo", true},
      {"h\\*llo", "h*llo", true},
      {"h\\*llo", "hello", false},
      {"*", "anything", true},
      {"a*b*c", "aXXbYYc", true},
      {"a*b*c", "aXXbYY", false},
      {"[abc", "a", true},
      {"[abc", "d", false},
      {"foo\\", "foo\\", true},
      {"*a", "bba", true},
      {"k[\\]]y", "k]y", true},
      {"", "", true},
      {"*", "", false},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.text), c.match)
        << "pattern '" << c.pattern << "' text '" << c.text << "'";
  }
}

TEST(GlobMatch, NocaseFoldsLettersOnly) {
  EXPECT_TRUE(GlobMatch("MAX*", "maxclients", /*nocase=*/true));
  EXPECT_FALSE(GlobMatch("MAX*", "maxclients", /*nocase=*/false));
  EXPECT_TRUE(GlobMatch("[A-C]x", "bx", /*nocase=*/true));
}

TEST(GlobMatch, BinaryTextMatchesByteForByte) {
  const std::string text("a\0b", 3);
  EXPECT_TRUE(GlobMatch(std::string_view("a?b"), text));
  EXPECT_TRUE(GlobMatch(std::string_view("a\0*", 3), text));
}

// A pattern of many stars against a long text that never matches must end quickly: Redis's
// rule that a failed star stops the stars before it keeps the work polynomial.
TEST(GlobMatch, HostilePatternEnds) {
  const std::string pattern = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
  const std::string text(5000, 'a');
  EXPECT_FALSE(GlobMatch(pattern, text));
}

}  // namespace
}  // namespace stepdb
