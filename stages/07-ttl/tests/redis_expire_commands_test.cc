// The expiry commands (redis_expire_commands.h) two ways:
//
//   in-process, on a ManualClock: every reply that depends on the time (TTL counting down and
//   rounding, a key gone the moment it is due, INFO's counts) is exact, and time moves
//   without sleeping;
//   black-box over a socket: tables of replies that do not depend on the time (errors, far-
//   future absolute expiries such as EXPIREAT k 4102444800, keys deleted by a past time),
//   run against this server and against redis-server 7.0 when it is installed, where every
//   expected reply came from. Relative expiries over the wire are checked as ranges.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "expiring_keyspace.h"
#include "manual_clock.h"
#include "redis_command_test_support.h"
#include "ttl_server.h"

namespace stepdb {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr int64_t kStart = 1'700'000'000'000;  // the manual clock's "now", unix ms

const std::string kNxConflict =
    Err("ERR NX and XX, GT or LT options at the same time are not compatible");
const std::string kGtLtConflict = Err("ERR GT and LT options at the same time are not compatible");

std::string InvalidExpireTime(std::string_view command) {
  return Err("ERR invalid expire time in '" + std::string(command) + "' command");
}

// One fixture for both kinds of test (gtest wants one fixture per suite name): a
// stepdb-stage07 server for the socket tests, and an in-process harness on a manual clock.
class RedisExpire : public RedisOracleTest {
 protected:
  RedisExpire() {
    // The server counts expired keys in INFO through this hook (ttl_server.cc); so does the
    // harness.
    static_cast<ExpiringKeyspace&>(harness_.keyspace()).set_on_expired([this] {
      ++harness_.stats().expired_keys;
    });
  }

  // In-process: the reply to one command at the manual clock's time.
  std::string Run(std::vector<std::string> argv) { return harness_.Run(std::move(argv)); }

  // In-process: each step's reply, at the manual clock's time.
  void ExpectInProcess(const std::vector<Step>& steps) { harness_.ExpectReplies(steps); }

  std::string Info(const std::string& section) {
    std::vector<std::string> argv = {"INFO", section};
    return Run(argv);
  }

