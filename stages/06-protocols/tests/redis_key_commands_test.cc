// The key commands (redis_key_commands.h), black-box over a socket, the SCAN cursor table,
// and, in-process, what the wire does not show.
//
// Every expected reply in the tables run by ExpectOnBoth was taken from redis-server 7.0.15
// with the same requests, and is checked against redis-server too when it is installed.
// Where this server differs on purpose (KEYS and SCAN in byte order, SCAN's cursors,
// RANDOMKEY), the test says so and checks this server alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "redis_command_test_support.h"
#include "scan_cursors.h"

namespace stepdb {
namespace {

using namespace std::string_literals;

class RedisKeys : public RedisOracleTest {};

// The reply to SCAN: the cursor and the keys of the page.
struct ScanPage {
  std::string cursor;
  std::vector<std::string> keys;
};

ScanPage Scan(testkit::TestClient& client, const std::vector<std::string>& request) {
  ScanPage page;
  EXPECT_TRUE(client.Send(Resp(request)));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, '*');
  EXPECT_EQ(reply.items.size(), 2u);
  if (reply.type != '*' || reply.items.size() != 2) return page;
  page.cursor = reply.items[0].text;
  for (const Reply& key : reply.items[1].items) page.keys.push_back(key.text);
  return page;
}

// Sends `request` and returns the keys of its array reply.
std::vector<std::string> Keys(testkit::TestClient& client,
                              const std::vector<std::string>& request) {
  EXPECT_TRUE(client.Send(Resp(request)));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, '*');
  std::vector<std::string> keys;
  for (const Reply& key : reply.items) keys.push_back(key.text);
  return keys;
}

TEST_F(RedisKeys, DelUnlinkAndExists) {
  ExpectOnBoth({
      {{"MSET", "a", "1", "b", "2", "c", "3"}, kOk},
      {{"DEL", "a", "a", "missing"}, Int(1)},
      {{"EXISTS", "b", "b", "missing"}, Int(2)},
      {{"EXISTS", "a"}, Int(0)},
      {{"UNLINK", "b", "c", "c"}, Int(2)},
      {{"EXISTS", "a", "b", "c"}, Int(0)},
      {{"DEL", "missing"}, Int(0)},
      {{"DEL"}, Err("ERR wrong number of arguments for 'del' command")},
      {{"SET", "", "empty key"}, kOk},
      {{"EXISTS", ""}, Int(1)},
      {{"DEL", ""}, Int(1)},
  });
}

TEST_F(RedisKeys, TypeRenameAndRenamenx) {
  ExpectOnBoth({
      {{"SET", "s", "v"}, kOk},
      {{"TYPE", "s"}, "+string\r\n"},
      {{"TYPE", "missing"}, "+none\r\n"},
      {{"RENAME", "missing", "y"}, Err("ERR no such key")},
      {{"RENAME", "missing", "missing"}, Err("ERR no such key")},
      {{"RENAMENX", "missing", "missing"}, Err("ERR no such key")},
      {{"RENAME", "s", "s"}, kOk},
      {{"RENAMENX", "s", "s"}, Int(0)},
      {{"SET", "c", "3"}, kOk},
      {{"RENAMENX", "s", "c"}, Int(0)},
      {{"GET", "c"}, Bulk("3")},
      {{"RENAME", "s", "c"}, kOk},
      {{"GET", "c"}, Bulk("v")},
      {{"EXISTS", "s"}, Int(0)},
      {{"RENAMENX", "c", "d"}, Int(1)},
      {{"MGET", "c", "d"}, "*2\r\n" + std::string(kNil) + Bulk("v")},
      {{"RENAME", "d", "k\0\r\n"s}, kOk},
      {{"GET", "k\0\r\n"s}, Bulk("v")},
      {{"TYPE", "k\0\r\n"s}, "+string\r\n"},
  });
}

