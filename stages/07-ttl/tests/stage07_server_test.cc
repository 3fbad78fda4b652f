// Black-box tests of stepdb-stage07 as a server, over real sockets: times to live across a
// clean restart and across kill -9, an expired key that never comes back, compaction that
// leaves expired values out of the tables, the active expiry cycle on and off, INFO keyspace's
// expires and avg_ttl, and Redis keys and Memcached items expiring alike.
//
// Nothing here reads TTL: the time left is read from INFO keyspace's avg_ttl, which is exactly
// the time left of the one key with an expiry in a database, in milliseconds.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/testkit/build_paths.h"
#include "stage06_server_fixture.h"
#include "stage07_server_support.h"

namespace stepdb {
namespace {

using std::chrono_literals::operator""ms;
using std::chrono_literals::operator""s;
using testkit::TestClient;

class Stage07Server : public Stage06ServerTest {
 protected:
  // INFO keyspace's avg_ttl for database `db` ("db1"), or -1 if the database has no line.
  static long long AvgTtlMs(TestClient& client, const std::string& db) {
    const std::string line = InfoField(client, "keyspace", db);
    const size_t at = line.find("avg_ttl=");
    return at == std::string::npos ? -1 : std::stoll(line.substr(at + 8));
  }

  // The keys KEYS * lists, sorted.
  static std::vector<std::string> Keys(TestClient& client) {
    EXPECT_TRUE(client.Send(Resp({"KEYS", "*"})));
    std::vector<std::string> keys;
    for (const Reply& item : ReadReply(client).items) keys.push_back(item.text);
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  // Sets a key with a long time to live (alone in database 1) and two with 600 ms (in database
  // 0, beside one without an expiry), stops the server with `stop`, restarts it once the short
  // ones are due, and checks: the long time to live went on down by no more than the elapsed
  // time; the short keys are gone from the first command on.
  void ExpectTimesToLiveOutliveTheServer(const std::function<void()>& stop) {
    long long before_ms = 0;
    int64_t short_set_ms = 0;
    std::chrono::steady_clock::time_point read_before;
    {
      TestClient client(port());
      EXPECT_TRUE(
          client.Exchange(Resp({"SELECT", "1"}) + Resp({"SET", "long", "v", "PX", "100000"}),
                          std::string(kOk) + kOk));
      EXPECT_TRUE(client.Exchange(Resp({"SELECT", "0"}) + Resp({"SET", "plain", "v"}),
                                  std::string(kOk) + kOk));
      EXPECT_TRUE(client.Exchange(
          Resp({"SET", "short-a", "v", "PX", "600"}) + Resp({"SET", "short-b", "v", "PX", "600"}),
          std::string(kOk) + kOk));
      short_set_ms = WallMs();
      EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(3)));
      before_ms = AvgTtlMs(client, "db1");
      read_before = std::chrono::steady_clock::now();
      EXPECT_GT(before_ms, 90'000);
    }
    stop();
    SleepUntilWallMs(short_set_ms + 700);
    Restart();
    TestClient client(port());
    EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(1)));
    EXPECT_EQ(Keys(client), std::vector<std::string>{"plain"});
    EXPECT_TRUE(client.Exchange(Resp({"EXISTS", "short-a", "short-b"}), Int(0)));
    EXPECT_TRUE(client.Exchange(Resp({"GET", "short-a"}), kNil));
    const long long after_ms = AvgTtlMs(client, "db1");
    const long long elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now() - read_before)
                                     .count();
    EXPECT_LE(after_ms, before_ms) << "the time to live grew across the restart";
    EXPECT_GT(after_ms, before_ms - elapsed_ms - 1000)
        << "before " << before_ms << " ms, " << elapsed_ms << " ms elapsed";
    EXPECT_TRUE(client.Exchange(Resp({"SELECT", "1"}) + Resp({"GET", "long"}),
                                std::string(kOk) + Bulk("v")));
  }
};

// kill -9 loses what the process held; under --fsync always every acknowledged write is on
// disk, expiries included.
class Stage07ServerFsyncAlways : public Stage07Server {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--fsync", "always"}; }
};

TEST_F(Stage07Server, TimesToLiveOutliveACleanShutdown) {
  ExpectTimesToLiveOutliveTheServer([&] { EXPECT_EQ(server().Stop(SIGTERM), 0); });
}

