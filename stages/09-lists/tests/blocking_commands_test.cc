// Blocked clients (blocked_clients.h): BLPOP and its kin waiting on an empty list and served
// by another client's write, black-box over sockets against stepdb-stage09.
//
// Each scenario is a few clients in turn: a waiter sends a blocking command, the test waits
// until the server counts it blocked (INFO clients' blocked_clients, polled a bounded number
// of times), another client writes, and the waiter's reply must be exactly Redis's. Where the
// bytes of a blocked-then-served sequence are the question (the order of replies in a
// pipeline, who is served first), the scenario runs on this server and, when it is installed,
// on redis-server 7.0 too. Timeouts are a few hundred milliseconds; every read gives up after
// a few seconds, so a waiter that is never served fails instead of hanging. A scenario stops
// at its first wrong reply, and a waiter answered at once instead of blocked (an unfinished
// command's error) fails the wait for it at once: each step after it would only wait out its
// own deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "blocked_clients_test_support.h"
#include "redis_command_test_support.h"

namespace stepdb {
namespace {

using std::chrono::milliseconds;
using testkit::TestClient;

class BlockingList : public RedisOracleTest {};

TEST_F(BlockingList, AWaiterIsServedByAnotherClientsPush) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "x"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"l", "x"})));
    ASSERT_TRUE(pusher->Exchange(Resp({"EXISTS", "l"}), Int(0))) << "the waiter took it";
    EXPECT_EQ(InfoClientsField(*pusher, "blocked_clients"), "0");
  });
}

TEST_F(BlockingList, WaitersOnOneKeyAreServedInTheOrderTheyBlocked) {
  ForBoth([](uint16_t port) {
    auto pusher = Connect(port);
    std::vector<std::unique_ptr<TestClient>> waiters;
    for (int i = 0; i < 3; ++i) {
      waiters.push_back(Connect(port));
      ASSERT_TRUE(waiters.back()->Send(Resp({"BLPOP", "l", "0"})));
      ASSERT_TRUE(AwaitBlocked(*pusher, i + 1, *waiters.back()));
    }
    // One push of three elements: each waiter its own, first come first served.
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "a", "b", "c"}), Int(3)));
    ASSERT_TRUE(waiters[0]->Exchange("", BulkArray({"l", "a"})));
    ASSERT_TRUE(waiters[1]->Exchange("", BulkArray({"l", "b"})));
    ASSERT_TRUE(waiters[2]->Exchange("", BulkArray({"l", "c"})));

    // Pushes of one element serve the first waiter; the second waits on.
    ASSERT_TRUE(waiters[0]->Send(Resp({"BRPOP", "l", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiters[0]));
    ASSERT_TRUE(waiters[1]->Send(Resp({"BLPOP", "l", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 2, *waiters[1]));
    ASSERT_TRUE(pusher->Exchange(Resp({"LPUSH", "l", "x"}), Int(1)));
    ASSERT_TRUE(waiters[0]->Exchange("", BulkArray({"l", "x"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiters[1]));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "y", "z"}), Int(2)));
    ASSERT_TRUE(waiters[1]->Exchange("", BulkArray({"l", "y"})));
    ASSERT_TRUE(pusher->Exchange(Resp({"LRANGE", "l", "0", "-1"}), BulkArray({"z"})));
  });
}

TEST_F(BlockingList, AWaiterOnSeveralKeysIsServedByTheFirstPushedAndNamesIt) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "k1", "k2", "k3", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "k2", "v"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"k2", "v"})));
    // No longer waiting on the others: a push to them stays.
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "k1", "w"}), Int(1)));
    ASSERT_TRUE(pusher->Exchange(Resp({"LLEN", "k1"}), Int(1)));

    // BRPOP takes the tail of what was pushed; a key named twice waits once.
    ASSERT_TRUE(waiter->Send(Resp({"BRPOP", "k3", "k3", "k4", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "k3", "a", "b"}), Int(2)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"k3", "b"})));
    ASSERT_TRUE(pusher->Exchange(Resp({"LRANGE", "k3", "0", "-1"}), BulkArray({"a"})));
  });
}

