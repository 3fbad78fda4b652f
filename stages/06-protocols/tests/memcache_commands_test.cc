// Memcache: the Memcached commands, black-box over a real socket, text and meta protocols.
//
// Most tests are scenarios: a list of (request, exact reply) steps sent on one connection.
// Every expected reply was taken from memcached 1.6.18 (Debian 12), and each scenario run by
// ExpectLikeMemcached also runs against a real memcached when one is installed, so the tables
// stay true to it. A scenario ends with `mn`, whose MN proves nothing else was sent.
//
// Some behaviour is StepDB's own and is tested against StepDB only, with the reason given:
// cas values (memcached counts from 1, StepDB from the clock), TTLs (memcached's clock ticks
// once a second, so an exact t could flake there), a touch giving a fresh cas, base64 keys
// written back in base64, what `me` and the h and l flags report, the item size limit, and
// what Redis clients see of Memcached's items.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "memcache_item.h"
#include "memcache_syntax.h"
#include "stage06_server_fixture.h"
#include "value_envelope.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TestClient;

struct Step {
  std::string send;
  std::string expect;  // "" for a request that must not be answered
};
using Scenario = std::vector<Step>;

// The memcached binary on PATH, or "" if there is none.
std::string FindMemcached() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = dir + "/memcached";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

class Memcache : public Stage06ServerTest {
 protected:
  // One memcached for the suite (started on first use), flushed before each scenario.
  static void TearDownTestSuite() { oracle_.reset(); }

  static ServerProcess* Oracle() {
    static const std::string binary = FindMemcached();
    if (binary.empty()) return nullptr;
    if (!oracle_) {
      const uint16_t port = testkit::FreePort();
      std::vector<std::string> args = {"-l", "127.0.0.1", "-p", std::to_string(port), "-U", "0"};
      if (geteuid() == 0) args.insert(args.end(), {"-u", "root"});  // memcached refuses root
      oracle_ = ServerProcess::StartExact(binary, args, port);
    }
    return oracle_.get();
  }

  // Runs `steps` on a new connection to `port`, then checks that `mn` is answered next.
  static ::testing::AssertionResult RunScenario(uint16_t port, const Scenario& steps) {
    TestClient client(port);
    for (const Step& step : steps) {
      ::testing::AssertionResult result = client.Exchange(step.send, step.expect);
      if (!result) return result;
    }
    return client.Exchange("mn\r\n", "MN\r\n");
  }

  // Runs `steps` against StepDB only (see the essay for when).
  void ExpectFromStepDb(const Scenario& steps) {
    EXPECT_TRUE(RunScenario(port(), steps)) << "against stepdb";
  }

  // Runs `steps` against StepDB and, if it is installed, against memcached.
  void ExpectLikeMemcached(const Scenario& steps) {
    EXPECT_TRUE(RunScenario(port(), steps)) << "against stepdb";
    if (ServerProcess* oracle = Oracle()) {
      EXPECT_TRUE(TestClient(oracle->port()).Exchange("flush_all\r\n", "OK\r\n"));
      EXPECT_TRUE(RunScenario(oracle->port(), steps)) << "against memcached";
    }
  }

  // The cas unique that `gets key` reports on `client` (0 if the key is missing).
  static uint64_t CasOf(TestClient& client, const std::string& key) {
    EXPECT_TRUE(client.Send("gets " + key + "\r\n"));
    const std::string line = client.ReadLine();
    if (line == "END\r\n") return 0;
    std::istringstream words(line);
    std::string value, name, flags, bytes;
    uint64_t cas = 0;
    words >> value >> name >> flags >> bytes >> cas;
    client.ReadExactly(std::stoul(bytes) + 2 + 5);  // the data, its CR LF, "END\r\n"
    return cas;
  }

  // `stats` as a map from name to value.
  static std::map<std::string, std::string> Stats(uint16_t port) {
    TestClient client(port);
    EXPECT_TRUE(client.Send("stats\r\n"));
    std::map<std::string, std::string> stats;
    for (std::string line = client.ReadLine(); line.rfind("STAT ", 0) == 0;
         line = client.ReadLine()) {
      std::istringstream words(line.substr(5));
      std::string name, value;
      words >> name >> value;
      stats[name] = value;
    }
    return stats;
  }

 private:
  static inline std::unique_ptr<ServerProcess> oracle_;
};

// ---- The text protocol ----

