// Black-box tests: the real stepdb-stage02 binary over TCP, with its data on the real disk.
// Stage02Server: durability across kill -9 and restarts, recovery at start-up.
// Stage02Flags: the command line.
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/temp_dir.h"
#include "common/testkit/test_client.h"
#include "file_system.h"
#include "wal_test_util.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TestClient;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

class Stage02Server : public ::testing::Test {
 protected:
  std::string data_dir() const { return dir_.Join("data"); }
  std::string log_path() const { return data_dir() + "/wal.log"; }

  std::unique_ptr<ServerProcess> Start(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"--data-dir", data_dir()};
    if (std::find(extra.begin(), extra.end(), "--fsync") == extra.end()) {
      args.insert(args.end(), {"--fsync", "always"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return ServerProcess::Start(testkit::kStageBinary, args);
  }
  // Runs the server, expecting it to refuse to start (exit 1); returns its output. A server
  // that starts listening instead fails the test at once rather than after a timeout.
  std::string FailToStart(std::vector<std::string> extra = {}) {
    const uint16_t port = testkit::FreePort();
    std::vector<std::string> args = {"--host",     "127.0.0.1", "--port", std::to_string(port),
                                     "--data-dir", data_dir()};
    args.insert(args.end(), extra.begin(), extra.end());
    std::string output;
    const int code =
        ServerProcess::RunUntilExitOrListening(testkit::kStageBinary, args, port, &output);
    if (code == ServerProcess::kListening) {
      ADD_FAILURE() << "the server started instead of refusing to; its log:\n" << output;
    } else {
      EXPECT_EQ(code, 1) << output;
    }
    return output;
  }
  // Writes key<i> = "value <i>" for i in [first, last), each acknowledged.
  void SetKeys(TestClient& client, int first, int last) {
    for (int i = first; i < last; ++i) {
      ASSERT_TRUE(client.Exchange(
          "SET key" + std::to_string(i) + " value " + std::to_string(i) + "\n", "OK\n"));
    }
  }

  testkit::TempDir dir_;
};

TEST_F(Stage02Server, AcknowledgedWritesSurviveKill9) {
  constexpr int kKeys = 300;
  {
    auto server = Start();
    TestClient client(server->port());
    SetKeys(client, 0, kKeys);
    for (int i = 0; i < kKeys; i += 10) {
      ASSERT_TRUE(client.Exchange("DEL key" + std::to_string(i) + "\n", "OK\n"));
    }
    server->Kill();
  }
  auto server = Start();
  TestClient client(server->port());
  std::string requests;
  std::string replies;
  for (int i = 0; i < kKeys; ++i) {
    requests += "GET key" + std::to_string(i) + "\n";
    replies += i % 10 == 0 ? "NOT_FOUND\n" : "VALUE value " + std::to_string(i) + "\n";
  }
  EXPECT_TRUE(client.Exchange(requests, replies));
  EXPECT_NE(server->log().find("recovered " + std::to_string(kKeys + kKeys / 10) + " records"),
            std::string::npos)
      << server->log();
}

TEST_F(Stage02Server, SigtermSyncsAndClosesTheLog) {
  {
    auto server = Start({"--fsync", "no"});
    TestClient client(server->port());
    SetKeys(client, 0, 20);
    EXPECT_EQ(server->Stop(SIGTERM), 0) << server->log();
    EXPECT_NE(server->log().find("synced and closed"), std::string::npos) << server->log();
  }
  auto server = Start({"--fsync", "no"});
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange("GET key19\n", "VALUE value 19\n"));
}

TEST_F(Stage02Server, TornTailIsCutAtStartWithAWarning) {
  uint64_t size = 0;
  {
    auto server = Start();
    TestClient client(server->port());
    SetKeys(client, 0, 3);
    ASSERT_EQ(server->Stop(SIGTERM), 0);
    size = ReadBytes(log_path()).size();
    WriteBytes(log_path(), ReadBytes(log_path()) + "\x11\x00\x00\x01");  // half a header
  }
  auto server = Start();
  const std::string log = server->log();
  EXPECT_NE(log.find(log_path() + ": torn tail at offset " + std::to_string(size)),
            std::string::npos)
      << log;
  EXPECT_EQ(ReadBytes(log_path()).size(), size);
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange("GET key2\n", "VALUE value 2\n"));
}

