// Black-box tests of the connection commands: PING, ECHO, QUIT, SELECT, AUTH, HELLO, RESET
// and CLIENT. Every expected reply was taken from redis-server 7.0.15 (CLIENT SETINFO's and
// NO-TOUCH's from Redis 7.2, which added them); the tables whose replies do not depend on the
// server (no client ids, no addresses) are also run against redis-server when it is
// installed, so they stay true to it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "redis_command_test_support.h"
#include "stage06_server_fixture.h"

namespace stepdb {
namespace {

using testkit::TestClient;

class RedisConnection : public Stage06ServerTest {};

// HELLO's reply as redis-server 7.0.15 writes it, for protocol `proto` and client `id`.
std::string HelloReply(int proto, int64_t id) {
  const std::string fields =
      "$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n"
      "$5\r\nproto\r\n:" +
      std::to_string(proto) + "\r\n$2\r\nid\r\n:" + std::to_string(id) +
      "\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster"
      "\r\n$7\r\nmodules\r\n*0\r\n";
  return (proto == 3 ? "%7\r\n" : "*14\r\n") + fields;
}

int64_t ClientId(TestClient& client) {
  EXPECT_TRUE(client.Send(Resp({"CLIENT", "ID"})));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, ':') << "CLIENT ID";
  return reply.type == ':' ? std::stoll(reply.text) : -1;
}

// CLIENT LIST or CLIENT INFO's text (a bulk string in RESP2).
std::string ClientText(TestClient& client, const std::vector<std::string>& request) {
  EXPECT_TRUE(client.Send(Resp(request)));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, '$') << "reply to " << request[1];
  return reply.text;
}

// One CLIENT LIST line as (field, value) pairs in the order they appear.
std::vector<std::pair<std::string, std::string>> Fields(const std::string& line) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::istringstream words(line);
  std::string word;
  while (words >> word) {
    const size_t equals = word.find('=');
    fields.emplace_back(word.substr(0, equals),
                        equals == std::string::npos ? "" : word.substr(equals + 1));
  }
  return fields;
}

std::string Field(const std::string& line, const std::string& name) {
  for (const auto& [field, value] : Fields(line)) {
    if (field == name) return value;
  }
  ADD_FAILURE() << "no field " << name << " in \"" << line << "\"";
  return "";
}

// redis-server with a password, or nullptr if it is not installed.
std::unique_ptr<testkit::ServerProcess> StartReferenceRedisWithPassword(const std::string& pass) {
  if (access(kRedisServer, X_OK) != 0) return nullptr;
  const uint16_t port = testkit::FreePort();
  return testkit::ServerProcess::StartExact(
      kRedisServer,
      {"--port", std::to_string(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
       "--requirepass", pass},
      port);
}

TEST_F(RedisConnection, PingEchoSelectAndQuitAnswerAsRedis) {
  const std::vector<Step> steps = {
      {{"PING"}, "+PONG\r\n"},
      {{"ping", "hello"}, Bulk("hello")},
      {{"PING", ""}, Bulk("")},
      {{"PING", "a", "b"}, Err("ERR wrong number of arguments for 'ping' command")},
      {{"ECHO", "x y"}, Bulk("x y")},
      {{"ECHO"}, Err("ERR wrong number of arguments for 'echo' command")},
      {{"ECHO", "a", "b"}, Err("ERR wrong number of arguments for 'echo' command")},
      {{"SELECT", "15"}, kOk},
      {{"SELECT", "16"}, Err("ERR DB index is out of range")},
      {{"SELECT", "-1"}, Err("ERR DB index is out of range")},
      {{"SELECT", "x"}, Err("ERR value is not an integer or out of range")},
      {{"SELECT", "01"}, Err("ERR value is not an integer or out of range")},
      {{"SELECT", "1.0"}, Err("ERR value is not an integer or out of range")},
      {{"SELECT", "99999999999"},
       Err("ERR value is out of range, value must between -2147483648 and 2147483647")},
      {{"SELECT", "1", "2"}, Err("ERR wrong number of arguments for 'select' command")},
      {{"SELECT", "0"}, kOk},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

TEST_F(RedisConnection, QuitRepliesOkThenCloses) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"QUIT", "extra", "arguments"}), kOk));
  EXPECT_TRUE(client.PeerClosed());
  TestClient other(port());
  EXPECT_TRUE(other.Exchange(Resp({"PING"}), "+PONG\r\n"));
}

