// Black-box tests: the real stepdb-stage01 binary on a free loopback port, over TCP.
#include <gtest/gtest.h>
#include <signal.h>

#include <thread>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/test_client.h"
#include "protocol_limits.h"

namespace stepdb {
namespace {

using testkit::ServerProcess;
using testkit::TestClient;

class Stage01Server : public ::testing::Test {
 protected:
  void SetUp() override { server_ = ServerProcess::Start(testkit::kStageBinary, {}); }
  std::unique_ptr<ServerProcess> server_;
};

TEST_F(Stage01Server, SetGetDel) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.Exchange("SET city Zurich am See\n", "OK\n"));
  EXPECT_TRUE(client.Exchange("GET city\n", "VALUE Zurich am See\n"));
  EXPECT_TRUE(client.Exchange("DEL city\n", "OK\n"));
  EXPECT_TRUE(client.Exchange("GET city\n", "NOT_FOUND\n"));
}

TEST_F(Stage01Server, CrlfLinesAreAccepted) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.Exchange("SET k v\r\n", "OK\n"));
  EXPECT_TRUE(client.Exchange("GET k\r\n", "VALUE v\n"));
}

TEST_F(Stage01Server, PipelinedRequestsAreAnsweredInOrder) {
  TestClient client(server_->port());
  std::string requests;
  std::string replies;
  for (int i = 0; i < 200; ++i) {
    requests += "SET k" + std::to_string(i) + " v" + std::to_string(i) + "\n";
    requests += "GET k" + std::to_string(i) + "\n";
    replies += "OK\nVALUE v" + std::to_string(i) + "\n";
  }
  EXPECT_TRUE(client.Exchange(requests, replies));
}

TEST_F(Stage01Server, WritesAreVisibleToOtherConnections) {
  TestClient writer(server_->port());
  TestClient reader(server_->port());
  EXPECT_TRUE(writer.Exchange("SET shared 42\n", "OK\n"));
  EXPECT_TRUE(reader.Exchange("GET shared\n", "VALUE 42\n"));
}

TEST_F(Stage01Server, MalformedRequestsGetErrorsAndTheConnectionStaysOpen) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.Exchange("BOGUS\n", "ERROR unknown command 'BOGUS', try HELP\n"));
  EXPECT_TRUE(
      client.Exchange("GET\n", "ERROR wrong number of arguments for 'GET', usage: GET <key>\n"));
  EXPECT_TRUE(client.Exchange("SET " + std::string(kMaxKeyBytes + 1, 'k') + " v\n",
                              "ERROR key too long (limit 1024 bytes)\n"));
  EXPECT_TRUE(client.Exchange("SET still here\n", "OK\n"));
}

TEST_F(Stage01Server, OverlongLineClosesOnlyThatConnection) {
  TestClient bystander(server_->port());
  EXPECT_TRUE(bystander.Exchange("SET before 1\n", "OK\n"));

  TestClient offender(server_->port());
  offender.Send(std::string(kMaxLineBytes + 100, 'x'));
  EXPECT_EQ(offender.ReadLine(), "ERROR line too long (limit 65536 bytes)\n");
  EXPECT_TRUE(offender.PeerClosed());

  EXPECT_TRUE(bystander.Exchange("GET before\n", "VALUE 1\n"));
  TestClient newcomer(server_->port());
  EXPECT_TRUE(newcomer.Exchange("GET before\n", "VALUE 1\n"));
}

TEST_F(Stage01Server, LineAtTheLimitIsServed) {
  TestClient client(server_->port());
  const std::string value(kMaxLineBytes - 6, 'v');  // "SET k " is 6 bytes
  EXPECT_TRUE(client.Exchange("SET k " + value + "\n", "OK\n"));
  EXPECT_TRUE(client.Exchange("GET k\n", "VALUE " + value + "\n"));
}

TEST_F(Stage01Server, ManyClientsAtOnce) {
  constexpr int kClients = 16;
  constexpr int kRequests = 50;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      TestClient client(server_->port());
      for (int i = 0; i < kRequests; ++i) {
        const std::string key = "c" + std::to_string(c) + "k" + std::to_string(i);
        if (!client.Exchange("SET " + key + " " + key + "\n", "OK\n") ||
            !client.Exchange("GET " + key + "\n", "VALUE " + key + "\n")) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
}

TEST_F(Stage01Server, SigtermStopsCleanly) {
  TestClient client(server_->port());
  EXPECT_TRUE(client.Exchange("SET k v\n", "OK\n"));
  EXPECT_EQ(server_->Stop(SIGTERM), 0) << server_->log();
  EXPECT_NE(server_->log().find("shutting down"), std::string::npos) << server_->log();
}

TEST(Stage01Flags, HelpListsTheFlags) {
  std::string output;
  EXPECT_EQ(ServerProcess::RunToExit(testkit::kStageBinary, {"--help"}, &output), 0);
  for (const char* flag : {"--host", "--port", "--log-level"}) {
    EXPECT_NE(output.find(flag), std::string::npos) << flag << " missing from:\n" << output;
  }
}

TEST(Stage01Flags, BadPortIsRejected) {
  std::string output;
  EXPECT_NE(ServerProcess::RunToExit(testkit::kStageBinary, {"--port", "seventy"}, &output), 0);
  EXPECT_NE(output.find("--port"), std::string::npos) << output;
}

TEST(Stage01Flags, PortInUseIsAClearError) {
  auto first = ServerProcess::Start(testkit::kStageBinary, {});
  std::string output;
  const std::string port = std::to_string(first->port());
  EXPECT_EQ(ServerProcess::RunToExit(testkit::kStageBinary, {"--host", "127.0.0.1", "--port", port},
                                     &output),
            1);
  EXPECT_NE(output.find("cannot listen on 127.0.0.1:" + port), std::string::npos) << output;
}

TEST(Stage01Flags, EnvironmentSetsThePort) {
  const uint16_t port = testkit::FreePort();
  setenv("STEPDB_PORT", std::to_string(port).c_str(), 1);
  auto server = ServerProcess::StartExact(testkit::kStageBinary, {}, port);
  unsetenv("STEPDB_PORT");
  TestClient client(port);
  EXPECT_TRUE(client.Exchange("SET k v\n", "OK\n"));
}

}  // namespace
}  // namespace stepdb
