// Black-box tests of the server commands: DBSIZE, FLUSHDB, FLUSHALL, SWAPDB, TIME, LASTSAVE,
// SAVE, BGSAVE, SHUTDOWN, INFO, CONFIG, COMMAND, DEBUG and the commands tools send on
// connect. Every expected reply was taken from redis-server 7.0.15; the tables that do not
// depend on this server's own features (DEBUG COMPACT, the storage section) are also run
// against redis-server when it is installed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "redis_command_test_support.h"
#include "stage06_server_fixture.h"

namespace stepdb {
namespace {

using testkit::TestClient;

class RedisServer : public Stage06ServerTest {};

int64_t UnixSeconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

// The text of INFO's reply to `request` (a bulk string in RESP2).
std::string Info(TestClient& client, const std::vector<std::string>& request = {"INFO"}) {
  EXPECT_TRUE(client.Send(Resp(request)));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, '$') << "INFO's reply";
  return reply.text;
}

// The value of INFO's line "name:value", or "<absent>".
std::string InfoField(const std::string& info, const std::string& name) {
  const std::string key = name + ":";
  size_t at = info.rfind("\r\n" + key);
  at = info.compare(0, key.size(), key) == 0 ? 0 : at == std::string::npos ? at : at + 2;
  if (at == std::string::npos) return "<absent>";
  const size_t start = at + key.size();
  return info.substr(start, info.find("\r\n", start) - start);
}

int64_t IntegerReply(TestClient& client, const std::vector<std::string>& request) {
  EXPECT_TRUE(client.Send(Resp(request)));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, ':') << request[0];
  return reply.type == ':' ? std::stoll(reply.text) : -1;
}

TEST_F(RedisServer, ServerCommandsCheckTheirArgumentsAsRedis) {
  const std::vector<Step> steps = {
      {{"FLUSHDB", "x"}, Err("ERR syntax error")},
      {{"FLUSHDB", "async", "sync"}, Err("ERR syntax error")},
      {{"FLUSHALL", "a", "b"}, Err("ERR syntax error")},
      {{"FLUSHDB", "ASYNC"}, kOk},
      {{"FLUSHDB", "sync"}, kOk},
      {{"FLUSHALL", "SYNC"}, kOk},
      {{"FLUSHALL", "async"}, kOk},
      {{"SWAPDB", "0", "x"}, Err("ERR invalid second DB index")},
      {{"SWAPDB", "x", "0"}, Err("ERR invalid first DB index")},
      {{"SWAPDB", "99999999999", "0"}, Err("ERR invalid first DB index")},
      {{"SWAPDB", "0", "16"}, Err("ERR DB index is out of range")},
      {{"SWAPDB", "-1", "0"}, Err("ERR DB index is out of range")},
      {{"SWAPDB", "0"}, Err("ERR wrong number of arguments for 'swapdb' command")},
      {{"SWAPDB", "0", "0"}, kOk},
      {{"DBSIZE", "x"}, Err("ERR wrong number of arguments for 'dbsize' command")},
      {{"TIME", "x"}, Err("ERR wrong number of arguments for 'time' command")},
      {{"LASTSAVE", "x"}, Err("ERR wrong number of arguments for 'lastsave' command")},
      {{"SAVE", "x"}, Err("ERR wrong number of arguments for 'save' command")},
      {{"BGSAVE", "x"}, Err("ERR syntax error")},
      {{"BGSAVE", "SCHEDULE", "x"}, Err("ERR syntax error")},
      {{"SHUTDOWN", "FOO"}, Err("ERR syntax error")},
      {{"SHUTDOWN", "NOSAVE", "SAVE"}, Err("ERR syntax error")},
      {{"SHUTDOWN", "SAVE", "ABORT"}, Err("ERR syntax error")},
      {{"SHUTDOWN", "ABORT", "NOW"}, Err("ERR syntax error")},
      {{"SHUTDOWN", "ABORT"}, Err("ERR No shutdown in progress.")},
      {{"DBSIZE"}, Int(0)},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

TEST_F(RedisServer, DbSizeCountsTheSelectedDatabase) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"SET", "a", "1"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"SET", "b", "2"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"SET", "a", "3"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2)));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "1"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(0)));
}

