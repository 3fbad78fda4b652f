// Black-box tests of stepdb-stage10 as a server, over real sockets: sorted sets across a clean
// restart and, under --fsync always, across kill -9; a sorted set's time to live across
// kill -9, and its end after; a sorted set larger than the memtable, read back in order by
// rank, by score and by lex after a restart, from tables; DEL of a large sorted set, whose
// records of both families compaction then takes off the disk, while every record of a live
// one survives; ZUNIONSTORE and ZRANGESTORE serving a client that waits in BZPOPMIN; and the
// key commands (TYPE, SCAN TYPE, EXPIRE, TTL) on a sorted set, against redis-server 7.0 too.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "blocked_clients_test_support.h"
#include "redis_command_test_support.h"
#include "stage06_server_fixture.h"
#include "stage07_server_support.h"

namespace stepdb {
namespace {

using testkit::TestClient;

// (score, member): sorted, a sorted set's order. Integer scores print as Redis prints them.
using Entry = std::pair<long long, std::string>;
using Entries = std::vector<Entry>;

// An array of the members of `entries`, with each one's score after it if with_scores.
std::string Members(const Entries& entries, bool with_scores = false) {
  std::string out = "*" + std::to_string(entries.size() * (with_scores ? 2 : 1)) + "\r\n";
  for (const auto& [score, member] : entries) {
    out += Bulk(member);
    if (with_scores) out += Bulk(std::to_string(score));
  }
  return out;
}

Entries Sorted(const std::map<std::string, long long>& scores) {
  Entries entries;
  for (const auto& [member, score] : scores) entries.emplace_back(score, member);
  std::sort(entries.begin(), entries.end());
  return entries;
}

// n members "<prefix>#00007", padded to `width` bytes, with scores that tie in runs: member i
// has score (i * 7919 % n) / 10 - 20, so the order by score is far from the order by name.
std::map<std::string, long long> Numbered(const std::string& prefix, int n, size_t width = 0) {
  std::map<std::string, long long> scores;
  for (int i = 0; i < n; ++i) {
    char name[64];
    std::snprintf(name, sizeof name, "%s#%05d", prefix.c_str(), i);
    std::string member = name;
    if (member.size() < width) member.resize(width, '.');
    scores[member] = static_cast<long long>(i) * 7919 % n / 10 - 20;
  }
  return scores;
}

Entries Slice(const Entries& entries, size_t start, size_t end) {
  return Entries(entries.begin() + static_cast<std::ptrdiff_t>(start),
                 entries.begin() + static_cast<std::ptrdiff_t>(end));
}

class Stage10Server : public RedisOracleTest {
 protected:
  // ZADD key with every member of `scores`, in commands of at most 500 pairs, pipelined; none
  // of them may be in the sorted set already.
  static void ZAddAll(TestClient& client, const std::string& key,
                      const std::map<std::string, long long>& scores) {
    std::string requests, replies;
    std::vector<std::string> request = {"ZADD", key};
    auto flush = [&] {
      requests += Resp(request);
      replies += Int(static_cast<long long>(request.size() - 2) / 2);
      request.resize(2);
    };
    for (const auto& [member, score] : scores) {
      request.insert(request.end(), {std::to_string(score), member});
      if (request.size() == 1002) flush();
    }
    if (request.size() > 2) flush();
    ASSERT_TRUE(client.Exchange(requests, replies)) << "ZADD " << key;
  }

  // ZSCORE of every `every`-th member of `scores`, pipelined, gives its score.
  static void ExpectScores(TestClient& client, const std::string& key,
                           const std::map<std::string, long long>& scores, size_t every = 1) {
    std::string requests, replies;
    size_t i = 0;
    for (const auto& [member, score] : scores) {
      if (i++ % every != 0) continue;
      requests += Resp({"ZSCORE", key, member});
      replies += Bulk(std::to_string(score));
    }
    ASSERT_TRUE(client.Exchange(requests, replies)) << "ZSCORE of every member of " << key;
  }