TEST_F(RedisKeys, CopyAndItsOptions) {
  ExpectOnBoth({
      {{"SET", "c", "hello"}, kOk},
      {{"COPY", "c", "d"}, Int(1)},
      {{"GET", "d"}, Bulk("hello")},
      {{"COPY", "c", "d"}, Int(0)},
      {{"SET", "c", "changed"}, kOk},
      {{"COPY", "c", "d", "REPLACE"}, Int(1)},
      {{"GET", "d"}, Bulk("changed")},
      {{"COPY", "c", "c"}, Err("ERR source and destination objects are the same")},
      {{"COPY", "c", "c", "DB", "0"}, Err("ERR source and destination objects are the same")},
      {{"COPY", "c", "c", "DB", "1"}, Int(1)},
      {{"COPY", "c", "c", "db", "1"}, Int(0)},
      {{"COPY", "c", "c", "DB", "1", "replace"}, Int(1)},
      {{"COPY", "c", "e", "DB", "16"}, Err("ERR DB index is out of range")},
      {{"COPY", "c", "e", "DB", "-1"}, Err("ERR DB index is out of range")},
      {{"COPY", "c", "e", "DB", "x"}, kNotInteger},
      {{"COPY", "c", "e", "DB", "2147483648"},
       Err("ERR value is out of range, value must between -2147483648 and 2147483647")},
      {{"COPY", "c", "e", "DB"}, kSyntax},
      {{"COPY", "c", "e", "bogus"}, kSyntax},
      {{"COPY", "missing", "e"}, Int(0)},
      {{"COPY", "c", "e", "replace", "replace", "db", "1", "db", "0"}, Int(1)},
      {{"GET", "e"}, Bulk("changed")},
  });
}

TEST_F(RedisKeys, KeysMatchesRedisGlobInByteOrder) {
  // Redis answers the same keys in hash order; this server answers them sorted.
  const std::vector<std::string> all = {"",      "a",     "ab",    "abc", "b",   "h\0llo"s,
                                        "hallo", "hello", "hillo", "k*",  "k?b", "k\\"};
  std::vector<std::string> mset = {"MSET"};
  for (const std::string& key : all) {
    mset.push_back(key);
    mset.push_back("v");
  }
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"*", all},
      {"", {""}},
      {"a*", {"a", "ab", "abc"}},
      {"h?llo", {"h\0llo"s, "hallo", "hello", "hillo"}},
      {"h[ae]llo", {"hallo", "hello"}},
      {"h[^e]llo", {"h\0llo"s, "hallo", "hillo"}},
      {"h[a-e]llo", {"hallo", "hello"}},
      {"h[e-a]llo", {"hallo", "hello"}},
      {"k\\*", {"k*"}},
      {"k[?]b", {"k?b"}},
      {"k\\\\", {"k\\"}},
      {"*b*", {"ab", "abc", "b", "k?b"}},
      {"nothing*", {}},
  };
  testkit::TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp(mset), kOk));
  for (const auto& [pattern, expected] : cases) {
    EXPECT_TRUE(client.Exchange(Resp({"KEYS", pattern}), BulkArray(expected)))
        << "KEYS " << testkit::Escape(pattern);
  }
  if (auto redis = StartReferenceRedis()) {
    testkit::TestClient reference(redis->port());
    ASSERT_TRUE(reference.Exchange(Resp(mset), kOk));
    for (const auto& [pattern, expected] : cases) {
      std::vector<std::string> keys = Keys(reference, {"KEYS", pattern});
      std::sort(keys.begin(), keys.end());
      EXPECT_EQ(keys, expected) << "redis-server: KEYS " << testkit::Escape(pattern);
    }
  }
}

