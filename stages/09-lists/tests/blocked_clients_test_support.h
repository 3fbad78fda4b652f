// Test support for the tests of blocked clients over sockets (BLPOP's and BZPOPMIN's kin):
// connections with a bounded read, and waiting, by polling INFO clients, until the server
// counts a waiter blocked, so that a test writes only once the waiter is parked.
//
//   auto waiter = Connect(port);
//   auto pusher = Connect(port);
//   ASSERT_TRUE(waiter->Send(Resp({"BLPOP", "l", "0"})));
//   ASSERT_TRUE(AwaitBlocked(*pusher, 1, *waiter));  // parked, not answered
//   ASSERT_TRUE(pusher->Exchange(Resp({"RPUSH", "l", "x"}), Int(1)));
//   ASSERT_TRUE(waiter->Exchange("", BulkArray({"l", "x"})));
//
// Every read gives up after a few seconds and every poll is bounded, so a waiter that is
// never served, or never blocks, fails the test instead of hanging it.
//
// Thread safety: on the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "common/testkit/escape.h"
#include "common/testkit/test_client.h"
#include "redis_command_test_support.h"

namespace stepdb {

// How long a read waits for a reply before the test fails.
inline constexpr std::chrono::milliseconds kBlockedClientReadTimeout{3000};

inline std::unique_ptr<testkit::TestClient> Connect(uint16_t port) {
  return std::make_unique<testkit::TestClient>(port, kBlockedClientReadTimeout);
}

// The value of INFO clients' field `name` ("" if absent).
inline std::string InfoClientsField(testkit::TestClient& client, const std::string& name) {
  EXPECT_TRUE(client.Send(Resp({"INFO", "clients"})));
  const std::string info = ReadReply(client).text;
  const size_t at = info.find(name + ":");
  if (at == std::string::npos) return "";
  const size_t start = at + name.size() + 1;
  return info.substr(start, info.find("\r\n", start) - start);
}

// Polls INFO clients until the server counts `n` blocked clients; fails after `within`, or at
// once if `waiter` (when given) has had a reply.
inline ::testing::AssertionResult PollBlockedClients(testkit::TestClient& admin, int n,
                                                     testkit::TestClient* waiter,
                                                     std::chrono::milliseconds within) {
  const std::string expected = std::to_string(n);
  const auto deadline = std::chrono::steady_clock::now() + within;
  std::string got;
  while (true) {
    got = InfoClientsField(admin, "blocked_clients");
    if (got == expected) return ::testing::AssertionSuccess();
    if (const std::string reply = waiter ? waiter->ReadAvailable() : ""; !reply.empty()) {
      return ::testing::AssertionFailure()
             << "expected the waiter to block, but it was answered \"" << testkit::Escape(reply)
             << "\" (blocked_clients:" << got << ")";
    }
    if (std::chrono::steady_clock::now() > deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return ::testing::AssertionFailure() << "expected blocked_clients:" << expected << ", still "
                                       << got << " after " << within.count() << " ms";
}

// Waits until the server counts `n` blocked clients: the blocking command `waiter` sent has
// reached the server and parked its client (as have the ones counted before it). Fails if
// that does not happen `within` that long, and at once if `waiter` has had a reply instead (a
// stub's error, say): a scenario asserts it, since nothing after it means anything otherwise.
inline ::testing::AssertionResult AwaitBlocked(
    testkit::TestClient& admin, int n, testkit::TestClient& waiter,
    std::chrono::milliseconds within = std::chrono::milliseconds(2000)) {
  return PollBlockedClients(admin, n, &waiter, within);
}

// Waits until the server counts no blocked client: one that left or was killed is forgotten.
inline ::testing::AssertionResult AwaitNoneBlocked(testkit::TestClient& admin) {
  return PollBlockedClients(admin, 0, nullptr, std::chrono::milliseconds(2000));
}

// A blocking command that nothing will serve, and the timeout it names.
struct TimedWait {
  std::vector<std::string> request;
  std::chrono::milliseconds timeout;
};

// Sends each request in turn and checks that it is answered with the timeout's null array
// (*-1) no sooner than its timeout and not much later. Stops at the first wrong reply (call
// it in ASSERT_NO_FATAL_FAILURE).
inline void ExpectEachTimesOut(testkit::TestClient& client, const std::vector<TimedWait>& waits) {
  for (const TimedWait& wait : waits) {
    SCOPED_TRACE(wait.request[0]);
    const auto start = std::chrono::steady_clock::now();
    ASSERT_TRUE(client.Exchange(Resp(wait.request), kNullArray));
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, wait.timeout - std::chrono::milliseconds(5));
    EXPECT_LT(waited, wait.timeout + std::chrono::milliseconds(1500));
  }
}

// The client's id (CLIENT ID), for CLIENT UNBLOCK and CLIENT KILL.
inline std::string ClientId(testkit::TestClient& client) {
  EXPECT_TRUE(client.Send(Resp({"CLIENT", "ID"})));
  return ReadReply(client).text;
}

}  // namespace stepdb