  // key holds exactly `scores`: its order (ZRANGE, the index records), every member's score
  // (ZSCORE, the member records; only every `every`-th one's) and its size (ZCARD, the
  // envelope).
  static void ExpectSortedSet(TestClient& client, const std::string& key,
                              const std::map<std::string, long long>& scores, size_t every = 1) {
    ASSERT_TRUE(client.Exchange(Resp({"ZCARD", key}), Int(static_cast<long long>(scores.size()))))
        << key;
    ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", key, "0", "-1", "WITHSCORES"}),
                                Members(Sorted(scores), true)))
        << key;
    ASSERT_NO_FATAL_FAILURE(ExpectScores(client, key, scores, every));
  }

  // Changes two sorted sets with every kind of sorted set write, each acknowledged, stops the
  // server with `stop`, restarts it and reads them back.
  void ExpectSortedSetsOutliveTheServer(const std::function<void()>& stop) {
    std::map<std::string, long long> z = Numbered("member", 300);
    {
      TestClient client(port());
      // One ZADD per member: 300 acknowledged writes.
      std::string requests, replies;
      for (const auto& [member, score] : z) {
        requests += Resp({"ZADD", "z", std::to_string(score), member});
        replies += Int(1);
      }
      ASSERT_TRUE(client.Exchange(requests, replies));
      // What the writes below leave, worked out first: their replies depend on it.
      const std::string incremented = Bulk(std::to_string(z["member#00005"] += 100));
      z.erase("member#00010");
      z.erase("member#00020");  // moved to -50 by the ZADD XX, then taken by ZPOPMIN
      const Entries updated = Sorted(z);
      for (size_t i = 1; i <= 3; ++i) z.erase(updated[updated.size() - i].second);
      const size_t removed_by_score =
          std::erase_if(z, [](const auto& member_score) { return member_score.second == 1; });
      ASSERT_TRUE(client.Exchange(
          Resp({"ZINCRBY", "z", "100", "member#00005"}) + Resp({"ZREM", "z", "member#00010"}) +
              Resp({"ZADD", "z", "XX", "CH", "-50", "member#00020", "7", "absent"}) +
              Resp({"ZADD", "z", "GT", "-60", "member#00030"}) + Resp({"ZPOPMIN", "z"}) +
              Resp({"ZREMRANGEBYRANK", "z", "-3", "-1"}) +
              Resp({"ZREMRANGEBYSCORE", "z", "(0", "1"}),
          incremented + Int(1) + Int(1) + Int(0) + Members({{-50, "member#00020"}}, true) + Int(3) +
              Int(static_cast<long long>(removed_by_score))));
      ASSERT_GT(removed_by_score, 0u);
      ASSERT_TRUE(client.Exchange(
          Resp({"ZADD", "m", "1", "a", "2", "b", "3", "c"}) + Resp({"ZPOPMAX", "m", "2"}),
          Int(3) + Members({{3, "c"}, {2, "b"}}, true)));
    }
    stop();
    Restart();
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2)));
    ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "z", z));
    ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "m", {{"a", 1}}));
  }
};

// kill -9 loses what the process held; under --fsync always every acknowledged write is on
// disk, member records, index records and envelopes alike.
class Stage10ServerFsyncAlways : public Stage10Server {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--fsync", "always"}; }
};

TEST_F(Stage10Server, SortedSetsOutliveACleanShutdown) {
  ExpectSortedSetsOutliveTheServer([&] { EXPECT_EQ(server().Stop(SIGTERM), 0); });
}

TEST_F(Stage10ServerFsyncAlways, AcknowledgedZAddsSurviveKillDashNine) {
  ExpectSortedSetsOutliveTheServer([&] { server().Kill(); });
}