TEST_F(RedisKeys, ScanReturnsEachOfTwoThousandKeysExactlyOnce) {
  testkit::TestClient client(port());
  std::vector<std::string> mset = {"MSET"};
  std::set<std::string> all;
  for (int i = 0; i < 2000; ++i) {
    const std::string key = "key:" + std::to_string(i * 7919 % 2000);
    mset.push_back(key);
    mset.push_back(std::to_string(i));
    all.insert(key);
  }
  ASSERT_TRUE(client.Exchange(Resp(mset), kOk));
  std::map<std::string, int> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    const ScanPage page = Scan(client, {"SCAN", cursor, "COUNT", "7"});
    EXPECT_LE(page.keys.size(), 7u);
    for (const std::string& key : page.keys) ++seen[key];
    cursor = page.cursor;
    ++calls;
  } while (cursor != "0" && !cursor.empty() && calls < 1000);
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(seen.size(), all.size());
  for (const std::string& key : all) EXPECT_EQ(seen[key], 1) << key;
  // Each call visits seven keys, and the one that reaches the end says so: no empty last page.
  EXPECT_EQ(calls, (2000 + 6) / 7);
}

TEST_F(RedisKeys, ScanWhileKeysAreAddedAndDeletedReturnsTheStayingKeysOnce) {
  // Keys that stay ("k:NNNN:s"), keys deleted during the iteration ("k:NNNN:v") and keys added
  // during it ("k:NNNN:a<call>") are interleaved in key order, so changes land both behind and
  // ahead of the cursor.
  testkit::TestClient client(port());
  std::vector<std::string> mset = {"MSET"};
  std::set<std::string> staying;
  for (int i = 0; i < 1000; ++i) {
    char number[8];
    std::snprintf(number, sizeof(number), "%04d", i);
    staying.insert("k:"s + number + ":s");
    mset.insert(mset.end(), {"k:"s + number + ":s", "v", "k:"s + number + ":v", "v"});
  }
  ASSERT_TRUE(client.Exchange(Resp(mset), kOk));
  std::mt19937 random(42);
  std::map<std::string, int> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    const ScanPage page = Scan(client, {"SCAN", cursor, "COUNT", "13"});
    for (const std::string& key : page.keys) ++seen[key];
    cursor = page.cursor;
    ++calls;
    char number[8];
    std::snprintf(number, sizeof(number), "%04d", static_cast<int>(random() % 1000));
    const std::string added = "k:"s + number + ":a" + std::to_string(calls);
    std::snprintf(number, sizeof(number), "%04d", static_cast<int>(random() % 1000));
    const std::string deleted = "k:"s + number + ":v";
    ASSERT_TRUE(client.Send(Resp({"SET", added, "v"}) + Resp({"DEL", deleted})));
    ASSERT_EQ(client.ReadLine(), "+OK\r\n");
    (void)client.ReadLine();
  } while (cursor != "0" && !cursor.empty() && calls < 2000);
  EXPECT_EQ(cursor, "0");
  for (const std::string& key : staying) EXPECT_EQ(seen[key], 1) << key;
  for (const auto& [key, times] : seen) EXPECT_EQ(times, 1) << key << " returned more than once";
}

