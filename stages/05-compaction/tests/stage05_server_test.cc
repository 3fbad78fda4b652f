// Black-box tests of stepdb-stage05 over TCP: compaction in the background and on COMPACT,
// its counters in STATS, and kill -9 in the middle of it all.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/temp_dir.h"
#include "common/testkit/test_client.h"
#include "stats_reader.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TempDir;
using testkit::TestClient;

// Thousands of writes, each synced (--fsync always), stalled now and then behind level 0,
// under the sanitizers and on a busy machine, can take longer than TestClient's default
// 10 seconds to be acknowledged.
constexpr std::chrono::seconds kWriteDeadline{60};

std::string Key(int i) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "key%05d", i);
  return buffer;
}

// A small tree: 4 KiB memtables and tables, a 16 KiB level 1, so that a few thousand keys
// reach level 2.
std::unique_ptr<ServerProcess> StartServer(const TempDir& dir) {
  return ServerProcess::Start(
      testkit::kStageBinary,
      {"--data-dir", dir.path(), "--fsync", "always", "--memtable-bytes", "4KiB",
       "--level1-max-bytes", "16KiB", "--target-table-bytes", "4KiB", "--l0-compaction-trigger",
       "2", "--l0-slowdown-tables", "3", "--l0-stop-tables", "4", "--log-level", "warn"});
}

// Writes keys [0, n) twice (the second value wins) and deletes every 10th, and fills *model.
// Every write must be acknowledged: a model that held unacknowledged writes would blame the
// server for losing what it never promised to keep. Call under ASSERT_NO_FATAL_FAILURE.
void WriteTwiceDeleteTenth(TestClient& client, int n, std::map<std::string, std::string>* model) {
  for (int round = 0; round < 2; ++round) {
    std::string requests, replies;
    for (int i = 0; i < n; ++i) {
      const std::string value =
          "v" + std::to_string(round) + "-" + std::to_string(i) + "-" + std::string(30, 'x');
      requests += "SET " + Key(i) + " " + value + "\n";
      replies += "OK\n";
      (*model)[Key(i)] = value;
    }
    ASSERT_TRUE(client.Exchange(requests, replies));
  }
  std::string requests, replies;
  for (int i = 0; i < n; i += 10) {
    requests += "DEL " + Key(i) + "\n";
    replies += "OK\n";
    model->erase(Key(i));
  }
  ASSERT_TRUE(client.Exchange(requests, replies));
}

// Every key's GET and one SCAN over everything agree with the model.
void ExpectServes(TestClient& client, int n, const std::map<std::string, std::string>& model) {
  for (int i = 0; i < n; ++i) {
    auto it = model.find(Key(i));
    const std::string expected = it == model.end() ? "NOT_FOUND\n" : "VALUE " + it->second + "\n";
    ASSERT_TRUE(client.Exchange("GET " + Key(i) + "\n", expected)) << Key(i);
  }
  std::string expected;
  for (const auto& [key, value] : model) expected += "VALUE " + key + " " + value + "\n";
  expected += "END\n";
  ASSERT_TRUE(client.Exchange("SCAN - +\n", expected));
}

TEST(Stage05Server, BackgroundCompactionShowsInStats) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port(), kWriteDeadline);
  std::map<std::string, std::string> model;
  ASSERT_NO_FATAL_FAILURE(WriteTwiceDeleteTenth(client, 1500, &model));
  Stats stats = ReadStats(client);
  EXPECT_GT(stats["compactions"], 0u) << server->log();
  EXPECT_GT(stats["bytes_compacted"], 0u);
  EXPECT_GT(stats["tables_level_1"] + stats["tables_level_2"], 0u);
  EXPECT_LE(stats["tables_level_0"], 4u) << "level 0 beyond its stop limit";
  ExpectServes(client, 1500, model);
}

TEST(Stage05Server, CompactLeavesOneLevelAndDropsTheTombstones) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port(), kWriteDeadline);
  std::map<std::string, std::string> model;
  ASSERT_NO_FATAL_FAILURE(WriteTwiceDeleteTenth(client, 1500, &model));
  ASSERT_TRUE(client.Exchange("COMPACT\n", "OK\n"));
  Stats stats = ReadStats(client);
  int levels_with_tables = 0;
  for (const auto& [name, value] : stats) {
    if (name.starts_with("tables_level_") && value > 0) ++levels_with_tables;
  }
  EXPECT_EQ(levels_with_tables, 1);
  EXPECT_GT(stats["tombstones_dropped"], 0u);
  ExpectServes(client, 1500, model);
  // Arguments are an error, and the connection goes on.
  ASSERT_TRUE(client.Exchange("COMPACT now\n",
                              "ERROR wrong number of arguments for 'COMPACT', usage: COMPACT\n"));
  ASSERT_TRUE(client.Exchange("GET " + Key(1) + "\n", "VALUE " + model.at(Key(1)) + "\n"));
}

// The acceptance run of the chapter (tests/acceptance/stage05_kill9.py), smaller: every
// acknowledged write survives kill -9 in the middle of flushes and compactions, and no
// deleted key comes back.
TEST(Stage05Server, KillDashNineLosesNoAcknowledgedWrite) {
  TempDir dir;
  constexpr int kKeys = 3000;
  std::map<std::string, std::string> model;
  {
    auto server = StartServer(dir);
    TestClient client(server->port(), kWriteDeadline);
    ASSERT_NO_FATAL_FAILURE(WriteTwiceDeleteTenth(client, kKeys, &model));
    server->Kill();
  }
  auto server = StartServer(dir);
  TestClient client(server->port());
  ExpectServes(client, kKeys, model);
}

TEST(Stage05Server, BadCompactionFlagsAreRefused) {
  TempDir dir;
  std::string output;
  EXPECT_NE(ServerProcess::RunToExit(testkit::kStageBinary,
                                     {"--data-dir", dir.path(), "--l0-stop-tables", "2"}, &output),
            0)
      << output;
  EXPECT_NE(output.find("slowdown"), std::string::npos) << output;
  EXPECT_NE(ServerProcess::RunToExit(testkit::kStageBinary, {"--level-size-ratio", "1"}, &output),
            0);
  ASSERT_EQ(ServerProcess::RunToExit(testkit::kStageBinary, {"--help"}, &output), 0);
  for (const char* flag : {"--l0-compaction-trigger", "--l0-slowdown-tables", "--l0-stop-tables",
                           "--level1-max-bytes", "--level-size-ratio", "--target-table-bytes"}) {
    EXPECT_NE(output.find(flag), std::string::npos) << flag << " missing from --help";
  }
}

}  // namespace
}  // namespace stepdb
