// ServerConfig: Redis's parameter kinds, memory sizes, globbed GET, immutable parameters.
#include "server_config.h"

#include <gtest/gtest.h>

namespace stepdb {
namespace {

TEST(ServerConfig, DefaultsAreRedisNames) {
  ServerConfig config;
  ASSERT_NE(config.Get("maxclients"), nullptr);
  EXPECT_EQ(*config.Get("maxclients"), "10000");
  EXPECT_EQ(*config.Get("appendonly"), "yes");
  EXPECT_EQ(*config.Get("databases"), "16");
  EXPECT_EQ(config.Get("no-such-parameter"), nullptr);
}

TEST(ServerConfig, GetFindsANameInAnyAsciiCase) {
  ServerConfig config;
  const std::string* mixed = config.Get("MaxClients");
  ASSERT_NE(mixed, nullptr) << "Get(\"MaxClients\")";
  EXPECT_EQ(*mixed, "10000");
  const std::string* upper = config.Get("MAXMEMORY-POLICY");
  ASSERT_NE(upper, nullptr) << "Get(\"MAXMEMORY-POLICY\")";
  EXPECT_EQ(*upper, "noeviction");
}

TEST(ServerConfig, MatchGlobsCaseInsensitivelyInNameOrder) {
  ServerConfig config;
  auto found = config.Match("MAX*");
  ASSERT_GE(found.size(), 3u);
  EXPECT_EQ(found[0].first, "maxclients");
  for (size_t i = 1; i < found.size(); ++i) EXPECT_LT(found[i - 1].first, found[i].first);
  EXPECT_TRUE(config.Match("nothing-like-this*").empty());
}

TEST(ServerConfig, SetChecksEachKind) {
  ServerConfig config;
  EXPECT_TRUE(config.Set("maxclients", "50").ok());
  EXPECT_EQ(config.Integer("maxclients"), 50);
  Status bad = config.Set("maxclients", "fifty");
  EXPECT_TRUE(bad.IsInvalidArgument());
  EXPECT_EQ(bad.message(), "argument couldn't be parsed into an integer");
  EXPECT_EQ(config.Set("maxclients", "0").message(),
            "argument must be between 1 and 4294967295 inclusive");
  EXPECT_TRUE(config.Set("appendonly", "NO").ok());
  EXPECT_EQ(*config.Get("appendonly"), "no");
  EXPECT_TRUE(config.Set("appendonly", "maybe").IsInvalidArgument());
  EXPECT_TRUE(config.Set("maxmemory-policy", "allkeys-lru").ok());
  EXPECT_TRUE(config.Set("maxmemory-policy", "sometimes").IsInvalidArgument());
  EXPECT_TRUE(config.Set("no-such-parameter", "1").IsNotFound());
}

TEST(ServerConfig, MemorySizesUseRedisUnits) {
  int64_t bytes = 0;
  ASSERT_TRUE(ServerConfig::ParseMemory("1k", &bytes));
  EXPECT_EQ(bytes, 1000);
  ASSERT_TRUE(ServerConfig::ParseMemory("1KB", &bytes));
  EXPECT_EQ(bytes, 1024);
  ASSERT_TRUE(ServerConfig::ParseMemory("5mb", &bytes));
  EXPECT_EQ(bytes, 5 * 1024 * 1024);
  ASSERT_TRUE(ServerConfig::ParseMemory("123", &bytes));
  EXPECT_EQ(bytes, 123);
  EXPECT_FALSE(ServerConfig::ParseMemory("mb", &bytes));
  EXPECT_FALSE(ServerConfig::ParseMemory("-1mb", &bytes));
  ServerConfig config;
  ASSERT_TRUE(config.Set("maxmemory", "2mb").ok());
  EXPECT_EQ(*config.Get("maxmemory"), "2097152");
}

TEST(ServerConfig, ImmutableParametersOnlyAtStartUp) {
  ServerConfig config;
  EXPECT_EQ(config.Set("port", "7000").message(), "can't set immutable config");
  EXPECT_TRUE(config.Set("port", "7000", /*startup=*/true).ok());
  EXPECT_EQ(config.Integer("port"), 7000);
}

}  // namespace
}  // namespace stepdb
