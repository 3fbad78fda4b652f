// TestClient: a blocking TCP client for black-box protocol tests, with a deadline on every
// read so a silent server fails the test instead of hanging it.
//
//   TestClient client(server->port());
//   EXPECT_TRUE(client.Exchange("SET k v\n", "OK\n"));
//
// Exchange() sends bytes and reads exactly as many bytes as `expected` holds (or until the
// deadline or EOF). A reply that differs from `expected` fails within a short grace period
// instead of waiting out the deadline, and takes whatever else arrives in that period with it,
// so the next exchange starts clean. On a mismatch the assertion message shows what was sent, what
// was expected and what came back, every byte escaped (\r, \n, \xNN).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace stepdb::testkit {

class TestClient {
 public:
  // Connects to 127.0.0.1:port; throws std::runtime_error if it cannot.
  explicit TestClient(uint16_t port,
                      std::chrono::milliseconds read_timeout = std::chrono::seconds(10));
  ~TestClient();
  TestClient(const TestClient&) = delete;
  TestClient& operator=(const TestClient&) = delete;

  // Writes all of `bytes`; false if the connection is closed.
  bool Send(std::string_view bytes);
  // Reads up to and including the next "\n" (or whatever came before EOF / the deadline).
  std::string ReadLine();
  // Reads exactly n bytes, or fewer at EOF / the deadline.
  std::string ReadExactly(size_t n);
  // Reads until the peer closes the connection or the deadline passes.
  std::string ReadAll();
  // True iff the server closed the connection (a read returns EOF before the deadline).
  bool PeerClosed();
  // The bytes that have arrived and are not read yet, without waiting ("" if none): whether a
  // command that should still be waiting for an answer (a blocking one) has had one already.
  std::string ReadAvailable();

  ::testing::AssertionResult Exchange(std::string_view send, std::string_view expected);

 private:
  // One recv() into buffer_, waiting at most until the deadline; false on EOF or timeout.
  bool Fill(std::chrono::steady_clock::time_point deadline);
  // The same, waiting at most wait_ms milliseconds (0: only for bytes already here).
  bool Receive(int wait_ms);

  int fd_ = -1;
  std::chrono::milliseconds read_timeout_;
  std::string buffer_;
  bool eof_ = false;
};

}  // namespace stepdb::testkit