TEST_F(RedisConnection, SelectIsPerConnection) {
  TestClient one(port());
  TestClient other(port());
  EXPECT_TRUE(one.Exchange(Resp({"SELECT", "3"}), kOk));
  EXPECT_TRUE(one.Exchange(Resp({"SET", "k", "in three"}), kOk));
  EXPECT_TRUE(other.Exchange(Resp({"GET", "k"}), kNil));
  EXPECT_TRUE(other.Exchange(Resp({"SELECT", "3"}), kOk));
  EXPECT_TRUE(other.Exchange(Resp({"GET", "k"}), Bulk("in three")));
}

TEST_F(RedisConnection, HelloThreeRepliesAMapAndLaterRepliesAreResp3) {
  TestClient client(port());
  const int64_t id = ClientId(client);
  EXPECT_TRUE(client.Exchange(Resp({"HELLO"}), HelloReply(2, id)));  // no switch without a version
  EXPECT_TRUE(client.Exchange(Resp({"HELLO", "3"}), HelloReply(3, id)));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "missing"}), "_\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"CONFIG", "GET", "maxclients"}),
                              "%1\r\n$10\r\nmaxclients\r\n$5\r\n10000\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"HELLO", "2"}), HelloReply(2, id)));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "missing"}), kNil));
  TestClient other(port());
  EXPECT_TRUE(other.Exchange(Resp({"GET", "missing"}), kNil));  // the switch is per connection
}

TEST_F(RedisConnection, HelloSetsTheNameAndChecksItsArgumentsAsRedis) {
  const std::vector<Step> steps = {
      {{"HELLO", "4"}, Err("NOPROTO unsupported protocol version")},
      {{"HELLO", "1"}, Err("NOPROTO unsupported protocol version")},
      {{"HELLO", "x"}, Err("ERR Protocol version is not an integer or out of range")},
      {{"HELLO", "2.0"}, Err("ERR Protocol version is not an integer or out of range")},
      {{"HELLO", "3", "AUTH", "default"}, Err("ERR Syntax error in HELLO option 'AUTH'")},
      {{"HELLO", "3", "SETNAME"}, Err("ERR Syntax error in HELLO option 'SETNAME'")},
      {{"HELLO", "3", "FOO"}, Err("ERR Syntax error in HELLO option 'FOO'")},
      {{"HELLO", "3", "SETNAME", "a b", "FOO"},
       Err("ERR Client names cannot contain spaces, newlines or special characters.")},
      {{"HELLO", "3", "AUTH", "bob", "x"},
       Err("WRONGPASS invalid username-password pair or user is disabled.")},
      {{"CLIENT", "GETNAME"}, kNil},  // nothing changed: the protocol is still RESP2
      // Each option acts as it is read: the name is set before the error about "b".
      {{"HELLO", "3", "SETNAME", "a", "b"}, Err("ERR Syntax error in HELLO option 'b'")},
      {{"CLIENT", "GETNAME"}, Bulk("a")},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);

  TestClient client(port());
  const int64_t id = ClientId(client);
  EXPECT_TRUE(client.Exchange(Resp({"HELLO", "2", "AUTH", "default", "any", "SETNAME", "web"}),
                              HelloReply(2, id)));  // without requirepass any password passes
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "GETNAME"}), Bulk("web")));
}

