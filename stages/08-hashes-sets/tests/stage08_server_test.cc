// Black-box tests of stepdb-stage08 as a server, over real sockets: a hash and a set across a
// clean restart and across kill -9; DEL of a large collection as one small write, whose
// elements compaction then takes off the disk; a collection that expires whole, elements
// included; and redis-py, the client an application would use, on hashes and sets.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "stage06_server_fixture.h"
#include "stage07_server_support.h"

namespace stepdb {
namespace {

using std::chrono_literals::operator""s;
using testkit::TestClient;

using Fields = std::map<std::string, std::string>;

class Stage08Server : public Stage06ServerTest {
 protected:
  // HSET key with `fields`, in commands of at most 1000 fields, pipelined.
  static void HsetAll(TestClient& client, const std::string& key, const Fields& fields) {
    std::string requests, replies;
    std::vector<std::string> request = {"HSET", key};
    int64_t added = 0;
    auto flush = [&] {
      requests += Resp(request);
      replies += Int(added);
      request.resize(2);
      added = 0;
    };
    for (const auto& [field, value] : fields) {
      request.push_back(field);
      request.push_back(value);
      if (++added == 1000) flush();
    }
    if (added > 0) flush();
    ASSERT_TRUE(client.Exchange(requests, replies)) << "HSET " << key;
  }

  // The reply to a command that answers a hash (HGETALL): field -> value.
  static Fields ReadFields(TestClient& client, const std::vector<std::string>& request) {
    EXPECT_TRUE(client.Send(Resp(request)));
    const Reply reply = ReadReply(client);
    EXPECT_EQ(reply.type, '*') << request[0] << " answered " << reply.text;
    Fields fields;
    for (size_t i = 0; i + 1 < reply.items.size(); i += 2) {
      fields[reply.items[i].text] = reply.items[i + 1].text;
    }
    return fields;
  }

  // The reply to a command that answers members (SMEMBERS), sorted.
  static std::vector<std::string> ReadMembers(TestClient& client,
                                              const std::vector<std::string>& request) {
    EXPECT_TRUE(client.Send(Resp(request)));
    const Reply reply = ReadReply(client);
    EXPECT_EQ(reply.type, '*') << request[0] << " answered " << reply.text;
    std::vector<std::string> members;
    for (const Reply& item : reply.items) members.push_back(item.text);
    std::sort(members.begin(), members.end());
    return members;
  }

  // n fields "<prefix>#0007" -> "value-of-<prefix>#0007": each name is whole in a table's
  // bytes, so a test can look for it there.
  static Fields NumberedFields(const std::string& prefix, int n) {
    Fields fields;
    for (int i = 0; i < n; ++i) {
      char name[64];
      std::snprintf(name, sizeof name, "%s#%05d", prefix.c_str(), i);
      fields[name] = std::string("value-of-") + name;
    }
    return fields;
  }

  // Writes a hash and a set, stops the server with `stop`, restarts it and reads them back.
  void ExpectCollectionsOutliveTheServer(const std::function<void()>& stop) {
    const Fields fields = NumberedFields("field", 300);
    {
      TestClient client(port());
      ASSERT_NO_FATAL_FAILURE(HsetAll(client, "h", fields));
      EXPECT_TRUE(client.Exchange(Resp({"HDEL", "h", "field#00007"}), Int(1)));
      EXPECT_TRUE(client.Exchange(Resp({"SADD", "s", "a", "b", "c", "a"}), Int(3)));
      EXPECT_TRUE(client.Exchange(Resp({"SREM", "s", "b"}), Int(1)));
    }
    stop();
    Restart();
    Fields expected = fields;
    expected.erase("field#00007");
    TestClient client(port());
    EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2)));
    EXPECT_TRUE(client.Exchange(Resp({"HLEN", "h"}), Int(299)));
    EXPECT_EQ(ReadFields(client, {"HGETALL", "h"}), expected);
    EXPECT_TRUE(client.Exchange(Resp({"SCARD", "s"}), Int(2)));
    EXPECT_EQ(ReadMembers(client, {"SMEMBERS", "s"}), (std::vector<std::string>{"a", "c"}));
  }
};

