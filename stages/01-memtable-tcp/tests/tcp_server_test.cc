// TcpServer in this process: what Listen returns for addresses it cannot use, and a
// connection refused because its thread cannot start (through an injected thread starter).
#include "tcp_server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <system_error>
#include <thread>

#include "command_table.h"
#include "common/testkit/test_client.h"

namespace stepdb {
namespace {

using testkit::TestClient;

// A command that needs no engine: PING -> PONG. (A CommandTable is not returned by value:
// its HELP handler points at the table.)
void AddPing(CommandTable& table) {
  table.Add(
      {"PING", 0, 0, false, "PING", "answer PONG",
       [](const std::vector<std::string_view>&, std::string* reply) { ReplyLine(reply, "PONG"); }});
}

// Runs server.Serve() on a thread of its own, and stops and joins it when the test ends,
// whichever assertion ended it.
class ServingThread {
 public:
  explicit ServingThread(TcpServer& server)
      : server_(server), thread_([&server] { server.Serve(); }) {}
  ~ServingThread() {
    server_.Stop();
    thread_.join();
  }

 private:
  TcpServer& server_;
  std::thread thread_;
};

TEST(TcpServer, AHostThatDoesNotResolveIsAnInvalidArgument) {
  CommandTable commands;
  TcpServer server(commands);
  const Status status = server.Listen("no.such.host.invalid", 0);
  EXPECT_TRUE(status.IsInvalidArgument())
      << "Listen(\"no.such.host.invalid\", 0): expected InvalidArgument, got " << status.ToString();
  EXPECT_NE(status.message().find("no.such.host.invalid"), std::string::npos)
      << "the message should name the host: " << status.ToString();
}

TEST(TcpServer, AnAddressInUseIsAnIOError) {
  CommandTable commands;
  TcpServer first(commands);
  const Status listening = first.Listen("127.0.0.1", 0);
  ASSERT_TRUE(listening.ok()) << "Listen(\"127.0.0.1\", 0): " << listening.ToString();
  TcpServer second(commands);
  const Status status = second.Listen("127.0.0.1", first.port());
  EXPECT_TRUE(status.IsIOError()) << "Listen(\"127.0.0.1\", " << first.port()
                                  << ") while another server listens there: expected IOError, got "
                                  << status.ToString();
}

// std::thread throws std::system_error (EAGAIN) when the process has no thread to spare;
// the starter below does so for the first connection only.
TEST(TcpServer, AConnectionWhoseThreadCannotStartIsRefusedAndServingGoesOn) {
  CommandTable commands;
  AddPing(commands);
  std::atomic<int> starts{0};
  TcpServer server(commands, [&starts](std::function<void()> body) {
    if (starts++ == 0) {
      throw std::system_error(std::make_error_code(std::errc::resource_unavailable_try_again),
                              "std::thread");
    }
    return TcpServer::StartStdThread(std::move(body));
  });
  const Status listening = server.Listen("127.0.0.1", 0);
  ASSERT_TRUE(listening.ok()) << "Listen(\"127.0.0.1\", 0): " << listening.ToString();
  ServingThread serving(server);

  TestClient refused(server.port());
  EXPECT_EQ(refused.ReadLine(), "ERROR server busy: cannot start a thread for this connection\n")
      << "the first connection, whose thread did not start";
  EXPECT_TRUE(refused.PeerClosed()) << "a refused connection is closed";

  TestClient served(server.port());
  EXPECT_TRUE(served.Exchange("PING\n", "PONG\n")) << "the connection after the refused one";
  EXPECT_EQ(starts, 2);
}

}  // namespace
}  // namespace stepdb