TEST_F(Memcache, StorageCommands) {
  ExpectLikeMemcached({
      {"set a 5 0 3\r\nabc\r\n", "STORED\r\n"},
      {"get a\r\n", "VALUE a 5 3\r\nabc\r\nEND\r\n"},
      {"add a 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
      {"add b 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"replace c 0 0 1\r\nz\r\n", "NOT_STORED\r\n"},
      {"replace a 7 0 2\r\nzz\r\n", "STORED\r\n"},
      // append and prepend keep the item's flags; theirs are ignored
      {"append a 9 0 2\r\nAA\r\n", "STORED\r\n"},
      {"prepend a 9 0 2\r\nPP\r\n", "STORED\r\n"},
      {"get a b c\r\n", "VALUE a 7 6\r\nPPzzAA\r\nVALUE b 0 1\r\nx\r\nEND\r\n"},
      {"append c 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
      {"prepend c 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
      {"set empty 0 0 0\r\n\r\n", "STORED\r\n"},
      {"get empty\r\n", "VALUE empty 0 0\r\n\r\nEND\r\n"},
      {"set f 4294967295 0 1\r\nx\r\n", "STORED\r\n"},
      {"get f\r\n", "VALUE f 4294967295 1\r\nx\r\nEND\r\n"},
      {"gets nope\r\n", "END\r\n"},
  });
}

TEST_F(Memcache, DataBlocksAreBinarySafe) {
  const std::string data("a\r\nb\0c\r\n\xff", 9);
  ExpectLikeMemcached({
      {"set bin 1 0 9\r\n" + data + "\r\n", "STORED\r\n"},
      {"get bin\r\n", "VALUE bin 1 9\r\n" + data + "\r\nEND\r\n"},
  });
}

TEST_F(Memcache, ExpiryAlreadyDueStoresNothing) {
  ExpectLikeMemcached({
      {"set neg 0 -1 1\r\nx\r\n", "STORED\r\n"},
      {"get neg\r\n", "END\r\n"},
      {"set past 0 1000000000 1\r\nx\r\n", "STORED\r\n"},  // an absolute time in 2001
      {"get past\r\n", "END\r\n"},
      {"set future 0 2100000000 1\r\nx\r\n", "STORED\r\n"},  // in 2036
      {"get future\r\n", "VALUE future 0 1\r\nx\r\nEND\r\n"},
      {"set t 1 100 1\r\nx\r\n", "STORED\r\n"},
      {"touch t -1\r\n", "TOUCHED\r\n"},
      {"get t\r\n", "END\r\n"},
      {"set t 1 100 1\r\nx\r\n", "STORED\r\n"},
      {"gat -1 t\r\n", "VALUE t 1 1\r\nx\r\nEND\r\n"},  // served once, then gone
      {"get t\r\n", "END\r\n"},
  });
}

TEST_F(Memcache, TouchAndGat) {
  ExpectLikeMemcached({
      {"set t 1 0 1\r\nx\r\n", "STORED\r\n"},
      {"touch t 100\r\n", "TOUCHED\r\n"},
      {"touch nope 100\r\n", "NOT_FOUND\r\n"},
      {"gat 100 t nope t\r\n", "VALUE t 1 1\r\nx\r\nVALUE t 1 1\r\nx\r\nEND\r\n"},
      {"gat 10\r\n", "END\r\n"},
      {"touch t abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"gat abc t\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
  });
}

// TTLs against StepDB only: memcached's clock ticks once a second, so a t right after a set
// is exact there only when no tick falls between. Replies as memcached 1.6.18 gives them.
TEST_F(Memcache, TouchSetsTheTtlThatMetaGetReports) {
  ExpectFromStepDb({
      {"set t 1 100 1\r\nx\r\n", "STORED\r\n"},
      {"mg t t v\r\n", "VA 1 t100\r\nx\r\n"},
      {"touch t 200\r\n", "TOUCHED\r\n"},
      {"mg t t\r\n", "HD t200\r\n"},
      {"gat 300 t\r\n", "VALUE t 1 1\r\nx\r\nEND\r\n"},
      {"mg t t\r\n", "HD t300\r\n"},
      {"gats 0 nope\r\n", "END\r\n"},
      {"gat 0 t\r\n", "VALUE t 1 1\r\nx\r\nEND\r\n"},
      {"mg t t\r\n", "HD t-1\r\n"},
  });
}

TEST_F(Memcache, Delete) {
  ExpectLikeMemcached({
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"delete a\r\n", "DELETED\r\n"},
      {"delete a\r\n", "NOT_FOUND\r\n"},
      {"delete a 0\r\n", "NOT_FOUND\r\n"},
      {"delete a 5\r\n",
       "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"},
      {"delete a x y\r\n",
       "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"},
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"delete a 0 noreply\r\n", ""},
      {"get a\r\n", "END\r\n"},
  });
}

TEST_F(Memcache, IncrAndDecr) {
  ExpectLikeMemcached({
      {"set n 3 0 2\r\n10\r\n", "STORED\r\n"},
      {"incr n 5\r\n", "15\r\n"},
      {"decr n 100\r\n", "0\r\n"},                    // decr stops at 0
      {"get n\r\n", "VALUE n 3 2\r\n0 \r\nEND\r\n"},  // shorter: padded to the old length
      {"incr nope 1\r\n", "NOT_FOUND\r\n"},
      {"decr nope 1\r\n", "NOT_FOUND\r\n"},
      {"set d 0 0 3\r\n100\r\n", "STORED\r\n"},
      {"decr d 1\r\n", "99\r\n"},
      {"get d\r\n", "VALUE d 0 3\r\n99 \r\nEND\r\n"},
      {"incr d 1\r\n", "100\r\n"},
      {"get d\r\n", "VALUE d 0 3\r\n100\r\nEND\r\n"},
      {"set d 0 0 2\r\n99\r\n", "STORED\r\n"},
      {"incr d 1\r\n", "100\r\n"},  // longer: the item grows
      {"get d\r\n", "VALUE d 0 3\r\n100\r\nEND\r\n"},
      {"set z 0 0 3\r\n007\r\n", "STORED\r\n"},
      {"incr z 1\r\n", "8\r\n"},
      {"get z\r\n", "VALUE z 0 3\r\n8  \r\nEND\r\n"},
      {"incr n abc\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n"},
      {"incr n 18446744073709551616\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n"},
  });
}

TEST_F(Memcache, IncrWrapsAt2To64) {
  ExpectLikeMemcached({
      {"set big 0 0 20\r\n18446744073709551615\r\n", "STORED\r\n"},
      {"incr big 1\r\n", "0\r\n"},
      {"get big\r\n", "VALUE big 0 20\r\n0" + std::string(19, ' ') + "\r\nEND\r\n"},
      {"set big 0 0 20\r\n18446744073709551615\r\n", "STORED\r\n"},
      {"incr big 2\r\n", "1\r\n"},
      {"set big 0 0 20\r\n18446744073709551614\r\n", "STORED\r\n"},
      {"incr big 1\r\n", "18446744073709551615\r\n"},
      {"decr big 18446744073709551615\r\n", "0\r\n"},
  });
}

TEST_F(Memcache, IncrReadsNumbersAsStrtoull) {
  const std::string non_numeric =
      "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n";
  ExpectLikeMemcached({
      {"set w 0 0 2\r\n 5\r\n", "STORED\r\n"},
      {"incr w 1\r\n", "6\r\n"},
      {"set w 0 0 2\r\n+5\r\n", "STORED\r\n"},
      {"incr w 1\r\n", "6\r\n"},
      {"set w 0 0 9\r\n12 apples\r\n", "STORED\r\n"},
      {"incr w 1\r\n", "13\r\n"},
      {"get w\r\n", "VALUE w 0 9\r\n13       \r\nEND\r\n"},
      {"set w 0 0 21\r\n000000000000000000001\r\n", "STORED\r\n"},
      {"incr w 1\r\n", "2\r\n"},
      {"set w 0 0 3\r\nabc\r\n", "STORED\r\n"},
      {"incr w 1\r\n", non_numeric},
      {"decr w 1\r\n", non_numeric},
      {"set w 0 0 3\r\n+5a\r\n", "STORED\r\n"},
      {"incr w 1\r\n", non_numeric},
      {"set w 0 0 2\r\n-5\r\n", "STORED\r\n"},
      {"incr w 1\r\n", non_numeric},
      {"set w 0 0 0\r\n\r\n", "STORED\r\n"},
      {"incr w 1\r\n", non_numeric},
      {"set w 0 0 20\r\n18446744073709551616\r\n", "STORED\r\n"},  // past 2^64 - 1
      {"incr w 1\r\n", non_numeric},
  });
}

TEST_F(Memcache, NoreplyAnswersNothing) {
  ExpectLikeMemcached({
      {"set a 0 0 1 noreply\r\nx\r\n", ""},
      {"add a 0 0 1 noreply\r\ny\r\n", ""},
      {"replace a 0 0 1 noreply\r\n1\r\n", ""},
      {"append a 0 0 1 noreply\r\n2\r\n", ""},
      {"prepend a 0 0 1 noreply\r\n3\r\n", ""},
      {"cas a 0 0 1 1 noreply\r\nz\r\n", ""},
      {"incr a 1 noreply\r\n", ""},
      {"decr a 100 noreply\r\n", ""},
      {"incr nope 1 noreply\r\n", ""},
      {"touch a 100 noreply\r\n", ""},
      {"verbosity 1 noreply\r\n", ""},
      {"get a\r\n", "VALUE a 0 3\r\n213\r\nEND\r\n"},  // "312" + 1 - 100
      {"set w 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"incr w 1 noreply\r\n", ""},  // even the error is silent
      {"delete a noreply\r\n", ""},
      {"flush_all noreply\r\n", ""},
      {"get a w\r\n", "END\r\n"},
  });
}

TEST_F(Memcache, FlushAll) {
  ExpectLikeMemcached({
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"flush_all\r\n", "OK\r\n"},
      {"get a\r\n", "END\r\n"},
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},  // stored after the flush: kept
      {"get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n"},
      {"flush_all 0\r\n", "OK\r\n"},
      {"get a\r\n", "END\r\n"},
      {"flush_all -1\r\n", "OK\r\n"},
      {"flush_all abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"flush_all 0 0 0\r\n", "ERROR\r\n"},
  });
}

TEST_F(Memcache, FlushAllWithADelayFlushesWhenDue) {
  const Scenario before = {
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"flush_all 2\r\n", "OK\r\n"},
      {"get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n"},
  };
  const Scenario after = {{"get a\r\n", "END\r\n"}};
  EXPECT_TRUE(RunScenario(port(), before));
  ServerProcess* oracle = Oracle();
  if (oracle != nullptr) {
    EXPECT_TRUE(TestClient(oracle->port()).Exchange("flush_all\r\n", "OK\r\n"));
    EXPECT_TRUE(RunScenario(oracle->port(), before)) << "against memcached";
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  // The first command after the delay is a Redis one: it sees the flush too.
  EXPECT_TRUE(TestClient(port()).Exchange(Resp({"GET", "a"}), kNil));
  EXPECT_TRUE(RunScenario(port(), after));
  if (oracle != nullptr) {
    EXPECT_TRUE(RunScenario(oracle->port(), after)) << "against memcached";
  }
}

TEST_F(Memcache, VersionVerbosityAndNoop) {
  ExpectLikeMemcached({
      {"version\r\n", "VERSION 1.6.18\r\n"},
      {"verbosity 1\r\n", "OK\r\n"},
      {"verbosity\r\n", "ERROR\r\n"},
      {"verbosity abc\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"mn\r\n", "MN\r\n"},
  });
}

TEST_F(Memcache, QuitClosesWithoutReply) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange("set a 0 0 1\r\nx\r\nget a\r\nquit\r\nget a\r\n",
                              "STORED\r\nVALUE a 0 1\r\nx\r\nEND\r\n"));
  EXPECT_TRUE(client.PeerClosed());  // and the get after quit was not answered
}

TEST_F(Memcache, KeysOfAtMost250Bytes) {
  const std::string k250(250, 'k');
  const std::string k251(251, 'k');
  ExpectLikeMemcached({
      {"set " + k250 + " 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"get " + k250 + "\r\n", "VALUE " + k250 + " 0 1\r\nx\r\nEND\r\n"},
      // the line is refused, so its data line is read as a command
      {"set " + k251 + " 0 0 1\r\nx\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"get " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"mg " + k251 + " v\r\n", "CLIENT_ERROR bad command line format\r\n"},
  });
}

TEST_F(Memcache, DataBlockOfTheWrongLength) {
  ExpectLikeMemcached({
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
      // 3 bytes announced, 4 sent: the block is refused and the rest of the line is a command
      {"set a 0 0 3\r\nabcd\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n"},
      {"get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n"},  // the old value stays
      {"set a 0 0 2\r\nxyz\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n"},
      // under noreply the bad chunk is silent; the CR LF after the 7 bytes is an empty line
      {"set a 0 0 5 noreply\r\nabcdefg\r\n", "ERROR\r\n"},
  });
}

TEST_F(Memcache, PipelinedRequestsInOneWrite) {
  std::string requests, replies;
  for (int i = 0; i < 500; ++i) {
    const std::string key = "key" + std::to_string(i);
    const std::string value = std::to_string(i * 7);
    requests += "set " + key + " " + std::to_string(i) + " 0 " + std::to_string(value.size()) +
                "\r\n" + value + "\r\n";
    requests += "mg " + key + " v f\r\n";
    replies += "STORED\r\nVA " + std::to_string(value.size()) + " f" + std::to_string(i) + "\r\n" +
               value + "\r\n";
  }
  requests += "get key0 key499 nope\r\nincr key1 3\r\n";
  replies += "VALUE key0 0 1\r\n0\r\nVALUE key499 499 4\r\n3493\r\nEND\r\n10\r\n";
  ExpectLikeMemcached({{requests, replies}});
}

TEST_F(Memcache, ItemsUpToTheSizeLimit) {
  // StepDB's limit counts the data alone (memcached's counts its item header too, so this
  // runs against StepDB only).
  const std::string largest(1024 * 1024, 'v');
  TestClient client(port());
  EXPECT_TRUE(client.Exchange("set big 0 0 1048576\r\n" + largest + "\r\n", "STORED\r\n"));
  EXPECT_TRUE(client.Exchange("get big\r\n", "VALUE big 0 1048576\r\n" + largest + "\r\nEND\r\n"));
  EXPECT_TRUE(client.Exchange("ms big2 1048576 T0\r\n" + largest + "\r\n", "HD\r\n"));
  EXPECT_TRUE(client.Exchange("set big 0 0 1048577\r\n" + largest + "v\r\n",
                              "SERVER_ERROR object too large for cache\r\n"));
  EXPECT_TRUE(client.Exchange("mg big s\r\n", "HD s1048576\r\n"));  // swallowed, unchanged

  Restart({"--memcached-max-item-size", "2kb"});
  TestClient small(port());
  EXPECT_TRUE(small.Exchange("set k 0 0 2048\r\n" + std::string(2048, 'v') + "\r\n", "STORED\r\n"));
  EXPECT_TRUE(small.Exchange("set k 0 0 2049\r\n" + std::string(2049, 'v') + "\r\n",
                             "SERVER_ERROR object too large for cache\r\n"));
  EXPECT_TRUE(small.Exchange("ms k 2049 T0\r\n" + std::string(2049, 'v') + "\r\n",
                             "SERVER_ERROR object too large for cache\r\n"));
  EXPECT_TRUE(small.Exchange("mg k s\r\n", "HD s2048\r\n"));
}

TEST_F(Memcache, Stats) {
  ExpectLikeMemcached({
      {"stats reset\r\n", "RESET\r\n"},
      {"stats sizes\r\n", "STAT sizes_status disabled\r\nEND\r\n"},
      {"stats nonsense\r\n", "ERROR\r\n"},
  });
  // The same requests on both servers move the counters alike.
  const std::string requests =
      "stats reset\r\nset a 0 0 1\r\n1\r\nadd a 0 0 1\r\n1\r\nget a nope\r\nmg a v\r\n"
      "gat 10 a nope\r\ntouch a 10\r\ndelete nope\r\ndelete a\r\nincr a 1\r\nset a 0 0 1\r\n1\r\n"
      "incr a 1\r\ndecr a 1\r\ndecr nope 1\r\ncas a 0 0 1 1\r\nx\r\ncas nope 0 0 1 1\r\nx\r\n"
      "flush_all\r\nme a\r\n";
  std::vector<uint16_t> ports = {port()};
  if (ServerProcess* oracle = Oracle()) ports.push_back(oracle->port());
  for (uint16_t server : ports) {
    TestClient client(server);
    ASSERT_TRUE(client.Send(requests));
    ASSERT_TRUE(client.Send("mn\r\n"));
    while (client.ReadLine() != "MN\r\n") {
    }
    std::map<std::string, std::string> stats = Stats(server);
    const std::map<std::string, std::string> expected = {
        {"cmd_get", "3"},    {"get_hits", "2"},     {"get_misses", "1"},  {"cmd_touch", "3"},
        {"touch_hits", "2"}, {"touch_misses", "1"}, {"cmd_set", "5"},     {"cas_misses", "1"},
        {"cas_badval", "1"}, {"cas_hits", "0"},     {"delete_hits", "1"}, {"delete_misses", "1"},
        {"incr_hits", "1"},  {"incr_misses", "1"},  {"decr_hits", "1"},   {"decr_misses", "1"},
        {"cmd_flush", "1"},  {"cmd_meta", "1"},
    };
    for (const auto& [name, value] : expected) {
      EXPECT_EQ(stats[name], value) << name << (server == port() ? " (stepdb)" : " (memcached)");
    }
  }
  std::map<std::string, std::string> stats = Stats(port());
  EXPECT_EQ(stats["version"], "1.6.18");
  EXPECT_EQ(stats["curr_items"], "0");
  EXPECT_EQ(stats["pid"], std::to_string(server().pid()));
  EXPECT_EQ(stats["total_items"], "2");
  TestClient client(port());
  EXPECT_TRUE(client.Exchange("set a 0 0 1\r\nx\r\nstats items\r\nstats slabs\r\n",
                              "STORED\r\nSTAT items:1:number 1\r\nEND\r\n"
                              "STAT active_slabs 0\r\nSTAT total_malloced 0\r\nEND\r\n"));
  EXPECT_TRUE(client.Send("stats settings\r\n"));
  std::string settings;
  for (std::string line; line != "END\r\n"; line = client.ReadLine()) settings += line;
  EXPECT_NE(settings.find("STAT item_size_max 1048576\r\n"), std::string::npos) << settings;
  EXPECT_NE(settings.find("STAT tcpport " + std::to_string(port()) + "\r\n"), std::string::npos)
      << settings;
}

// ---- cas ----

TEST_F(Memcache, CasStoresOnlyOverTheVersionItWasGiven) {
  TestClient alice(port());
  TestClient bob(port());
  EXPECT_TRUE(alice.Exchange("set k 0 0 1\r\na\r\n", "STORED\r\n"));
  const uint64_t seen_by_alice = CasOf(alice, "k");
  const uint64_t seen_by_bob = CasOf(bob, "k");
  ASSERT_NE(seen_by_alice, 0u);
  EXPECT_EQ(seen_by_alice, seen_by_bob);
  EXPECT_TRUE(alice.Exchange("cas k 0 0 1 " + std::to_string(seen_by_alice + 1) + "\r\nx\r\n",
                             "EXISTS\r\n"));
  EXPECT_TRUE(
      alice.Exchange("cas k 0 0 1 " + std::to_string(seen_by_alice) + "\r\nA\r\n", "STORED\r\n"));
  // Bob's cas is now stale: his write must not overwrite Alice's.
  EXPECT_TRUE(
      bob.Exchange("cas k 0 0 1 " + std::to_string(seen_by_bob) + "\r\nB\r\n", "EXISTS\r\n"));
  EXPECT_TRUE(bob.Exchange("get k\r\n", "VALUE k 0 1\r\nA\r\nEND\r\n"));
  EXPECT_TRUE(bob.Exchange("cas nope 0 0 1 1\r\nB\r\n", "NOT_FOUND\r\n"));
  // Every write, of either protocol, gives a new cas.
  const uint64_t before_redis = CasOf(bob, "k");
  EXPECT_GT(before_redis, seen_by_alice);
  TestClient redis(port());
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "k", "R"}), kOk));
  EXPECT_TRUE(
      bob.Exchange("cas k 0 0 1 " + std::to_string(before_redis) + "\r\nB\r\n", "EXISTS\r\n"));
  const uint64_t latest = CasOf(bob, "k");
  EXPECT_TRUE(bob.Exchange("cas k 0 0 1 " + std::to_string(latest) + " noreply\r\nB\r\n", ""));
  EXPECT_TRUE(bob.Exchange("get k\r\n", "VALUE k 0 1\r\nB\r\nEND\r\n"));
}

