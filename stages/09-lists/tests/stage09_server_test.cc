// Black-box tests of stepdb-stage09 as a server, over real sockets: lists across a clean
// restart and across kill -9; a list's time to live across kill -9, and its end after; DEL of
// a large list, whose records compaction then takes off the disk; and a list larger than the
// memtable, read back in order after a restart, from tables.
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdint>
#include <cstdio>
#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "redis_command_test_support.h"
#include "stage06_server_fixture.h"
#include "stage07_server_support.h"

namespace stepdb {
namespace {

using testkit::TestClient;

using Elements = std::deque<std::string>;

class Stage09Server : public Stage06ServerTest {
 protected:
  // `command` (RPUSH or LPUSH) key with `elements`, in commands of at most 1000 elements,
  // pipelined; the list held `before` elements.
  static void PushAll(TestClient& client, const std::string& command, const std::string& key,
                      const Elements& elements, long long before = 0) {
    std::string requests, replies;
    std::vector<std::string> request = {command, key};
    long long length = before;
    auto flush = [&] {
      requests += Resp(request);
      replies += Int(length);
      request.resize(2);
    };
    for (const std::string& element : elements) {
      request.push_back(element);
      ++length;
      if (request.size() == 1002) flush();
    }
    if (request.size() > 2) flush();
    ASSERT_TRUE(client.Exchange(requests, replies)) << command << " " << key;
  }

  // n elements "<prefix>#00007", each whole in a table's bytes, padded to `width` bytes.
  static Elements Numbered(const std::string& prefix, int n, size_t width = 0) {
    Elements elements;
    for (int i = 0; i < n; ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "%s#%05d", prefix.c_str(), i);
      std::string element = name;
      if (element.size() < width) element.resize(width, '.');
      elements.push_back(element);
    }
    return elements;
  }

  // Changes two lists with every kind of list write, stops the server with `stop`, restarts
  // it and reads them back.
  void ExpectListsOutliveTheServer(const std::function<void()>& stop) {
    Elements expected = Numbered("element", 300);
    {
      TestClient client(port());
      ASSERT_NO_FATAL_FAILURE(PushAll(client, "RPUSH", "l", expected));
      ASSERT_TRUE(client.Exchange(
          Resp({"LPUSH", "l", "first"}) + Resp({"RPOP", "l"}) + Resp({"LSET", "l", "5", "five"}) +
              Resp({"LINSERT", "l", "BEFORE", "element#00100", "new"}) +
              Resp({"LREM", "l", "1", "element#00200"}) + Resp({"LTRIM", "l", "0", "-3"}),
          Int(301) + Bulk("element#00299") + kOk + Int(301) + Int(1) + kOk));
      ASSERT_TRUE(client.Exchange(Resp({"RPUSH", "m", "a", "b", "c"}) + Resp({"LPOP", "m", "2"}),
                                  Int(3) + "*2\r\n" + Bulk("a") + Bulk("b")));
    }
    expected.push_front("first");
    expected.pop_back();
    expected[5] = "five";
    expected.insert(expected.begin() + 101, "new");  // element#00100 is at 101 after "first"
    expected.erase(expected.begin() + 202);          // element#00200, one further on
    expected.pop_back();
    expected.pop_back();
    stop();
    Restart();
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2)));
    ASSERT_TRUE(client.Exchange(Resp({"LLEN", "l"}), Int(static_cast<long long>(expected.size()))));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "l", "0", "-1"}), BulkArray(expected)));
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "m", "0", "-1"}), BulkArray({"c"})));
  }
};

// kill -9 loses what the process held; under --fsync always every acknowledged write is on
// disk, element records and envelopes alike.
class Stage09ServerFsyncAlways : public Stage09Server {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--fsync", "always"}; }
};

TEST_F(Stage09Server, ListsOutliveACleanShutdown) {
  ExpectListsOutliveTheServer([&] { EXPECT_EQ(server().Stop(SIGTERM), 0); });
}

TEST_F(Stage09ServerFsyncAlways, ListsOutliveKillDashNine) {
  ExpectListsOutliveTheServer([&] { server().Kill(); });
}

