// The stepdb binary as an operator meets it: the config file and its precedence (flag >
// environment > file > default), the banner, graceful shutdown that keeps every write, and
// start-up errors that name their cause.
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <fstream>
#include <string>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/temp_dir.h"
#include "common/testkit/test_client.h"
#include "config_file.h"

namespace stepdb {
namespace {

using testkit::FreePort;
using testkit::ServerProcess;
using testkit::TempDir;
using testkit::TestClient;

std::string Resp(std::initializer_list<std::string_view> args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (std::string_view arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n" + std::string(arg) + "\r\n";
  }
  return out;
}

std::string WriteFile(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.Join(name);
  std::ofstream(path) << text;
  return path;
}

TEST(ConfigFile, DirectivesCommentsAndQuotes) {
  TempDir dir;
  const std::string path = WriteFile(dir, "a.conf",
                                     "# a comment\n"
                                     "\n"
                                     "Port 7000\n"
                                     "requirepass \"with \\\"quotes\\\" and spaces\"\n"
                                     "client-output-buffer-limit normal 0 0 0\n"
                                     "  save ''  \n");
  auto directives = ReadConfigFile(path);
  ASSERT_TRUE(directives.ok()) << directives.status().ToString();
  ASSERT_EQ(directives->size(), 4u);
  EXPECT_EQ((*directives)[0].name, "port");
  EXPECT_EQ((*directives)[0].value, "7000");
  EXPECT_EQ((*directives)[0].line, 3);
  EXPECT_EQ((*directives)[1].value, "with \"quotes\" and spaces");
  EXPECT_EQ((*directives)[2].value, "normal 0 0 0");
  EXPECT_EQ((*directives)[3].value, "");
}

TEST(ConfigFile, ErrorsNameTheLine) {
  TempDir dir;
  auto missing = ReadConfigFile(dir.Join("none.conf"));
  EXPECT_TRUE(!missing.ok() && missing.status().IsIOError());
  auto bad = ReadConfigFile(WriteFile(dir, "b.conf", "port 1\nmaxclients\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 2"), std::string::npos) << bad.status().message();
  auto quote = ReadConfigFile(WriteFile(dir, "c.conf", "requirepass \"open\n"));
  ASSERT_FALSE(quote.ok());
  EXPECT_NE(quote.status().message().find("unterminated"), std::string::npos);
}

TEST(StepdbServer, ConfigFileSetsPortAndParameters) {
  TempDir dir;
  const uint16_t port = FreePort();
  const std::string conf =
      WriteFile(dir, "stepdb.conf",
                "bind 127.0.0.1\nport " + std::to_string(port) + "\ndir " + dir.Join("data") +
                    "\nrequirepass sesame\nmaxclients 77\n");
  auto server = ServerProcess::StartExact(testkit::kServerBinary, {"--config", conf}, port);
  TestClient client(port);
  EXPECT_TRUE(client.Exchange(Resp({"PING"}), "-NOAUTH Authentication required.\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"AUTH", "sesame"}), "+OK\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"CONFIG", "GET", "maxclients"}),
                              "*2\r\n$10\r\nmaxclients\r\n$2\r\n77\r\n"));
}

TEST(StepdbServer, FlagBeatsEnvironmentBeatsFile) {
  TempDir dir;
  const uint16_t file_port = FreePort();
  const uint16_t env_port = FreePort();
  const uint16_t flag_port = FreePort();
  const std::string conf =
      WriteFile(dir, "stepdb.conf", "port " + std::to_string(file_port) + "\n");
  const std::vector<std::string> base = {"--config", conf, "--data-dir", dir.Join("data")};
  ::setenv("STEPDB_PORT", std::to_string(env_port).c_str(), 1);
  {
    auto server = ServerProcess::StartExact(testkit::kServerBinary, base, env_port);
    TestClient client(env_port);
    EXPECT_TRUE(client.Exchange(Resp({"PING"}), "+PONG\r\n"));
  }
  {
    std::vector<std::string> args = base;
    args.insert(args.end(), {"--port", std::to_string(flag_port)});
    auto server = ServerProcess::StartExact(testkit::kServerBinary, args, flag_port);
    TestClient client(flag_port);
    EXPECT_TRUE(client.Exchange(Resp({"PING"}), "+PONG\r\n"));
  }
  ::unsetenv("STEPDB_PORT");
  auto server = ServerProcess::StartExact(testkit::kServerBinary, base, file_port);
  TestClient client(file_port);
  EXPECT_TRUE(client.Exchange(Resp({"PING"}), "+PONG\r\n"));
}

