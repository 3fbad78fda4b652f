// Black-box test support for stage 07's server: waiting with a deadline for what expiry does
// in its own time, a key's expiry across a restart, and the numbers a test reads from INFO
// (RESP) and stats (Memcached).
//
//   ASSERT_TRUE(Eventually([&] { return Integer(client, {"DBSIZE"}) == 0; }, 3s));
//   EXPECT_EQ(InfoField(client, "stats", "expired_keys"), "1000");
//
// Every wait is bounded; a predicate returns false rather than asserting, so the polls before
// the one that succeeds add no failure.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <climits>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/testkit/test_client.h"
#include "redis_command_test_support.h"

namespace stepdb {

// Calls `done` every 20 ms until it returns true (then true) or `limit` has passed (false).
inline bool Eventually(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// The wall clock in unix milliseconds: the server judges expiry by the same clock, so a time
// read after a reply arrived is no earlier than the server's "now" when it wrote the reply.
inline int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Sleeps until the wall clock reads at least unix_ms.
inline void SleepUntilWallMs(int64_t unix_ms) {
  const int64_t now = WallMs();
  if (unix_ms > now) std::this_thread::sleep_for(std::chrono::milliseconds(unix_ms - now));
}

// The value of an integer reply to `request` (LLONG_MIN, with a failure, if it is not one).
inline long long Integer(testkit::TestClient& client, const std::vector<std::string>& request) {
  EXPECT_TRUE(client.Send(Resp(request)));
  const Reply reply = ReadReply(client);
  if (reply.type != ':') {
    ADD_FAILURE() << "expected an integer reply to " << request[0] << ", got type '" << reply.type
                  << "' " << reply.text;
    return LLONG_MIN;
  }
  return std::stoll(reply.text);
}

// For a key whose PEXPIRETIME was `expire_at` (unix ms) before the server stopped, after the
// restart: it has the same expiry, or, after a restart slower than its time to live (a loaded
// machine), it is gone and that time has come. Returns whether the key has time left (200 ms
// at least) for a test to read what it holds.
inline bool ExpectExpiryKept(testkit::TestClient& client, const std::string& key,
                             long long expire_at) {
  const long long expire_at_after = Integer(client, {"PEXPIRETIME", key});
  if (expire_at_after == -2) {
    EXPECT_GE(WallMs(), expire_at) << key << " is gone before its expiry";
  } else {
    EXPECT_EQ(expire_at_after, expire_at) << "the expiry of " << key;
  }
  return expire_at_after != -2 && WallMs() < expire_at - 200;
}

// Waits (5 s at most) until `key` has ended, and checks that it did not end before
// `expire_at` (unix ms).
inline void ExpectEndsAtItsExpiry(testkit::TestClient& client, const std::string& key,
                                  long long expire_at) {
  ASSERT_TRUE(Eventually(
      [&] {
        return Integer(client, {"EXISTS", key}) == 0;
      },
      std::chrono::seconds(5)))
      << key << " outlived its expiry by seconds";
  EXPECT_GE(WallMs(), expire_at) << key << " ended before its expiry";
}

// The value of `field` in INFO <section> ("" if the reply has no such field).
inline std::string InfoField(testkit::TestClient& client, std::string_view section,
                             std::string_view field) {
  EXPECT_TRUE(client.Send(Resp({"INFO", section})));
  const std::string info = ReadReply(client).text;
  const std::string prefix = "\n" + std::string(field) + ":";
  const size_t at = info.find(prefix);
  if (at == std::string::npos) return "";
  const size_t start = at + prefix.size();
  return info.substr(start, info.find('\r', start) - start);
}

// INFO storage's entries_filtered: the entries compactions have dropped (-1, with a failure,
// if INFO has no such field).
inline long long EntriesFiltered(testkit::TestClient& client) {
  const std::string text = InfoField(client, "storage", "entries_filtered");
  EXPECT_FALSE(text.empty()) << "INFO storage has no entries_filtered";
  return text.empty() ? -1 : std::stoll(text);
}

// The value of `STAT <name>` in the reply to Memcached's `stats` ("" if there is none).
inline std::string McStat(testkit::TestClient& client, std::string_view name) {
  EXPECT_TRUE(client.Send("stats\r\n"));
  const std::string wanted = "STAT " + std::string(name) + " ";
  std::string value;
  for (std::string line = client.ReadLine(); line != "END\r\n"; line = client.ReadLine()) {
    if (line.empty()) {
      ADD_FAILURE() << "stats ended without END";
      break;
    }
    if (line.starts_with(wanted))
      value = line.substr(wanted.size(), line.size() - wanted.size() - 2);
  }
  return value;
}

}  // namespace stepdb