TEST_F(RedisServer, FlushDbEmptiesOnlyTheSelectedDatabaseAndStaysFlushedAfterARestart) {
  {
    TestClient client(port());
    for (const char* db : {"0", "1", "2"}) {
      EXPECT_TRUE(client.Exchange(Resp({"SELECT", db}), kOk));
      EXPECT_TRUE(client.Exchange(Resp({"SET", "k", std::string("in ") + db}), kOk));
      EXPECT_TRUE(client.Exchange(Resp({"SET", "other", "x"}), kOk));
    }
    EXPECT_TRUE(client.Exchange(Resp({"SELECT", "1"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"FLUSHDB"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(0)));
    EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), kNil));
    EXPECT_TRUE(client.Exchange(Resp({"SET", "new", "after the flush"}), kOk));
  }
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("in 0")));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2)));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "1"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), kNil));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "new"}), Bulk("after the flush")));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(1)));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "2"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("in 2")));
}

// FLUSHALL only makes the keys unreachable; the full compaction of DEBUG COMPACT is what
// removes them from the tables, through the keyspace's compaction filter.
TEST_F(RedisServer, FlushAllThenDebugCompactDropsEveryKeyFromDisk) {
  constexpr int kKeys = 200;
  {
    TestClient client(port());
    for (const char* db : {"0", "5"}) {
      EXPECT_TRUE(client.Exchange(Resp({"SELECT", db}), kOk));
      for (int i = 0; i < kKeys; ++i) {
        ASSERT_TRUE(client.Exchange(Resp({"SET", "key" + std::to_string(i), "value"}), kOk));
      }
    }
    EXPECT_TRUE(client.Exchange(Resp({"SAVE"}), kOk));  // the keys are in a table now
    EXPECT_TRUE(client.Exchange(Resp({"FLUSHALL"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(0)));
    EXPECT_TRUE(client.Exchange(Resp({"SELECT", "0"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(0)));
    EXPECT_TRUE(client.Exchange(Resp({"GET", "key7"}), kNil));
    EXPECT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
    const std::string storage = Info(client, {"INFO", "storage"});
    EXPECT_GE(std::stoll(InfoField(storage, "entries_filtered")), 2 * kKeys) << storage;
  }
  Restart();
  TestClient client(port());
  for (const char* db : {"0", "5"}) {
    EXPECT_TRUE(client.Exchange(Resp({"SELECT", db}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(0)));
    EXPECT_TRUE(client.Exchange(Resp({"GET", "key0"}), kNil));
  }
}

TEST_F(RedisServer, SwapDbExchangesDatabasesForEveryClientAndSurvivesARestart) {
  {
    TestClient writer(port());
    TestClient reader(port());
    EXPECT_TRUE(writer.Exchange(Resp({"SET", "k", "zero"}), kOk));
    EXPECT_TRUE(writer.Exchange(Resp({"SELECT", "3"}), kOk));
    EXPECT_TRUE(writer.Exchange(Resp({"SET", "k", "three"}), kOk));
    EXPECT_TRUE(writer.Exchange(Resp({"SET", "only", "in three"}), kOk));
    EXPECT_TRUE(reader.Exchange(Resp({"GET", "k"}), Bulk("zero")));
    EXPECT_TRUE(writer.Exchange(Resp({"SWAPDB", "0", "3"}), kOk));
    EXPECT_TRUE(reader.Exchange(Resp({"GET", "k"}), Bulk("three")));  // reader stayed in 0
    EXPECT_TRUE(reader.Exchange(Resp({"DBSIZE"}), Int(2)));
    EXPECT_TRUE(writer.Exchange(Resp({"GET", "k"}), Bulk("zero")));  // writer stayed in 3
    EXPECT_TRUE(writer.Exchange(Resp({"DBSIZE"}), Int(1)));
  }
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"GET", "only"}), Bulk("in three")));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "3"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("zero")));
}