TEST_F(RedisConnection, AuthWithoutAPasswordAnswersAsRedis) {
  const std::vector<Step> steps = {
      {{"AUTH", "x"},
       Err("ERR AUTH <password> called without any password configured for the default user. "
           "Are you sure your configuration is correct?")},
      {{"AUTH", "someone", "x"},
       Err("WRONGPASS invalid username-password pair or user is disabled.")},
      {{"AUTH", "default", "x"}, kOk},
      {{"AUTH", "a", "b", "c"}, Err("ERR syntax error")},
      {{"AUTH"}, Err("ERR wrong number of arguments for 'auth' command")},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

// With requirepass, only AUTH, HELLO, QUIT and RESET run before authentication. An unknown
// command or subcommand, or a wrong number of arguments, is named before NOAUTH, as by Redis.
std::vector<Step> RequirePassSteps() {
  const std::string noauth = Err("NOAUTH Authentication required.");
  const std::string hello_noauth =
      Err("NOAUTH HELLO must be called with the client already authenticated, otherwise the "
          "HELLO AUTH <user> <pass> option can be used to authenticate the client and select "
          "the RESP protocol version at the same time");
  const std::string wrongpass =
      Err("WRONGPASS invalid username-password pair or user is disabled.");
  return {
      {{"PING"}, noauth},
      {{"GET", "k"}, noauth},
      {{"CLIENT", "GETNAME"}, noauth},
      {{"GET"}, Err("ERR wrong number of arguments for 'get' command")},
      {{"CONFIG", "GET"}, Err("ERR wrong number of arguments for 'config|get' command")},
      {{"CONFIG", "NOSUCH"}, Err("ERR unknown subcommand 'NOSUCH'. Try CONFIG HELP.")},
      {{"NOSUCH", "x"}, Err("ERR unknown command 'NOSUCH', with args beginning with: 'x' ")},
      {{"HELLO"}, hello_noauth},
      {{"HELLO", "3", "AUTH", "default", "wrong"}, wrongpass},
      {{"HELLO", "5", "AUTH", "default", "secret"}, Err("NOPROTO unsupported protocol version")},
      {{"PING"}, noauth},  // HELLO stopped at the version: nothing was authenticated
      {{"AUTH", "wrong"}, wrongpass},
      {{"AUTH", "other", "secret"}, wrongpass},
      {{"AUTH", "secret"}, kOk},
      {{"PING"}, "+PONG\r\n"},
      {{"AUTH", "wrong"}, wrongpass},
      {{"PING"}, "+PONG\r\n"},  // a failed AUTH does not log an authenticated client out
      {{"RESET"}, "+RESET\r\n"},
      {{"PING"}, noauth},  // RESET does
      {{"HELLO", "2", "AUTH", "default", "wrong", "SETNAME", "a b"}, wrongpass},
      {{"HELLO", "2", "SETNAME", "a b", "AUTH", "default", "wrong"},
       Err("ERR Client names cannot contain spaces, newlines or special characters.")},
      {{"HELLO", "2", "SETNAME", "early"}, hello_noauth},
      {{"HELLO", "2", "AUTH", "default", "secret", "FOO"},
       Err("ERR Syntax error in HELLO option 'FOO'")},
      {{"PING"}, "+PONG\r\n"},                 // AUTH acted before FOO was read,
      {{"CLIENT", "GETNAME"}, Bulk("early")},  // as SETNAME did before NOAUTH
      {{"QUIT"}, kOk},
  };
}

TEST_F(RedisConnection, RequirePassAllowsOnlyAuthHelloQuitAndResetBeforeAuth) {
  Restart({"--requirepass", "secret"});
  ExpectReplies(port(), RequirePassSteps());
  if (auto redis = StartReferenceRedisWithPassword("secret")) {
    TestClient client(redis->port());
    ExpectReplies(client, RequirePassSteps(), "redis-server");
  }

  TestClient client(port());
  ASSERT_TRUE(client.Send(Resp({"HELLO", "3", "AUTH", "default", "secret", "SETNAME", "app"})));
  const Reply hello = ReadReply(client);
  EXPECT_EQ(hello.type, '%');
  EXPECT_TRUE(client.Exchange(Resp({"GET", "missing"}), "_\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "GETNAME"}), Bulk("app")));
}

TEST_F(RedisConnection, SettingAPasswordKeepsConnectedClientsLoggedIn) {
  TestClient admin(port());
  TestClient bystander(port());
  EXPECT_TRUE(bystander.Exchange(Resp({"PING"}), "+PONG\r\n"));  // connected, surely
  EXPECT_TRUE(admin.Exchange(Resp({"CONFIG", "SET", "requirepass", "secret"}), kOk));
  EXPECT_TRUE(admin.Exchange(Resp({"PING"}), "+PONG\r\n"));
  EXPECT_TRUE(bystander.Exchange(Resp({"PING"}), "+PONG\r\n"));
  TestClient newcomer(port());
  EXPECT_TRUE(newcomer.Exchange(Resp({"PING"}), Err("NOAUTH Authentication required.")));
  EXPECT_TRUE(newcomer.Exchange(Resp({"AUTH", "secret"}), kOk));
  EXPECT_TRUE(newcomer.Exchange(Resp({"PING"}), "+PONG\r\n"));
  EXPECT_TRUE(admin.Exchange(Resp({"CONFIG", "SET", "requirepass", ""}), kOk));
  TestClient later(port());
  EXPECT_TRUE(later.Exchange(Resp({"PING"}), "+PONG\r\n"));
}

TEST_F(RedisConnection, ResetRestoresTheStateOfANewConnection) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"SET", "k", "zero"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"SELECT", "2"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "SETNAME", "worker"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "NO-EVICT", "on"}), kOk));
  SwitchToResp3(client);
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), "_\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"RESET"}), "+RESET\r\n"));
  EXPECT_TRUE(client.Exchange(Resp({"GET", "k"}), Bulk("zero")));  // database 0, RESP2
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "GETNAME"}), kNil));
  const std::string info = ClientText(client, {"CLIENT", "INFO"});
  EXPECT_EQ(Field(info, "flags"), "N") << info;
  EXPECT_EQ(Field(info, "resp"), "2") << info;
  EXPECT_TRUE(client.Exchange(Resp({"RESET", "x"}),
                              Err("ERR wrong number of arguments for 'reset' command")));
}

