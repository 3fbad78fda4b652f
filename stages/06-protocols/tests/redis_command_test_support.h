// Test support for the Redis command tests: request/reply tables checked against this server
// and, when it is installed, against redis-server itself; the replies and errors such tables
// hold; a reader of whole RESP replies; the fixture of a command test whose oracle is
// redis-server (RedisOracleTest); and a harness that runs commands in-process, for what the
// wire cannot show (the envelope's flags and expiry, a key of another type, INFO's hit
// counters, a failing engine).
//
//   const std::vector<Step> steps = {
//       {{"SET", "k", "v"}, "+OK\r\n"},
//       {{"GET", "k"}, "$1\r\nv\r\n"},
//   };
//   ExpectReplies(port(), steps);       // this server
//   ExpectRepliesFromRedis(steps);      // redis-server 7.0, if installed (else nothing)
//
// or, in a suite of RedisOracleTest, both at once:
//
//   class RedisStrings : public RedisOracleTest {};
//   TEST_F(RedisStrings, Get) { ExpectOnBoth({{{"GET", "k"}, kNil}}); }
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <functional>
#include <iterator>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "command_context.h"
#include "common/testkit/escape.h"
#include "common/testkit/server_process.h"
#include "common/testkit/test_client.h"
#include "key_lookup.h"
#include "keyspace.h"
#include "memtable_engine.h"
#include "redis_command_table.h"
#include "redis_key_commands.h"
#include "redis_string_commands.h"
#include "resp_writer.h"
#include "server_config.h"
#include "server_runner.h"
#include "server_stats.h"
#include "stage06_server_fixture.h"

namespace stepdb {

// One request and the exact bytes expected back.
struct Step {
  std::vector<std::string> request;
  std::string expected;
};

// Redis 7.0's replies to what many commands refuse, byte for byte (RESP2).
inline const std::string kWrongType =
    Err("WRONGTYPE Operation against a key holding the wrong kind of value");
inline const std::string kSyntax = Err("ERR syntax error");
inline const std::string kNotInteger = Err("ERR value is not an integer or out of range");
inline const std::string kNotFloat = Err("ERR value is not a valid float");
inline const std::string kNotPositive = Err("ERR value is out of range, must be positive");
inline const std::string kInvalidCursor = Err("ERR invalid cursor");
inline const std::string kNullArray = "*-1\r\n";

inline std::string WrongArity(std::string_view command) {
  return Err("ERR wrong number of arguments for '" + std::string(command) + "' command");
}

// A RESP2 array of bulk strings, in the order given (a vector, a deque, a braced list).
template <typename Strings = std::vector<std::string>>
std::string BulkArray(const Strings& items) {
  std::string out = "*" + std::to_string(std::size(items)) + "\r\n";
  for (const std::string& item : items) out += Bulk(item);
  return out;
}

// A RESP2 array of integers.
inline std::string IntArray(const std::vector<long long>& items) {
  std::string out = "*" + std::to_string(items.size()) + "\r\n";
  for (const long long item : items) out += Int(item);
  return out;
}

// Sends each request on one connection and checks its reply; a mismatch names the server,
// the step, and shows what was sent, expected and received, escaped. The table stops at the
// first mismatch: the steps after it would run on a state the table did not mean, and each
// would wait for a reply of its own to differ (a stub would make every step fail, slowly).
inline void ExpectReplies(testkit::TestClient& client, const std::vector<Step>& steps,
                          std::string_view server = "stepdb") {
  for (size_t i = 0; i < steps.size(); ++i) {
    const ::testing::AssertionResult replied =
        client.Exchange(Resp(steps[i].request), steps[i].expected);
    EXPECT_TRUE(replied) << server << ", step " << i << " of " << steps.size()
                         << (i + 1 < steps.size() ? "; the steps after it were not run" : "");
    if (!replied) return;
  }
}

inline void ExpectReplies(uint16_t port, const std::vector<Step>& steps) {
  testkit::TestClient client(port);
  ExpectReplies(client, steps);
}

inline constexpr const char* kRedisServer = "/usr/bin/redis-server";

// A redis-server on a free loopback port without persistence, or nullptr if it is not
// installed.
inline std::unique_ptr<testkit::ServerProcess> StartReferenceRedis() {
  if (access(kRedisServer, X_OK) != 0) return nullptr;
  const uint16_t port = testkit::FreePort();
  return testkit::ServerProcess::StartExact(
      kRedisServer,
      {"--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"},
      port);
}

// The same table against redis-server, which is where every expected reply came from: keeps
// the tables honest. Does nothing where redis-server is not installed.
inline void ExpectRepliesFromRedis(const std::vector<Step>& steps) {
  std::unique_ptr<testkit::ServerProcess> redis = StartReferenceRedis();
  if (redis == nullptr) return;
  testkit::TestClient client(redis->port());
  ExpectReplies(client, steps, "redis-server");
}

// One whole RESP2/RESP3 reply, parsed.
struct Reply {
  char type = 0;             // '+', '-', ':', '$', '*', '%', '_', ... (0: nothing could be read)
  bool null = false;         // $-1, *-1 or _
  std::string text;          // the bytes of a simple string, error, integer or bulk string
  std::vector<Reply> items;  // an aggregate's elements (a map's keys and values in turn)
};

inline Reply ReadReply(testkit::TestClient& client) {
  Reply reply;
  const std::string line = client.ReadLine();
  if (line.size() < 3 || line.compare(line.size() - 2, 2, "\r\n") != 0) {
    ADD_FAILURE() << "expected a reply line, got \"" << testkit::Escape(line) << "\"";
    return reply;
  }
  reply.type = line[0];
  const std::string body = line.substr(1, line.size() - 3);
  switch (reply.type) {
    case '$':
    case '=':
    case '!': {
      const long long length = std::stoll(body);
      if (length < 0) {
        reply.null = true;
        break;
      }
      const std::string data = client.ReadExactly(static_cast<size_t>(length) + 2);
      reply.text = data.substr(0, static_cast<size_t>(length));
      break;
    }
    case '*':
    case '~':
    case '>':
    case '%': {
      long long count = std::stoll(body);
      if (count < 0) {
        reply.null = true;
        break;
      }
      if (reply.type == '%') count *= 2;
      for (long long i = 0; i < count; ++i) reply.items.push_back(ReadReply(client));
      break;
    }
    case '_':
      reply.null = true;
      break;
    default:
      reply.text = body;
  }
  return reply;
}

// Switches a connection to RESP3 (HELLO 3), reading and dropping HELLO's reply, which differs
// from server to server.
inline void SwitchToResp3(testkit::TestClient& client) {
  ASSERT_TRUE(client.Send(Resp({"HELLO", "3"})));
  const Reply hello = ReadReply(client);
  ASSERT_EQ(hello.type, '%') << "HELLO 3 did not answer a map";
}

// The text of each item of an aggregate reply (a map's keys and values in turn).
inline std::vector<std::string> Texts(const Reply& reply) {
  std::vector<std::string> texts;
  for (const Reply& item : reply.items) texts.push_back(item.text);
  return texts;
}

// A fixture for the Redis command tests of any stage: its server (Stage06ServerTest starts
// testkit::kStageBinary), and every expectation run on it and then, when it is installed, on a
// fresh redis-server 7.0, where the expected replies came from. A suite names its own
// fixture (class RedisList : public RedisOracleTest {}), since the grader scores by suite.
class RedisOracleTest : public Stage06ServerTest {
 protected:
  // This server and, when installed, redis-server give every reply of `steps`.
  void ExpectOnBoth(const std::vector<Step>& steps) {
    ExpectReplies(port(), steps);
    ExpectRepliesFromRedis(steps);
  }

