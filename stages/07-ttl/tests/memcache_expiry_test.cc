// Black-box tests of Memcached's expiry on stepdb-stage07, over a real socket: exptime as
// protocol.txt defines it (0 never, up to 30 days relative, beyond that a unix time, negative
// already gone), touch, gat and gats, flush_all with and without a delay, the meta T and t
// flags, one expiry whichever protocol set it, and stats after items expired. Every expected
// Memcached reply is the one memcached 1.6 sends for the same bytes.
//
// The times are checked both ways: an item must be served until its expiry and be gone after
// it. The server reads the same wall clock as the test, so a reply that shows an item gone
// must arrive no earlier than the item's expiry.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "stage06_server_fixture.h"
#include "stage07_server_support.h"

namespace stepdb {
namespace {

using std::chrono_literals::operator""ms;
using std::chrono_literals::operator""s;
using testkit::TestClient;

class MemcacheExpiry : public Stage06ServerTest {};

// True iff `mg key` finds no item ("EN"); "HD" means it is there.
bool Gone(TestClient& client, const std::string& key) {
  EXPECT_TRUE(client.Send("mg " + key + "\r\n"));
  const std::string line = client.ReadLine();
  EXPECT_TRUE(line == "EN\r\n" || line == "HD\r\n") << "mg " << key << " answered " << line;
  return line == "EN\r\n";
}

// Waits (at most `limit`) until key is gone; returns the wall time when that was seen, or 0.
int64_t WallMsWhenGone(TestClient& client, const std::string& key,
                       std::chrono::milliseconds limit = 3s) {
  return Eventually([&] { return Gone(client, key); }, limit) ? WallMs() : 0;
}

std::string Seconds(int64_t unix_ms) { return std::to_string(unix_ms / 1000); }

TEST_F(MemcacheExpiry, ExptimeIsNeverRelativeOrAbsoluteAsProtocolTxtSays) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("set never 0 0 1\r\na\r\nmg never t\r\n", "STORED\r\nHD t-1\r\n"));
  // 2592000 (30 days) is the longest relative exptime; one more second is a unix time in 1970.
  EXPECT_TRUE(
      client.Exchange("set month 0 2592000 1\r\nb\r\nmg month t\r\n", "STORED\r\nHD t2592000\r\n"));
  EXPECT_TRUE(client.Exchange("set past 0 2592001 1\r\nc\r\nget past\r\n", "STORED\r\nEND\r\n"));
  EXPECT_TRUE(client.Exchange(
      "set past 0 " + Seconds(WallMs() - 10'000) + " 1\r\nc\r\nget past\r\n", "STORED\r\nEND\r\n"));
  EXPECT_TRUE(client.Exchange("set negative 0 -1 1\r\nd\r\nget negative\r\n", "STORED\r\nEND\r\n"));

  // A unix time two seconds ahead (whole seconds: the item lives 1 to 2 s from now).
  const int64_t expire_at_ms = (WallMs() / 1000 + 2) * 1000;
  EXPECT_TRUE(client.Exchange("set soon 0 " + Seconds(expire_at_ms) + " 1\r\ne\r\nget soon\r\n",
                              "STORED\r\nVALUE soon 0 1\r\ne\r\nEND\r\n"));
  const int64_t gone_ms = WallMsWhenGone(client, "soon");
  EXPECT_NE(gone_ms, 0) << "an item with exptime " << Seconds(expire_at_ms)
                        << " (a unix time) was still served 3 s later";
  EXPECT_GE(gone_ms, expire_at_ms) << "the item went before its expiry";
  EXPECT_TRUE(client.Exchange("get never month\r\n",
                              "VALUE never 0 1\r\na\r\nVALUE month 0 1\r\nb\r\nEND\r\n"));
}

TEST_F(MemcacheExpiry, AnItemWithExptimeOneIsServedThenGone) {
  TestClient client(port());
  const int64_t set_ms = WallMs();
  ASSERT_TRUE(
      client.Exchange("set k 5 1 2\r\nhi\r\nget k\r\n", "STORED\r\nVALUE k 5 2\r\nhi\r\nEND\r\n"));
  const int64_t gone_ms = WallMsWhenGone(client, "k");
  EXPECT_NE(gone_ms, 0) << "set k 5 1 2: still served 3 s later";
  EXPECT_GE(gone_ms - set_ms, 1000) << "the item went before its second was up";
  EXPECT_TRUE(client.Exchange("get k\r\n", "END\r\n"));
  EXPECT_TRUE(client.Exchange("touch k 100\r\n", "NOT_FOUND\r\n"));
}

TEST_F(MemcacheExpiry, TouchGatAndGatsChangeTheExpiry) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("set touched 0 100 1\r\na\r\n", "STORED\r\n"));
  EXPECT_TRUE(client.Exchange("set kept 0 1 1\r\nb\r\n", "STORED\r\n"));
  EXPECT_TRUE(client.Exchange("set gatsed 0 100 1\r\nc\r\n", "STORED\r\n"));
  const int64_t touched_ms = WallMs();
  EXPECT_TRUE(client.Exchange("touch touched 1\r\n", "TOUCHED\r\n"));
  EXPECT_TRUE(client.Exchange("mg touched t\r\n", "HD t1\r\n"));
  // gat 0 makes the item permanent.
  EXPECT_TRUE(client.Exchange("gat 0 kept missing\r\n", "VALUE kept 0 1\r\nb\r\nEND\r\n"));
  EXPECT_TRUE(client.Exchange("mg kept t\r\n", "HD t-1\r\n"));
  // gats answers with the cas, as gets does: the one the item holds after the touch.
  ASSERT_TRUE(client.Send("gats 1 gatsed\r\n"));
  const std::string header = client.ReadLine();
  ASSERT_TRUE(header.starts_with("VALUE gatsed 0 1 ")) << header;
  const std::string cas = header.substr(17, header.size() - 19);
  EXPECT_TRUE(client.Exchange("", "c\r\nEND\r\n"));
  EXPECT_TRUE(client.Exchange("mg gatsed t c\r\n", "HD t1 c" + cas + "\r\n"));
  EXPECT_TRUE(client.Exchange("touch missing 10\r\ngats 10 missing\r\n", "NOT_FOUND\r\nEND\r\n"));

  EXPECT_GE(WallMsWhenGone(client, "touched") - touched_ms, 1000) << "touch touched 1";
  EXPECT_NE(WallMsWhenGone(client, "gatsed"), 0) << "gats 1 gatsed: still served 3 s later";
  // "kept" was set to expire after 1 s and would have gone with the others.
  EXPECT_TRUE(client.Exchange("get kept\r\n", "VALUE kept 0 1\r\nb\r\nEND\r\n"));
}

TEST_F(MemcacheExpiry, FlushAllWithADelayWaitsAndWithoutOneActsAtOnce) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("set until-flush 0 0 1\r\na\r\n", "STORED\r\n"));
  EXPECT_TRUE(client.Exchange("set one-second 0 1 1\r\nb\r\n", "STORED\r\n"));
  const int64_t flush_ms = WallMs();
  EXPECT_TRUE(client.Exchange("flush_all 2\r\n", "OK\r\n"));
  EXPECT_TRUE(client.Exchange("get until-flush\r\n", "VALUE until-flush 0 1\r\na\r\nEND\r\n"));
  // The item's own expiry comes first: it is gone while the flush is still pending.
  const int64_t expired_ms = WallMsWhenGone(client, "one-second", 1800ms);
  EXPECT_NE(expired_ms, 0) << "exptime 1 under a pending flush_all 2: still served";
  EXPECT_LT(expired_ms, flush_ms + 2000) << "gone only when the flush came";
  const int64_t flushed_ms = WallMsWhenGone(client, "until-flush");
  EXPECT_NE(flushed_ms, 0) << "flush_all 2: the item was still served 3 s later";
  EXPECT_GE(flushed_ms - flush_ms, 2000) << "flush_all 2 acted before its delay";

  EXPECT_TRUE(
      client.Exchange("set a 0 0 1\r\na\r\nset b 0 100 1\r\nb\r\n", "STORED\r\nSTORED\r\n"));
  EXPECT_TRUE(client.Exchange("flush_all\r\nget a b\r\n", "OK\r\nEND\r\n"));
}

