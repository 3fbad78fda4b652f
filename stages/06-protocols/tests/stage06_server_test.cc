// Black-box tests of stepdb-stage06 as a server: detection of the protocol, pipelining, bad
// input and limits (each closes only the offending connection), many connections at once, and
// durability of acknowledged writes under kill -9.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "stage06_server_fixture.h"

namespace stepdb {
namespace {

using testkit::TestClient;

class Stage06Server : public Stage06ServerTest {};

TEST_F(Stage06Server, FirstBytesPickTheProtocol) {
  TestClient resp(port());
  EXPECT_TRUE(resp.Exchange("PING\r\n", "+PONG\r\n"));      // inline, as nc sends it
  EXPECT_TRUE(resp.Exchange(Resp({"PING"}), "+PONG\r\n"));  // multibulk on the same port
  EXPECT_TRUE(resp.Exchange("SET k hello\n", kOk));         // a bare \n ends a line too
  TestClient memcached(port());
  EXPECT_TRUE(memcached.Exchange("get k\r\n", "VALUE k 0 5\r\nhello\r\nEND\r\n"));
  EXPECT_TRUE(memcached.Exchange("set m 7 0 2\r\nhi\r\n", "STORED\r\n"));
  TestClient upper(port());
  EXPECT_TRUE(upper.Exchange("GET m\r\n", Bulk("hi")));  // upper case is Redis's inline GET
}

TEST_F(Stage06Server, AClientThatSendsNothingGetsNothingAndStaysConnected) {
  TestClient silent(port(), std::chrono::milliseconds(300));
  EXPECT_EQ(silent.ReadAll(), "");  // the deadline passes with no byte and no close
  EXPECT_FALSE(silent.PeerClosed());
  EXPECT_TRUE(silent.Exchange(Resp({"PING"}), "+PONG\r\n"));
}

TEST_F(Stage06Server, PipelinedRequestsAllGetTheirRepliesInOrder) {
  TestClient client(port());
  std::string requests, replies;
  for (int i = 0; i < 2000; ++i) {
    requests += Resp({"SET", "key" + std::to_string(i), std::to_string(i)});
    requests += Resp({"GET", "key" + std::to_string(i)});
    replies += std::string(kOk) + Bulk(std::to_string(i));
  }
  EXPECT_TRUE(client.Exchange(requests, replies));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(2000)));
}

TEST_F(Stage06Server, ARequestSplitAcrossReadsIsReassembled) {
  TestClient client(port());
  const std::string request = Resp({"SET", "split", std::string(100000, 'x')});
  for (size_t at = 0; at < request.size(); at += 7919) {
    ASSERT_TRUE(client.Send(request.substr(at, 7919)));
  }
  EXPECT_EQ(client.ReadLine(), "+OK\r\n");
  EXPECT_TRUE(client.Exchange(Resp({"STRLEN", "split"}), Int(100000)));
}

struct BadInput {
  const char* name;
  std::string bytes;
  std::string reply;  // what Redis 7.0 answers before it closes the connection
};