TEST_F(RedisConnection, ClientNameAndIdAnswerAsRedis) {
  const std::string bad_name =
      Err("ERR Client names cannot contain spaces, newlines or special characters.");
  const std::vector<Step> steps = {
      {{"CLIENT", "GETNAME"}, kNil},
      {{"CLIENT", "SETNAME", "a b"}, bad_name},
      {{"CLIENT", "SETNAME", "tab\there"}, bad_name},
      {{"CLIENT", "SETNAME", "caf\xc3\xa9"}, bad_name},
      {{"CLIENT", "SETNAME", "web-1"}, kOk},
      {{"CLIENT", "GETNAME"}, Bulk("web-1")},
      {{"CLIENT", "SETNAME", ""}, kOk},
      {{"CLIENT", "GETNAME"}, kNil},
      {{"CLIENT", "SETNAME"}, Err("ERR wrong number of arguments for 'client|setname' command")},
      {{"CLIENT", "SETNAME", "x", "y"},
       Err("ERR wrong number of arguments for 'client|setname' command")},
      {{"CLIENT", "GETNAME", "x"},
       Err("ERR wrong number of arguments for 'client|getname' command")},
      {{"CLIENT", "ID", "x"}, Err("ERR wrong number of arguments for 'client|id' command")},
      {{"CLIENT"}, Err("ERR wrong number of arguments for 'client' command")},
      {{"CLIENT", "FOO"}, Err("ERR unknown subcommand 'FOO'. Try CLIENT HELP.")},
      {{"client", "foo", "bar"}, Err("ERR unknown subcommand 'foo'. Try CLIENT HELP.")},
      {{"CLIENT", "NO-EVICT", "on"}, kOk},
      {{"CLIENT", "NO-EVICT", "x"}, Err("ERR syntax error")},
      {{"CLIENT", "NO-EVICT", "OFF"}, kOk},
      {{"CLIENT", "REPLY", "x"}, Err("ERR syntax error")},
      {{"CLIENT", "REPLY"}, Err("ERR wrong number of arguments for 'client|reply' command")},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);

  TestClient first(port());
  TestClient second(port());
  const int64_t first_id = ClientId(first);
  EXPECT_GT(ClientId(second), first_id);  // ids grow with each connection
}