TEST_F(BlockingList, BlmpopWaitsThenPopsUpToCount) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "b", "1", "2", "3"}), Int(3)));
    ASSERT_TRUE(waiter->Exchange("", "*2\r\n" + Bulk("b") + BulkArray({"3", "2"})));
    ASSERT_TRUE(pusher->Exchange(Resp({"LRANGE", "b", "0", "-1"}), BulkArray({"1"})));
  });
}

TEST_F(BlockingList, AFractionalTimeoutRepliesANullAfterAboutThatLong) {
  ForBoth([](uint16_t port) {
    auto client = Connect(port);
    // Every list blocking command times out with a null array, BLMOVE and BRPOPLPUSH too.
    ASSERT_NO_FATAL_FAILURE(ExpectEachTimesOut(
        *client, {
                     {{"BLPOP", "l", "0.2"}, milliseconds(200)},
                     {{"BRPOP", "l", "k", "0.1"}, milliseconds(100)},
                     {{"BLMOVE", "l", "d", "LEFT", "RIGHT", "0.1"}, milliseconds(100)},
                     {{"BRPOPLPUSH", "l", "d", "0.1"}, milliseconds(100)},
                     {{"BLMPOP", "0.1", "1", "l", "LEFT"}, milliseconds(100)},
                 }));
    ASSERT_TRUE(client->Exchange(Resp({"EXISTS", "l", "d"}), Int(0)));
    // RESP3's null.
    SwitchToResp3(*client);
    ASSERT_TRUE(client->Exchange(Resp({"BLPOP", "l", "0.1"}), "_\r\n"));
    ASSERT_TRUE(client->Exchange(Resp({"BLMOVE", "l", "d", "LEFT", "LEFT", "0.1"}), "_\r\n"));
  });
}

TEST_F(BlockingList, AWaiterServedBeforeItsTimeoutHearsNothingMore) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0.2"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "x"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"l", "x"})));
    std::this_thread::sleep_for(milliseconds(300));
    ASSERT_TRUE(waiter->Exchange(Resp({"PING"}), "+PONG\r\n")) << "no null after the timeout";
  });
}

TEST_F(BlockingList, ABlockedClientsPipelinedCommandRunsOnlyAfterItWasServed) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send("BLPOP l 0\r\nPING\r\n"));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "x"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"l", "x"}) + "+PONG\r\n"));

    // The same when the wait ends by its timeout.
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0.1"}) + Resp({"ECHO", "after"})));
    ASSERT_TRUE(waiter->Exchange("", kNullArray + Bulk("after")));
  });
}

TEST_F(BlockingList, AWaiterIsServedRightAfterThePushBeforeThePushersNextCommand) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange("RPUSH l a\r\nLLEN l\r\n", Int(1) + Int(0)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"l", "a"})));
  });
}

TEST_F(BlockingList, AWaiterThatDisconnectsIsForgotten) {
  auto admin = Connect(port());
  {
    auto waiter = Connect(port());
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "gone", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
  }
  ASSERT_TRUE(AwaitNoneBlocked(*admin));
  ASSERT_TRUE(admin->Exchange(Resp({"RPUSH", "gone", "1"}), Int(1)));
  ASSERT_TRUE(admin->Exchange(Resp({"LLEN", "gone"}), Int(1))) << "nobody took it";
}

TEST_F(BlockingList, ClientKillOfAWaiterClosesItAndForgetsIt) {
  ForBoth([](uint16_t port) {
    auto admin = Connect(port);
    auto waiter = Connect(port);
    const std::string id = ClientId(*waiter);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "KILL", "ID", id}), Int(1)));
    ASSERT_TRUE(waiter->PeerClosed());
    ASSERT_TRUE(AwaitNoneBlocked(*admin));
    ASSERT_TRUE(admin->Exchange(Resp({"RPUSH", "l", "x"}), Int(1)));
    ASSERT_TRUE(admin->Exchange(Resp({"LLEN", "l"}), Int(1)));
  });
}