TEST_F(Stage02Server, CorruptLogStopsStartUpAndSalvageStartsIt) {
  {
    auto server = Start();
    TestClient client(server->port());
    SetKeys(client, 0, 5);
    ASSERT_EQ(server->Stop(SIGTERM), 0);
  }
  ReadLog records = ReadWholeLog(*DefaultFileSystem(), log_path());
  ASSERT_EQ(records.records.size(), 5u) << records.status.ToString();
  const uint64_t bad = records.offsets[2];
  std::string bytes = ReadBytes(log_path());
  bytes[bad + kWalHeaderBytes + 2] ^= 0x20;  // inside key2's record
  WriteBytes(log_path(), bytes);

  const std::string output = FailToStart();
  EXPECT_NE(output.find(log_path() + ": corrupt record at offset " + std::to_string(bad)),
            std::string::npos)
      << output;
  EXPECT_NE(output.find("--salvage-wal"), std::string::npos) << output;
  EXPECT_EQ(ReadBytes(log_path()), bytes) << "a refused start changes nothing";

  {
    auto server = Start({"--salvage-wal"});
    EXPECT_NE(server->log().find("salvage"), std::string::npos) << server->log();
    TestClient client(server->port());
    EXPECT_TRUE(client.Exchange("GET key1\n", "VALUE value 1\n"));
    EXPECT_TRUE(client.Exchange("GET key2\n", "NOT_FOUND\n"));
    EXPECT_TRUE(client.Exchange("GET key4\n", "NOT_FOUND\n"));
    EXPECT_TRUE(client.Exchange("SET key5 after\n", "OK\n"));
    ASSERT_EQ(server->Stop(SIGTERM), 0);
  }
  auto server = Start();  // the salvaged log is clean: no flag needed any more
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange("GET key5\n", "VALUE after\n"));
}

TEST_F(Stage02Server, ASecondServerOnTheSameDataDirIsRefused) {
  auto first = Start();
  const std::string output = FailToStart();
  EXPECT_NE(output.find("in use by another process"), std::string::npos) << output;
  TestClient client(first->port());
  EXPECT_TRUE(client.Exchange("SET still serving\n", "OK\n"));
}

TEST_F(Stage02Server, SpeaksTheStage01TextProtocol) {
  auto server = Start();
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange("SET city Zurich am See\r\n", "OK\n"));
  EXPECT_TRUE(client.Exchange("GET city\n", "VALUE Zurich am See\n"));
  EXPECT_TRUE(client.Exchange("DEL city\n", "OK\n"));
  EXPECT_TRUE(client.Exchange("DEL city\n", "NOT_FOUND\n"));
  EXPECT_TRUE(client.Exchange("BOGUS\n", "ERROR unknown command 'BOGUS', try HELP\n"));
  client.Send("HELP\n");
  std::string help;
  for (int i = 0; i < 20 && help.find("END\n") == std::string::npos; ++i) help += client.ReadLine();
  EXPECT_NE(help.find("SET <key> <value>"), std::string::npos) << help;
}

// Here and not under Stage02Flags: a server that starts and takes a write needs tasks 5 and 6.
TEST_F(Stage02Server, EnvironmentChoosesTheDataDir) {
  setenv("STEPDB_DATA", dir_.Join("from-env").c_str(), 1);
  auto server = ServerProcess::Start(testkit::kStageBinary, {});
  unsetenv("STEPDB_DATA");
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange("SET k v\n", "OK\n"));
  EXPECT_EQ(server->Stop(SIGTERM), 0);
  EXPECT_TRUE(DefaultFileSystem()->FileExists(dir_.Join("from-env/wal.log")));
}

TEST(Stage02Flags, HelpListsTheFlags) {
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit(testkit::kStageBinary, {"--help"}, &output), 0);
  for (const char* flag :
       {"--host", "--port", "--log-level", "--data-dir", "--fsync", "--salvage-wal"}) {
    EXPECT_NE(output.find(flag), std::string::npos) << flag << " missing from:\n" << output;
  }
}

TEST(Stage02Flags, BadFsyncPolicyIsRejected) {
  std::string output;
  EXPECT_NE(ServerProcess::RunToExit(testkit::kStageBinary, {"--fsync", "sometimes"}, &output), 0);
  EXPECT_NE(output.find("--fsync"), std::string::npos) << output;
}

}  // namespace
}  // namespace stepdb