TEST_F(RedisConnection, ClientListShowsEveryConnectionInRedisFormat) {
  TestClient caller(port());
  TestClient other(port());
  EXPECT_TRUE(other.Exchange(Resp({"CLIENT", "SETNAME", "web"}), kOk));
  EXPECT_TRUE(other.Exchange(Resp({"SELECT", "4"}), kOk));
  const int64_t caller_id = ClientId(caller);
  const int64_t other_id = ClientId(other);

  const std::string list = ClientText(caller, {"CLIENT", "LIST"});
  std::map<std::string, std::string> lines;  // id -> line
  std::istringstream stream(list);
  for (std::string line; std::getline(stream, line);) lines[Field(line, "id")] = line;
  ASSERT_EQ(lines.size(), 2u) << list;
  ASSERT_EQ(list.back(), '\n');
  const std::string& mine = lines[std::to_string(caller_id)];
  const std::string& theirs = lines[std::to_string(other_id)];

  // Redis 7.0's fields in Redis's order, then 7.2's lib-name and lib-ver.
  const std::vector<std::string> names = {
      "id",        "addr", "laddr", "fd",   "name",     "age",    "idle",      "flags",
      "db",        "sub",  "psub",  "ssub", "multi",    "qbuf",   "qbuf-free", "argv-mem",
      "multi-mem", "rbs",  "rbp",   "obl",  "oll",      "omem",   "tot-mem",   "events",
      "cmd",       "user", "redir", "resp", "lib-name", "lib-ver"};
  std::vector<std::string> got;
  for (const auto& [field, value] : Fields(mine)) got.push_back(field);
  EXPECT_EQ(got, names) << mine;
  EXPECT_EQ(Field(mine, "cmd"), "client|list") << mine;
  EXPECT_EQ(Field(mine, "laddr"), "127.0.0.1:" + std::to_string(port())) << mine;
  EXPECT_EQ(Field(theirs, "name"), "web") << theirs;
  EXPECT_EQ(Field(theirs, "db"), "4") << theirs;
  EXPECT_EQ(Field(theirs, "cmd"), "client|id") << theirs;
  EXPECT_EQ(Field(theirs, "flags"), "N") << theirs;
  EXPECT_EQ(Field(theirs, "user"), "default") << theirs;
  EXPECT_EQ(Field(theirs, "multi"), "-1") << theirs;

  auto count_lines = [](const std::string& text) {
    return std::count(text.begin(), text.end(), '\n');
  };
  EXPECT_EQ(count_lines(ClientText(caller, {"CLIENT", "LIST", "TYPE", "normal"})), 2);
  EXPECT_EQ(ClientText(caller, {"CLIENT", "LIST", "TYPE", "pubsub"}), "");
  // By id, in the order asked for, skipping ids that are not connected.
  const std::string by_id = ClientText(caller, {"CLIENT", "LIST", "ID", std::to_string(other_id),
                                                "999999", std::to_string(caller_id)});
  EXPECT_EQ(count_lines(by_id), 2) << by_id;
  EXPECT_EQ(Field(by_id.substr(0, by_id.find('\n')), "name"), "web") << by_id;
  const std::string info = ClientText(other, {"CLIENT", "INFO"});
  EXPECT_EQ(Field(info, "id"), std::to_string(other_id)) << info;
  EXPECT_EQ(Field(info, "cmd"), "client|info") << info;
  EXPECT_EQ(info.back(), '\n');

  const std::vector<Step> errors = {
      {{"CLIENT", "LIST", "TYPE", "x"}, Err("ERR Unknown client type 'x'")},
      {{"CLIENT", "LIST", "ID", "1", "x"}, Err("ERR Invalid client ID")},
      {{"CLIENT", "LIST", "ID"}, Err("ERR syntax error")},
      {{"CLIENT", "LIST", "foo"}, Err("ERR syntax error")},
      {{"CLIENT", "LIST", "TYPE", "normal", "ID", "1"}, Err("ERR syntax error")},
      {{"CLIENT", "LIST", "TYPE", "master"}, Bulk("")},
      {{"CLIENT", "LIST", "ID", "999999"}, Bulk("")},
  };
  ExpectReplies(port(), errors);
  ExpectRepliesFromRedis(errors);
}