TEST_F(RedisKeys, ScanFiltersByMatchAndType) {
  testkit::TestClient client(port());
  ASSERT_TRUE(
      client.Exchange(Resp({"MSET", "user:1", "a", "user:2", "b", "item:1", "c", "z", "d"}), kOk));
  auto keys = [&](std::vector<std::string> options) {
    std::vector<std::string> request = {"SCAN", "0"};
    request.insert(request.end(), options.begin(), options.end());
    std::vector<std::string> found;
    for (int calls = 0; calls < 100; ++calls) {
      const ScanPage page = Scan(client, request);
      found.insert(found.end(), page.keys.begin(), page.keys.end());
      if (page.cursor == "0" || page.cursor.empty()) break;
      request[1] = page.cursor;
    }
    return found;
  };
  using Keys = std::vector<std::string>;
  EXPECT_EQ(keys({}), (Keys{"item:1", "user:1", "user:2", "z"}));
  EXPECT_EQ(keys({"MATCH", "user:*"}), (Keys{"user:1", "user:2"}));
  EXPECT_EQ(keys({"MATCH", "user:*", "COUNT", "1"}), (Keys{"user:1", "user:2"}));
  EXPECT_EQ(keys({"match", "*"}), (Keys{"item:1", "user:1", "user:2", "z"}));
  EXPECT_EQ(keys({"TYPE", "string"}), (Keys{"item:1", "user:1", "user:2", "z"}));
  EXPECT_EQ(keys({"TYPE", "STRING", "MATCH", "?"}), (Keys{"z"}));
  EXPECT_EQ(keys({"TYPE", "hash"}), Keys{});
  EXPECT_EQ(keys({"TYPE", "bogus"}), Keys{});
  // With a filter, a page may be empty while the iteration goes on.
  const ScanPage first = Scan(client, {"SCAN", "0", "MATCH", "z", "COUNT", "2"});
  EXPECT_TRUE(first.keys.empty());
  EXPECT_NE(first.cursor, "0");
}

TEST_F(RedisKeys, ScanRejectsBadCursorsAndOptions) {
  ExpectOnBoth({
      {{"SCAN", "abc"}, kInvalidCursor},
      {{"SCAN", " 0"}, kInvalidCursor},
      {{"SCAN", "0x"}, kInvalidCursor},
      {{"SCAN", "18446744073709551616"}, kInvalidCursor},
      {{"SCAN", "0", "COUNT", "0"}, kSyntax},
      {{"SCAN", "0", "COUNT", "-1"}, kSyntax},
      {{"SCAN", "0", "COUNT", "x"}, kNotInteger},
      {{"SCAN", "0", "COUNT"}, kSyntax},
      {{"SCAN", "0", "MATCH"}, kSyntax},
      {{"SCAN", "0", "TYPE"}, kSyntax},
      {{"SCAN", "0", "bogus", "x"}, kSyntax},
      {{"SCAN", "0"}, "*2\r\n$1\r\n0\r\n*0\r\n"},
      {{"SCAN", "+0"}, "*2\r\n$1\r\n0\r\n*0\r\n"},
      {{"SCAN", ""}, "*2\r\n$1\r\n0\r\n*0\r\n"},
  });
  // Redis takes any number as a position in its table; here a cursor must have been handed
  // out (and not yet forgotten).
  ExpectReplies(port(), {
                            {{"SCAN", "12345"}, kInvalidCursor},
                            {{"SCAN", "-1"}, kInvalidCursor},
                        });
}

TEST_F(RedisKeys, ScanCursorsAreBounded) {
  ScanCursors cursors(1);
  const uint64_t first = cursors.Issue("a");
  EXPECT_EQ(first, 1u);
  ASSERT_NE(cursors.Find(first), nullptr);
  EXPECT_EQ(*cursors.Find(first), "a");
  EXPECT_EQ(cursors.Find(0), nullptr);
  EXPECT_EQ(cursors.Find(2), nullptr) << "never issued";
  uint64_t last = first;
  for (size_t i = 0; i < ScanCursors::kMaxCursors; ++i)
    last = cursors.Issue("k" + std::to_string(i));
  EXPECT_EQ(cursors.size(), ScanCursors::kMaxCursors);
  EXPECT_EQ(cursors.Find(first), nullptr) << "the oldest is forgotten";
  ASSERT_NE(cursors.Find(last), nullptr);
  // Long keys are forgotten sooner, but the newest cursor is always kept.
  const uint64_t huge = cursors.Issue(std::string(ScanCursors::kMaxKeyBytes + 1, 'x'));
  EXPECT_EQ(cursors.size(), 1u);
  EXPECT_NE(cursors.Find(huge), nullptr);
  EXPECT_EQ(cursors.Find(last), nullptr);
  // A default table starts at a random number, never 0.
  ScanCursors random_start;
  EXPECT_NE(random_start.Issue("a"), 0u);
}