// kill -9 loses what the process held; under --fsync always every acknowledged write is on
// disk, elements and envelopes alike.
class Stage08ServerFsyncAlways : public Stage08Server {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--fsync", "always"}; }
};

TEST_F(Stage08Server, AHashAndASetOutliveACleanShutdown) {
  ExpectCollectionsOutliveTheServer([&] { EXPECT_EQ(server().Stop(SIGTERM), 0); });
}

TEST_F(Stage08ServerFsyncAlways, AHashAndASetOutliveKillDashNine) {
  ExpectCollectionsOutliveTheServer([&] { server().Kill(); });
}

// DEL writes only the envelope's deletion, whatever the size: the log grows by one small
// record, not by 20000. A new hash under the name sees none of the old fields.
TEST_F(Stage08ServerFsyncAlways, DelOfALargeHashIsOneSmallWrite) {
  constexpr int kFields = 20'000;
  TestClient client(port());
  ASSERT_NO_FATAL_FAILURE(HsetAll(client, "big", NumberedFields("field", kFields)));
  ASSERT_TRUE(client.Exchange(Resp({"HLEN", "big"}), Int(kFields)));
  const uint64_t log_before = DataBytes(".log");
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.Exchange(Resp({"DEL", "big"}), Int(1)));
  const auto elapsed = std::chrono::steady_clock::now() - start;
  const uint64_t log_after = DataBytes(".log");
  EXPECT_LT(log_after, log_before + 4096)
      << "the log grew from " << log_before << " to " << log_after << " bytes";
  EXPECT_LT(elapsed, 1s);
  EXPECT_TRUE(client.Exchange(Resp({"HLEN", "big"}), Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"HGET", "big", "field#00001"}), kNil));
  EXPECT_TRUE(client.Exchange(Resp({"EXISTS", "big"}), Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"HSET", "big", "field#00001", "new"}), Int(1)));
  EXPECT_EQ(ReadFields(client, {"HGETALL", "big"}), (Fields{{"field#00001", "new"}}));
  EXPECT_TRUE(client.Exchange(Resp({"HLEN", "big"}), Int(1)));
}

// The deleted hash's elements stay on disk until compaction meets them; DEBUG COMPACT then
// drops every one (entries_filtered) and the tables shrink to the little that is left.
TEST_F(Stage08Server, CompactionDropsTheElementsOfADeletedHash) {
  constexpr int kFields = 20'000;
  TestClient client(port());
  ASSERT_NO_FATAL_FAILURE(HsetAll(client, "big", NumberedFields("field", kFields)));
  EXPECT_TRUE(client.Exchange(Resp({"HSET", "small", "kept", "yes"}), Int(1)));
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
  const uint64_t before = DataBytes();
  const long long filtered_before = EntriesFiltered(client);
  EXPECT_TRUE(client.Exchange(Resp({"DEL", "big"}), Int(1)));
  ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
  const uint64_t after = DataBytes();
  EXPECT_LT(after, before / 10) << "the data directory went from " << before << " to " << after
                                << " bytes";
  EXPECT_GE(EntriesFiltered(client) - filtered_before, kFields);
  EXPECT_TRUE(client.Exchange(Resp({"HGET", "small", "kept"}), Bulk("yes")));
  EXPECT_TRUE(client.Exchange(Resp({"HLEN", "big"}), Int(0)));
}

