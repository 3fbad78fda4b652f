// The string commands (redis_string_commands.h), black-box over a socket, plus the pure
// helpers under them (redis_args.h, lcs.h) and, in-process, what the wire does not show.
//
// Every expected reply in these tables was taken from redis-server 7.0.15 with the same
// requests, and each table is run against redis-server too when it is installed
// (ExpectRepliesFromRedis), so a table cannot drift from Redis unnoticed.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <latch>
#include <numeric>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "lcs.h"
#include "redis_args.h"
#include "redis_command_test_support.h"

namespace stepdb {
namespace {

using namespace std::string_literals;

class RedisStrings : public RedisOracleTest {};

const std::string kEmpty = "$0\r\n\r\n";

TEST_F(RedisStrings, GetAndSetAreBinarySafe) {
  ExpectOnBoth({
      {{"GET", "k"}, kNil},
      {{"SET", "k", "v"}, kOk},
      {{"GET", "k"}, Bulk("v")},
      {{"SET", "k", "other"}, kOk},
      {{"GET", "k"}, Bulk("other")},
      {{"SET", "k", ""}, kOk},
      {{"GET", "k"}, kEmpty},
      {{"SET", "k\0\r\n b"s, "v\0\r\n"s}, kOk},
      {{"GET", "k\0\r\n b"s}, Bulk("v\0\r\n"s)},
      {{"GET", "k\0\r\n"s}, kNil},
      {{"SET", "", "empty key"}, kOk},
      {{"GET", ""}, Bulk("empty key")},
      {{"SET", "\xff\xfe", "\x80"}, kOk},
      {{"GET", "\xff\xfe"}, Bulk("\x80")},
  });
}

TEST_F(RedisStrings, ArityErrorsComeFromTheTable) {
  ExpectOnBoth({
      {{"GET"}, Err("ERR wrong number of arguments for 'get' command")},
      {{"GET", "a", "b"}, Err("ERR wrong number of arguments for 'get' command")},
      {{"SET", "k"}, Err("ERR wrong number of arguments for 'set' command")},
      {{"incrby", "k"}, Err("ERR wrong number of arguments for 'incrby' command")},
      {{"LCS", "a"}, Err("ERR wrong number of arguments for 'lcs' command")},
  });
}

TEST_F(RedisStrings, SetConditionsAndGet) {
  ExpectOnBoth({
      {{"SET", "k", "v", "NX"}, kOk},
      {{"SET", "k", "w", "NX"}, kNil},
      {{"SET", "k", "w", "nx", "nx"}, kNil},
      {{"GET", "k"}, Bulk("v")},
      {{"SET", "missing", "w", "XX"}, kNil},
      {{"GET", "missing"}, kNil},
      {{"SET", "k", "x", "XX"}, kOk},
      {{"GET", "k"}, Bulk("x")},
      {{"SET", "k", "y", "GET"}, Bulk("x")},
      {{"SET", "k", "z", "get", "GET"}, Bulk("y")},
      {{"SET", "new", "1", "GET"}, kNil},
      {{"GET", "new"}, Bulk("1")},
      {{"SET", "k", "no", "NX", "GET"}, Bulk("z")},
      {{"GET", "k"}, Bulk("z")},
      {{"SET", "new2", "w", "NX", "GET"}, kNil},
      {{"GET", "new2"}, Bulk("w")},
      {{"SET", "new3", "w", "XX", "GET"}, kNil},
      {{"GET", "new3"}, kNil},
      {{"SET", "k", "v", "KEEPTTL"}, kOk},
      {{"SET", "k", "v", "NX", "XX"}, kSyntax},
      {{"SET", "k", "v", "XX", "NX"}, kSyntax},
      {{"SET", "k", "v", "bogus"}, kSyntax},
      {{"SET", "k", "v", "PERSIST"}, kSyntax},
      {{"SET", "k", "v", "EX"}, kSyntax},
      {{"SET", "k", "v", "EX", "10", "PX", "10"}, kSyntax},
      {{"SET", "k", "v", "EX", "10", "KEEPTTL"}, kSyntax},
      {{"SET", "k", "v", "KEEPTTL", "EX", "10"}, kSyntax},
      {{"SET", "k", "v", "bogus", "EX", "0"}, kSyntax},
      {{"SET", "k", "v", "EX", "0", "bogus"}, kSyntax},
  });
}

TEST_F(RedisStrings, SetExpiryOptionsAreValidatedAsRedisDoes) {
  const std::string invalid = Err("ERR invalid expire time in 'set' command");
  ExpectOnBoth({
      {{"SET", "k", "v", "EX", "0"}, invalid},
      {{"SET", "k", "v", "EX", "-1"}, invalid},
      {{"SET", "k", "v", "PX", "0"}, invalid},
      {{"SET", "k", "v", "EXAT", "0"}, invalid},
      {{"SET", "k", "v", "PXAT", "-5"}, invalid},
      {{"SET", "k", "v", "EX", "9223372036854775807"}, invalid},
      {{"SET", "k", "v", "EX", "9223372036854776"}, invalid},
      {{"SET", "k", "v", "PX", "9223372036854775807"}, invalid},
      {{"SET", "k", "v", "EX", "abc"}, kNotInteger},
      {{"SET", "k", "v", "EX", "1.5"}, kNotInteger},
      {{"SET", "k", "v", "EX", " 1"}, kNotInteger},
      {{"SET", "k", "v", "EX", "+1"}, kNotInteger},
      {{"SET", "k", "v", "EX", "01"}, kNotInteger},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v", "EX", "100"}, kOk},
      {{"SET", "k", "v", "px", "100000"}, kOk},
      {{"SET", "k", "v", "EX", "1", "EX", "100"}, kOk},
      {{"SET", "k", "v", "EXAT", "9223372036854775"}, kOk},
      {{"SET", "k", "v", "PXAT", "9223372036854775807"}, kOk},
      {{"GET", "k"}, Bulk("v")},
  });
}

TEST_F(RedisStrings, SetnxMsetMsetnxMget) {
  ExpectOnBoth({
      {{"SETNX", "a", "1"}, Int(1)},
      {{"SETNX", "a", "2"}, Int(0)},
      {{"GET", "a"}, Bulk("1")},
      {{"MSET", "a", "x", "b", "y", "a", "z"}, kOk},
      {{"MGET", "a", "b", "missing", "a"}, "*4\r\n" + Bulk("z") + Bulk("y") + kNil + Bulk("z")},
      {{"MSET", "a"}, Err("ERR wrong number of arguments for 'mset' command")},
      {{"MSET", "a", "1", "b"}, Err("ERR wrong number of arguments for 'mset' command")},
      {{"MSETNX", "a", "1", "b"}, Err("ERR wrong number of arguments for 'msetnx' command")},
      {{"MSETNX", "c", "1", "a", "2"}, Int(0)},
      {{"EXISTS", "c"}, Int(0)},
      {{"GET", "a"}, Bulk("z")},
      {{"MSETNX", "c", "1", "d", "2", "c", "3"}, Int(1)},
      {{"MGET", "c", "d"}, "*2\r\n" + Bulk("3") + Bulk("2")},
  });
}

TEST_F(RedisStrings, GetsetAndGetdel) {
  ExpectOnBoth({
      {{"GETSET", "k", "1"}, kNil},
      {{"GETSET", "k", "2"}, Bulk("1")},
      {{"GET", "k"}, Bulk("2")},
      {{"GETDEL", "k"}, Bulk("2")},
      {{"GETDEL", "k"}, kNil},
      {{"EXISTS", "k"}, Int(0)},
  });
}

TEST_F(RedisStrings, AppendAndStrlen) {
  ExpectOnBoth({
      {{"STRLEN", "k"}, Int(0)},
      {{"APPEND", "k", "hello"}, Int(5)},
      {{"APPEND", "k", " world"}, Int(11)},
      {{"APPEND", "k", ""}, Int(11)},
      {{"APPEND", "k", "\0\r\n"s}, Int(14)},
      {{"STRLEN", "k"}, Int(14)},
      {{"GET", "k"}, Bulk("hello world\0\r\n"s)},
      {{"APPEND", "e", ""}, Int(0)},
      {{"EXISTS", "e"}, Int(1)},
  });
}

TEST_F(RedisStrings, IncrDecrFollowRedisIntegerRules) {
  ExpectOnBoth({
      {{"INCR", "n"}, Int(1)},
      {{"INCRBY", "n", "41"}, Int(42)},
      {{"DECR", "n"}, Int(41)},
      {{"DECRBY", "n", "-9"}, Int(50)},
      {{"INCRBY", "n", "-100"}, Int(-50)},
      {{"GET", "n"}, Bulk("-50")},
      {{"DECR", "fresh"}, Int(-1)},
      {{"SET", "n", "0"}, kOk},
      {{"INCR", "n"}, Int(1)},
      {{"SET", "n", "-0"}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", "+1"}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", " 1"}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", "1 "}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", "00"}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", ""}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", "5\0"s}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"SET", "n", "abc"}, kOk},
      {{"INCR", "n"}, kNotInteger},
      {{"INCRBY", "m", "1.5"}, kNotInteger},
      {{"INCRBY", "m", "99999999999999999999"}, kNotInteger},
      {{"INCRBY", "m", "   5"}, kNotInteger},
      {{"DECRBY", "m", "x"}, kNotInteger},
      {{"EXISTS", "m"}, Int(0)},
  });
}