TEST_F(Stage06Server, BadInputGetsRedisErrorAndOnlyThatConnectionCloses) {
  const BadInput cases[] = {
      {"multibulk count", "*abc\r\n", "-ERR Protocol error: invalid multibulk length\r\n"},
      {"multibulk over INT_MAX", "*2147483648\r\n",
       "-ERR Protocol error: invalid multibulk length\r\n"},
      {"bulk length", "*1\r\n$abc\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
      {"bulk over 512 MB", "*1\r\n$536870913\r\n", "-ERR Protocol error: invalid bulk length\r\n"},
      {"no dollar", "*1\r\n+PING\r\n", "-ERR Protocol error: expected '$', got '+'\r\n"},
      {"quotes", "SET \"k v\r\n", "-ERR Protocol error: unbalanced quotes in request\r\n"},
      {"inline over 64 KiB", std::string(70000, 'a'),
       "-ERR Protocol error: too big inline request\r\n"},
  };
  TestClient bystander(port());
  for (const BadInput& bad : cases) {
    TestClient client(port());
    EXPECT_TRUE(client.Exchange(bad.bytes, bad.reply)) << bad.name;
    EXPECT_TRUE(client.PeerClosed()) << bad.name;
    EXPECT_TRUE(bystander.Exchange(Resp({"PING"}), "+PONG\r\n")) << bad.name;
  }
}

TEST_F(Stage06Server, BinaryGarbageNeverStopsTheServer) {
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 131 + 7) % 256));
  for (const std::string& start : {std::string("*"), std::string("$"), std::string("\x80"),
                                   std::string("mg "), std::string("set ")}) {
    TestClient client(port(), std::chrono::milliseconds(500));
    client.Send(start + garbage);
    client.ReadAll();  // whatever the protocol answers, until it closes or goes quiet
  }
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"PING"}), "+PONG\r\n"));
}

TEST_F(Stage06Server, AStalledHalfRequestHoldsOnlyItsOwnConnection) {
  TestClient stalled(port());
  ASSERT_TRUE(stalled.Send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$11\r\nhal"));
  TestClient other(port());
  EXPECT_TRUE(other.Exchange(Resp({"SET", "k", "other"}), kOk));
  ASSERT_TRUE(stalled.Send("f a valu\r\n"));
  EXPECT_EQ(stalled.ReadLine(), "+OK\r\n");
  EXPECT_TRUE(other.Exchange(Resp({"GET", "k"}), Bulk("half a valu")));
}

class Stage06ServerFewClients : public Stage06Server {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--maxclients", "4"}; }
};

TEST_F(Stage06ServerFewClients, OverMaxclientsIsRefusedWithRedisError) {
  std::vector<std::unique_ptr<TestClient>> clients;
  for (int i = 0; i < 4; ++i) {
    clients.push_back(std::make_unique<TestClient>(port()));
    ASSERT_TRUE(clients.back()->Exchange(Resp({"PING"}), "+PONG\r\n")) << i;
  }
  TestClient refused(port());
  EXPECT_TRUE(refused.Exchange("", "-ERR max number of clients reached\r\n"));
  EXPECT_TRUE(refused.PeerClosed());
  clients.pop_back();  // one leaves, so one more gets in
  for (int attempt = 0; attempt < 50; ++attempt) {
    TestClient again(port());
    if (again.Exchange(Resp({"PING"}), "+PONG\r\n")) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "no room after a client left";
}

// Thousands of idle connections cost the loop nothing: a client among them is answered.
TEST_F(Stage06Server, HoldsTwoThousandConnectionsWhileServingOthers) {
  rlimit limit{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  if (limit.rlim_cur < 2200) {
    limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 4096);
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &limit), 0);
  }
  if (limit.rlim_cur < 2200) GTEST_SKIP() << "this process may open only " << limit.rlim_cur;
  std::vector<std::unique_ptr<TestClient>> idle;
  TestClient active(port());
  for (int i = 0; i < 2000; ++i) {
    idle.push_back(std::make_unique<TestClient>(port()));
    if (i % 250 == 0) {
      ASSERT_TRUE(active.Exchange(Resp({"INCR", "n"}), Int(i / 250 + 1))) << i;
    }
  }
  for (size_t i = 0; i < idle.size(); i += 97) {
    ASSERT_TRUE(idle[i]->Exchange(Resp({"PING"}), "+PONG\r\n")) << i;
  }
  EXPECT_TRUE(active.Exchange(Resp({"GET", "n"}), Bulk("8")));
}

