// ReadStats: sends STATS over a TestClient and returns the counters by name, for black-box
// tests of the stages that serve STATS (04 on).
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "common/testkit/escape.h"
#include "common/testkit/test_client.h"

namespace stepdb {

using Stats = std::map<std::string, uint64_t>;

// Sends STATS and parses "STAT <name> <value>" lines up to END.
inline Stats ReadStats(testkit::TestClient& client) {
  Stats stats;
  EXPECT_TRUE(client.Send("STATS\n"));
  for (int lines = 0; lines < 100; ++lines) {
    const std::string line = client.ReadLine();
    if (line == "END\n") return stats;
    char name[64];
    unsigned long long value = 0;
    if (std::sscanf(line.c_str(), "STAT %63s %llu", name, &value) != 2) {
      ADD_FAILURE() << "not a STAT line: " << testkit::Escape(line);
      return stats;
    }
    stats[name] = value;
  }
  ADD_FAILURE() << "no END after 100 lines";
  return stats;
}

}  // namespace stepdb