TEST_F(RedisStrings, IncrDecrRefuseToOverflow) {
  const std::string overflow = Err("ERR increment or decrement would overflow");
  ExpectOnBoth({
      {{"SET", "n", "9223372036854775807"}, kOk},
      {{"INCR", "n"}, overflow},
      {{"INCRBY", "n", "0"}, Int(9223372036854775807LL)},
      {{"DECRBY", "n", "-1"}, overflow},
      {{"DECRBY", "n", "-9223372036854775808"}, Err("ERR decrement would overflow")},
      {{"DECRBY", "x", "-9223372036854775808"}, Err("ERR decrement would overflow")},
      {{"INCRBY", "x", "-9223372036854775808"}, ":-9223372036854775808\r\n"},
      {{"DECR", "x"}, overflow},
      {{"INCRBY", "x", "-1"}, overflow},
      {{"GET", "x"}, Bulk("-9223372036854775808")},
      {{"INCRBY", "x", "9223372036854775807"}, Int(-1)},
  });
}

TEST_F(RedisStrings, IncrbyfloatFormatsAsRedisDoes) {
  const std::string nan_or_inf = Err("ERR increment would produce NaN or Infinity");
  ExpectOnBoth({
      {{"INCRBYFLOAT", "f", "1.5"}, Bulk("1.5")},
      {{"INCRBYFLOAT", "f", "0.1"}, Bulk("1.6")},
      {{"INCRBYFLOAT", "f", "1e3"}, Bulk("1001.59999999999999998")},
      {{"INCRBYFLOAT", "f", "-1104.6"}, Bulk("-103")},
      {{"INCRBYFLOAT", "f", "+1"}, Bulk("-102")},
      {{"INCRBYFLOAT", "f", "-0"}, Bulk("-102")},
      {{"GET", "f"}, Bulk("-102")},
      {{"INCRBYFLOAT", "f", "inf"}, nan_or_inf},
      {{"INCRBYFLOAT", "f", "infinity"}, nan_or_inf},
      {{"INCRBYFLOAT", "f", "nan"}, kNotFloat},
      {{"INCRBYFLOAT", "f", "abc"}, kNotFloat},
      {{"INCRBYFLOAT", "f", " 1"}, kNotFloat},
      {{"INCRBYFLOAT", "f", "1 "}, kNotFloat},
      {{"INCRBYFLOAT", "f", ""}, kNotFloat},
      {{"INCRBYFLOAT", "f", "1e"}, kNotFloat},
      {{"INCRBYFLOAT", "f", "1\0abc"s}, kNotFloat},
      {{"INCRBYFLOAT", "f", "1e5000"}, kNotFloat},
      {{"INCRBYFLOAT", "f", "1e-5000"}, kNotFloat},
      {{"GET", "f"}, Bulk("-102")},
      {{"INCRBYFLOAT", "a", "0.1"}, Bulk("0.1")},
      {{"INCRBYFLOAT", "a", "0.2"}, Bulk("0.3")},
      {{"INCRBYFLOAT", "b", "5.0e3"}, Bulk("5000")},
      {{"INCRBYFLOAT", "c", "0x10"}, Bulk("16")},
      {{"INCRBYFLOAT", "d", "1e-5"}, Bulk("0.00001")},
      {{"INCRBYFLOAT", "e", "-1e-400"}, Bulk("0")},
      {{"INCRBYFLOAT", "g", ".5"}, Bulk("0.5")},
      {{"INCRBYFLOAT", "h", "3.0000000000000000001"}, Bulk("3")},
      {{"SET", "i", "1e2"}, kOk},
      {{"INCRBYFLOAT", "i", "0"}, Bulk("100")},
      {{"SET", "s", "  1"}, kOk},
      {{"INCRBYFLOAT", "s", "1"}, kNotFloat},
      {{"SET", "s", "5\0abc"s}, kOk},
      {{"INCRBYFLOAT", "s", "1"}, kNotFloat},
  });
}