TEST_F(RedisKeys, RandomkeyWalksTheKeyTrie) {
  testkit::TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"RANDOMKEY"}), kNil));
  ASSERT_TRUE(client.Exchange(Resp({"SET", "only", "v"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"RANDOMKEY"}), Bulk("only")));
  ASSERT_TRUE(client.Exchange(Resp({"DEL", "only"}), Int(1)));
  // "a" is one of two branches at the first byte, each "b" key one of three below "b".
  ASSERT_TRUE(client.Exchange(Resp({"MSET", "a", "1", "b1", "1", "b2", "1", "b3", "1"}), kOk));
  std::map<std::string, int> picks;
  constexpr int kCalls = 600;
  std::string pipeline;
  for (int i = 0; i < kCalls; ++i) pipeline += Resp({"RANDOMKEY"});
  ASSERT_TRUE(client.Send(pipeline));
  for (int i = 0; i < kCalls; ++i) ++picks[ReadReply(client).text];
  EXPECT_EQ(picks.size(), 4u);
  EXPECT_GT(picks["a"], 200) << "expected about 300 of 600";
  EXPECT_LT(picks["a"], 400) << "expected about 300 of 600";
  for (const char* key : {"b1", "b2", "b3"}) {
    EXPECT_GT(picks[key], 40) << key << ": expected about 100 of 600";
  }
  // Prefixes that are keys themselves, and the extreme bytes, are reachable too.
  ASSERT_TRUE(client.Exchange(Resp({"DEL", "a", "b1", "b2", "b3"}), Int(4)));
  ASSERT_TRUE(client.Exchange(
      Resp({"MSET", "\0"s, "1", "\xff", "1", "\xff\xff", "1", "\xff\xff\0"s, "1"}), kOk));
  picks.clear();
  ASSERT_TRUE(client.Send(pipeline));
  for (int i = 0; i < kCalls; ++i) ++picks[ReadReply(client).text];
  EXPECT_EQ(picks.size(), 4u);
}

TEST_F(RedisKeys, ObjectSubcommands) {
  ExpectOnBoth({
      {{"SET", "i", "12345"}, kOk},
      {{"OBJECT", "ENCODING", "i"}, Bulk("int")},
      {{"SET", "i", "-9223372036854775808"}, kOk},
      {{"object", "encoding", "i"}, Bulk("int")},
      {{"SET", "i", "12345678901234567890"}, kOk},
      {{"OBJECT", "ENCODING", "i"}, Bulk("embstr")},
      {{"SET", "e", std::string(44, 'e')}, kOk},
      {{"OBJECT", "ENCODING", "e"}, Bulk("embstr")},
      {{"SET", "r", std::string(45, 'r')}, kOk},
      {{"OBJECT", "ENCODING", "r"}, Bulk("raw")},
      {{"OBJECT", "ENCODING", "missing"}, kNil},
      {{"SET", "n", "9999"}, kOk},
      {{"OBJECT", "REFCOUNT", "n"}, Int(2147483647)},
      {{"SET", "n", "10000"}, kOk},
      {{"OBJECT", "REFCOUNT", "n"}, Int(1)},
      {{"SET", "n", "-1"}, kOk},
      {{"OBJECT", "REFCOUNT", "n"}, Int(1)},
      {{"OBJECT", "REFCOUNT", "e"}, Int(1)},
      {{"OBJECT", "REFCOUNT", "missing"}, kNil},
      {{"OBJECT", "IDLETIME", "missing"}, kNil},
      {{"OBJECT", "FREQ", "e"},
       Err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please "
           "note that when switching between policies at runtime LRU and LFU data will take "
           "some time to adjust.")},
      {{"OBJECT"}, Err("ERR wrong number of arguments for 'object' command")},
      {{"OBJECT", "bogus"}, Err("ERR unknown subcommand 'bogus'. Try OBJECT HELP.")},
      {{"OBJECT", "bogus", "x"}, Err("ERR unknown subcommand 'bogus'. Try OBJECT HELP.")},
      {{"OBJECT", "encoding"}, Err("ERR wrong number of arguments for 'object|encoding' command")},
      {{"OBJECT", "ENCODING", "a", "b"},
       Err("ERR wrong number of arguments for 'object|encoding' command")},
      {{"OBJECT", "HELP", "x"}, Err("ERR wrong number of arguments for 'object|help' command")},
      {{"OBJECT", "help"},
       "*15\r\n"
       "+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"
       "+ENCODING <key>\r\n"
       "+    Return the kind of internal representation used in order to store the value\r\n"
       "+    associated with a <key>.\r\n"
       "+FREQ <key>\r\n"
       "+    Return the access frequency index of the <key>. The returned integer is\r\n"
       "+    proportional to the logarithm of the recent access frequency of the key.\r\n"
       "+IDLETIME <key>\r\n"
       "+    Return the idle time of the <key>, that is the approximated number of\r\n"
       "+    seconds elapsed since the last access to the key.\r\n"
       "+REFCOUNT <key>\r\n"
       "+    Return the number of references of the value associated with the specified\r\n"
       "+    <key>.\r\n"
       "+HELP\r\n"
       "+    Prints this help.\r\n"},
  });
  // No access times are kept: a key is never idle.
  ExpectReplies(port(), {{{"OBJECT", "IDLETIME", "e"}, Int(0)}});
}

