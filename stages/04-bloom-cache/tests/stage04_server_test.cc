// Black-box tests of stepdb-stage04 over TCP: the STATS counters move as the read path
// says they should, and the flags of the stage.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <map>
#include <thread>

#include "common/testkit/build_paths.h"
#include "common/testkit/escape.h"
#include "common/testkit/server_process.h"
#include "common/testkit/temp_dir.h"
#include "common/testkit/test_client.h"
#include "stats_reader.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TempDir;
using testkit::TestClient;

std::string Key(int i) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "key%05d", i);
  return buffer;
}
std::string Value(int i) { return "value-" + std::to_string(i) + "-" + std::string(40, 'x'); }

std::unique_ptr<ServerProcess> StartServer(const TempDir& dir,
                                           std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"--data-dir", dir.path(), "--memtable-bytes", "8KiB"};
  args.insert(args.end(), extra.begin(), extra.end());
  return ServerProcess::Start(testkit::kStageBinary, args);
}

// Writes keys [0, n) in order, so that every table holds a range of its own.
void WriteKeys(TestClient& client, int n) {
  std::string requests, replies;
  for (int i = 0; i < n; ++i) {
    requests += "SET " + Key(i) + " " + Value(i) + "\n";
    replies += "OK\n";
  }
  ASSERT_TRUE(client.Exchange(requests, replies));
}

// Waits (at most 10 s) until level 0 holds at least `tables` tables.
::testing::AssertionResult WaitForTables(TestClient& client, uint64_t tables) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    if (ReadStats(client)["tables_level_0"] >= tables) return ::testing::AssertionSuccess();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return ::testing::AssertionFailure() << "fewer than " << tables << " tables after 10 s";
}

TEST(Stage04Server, StatsListsTheReadPathCounters) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port());
  const Stats stats = ReadStats(client);
  for (const char* name :
       {"gets", "gets_found", "bloom_checks", "bloom_negatives", "block_cache_hits",
        "block_cache_misses", "block_cache_inserts", "block_cache_evictions", "block_cache_bytes",
        "block_cache_capacity", "table_files_open", "table_file_opens", "tables_level_0"}) {
    EXPECT_TRUE(stats.contains(name)) << name;
  }
  EXPECT_EQ(stats.at("gets"), 0u);
  EXPECT_EQ(stats.at("block_cache_capacity"), 8u << 20) << "the default, 8 MiB";
  EXPECT_TRUE(client.Exchange("STATS now\n",
                              "ERROR wrong number of arguments for 'STATS', usage: STATS\n"));
}

TEST(Stage04Server, GetsAreCounted) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port());
  EXPECT_TRUE(
      client.Exchange("SET a 1\nGET a\nGET b\nGET a\n", "OK\nVALUE 1\nNOT_FOUND\nVALUE 1\n"));
  const Stats stats = ReadStats(client);
  EXPECT_EQ(stats.at("gets"), 3u);
  EXPECT_EQ(stats.at("gets_found"), 2u);
}

// Absent keys that fall inside a table's key range: the filter rules nearly all of them out,
// and the cache sees a miss only for the few it lets through.
TEST(Stage04Server, AbsentKeysAreRuledOutByTheBloomFilter) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port());
  WriteKeys(client, 600);
  ASSERT_TRUE(WaitForTables(client, 2));
  const Stats before = ReadStats(client);

  constexpr int kAbsent = 300;
  std::string requests, replies;
  for (int i = 0; i < kAbsent; ++i) {
    requests += "GET " + Key(i) + "x\n";  // sorts between key i and key i + 1
    replies += "NOT_FOUND\n";
  }
  ASSERT_TRUE(client.Exchange(requests, replies));
  const Stats after = ReadStats(client);
  EXPECT_EQ(after.at("gets") - before.at("gets"), static_cast<uint64_t>(kAbsent));
  EXPECT_EQ(after.at("gets_found"), before.at("gets_found"));
  const uint64_t checks = after.at("bloom_checks") - before.at("bloom_checks");
  const uint64_t negatives = after.at("bloom_negatives") - before.at("bloom_negatives");
  EXPECT_GE(checks, static_cast<uint64_t>(kAbsent) / 2)
      << "most of these keys fall inside a table's range";
  EXPECT_GE(negatives, checks * 9 / 10) << "10 bits per key: about 1% false positives";
  EXPECT_LE(after.at("block_cache_misses") - before.at("block_cache_misses"), checks - negatives)
      << "a block is looked up only where the filter said maybe";
}

TEST(Stage04Server, RepeatedGetsOfOneKeyHitTheBlockCache) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port());
  WriteKeys(client, 600);
  ASSERT_TRUE(WaitForTables(client, 2));
  const Stats before = ReadStats(client);
  std::string requests, replies;
  for (int i = 0; i < 10; ++i) {
    requests += "GET " + Key(3) + "\n";  // in the first table written
    replies += "VALUE " + Value(3) + "\n";
  }
  ASSERT_TRUE(client.Exchange(requests, replies));
  const Stats after = ReadStats(client);
  EXPECT_LE(after.at("block_cache_misses") - before.at("block_cache_misses"), 1u);
  EXPECT_GE(after.at("block_cache_hits") - before.at("block_cache_hits"), 9u);
  EXPECT_GT(after.at("block_cache_bytes"), 0u);
}