TEST_F(Memcache, MetaCasTokens) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("ms k 1\r\na\r\n", "HD\r\n"));
  const std::string cas = std::to_string(CasOf(client, "k"));
  // c reports the cas the write left, and gets agrees with it.
  EXPECT_TRUE(client.Exchange("ms k 1 C1 c\r\nb\r\n", "EX c0\r\n"));
  EXPECT_TRUE(client.Send("ms k 1 C" + cas + " c\r\nb\r\n"));
  const std::string reply = client.ReadLine();
  const std::string new_cas = std::to_string(CasOf(client, "k"));
  EXPECT_EQ(reply, "HD c" + new_cas + "\r\n");
  EXPECT_TRUE(client.Exchange("mg k c v\r\n", "VA 1 c" + new_cas + "\r\nb\r\n"));
  EXPECT_TRUE(client.Exchange("md k C" + cas + "\r\n", "EX\r\n"));
  EXPECT_TRUE(client.Exchange("ma k C" + cas + "\r\n", "EX\r\n"));
  EXPECT_TRUE(client.Exchange("ms n 1\r\n5\r\n", "HD\r\n"));
  const std::string n_cas = std::to_string(CasOf(client, "n"));
  EXPECT_TRUE(client.Send("ma n C" + n_cas + " v c\r\n"));
  const std::string incremented = client.ReadLine();
  EXPECT_EQ(client.ReadLine(), "6\r\n");
  EXPECT_EQ(incremented, "VA 1 c" + std::to_string(CasOf(client, "n")) + "\r\n");
  EXPECT_TRUE(client.Exchange("md k C" + new_cas + " q\r\nmg k\r\n", "EN\r\n"));
}