TEST_F(RedisStrings, SetrangeAndGetrange) {
  ExpectOnBoth({
      {{"SETRANGE", "k", "5", "x"}, Int(6)},
      {{"GET", "k"}, Bulk("\0\0\0\0\0x"s)},
      {{"SETRANGE", "k", "0", "ab"}, Int(6)},
      {{"GET", "k"}, Bulk("ab\0\0\0x"s)},
      {{"SETRANGE", "k", "2", ""}, Int(6)},
      {{"SETRANGE", "k", "-1", "x"}, Err("ERR offset is out of range")},
      {{"SETRANGE", "k", "abc", "x"}, kNotInteger},
      {{"SETRANGE", "empty", "5", ""}, Int(0)},
      {{"EXISTS", "empty"}, Int(0)},
      {{"SETRANGE", "k", "536870912", "x"},
       Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)")},
      {{"SETRANGE", "k", "536870912", ""}, Int(6)},
      {{"SET", "s", "hello world"}, kOk},
      {{"SETRANGE", "s", "6", "redis"}, Int(11)},
      {{"GETRANGE", "s", "0", "-1"}, Bulk("hello redis")},
      {{"GETRANGE", "s", "-3", "-1"}, Bulk("dis")},
      {{"GETRANGE", "s", "-1", "-3"}, kEmpty},
      {{"GETRANGE", "s", "5", "2"}, kEmpty},
      {{"GETRANGE", "s", "100", "200"}, kEmpty},
      {{"GETRANGE", "s", "-100", "2"}, Bulk("hel")},
      {{"GETRANGE", "s", "-100", "-200"}, kEmpty},
      {{"GETRANGE", "s", "0", "9223372036854775807"}, Bulk("hello redis")},
      {{"GETRANGE", "s", "-9223372036854775808", "-9223372036854775808"}, Bulk("h")},
      {{"GETRANGE", "s", "a", "1"}, kNotInteger},
      {{"GETRANGE", "missing", "0", "-1"}, kEmpty},
      {{"SUBSTR", "s", "0", "3"}, Bulk("hell")},
      {{"SET", "e", ""}, kOk},
      {{"GETRANGE", "e", "0", "-1"}, kEmpty},
      {{"GETRANGE", "e", "0", "0"}, kEmpty},
  });
}

