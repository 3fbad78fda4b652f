// ProtocolDetector: which parser a connection's first bytes go to (protocol_detector.h has the
// rule and the reasons for each ambiguity).
#include "protocol_detector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/testkit/escape.h"

namespace stepdb {
namespace {

using testkit::Escape;

const std::vector<std::string> kWords = {
    "get",  "gets",   "gat",  "gats", "set",   "add",       "replace", "append",  "prepend",
    "cas",  "delete", "incr", "decr", "touch", "flush_all", "stats",   "version", "verbosity",
    "quit", "mg",     "ms",   "md",   "ma",    "mn",        "me"};

const char* Name(Protocol protocol) {
  switch (protocol) {
    case Protocol::kUndecided:
      return "kUndecided";
    case Protocol::kResp:
      return "kResp";
    case Protocol::kMemcached:
      return "kMemcached";
  }
  return "?";
}

// Checks DetectProtocol(bytes) and says which bytes it looked at when it fails.
void ExpectProtocol(std::string_view bytes, Protocol expected) {
  EXPECT_STREQ(Name(DetectProtocol(bytes)), Name(expected))
      << "first bytes \"" << Escape(bytes) << "\"";
}

TEST(ProtocolDetector, EveryMemcachedWordWithASeparatorIsMemcached) {
  for (const std::string& word : kWords) {
    for (std::string separator : {" ", "\r", "\n"}) {
      ExpectProtocol(word + separator, Protocol::kMemcached);
    }
    ExpectProtocol(word + " k\r\n", Protocol::kMemcached);
  }
  ExpectProtocol("set k 0 0 1\r\na\r\n", Protocol::kMemcached);
  ExpectProtocol("mn\r\n", Protocol::kMemcached);
}

TEST(ProtocolDetector, WaitsWhileTheBytesCouldStillBeAMemcachedWord) {
  ExpectProtocol("", Protocol::kUndecided);  // a silent client: both servers wait
  for (const std::string& word : kWords) {
    // Every prefix, the whole word included: its separator has not arrived yet.
    for (size_t length = 1; length <= word.size(); ++length) {
      ExpectProtocol(std::string_view(word).substr(0, length), Protocol::kUndecided);
    }
  }
  ExpectProtocol("stat", Protocol::kUndecided);
  ExpectProtocol("flush_", Protocol::kUndecided);
}

TEST(ProtocolDetector, RedisClientsAreResp) {
  ExpectProtocol("*1\r\n$4\r\nPING\r\n", Protocol::kResp);  // redis-cli and every library
  ExpectProtocol("*", Protocol::kResp);
  ExpectProtocol("PING\r\n", Protocol::kResp);
  ExpectProtocol("GET k\r\n", Protocol::kResp);  // memcached's words are lower case only
  ExpectProtocol("Get k\r\n", Protocol::kResp);
  ExpectProtocol("SET k v\r\n", Protocol::kResp);
  ExpectProtocol("QUIT\r\n", Protocol::kResp);
  ExpectProtocol("G", Protocol::kResp);
}

TEST(ProtocolDetector, AWordMustBeFollowedByItsSeparator) {
  ExpectProtocol("getrange k 0 1\r\n", Protocol::kResp);
  ExpectProtocol("getr", Protocol::kResp);
  ExpectProtocol("settings\n", Protocol::kResp);
  ExpectProtocol("decrby k 1\r\n", Protocol::kResp);
  ExpectProtocol("incrbyfloat k 1\r\n", Protocol::kResp);
  ExpectProtocol("append_x\r\n", Protocol::kResp);
  ExpectProtocol("mget a b\r\n", Protocol::kResp);
  ExpectProtocol("get\tk\r\n", Protocol::kResp);  // memcached separates by spaces only
  ExpectProtocol(std::string("get\0k", 5), Protocol::kResp);
  ExpectProtocol(" get k\r\n", Protocol::kResp);  // the word must come first
  ExpectProtocol("\r\n", Protocol::kResp);
}

TEST(ProtocolDetector, BinaryGarbageIsResp) {
  ExpectProtocol("\x16\x03\x01\x02\x00", Protocol::kResp);  // a TLS ClientHello
  ExpectProtocol("\x80", Protocol::kResp);                  // memcached's binary protocol
  ExpectProtocol(std::string(1, '\0'), Protocol::kResp);
  ExpectProtocol("\xff\xfe", Protocol::kResp);
}

// The caller decides once, as soon as the answer is not kUndecided: more bytes must never
// have changed it.
TEST(ProtocolDetector, AnAnswerNeverChangesAsMoreBytesArrive) {
  const std::vector<std::string> streams = {"get k\r\n",
                                            "gets a b\r\n",
                                            "getrange k 0 1\r\n",
                                            "flush_all 10\r\n",
                                            "flush_allx\r\n",
                                            "stats\r\n",
                                            "statsx\r\n",
                                            "mn\r\n",
                                            "me k\r\n",
                                            "mex\r\n",
                                            "*1\r\n$4\r\nPING\r\n",
                                            "GET k\r\n",
                                            "verbosity 1\n",
                                            "verbose\n",
                                            "quit\r\n",
                                            "quitting\r\n"};
  for (const std::string& stream : streams) {
    const Protocol final_answer = DetectProtocol(stream);
    ASSERT_NE(final_answer, Protocol::kUndecided) << Escape(stream);
    bool decided = false;
    for (size_t length = 0; length <= stream.size(); ++length) {
      const std::string_view prefix = std::string_view(stream).substr(0, length);
      const Protocol answer = DetectProtocol(prefix);
      if (answer != Protocol::kUndecided) decided = true;
      if (decided) {
        EXPECT_STREQ(Name(answer), Name(final_answer))
            << "after \"" << Escape(prefix) << "\" of \"" << Escape(stream) << "\"";
      }
    }
  }
}

}  // namespace
}  // namespace stepdb