  ManualClock clock_{kStart};
  CommandHarness harness_{Stage07Parts(&clock_)};
};

// ---- In-process, on the manual clock ----

TEST_F(RedisExpire, RelativeExpiryCountsDownAndTtlRoundsToTheNearestSecond) {
  ExpectInProcess({
      {{"SET", "k", "v"}, kOk},
      {{"EXPIRE", "k", "10"}, Int(1)},
      {{"TTL", "k"}, Int(10)},
      {{"PTTL", "k"}, Int(10'000)},
  });
  clock_.Advance(500);  // 9500 ms left: (9500 + 500) / 1000 = 10
  ExpectInProcess({{{"PTTL", "k"}, Int(9500)}, {{"TTL", "k"}, Int(10)}});
  clock_.Advance(1);  // 9499 ms: 9
  ExpectInProcess({{{"PTTL", "k"}, Int(9499)}, {{"TTL", "k"}, Int(9)}});
  clock_.Advance(9'498);  // 1 ms left rounds to 0 s, and the key is still there
  ExpectInProcess({
      {{"PTTL", "k"}, Int(1)},
      {{"TTL", "k"}, Int(0)},
      {{"GET", "k"}, Bulk("v")},
  });
  clock_.Advance(1);  // due
  ExpectInProcess({
      {{"TTL", "k"}, Int(-2)},
      {{"PTTL", "k"}, Int(-2)},
      {{"GET", "k"}, kNil},
  });
  EXPECT_THAT(Info("stats"), HasSubstr("\r\nexpired_keys:1\r\n"));

  const int64_t now = clock_.NowMs();
  ExpectInProcess({
      {{"SET", "k", "v"}, kOk},
      {{"PEXPIRE", "k", "1500"}, Int(1)},
      {{"TTL", "k"}, Int(2)},
      {{"PEXPIRE", "k", "1499"}, Int(1)},
      {{"TTL", "k"}, Int(1)},
      {{"EXPIRETIME", "k"}, Int((now + 1499 + 500) / 1000)},
      {{"PEXPIRETIME", "k"}, Int(now + 1499)},
  });
}

TEST_F(RedisExpire, AbsoluteExpiriesAreStoredAsGiven) {
  const std::string in_100s = std::to_string(kStart / 1000 + 100);
  ExpectInProcess({
      {{"SET", "k", "v"}, kOk},
      {{"EXPIREAT", "k", in_100s}, Int(1)},
      {{"TTL", "k"}, Int(100)},
      {{"EXPIRETIME", "k"}, Int(kStart / 1000 + 100)},
      {{"PEXPIRETIME", "k"}, Int(kStart + 100'000)},
      {{"PEXPIREAT", "k", std::to_string(kStart + 1)}, Int(1)},
      {{"PTTL", "k"}, Int(1)},
  });
  clock_.Advance(1);
  ExpectInProcess({{{"EXISTS", "k"}, Int(0)}, {{"EXPIRETIME", "k"}, Int(-2)}});
}

TEST_F(RedisExpire, ConditionsCompareWithTheCurrentExpiryAndTakeNoneAsInfinite) {
  ExpectInProcess({
      {{"SET", "k", "v"}, kOk},
      {{"EXPIRE", "k", "100", "XX"}, Int(0)},  // no expiry yet
      {{"EXPIRE", "k", "100", "GT"}, Int(0)},  // nothing is greater than infinite
      {{"TTL", "k"}, Int(-1)},
      {{"EXPIRE", "k", "100", "NX"}, Int(1)},
      {{"EXPIRE", "k", "200", "NX"}, Int(0)},
      {{"EXPIRE", "k", "50", "GT"}, Int(0)},
      {{"EXPIRE", "k", "100", "GT"}, Int(0)},  // equal is not greater
      {{"EXPIRE", "k", "200", "GT"}, Int(1)},
      {{"TTL", "k"}, Int(200)},
      {{"EXPIRE", "k", "300", "LT"}, Int(0)},
      {{"EXPIRE", "k", "200", "LT"}, Int(0)},  // equal is not less
      {{"EXPIRE", "k", "150", "LT", "XX"}, Int(1)},
      {{"TTL", "k"}, Int(150)},
      {{"PERSIST", "k"}, Int(1)},
      {{"EXPIRE", "k", "150", "LT"}, Int(1)},  // anything is less than infinite
      {{"TTL", "k"}, Int(150)},
  });
}

TEST_F(RedisExpire, APastTimeDeletesTheKeyAsADeletionNotAnExpiry) {
  const std::string now = std::to_string(kStart);
  ExpectInProcess({
      {{"SET", "a", "v"}, kOk},
      {{"EXPIRE", "a", "0"}, Int(1)},
      {{"EXISTS", "a"}, Int(0)},
      {{"SET", "b", "v"}, kOk},
      {{"PEXPIRE", "b", "-5"}, Int(1)},
      {{"EXISTS", "b"}, Int(0)},
      {{"SET", "c", "v"}, kOk},
      {{"PEXPIREAT", "c", now}, Int(1)},  // now is already past
      {{"EXISTS", "c"}, Int(0)},
      {{"SET", "d", "v"}, kOk},
      {{"EXPIREAT", "d", "1"}, Int(1)},
      {{"EXISTS", "d"}, Int(0)},
      {{"EXPIRE", "missing", "-1"}, Int(0)},
      {{"SET", "e", "v"}, kOk},
      {{"EXPIRE", "e", "-1", "GT"}, Int(0)},  // refused before the time is looked at
      {{"EXISTS", "e"}, Int(1)},
      {{"GETEX", "e", "PXAT", now}, Bulk("v")},  // the value, then the key is gone
      {{"EXISTS", "e"}, Int(0)},
      {{"DBSIZE"}, Int(0)},
  });
  EXPECT_THAT(Info("stats"), HasSubstr("\r\nexpired_keys:0\r\n"));
}

TEST_F(RedisExpire, PersistDropsTheExpiry) {
  ExpectInProcess({
      {{"PERSIST", "missing"}, Int(0)},
      {{"SETEX", "k", "10", "v"}, kOk},
      {{"PERSIST", "k"}, Int(1)},
      {{"TTL", "k"}, Int(-1)},
      {{"PERSIST", "k"}, Int(0)},
  });
  clock_.Advance(20'000);
  ExpectInProcess({{{"GET", "k"}, Bulk("v")}});
}

TEST_F(RedisExpire, SetexPsetexAndGetexSetExactExpiries) {
  ExpectInProcess({
      {{"SETEX", "k", "10", "v"}, kOk},
      {{"PTTL", "k"}, Int(10'000)},
      {{"PSETEX", "k", "1234", "w"}, kOk},
      {{"PTTL", "k"}, Int(1234)},
      {{"GET", "k"}, Bulk("w")},
      {{"GETEX", "k"}, Bulk("w")},  // no option: the expiry stays
      {{"PTTL", "k"}, Int(1234)},
      {{"GETEX", "k", "EX", "20"}, Bulk("w")},
      {{"PTTL", "k"}, Int(20'000)},
      {{"GETEX", "k", "PX", "300"}, Bulk("w")},
      {{"PTTL", "k"}, Int(300)},
      {{"GETEX", "k", "EXAT", std::to_string(kStart / 1000 + 40)}, Bulk("w")},
      {{"PTTL", "k"}, Int(40'000)},
      {{"GETEX", "k", "PXAT", std::to_string(kStart + 50)}, Bulk("w")},
      {{"PTTL", "k"}, Int(50)},
      {{"GETEX", "k", "PERSIST"}, Bulk("w")},
      {{"PTTL", "k"}, Int(-1)},
  });
  clock_.Advance(1'000);
  ExpectInProcess({
      {{"SETEX", "k", "1", "v"}, kOk},
      {{"EXPIRETIME", "k"}, Int((kStart + 2'000) / 1000)},
  });
  clock_.Advance(1'000);
  ExpectInProcess({{{"GETEX", "k"}, kNil}});
}

TEST_F(RedisExpire, AnExpiryWriteKeepsThePayloadAndFlagsAndTakesANewCas) {
  ValueEnvelope item = StringEnvelope("payload");
  item.client_flags = 42;
  ASSERT_TRUE(harness_.keyspace().Put(0, "k", item).ok());
  auto before = harness_.keyspace().Get(0, "k");
  ASSERT_TRUE(before.ok() && before->has_value());

  EXPECT_EQ(Run({"EXPIRE", "k", "100"}), Int(1));
  auto after = harness_.keyspace().Get(0, "k");
  ASSERT_TRUE(after.ok() && after->has_value());
  EXPECT_EQ((*after)->payload, "payload");
  EXPECT_EQ((*after)->client_flags, 42u);
  EXPECT_EQ((*after)->expire_at_ms, kStart + 100'000);
  EXPECT_NE((*after)->cas, (*before)->cas);

  EXPECT_EQ(Run({"PERSIST", "k"}), Int(1));
  EXPECT_EQ(Run({"GETEX", "k", "PX", "5"}), Bulk("payload"));
  auto last = harness_.keyspace().Get(0, "k");
  ASSERT_TRUE(last.ok() && last->has_value());
  EXPECT_EQ((*last)->client_flags, 42u);
  EXPECT_EQ((*last)->expire_at_ms, kStart + 5);
}

TEST_F(RedisExpire, SetKeepttlKeepsTheExpiryAndSetWithoutItClearsIt) {
  ExpectInProcess({
      {{"SET", "k", "v", "EX", "100"}, kOk},
      {{"SET", "k", "w", "KEEPTTL"}, kOk},
      {{"PTTL", "k"}, Int(100'000)},
      {{"SET", "k", "x"}, kOk},
      {{"PTTL", "k"}, Int(-1)},
  });
}

TEST_F(RedisExpire, RenameAndCopyCarryTheTtl) {
  ExpectInProcess({{{"SET", "a", "v", "PX", "100000"}, kOk}});
  clock_.Advance(10'000);
  ExpectInProcess({
      {{"RENAME", "a", "b"}, kOk},
      {{"PTTL", "b"}, Int(90'000)},
      {{"COPY", "b", "c"}, Int(1)},
      {{"PTTL", "c"}, Int(90'000)},
  });
  clock_.Advance(90'000);
  ExpectInProcess({{{"EXISTS", "a", "b", "c"}, Int(0)}});
}

TEST_F(RedisExpire, IncrAndAppendKeepTheTtl) {
  ExpectInProcess({
      {{"SET", "n", "1", "EX", "100"}, kOk},
      {{"INCR", "n"}, Int(2)},
      {{"INCRBY", "n", "5"}, Int(7)},
      {{"APPEND", "n", "0"}, Int(2)},
      {{"PTTL", "n"}, Int(100'000)},
      {{"GET", "n"}, Bulk("70")},
  });
}

TEST_F(RedisExpire, AnExpiredKeyIsInvisibleToEveryReader) {
  ExpectInProcess({
      {{"SET", "gone", "1", "PX", "100"}, kOk},
      {{"SET", "stays", "2"}, kOk},
      {{"DBSIZE"}, Int(2)},
  });
  clock_.Advance(100);
  // Counts and listings leave the due key out before anything has read it.
  ExpectInProcess({
      {{"DBSIZE"}, Int(1)},
      {{"KEYS", "*"}, "*1\r\n" + Bulk("stays")},
      {{"EXISTS", "gone"}, Int(0)},
      {{"TYPE", "gone"}, "+none\r\n"},
      {{"TTL", "gone"}, Int(-2)},
      {{"EXPIRE", "gone", "100"}, Int(0)},
      {{"PERSIST", "gone"}, Int(0)},
      {{"GETEX", "gone", "PERSIST"}, kNil},
  });
}

TEST_F(RedisExpire, InfoCountsKeysWithAnExpiryTheirAverageTtlAndExpiredKeys) {
  ExpectInProcess({
      {{"SET", "a", "v", "EX", "10"}, kOk},
      {{"SET", "b", "v", "EX", "20"}, kOk},
      {{"SET", "c", "v"}, kOk},
  });
  EXPECT_THAT(Info("keyspace"), HasSubstr("\r\ndb0:keys=3,expires=2,avg_ttl=15000\r\n"));
  clock_.Advance(10'000);
  ExpectInProcess({{{"GET", "a"}, kNil}});
  EXPECT_THAT(Info("keyspace"), HasSubstr("\r\ndb0:keys=2,expires=1,avg_ttl=10000\r\n"));
  EXPECT_THAT(Info("stats"), HasSubstr("\r\nexpired_keys:1\r\n"));
  ExpectInProcess({{{"PERSIST", "b"}, Int(1)}});
  EXPECT_THAT(Info("keyspace"), HasSubstr("\r\ndb0:keys=2,expires=0,avg_ttl=0\r\n"));
  EXPECT_THAT(Info("stats"), Not(HasSubstr("expired_keys:2")));
}

// ---- Over the socket, against this server and redis-server ----

TEST_F(RedisExpire, ExpireErrorsMatchRedis) {
  ExpectOnBoth({
      {{"EXPIRE", "k"}, Err("ERR wrong number of arguments for 'expire' command")},
      {{"TTL"}, Err("ERR wrong number of arguments for 'ttl' command")},
      {{"PERSIST", "a", "b"}, Err("ERR wrong number of arguments for 'persist' command")},
      {{"EXPIRE", "k", "abc"}, kNotInteger},
      {{"EXPIRE", "k", "1.5"}, kNotInteger},
      {{"PEXPIREAT", "k", "+1"}, kNotInteger},
      {{"EXPIRE", "k", "10", "foo"}, Err("ERR Unsupported option foo")},
      {{"EXPIRE", "k", "abc", "FOO"}, Err("ERR Unsupported option FOO")},  // options first
      {{"EXPIRE", "k", "10", "nx", "xx"}, kNxConflict},
      {{"EXPIRE", "k", "10", "NX", "GT"}, kNxConflict},
      {{"PEXPIRE", "k", "10", "lt", "nx"}, kNxConflict},
      {{"EXPIRE", "k", "10", "gt", "lt"}, kGtLtConflict},
      {{"EXPIRE", "k", "10", "xx", "gt", "lt"}, kGtLtConflict},
      {{"EXPIRE", "k", "abc", "gt", "lt"}, kGtLtConflict},
      {{"EXPIRE", "k", "10", "xx", "gt"}, Int(0)},  // compatible; the key is missing
      {{"EXPIRE", "k", "10", "nx", "nx"}, Int(0)},
      // Seconds that overflow once in milliseconds, or once added to now.
      {{"EXPIRE", "k", "9223372036854775807"}, InvalidExpireTime("expire")},
      {{"EXPIRE", "k", "9223372036854776"}, InvalidExpireTime("expire")},
      {{"EXPIRE", "k", "9223372036854775"}, InvalidExpireTime("expire")},
      {{"EXPIRE", "k", "-9223372036854776"}, InvalidExpireTime("expire")},
      {{"EXPIRE", "k", "-9223372036854775"}, Int(0)},
      {{"PEXPIRE", "k", "9223372036854775807"}, InvalidExpireTime("pexpire")},
      {{"EXPIREAT", "k", "9223372036854776"}, InvalidExpireTime("expireat")},
      {{"EXPIREAT", "k", "9223372036854775"}, Int(0)},
      {{"PEXPIREAT", "k", "9223372036854775807"}, Int(0)},
      {{"PEXPIREAT", "k", "-9223372036854775808"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"EXPIRE", "k", "9223372036854775"}, InvalidExpireTime("expire")},  // k stays
      {{"EXISTS", "k"}, Int(1)},
      {{"ExPiRe", "k", "9223372036854775"}, InvalidExpireTime("expire")},
  });
}

TEST_F(RedisExpire, ConditionsOnFarFutureAbsoluteTimes) {
  ExpectOnBoth({
      {{"SET", "k", "v"}, kOk},
      {{"EXPIREAT", "k", "4102444800", "XX"}, Int(0)},
      {{"EXPIREAT", "k", "4102444800", "GT"}, Int(0)},
      {{"EXPIREAT", "k", "4102444800", "LT"}, Int(1)},
      {{"EXPIRETIME", "k"}, Int(4102444800)},
      {{"EXPIREAT", "k", "4102444800", "NX"}, Int(0)},
      {{"EXPIREAT", "k", "4102444801", "gt"}, Int(1)},
      {{"EXPIREAT", "k", "4102444801", "GT"}, Int(0)},
      {{"EXPIREAT", "k", "4102444800", "LT"}, Int(1)},
      {{"EXPIREAT", "k", "4102444800", "LT"}, Int(0)},
      {{"PEXPIREAT", "k", "4102444800001", "XX", "GT"}, Int(1)},
      {{"PEXPIRETIME", "k"}, Int(4102444800001)},
      {{"EXPIREAT", "k", "4102444800", "XX"}, Int(1)},
      {{"PERSIST", "k"}, Int(1)},
      {{"PERSIST", "k"}, Int(0)},
      {{"EXPIRETIME", "k"}, Int(-1)},
      {{"EXPIREAT", "k", "4102444800", "XX"}, Int(0)},
      {{"EXPIREAT", "k", "4102444800", "NX"}, Int(1)},
      {{"EXPIREAT", "missing", "4102444800"}, Int(0)},
      {{"EXISTS", "missing"}, Int(0)},
  });
}

TEST_F(RedisExpire, TtlAndExpireTimeReplies) {
  ExpectOnBoth({
      {{"TTL", "missing"}, Int(-2)},
      {{"PTTL", "missing"}, Int(-2)},
      {{"EXPIRETIME", "missing"}, Int(-2)},
      {{"PEXPIRETIME", "missing"}, Int(-2)},
      {{"SET", "k", "v"}, kOk},
      {{"TTL", "k"}, Int(-1)},
      {{"PTTL", "k"}, Int(-1)},
      {{"EXPIRETIME", "k"}, Int(-1)},
      {{"PEXPIRETIME", "k"}, Int(-1)},
      // EXPIRETIME rounds to the nearest second, as TTL does.
      {{"PEXPIREAT", "k", "4102444800500"}, Int(1)},
      {{"EXPIRETIME", "k"}, Int(4102444801)},
      {{"PEXPIREAT", "k", "4102444800499"}, Int(1)},
      {{"EXPIRETIME", "k"}, Int(4102444800)},
      {{"PEXPIRETIME", "k"}, Int(4102444800499)},
  });
}

TEST_F(RedisExpire, PastTimesDeleteOverTheWire) {
  ExpectOnBoth({
      {{"SET", "k", "v"}, kOk},
      {{"EXPIRE", "k", "-1", "GT"}, Int(0)},  // no expiry is infinite: -1 is not greater
      {{"EXISTS", "k"}, Int(1)},
      {{"EXPIRE", "k", "-1", "LT"}, Int(1)},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"EXPIRE", "k", "-9223372036854775"}, Int(1)},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"PEXPIREAT", "k", "-9223372036854775808"}, Int(1)},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"EXPIREAT", "k", "4102444800"}, Int(1)},
      {{"EXPIRE", "k", "0", "NX"}, Int(0)},
      {{"EXPIRE", "k", "0", "XX"}, Int(1)},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"EXPIREAT", "k", "0"}, Int(1)},  // 0 is a time long past here, not "no expiry"
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"PEXPIREAT", "k", "0"}, Int(1)},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"GETEX", "k", "PXAT", "1"}, Bulk("v")},
      {{"EXISTS", "k"}, Int(0)},
      {{"SET", "k", "v"}, kOk},
      {{"GETEX", "k", "EXAT", "1"}, Bulk("v")},
      {{"EXISTS", "k"}, Int(0)},
  });
}

TEST_F(RedisExpire, SetexPsetexAndGetexErrorsMatchRedis) {
  ExpectOnBoth({
      {{"SETEX", "k", "0", "v"}, InvalidExpireTime("setex")},
      {{"SETEX", "k", "-1", "v"}, InvalidExpireTime("setex")},
      {{"SETEX", "k", "abc", "v"}, kNotInteger},
      {{"SETEX", "k", "9223372036854775", "v"}, InvalidExpireTime("setex")},
      {{"SETEX", "k", "9223372036854776", "v"}, InvalidExpireTime("setex")},
      {{"PSETEX", "k", "0", "v"}, InvalidExpireTime("psetex")},
      {{"PSETEX", "k", "-5", "v"}, InvalidExpireTime("psetex")},
      {{"PSETEX", "k", "abc", "v"}, kNotInteger},
      {{"PSETEX", "k", "9223372036854775807", "v"}, InvalidExpireTime("psetex")},
      {{"SETEX", "k", "10"}, Err("ERR wrong number of arguments for 'setex' command")},
      {{"GETEX"}, Err("ERR wrong number of arguments for 'getex' command")},
      {{"EXISTS", "k"}, Int(0)},
      // GETEX: the options' syntax first, then the key, then the time.
      {{"GETEX", "missing"}, kNil},
      {{"GETEX", "missing", "foo"}, kSyntax},
      {{"GETEX", "missing", "EX"}, kSyntax},
      {{"GETEX", "missing", "EX", "10", "PX", "10"}, kSyntax},
      {{"GETEX", "missing", "PERSIST", "EX", "10"}, kSyntax},
      {{"GETEX", "missing", "EX", "10", "PERSIST"}, kSyntax},
      {{"GETEX", "missing", "KEEPTTL"}, kSyntax},
      {{"GETEX", "missing", "NX"}, kSyntax},
      {{"GETEX", "missing", "GET"}, kSyntax},
      {{"GETEX", "missing", "EX", "10", "EX", "20"}, kNil},
      {{"GETEX", "missing", "PERSIST", "PERSIST"}, kNil},
      {{"GETEX", "missing", "EX", "abc"}, kNil},
      {{"GETEX", "missing", "EX", "0"}, kNil},
      {{"SET", "s", "v"}, kOk},
      {{"GETEX", "s", "EX", "abc"}, kNotInteger},
      {{"GETEX", "s", "EX", "0"}, InvalidExpireTime("getex")},
      {{"GETEX", "s", "EX", "-1"}, InvalidExpireTime("getex")},
      {{"GETEX", "s", "EXAT", "0"}, InvalidExpireTime("getex")},
      {{"GETEX", "s", "PXAT", "-5"}, InvalidExpireTime("getex")},
      {{"GETEX", "s", "EX", "9223372036854775"}, InvalidExpireTime("getex")},
      {{"GETEX", "s", "PX", "9223372036854775807"}, InvalidExpireTime("getex")},
      {{"GETEX", "s", "EXAT", "9223372036854776"}, InvalidExpireTime("getex")},
      {{"TTL", "s"}, Int(-1)},  // no error changed anything
      {{"GETEX", "s", "EXAT", "4102444800"}, Bulk("v")},
      {{"EXPIRETIME", "s"}, Int(4102444800)},
      {{"GETEX", "s"}, Bulk("v")},
      {{"EXPIRETIME", "s"}, Int(4102444800)},
      {{"GETEX", "s", "persist"}, Bulk("v")},
      {{"TTL", "s"}, Int(-1)},
      {{"GETEX", "s", "PXAT", "9223372036854775807"}, Bulk("v")},
      {{"PEXPIRETIME", "s"}, Int(9223372036854775807)},
      {{"SET", "a", "v", "PERSIST"}, kSyntax},  // PERSIST is GETEX's alone
      {{"SET", "a", "v", "EX", "10", "PX", "10"}, kSyntax},
      {{"SET", "a", "v", "KEEPTTL", "EX", "10"}, kSyntax},
      {{"SET", "a", "v", "EX", "0"}, InvalidExpireTime("set")},
  });
}

// Stage 07 stores only strings; a set's key is made in-process to show GETEX's WRONGTYPE
// and that SETEX replaces a key of any type, as SET does.
TEST_F(RedisExpire, GetexOfANonStringIsWrongTypeAndSetexReplacesIt) {
  ValueEnvelope set;
  set.type = ValueType::kSet;
  ASSERT_TRUE(harness_.keyspace().Put(0, "s", set).ok());
  ExpectInProcess({
      {{"GETEX", "s"}, kWrongType},
      {{"GETEX", "s", "EX", "abc"}, kWrongType},  // the type is checked before the time
      {{"GETEX", "s", "PERSIST"}, kWrongType},
      {{"EXPIRE", "s", "10"}, Int(1)},  // EXPIRE works on any type
      {{"TTL", "s"}, Int(10)},
      {{"TYPE", "s"}, "+set\r\n"},
      {{"SETEX", "s", "10", "v"}, kOk},
      {{"TYPE", "s"}, "+string\r\n"},
      {{"GET", "s"}, Bulk("v")},
  });
}

TEST_F(RedisExpire, RelativeExpiriesOverTheWireAreWithinTheirRange) {
  auto check = [](uint16_t port, const std::string& server) {
    testkit::TestClient client(port);
    ASSERT_TRUE(client.Exchange(Resp({"SET", "k", "v"}), kOk)) << server;
    ASSERT_TRUE(client.Exchange(Resp({"EXPIRE", "k", "100"}), Int(1))) << server;
    ASSERT_TRUE(client.Send(Resp({"TTL", "k"})));
    const Reply ttl = ReadReply(client);
    ASSERT_EQ(ttl.type, ':') << server;
    EXPECT_TRUE(ttl.text == "100" || ttl.text == "99") << server << ": TTL " << ttl.text;
    ASSERT_TRUE(client.Send(Resp({"PTTL", "k"})));
    const Reply pttl = ReadReply(client);
    ASSERT_EQ(pttl.type, ':') << server;
    const long long ms = std::stoll(pttl.text);
    EXPECT_TRUE(ms > 95'000 && ms <= 100'000) << server << ": PTTL " << ms;
    ASSERT_TRUE(client.Exchange(Resp({"PSETEX", "p", "100000", "v"}), kOk)) << server;
    ASSERT_TRUE(client.Send(Resp({"PTTL", "p"})));
    const Reply psetex = ReadReply(client);
    const long long p_ms = std::stoll(psetex.text);
    EXPECT_TRUE(p_ms > 95'000 && p_ms <= 100'000) << server << ": PTTL " << p_ms;
  };
  check(port(), "stepdb");
  if (std::unique_ptr<testkit::ServerProcess> redis = StartReferenceRedis()) {
    check(redis->port(), "redis-server");
  }
}

TEST_F(RedisExpire, AKeyExpiresOnTheServersClockWithOnlyLazyExpiry) {
  testkit::TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), kOk));
  ASSERT_TRUE(client.Exchange(Resp({"PSETEX", "k", "100", "v"}), kOk));
  ASSERT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("v")));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  bool gone = false;
  while (!gone && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ASSERT_TRUE(client.Send(Resp({"EXISTS", "k"})));
    gone = ReadReply(client).text == "0";
  }
  EXPECT_TRUE(gone) << "k still exists 5 s after PSETEX k 100";
  ASSERT_TRUE(client.Send(Resp({"INFO", "stats"})));
  const Reply info = ReadReply(client);
  EXPECT_THAT(info.text, HasSubstr("\r\nexpired_keys:1\r\n"));
}

}  // namespace
}  // namespace stepdb