// The expiry is in the sorted set's envelope, written and synced with the PEXPIRE: after
// kill -9 the sorted set has the same expiry, and it ends there, members and index included.
TEST_F(Stage10ServerFsyncAlways, ASortedSetsTimeToLiveSurvivesKillDashNineAndEndsIt) {
  long long expire_at = 0;
  {
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(
        Resp({"ZADD", "z", "1", "a", "2", "b", "3", "c"}) + Resp({"ZADD", "kept", "1", "x"}),
        Int(3) + Int(1)));
    ASSERT_TRUE(client.Exchange(Resp({"PEXPIRE", "z", "1500"}), Int(1)));
    expire_at = Integer(client, {"PEXPIRETIME", "z"});
    ASSERT_GT(expire_at, 0);
  }
  server().Kill();
  Restart();
  TestClient client(port());
  if (ExpectExpiryKept(client, "z", expire_at)) {
    ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "z", "0", "-1", "WITHSCORES"}),
                                Members({{1, "a"}, {2, "b"}, {3, "c"}}, true)));
  }
  ASSERT_NO_FATAL_FAILURE(ExpectEndsAtItsExpiry(client, "z", expire_at));
  ASSERT_TRUE(client.Exchange(
      Resp({"ZCARD", "z"}) + Resp({"ZSCORE", "z", "a"}) + Resp({"ZRANGE", "z", "0", "-1"}),
      Int(0) + kNil + "*0\r\n"));
  ASSERT_TRUE(client.Exchange(Resp({"ZADD", "z", "5", "new"}) + Resp({"ZRANGE", "z", "0", "-1"}),
                              Int(1) + BulkArray({"new"})));
  ASSERT_TRUE(client.Exchange(Resp({"PTTL", "z"}) + Resp({"ZCARD", "kept"}), Int(-1) + Int(1)));
}

// With a 64 KiB memtable, a sorted set of about 600 KB (two records per member) lies in many
// tables; after a restart it reads back whole and in order by rank, by score and, on a sorted
// set whose scores are all equal, by lex, from both ends.
TEST_F(Stage10Server, ASortedSetLargerThanTheMemtableReadsBackInOrderAfterRestart) {
  Restart({"--memtable-bytes", "65536"});
  const std::map<std::string, long long> big = Numbered("member", 3000, 80);
  std::map<std::string, long long> lex;
  for (const auto& [member, score] : Numbered("lex", 1500, 40)) lex[member] = 0;
  {
    TestClient client(port());
    ASSERT_NO_FATAL_FAILURE(ZAddAll(client, "big", big));
    ASSERT_NO_FATAL_FAILURE(ZAddAll(client, "lex", lex));
  }
  ASSERT_EQ(server().Stop(SIGTERM), 0);
  Restart({"--memtable-bytes", "65536"});
  const Entries entries = Sorted(big);
  const Entries by_member = Sorted(lex);  // all scores 0: by member
  TestClient client(port());
  ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "big", big, /*every=*/7));
  // By rank, in both directions.
  ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "big", "1495", "1504", "WITHSCORES"}),
                              Members(Slice(entries, 1495, 1505), true)));
  Entries reversed(entries.rbegin(), entries.rend());
  ASSERT_TRUE(
      client.Exchange(Resp({"ZRANGE", "big", "0", "9", "REV"}), Members(Slice(reversed, 0, 10))));
  for (size_t i = 0; i < entries.size(); i += 997) {
    ASSERT_TRUE(
        client.Exchange(Resp({"ZRANK", "big", entries[i].second}), Int(static_cast<long long>(i))));
  }
  // By score: the members of scores in (-10, 10], with and without a LIMIT, both ways.
  auto first_above = [&](long long score) {
    return static_cast<size_t>(
        std::upper_bound(entries.begin(), entries.end(), Entry{score, "\xff"}) - entries.begin());
  };
  const Entries in_range = Slice(entries, first_above(-10), first_above(10));
  ASSERT_FALSE(in_range.empty());
  ASSERT_TRUE(client.Exchange(Resp({"ZCOUNT", "big", "(-10", "10"}),
                              Int(static_cast<long long>(in_range.size()))));
  ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "big", "(-10", "10", "BYSCORE"}), Members(in_range)));
  ASSERT_TRUE(client.Exchange(
      Resp({"ZRANGEBYSCORE", "big", "(-10", "10", "WITHSCORES", "LIMIT", "100", "50"}),
      Members(Slice(in_range, 100, 150), true)));
  const Entries in_range_reversed(in_range.rbegin(), in_range.rend());
  ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "big", "10", "(-10", "BYSCORE", "REV"}),
                              Members(in_range_reversed)));
  // By lex, on the sorted set of equal scores.
  ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "lex", lex, /*every=*/7));
  const auto lex_at = [&](size_t i) { return by_member[i].second; };
  ASSERT_TRUE(client.Exchange(Resp({"ZRANGEBYLEX", "lex", "[" + lex_at(1000), "(" + lex_at(1100)}),
                              Members(Slice(by_member, 1000, 1100))));
  ASSERT_TRUE(client.Exchange(Resp({"ZLEXCOUNT", "lex", "(" + lex_at(10), "+"}),
                              Int(static_cast<long long>(by_member.size() - 11))));
  const Entries lex_reversed(by_member.rbegin(), by_member.rend());
  ASSERT_TRUE(client.Exchange(Resp({"ZRANGE", "lex", "+", "-", "BYLEX", "REV", "LIMIT", "0", "5"}),
                              Members(Slice(lex_reversed, 0, 5))));
}