  // The same on connections switched to RESP3.
  void ExpectOnBothInResp3(const std::vector<Step>& steps) {
    ForBoth([&](testkit::TestClient& client, const std::string& server) {
      SwitchToResp3(client);
      ExpectReplies(client, steps, server);
    });
  }

  // Runs `check` on a connection to this server, then on one to a fresh redis-server when it
  // is installed; a failure's trace names which. A check that asserts each reply stops at the
  // first wrong one: every step of a long scenario after it would fail too, slowly.
  void ForBoth(const std::function<void(testkit::TestClient& client)>& check) {
    OnEachServer([&](uint16_t port, const std::string& server) {
      SCOPED_TRACE(server);
      testkit::TestClient client(port);
      check(client);
    });
  }

  // The same for a check that names the server in its own failure messages (see Expect).
  void ForBoth(
      const std::function<void(testkit::TestClient& client, const std::string& server)>& check) {
    OnEachServer([&](uint16_t port, const std::string& server) {
      testkit::TestClient client(port);
      check(client, server);
    });
  }

  // Runs `scenario`, which opens its own connections, on this server's port, then on a fresh
  // redis-server's when it is installed; a failure's trace names which.
  void ForBoth(const std::function<void(uint16_t port)>& scenario) {
    OnEachServer([&](uint16_t port, const std::string& server) {
      SCOPED_TRACE(server);
      scenario(port);
    });
  }

  // Sends request and checks that its reply is exactly `expected`; `server` names the server
  // for the failure message.
  static void Expect(testkit::TestClient& client, const std::vector<std::string>& request,
                     const std::string& expected, const std::string& server) {
    EXPECT_TRUE(client.Exchange(Resp(request), expected)) << server;
  }