TEST_F(Stage07ServerFsyncAlways, TimesToLiveOutliveKillDashNine) {
  ExpectTimesToLiveOutliveTheServer([&] { server().Kill(); });
}

// With the active cycle off, only a read deletes the due key; the crash may lose that
// deletion, but the stored value is due, so the key stays gone.
TEST_F(Stage07ServerFsyncAlways, AKeyExpiredLazilyNeverComesBackAfterACrash) {
  {
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"SET", "k", "v", "PX", "200"}) + Resp({"SET", "plain", "v"}),
                                std::string(kOk) + kOk));
    SleepUntilWallMs(WallMs() + 250);
    EXPECT_EQ(InfoField(client, "stats", "expired_keys"), "0");
    EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), kNil));
    EXPECT_EQ(InfoField(client, "stats", "expired_keys"), "1");
  }
  server().Kill();
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(1)));
  EXPECT_EQ(Keys(client), std::vector<std::string>{"plain"});
  EXPECT_TRUE(client.Exchange(Resp({"EXISTS", "k"}), Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), kNil));
}

// Keys "gone:0007:gone#0007" whose tail, "gone#0007", is whole in a table however much of the
// key a block shares with the key before it.
std::string NumberedKey(const std::string& kind, int i) {
  char tail[16];
  std::snprintf(tail, sizeof tail, "%s#%04d", kind.c_str(), i);
  return kind + ":" + std::string(tail + kind.size() + 1) + ":" + tail;
}

// With the active cycle off and no read, only the compaction filter can remove the expired
// values. Tables are raw blocks (no compression), so a key absent from their bytes is absent
// from the tables.
TEST_F(Stage07Server, CompactionLeavesExpiredValuesOutOfTheTables) {
  constexpr int kKeys = 200;
  {
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), kOk));
    std::string requests, replies;
    for (int i = 0; i < kKeys; ++i) {
      requests +=
          Resp({"SET", NumberedKey("gone", i), "value-of-" + NumberedKey("gone", i), "PX", "200"});
      requests += Resp({"SET", NumberedKey("kept", i), "value-of-" + NumberedKey("kept", i)});
      replies += std::string(kOk) + kOk;
    }
    EXPECT_TRUE(client.Exchange(requests, replies));
    EXPECT_TRUE(Eventually([&] { return Integer(client, {"DBSIZE"}) == kKeys; }, 3s))
        << "the keys set with PX 200 still counted in DBSIZE after 3 s";
    EXPECT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
    EXPECT_EQ(InfoField(client, "stats", "expired_keys"), "0") << "something read the keys";
  }
  ASSERT_EQ(server().Stop(SIGTERM), 0);

  std::string output;
  EXPECT_EQ(
      testkit::ServerProcess::RunToExit(testkit::kTreeBinary, {"check", dir().path()}, &output), 0)
      << output;
  const std::string tables = TableBytes();
  ASSERT_FALSE(tables.empty()) << "no table in " << dir().path();
  for (int i = 0; i < kKeys; ++i) {
    const std::string gone = NumberedKey("gone", i);
    const std::string kept = NumberedKey("kept", i);
    EXPECT_EQ(tables.find(gone.substr(gone.rfind(':') + 1)), std::string::npos) << gone;
    EXPECT_NE(tables.find(kept.substr(kept.rfind(':') + 1)), std::string::npos) << kept;
  }
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(kKeys)));
}

// Sets n keys with PX 100 in one pipeline.
void SetExpiringKeys(TestClient& client, int n) {
  std::string requests, replies;
  for (int i = 0; i < n; ++i) {
    requests += Resp({"SET", "key:" + std::to_string(i), "v", "PX", "100"});
    replies += kOk;
  }
  EXPECT_TRUE(client.Exchange(requests, replies));
}

TEST_F(Stage07Server, TheActiveCycleDeletesExpiredKeysThatNobodyReads) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "1"}), kOk));
  SetExpiringKeys(client, 1000);
  EXPECT_TRUE(Eventually(
      [&] {
        return InfoField(client, "stats", "expired_keys") == "1000" &&
               Integer(client, {"DBSIZE"}) == 0;
      },
      5s))
      << "expired_keys " << InfoField(client, "stats", "expired_keys") << ", DBSIZE "
      << Integer(client, {"DBSIZE"});
}