TEST_F(MemcacheExpiry, MetaSetTAndMetaGetLowercaseTAndUppercaseT) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("ms short 1 T1\r\na\r\n", "HD\r\n"));
  EXPECT_TRUE(client.Exchange("mg short t v\r\n", "VA 1 t1\r\na\r\n"));
  EXPECT_TRUE(client.Exchange("ms forever 1\r\nb\r\nmg forever t\r\n", "HD\r\nHD t-1\r\n"));
  EXPECT_TRUE(client.Exchange("ms long 1 T100\r\nc\r\nmg long t\r\n", "HD\r\nHD t100\r\n"));
  // T on mg touches; t then shows the new time.
  EXPECT_TRUE(client.Exchange("mg long T1 t\r\n", "HD t1\r\n"));
  EXPECT_TRUE(client.Exchange("ms gone 1 T-1\r\nd\r\nmg gone v\r\n", "HD\r\nEN\r\n"));
  EXPECT_TRUE(client.Exchange("mg missing T10 t\r\n", "EN\r\n"));

  EXPECT_NE(WallMsWhenGone(client, "short"), 0) << "ms short 1 T1: still served 3 s later";
  EXPECT_NE(WallMsWhenGone(client, "long"), 0) << "mg long T1: still served 3 s later";
  EXPECT_TRUE(client.Exchange("mg forever t v\r\n", "VA 1 t-1\r\nb\r\n"));
}