TEST(StepdbServer, UnknownDirectiveStopsStartUp) {
  TempDir dir;
  const std::string conf = WriteFile(dir, "bad.conf", "port 0\nno-such-thing 1\n");
  std::string output;
  const int code = ServerProcess::RunToExit(
      testkit::kServerBinary, {"--config", conf, "--data-dir", dir.Join("data")}, &output);
  EXPECT_EQ(code, 1) << output;
  EXPECT_NE(output.find("line 2"), std::string::npos) << output;
  EXPECT_NE(output.find("no-such-thing"), std::string::npos) << output;
}

TEST(StepdbServer, BannerNamesVersionAddressDataAndFsync) {
  TempDir dir;
  auto server = ServerProcess::Start(testkit::kServerBinary,
                                     {"--data-dir", dir.Join("data"), "--fsync", "always"});
  TestClient client(server->port());
  EXPECT_TRUE(client.Exchange(Resp({"PING"}), "+PONG\r\n"));
  const std::string log = server->log();
  EXPECT_NE(log.find("stepdb 0."), std::string::npos) << log;
  EXPECT_NE(log.find("127.0.0.1:" + std::to_string(server->port())), std::string::npos) << log;
  EXPECT_NE(log.find(dir.Join("data")), std::string::npos) << log;
  EXPECT_NE(log.find("appendfsync always"), std::string::npos) << log;
}

// Under appendfsync no nothing reaches the disk on its own; a SIGTERM (and a SHUTDOWN) must
// still keep every acknowledged write.
TEST(StepdbServer, GracefulShutdownKeepsEveryWrite) {
  TempDir dir;
  const std::vector<std::string> args = {"--data-dir", dir.Join("data"), "--fsync", "no"};
  for (const char* how : {"SIGTERM", "SIGINT", "SHUTDOWN"}) {
    auto server = ServerProcess::Start(testkit::kServerBinary, args);
    {
      TestClient client(server->port());
      std::string requests, replies;
      for (int i = 0; i < 200; ++i) {
        requests += Resp({"SET", std::string(how) + std::to_string(i), "v"});
        replies += "+OK\r\n";
      }
      ASSERT_TRUE(client.Exchange(requests, replies));
      if (std::string(how) == "SHUTDOWN") {
        ASSERT_TRUE(client.Send(Resp({"SHUTDOWN"})));
        EXPECT_TRUE(client.PeerClosed());
      }
    }
    const int code = std::string(how) == "SIGTERM"  ? server->Stop(SIGTERM)
                     : std::string(how) == "SIGINT" ? server->Stop(SIGINT)
                                                    : server->Stop(0);
    EXPECT_EQ(code, 0) << how << "\n" << server->log();
  }
  auto server = ServerProcess::Start(testkit::kServerBinary, args);
  TestClient client(server->port());
  for (const char* how : {"SIGTERM", "SIGINT", "SHUTDOWN"}) {
    EXPECT_TRUE(client.Exchange(Resp({"GET", std::string(how) + "199"}), "$1\r\nv\r\n")) << how;
  }
  EXPECT_TRUE(client.Exchange(Resp({"DBSIZE"}), ":600\r\n"));
}

}  // namespace
}  // namespace stepdb