// SAVE and BGSAVE flush the memtable into a table: what they acknowledged survives kill -9
// even under appendfsync no.
TEST_F(RedisServer, SaveAndBgSaveMakeWritesDurable) {
  Restart({"--fsync", "no"});
  const int64_t before = UnixSeconds();
  {
    TestClient client(port());
    EXPECT_TRUE(client.Exchange(Resp({"SET", "saved", "by SAVE"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"SAVE"}), kOk));
    const int64_t last_save = IntegerReply(client, {"LASTSAVE"});
    EXPECT_GE(last_save, before);
    EXPECT_LE(last_save, UnixSeconds());
    EXPECT_TRUE(client.Exchange(Resp({"SET", "saved too", "by BGSAVE"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"BGSAVE"}), "+Background saving started\r\n"));
    EXPECT_TRUE(client.Exchange(Resp({"BGSAVE", "schedule"}), "+Background saving started\r\n"));
  }
  server().Kill();
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"GET", "saved"}), Bulk("by SAVE")));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "saved too"}), Bulk("by BGSAVE")));
}

TEST_F(RedisServer, TimeIsTheServersClockInSecondsAndMicroseconds) {
  TestClient client(port());
  ASSERT_TRUE(client.Send(Resp({"TIME"})));
  const Reply time = ReadReply(client);
  ASSERT_EQ(time.type, '*');
  ASSERT_EQ(time.items.size(), 2u);
  EXPECT_EQ(time.items[0].type, '$');
  EXPECT_NEAR(std::stoll(time.items[0].text), UnixSeconds(), 5);
  const long long micros = std::stoll(time.items[1].text);
  EXPECT_GE(micros, 0);
  EXPECT_LT(micros, 1000000);
}

// SHUTDOWN has no reply: the server syncs, closes the engine and exits with 0. Even NOSAVE
// under appendfsync no keeps what was acknowledged.
TEST_F(RedisServer, ShutdownStopsTheServerWithExitCodeZeroAndKeepsTheData) {
  Restart({"--fsync", "no"});
  {
    TestClient client(port());
    EXPECT_TRUE(client.Exchange(Resp({"SET", "k", "kept"}), kOk));
    ASSERT_TRUE(client.Send(Resp({"SHUTDOWN", "NOSAVE"})));
    EXPECT_EQ(client.ReadAll(), "");
    EXPECT_TRUE(client.PeerClosed());
  }
  for (int i = 0; i < 200 && server().running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(server().running()) << "still running 10 s after SHUTDOWN";
  EXPECT_EQ(server().Stop(SIGTERM), 0) << server().log();
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("kept")));
}

TEST_F(RedisServer, InfoHasRedisSectionsAndTheFieldsClientsRead) {
  TestClient client(port());
  const std::string info = Info(client);
  EXPECT_EQ(info.substr(0, 10), "# Server\r\n") << info;
  for (const char* section :
       {"\r\n\r\n# Clients\r\n", "\r\n\r\n# Memory\r\n", "\r\n\r\n# Persistence\r\n",
        "\r\n\r\n# Stats\r\n", "\r\n\r\n# Replication\r\n", "\r\n\r\n# CPU\r\n",
        "\r\n\r\n# Keyspace\r\n", "\r\n\r\n# Storage\r\n"}) {
    EXPECT_NE(info.find(section), std::string::npos) << section << " in\n" << info;
  }
  EXPECT_EQ(info.find("# Commandstats"), std::string::npos) << "not in the default sections";
  EXPECT_EQ(info.find('\n', 0), info.find("\r\n", 0) + 1) << "lines end in \\r\\n";
  EXPECT_EQ(InfoField(info, "redis_version"), "7.0.15");
  EXPECT_EQ(InfoField(info, "redis_mode"), "standalone");
  EXPECT_EQ(InfoField(info, "arch_bits"), "64");
  EXPECT_EQ(InfoField(info, "tcp_port"), std::to_string(port()));
  EXPECT_EQ(InfoField(info, "process_id"), std::to_string(server().pid()));
  EXPECT_EQ(InfoField(info, "role"), "master");
  EXPECT_EQ(InfoField(info, "connected_slaves"), "0");
  EXPECT_EQ(InfoField(info, "connected_clients"), "1");
  EXPECT_EQ(InfoField(info, "blocked_clients"), "0");
  EXPECT_EQ(InfoField(info, "maxmemory"), "0");
  EXPECT_EQ(InfoField(info, "aof_enabled"), "1");
  EXPECT_GT(std::stoll(InfoField(info, "used_memory")), 0);
  EXPECT_NE(InfoField(info, "used_memory_human"), "<absent>");
  EXPECT_NE(InfoField(info, "uptime_in_seconds"), "<absent>");
  EXPECT_NE(InfoField(info, "rdb_last_save_time"), "<absent>");
  EXPECT_NE(InfoField(info, "bytes_flushed"), "<absent>");  // the engine's counters

  // Sections by name, in any case, always in INFO's own order.
  const std::string two = Info(client, {"INFO", "KEYSPACE", "cpu"});
  EXPECT_EQ(two.substr(0, 7), "# CPU\r\n") << two;
  EXPECT_NE(two.find("\r\n\r\n# Keyspace\r\n"), std::string::npos) << two;
  EXPECT_TRUE(client.Exchange(Resp({"INFO", "keyspace"}), Bulk("# Keyspace\r\n")));
  EXPECT_TRUE(client.Exchange(Resp({"INFO", "foo"}), Bulk("")));
  const std::string all = Info(client, {"INFO", "all"});
  EXPECT_NE(all.find("\r\n# Commandstats\r\n"), std::string::npos) << all;
  // "everything" names the same sections as "all" (their fields' values move between calls).
  const auto headers = [](const std::string& text) {
    std::vector<std::string> names;
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (line.rfind("# ", 0) == 0) names.push_back(line);
    }
    return names;
  };
  const std::vector<std::string> all_headers = headers(all);
  EXPECT_EQ(headers(Info(client, {"INFO", "everything"})), all_headers);
  EXPECT_NE(std::find(all_headers.begin(), all_headers.end(), "# Storage\r"), all_headers.end())
      << all;
}