// DEL writes only the envelope's deletion; DEBUG COMPACT then drops every record of the
// deleted sorted set, both families (INFO's entries_filtered counts two per member), and the
// data directory shrinks to the little that is left. A live sorted set goes through both
// compactions whole: an index record's version has the second family's bit set, and the
// filter must judge it by its owner's version, not take it for a stale one.
TEST_F(Stage10Server, CompactionDropsBothFamiliesOfADeletedSortedSetAndKeepsALiveOne) {
  constexpr int kMembers = 3000;
  const std::map<std::string, long long> big = Numbered("member", kMembers, 64);
  const std::map<std::string, long long> live = Numbered("live", 200);
  TestClient client(port());
  ASSERT_NO_FATAL_FAILURE(ZAddAll(client, "big", big));
  ASSERT_NO_FATAL_FAILURE(ZAddAll(client, "live", live));
  const long long filtered_at_start = EntriesFiltered(client);
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
  EXPECT_EQ(EntriesFiltered(client), filtered_at_start)
      << "compaction dropped records while no sorted set had ended";
  {
    SCOPED_TRACE("after a compaction of two live sorted sets");
    ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "live", live));
    ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "big", big, /*every=*/7));
  }
  const uint64_t before = DataBytes();
  const long long filtered_before = EntriesFiltered(client);
  ASSERT_TRUE(client.Exchange(Resp({"DEL", "big"}), Int(1)));
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
  const uint64_t after = DataBytes();
  EXPECT_LT(after, before / 10) << "the data directory went from " << before << " to " << after
                                << " bytes";
  EXPECT_GE(EntriesFiltered(client) - filtered_before, 2 * kMembers)
      << "a member record and an index record per member of the deleted sorted set";
  {
    SCOPED_TRACE("after the compaction that dropped the deleted one");
    ASSERT_NO_FATAL_FAILURE(ExpectSortedSet(client, "live", live));
  }
  ASSERT_TRUE(client.Exchange(Resp({"ZCARD", "big"}) + Resp({"ZRANGE", "big", "0", "-1"}) +
                                  Resp({"ZADD", "big", "1", "again"}) +
                                  Resp({"ZRANGE", "big", "0", "-1"}),
                              Int(0) + "*0\r\n" + Int(1) + BulkArray({"again"})));
}