// A client that sends and never reads is stopped by the output limit, not by the server's
// memory; everyone else keeps being served.
TEST_F(Stage06Server, AClientThatNeverReadsIsDisconnectedAtTheOutputLimit) {
  TestClient admin(port());
  ASSERT_TRUE(
      admin.Exchange(Resp({"CONFIG", "SET", "client-output-buffer-limit", "normal 1mb 0 0"}), kOk));
  ASSERT_TRUE(admin.Exchange(Resp({"SET", "big", std::string(64 * 1024, 'b')}), kOk));
  TestClient greedy(port(), std::chrono::milliseconds(2000));
  std::string requests;
  for (int i = 0; i < 200; ++i) requests += Resp({"GET", "big"});  // 12.8 MB of replies
  bool closed = false;
  for (int round = 0; round < 20 && !closed; ++round) closed = !greedy.Send(requests);
  EXPECT_TRUE(admin.Exchange(Resp({"PING"}), "+PONG\r\n"));
  std::string info;
  for (int attempt = 0; attempt < 100; ++attempt) {
    ASSERT_TRUE(admin.Send(Resp({"INFO", "stats"})));
    const std::string header = admin.ReadLine();
    info = admin.ReadExactly(std::stoul(header.substr(1)) + 2);
    if (info.find("client_output_buffer_limit_disconnections:1") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_NE(info.find("client_output_buffer_limit_disconnections:1"), std::string::npos) << info;
}

// Many clients write at once, the server is killed with SIGKILL, and every write that was
// acknowledged must be there after the restart. kill -9 loses what the process held, not
// what the operating system held, so this holds under every fsync policy: the writes of a
// round reach the system (everysec, no) or the disk (always) before their replies leave.
class Stage06ServerCrash : public Stage06Server {
 protected:
  void ExpectKillDashNineLosesNoAcknowledgedWrite() {
    constexpr int kClients = 8;
    constexpr int kWrites = 150;
    std::vector<std::thread> writers;
    std::vector<int> acknowledged(kClients, 0);
    for (int c = 0; c < kClients; ++c) {
      writers.emplace_back([&, c] {
        TestClient client(port());
        for (int i = 0; i < kWrites; ++i) {
          const std::string key = "c" + std::to_string(c) + "-" + std::to_string(i);
          if (!client.Exchange(Resp({"SET", key, "v" + std::to_string(i)}), kOk)) return;
          acknowledged[static_cast<size_t>(c)] = i + 1;
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    server().Kill();
    for (std::thread& writer : writers) writer.join();
    Restart();
    TestClient client(port());
    for (int c = 0; c < kClients; ++c) {
      for (int i = 0; i < acknowledged[static_cast<size_t>(c)]; ++i) {
        const std::string key = "c" + std::to_string(c) + "-" + std::to_string(i);
        ASSERT_TRUE(client.Exchange(Resp({"GET", key}), Bulk("v" + std::to_string(i)))) << key;
      }
    }
  }
};

class Stage06ServerFsyncAlways : public Stage06ServerCrash {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--fsync", "always"}; }
};

class Stage06ServerFsyncEverysec : public Stage06ServerCrash {
 protected:
  std::vector<std::string> ServerFlags() const override { return {"--fsync", "everysec"}; }
};

// Under appendfsync always the writes of many clients share fsyncs.
TEST_F(Stage06ServerFsyncAlways, KillDashNineLosesNoAcknowledgedWrite) {
  ExpectKillDashNineLosesNoAcknowledgedWrite();
}

// Under everysec the writes of many clients share one write(2) of the log per round.
TEST_F(Stage06ServerFsyncEverysec, KillDashNineLosesNoAcknowledgedWrite) {
  ExpectKillDashNineLosesNoAcknowledgedWrite();
}

TEST_F(Stage06Server, DataSurvivesARestartInEveryDatabase) {
  {
    TestClient client(port());
    EXPECT_TRUE(client.Exchange(Resp({"SET", "a", "zero"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"SELECT", "7"}), kOk));
    EXPECT_TRUE(client.Exchange(Resp({"SET", "a", "seven"}), kOk));
  }
  Restart();
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"GET", "a"}), Bulk("zero")));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "7"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "a"}), Bulk("seven")));
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), Int(1)));
}

}  // namespace
}  // namespace stepdb