TEST_F(RedisKeys, ObjectFreqAndIdletimeFollowTheMaxmemoryPolicy) {
  CommandHarness harness;
  ASSERT_EQ(harness.Run({"SET", "k", "v"}), kOk);
  ASSERT_EQ(harness.Run({"SET", "n", "5"}), kOk);
  ASSERT_TRUE(harness.config().Set("maxmemory-policy", "allkeys-lfu").ok());
  EXPECT_EQ(harness.Run({"OBJECT", "FREQ", "k"}), Int(5));  // redis-server: a new key's counter
  EXPECT_EQ(harness.Run({"OBJECT", "FREQ", "missing"}), kNil);
  EXPECT_EQ(harness.Run({"OBJECT", "IDLETIME", "k"}),
            Err("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note "
                "that when switching between policies at runtime LRU and LFU data will take "
                "some time to adjust."));
  EXPECT_EQ(harness.Run({"OBJECT", "REFCOUNT", "n"}), Int(2147483647)) << "maxmemory is 0";
  ASSERT_TRUE(harness.config().Set("maxmemory", "100mb").ok());
  EXPECT_EQ(harness.Run({"OBJECT", "REFCOUNT", "n"}), Int(1)) << "LFU needs unshared objects";
}

TEST_F(RedisKeys, RenameAndCopyCarryTheEnvelope) {
  CommandHarness harness;
  ValueEnvelope item = StringEnvelope("payload");
  item.client_flags = 9;
  item.expire_at_ms = 4'000'000'000'000;
  ASSERT_TRUE(harness.keyspace().Put(0, "item", item).ok());
  auto stored = [&](int db, const std::string& key) {
    auto value = harness.keyspace().Get(db, key);
    EXPECT_TRUE(value.ok()) << value.status().ToString();
    if (!value.ok() || !value->has_value()) return std::string("missing");
    return (*value)->payload + "/" + std::to_string((*value)->client_flags) + "/" +
           std::to_string((*value)->expire_at_ms);
  };
  const std::string expected = "payload/9/4000000000000";
  EXPECT_EQ(harness.Run({"RENAME", "item", "renamed"}), kOk);
  EXPECT_EQ(stored(0, "renamed"), expected);
  EXPECT_EQ(stored(0, "item"), "missing");
  EXPECT_EQ(harness.Run({"COPY", "renamed", "copy", "DB", "3"}), Int(1));
  EXPECT_EQ(stored(3, "copy"), expected);
  EXPECT_EQ(stored(0, "copy"), "missing");
  EXPECT_EQ(harness.keyspace().KeyCount(3), 1u);
  EXPECT_EQ(harness.Run({"RENAMENX", "renamed", "again"}), Int(1));
  EXPECT_EQ(stored(0, "again"), expected);
  EXPECT_EQ(harness.keyspace().KeyCount(0), 1u);
}