TEST_F(BlockingList, ClientUnblockEndsAWaitWithATimeoutOrAnError) {
  ForBoth([](uint16_t port) {
    auto admin = Connect(port);
    auto waiter = Connect(port);
    const std::string id = ClientId(*waiter);
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id}), Int(0))) << "not blocked";

    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0"}) + Resp({"PING"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id, "TIMEOUT"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", kNullArray + "+PONG\r\n"));

    ASSERT_TRUE(waiter->Send(Resp({"BRPOPLPUSH", "l", "d", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", kNullArray));

    ASSERT_TRUE(waiter->Send(Resp({"BLMOVE", "l", "d", "LEFT", "LEFT", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *waiter));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id, "error"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", Err("UNBLOCKED client unblocked via CLIENT UNBLOCK")));
    ASSERT_TRUE(admin->Exchange(Resp({"CLIENT", "UNBLOCK", id, "ERROR"}), Int(0)));
    EXPECT_EQ(InfoClientsField(*admin, "blocked_clients"), "0");

    // The push after the unblock finds nobody waiting.
    ASSERT_TRUE(admin->Exchange(Resp({"RPUSH", "l", "x"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange(Resp({"LLEN", "l"}), Int(1)));
  });
}

TEST_F(BlockingList, ClientUnblockArgumentErrors) {
  ForBoth([](uint16_t port) {
    auto client = Connect(port);
    ASSERT_TRUE(
        client->Exchange(Resp({"CLIENT", "UNBLOCK"}),
                         Err("ERR wrong number of arguments for 'client|unblock' command")));
    ASSERT_TRUE(client->Exchange(Resp({"CLIENT", "UNBLOCK", "x"}),
                                 Err("ERR value is not an integer or out of range")));
    ASSERT_TRUE(client->Exchange(Resp({"CLIENT", "UNBLOCK", "x", "later"}),
                                 Err("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR")));
    ASSERT_TRUE(client->Exchange(
        Resp({"CLIENT", "UNBLOCK", "1", "TIMEOUT", "x"}),
        Err("ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT "
            "HELP.")));
    ASSERT_TRUE(client->Exchange(Resp({"CLIENT", "UNBLOCK", "-1"}), Int(0)));
    ASSERT_TRUE(client->Exchange(Resp({"CLIENT", "UNBLOCK", "999999"}), Int(0)));
  });
}

TEST_F(BlockingList, BlmoveChainsServeOneWaiterAfterAnother) {
  ForBoth([](uint16_t port) {
    auto a = Connect(port);
    auto b = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(a->Send(Resp({"BLMOVE", "l1", "l2", "LEFT", "RIGHT", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *a));
    ASSERT_TRUE(b->Send(Resp({"BLPOP", "l2", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 2, *b));
    // The push serves A, whose move into l2 serves B.
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l1", "z"}), Int(1)));
    ASSERT_TRUE(a->Exchange("", Bulk("z")));
    ASSERT_TRUE(b->Exchange("", BulkArray({"l2", "z"})));
    ASSERT_TRUE(pusher->Exchange(Resp({"EXISTS", "l1", "l2"}), Int(0)));
    EXPECT_EQ(InfoClientsField(*pusher, "blocked_clients"), "0");
  });
}

TEST_F(BlockingList, AWaiterRunAgainOnAListEmptiedMeanwhileKeepsItsPlace) {
  ForBoth([](uint16_t port) {
    auto a = Connect(port);
    auto b = Connect(port);
    auto c = Connect(port);
    auto d = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(a->Send(Resp({"BLMOVE", "l1", "l2", "LEFT", "RIGHT", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *a));
    ASSERT_TRUE(b->Send(Resp({"BLPOP", "l2", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 2, *b));
    ASSERT_TRUE(c->Send(Resp({"BLPOP", "l2", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 3, *c));
    // One element reaches l2 and B takes it: C, behind B, finds l2 empty and waits on.
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l1", "z"}), Int(1)));
    ASSERT_TRUE(a->Exchange("", Bulk("z")));
    ASSERT_TRUE(b->Exchange("", BulkArray({"l2", "z"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *c));
    ASSERT_TRUE(d->Send(Resp({"BLPOP", "l2", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 2, *d));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l2", "w"}), Int(1)));
    ASSERT_TRUE(c->Exchange("", BulkArray({"l2", "w"}))) << "C came before D";
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l2", "v"}), Int(1)));
    ASSERT_TRUE(d->Exchange("", BulkArray({"l2", "v"})));
  });
}

TEST_F(BlockingList, AServedBlmoveOntoAnotherTypeIsWrongTypeAndLeavesTheElement) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLMOVE", "src", "dst", "LEFT", "RIGHT", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"SET", "dst", "v"}), kOk));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "src", "e"}), Int(1)));
    ASSERT_TRUE(waiter->Exchange("", kWrongType));
    ASSERT_TRUE(pusher->Exchange(Resp({"LRANGE", "src", "0", "-1"}), BulkArray({"e"})));
    ASSERT_TRUE(pusher->Exchange(Resp({"GET", "dst"}), Bulk("v")));
  });
}

TEST_F(BlockingList, LmoveIntoAWaitedKeyServesTheWaiter) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "w", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "src", "m"}), Int(1)));
    ASSERT_TRUE(pusher->Exchange(Resp({"LMOVE", "src", "w", "LEFT", "LEFT"}) + Resp({"LLEN", "w"}),
                                 Bulk("m") + Int(0)));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"w", "m"})));
  });
}

TEST_F(BlockingList, RenameOfAListOntoAWaitedKeyServesTheWaiter) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto pusher = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "dst", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "src", "r", "s"}), Int(2)));
    ASSERT_TRUE(
        pusher->Exchange(Resp({"RENAME", "src", "dst"}) + Resp({"LRANGE", "dst", "0", "-1"}),
                         kOk + BulkArray({"s"})));
    ASSERT_TRUE(waiter->Exchange("", BulkArray({"dst", "r"})));
  });
}