TEST_F(RedisConnection, ClientListIsVerbatimTextInResp3) {
  TestClient client(port());
  SwitchToResp3(client);
  ASSERT_TRUE(client.Send(Resp({"CLIENT", "INFO"})));
  const Reply reply = ReadReply(client);
  EXPECT_EQ(reply.type, '=');
  EXPECT_EQ(reply.text.substr(0, 7), "txt:id=") << reply.text;
  EXPECT_NE(reply.text.find(" resp=3 "), std::string::npos) << reply.text;
}

TEST_F(RedisConnection, ClientKillClosesAnotherClient) {
  TestClient killer(port());
  auto victim = std::make_unique<TestClient>(port());
  const int64_t victim_id = ClientId(*victim);
  EXPECT_TRUE(killer.Exchange(Resp({"CLIENT", "KILL", "ID", std::to_string(victim_id)}), Int(1)));
  EXPECT_TRUE(victim->PeerClosed());
  EXPECT_TRUE(killer.Exchange(Resp({"CLIENT", "KILL", "ID", std::to_string(victim_id)}), Int(0)));

  // The old form, by the address CLIENT INFO shows.
  victim = std::make_unique<TestClient>(port());
  const std::string addr = Field(ClientText(*victim, {"CLIENT", "INFO"}), "addr");
  EXPECT_TRUE(killer.Exchange(Resp({"CLIENT", "KILL", addr}), kOk));
  EXPECT_TRUE(victim->PeerClosed());
  EXPECT_TRUE(killer.Exchange(Resp({"CLIENT", "KILL", addr}), Err("ERR No such client")));

  // The new form skips the caller unless SKIPME no; then the caller gets its reply first.
  const std::string mine = Field(ClientText(killer, {"CLIENT", "INFO"}), "addr");
  EXPECT_TRUE(killer.Exchange(Resp({"CLIENT", "KILL", "ADDR", mine}), Int(0)));
  EXPECT_TRUE(killer.Exchange(Resp({"CLIENT", "KILL", "ADDR", mine, "SKIPME", "no"}), Int(1)));
  EXPECT_TRUE(killer.PeerClosed());

  TestClient survivor(port());
  EXPECT_TRUE(survivor.Exchange(Resp({"PING"}), "+PONG\r\n"));
}

