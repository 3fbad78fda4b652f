#include "bench/server/get_reply.h"

#include <gtest/gtest.h>

#include <string>

#include "common/escape_bytes.h"

namespace stepdb::bench {
namespace {

// The reply's length, or -1 with the error in *error.
long long Length(std::string_view received, GetProtocol protocol, std::string* error = nullptr) {
  Result<size_t> length = GetReplyLength(received, protocol);
  if (!length.ok()) {
    if (error != nullptr) *error = length.status().message();
    return -1;
  }
  return static_cast<long long>(length.value());
}

TEST(BenchGetReply, TextHitEndsAtItsNewline) {
  EXPECT_EQ(Length("VALUE hello world\n", GetProtocol::kText), 18);
  EXPECT_EQ(Length("VALUE hello world", GetProtocol::kText), 0) << "no newline yet";
  EXPECT_EQ(Length("", GetProtocol::kText), 0);
}

TEST(BenchGetReply, TextMissOrErrorIsNotAHit) {
  for (const std::string reply : {"NOT_FOUND\n", "ERROR unknown command\n", "VALUES x\n"}) {
    std::string error;
    EXPECT_EQ(Length(reply, GetProtocol::kText, &error), -1) << EscapeBytes(reply);
    EXPECT_NE(error.find(EscapeBytes(reply)), std::string::npos)
        << "the error should quote the reply; got: " << error;
  }
}

TEST(BenchGetReply, RespBulkEndsWhereItsLengthSays) {
  EXPECT_EQ(Length("$5\r\nhello\r\n", GetProtocol::kResp), 11);
  EXPECT_EQ(Length("$0\r\n\r\n", GetProtocol::kResp), 6);
  // The value may hold a newline: only the length tells where it ends.
  EXPECT_EQ(Length("$7\r\nab\r\ncde\r\n", GetProtocol::kResp), 13);
}

TEST(BenchGetReply, RespBulkNotYetWholeIsZero) {
  for (const std::string part : {"$", "$5\r", "$5\r\n", "$5\r\nhel", "$5\r\nhello\r"}) {
    EXPECT_EQ(Length(part, GetProtocol::kResp), 0) << EscapeBytes(part);
  }
}

TEST(BenchGetReply, RespMissErrorOrMalformedIsNotAHit) {
  for (const std::string reply : {"$-1\r\n", "-ERR unknown command 'GETT'\r\n", "+OK\r\n", "$5\n",
                                  "$x\r\n", "$\r\n", "$5\r\nhelloXY"}) {
    std::string error;
    EXPECT_EQ(Length(reply, GetProtocol::kResp, &error), -1) << EscapeBytes(reply);
    EXPECT_NE(error.find("expected a bulk string"), std::string::npos) << error;
  }
}

}  // namespace
}  // namespace stepdb::bench