TEST_F(BlockingList, AWaiterWhoseKeyGetsAnotherTypeWaitsOn) {
  ForBoth([](uint16_t port) {
    auto waiter = Connect(port);
    auto other = Connect(port);
    ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "k", "0.3"})));
    ASSERT_TRUE(AwaitBlocked(*other, 1, *waiter));
    ASSERT_TRUE(other->Exchange(Resp({"SET", "k", "v"}), kOk));
    ASSERT_TRUE(other->Exchange(Resp({"SADD", "k2", "m"}), Int(1)));
    ASSERT_TRUE(other->Exchange(Resp({"RENAME", "k2", "k"}), kOk));
    EXPECT_EQ(InfoClientsField(*other, "blocked_clients"), "1");
    // Not WRONGTYPE: the timeout's reply.
    ASSERT_TRUE(waiter->Exchange("", kNullArray));
    ASSERT_TRUE(other->Exchange(Resp({"TYPE", "k"}), "+set\r\n"));
  });
}

TEST_F(BlockingList, SwapdbServesTheWaitersOfBothDatabases) {
  ForBoth([](uint16_t port) {
    auto in0 = Connect(port);
    auto in1 = Connect(port);
    auto admin = Connect(port);
    ASSERT_TRUE(admin->Exchange(Resp({"RPUSH", "for1", "x"}), Int(1)));
    ASSERT_TRUE(
        admin->Exchange(Resp({"SELECT", "1"}) + Resp({"RPUSH", "for0", "y"}), kOk + Int(1)));
    // Each waits in its database for the key the other database holds.
    ASSERT_TRUE(in0->Send(Resp({"BLPOP", "for0", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 1, *in0));
    ASSERT_TRUE(in1->Exchange(Resp({"SELECT", "1"}), kOk));
    ASSERT_TRUE(in1->Send(Resp({"BLPOP", "for1", "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, 2, *in1));
    ASSERT_TRUE(admin->Exchange(Resp({"SWAPDB", "0", "1"}), kOk));
    ASSERT_TRUE(in0->Exchange("", BulkArray({"for0", "y"})));
    ASSERT_TRUE(in1->Exchange("", BulkArray({"for1", "x"})));
    ASSERT_TRUE(AwaitNoneBlocked(*admin));
  });
}

// A served waiter's pop is a write like any other: its reply leaves once the log holds it, so
// under --fsync always what a waiter was told survives kill -9.
TEST_F(BlockingList, WhatServedWaitersWereToldSurvivesKillDashNine) {
  Restart({"--fsync", "always"});
  {
    auto popper = Connect(port());
    auto mover = Connect(port());
    auto pusher = Connect(port());
    ASSERT_TRUE(popper->Send(Resp({"BLPOP", "l", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 1, *popper));
    ASSERT_TRUE(mover->Send(Resp({"BLMOVE", "m", "dst", "LEFT", "RIGHT", "0"})));
    ASSERT_TRUE(AwaitBlocked(*pusher, 2, *mover));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "a", "b"}), Int(2)));
    ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "m", "x"}), Int(1)));
    ASSERT_TRUE(popper->Exchange("", BulkArray({"l", "a"})));
    ASSERT_TRUE(mover->Exchange("", Bulk("x")));
  }
  server().Kill();
  Restart({"--fsync", "always"});
  auto client = Connect(port());
  ASSERT_TRUE(client->Exchange(Resp({"LRANGE", "l", "0", "-1"}), BulkArray({"b"})));
  ASSERT_TRUE(client->Exchange(Resp({"EXISTS", "m"}), Int(0)));
  ASSERT_TRUE(client->Exchange(Resp({"LRANGE", "dst", "0", "-1"}), BulkArray({"x"})));
}