// memcached keeps an item's cas on a touch; StepDB writes the envelope, so the cas changes,
// and gats reports the new one, with which a cas succeeds.
// A touch changes only when the item expires: as in memcached, its cas stays, so a cas taken
// before gats, touch or mg T still stores after them.
TEST_F(Memcache, TouchesKeepTheCas) {
  TestClient client(port());
  ASSERT_TRUE(client.Exchange("set k 0 0 1\r\na\r\n", "STORED\r\n"));
  const uint64_t before = CasOf(client, "k");
  EXPECT_TRUE(client.Send("gats 100 k\r\n"));
  std::istringstream words(client.ReadLine());
  std::string value, name, flags, bytes;
  uint64_t reported = 0;
  words >> value >> name >> flags >> bytes >> reported;
  EXPECT_EQ(client.ReadExactly(8), "a\r\nEND\r\n");
  EXPECT_EQ(reported, before);
  EXPECT_TRUE(client.Exchange("touch k 200\r\n", "TOUCHED\r\n"));
  EXPECT_TRUE(client.Exchange("mg k T300\r\n", "HD\r\n"));
  EXPECT_EQ(CasOf(client, "k"), before);
  EXPECT_TRUE(
      client.Exchange("cas k 0 0 1 " + std::to_string(reported) + "\r\nb\r\n", "STORED\r\n"));
}