TEST_F(RedisKeys, StorageErrorsAreErrorRepliesNeverMisses) {
  CommandHarness harness;
  ASSERT_EQ(harness.Run({"MSET", "a", "1", "b", "2"}), kOk);
  harness.engine().set_failing(true);
  const std::string expected = Err("ERR " + Status::IOError("disk on fire").ToString());
  const std::vector<std::vector<std::string>> requests = {
      {"DEL", "a", "b"},
      {"UNLINK", "a"},
      {"EXISTS", "a"},
      {"TYPE", "a"},
      {"RENAME", "a", "c"},
      {"RENAMENX", "a", "c"},
      {"COPY", "a", "c"},
      {"KEYS", "*"},
      {"SCAN", "0"},
      {"RANDOMKEY"},
      {"OBJECT", "ENCODING", "a"},
  };
  for (const auto& request : requests) {
    EXPECT_EQ(harness.Run(request), expected) << request[0];
  }
  harness.engine().set_failing(false);
  EXPECT_EQ(harness.Run({"KEYS", "*"}), BulkArray({"a", "b"}))
      << "a failed command changed nothing";
}

TEST_F(RedisKeys, ReadsCountKeyspaceHitsAndMissesAsRedisDoes) {
  // (request, hits, misses), as INFO stats counts them in redis-server 7.0.15 after
  // CONFIG RESETSTAT, with "s", "t" and "u" holding strings and "no" missing.
  CommandHarness harness;
  for (const char* key : {"s", "t", "u"}) {
    ASSERT_TRUE(harness.keyspace().Put(0, key, StringEnvelope("5")).ok());
  }
  struct Case {
    std::vector<std::string> request;
    uint64_t hits, misses;
  };
  const std::vector<Case> cases = {
      {{"EXISTS", "s", "no", "s"}, 2, 1},
      {{"TYPE", "s"}, 1, 0},
      {{"TYPE", "no"}, 0, 1},
      {{"COPY", "s", "c"}, 1, 0},
      {{"COPY", "no", "c"}, 0, 1},
      {{"COPY", "s", "c", "REPLACE"}, 1, 0},
      {{"RENAME", "c", "c2"}, 0, 0},
      {{"RENAMENX", "c2", "c"}, 0, 0},
      {{"DEL", "c", "no"}, 0, 0},
      {{"UNLINK", "no"}, 0, 0},
      {{"KEYS", "*"}, 0, 0},
      {{"SCAN", "0"}, 0, 0},
      {{"SCAN", "0", "MATCH", "s*"}, 0, 0},
      {{"SCAN", "0", "TYPE", "string"}, 3, 0},
      {{"SCAN", "0", "MATCH", "s*", "TYPE", "string"}, 1, 0},
      {{"RANDOMKEY"}, 0, 0},
      {{"OBJECT", "ENCODING", "s"}, 1, 0},
      {{"OBJECT", "ENCODING", "no"}, 0, 1},
      {{"OBJECT", "REFCOUNT", "s"}, 1, 0},
  };
  for (const Case& c : cases) {
    harness.stats() = ServerStats();
    harness.Run(c.request);
    EXPECT_EQ(harness.stats().keyspace_hits, c.hits) << c.request[0] << " " << c.request[1];
    EXPECT_EQ(harness.stats().keyspace_misses, c.misses) << c.request[0] << " " << c.request[1];
  }
}

}  // namespace
}  // namespace stepdb