TEST(Stage04Server, BloomBitsZeroTurnsTheFilterOff) {
  TempDir dir;
  auto server = StartServer(dir, {"--bloom-bits-per-key", "0"});
  TestClient client(server->port());
  WriteKeys(client, 600);
  ASSERT_TRUE(WaitForTables(client, 2));
  const Stats before = ReadStats(client);
  EXPECT_TRUE(client.Exchange("GET " + Key(3) + "x\n", "NOT_FOUND\n"));
  const Stats after = ReadStats(client);
  EXPECT_EQ(after.at("bloom_checks"), 0u);
  EXPECT_EQ(after.at("block_cache_misses") - before.at("block_cache_misses"), 1u)
      << "without a filter the block is read to find the key absent";
}

// Tables written without a filter are read right by a server that has one, and the other
// way round: a filter is a per-table option, found by name in the meta-index.
TEST(Stage04Server, TablesWithAndWithoutFiltersMix) {
  TempDir dir;
  {
    auto server = StartServer(dir, {"--bloom-bits-per-key", "0"});
    TestClient client(server->port());
    WriteKeys(client, 300);
    ASSERT_TRUE(WaitForTables(client, 1));
    server->Stop(SIGTERM);
  }
  auto server = StartServer(dir, {"--bloom-bits-per-key", "12", "--block-cache-bytes", "64KiB"});
  TestClient client(server->port());
  std::string requests, replies;
  for (int i = 300; i < 600; ++i) {
    requests += "SET " + Key(i) + " " + Value(i) + "\n";
    replies += "OK\n";
  }
  ASSERT_TRUE(client.Exchange(requests, replies));
  ASSERT_TRUE(WaitForTables(client, 3));
  for (int i = 0; i < 600; i += 7) {
    ASSERT_TRUE(client.Exchange("GET " + Key(i) + "\n", "VALUE " + Value(i) + "\n"));
    ASSERT_TRUE(client.Exchange("GET " + Key(i) + "x\n", "NOT_FOUND\n"));
  }
  const Stats stats = ReadStats(client);
  EXPECT_EQ(stats.at("block_cache_capacity"), 64u << 10);
  EXPECT_LE(stats.at("block_cache_bytes"), 64u << 10);
  EXPECT_GT(stats.at("bloom_negatives"), 0u) << "the new tables have filters";
}

TEST(Stage04Server, AtMostMaxOpenFilesTableFilesAreOpen) {
  TempDir dir;
  auto server = StartServer(dir, {"--max-open-files", "2", "--block-cache-bytes", "0"});
  TestClient client(server->port());
  WriteKeys(client, 1000);
  ASSERT_TRUE(WaitForTables(client, 5));
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < 1000; i += 37) {
      ASSERT_TRUE(client.Exchange("GET " + Key(i) + "\n", "VALUE " + Value(i) + "\n"));
    }
  }
  const Stats stats = ReadStats(client);
  EXPECT_LE(stats.at("table_files_open"), 2u);
  EXPECT_GT(stats.at("table_file_opens"), stats.at("tables_level_0"))
      << "reads of more tables than slots reopen files";
  EXPECT_EQ(stats.at("block_cache_bytes"), 0u);
}

TEST(Stage04Server, HelpListsScanAndStats) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port());
  client.Send("HELP\n");
  std::string help;
  for (int lines = 0; lines < 20; ++lines) {
    const std::string line = client.ReadLine();
    help += line;
    if (line == "END\n" || line.empty()) break;
  }
  for (const char* command : {"SET", "GET", "DEL", "SCAN", "STATS"}) {
    EXPECT_NE(help.find(std::string("\n") + command + " "), std::string::npos) << help;
  }
}

TEST(Stage04Server, FlagsTakeSizesAndRejectNonsense) {
  TempDir dir;
  std::string output;
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"--block-cache-bytes", "lots"},
                                             {"--bloom-bits-per-key", "-1"},
                                             {"--bloom-bits-per-key", "100"},
                                             {"--max-open-files", "0"}}) {
    std::vector<std::string> full = {"--data-dir", dir.path()};
    full.insert(full.end(), args.begin(), args.end());
    EXPECT_NE(ServerProcess::RunToExit(testkit::kStageBinary, full, &output), 0) << args[0];
    EXPECT_NE(output.find(args[0]), std::string::npos) << output;
  }
  EXPECT_EQ(ServerProcess::RunToExit(testkit::kStageBinary, {"--help"}, &output), 0);
  for (const char* flag : {"--bloom-bits-per-key", "--block-cache-bytes", "--max-open-files",
                           "--memtable-bytes", "--salvage-wal", "--fsync", "--data-dir"}) {
    EXPECT_NE(output.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace stepdb