TEST_F(Stage07Server, WithoutTheActiveCycleOnlyReadsDeleteExpiredKeys) {
  constexpr int kKeys = 100;
  TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), kOk));
  SetExpiringKeys(client, kKeys);
  // DBSIZE and KEYS leave due keys out at once, deleting nothing.
  EXPECT_TRUE(Eventually([&] { return Integer(client, {"DBSIZE"}) == 0; }, 3s));
  EXPECT_EQ(Keys(client), std::vector<std::string>{});
  std::this_thread::sleep_for(300ms);  // three periods of the cycle, were it running
  EXPECT_EQ(InfoField(client, "stats", "expired_keys"), "0");
  std::string requests, replies;
  for (int i = 0; i < kKeys; ++i) {
    requests += Resp({"GET", "key:" + std::to_string(i)});
    replies += kNil;
  }
  EXPECT_TRUE(client.Exchange(requests, replies));
  EXPECT_EQ(InfoField(client, "stats", "expired_keys"), std::to_string(kKeys));
}

TEST_F(Stage07Server, InfoKeyspaceCountsKeysWithAnExpiryAndTheirAverageTtl) {
  TestClient client(port());
  EXPECT_EQ(InfoField(client, "keyspace", "db0"), "");  // an empty database has no line
  ASSERT_TRUE(client.Exchange(Resp({"SET", "a", "v"}), kOk));
  EXPECT_EQ(InfoField(client, "keyspace", "db0"), "keys=1,expires=0,avg_ttl=0");
  EXPECT_TRUE(client.Exchange(Resp({"SET", "b", "v", "PX", "100000"}), kOk));
  std::string line = InfoField(client, "keyspace", "db0");
  EXPECT_TRUE(line.starts_with("keys=2,expires=1,avg_ttl=")) << line;
  EXPECT_GT(AvgTtlMs(client, "db0"), 99'000) << line;
  EXPECT_LE(AvgTtlMs(client, "db0"), 100'000) << line;
  EXPECT_TRUE(client.Exchange(Resp({"SET", "c", "v", "PX", "300"}), kOk));
  line = InfoField(client, "keyspace", "db0");
  EXPECT_TRUE(line.starts_with("keys=3,expires=2,avg_ttl=")) << line;
  EXPECT_LT(AvgTtlMs(client, "db0"), 51'000) << line;  // the mean of about 100 s and 0.3 s
  // Once c is due, DBSIZE and expires leave it out; the mean counts it until the active
  // cycle has deleted it.
  EXPECT_TRUE(Eventually(
      [&] {
        line = InfoField(client, "keyspace", "db0");
        return line.starts_with("keys=2,expires=1,avg_ttl=") &&
               InfoField(client, "stats", "expired_keys") == "1";
      },
      3s))
      << line;
  EXPECT_GT(AvgTtlMs(client, "db0"), 98'000);
  EXPECT_TRUE(client.Exchange(Resp({"SET", "b", "v"}), kOk));  // a plain SET drops the expiry
  EXPECT_EQ(InfoField(client, "keyspace", "db0"), "keys=2,expires=0,avg_ttl=0");
}

TEST_F(Stage07Server, AMemcachedItemAndARedisKeyExpireAlike) {
  TestClient memcached(port());
  TestClient redis(port());
  const int64_t set_ms = WallMs();
  ASSERT_TRUE(memcached.Exchange("set item 0 1 1\r\nm\r\n", "STORED\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "key", "r", "PX", "1000"}), kOk));
  EXPECT_TRUE(redis.Exchange(Resp({"GET", "item"}), Bulk("m")));
  EXPECT_TRUE(memcached.Exchange("get key\r\n", "VALUE key 0 1\r\nr\r\nEND\r\n"));
  EXPECT_TRUE(Eventually(
      [&] {
        return Integer(redis, {"EXISTS", "item", "key"}) == 0;
      },
      3s))
      << "neither went within 3 s of its one-second expiry";
  EXPECT_GE(WallMs() - set_ms, 1000) << "the keys went before their second was up";
  EXPECT_TRUE(memcached.Exchange("get item key\r\n", "END\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"GET", "key"}) + Resp({"DBSIZE"}), std::string(kNil) + Int(0)));
}

}  // namespace
}  // namespace stepdb
