// TestClient against a scripted peer on loopback: a listening socket in the test that answers
// each request with fixed bytes, so the client's reading rules can be checked exactly.
#include "common/testkit/test_client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

namespace stepdb::testkit {
namespace {

using namespace std::chrono_literals;

// Accepts one connection, and for each read from it writes `reply`; closes at EOF.
class ScriptedPeer {
 public:
  explicit ScriptedPeer(std::string reply) : reply_(std::move(reply)) {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (bind(listener_, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
        listen(listener_, 1) != 0 ||
        getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~ScriptedPeer() {
    thread_.join();
    close(listener_);
  }
  uint16_t port() const { return port_; }

 private:
  void Serve() {
    int fd = accept(listener_, nullptr, nullptr);
    if (fd < 0) return;
    char buf[4096];
    while (recv(fd, buf, sizeof buf, 0) > 0) {
      if (send(fd, reply_.data(), reply_.size(), MSG_NOSIGNAL) < 0) break;
    }
    close(fd);
  }

  std::string reply_;
  int listener_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

TEST(TestClient, ExchangeAcceptsTheExpectedReply) {
  ScriptedPeer peer("+OK\r\n");
  TestClient client(peer.port());
  EXPECT_TRUE(client.Exchange("PING\r\n", "+OK\r\n"));
}

// A wrong reply shorter than the expected one fails long before the read deadline, shows the
// whole wrong reply, and leaves nothing of it behind for the next exchange.
TEST(TestClient, AWrongShortReplyFailsWithoutWaitingOutTheDeadline) {
  ScriptedPeer peer("-ERR no\r\n");
  TestClient client(peer.port(), /*read_timeout=*/60s);
  const auto start = std::chrono::steady_clock::now();
  const ::testing::AssertionResult result =
      client.Exchange("GET k\r\n", "$20\r\nsomething-much-longer\r\n");
  EXPECT_FALSE(result);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s)
      << "the mismatch waited out the deadline";
  EXPECT_NE(std::string(result.message()).find(R"(received: "-ERR no\r\n")"), std::string::npos)
      << result.message();
  EXPECT_TRUE(client.Exchange("GET k\r\n", "-ERR no\r\n"));
}

// A reply that is only a prefix of the expected one so far is still waited for.
TEST(TestClient, APrefixOfTheExpectedReplyIsNotAMismatch) {
  ScriptedPeer peer("$3\r\n");
  TestClient client(peer.port(), /*read_timeout=*/2s);
  const ::testing::AssertionResult result = client.Exchange("GET k\r\n", "$3\r\nabc\r\n");
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find(R"(received: "$3\r\n")"), std::string::npos)
      << result.message();
}

}  // namespace
}  // namespace stepdb::testkit