TEST_F(RedisServer, InfoCountsKeysHitsAndCommands) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"SET", "k", "v"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("v")));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "missing"}), kNil));
  EXPECT_TRUE(
      client.Exchange(Resp({"GET"}), Err("ERR wrong number of arguments for 'get' command")));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "9"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"SET", "a", "1"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"SET", "b", "1"}), kOk));
  EXPECT_TRUE(client.Exchange(
      Resp({"INFO", "keyspace"}),
      Bulk("# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\ndb9:keys=2,expires=0,avg_ttl=0\r\n")));
  const std::string stats = Info(client, {"INFO", "stats", "commandstats"});
  EXPECT_EQ(InfoField(stats, "keyspace_hits"), "1") << stats;
  EXPECT_EQ(InfoField(stats, "keyspace_misses"), "1") << stats;
  EXPECT_EQ(InfoField(stats, "total_error_replies"), "1") << stats;
  const std::string get = InfoField(stats, "cmdstat_get");
  EXPECT_EQ(get.substr(0, 13), "calls=2,usec=") << stats;
  EXPECT_NE(get.find(",usec_per_call="), std::string::npos) << get;
  EXPECT_EQ(get.substr(get.find(",rejected_calls")), ",rejected_calls=1,failed_calls=0") << get;

  EXPECT_TRUE(client.Exchange(Resp({"CONFIG", "RESETSTAT"}), kOk));
  const std::string reset = Info(client, {"INFO", "stats", "commandstats"});
  EXPECT_EQ(InfoField(reset, "keyspace_hits"), "0") << reset;
  EXPECT_EQ(InfoField(reset, "cmdstat_get"), "<absent>") << reset;
  EXPECT_EQ(InfoField(reset, "total_commands_processed"), "1") << reset;  // RESETSTAT itself
}