// ---- The meta protocol ----

TEST_F(Memcache, MetaGet) {
  ExpectLikeMemcached({
      {"set a 5 0 3\r\nabc\r\n", "STORED\r\n"},
      {"mg a\r\n", "HD\r\n"},
      {"mg a v\r\n", "VA 3\r\nabc\r\n"},
      {"mg a k v f s O123 q\r\n", "VA 3 ka f5 s3 O123\r\nabc\r\n"},
      {"mg a s v\r\n", "VA 3 s3\r\nabc\r\n"},
      {"mg a O\r\n", "HD O\r\n"},
      {"mg a t\r\n", "HD t-1\r\n"},
      {"mg a q\r\n", "HD\r\n"},  // q hides only the miss
      {"mg nope v\r\n", "EN\r\n"},
      {"mg nope v q\r\n", ""},
      {"mg nope v k O9\r\n", "EN knope O9\r\n"},
      {"mg a v v\r\n", "CLIENT_ERROR duplicate flag\r\n"},
      {"mg a E5\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"mg a Tabc\r\n", "CLIENT_ERROR bad token in command line format\r\n"},
      {"mg a O123456789012345678901234567890123\r\n", "CLIENT_ERROR opaque token too long\r\n"},
      {"mg a v T-1\r\n", "VA 3\r\nabc\r\n"},  // served, then expired
      {"mg a v\r\n", "EN\r\n"},
  });
}

// Replies as memcached 1.6.18 gives them; against StepDB only because of the TTLs (see
// TouchSetsTheTtlThatMetaGetReports).
TEST_F(Memcache, MetaGetTtlFlags) {
  ExpectFromStepDb({
      {"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
      {"mg a t T30\r\n", "HD t-1\r\n"},  // t before T: old TTL
      {"mg a T60 t\r\n", "HD t60\r\n"},
      {"mg a t\r\n", "HD t60\r\n"},
      {"ms a 1 T100\r\ny\r\n", "HD\r\n"},
      {"mg a t v\r\n", "VA 1 t100\r\ny\r\n"},
      {"set n 0 0 1\r\n1\r\n", "STORED\r\n"},
      {"ma n T30 t v\r\n", "VA 1 t30\r\n2\r\n"},
      {"ma n t v\r\n", "VA 1 t30\r\n3\r\n"},
      {"mg v N30 v t s f\r\n", "VA 0 t30 s0 f0 W\r\n\r\n"},
      {"mg w t R200 N50\r\n", "HD t-1 W\r\n"},
      {"mg w t\r\n", "HD t50 Z\r\n"},
  });
}

TEST_F(Memcache, MetaSet) {
  ExpectLikeMemcached({
      {"ms a 3\r\nabc\r\n", "HD\r\n"},
      {"ms a 3 T0 F7 k O1\r\nxyz\r\n", "HD ka O1\r\n"},
      {"mg a v f\r\n", "VA 3 f7\r\nxyz\r\n"},
      {"ms a 2 q\r\nhi\r\n", ""},
      {"ms a 2 ME\r\nhi\r\n", "NS\r\n"},
      {"ms b 2 ME\r\nhi\r\n", "HD\r\n"},
      {"ms c 2 MR\r\nhi\r\n", "NS\r\n"},
      {"ms b 2 MA\r\nAA\r\n", "HD\r\n"},
      {"ms b 2 MP\r\nPP\r\n", "HD\r\n"},
      {"ms d 2 MA\r\nAA\r\n", "NS\r\n"},
      {"ms d 2 MP\r\nAA\r\n", "NS\r\n"},
      {"mg b v f\r\n", "VA 6 f0\r\nPPhiAA\r\n"},
      {"ms b 2 MS\r\nok\r\n", "HD\r\n"},
      {"ms zz 2 C1\r\nzz\r\n", "NF\r\n"},
      {"ms a 2 C1\r\nzz\r\n", "EX\r\n"},
      {"ms a 2 C1 q\r\nzz\r\n", "EX\r\n"},  // q hides only HD
      {"ms a 2 I\r\nzz\r\n", "HD\r\n"},     // I without C is a plain set
      {"ms a 1 ME c k O1 q\r\ny\r\n", "NS c0 ka O1\r\n"},
      {"ms a 1 T-1\r\nx\r\n", "HD\r\n"},
      {"mg a v\r\n", "EN\r\n"},
      {"ms a 2 MX\r\nhi\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n"},
      {"ms a 2 Fabc\r\nhi\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"ms a 2 S2\r\nhi\r\n", "CLIENT_ERROR invalid flag\r\n"},
  });
}

TEST_F(Memcache, MetaDelete) {
  ExpectLikeMemcached({
      {"ms a 1\r\nx\r\n", "HD\r\n"},
      {"md a\r\n", "HD\r\n"},
      {"md a\r\n", "NF\r\n"},
      {"md a q\r\n", "NF\r\n"},  // q hides only HD
      {"md a k O5\r\n", "NF ka O5\r\n"},
      {"ms a 1\r\nx\r\n", "HD\r\n"},
      {"md a q\r\n", ""},
      {"mg a\r\n", "EN\r\n"},
      {"ms a 1\r\nx\r\n", "HD\r\n"},
      {"md a C1\r\n", "EX\r\n"},
      {"md a C1 q\r\n", "EX\r\n"},
      {"md a Zq\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"md a k O6\r\n", "HD ka O6\r\n"},
  });
}

TEST_F(Memcache, StaleItemsAndRecacheTokens) {
  ExpectLikeMemcached({
      // md I keeps the item, stale: the first reader wins the recache, the others see Z.
      {"ms a 1\r\nx\r\n", "HD\r\n"},
      {"md a I T30\r\n", "HD\r\n"},
      {"mg a v\r\n", "VA 1 X W\r\nx\r\n"},
      {"mg a v\r\n", "VA 1 Z X\r\nx\r\n"},
      {"ms a 1\r\ny\r\n", "HD\r\n"},  // the recached value is fresh
      {"mg a v\r\n", "VA 1\r\ny\r\n"},
      {"md a I q\r\n", ""},
      {"mg a\r\n", "HD X W\r\n"},
      // N fills a miss with an empty item, and its filler wins.
      {"mg v N30 v s f\r\n", "VA 0 s0 f0 W\r\n\r\n"},
      {"mg v N30 v\r\n", "VA 0 Z\r\n\r\n"},
      {"mg v v\r\n", "VA 0 Z\r\n\r\n"},
      // R wins once the TTL left is below its token.
      {"ms v 3 T100\r\nnew\r\n", "HD\r\n"},
      {"mg v v R30\r\n", "VA 3\r\nnew\r\n"},
      {"mg v v R200\r\n", "VA 3 W\r\nnew\r\n"},
      {"mg v v R200\r\n", "VA 3 Z\r\nnew\r\n"},
      // Any rewrite of the item clears the marks.
      {"set v 0 0 1\r\nz\r\n", "STORED\r\n"},
      {"mg v v\r\n", "VA 1\r\nz\r\n"},
  });
}

TEST_F(Memcache, StaleCasStoresAsStale) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange("ms a 1 T100\r\nx\r\n", "HD\r\n"));
  const uint64_t cas = CasOf(client, "a");
  // An older cas with I stores the data, stale; a newer one is refused.
  EXPECT_TRUE(client.Exchange("ms a 2 C" + std::to_string(cas + 1000) + " I\r\nzz\r\n", "EX\r\n"));
  EXPECT_TRUE(client.Exchange("ms a 2 C" + std::to_string(cas - 1) + " I\r\nzz\r\n", "HD\r\n"));
  EXPECT_TRUE(client.Exchange("mg a v t\r\n", "VA 2 t100 X W\r\nzz\r\n"));  // its TTL is kept
  EXPECT_TRUE(client.Exchange("mg a v\r\n", "VA 2 Z X\r\nzz\r\n"));
}

TEST_F(Memcache, MetaArithmetic) {
  ExpectLikeMemcached({
      {"ma n\r\n", "NF\r\n"},
      {"ma n q\r\n", "NF\r\n"},
      {"ma n k O3\r\n", "NF kn O3\r\n"},
      {"ma n N0 J10 v\r\n", "VA 2\r\n10\r\n"},  // created with J, the delta not applied
      {"ma n v\r\n", "VA 2\r\n11\r\n"},
      {"ma n MD D5 v\r\n", "VA 1\r\n6\r\n"},
      {"ma n MD D100 v\r\n", "VA 1\r\n0\r\n"},
      {"ma n M- v\r\n", "VA 1\r\n0\r\n"},
      {"ma n M+ D3 v k O1\r\n", "VA 1 kn O1\r\n3\r\n"},
      {"ma n MI q\r\n", ""},
      {"ma n\r\n", "HD\r\n"},
      {"mg n v\r\n", "VA 2\r\n5 \r\n"},  // padded like incr
      {"ma n C1\r\n", "EX\r\n"},
      {"ma n C0 v\r\n", "VA 1\r\n6\r\n"},  // C0 compares nothing
      {"ma n MX\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n"},
      {"ma n Dabc\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"ms s 1\r\nx\r\n", "HD\r\n"},
      {"ma s\r\n", "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
      {"ms e 0\r\n\r\n", "HD\r\n"},
      {"ma e C1\r\n", "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
      {"ms w 20\r\n18446744073709551615\r\n", "HD\r\n"},
      {"ma w v\r\n", "VA 1\r\n0\r\n"},
  });
}

TEST_F(Memcache, MetaBase64Keys) {
  ExpectLikeMemcached({
      {"ms eA== 1 b\r\nZ\r\n", "HD\r\n"},  // the key "x"
      {"mg x v\r\n", "VA 1\r\nZ\r\n"},
      {"mg eA== b v\r\n", "VA 1\r\nZ\r\n"},
      {"ma bg== b N0 J7 v\r\n", "VA 1\r\n7\r\n"},  // "n"
      {"md eA== b\r\n", "HD\r\n"},
      {"mg x v\r\n", "EN\r\n"},
      {"mg a b v\r\n", "CLIENT_ERROR error decoding key\r\n"},
  });
  // A key read in base64 is written back in base64 with a b flag, as memcached's later
  // releases do (1.6.18 writes the decoded bytes, which a key with a space or CR LF breaks).
  const std::string binary_key("a b\r\n", 5);
  const std::string encoded = EncodeMcBase64(binary_key);
  EXPECT_EQ(encoded, "YSBiDQo=");
  ExpectFromStepDb({
      {"ms " + encoded + " 2 b k\r\nhi\r\n", "HD k" + encoded + " b\r\n"},
      {"mg " + encoded + " b k v\r\n", "VA 2 k" + encoded + " b\r\nhi\r\n"},
      {"mg eA== b k v\r\n", "EN keA== b\r\n"},
  });
}

TEST_F(Memcache, MetaDebug) {
  ExpectLikeMemcached({
      {"me nope\r\n", "EN\r\n"},
      {"me\r\n", "CLIENT_ERROR bad command line format\r\n"},
  });
  // What StepDB tracks of an item differs from memcached: no reads (la=0, fetch=no), one
  // class, and its size in StepDB's engine: the key and the envelope (2 + 4 flags + 8 expiry
  // + the cas's varint + 2).
  TestClient client(port());
  EXPECT_TRUE(client.Exchange("set me1 3 100 2\r\nhi\r\n", "STORED\r\n"));
  const uint64_t cas = CasOf(client, "me1");
  std::string varint_cas_bytes;
  for (uint64_t v = cas; v >= 128; v >>= 7) varint_cas_bytes += 'x';
  const size_t size = 3 + 2 + 4 + 8 + varint_cas_bytes.size() + 1 + 2;
  EXPECT_TRUE(client.Exchange("me me1\r\n", "ME me1 exp=-100 la=0 cas=" + std::to_string(cas) +
                                                " fetch=no cls=1 size=" + std::to_string(size) +
                                                "\r\n"));
  EXPECT_TRUE(client.Exchange("mg me1 h l\r\n", "HD h0 l0\r\n"));
}

// ---- Both protocols, one key space ----

TEST_F(Memcache, ItemsAreRedisStringsAndBack) {
  TestClient mc(port());
  TestClient redis(port());
  EXPECT_TRUE(mc.Exchange("set k 5 0 5\r\nhello\r\n", "STORED\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"GET", "k"}), Bulk("hello")));
  EXPECT_TRUE(redis.Exchange(Resp({"DBSIZE"}), Int(1)));
  // A Redis SET replaces the item: its flags are back to 0.
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "k", "world"}), kOk));
  EXPECT_TRUE(mc.Exchange("get k\r\n", "VALUE k 0 5\r\nworld\r\nEND\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "r", "from redis"}), kOk));
  EXPECT_TRUE(mc.Exchange("mg r v f\r\n", "VA 10 f0\r\nfrom redis\r\n"));
  // Memcached sees only database 0.
  EXPECT_TRUE(redis.Exchange(Resp({"SELECT", "1"}), kOk));
  EXPECT_TRUE(redis.Exchange(Resp({"SET", "only1", "x"}), kOk));
  EXPECT_TRUE(mc.Exchange("get only1\r\n", "END\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"SELECT", "0"}), kOk));
  // Deletions and flushes cross over too.
  EXPECT_TRUE(mc.Exchange("delete r\r\n", "DELETED\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"EXISTS", "r"}), Int(0)));
  EXPECT_TRUE(redis.Exchange(Resp({"DEL", "k"}), Int(1)));
  EXPECT_TRUE(mc.Exchange("get k\r\n", "END\r\n"));
  EXPECT_TRUE(mc.Exchange("set k 0 0 1\r\nx\r\nflush_all\r\n", "STORED\r\nOK\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"DBSIZE"}), Int(0)));
}

TEST_F(Memcache, RedisWritesThatKeepTheValueKeepItsFlags) {
  TestClient mc(port());
  TestClient redis(port());
  EXPECT_TRUE(mc.Exchange("set k 42 0 2\r\nab\r\n", "STORED\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"APPEND", "k", "cd"}), Int(4)));
  EXPECT_TRUE(mc.Exchange("get k\r\n", "VALUE k 42 4\r\nabcd\r\nEND\r\n"));
  EXPECT_TRUE(mc.Exchange("set n 7 0 2\r\n10\r\n", "STORED\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"INCR", "n"}), Int(11)));
  EXPECT_TRUE(mc.Exchange("get n\r\n", "VALUE n 7 2\r\n11\r\nEND\r\n"));
  // and a Memcached incr of a Redis counter is a Redis counter still
  EXPECT_TRUE(mc.Exchange("incr n 89\r\n", "100\r\n"));
  EXPECT_TRUE(redis.Exchange(Resp({"GET", "n"}), Bulk("100")));
}

TEST_F(Memcache, ItemsSurviveARestart) {
  {
    TestClient mc(port());
    EXPECT_TRUE(mc.Exchange("set k 9 0 3\r\nabc\r\nms m 1 F3 T1000\r\nx\r\n", "STORED\r\nHD\r\n"));
  }
  Restart();
  TestClient mc(port());
  EXPECT_TRUE(mc.Exchange("get k m\r\n", "VALUE k 9 3\r\nabc\r\nVALUE m 3 1\r\nx\r\nEND\r\n"));
  // The expiry is an absolute time: the restart's seconds count against it.
  ASSERT_TRUE(mc.Send("mg m t\r\n"));
  const std::string line = mc.ReadLine();
  ASSERT_EQ(line.substr(0, 4), "HD t") << line;
  const int ttl = std::stoi(line.substr(4));
  EXPECT_GE(ttl, 950) << line;
  EXPECT_LE(ttl, 1000) << line;
}

// ---- memcached's rules for times, numbers and keys (memcache_item.h, memcache_syntax.h) ----

TEST_F(Memcache, ExptimeRules) {
  const int64_t now = 1'700'000'000'250;
  EXPECT_EQ(McExpireAtMs(0, now), 0);
  EXPECT_EQ(McExpireAtMs(60, now), now + 60'000);
  EXPECT_EQ(McExpireAtMs(kMcMaxRelativeExptime, now), now + kMcMaxRelativeExptime * 1000);
  EXPECT_EQ(McExpireAtMs(kMcMaxRelativeExptime + 1, now), (kMcMaxRelativeExptime + 1) * 1000);
  EXPECT_EQ(McExpireAtMs(1'700'000'100, now), 1'700'000'100'000);
  EXPECT_TRUE(IsExpired(McExpireAtMs(-1, now), now));
  EXPECT_TRUE(IsExpired(McExpireAtMs(1'000'000'000, now), now));
  EXPECT_FALSE(IsExpired(McExpireAtMs(1, now), now));
  EXPECT_FALSE(IsExpired(0, now));
  EXPECT_EQ(McTtlSeconds(0, now), -1);
  EXPECT_EQ(McTtlSeconds(now + 30'000, now), 30);
  EXPECT_EQ(McTtlSeconds(now + 29'001, now), 30);  // rounded up
  EXPECT_EQ(McTtlSeconds(now, now), -1);           // due: memcached reports -1
}

TEST_F(Memcache, DeltaRules) {
  struct Case {
    std::string before;
    bool incr;
    uint64_t delta;
    bool numeric;
    std::string after;
    std::string number;
  };
  const Case cases[] = {
      {"10", true, 5, true, "15", "15"},
      {"100", false, 1, true, "99 ", "99"},
      {"99", true, 1, true, "100", "100"},
      {"5", false, 9, true, "0", "0"},
      {"18446744073709551615", true, 1, true, "0" + std::string(19, ' '), "0"},
      {" 7 ", true, 1, true, "8  ", "8"},
      {"12 apples", true, 1, true, "13       ", "13"},
      {"12apples", true, 1, false, "12apples", ""},
      {"", true, 1, false, "", ""},
      {"-1", true, 1, false, "-1", ""},
      {"18446744073709551616", true, 1, false, "18446744073709551616", ""},
  };
  for (const Case& c : cases) {
    std::string data = c.before;
    std::string number;
    EXPECT_EQ(McApplyDelta(&data, c.incr, c.delta, &number), c.numeric) << '"' << c.before << '"';
    EXPECT_EQ(data, c.after) << '"' << c.before << '"';
    EXPECT_EQ(number, c.number) << '"' << c.before << '"';
  }
}

TEST_F(Memcache, Base64KeysRoundTrip) {
  EXPECT_EQ(EncodeMcBase64(""), "");
  EXPECT_EQ(EncodeMcBase64("x"), "eA==");
  EXPECT_EQ(EncodeMcBase64("ke"), "a2U=");
  EXPECT_EQ(EncodeMcBase64("key"), "a2V5");
  std::string all_bytes;
  for (int c = 0; c < 256; ++c) all_bytes.push_back(static_cast<char>(c));
  for (size_t length = 1; length <= 7; ++length) {
    const std::string key = all_bytes.substr(250 - length * 30, length);
    std::string decoded;
    ASSERT_TRUE(DecodeMcBase64(EncodeMcBase64(key), &decoded)) << EncodeMcBase64(key);
    EXPECT_EQ(decoded, key) << EncodeMcBase64(key);
  }
}

}  // namespace
}  // namespace stepdb