TEST_F(RedisConnection, ClientKillChecksItsFiltersAsRedis) {
  const std::vector<Step> steps = {
      {{"CLIENT", "KILL", "1.2.3.4:5"}, Err("ERR No such client")},
      {{"CLIENT", "KILL", "ID"}, Err("ERR No such client")},  // the old form: "ID" is an address
      {{"CLIENT", "KILL"}, Err("ERR wrong number of arguments for 'client|kill' command")},
      {{"CLIENT", "KILL", "ID", "x"}, Err("ERR client-id should be greater than 0")},
      {{"CLIENT", "KILL", "ID", "0"}, Err("ERR client-id should be greater than 0")},
      {{"CLIENT", "KILL", "ID", "999999"}, Int(0)},
      {{"CLIENT", "KILL", "ADDR", "1.2.3.4:5"}, Int(0)},
      {{"CLIENT", "KILL", "LADDR", "1.2.3.4:5"}, Int(0)},
      {{"CLIENT", "KILL", "SKIPME", "x"}, Err("ERR syntax error")},
      {{"CLIENT", "KILL", "TYPE", "foo"}, Err("ERR Unknown client type 'foo'")},
      {{"CLIENT", "KILL", "TYPE", "master"}, Int(0)},
      {{"CLIENT", "KILL", "USER", "nobody"}, Err("ERR No such user 'nobody'")},
      {{"CLIENT", "KILL", "USER", "default"}, Int(0)},  // everyone but the caller: nobody
      {{"CLIENT", "KILL", "FOO", "bar"}, Err("ERR syntax error")},
      {{"CLIENT", "KILL", "ID", "1", "ID"}, Err("ERR syntax error")},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

TEST_F(RedisConnection, ClientReplyOffAndSkipDropRepliesAsRedis) {
  // Each step expects exactly the bytes Redis sends; "" means no reply at all, which the next
  // step's reply proves (it would otherwise be preceded by the dropped one).
  const std::vector<Step> steps = {
      {{"CLIENT", "REPLY", "OFF"}, ""},
      {{"PING"}, ""},
      {{"SET", "k", "v"}, ""},
      {{"CLIENT", "REPLY", "ON"}, kOk},
      {{"GET", "k"}, Bulk("v")},
      {{"CLIENT", "REPLY", "SKIP"}, ""},
      {{"PING", "skipped"}, ""},
      {{"PING", "answered"}, Bulk("answered")},
      {{"CLIENT", "REPLY", "OFF"}, ""},
      {{"CLIENT", "REPLY", "SKIP"}, ""},  // SKIP under OFF changes nothing
      {{"PING"}, ""},
      {{"CLIENT", "REPLY", "ON"}, kOk},
      {{"PING"}, "+PONG\r\n"},
      {{"CLIENT", "REPLY", "SKIP"}, ""},
      {{"CLIENT", "REPLY", "ON"}, kOk},  // ON ends the skip of its own reply
      {{"CLIENT", "REPLY", "SKIP"}, ""},
      {{"CLIENT", "REPLY", "SKIP"}, ""},  // skipped, and skips the next one
      {{"PING"}, ""},
      {{"CLIENT", "REPLY", "SKIP"}, ""},
      {{"RESET"}, ""},  // RESET ends OFF, not the skip of its own reply
      {{"CLIENT", "REPLY", "OFF"}, ""},
      {{"RESET"}, "+RESET\r\n"},
      {{"PING"}, "+PONG\r\n"},
  };
  ExpectReplies(port(), steps);
  ExpectRepliesFromRedis(steps);
}

// Redis 7.2's CLIENT SETINFO and NO-TOUCH, which clients written for 7.2 send on connect.
TEST_F(RedisConnection, ClientSetInfoIsAcceptedAndShown) {
  TestClient client(port());
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "SETINFO", "LIB-NAME", "node-redis"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "SETINFO", "lib-ver", "5.0.0"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "SETINFO", "lib-name", "a b"}),
                              Err("ERR lib-name cannot contain spaces, newlines or special "
                                  "characters.")));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "SETINFO", "color", "red"}),
                              Err("ERR Unrecognized option 'color'")));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "NO-TOUCH", "on"}), kOk));
  EXPECT_TRUE(client.Exchange(Resp({"CLIENT", "NO-TOUCH", "maybe"}), Err("ERR syntax error")));
  const std::string info = ClientText(client, {"CLIENT", "INFO"});
  EXPECT_EQ(Field(info, "lib-name"), "node-redis") << info;
  EXPECT_EQ(Field(info, "lib-ver"), "5.0.0") << info;
  EXPECT_EQ(Field(info, "flags"), "T") << info;
}

TEST_F(RedisConnection, ClientHelpListsTheSubcommands) {
  TestClient client(port());
  ASSERT_TRUE(client.Send(Resp({"CLIENT", "HELP"})));
  const Reply help = ReadReply(client);
  ASSERT_EQ(help.type, '*');
  ASSERT_GE(help.items.size(), 3u);
  EXPECT_EQ(help.items[0].text, "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  EXPECT_EQ(help.items[help.items.size() - 2].text, "HELP");
  EXPECT_EQ(help.items.back().text, "    Prints this help.");
}

}  // namespace
}  // namespace stepdb