TEST_F(RedisServer, InfoIsVerbatimTextInResp3) {
  TestClient client(port());
  SwitchToResp3(client);
  EXPECT_TRUE(client.Exchange(Resp({"INFO", "keyspace"}), "=16\r\ntxt:# Keyspace\r\n\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"INFO", "nothing"}), "=4\r\ntxt:\r\n"));
}

TEST_F(RedisServer, ConfigGetAndSetAnswerAsRedis) {
  auto failed = [](const std::string& argument, const std::string& reason) {
    return Err("ERR CONFIG SET failed (possibly related to argument '" + argument + "') - " +
               reason);
  };
  const std::vector<Step> steps = {
      {{"CONFIG", "GET", "maxclients"}, "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"},
      {{"CONFIG", "GET", "MAXCLIENTS"}, "*2\r\n$10\r\nMAXCLIENTS\r\n$5\r\n10000\r\n"},
      {{"CONFIG", "GET", "maxclients", "maxclients"}, "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"},
      {{"CONFIG", "GET", "no-such-thing*"}, "*0\r\n"},
      {{"CONFIG", "GET"}, Err("ERR wrong number of arguments for 'config|get' command")},
      {{"CONFIG", "SET", "foo", "bar"},
       Err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'")},
      {{"CONFIG", "SET", "maxclients", "x"},
       failed("maxclients", "argument couldn't be parsed into an integer")},
      {{"CONFIG", "SET", "maxclients", "0"},
       failed("maxclients", "argument must be between 1 and 4294967295 inclusive")},
      {{"CONFIG", "SET", "maxclients", "100", "maxclients", "200"},
       failed("maxclients", "duplicate parameter")},
      {{"CONFIG", "SET", "maxclients", "100", "MAXCLIENTS", "200"},
       failed("MAXCLIENTS", "duplicate parameter")},
      {{"CONFIG", "SET", "maxclients", "100", "foo"}, Err("ERR syntax error")},
      {{"CONFIG", "SET", "maxclients"},
       Err("ERR wrong number of arguments for 'config|set' command")},
      {{"CONFIG", "SET", "databases", "3"}, failed("databases", "can't set immutable config")},
      {{"CONFIG", "SET", "timeout", "x", "foo", "bar"},
       Err("ERR Unknown option or number of arguments for CONFIG SET - 'foo'")},
      // All or nothing: maxclients is not changed when timeout fails.
      {{"CONFIG", "SET", "maxclients", "100", "timeout", "x"},
       failed("timeout", "argument couldn't be parsed into an integer")},
      {{"CONFIG", "GET", "maxclients"}, "*2\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"},
      {{"CONFIG", "SET", "appendonly", "maybe"},
       failed("appendonly", "argument must be 'yes' or 'no'")},
      {{"CONFIG", "SET", "maxmemory-policy", "foo"},
       failed("maxmemory-policy",
              "argument(s) must be one of the following: volatile-lru, volatile-lfu, "
              "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, "
              "noeviction")},
      {{"CONFIG", "SET", "maxmemory", "1x"},
       failed("maxmemory", "argument must be a memory value")},
      {{"CONFIG", "SET", "maxmemory", "-1"},
       failed("maxmemory", "argument must be a memory value")},
      {{"CONFIG", "SET", "maxmemory", "2mb", "hz", "0"}, kOk},
      {{"CONFIG", "GET", "maxmemory"}, "*2\r\n$9\r\nmaxmemory\r\n$7\r\n2097152\r\n"},
      {{"CONFIG", "SET", "maxmemory", "0", "hz", "10", "maxclients", "100"}, kOk},
      {{"CONFIG", "GET", "maxclients"}, "*2\r\n$10\r\nmaxclients\r\n$3\r\n100\r\n"},
      {{"CONFIG", "SET", "maxclients", "10000"}, kOk},
      {{"CONFIG", "REWRITE"}, Err("ERR The server is running without a config file")},
      {{"CONFIG", "RESETSTAT", "x"},
       Err("ERR wrong number of arguments for 'config|resetstat' command")},
      {{"CONFIG", "FOO"}, Err("ERR unknown subcommand 'FOO'. Try CONFIG HELP.")},
      {{"CONFIG"}, Err("ERR wrong number of arguments for 'config' command")},
      {{"CONFIG", "HELP"},
       "*11\r\n+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
       "+GET <pattern>\r\n"
       "+    Return parameters matching the glob-like <pattern> and their values.\r\n"
       "+SET <directive> <value>\r\n+    Set the configuration <directive> to <value>.\r\n"
       "+RESETSTAT\r\n+    Reset statistics reported by the INFO command.\r\n"
       "+REWRITE\r\n+    Rewrite the configuration file.\r\n"
       "+HELP\r\n+    Prints this help.\r\n"},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

// Redis answers in the order of its hash table; this server in the order of the patterns,
// each pattern's matches in name order, every parameter once.
TEST_F(RedisServer, ConfigGetOfSeveralPatternsIsOneMapInResp3) {
  TestClient client(port());
  SwitchToResp3(client);
  EXPECT_TRUE(client.Exchange(
      Resp({"CONFIG", "GET", "timeout", "MAXMEMORY*", "maxclients", "timeout"}),
      "%4\r\n$7\r\ntimeout\r\n$1\r\n0\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n"
      "$16\r\nmaxmemory-policy\r\n$10\r\nnoeviction\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"));
}

TEST_F(RedisServer, ConfigSetTakesEffect) {
  TestClient admin(port());
  EXPECT_TRUE(admin.Exchange(Resp({"CONFIG", "SET", "maxclients", "2"}), kOk));
  EXPECT_EQ(InfoField(Info(admin, {"INFO", "clients"}), "maxclients"), "2");
  TestClient second(port());
  EXPECT_TRUE(second.Exchange(Resp({"PING"}), "+PONG\r\n"));
  TestClient third(port());
  EXPECT_TRUE(third.Exchange("", "-ERR max number of clients reached\r\n"));
}

TEST_F(RedisServer, CommandDescribesTheCommandTableAsRedis) {
  const std::vector<Step> steps = {
      // GET's info: Redis 7.0.15's bytes, which this server derives from GET's table record.
      {{"COMMAND", "INFO", "get", "nosuch"},
       "*2\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n"
       "+@read\r\n+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n"
       "$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n"
       "$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n"
       "*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n$-1\r\n"},
      {{"COMMAND", "GETKEYS", "get", "a"}, "*1\r\n$1\r\na\r\n"},
      {{"COMMAND", "GETKEYS", "MSET", "a", "b", "c", "d"}, "*2\r\n$1\r\na\r\n$1\r\nc\r\n"},
      {{"COMMAND", "GETKEYSANDFLAGS", "get", "a"},
       "*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n"},
      {{"COMMAND", "GETKEYS", "ping", "x"}, Err("ERR The command has no key arguments")},
      {{"COMMAND", "GETKEYS", "nosuch", "x"}, Err("ERR Invalid command specified")},
      {{"COMMAND", "GETKEYS", "get", "a", "b"},
       Err("ERR Invalid number of arguments specified for command")},
      {{"COMMAND", "GETKEYS", "get"},
       Err("ERR wrong number of arguments for 'command|getkeys' command")},
      {{"COMMAND", "COUNT", "x"}, Err("ERR wrong number of arguments for 'command|count' command")},
      {{"COMMAND", "DOCS", "nosuch"}, "*0\r\n"},
      {{"COMMAND", "LIST", "FILTERBY", "pattern", "ping*"}, "*1\r\n$4\r\nping\r\n"},
      {{"COMMAND", "LIST", "FILTERBY", "module", "x"}, "*0\r\n"},
      {{"COMMAND", "LIST", "FILTERBY", "aclcat", "nosuch"}, "*0\r\n"},
      {{"COMMAND", "LIST", "FILTERBY", "foo", "x"}, Err("ERR syntax error")},
      {{"COMMAND", "LIST", "FILTERBY", "pattern"}, Err("ERR syntax error")},
      {{"COMMAND", "LIST", "x"}, Err("ERR syntax error")},
      {{"COMMAND", "FOO"}, Err("ERR unknown subcommand 'FOO'. Try COMMAND HELP.")},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

TEST_F(RedisServer, CommandCountsListsAndDocumentsEveryCommandOfTheTable) {
  TestClient client(port());
  const int64_t count = IntegerReply(client, {"COMMAND", "COUNT"});
  ASSERT_TRUE(client.Send(Resp({"COMMAND"})));
  const Reply all = ReadReply(client);
  ASSERT_EQ(all.type, '*');
  EXPECT_EQ(static_cast<int64_t>(all.items.size()), count);
  ASSERT_TRUE(client.Send(Resp({"COMMAND", "LIST"})));
  const Reply list = ReadReply(client);
  std::vector<std::string> names;
  for (const Reply& name : list.items) names.push_back(name.text);
  for (const char* expected : {"ping", "hello", "client", "client|list", "config|get", "info",
                               "command", "command|docs", "get", "set", "flushall"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  }
  EXPECT_TRUE(
      client.Exchange(Resp({"COMMAND", "DOCS", "ping"}),
                      "*2\r\n$4\r\nping\r\n*6\r\n$7\r\nsummary\r\n$15\r\nPing the server\r\n"
                      "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$10\r\nconnection\r\n"));
  SwitchToResp3(client);
  EXPECT_TRUE(client.Exchange(Resp({"COMMAND", "INFO", "echo"}),
                              "*1\r\n*10\r\n$4\r\necho\r\n:2\r\n~3\r\n+loading\r\n+stale\r\n"
                              "+fast\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@fast\r\n+@connection\r\n"
                              "~0\r\n~0\r\n~0\r\n"));
}

TEST_F(RedisServer, DebugSleepBlocksTheServerAndDebugChecksItsSubcommands) {
  TestClient client(port());
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.Exchange(Resp({"DEBUG", "SLEEP", "0.3"}), kOk));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  // Redis's texts (with enable-debug-command yes).
  const std::vector<Step> steps = {
      {{"DEBUG", "SLEEP", "x"}, kOk},  // strtod: nothing parsed is 0
      {{"DEBUG", "SLEEP", "-1"}, kOk},
      {{"DEBUG", "SLEEP"},
       Err("ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.")},
      {{"debug", "sleep", "1", "2"},
       Err("ERR unknown subcommand or wrong number of arguments for 'sleep'. Try DEBUG HELP.")},
      {{"DEBUG", "FOO"},
       Err("ERR unknown subcommand or wrong number of arguments for 'FOO'. Try DEBUG HELP.")},
      {{"DEBUG"}, Err("ERR wrong number of arguments for 'debug' command")},
      {{"DEBUG", "COMPACT"}, kOk},
  };
  ExpectReplies(client, steps);
  ASSERT_TRUE(client.Send(Resp({"DEBUG", "HELP"})));
  const Reply help = ReadReply(client);
  ASSERT_EQ(help.type, '*');
  ASSERT_GE(help.items.size(), 3u);
  EXPECT_EQ(help.items[0].text, "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
}

TEST_F(RedisServer, CommandsToolsSendOnConnectAnswerAsRedis) {
  const std::vector<Step> steps = {
      {{"MODULE", "LIST"}, "*0\r\n"},
      {{"MODULE", "FOO"}, Err("ERR unknown subcommand 'FOO'. Try MODULE HELP.")},
      {{"MODULE", "LIST", "x"}, Err("ERR wrong number of arguments for 'module|list' command")},
      {{"MODULE", "LOAD", "/no/such/module.so"},
       Err("ERR MODULE command not allowed. If the enable-module-command option is set to "
           "\"local\", you can run it from a local connection, otherwise you need to set this "
           "option in the configuration file, and then restart the server.")},
      {{"CLUSTER", "INFO"}, Err("ERR This instance has cluster support disabled")},
      {{"CLUSTER", "SLOTS"}, Err("ERR This instance has cluster support disabled")},
      {{"CLUSTER", "FOO"}, Err("ERR unknown subcommand 'FOO'. Try CLUSTER HELP.")},
      {{"CLUSTER", "INFO", "x"}, Err("ERR wrong number of arguments for 'cluster|info' command")},
      {{"READONLY"}, Err("ERR This instance has cluster support disabled")},
      {{"READWRITE"}, Err("ERR This instance has cluster support disabled")},
      {{"WAIT", "0", "0"}, Int(0)},
      {{"WAIT", "0", "100"}, Int(0)},
      {{"WAIT", "x", "0"}, Err("ERR value is not an integer or out of range")},
      {{"WAIT", "0", "x"}, Err("ERR timeout is not an integer or out of range")},
      {{"WAIT", "0", "-1"}, Err("ERR timeout is negative")},
      {{"ROLE"}, "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n"},
      {{"SLOWLOG", "RESET"}, kOk},
      {{"SLOWLOG", "LEN"}, Int(0)},
      {{"SLOWLOG", "GET"}, "*0\r\n"},
      {{"SLOWLOG", "GET", "-1"}, "*0\r\n"},
      {{"SLOWLOG", "GET", "x"}, Err("ERR count should be greater than or equal to -1")},
      {{"SLOWLOG", "GET", "-2"}, Err("ERR count should be greater than or equal to -1")},
      {{"SLOWLOG", "GET", "1", "2"},
       Err("ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.")},
      {{"SLOWLOG"}, Err("ERR wrong number of arguments for 'slowlog' command")},
      {{"LATENCY", "LATEST"}, "*0\r\n"},
      {{"LATENCY", "HISTORY", "command"}, "*0\r\n"},
      {{"LATENCY", "RESET"}, Int(0)},
      {{"LATENCY", "FOO"}, Err("ERR unknown subcommand 'FOO'. Try LATENCY HELP.")},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

}  // namespace
}  // namespace stepdb
