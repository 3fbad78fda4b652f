#include "common/testkit/test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>

#include "common/testkit/escape.h"

namespace stepdb::testkit {

using Clock = std::chrono::steady_clock;

// How long Exchange() keeps reading once the reply differs from what was expected, so that
// the failure message shows the whole of a short wrong reply.
constexpr std::chrono::milliseconds kGraceAfterMismatch{200};

TestClient::TestClient(uint16_t port, std::chrono::milliseconds read_timeout)
    : read_timeout_(read_timeout) {
  fd_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    if (fd_ >= 0) close(fd_);
    throw std::runtime_error("cannot connect to 127.0.0.1:" + std::to_string(port));
  }
}

TestClient::~TestClient() { close(fd_); }

bool TestClient::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool TestClient::Fill(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  return Receive(static_cast<int>(left.count()));
}

bool TestClient::Receive(int wait_ms) {
  if (eof_) return false;
  pollfd p{fd_, POLLIN, 0};
  if (poll(&p, 1, wait_ms) <= 0) return false;
  char chunk[16384];
  ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) {
    eof_ = true;
    return false;
  }
  buffer_.append(chunk, static_cast<size_t>(n));
  return true;
}

std::string TestClient::ReadLine() {
  const auto deadline = Clock::now() + read_timeout_;
  size_t newline;
  while ((newline = buffer_.find('\n')) == std::string::npos) {
    if (!Fill(deadline)) break;
  }
  size_t take = newline == std::string::npos ? buffer_.size() : newline + 1;
  std::string line = buffer_.substr(0, take);
  buffer_.erase(0, take);
  return line;
}

std::string TestClient::ReadExactly(size_t n) {
  const auto deadline = Clock::now() + read_timeout_;
  while (buffer_.size() < n && Fill(deadline)) {
  }
  std::string out = buffer_.substr(0, n);
  buffer_.erase(0, out.size());
  return out;
}

std::string TestClient::ReadAll() {
  const auto deadline = Clock::now() + read_timeout_;
  while (Fill(deadline)) {
  }
  std::string out;
  out.swap(buffer_);
  return out;
}

bool TestClient::PeerClosed() {
  const auto deadline = Clock::now() + read_timeout_;
  while (Fill(deadline)) {
  }
  return eof_;
}

std::string TestClient::ReadAvailable() {
  while (Receive(0)) {
  }
  std::string out;
  out.swap(buffer_);
  return out;
}

::testing::AssertionResult TestClient::Exchange(std::string_view send, std::string_view expected) {
  if (!Send(send)) {
    return ::testing::AssertionFailure()
           << "connection closed while sending \"" << Escape(send) << "\"";
  }
  // Reads as many bytes as `expected` holds, but a reply that has already diverged from it
  // fails within a short grace period instead of waiting out the deadline: a stub that
  // answers with an error must not cost each exchange the full read timeout.
  auto deadline = Clock::now() + read_timeout_;
  bool diverged = false;
  while (buffer_.size() < expected.size()) {
    if (!diverged && !expected.starts_with(buffer_)) {
      diverged = true;
      deadline = std::min(deadline, Clock::now() + kGraceAfterMismatch);
    }
    if (!Fill(deadline)) break;
  }
  if (buffer_.compare(0, expected.size(), expected) == 0) {
    buffer_.erase(0, expected.size());
    return ::testing::AssertionSuccess();
  }
  // A wrong reply: take the rest of it too, so that the message shows all of it and the
  // next exchange does not start in the middle of it.
  deadline = std::min(deadline, Clock::now() + kGraceAfterMismatch);
  while (Fill(deadline)) {
  }
  std::string got;
  got.swap(buffer_);
  // A long request (a pipeline of thousands of commands) is cut: its start names it, and the
  // replies are what the reader needs whole.
  constexpr size_t kSentShown = 200;
  std::string sent = Escape(send.substr(0, kSentShown));
  if (send.size() > kSentShown)
    sent += "\" ... (" + std::to_string(send.size()) + " bytes)";
  else
    sent += "\"";
  return ::testing::AssertionFailure()
         << "\n  sent:     \"" << sent << "\n  expected: \"" << Escape(expected) << "\""
         << "\n  received: \"" << Escape(got) << "\"";
}

}  // namespace stepdb::testkit
