// Black-box tests of stepdb-stage03 over TCP: SCAN, flushes to tables, kill -9 and restart.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/temp_dir.h"
#include "common/testkit/test_client.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TempDir;
using testkit::TestClient;

std::unique_ptr<ServerProcess> StartServer(const TempDir& dir) {
  return ServerProcess::Start(testkit::kStageBinary, {"--data-dir", dir.path(), "--fsync", "always",
                                                      "--memtable-bytes", "8KiB"});
}

size_t CountTables(const TempDir& dir) {
  size_t tables = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().extension() == ".sst") ++tables;
  }
  return tables;
}

TEST(Stage03Server, ScanOverTcp) {
  TempDir dir;
  auto server = StartServer(dir);
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange("SET b 2\nSET a 1\nSET c three 3\n", "OK\nOK\nOK\n"));
  EXPECT_TRUE(client.Exchange("SCAN - +\n", "VALUE a 1\nVALUE b 2\nVALUE c three 3\nEND\n"));
  EXPECT_TRUE(client.Exchange("DEL b\nSCAN a z 5\n", "OK\nVALUE a 1\nVALUE c three 3\nEND\n"));
  EXPECT_TRUE(client.Exchange("SCAN a\n",
                              "ERROR wrong number of arguments for 'SCAN', usage: SCAN <start> "
                              "<end> [limit]\n"));
}

// Every acknowledged write survives kill -9, across memtable flushes into tables.
TEST(Stage03Server, KillDashNineLosesNoAcknowledgedWrite) {
  TempDir dir;
  constexpr int kKeys = 1500;
  {
    auto server = StartServer(dir);
    // 1650 synced writes, under the sanitizers on a busy machine, can take longer than
    // TestClient's default 10 seconds to be acknowledged.
    TestClient client(server->port(), std::chrono::seconds(60));
    std::string requests, replies;
    for (int i = 0; i < kKeys; ++i) {
      requests += "SET key" + std::to_string(i) + " value-" + std::to_string(i) + "\n";
      replies += "OK\n";
      if (i % 10 == 0) {
        requests += "DEL key" + std::to_string(i) + "\n";
        replies += "OK\n";
      }
    }
    ASSERT_TRUE(client.Exchange(requests, replies));
    server->Kill();
  }
  EXPECT_GT(CountTables(dir), 0u) << "the memtable limit should have caused flushes";
  auto server = StartServer(dir);
  TestClient client(server->port());
  for (int i = 0; i < kKeys; ++i) {
    const std::string key = "key" + std::to_string(i);
    const std::string expected =
        i % 10 == 0 ? "NOT_FOUND\n" : "VALUE value-" + std::to_string(i) + "\n";
    ASSERT_TRUE(client.Exchange("GET " + key + "\n", expected)) << server->log();
  }
  client.Send("SCAN - +\n");
  int lines = 0;
  while (client.ReadLine() != "END\n" && lines <= kKeys) ++lines;
  EXPECT_EQ(lines, kKeys - kKeys / 10);
}

TEST(Stage03Server, MemtableLimitMustBeASize) {
  std::string output;
  EXPECT_NE(ServerProcess::RunToExit(testkit::kStageBinary, {"--memtable-bytes", "lots"}, &output),
            0);
  EXPECT_NE(output.find("--memtable-bytes"), std::string::npos) << output;
}

}  // namespace
}  // namespace stepdb