TEST_F(RedisStrings, LcsAndItsOptions) {
  // [[4, 7], [5, 8]] ("text") and [[2, 3], [0, 1]] ("my")
  const std::string both_matches =
      "*2\r\n"
      "*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
      "*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n";
  ExpectOnBoth({
      {{"MSET", "key1", "ohmytext", "key2", "mynewtext"}, kOk},
      {{"LCS", "key1", "key2"}, Bulk("mytext")},
      {{"lcs", "key1", "key2", "len"}, Int(6)},
      {{"LCS", "key1", "key2", "IDX"},
       "*4\r\n" + Bulk("matches") + both_matches + Bulk("len") + Int(6)},
      {{"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"},
       "*4\r\n" + Bulk("matches") + "*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n" +
           Bulk("len") + Int(6)},
      {{"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"},
       "*4\r\n" + Bulk("matches") + "*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n" +
           Bulk("len") + Int(6)},
      {{"LCS", "key1", "key2", "IDX", "WITHMATCHLEN"},
       "*4\r\n" + Bulk("matches") +
           "*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
           "*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n" +
           Bulk("len") + Int(6)},
      {{"LCS", "key1", "key2", "IDX", "LEN"},
       Err("ERR If you want both the length and indexes, please just use IDX.")},
      {{"LCS", "key1", "key2", "MINMATCHLEN"}, kSyntax},
      {{"LCS", "key1", "key2", "MINMATCHLEN", "x"}, kNotInteger},
      {{"LCS", "key1", "key2", "MINMATCHLEN", "-5"}, Bulk("mytext")},
      {{"LCS", "key1", "key2", "bogus"}, kSyntax},
      {{"LCS", "key1", "key2", "IDX", "LEN", "bogus"}, kSyntax},
      {{"LCS", "key1", "missing"}, kEmpty},
      {{"LCS", "missing", "other", "IDX"},
       "*4\r\n" + Bulk("matches") + "*0\r\n" + Bulk("len") + Int(0)},
  });
}

TEST_F(RedisStrings, LcsIdxIsAMapInResp3) {
  const std::vector<Step> steps = {
      {{"MSET", "key1", "ohmytext", "key2", "mynewtext"}, kOk},
      {{"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4"},
       "%2\r\n" + Bulk("matches") + "*1\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n" +
           Bulk("len") + Int(6)},
      {{"LCS", "missing", "other", "IDX"},
       "%2\r\n" + Bulk("matches") + "*0\r\n" + Bulk("len") + Int(0)},
      {{"GET", "missing"}, "_\r\n"},
      {{"MGET", "key1", "missing"}, "*2\r\n" + Bulk("ohmytext") + "_\r\n"},
  };
  testkit::TestClient client(port());
  SwitchToResp3(client);
  ExpectReplies(client, steps);
  if (auto redis = StartReferenceRedis()) {
    testkit::TestClient reference(redis->port());
    SwitchToResp3(reference);
    ExpectReplies(reference, steps, "redis-server");
  }
}

TEST_F(RedisStrings, LcsRefusesATableLargerThanProtoMaxBulkLen) {
  // 12,001 x 12,001 counters of 4 bytes are 576 MB, over the default 512 MB.
  const std::string a(12000, 'a');
  const std::string b(12000, 'b');
  ExpectOnBoth({
      {{"MSET", "a", a, "b", b}, kOk},
      {{"LCS", "a", "b"},
       Err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")},
      {{"LCS", "a", "b", "bogus"}, kSyntax},
  });
}

TEST_F(RedisStrings, StringsStayWithinProtoMaxBulkLen) {
  // Expected replies: redis-server after CONFIG SET proto-max-bulk-len 1048576.
  Restart({"--proto-max-bulk-len", "1mb"});
  ExpectReplies(port(), {
                            {{"SET", "ap", std::string(1048566, 'a')}, kOk},
                            {{"APPEND", "ap", "0123456789"}, Int(1048576)},
                            {{"APPEND", "ap", "0"},
                             Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)")},
                            {{"SETRANGE", "ap", "1048575", "xy"},
                             Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)")},
                            {{"SETRANGE", "new", "1048575", "xy"},
                             Err("ERR string exceeds maximum allowed size (proto-max-bulk-len)")},
                            {{"SETRANGE", "new", "1048575", "x"}, Int(1048576)},
                            {{"STRLEN", "ap"}, Int(1048576)},
                        });
}

TEST_F(RedisStrings, OneMegabyteValue) {
  std::string value(1 << 20, '\0');
  for (size_t i = 0; i < value.size(); ++i) value[i] = static_cast<char>((i * 131) % 251);
  ExpectReplies(port(), {
                            {{"SET", "big", value}, kOk},
                            {{"GET", "big"}, Bulk(value)},
                            {{"STRLEN", "big"}, Int(1 << 20)},
                            {{"APPEND", "big", "tail"}, Int((1 << 20) + 4)},
                            {{"GETRANGE", "big", "-4", "-1"}, Bulk("tail")},
                            {{"GETRANGE", "big", "1000", "1002"}, Bulk(value.substr(1000, 3))},
                        });
}

TEST_F(RedisStrings, PipelineOfAThousandSetsInOneWrite) {
  std::string requests;
  std::string expected;
  std::vector<std::string> exists = {"EXISTS"};
  for (int i = 0; i < 1000; ++i) {
    requests += Resp({"SET", "key:" + std::to_string(i), "value:" + std::to_string(i)});
    expected += kOk;
    exists.push_back("key:" + std::to_string(i));
  }
  testkit::TestClient client(port());
  EXPECT_TRUE(client.Exchange(requests, expected));
  EXPECT_TRUE(client.Exchange(Resp(exists), Int(1000)));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "key:999"}), Bulk("value:999")));
}