 private:
  void OnEachServer(const std::function<void(uint16_t port, const std::string& server)>& run) {
    run(port(), "stepdb");
    std::unique_ptr<testkit::ServerProcess> redis = StartReferenceRedis();
    if (redis != nullptr) run(redis->port(), "redis-server");
  }
};

// Stage 01's in-memory engine, which can be told to fail every call as a broken disk would.
class FlakyEngine final : public Engine {
 public:
  Result<std::string> Get(std::string_view key) override {
    if (failing_) return Status::IOError("disk on fire");
    return memory_.Get(key);
  }
  Status Write(const WriteBatch& batch) override {
    if (failing_) return Status::IOError("disk on fire");
    return memory_.Write(batch);
  }
  Status Scan(std::string_view start, std::string_view end, size_t limit,
              const ScanVisitor& visit) override {
    if (failing_) return Status::IOError("disk on fire");
    return memory_.Scan(start, end, limit, visit);
  }
  void set_failing(bool failing) { failing_ = failing; }

 private:
  MemTableEngine memory_;
  bool failing_ = false;
};

// Runs commands in-process on a keyspace over stage 01's in-memory engine, with the string
// and key commands in the table; or with a later stage's parts (its keyspace, its commands,
// its clock), as its server would run them.
class CommandHarness {
 public:
  CommandHarness() {
    ServerParts parts;
    parts.add_commands = [](RedisCommandTable& table) {
      AddRedisStringCommands(table);
      AddRedisKeyCommands(table);
    };
    Init(parts);
  }
  explicit CommandHarness(const ServerParts& parts) { Init(parts); }

  // The reply bytes of one command, in RESP2.
  std::string Run(std::vector<std::string> argv) {
    std::string out;
    RespWriter writer(&out, 2);
    CommandContext ctx{argv, writer, client_, context_};
    table_.Execute(ctx);
    return out;
  }

  // Runs each step's request and checks its reply; a mismatch names the step and what was
  // sent. Every step runs, whatever the replies before it.
  void ExpectReplies(const std::vector<Step>& steps) {
    for (size_t i = 0; i < steps.size(); ++i) {
      std::string sent;
      for (const std::string& arg : steps[i].request) sent += arg + " ";
      EXPECT_EQ(Run(steps[i].request), steps[i].expected) << "step " << i << ": " << sent;
    }
  }

  // Redis's rule for INFO's keyspace_hits and keyspace_misses: a read counts a hit or a miss,
  // a write neither. Runs each of `writes`, which must succeed and count nothing, then each of
  // `reads` twice, each run counting one: as given (a hit: its key, argv[1], must exist) and
  // with its key replaced by "missing" (a miss: no such key may exist).
  void ExpectOnlyReadsCountHitsAndMisses(const std::vector<std::vector<std::string>>& writes,
                                         const std::vector<std::vector<std::string>>& reads) {
    const auto hits_and_misses = [&] {
      return std::make_pair(stats_.keyspace_hits, stats_.keyspace_misses);
    };
    const auto start = hits_and_misses();
    for (const std::vector<std::string>& write : writes) {
      EXPECT_NE(Run(write)[0], '-') << write[0];
    }
    EXPECT_EQ(hits_and_misses(), start) << "a write counted a keyspace hit or miss";
    for (const std::vector<std::string>& read : reads) {
      (void)Run(read);
      std::vector<std::string> missing = read;
      missing[1] = "missing";
      (void)Run(missing);
    }
    EXPECT_EQ(stats_.keyspace_hits - start.first, reads.size());
    EXPECT_EQ(stats_.keyspace_misses - start.second, reads.size());
  }

  Keyspace& keyspace() { return *keyspace_; }
  ServerConfig& config() { return config_; }
  ServerStats& stats() { return stats_; }
  ClientState& client() { return client_; }
  FlakyEngine& engine() { return engine_; }

 private:
  void Init(const ServerParts& parts) {
    auto keyspace = parts.open_keyspace(&engine_, nullptr, KeyspaceOptions());
    if (!keyspace.ok()) {
      ADD_FAILURE() << "opening the keyspace: " << keyspace.status().ToString();
      return;
    }
    keyspace_ = std::move(*keyspace);
    parts.add_commands(table_);
    context_.keyspace = keyspace_.get();
    context_.config = &config_;
    context_.stats = &stats_;
    context_.commands = &table_;
    context_.clock = parts.clock;
  }

  FlakyEngine engine_;
  std::unique_ptr<Keyspace> keyspace_;
  RedisCommandTable table_;
  ServerConfig config_;
  ServerStats stats_;
  ServerContext context_;
  ClientState client_;
};

}  // namespace stepdb