// A store into a key a client waits on in BZPOPMIN (BZPOPMAX) serves the waiter from the
// stored sorted set, right after the store, before the storing client's next command; a store
// of nothing serves no one. The same on redis-server 7.0.
TEST_F(Stage10Server, AStoreIntoAKeyABlockedClientWaitsOnServesIt) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto writer = Connect(port);
    ASSERT_TRUE(writer->Exchange(
        Resp({"ZADD", "a", "1", "x", "2", "y"}) + Resp({"ZADD", "b", "3", "y", "4", "z"}),
        Int(2) + Int(2)));

    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMIN", "union", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter));
    ASSERT_TRUE(writer->Exchange(Resp({"ZINTERSTORE", "union", "2", "a", "missing"}), Int(0)));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter)) << "an empty store served the waiter";
    ASSERT_TRUE(writer->Exchange(Resp({"ZUNIONSTORE", "union", "2", "a", "b"}) +
                                     Resp({"ZRANGE", "union", "0", "-1", "WITHSCORES"}),
                                 Int(3) + Members({{4, "z"}, {5, "y"}}, true)));
    ASSERT_TRUE(waiter->Exchange("", "*3\r\n" + Bulk("union") + Bulk("x") + Bulk("1")));

    ASSERT_TRUE(waiter->Send(Resp({"BZPOPMAX", "range", "0"})));
    ASSERT_TRUE(AwaitBlocked(*writer, 1, *waiter));
    ASSERT_TRUE(writer->Exchange(
        Resp({"ZRANGESTORE", "range", "b", "0", "-1"}) + Resp({"ZRANGE", "range", "0", "-1"}),
        Int(2) + BulkArray({"y"})));
    ASSERT_TRUE(waiter->Exchange("", "*3\r\n" + Bulk("range") + Bulk("z") + Bulk("4")));
    ASSERT_TRUE(AwaitNoneBlocked(*writer));
  });
}

// TYPE names a sorted set "zset", SCAN's TYPE filter finds sorted sets and nothing else, and
// EXPIRE, TTL and PERSIST treat one as any key; the same on redis-server 7.0.
TEST_F(Stage10Server, KeyCommandsSeeASortedSet) {
  ForBoth([](TestClient& client) {
    ASSERT_TRUE(client.Exchange(Resp({"ZADD", "z1", "1", "a"}) +
                                    Resp({"ZADD", "z2", "2", "b", "3", "c"}) +
                                    Resp({"SET", "s", "v"}) + Resp({"RPUSH", "l", "x"}) +
                                    Resp({"HSET", "h", "f", "v"}) + Resp({"SADD", "set", "m"}),
                                Int(1) + Int(2) + kOk + Int(1) + Int(1) + Int(1)));
    ASSERT_TRUE(client.Exchange(Resp({"TYPE", "z1"}) + Resp({"TYPE", "set"}), "+zset\r\n+set\r\n"));
    ASSERT_TRUE(client.Send(Resp({"SCAN", "0", "TYPE", "zset", "COUNT", "100"})));
    const Reply scan = ReadReply(client);
    ASSERT_EQ(scan.items.size(), 2u);
    EXPECT_EQ(scan.items[0].text, "0");
    std::vector<std::string> keys = Texts(scan.items[1]);
    std::sort(keys.begin(), keys.end());
    EXPECT_EQ(keys, (std::vector<std::string>{"z1", "z2"}));
    ASSERT_TRUE(
        client.Exchange(Resp({"TTL", "z1"}) + Resp({"EXPIRE", "z1", "100"}), Int(-1) + Int(1)));
    const long long ttl = Integer(client, {"TTL", "z1"});
    EXPECT_TRUE(ttl == 100 || ttl == 99) << "TTL " << ttl;
    ASSERT_TRUE(client.Exchange(Resp({"EXPIRE", "z1", "50", "GT"}) + Resp({"PERSIST", "z1"}) +
                                    Resp({"TTL", "z1"}) + Resp({"TTL", "missing"}),
                                Int(0) + Int(1) + Int(-1) + Int(-2)));
    ASSERT_TRUE(
        client.Exchange(Resp({"EXPIRE", "z2", "0"}) + Resp({"TYPE", "z2"}) + Resp({"ZCARD", "z2"}),
                        Int(1) + "+none\r\n" + Int(0)));
  });
}

}  // namespace
}  // namespace stepdb