TEST_F(MemcacheExpiry, OneTimeToLiveWhicheverProtocolSetIt) {
  TestClient memcached(port());
  TestClient redis(port());
  ASSERT_TRUE(memcached.Exchange("set k 0 100 1\r\nx\r\n", "STORED\r\n"));
  // The only key with an expiry, so INFO's average is its time to live, in milliseconds.
  const std::string avg_ttl = InfoField(redis, "keyspace", "db0");
  EXPECT_EQ(avg_ttl.substr(0, avg_ttl.find(",avg_ttl=")), "keys=1,expires=1");
  const size_t at = avg_ttl.find("avg_ttl=");
  ASSERT_NE(at, std::string::npos) << avg_ttl;
  const long long ttl_ms = std::stoll(avg_ttl.substr(at + 8));
  EXPECT_LE(ttl_ms, 100'000);
  EXPECT_GT(ttl_ms, 99'000);

  EXPECT_TRUE(redis.Exchange(Resp({"SET", "r", "v", "EX", "100"}), kOk));
  ASSERT_TRUE(memcached.Send("mg r t v\r\n"));
  const std::string header = memcached.ReadLine();
  EXPECT_TRUE(header == "VA 1 t100\r\n" || header == "VA 1 t99\r\n") << header;
  EXPECT_TRUE(memcached.Exchange("", "v\r\n"));

  EXPECT_TRUE(redis.Exchange(Resp({"SET", "brief", "v", "PX", "300"}), kOk));
  EXPECT_NE(WallMsWhenGone(memcached, "brief"), 0) << "SET brief v PX 300, read with mg";
}

// memcached counts a get of an expired item as a miss and no longer counts the item in
// curr_items. (Its get_expired differs by design: an item whose exptime is already past is
// never stored here, and the active cycle deletes due items before a get can meet them.)
TEST_F(MemcacheExpiry, StatsAfterItemsExpiredCountAsMemcachedDoes) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("stats reset\r\n", "RESET\r\n"));
  EXPECT_TRUE(client.Exchange("set r 0 2592000 1\r\nx\r\nset q 0 2592001 1\r\nx\r\nget q\r\n",
                              "STORED\r\nSTORED\r\nEND\r\n"));
  EXPECT_TRUE(
      client.Exchange("set gone 0 1 1\r\nx\r\nset kept 0 0 1\r\ny\r\n", "STORED\r\nSTORED\r\n"));
  SleepUntilWallMs(WallMs() + 1100);
  EXPECT_TRUE(client.Exchange("get gone\r\nget kept\r\nmg r v\r\nmg nothing v\r\n",
                              "END\r\nVALUE kept 0 1\r\ny\r\nEND\r\nVA 1\r\nx\r\nEN\r\n"));
  // What memcached 1.6 reports after the same commands.
  EXPECT_EQ(McStat(client, "cmd_get"), "5");
  EXPECT_EQ(McStat(client, "cmd_set"), "4");
  EXPECT_EQ(McStat(client, "get_hits"), "2");
  EXPECT_EQ(McStat(client, "get_misses"), "3");
  EXPECT_EQ(McStat(client, "curr_items"), "2");
  EXPECT_EQ(McStat(client, "total_items"), "4");
}

// A lookup that meets a due item, and so deletes it, counts in get_expired, as in memcached.
TEST_F(MemcacheExpiry, ALookupThatMeetsAnExpiredItemCountsAsGetExpired) {
  TestClient client(port());
  testkit::TestClient redis(port());
  ASSERT_TRUE(redis.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), kOk));
  EXPECT_TRUE(client.Exchange("stats reset\r\n", "RESET\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "brief", "v", "PX", "100"}), kOk));
  SleepUntilWallMs(WallMs() + 200);
  EXPECT_TRUE(client.Exchange("get brief\r\nget brief\r\n", "END\r\nEND\r\n"));
  EXPECT_EQ(McStat(client, "get_expired"), "1");  // the second get found nothing at all
  EXPECT_EQ(McStat(client, "get_misses"), "2");
}

}  // namespace
}  // namespace stepdb