// An expiry ends the collection whole; with the active cycle off nothing deletes the key, so
// only the compaction filter can take the elements away, which it does because their
// collection is due.
TEST_F(Stage08Server, AnExpiredHashLosesEveryElementToCompaction) {
  constexpr int kFields = 500;
  const Fields gone = NumberedFields("gone", kFields);
  const Fields kept = NumberedFields("kept", kFields);
  {
    TestClient client(port());
    ASSERT_TRUE(client.Exchange(Resp({"DEBUG", "SET-ACTIVE-EXPIRE", "0"}), kOk));
    ASSERT_NO_FATAL_FAILURE(HsetAll(client, "gone", gone));
    ASSERT_NO_FATAL_FAILURE(HsetAll(client, "kept", kept));
    EXPECT_TRUE(client.Exchange(Resp({"PEXPIRE", "gone", "200"}), Int(1)));
    EXPECT_TRUE(client.Exchange(Resp({"SADD", "set", "m"}) + Resp({"PEXPIRE", "set", "200"}),
                                Int(1) + Int(1)));
    EXPECT_TRUE(Eventually([&] { return Integer(client, {"DBSIZE"}) == 1; }, 3s))
        << "the expiring collections still counted in DBSIZE after 3 s";
    EXPECT_TRUE(client.Exchange(Resp({"DEBUG", "COMPACT"}), kOk));
    EXPECT_GE(EntriesFiltered(client), kFields + 1);
    EXPECT_EQ(InfoField(client, "stats", "expired_keys"), "0") << "something read the keys";
  }
  ASSERT_EQ(server().Stop(SIGTERM), 0);
  const std::string tables = TableBytes();
  ASSERT_FALSE(tables.empty()) << "no table in " << dir().path();
  // One failure per kind, naming the first field that shows it, not one per field.
  auto count_in_tables = [&](const Fields& fields, std::string* first_found,
                             std::string* first_missing) {
    size_t found = 0;
    for (const auto& [field, value] : fields) {
      const bool in = tables.find(field) != std::string::npos;
      found += in ? 1 : 0;
      std::string* first = in ? first_found : first_missing;
      if (first->empty()) *first = field;
    }
    return found;
  };
  std::string first_found, first_missing;
  EXPECT_EQ(count_in_tables(gone, &first_found, &first_missing), 0u)
      << "fields of the expired hash still in the tables, e.g. " << first_found;
  first_found.clear();
  first_missing.clear();
  EXPECT_EQ(count_in_tables(kept, &first_found, &first_missing), kept.size())
      << "fields of the live hash missing from the tables, e.g. " << first_missing;
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"HLEN", "gone"}), Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"SCARD", "set"}), Int(0)));
  EXPECT_TRUE(client.Exchange(Resp({"HLEN", "kept"}), Int(kFields)));
}

// redis-py (Debian's python3-redis, RESP2) as an application calls it. The script asserts
// and prints "ok" last; its output is the failure message.
constexpr const char* kRedisPySession = R"PY(
import sys
import redis

r = redis.Redis(host="127.0.0.1", port=int(sys.argv[1]), socket_timeout=30)
assert r.hset("user:1", mapping={"name": "Ada", "lang": "C++"}) == 2
assert r.hset("user:1", "name", "Grace") == 0
assert r.hgetall("user:1") == {b"name": b"Grace", b"lang": b"C++"}, r.hgetall("user:1")
assert r.hget("user:1", "absent") is None
assert r.hgetall("absent") == {}
assert r.sadd("tags", "a", "b", "c", "a") == 3
assert r.smembers("tags") == {b"a", b"b", b"c"}, r.smembers("tags")
assert r.smembers("absent") == set()
assert r.type("user:1") == b"hash" and r.type("tags") == b"set"
fields = {"field:%d" % i: str(i) for i in range(300)}
assert r.hset("big", mapping=fields) == 300
seen = {}
for field, value in r.hscan_iter("big", count=17):
    assert field not in seen, field
    seen[field] = value
assert seen == {k.encode(): v.encode() for k, v in fields.items()}, len(seen)
matched = {f for f, _ in r.hscan_iter("big", match="field:1?", count=50)}
assert matched == {("field:1%d" % i).encode() for i in range(10)}, matched
print("ok")
)PY";

TEST_F(Stage08Server, ARedisPySessionOnHashesAndSets) {
  std::string output;
  const int status = testkit::ServerProcess::RunToExit(
      "/usr/bin/python3", {"-c", kRedisPySession, std::to_string(port())}, &output);
  EXPECT_EQ(status, 0) << output;
  EXPECT_NE(output.find("ok"), std::string::npos) << output;
}

}  // namespace
}  // namespace stepdb