// The expiry is in the list's envelope, written and synced with the PEXPIRE: after kill -9
// the list has the same expiry, and it ends there, elements included.
TEST_F(Stage09ServerFsyncAlways, AListsTimeToLiveSurvivesKillDashNineAndEndsTheList) {
  long long expire_at = 0;
  {
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"RPUSH", "l", "a", "b", "c"}) + Resp({"RPUSH", "kept", "x"}),
                                Int(3) + Int(1)));
    ASSERT_TRUE(client.Exchange(Resp({"PEXPIRE", "l", "2000"}), Int(1)));
    expire_at = Integer(client, {"PEXPIRETIME", "l"});
    ASSERT_GT(expire_at, 0);
  }
  server().Kill();
  Restart();
  TestClient client(port());
  if (ExpectExpiryKept(client, "l", expire_at)) {
    ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "l", "0", "-1"}), BulkArray({"a", "b", "c"})));
  }
  ASSERT_NO_FATAL_FAILURE(ExpectEndsAtItsExpiry(client, "l", expire_at));
  ASSERT_TRUE(client.Exchange(Resp({"LLEN", "l"}) + Resp({"LINDEX", "l", "0"}), Int(0) + kNil));
  ASSERT_TRUE(client.Exchange(Resp({"RPUSH", "l", "new"}) + Resp({"LRANGE", "l", "0", "-1"}),
                              Int(1) + BulkArray({"new"})));
  ASSERT_TRUE(client.Exchange(Resp({"PTTL", "l"}) + Resp({"LLEN", "kept"}), Int(-1) + Int(1)));
}

// DEL writes only the envelope's deletion; DEBUG COMPACT then drops every record of the
// deleted list (entries_filtered) and the data directory shrinks to the little that is left.
TEST_F(Stage09Server, CompactionDropsTheRecordsOfADeletedList) {
  constexpr int kElements = 5000;
  TestClient client(port());
  ASSERT_NO_FATAL_FAILURE(PushAll(client, "RPUSH", "big", Numbered("element", kElements, 64)));
  ASSERT_TRUE(client.Exchange(Resp({"RPUSH", "small", "kept"}), Int(1)));
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
  ASSERT_TRUE(
      client.Exchange(Resp({"LINDEX", "big", "2500"}), Bulk(Numbered("element", 2501, 64).back())))
      << "compaction dropped records of a live list";
  const uint64_t before = DataBytes();
  const long long filtered_before = EntriesFiltered(client);
  ASSERT_TRUE(client.Exchange(Resp({"DEL", "big"}), Int(1)));
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
  const uint64_t after = DataBytes();
  EXPECT_LT(after, before / 10) << "the data directory went from " << before << " to " << after
                                << " bytes";
  EXPECT_GE(EntriesFiltered(client) - filtered_before, kElements);
  ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "small", "0", "-1"}), BulkArray({"kept"})));
  ASSERT_TRUE(
      client.Exchange(Resp({"LLEN", "big"}) + Resp({"RPUSH", "big", "again"}), Int(0) + Int(1)));
}

// With a 64 KiB memtable, a list of about 1 MB lies in many tables; after a restart it reads
// back in order, whole, by ranges and by index, from both ends of its position space.
TEST_F(Stage09Server, AListLargerThanTheMemtableReadsBackInOrderAfterRestart) {
  Restart({"--memtable-bytes", "65536"});
  const Elements tail = Numbered("right", 8000, 100);
  const Elements head = Numbered("left", 2000, 100);
  {
    TestClient client(port());
    ASSERT_NO_FATAL_FAILURE(PushAll(client, "RPUSH", "big", tail));
    ASSERT_NO_FATAL_FAILURE(PushAll(client, "LPUSH", "big", head, 8000));
  }
  ASSERT_EQ(server().Stop(SIGTERM), 0);
  Restart({"--memtable-bytes", "65536"});
  Elements expected(head.rbegin(), head.rend());
  expected.insert(expected.end(), tail.begin(), tail.end());
  const auto size = static_cast<long long>(expected.size());
  TestClient client(port());
  ASSERT_TRUE(client.Exchange(Resp({"LLEN", "big"}), Int(size)));
  ASSERT_TRUE(client.Exchange(Resp({"LRANGE", "big", "0", "-1"}), BulkArray(expected)));
  ASSERT_TRUE(
      client.Exchange(Resp({"LRANGE", "big", "1995", "2004"}),
                      BulkArray(Elements(expected.begin() + 1995, expected.begin() + 2005))));
  for (long long i = 0; i < size; i += 997) {
    ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "big", std::to_string(i)}), Bulk(expected[i])));
  }
  ASSERT_TRUE(client.Exchange(Resp({"LINDEX", "big", "-1"}), Bulk(expected.back())));
}

}  // namespace
}  // namespace stepdb