TEST_F(BlockingList, InfoAndClientListCountTheBlockedClients) {
  auto admin = Connect(port());
  std::vector<std::unique_ptr<TestClient>> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.push_back(Connect(port()));
    ASSERT_TRUE(
        waiters.back()->Send(Resp({"BLPOP", "k" + std::to_string(i), i == 2 ? "0.2" : "0"})));
    ASSERT_TRUE(AwaitBlocked(*admin, i + 1, *waiters.back()));
  }
  ASSERT_TRUE(admin->Send(Resp({"CLIENT", "LIST"})));
  const std::string list = ReadReply(*admin).text;
  size_t blocked = 0;
  for (size_t at = list.find(" flags=b "); at != std::string::npos;
       at = list.find(" flags=b ", at + 1)) {
    ++blocked;
  }
  EXPECT_EQ(blocked, 3u) << list;
  ASSERT_TRUE(admin->Exchange(Resp({"RPUSH", "k0", "v"}), Int(1)));
  ASSERT_TRUE(waiters[0]->Exchange("", BulkArray({"k0", "v"})));
  EXPECT_EQ(InfoClientsField(*admin, "blocked_clients"), "2");
  ASSERT_TRUE(waiters[2]->Exchange("", kNullArray));  // its timeout
  EXPECT_EQ(InfoClientsField(*admin, "blocked_clients"), "1");
}

TEST_F(BlockingList, AThousandWaitersOnDistinctKeysAreEachServed) {
  constexpr int kWaiters = 1000;
  auto pusher = Connect(port());
  std::vector<std::unique_ptr<TestClient>> waiters;
  for (int i = 0; i < kWaiters; ++i) {
    waiters.push_back(Connect(port()));
    ASSERT_TRUE(waiters.back()->Send(Resp({"BLPOP", "key" + std::to_string(i), "0"})));
    // The first shows that BLPOP blocks at all, before a thousand more are sent.
    if (i == 0) {
      ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiters[0]));
    }
  }
  ASSERT_TRUE(AwaitBlocked(*pusher, kWaiters, *waiters.back(), milliseconds(10000)));
  // Writes to keys nobody waits on while a thousand wait.
  ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "other", "x"}), Int(1)));
  std::string pushes;
  std::string replies;
  for (int i = 0; i < kWaiters; ++i) {
    pushes += Resp({"RPUSH", "key" + std::to_string(i), "v" + std::to_string(i)});
    replies += Int(1);
  }
  ASSERT_TRUE(pusher->Exchange(pushes, replies));
  for (int i = 0; i < kWaiters; ++i) {
    const std::string key = "key" + std::to_string(i);
    ASSERT_TRUE(waiters[i]->Exchange("", BulkArray({key, "v" + std::to_string(i)})));
  }
  EXPECT_EQ(InfoClientsField(*pusher, "blocked_clients"), "0");
  ASSERT_TRUE(pusher->Exchange(Resp({"DBSIZE"}), Int(1)));
}

}  // namespace
}  // namespace stepdb
