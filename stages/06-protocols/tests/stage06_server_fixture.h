// Black-box test support for stage 06: a stepdb-stage06 server on a free loopback port with
// its own data directory (whose files a test can weigh and read), and RESP's request
// encoding, so that a test reads as the bytes it sends and the bytes it expects:
//
//   TEST_F(Stage06Server, Get) {
//     TestClient client(port());
//     EXPECT_TRUE(client.Exchange(Resp({"SET", "k", "v"}), "+OK\r\n"));
//     EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), "$1\r\nv\r\n"));
//   }
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/testkit/build_paths.h"
#include "common/testkit/server_process.h"
#include "common/testkit/temp_dir.h"
#include "common/testkit/test_client.h"

namespace stepdb {

// The multibulk encoding of one request: *<n>\r\n then $<len>\r\n<arg>\r\n per argument.
inline std::string Resp(std::initializer_list<std::string_view> args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (std::string_view arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n";
    out.append(arg);
    out += "\r\n";
  }
  return out;
}
inline std::string Resp(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const std::string& arg : args)
    out += "$" + std::to_string(arg.size()) + "\r\n" + arg + "\r\n";
  return out;
}
// Expected replies.
inline std::string Bulk(std::string_view s) {
  return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
}
inline std::string Int(long long v) { return ":" + std::to_string(v) + "\r\n"; }
inline std::string Err(std::string_view message) { return "-" + std::string(message) + "\r\n"; }
inline const char* kOk = "+OK\r\n";
inline const char* kNil = "$-1\r\n";

// A fixture whose server starts before each test (extra flags from ServerFlags()).
class Stage06ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { Restart(); }
  virtual std::vector<std::string> ServerFlags() const { return {}; }

  // (Re)starts the server on the same data directory.
  void Restart(std::vector<std::string> extra = {}) {
    server_.reset();
    std::vector<std::string> args = {"--data-dir", dir_.path(), "--log-level", "warn"};
    for (const std::string& flag : ServerFlags()) args.push_back(flag);
    for (const std::string& flag : extra) args.push_back(flag);
    server_ = testkit::ServerProcess::Start(testkit::kStageBinary, args);
  }
  uint16_t port() const { return server_->port(); }
  testkit::ServerProcess& server() { return *server_; }
  const testkit::TempDir& dir() const { return dir_; }

  // The bytes of the files in the data directory whose names end in `extension` ("" for
  // every file).
  uint64_t DataBytes(const std::string& extension = "") const {
    uint64_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (!entry.is_regular_file()) continue;
      if (!extension.empty() && entry.path().extension() != extension) continue;
      bytes += entry.file_size();
    }
    return bytes;
  }

  // The bytes of every table file in the data directory, one string.
  std::string TableBytes() const {
    std::string bytes;
    for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
      if (entry.path().extension() != ".sst") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return bytes;
  }

 private:
  testkit::TempDir dir_;
  std::unique_ptr<testkit::ServerProcess> server_;
};

}  // namespace stepdb