TEST_F(RedisStrings, FiftyClientsIncrementingOneKeyLoseNothing) {
  // Every INCR must see the one before it: the replies of all clients together are exactly
  // 1..50000, each once, and the key ends at 50000.
  constexpr int kClients = 50;
  constexpr int kIncrements = 1000;
  constexpr int kPerWrite = 100;  // pipelined, so the test stays fast under sanitizers
  // 50,000 INCRs take seconds under sanitizers on a busy machine; a reply may wait that long.
  constexpr auto kPatience = std::chrono::seconds(120);
  std::string batch;
  for (int i = 0; i < kPerWrite; ++i) batch += Resp({"INCR", "counter"});
  std::vector<std::vector<int64_t>> replies(kClients);
  std::vector<std::string> failures(kClients);
  std::latch start(kClients);
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      testkit::TestClient client(port(), kPatience);
      start.arrive_and_wait();
      for (int sent = 0; sent < kIncrements; sent += kPerWrite) {
        if (!client.Send(batch)) {
          failures[c] = "the connection closed";
          return;
        }
        for (int i = 0; i < kPerWrite; ++i) {
          const std::string line = client.ReadLine();
          int64_t value = 0;
          if (line.size() < 4 || line[0] != ':' ||
              !StringToInt64(line.substr(1, line.size() - 3), &value)) {
            failures[c] =
                "reply " + std::to_string(sent + i) + " was \"" + testkit::Escape(line) + "\"";
            return;
          }
          replies[c].push_back(value);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  std::vector<int64_t> all;
  for (int c = 0; c < kClients; ++c) {
    EXPECT_EQ(failures[c], "") << "client " << c;
    all.insert(all.end(), replies[c].begin(), replies[c].end());
  }
  std::sort(all.begin(), all.end());
  std::vector<int64_t> expected(kClients * kIncrements);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_TRUE(all == expected) << "the INCR replies are not 1.." << expected.size()
                               << " each once (" << all.size() << " replies)";
  testkit::TestClient client(port());
  EXPECT_TRUE(
      client.Exchange(Resp({"GET", "counter"}), Bulk(std::to_string(kClients * kIncrements))));
}

TEST_F(RedisStrings, RacingMsetnxNeverHalfApplies) {
  // Twenty clients race, round after round, to MSETNX the twenty different sets of three of
  // six keys, each writing its own name. Whoever wins must own all three keys of its set.
  constexpr int kClients = 20;
  constexpr int kKeys = 6;
  constexpr int kRounds = 20;
  std::vector<std::vector<std::string>> key_sets;
  for (int a = 0; a < kKeys; ++a) {
    for (int b = a + 1; b < kKeys; ++b) {
      for (int c = b + 1; c < kKeys; ++c) {
        key_sets.push_back(
            {"key" + std::to_string(a), "key" + std::to_string(b), "key" + std::to_string(c)});
      }
    }
  }
  ASSERT_EQ(key_sets.size(), static_cast<size_t>(kClients));
  auto key_set = [&](int c) { return key_sets[static_cast<size_t>(c)]; };
  std::vector<std::unique_ptr<testkit::TestClient>> clients;
  for (int c = 0; c < kClients; ++c)
    clients.push_back(std::make_unique<testkit::TestClient>(port()));
  testkit::TestClient checker(port());
  for (int round = 0; round < kRounds; ++round) {
    std::vector<std::string> replies(kClients);
    std::latch start(kClients);
    std::vector<std::thread> threads;
    for (int c = 0; c < kClients; ++c) {
      threads.emplace_back([&, c] {
        std::vector<std::string> request = {"MSETNX"};
        for (const std::string& key : key_set(c)) {
          request.push_back(key);
          request.push_back("client" + std::to_string(c));
        }
        start.arrive_and_wait();
        clients[c]->Send(Resp(request));
        replies[c] = clients[c]->ReadLine();
      });
    }
    for (std::thread& thread : threads) thread.join();
    std::vector<std::string> mget = {"MGET"};
    for (int k = 0; k < kKeys; ++k) mget.push_back("key" + std::to_string(k));
    ASSERT_TRUE(checker.Send(Resp(mget)));
    const Reply values = ReadReply(checker);
    ASSERT_EQ(values.items.size(), static_cast<size_t>(kKeys));
    int winners = 0;
    for (int c = 0; c < kClients; ++c) {
      ASSERT_TRUE(replies[c] == ":1\r\n" || replies[c] == ":0\r\n")
          << "client " << c << " got \"" << testkit::Escape(replies[c]) << "\"";
      if (replies[c] != ":1\r\n") continue;
      ++winners;
      for (const std::string& key : key_set(c)) {
        const int k = key.back() - '0';
        EXPECT_EQ(values.items[static_cast<size_t>(k)].text, "client" + std::to_string(c))
            << "round " << round << ": " << key << " of winner " << c;
      }
    }
    EXPECT_GE(winners, 1) << "round " << round;
    // Every key that holds a value holds a winner's.
    for (int k = 0; k < kKeys; ++k) {
      const Reply& value = values.items[static_cast<size_t>(k)];
      if (value.null) continue;
      const int owner = std::stoi(value.text.substr(6));
      EXPECT_EQ(replies[static_cast<size_t>(owner)], ":1\r\n") << "round " << round << ", key" << k;
    }
    std::vector<std::string> del = mget;
    del[0] = "DEL";
    ASSERT_TRUE(checker.Send(Resp(del)));
    (void)checker.ReadLine();
  }
}

TEST_F(RedisStrings, MemcachedItemsAreRedisStrings) {
  // One key space, two protocols: an item's flags survive the Redis commands that edit its
  // value and are reset by those that replace it.
  testkit::TestClient memcached(port());
  testkit::TestClient redis(port());
  ASSERT_TRUE(memcached.Exchange("set item 7 0 2\r\n10\r\n", "STORED\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"GET", "item"}), Bulk("10")));
  EXPECT_TRUE(redis.Exchange(Resp({"INCR", "item"}), Int(11)));
  EXPECT_TRUE(redis.Exchange(Resp({"APPEND", "item", "5"}), Int(3)));
  EXPECT_TRUE(memcached.Exchange("get item\r\n", "VALUE item 7 3\r\n115\r\nEND\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "item", "new"}), kOk));
  EXPECT_TRUE(memcached.Exchange("get item\r\n", "VALUE item 0 3\r\nnew\r\nEND\r\n"));
}

// In-process: the envelope fields the wire does not show.

TEST_F(RedisStrings, SetStoresTheExpiryTimeItWasGiven) {
  CommandHarness harness;
  auto expire_at = [&](const std::string& key) -> int64_t {
    auto value = harness.keyspace().Get(0, key);
    EXPECT_TRUE(value.ok() && value->has_value()) << key;
    return value.ok() && value->has_value() ? (*value)->expire_at_ms : -1;
  };
  const auto now_ms = [] {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  };
  const int64_t before = now_ms();
  EXPECT_EQ(harness.Run({"SET", "ex", "v", "EX", "100"}), kOk);
  EXPECT_EQ(harness.Run({"SET", "px", "v", "PX", "2500"}), kOk);
  const int64_t after = now_ms();
  EXPECT_GE(expire_at("ex"), before + 100'000);
  EXPECT_LE(expire_at("ex"), after + 100'000);
  EXPECT_GE(expire_at("px"), before + 2'500);
  EXPECT_LE(expire_at("px"), after + 2'500);
  EXPECT_EQ(harness.Run({"SET", "exat", "v", "EXAT", "2000000000"}), kOk);
  EXPECT_EQ(expire_at("exat"), 2'000'000'000'000);
  EXPECT_EQ(harness.Run({"SET", "pxat", "v", "PXAT", "2000000000123"}), kOk);
  EXPECT_EQ(expire_at("pxat"), 2'000'000'000'123);
  EXPECT_EQ(harness.Run({"SET", "pxat", "w", "KEEPTTL"}), kOk);
  EXPECT_EQ(expire_at("pxat"), 2'000'000'000'123) << "KEEPTTL keeps the expiry";
  EXPECT_EQ(harness.Run({"SET", "pxat", "w"}), kOk);
  EXPECT_EQ(expire_at("pxat"), 0) << "a plain SET clears it";
  EXPECT_EQ(harness.Run({"SET", "exat", "x", "GET"}), Bulk("v"));
  EXPECT_EQ(expire_at("exat"), 0);
}

TEST_F(RedisStrings, WritesThatReplaceResetFlagsAndEditsKeepThem) {
  CommandHarness harness;
  auto put_item = [&](const std::string& key, const std::string& payload) {
    ValueEnvelope item = StringEnvelope(payload);
    item.client_flags = 7;
    item.expire_at_ms = 4'000'000'000'000;
    ASSERT_TRUE(harness.keyspace().Put(0, key, item).ok());
  };
  auto flags_and_expiry = [&](const std::string& key) {
    auto value = harness.keyspace().Get(0, key);
    EXPECT_TRUE(value.ok() && value->has_value()) << key;
    if (!value.ok() || !value->has_value()) return std::string("missing");
    return std::to_string((*value)->client_flags) + "/" + std::to_string((*value)->expire_at_ms);
  };
  const std::string kept = "7/4000000000000";
  const std::string fresh = "0/0";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"APPEND", "k", "x"}, kept},
      {{"SETRANGE", "k", "0", "x"}, kept},
      {{"INCR", "k"}, kept},
      {{"DECRBY", "k", "3"}, kept},
      {{"INCRBYFLOAT", "k", "0.5"}, kept},
      {{"SET", "k", "x"}, fresh},
      {{"SETNX", "other", "x"}, fresh},
      {{"MSET", "k", "x"}, fresh},
      {{"GETSET", "k", "x"}, fresh},
  };
  for (const auto& [request, expected] : cases) {
    put_item("k", "10");
    const std::string reply = harness.Run(request);
    EXPECT_NE(reply[0], '-') << request[0] << " failed: " << testkit::Escape(reply);
    const std::string key = request[0] == "SETNX" ? "other" : "k";
    EXPECT_EQ(flags_and_expiry(key), expected) << request[0];
  }
}

TEST_F(RedisStrings, AKeyOfAnotherTypeIsWrongType) {
  CommandHarness harness;
  ValueEnvelope hash;
  hash.type = ValueType::kHash;
  hash.payload = "metadata";
  ASSERT_TRUE(harness.keyspace().Put(0, "h", hash).ok());
  ASSERT_TRUE(harness.keyspace().Put(0, "s", StringEnvelope("abc")).ok());
  const std::vector<std::vector<std::string>> wrong_type = {
      {"GET", "h"},
      {"SET", "h", "x", "GET"},
      {"GETSET", "h", "x"},
      {"GETDEL", "h"},
      {"APPEND", "h", "x"},
      {"STRLEN", "h"},
      {"INCR", "h"},
      {"DECR", "h"},
      {"INCRBY", "h", "1"},
      {"DECRBY", "h", "1"},
      {"INCRBYFLOAT", "h", "1"},
      {"SETRANGE", "h", "0", "x"},
      {"SETRANGE", "h", "0", ""},
      {"GETRANGE", "h", "0", "-1"},
      {"SUBSTR", "h", "0", "-1"},
  };
  for (const auto& request : wrong_type) {
    EXPECT_EQ(harness.Run(request), kWrongType) << request[0];
  }
  // The arguments are checked before the key.
  EXPECT_EQ(harness.Run({"INCRBY", "h", "x"}), kNotInteger);
  EXPECT_EQ(harness.Run({"SETRANGE", "h", "-1", "x"}), Err("ERR offset is out of range"));
  EXPECT_EQ(harness.Run({"LCS", "s", "h"}),
            Err("ERR The specified keys must contain string values"));
  EXPECT_EQ(harness.Run({"LCS", "h", "s", "bogus"}),
            Err("ERR The specified keys must contain string values"));
  EXPECT_EQ(harness.Run({"MGET", "h", "s"}), "*2\r\n" + std::string(kNil) + Bulk("abc"));
  EXPECT_EQ(harness.Run({"TYPE", "h"}), "+hash\r\n");
  // SET and MSET replace whatever is there.
  EXPECT_EQ(harness.Run({"SET", "h", "x"}), kOk);
  EXPECT_EQ(harness.Run({"GET", "h"}), Bulk("x"));
}

TEST_F(RedisStrings, ReadsCountKeyspaceHitsAndMissesAsRedisDoes) {
  // (request, hits, misses), as INFO stats counts them in redis-server 7.0.15 after
  // CONFIG RESETSTAT, with "s" and "t" holding strings and "no" missing.
  CommandHarness harness;
  ASSERT_TRUE(harness.keyspace().Put(0, "s", StringEnvelope("5")).ok());
  ASSERT_TRUE(harness.keyspace().Put(0, "t", StringEnvelope("abc")).ok());
  struct Case {
    std::vector<std::string> request;
    uint64_t hits, misses;
  };
  const std::vector<Case> cases = {
      {{"GET", "s"}, 1, 0},
      {{"GET", "no"}, 0, 1},
      {{"MGET", "s", "no", "s"}, 2, 1},
      {{"SET", "s", "5"}, 0, 0},
      {{"SET", "s", "5", "GET"}, 1, 0},
      {{"SET", "s", "6", "NX"}, 0, 0},
      {{"SETNX", "s", "1"}, 0, 0},
      {{"GETSET", "s", "5"}, 1, 0},
      {{"STRLEN", "t"}, 1, 0},
      {{"APPEND", "t", "x"}, 0, 0},
      {{"INCR", "s"}, 0, 0},
      {{"INCRBYFLOAT", "s", "1"}, 0, 0},
      {{"SETRANGE", "t", "0", "a"}, 0, 0},
      {{"GETRANGE", "t", "0", "1"}, 1, 0},
      {{"SUBSTR", "no", "0", "1"}, 0, 1},
      {{"LCS", "s", "no"}, 1, 1},
      {{"MSET", "a", "1"}, 0, 0},
      {{"MSETNX", "a", "1"}, 0, 0},
      {{"GETDEL", "a"}, 1, 0},
  };
  for (const Case& c : cases) {
    harness.stats() = ServerStats();
    harness.Run(c.request);
    EXPECT_EQ(harness.stats().keyspace_hits, c.hits) << c.request[0];
    EXPECT_EQ(harness.stats().keyspace_misses, c.misses) << c.request[0];
  }
}

TEST_F(RedisStrings, StorageErrorsAreErrorRepliesNeverMisses) {
  CommandHarness harness;
  ASSERT_EQ(harness.Run({"MSET", "a", "ohmytext", "b", "mynewtext", "n", "1"}), kOk);
  harness.engine().set_failing(true);
  const std::string expected = Err("ERR " + Status::IOError("disk on fire").ToString());
  const std::vector<std::vector<std::string>> requests = {
      {"GET", "a"},
      {"SET", "a", "v"},
      {"SET", "a", "v", "NX"},
      {"SET", "a", "v", "GET"},
      {"SETNX", "a", "v"},
      {"MGET", "a", "b"},
      {"MSET", "a", "1"},
      {"MSETNX", "c", "1"},
      {"GETSET", "a", "v"},
      {"GETDEL", "a"},
      {"APPEND", "a", "v"},
      {"STRLEN", "a"},
      {"INCR", "n"},
      {"DECRBY", "n", "2"},
      {"INCRBYFLOAT", "n", "1.5"},
      {"SETRANGE", "a", "1", "x"},
      {"GETRANGE", "a", "0", "-1"},
      {"LCS", "a", "b"},
  };
  for (const auto& request : requests) {
    EXPECT_EQ(harness.Run(request), expected) << request[0];
  }
  harness.engine().set_failing(false);
  EXPECT_EQ(harness.Run({"MGET", "a", "b", "n"}),
            "*3\r\n" + Bulk("ohmytext") + Bulk("mynewtext") + Bulk("1"))
      << "a failed command changed nothing";
}

// Pure helpers.

TEST_F(RedisStrings, IntegersParseByString2llRules) {
  for (const auto& [text, value] :
       std::vector<std::pair<std::string, int64_t>>{{"0", 0},
                                                    {"-5", -5},
                                                    {"42", 42},
                                                    {"9223372036854775807", INT64_MAX},
                                                    {"-9223372036854775808", INT64_MIN}}) {
    int64_t parsed = 0;
    EXPECT_TRUE(StringToInt64(text, &parsed)) << text;
    EXPECT_EQ(parsed, value) << text;
  }
  for (const std::string& text : std::vector<std::string>{
           "", "-", "+1", " 1", "1 ", "01", "-0", "00", "1.0", "0x10", "9223372036854775808",
           "-9223372036854775809", "99999999999999999999999", "1\0"s, "1a"}) {
    int64_t parsed = 0;
    EXPECT_FALSE(StringToInt64(text, &parsed)) << testkit::Escape(text);
  }
}

TEST_F(RedisStrings, LongDoublesParseAndPrintAsRedisDoes) {
  auto round_trip = [](const std::string& text) {
    long double value = 0;
    if (!StringToLongDouble(text, &value)) return std::string("refused");
    return LongDoubleToString(value);
  };
  EXPECT_EQ(round_trip("1.5"), "1.5");
  EXPECT_EQ(round_trip("3.0"), "3");
  EXPECT_EQ(round_trip("-0.0"), "0");
  EXPECT_EQ(round_trip("1e-400"), "0");
  EXPECT_EQ(round_trip("0x1p3"), "8");
  EXPECT_EQ(round_trip("1e17"), "100000000000000000");
  EXPECT_EQ(round_trip("0.1"), "0.1");
  EXPECT_EQ(round_trip("nan"), "refused");
  EXPECT_EQ(round_trip("1e5000"), "refused");
  EXPECT_EQ(round_trip(" 1"), "refused");
  EXPECT_EQ(round_trip(std::string(5 * 1024, '1')), "refused");
  EXPECT_EQ(LongDoubleToString(1.6L + 1000), "1001.59999999999999998");
  EXPECT_EQ(LongDoubleToString(0.1L + 0.2L), "0.3");
  EXPECT_EQ(LongDoubleToString(-1.25L), "-1.25");
  // The long double nearest 1e308 lies just below it; Redis prints it as "9999...96685...".
  EXPECT_EQ(LongDoubleToString(1e308L).size(), 308u);
  long double infinity = 0;
  EXPECT_TRUE(StringToLongDouble("inf", &infinity));
  EXPECT_TRUE(std::isinf(infinity));
}

TEST_F(RedisStrings, LcsWalksBackAsRedisDoes) {
  LcsOptions options;
  options.want_matches = true;
  Result<LcsResult> lcs = ComputeLcs("ohmytext", "mynewtext", options);
  ASSERT_TRUE(lcs.ok()) << lcs.status().ToString();
  EXPECT_EQ(lcs->text, "mytext");
  EXPECT_EQ(lcs->length, 6u);
  ASSERT_EQ(lcs->matches.size(), 2u);
  EXPECT_EQ(lcs->matches[0].a_start, 4u);
  EXPECT_EQ(lcs->matches[0].b_end, 8u);
  EXPECT_EQ(lcs->matches[1].length(), 2u);
  // Of two equally long answers, the tie rule (step left unless up is strictly larger) picks
  // the one Redis picks: LCS("ab", "ba") is "b" in redis-server 7.0.15.
  lcs = ComputeLcs("ab", "ba", LcsOptions());
  ASSERT_TRUE(lcs.ok());
  EXPECT_EQ(lcs->text, "b");
  options.max_table_bytes = 4 * 11 * 11 - 1;
  lcs = ComputeLcs("0123456789", "0123456789", options);
  ASSERT_FALSE(lcs.ok());
  EXPECT_EQ(lcs.status().message(),
            "Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
  options.max_table_bytes = 4 * 11 * 11;
  EXPECT_TRUE(ComputeLcs("0123456789", "0123456789", options).ok());
}

}  // namespace
}  // namespace stepdb
