#include "redis_connection_commands.h"

#include <climits>
#include <optional>
#include <string>

#include "redis_args.h"
#include "redis_client_command.h"
#include "server_runner.h"

namespace stepdb {
namespace {

constexpr std::string_view kDefaultUser = "default";

// Redis's text when HELLO comes before authentication without an AUTH option.
constexpr std::string_view kErrHelloNoAuth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
    "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
    "protocol version at the same time";

const std::string& RequiredPassword(const CommandContext& ctx) {
  static const std::string kNone;
  const std::string* password = ctx.server.config->Get("requirepass");
  return password == nullptr ? kNone : *password;
}

// Redis's ACLAuthenticateUser for the one user there is. A wrong user or password leaves the
// client as it was.
bool Authenticate(CommandContext& ctx, std::string_view user, std::string_view password) {
  if (user != kDefaultUser) return false;
  const std::string& required = RequiredPassword(ctx);
  if (!required.empty() && password != required) return false;
  ctx.client.authenticated = true;
  return true;
}

void ReplyHelloMap(CommandContext& ctx) {
  RespWriter& reply = ctx.reply;
  reply.MapHeader(7);
  reply.Bulk("server");
  reply.Bulk("redis");
  reply.Bulk("version");
  reply.Bulk(kRedisCompatibleVersion);
  reply.Bulk("proto");
  reply.Integer(ctx.client.resp);
  reply.Bulk("id");
  reply.Integer(static_cast<int64_t>(ctx.client.id));
  reply.Bulk("mode");
  reply.Bulk("standalone");
  reply.Bulk("role");
  reply.Bulk("master");
  reply.Bulk("modules");
  reply.ArrayHeader(0);
}

}  // namespace

bool IsAuthenticated(const CommandContext& ctx) {
  return ctx.client.authenticated || RequiredPassword(ctx).empty();
}

void PingCommand(CommandContext& ctx) {
  // PING's arity is -1 so that the table accepts both forms; more than one argument is
  // still an arity error, as Redis reports it.
  if (ctx.argv.size() > 2) {
    ctx.reply.Error(WrongArityError("ping"));
  } else if (ctx.argv.size() == 2) {
    ctx.reply.Bulk(ctx.argv[1]);
  } else {
    ctx.reply.SimpleString("PONG");
  }
}

void EchoCommand(CommandContext& ctx) { ctx.reply.Bulk(ctx.argv[1]); }

void QuitCommand(CommandContext& ctx) {
  ctx.reply.Ok();
  ctx.client.close_after_reply = true;
}

void SelectCommand(CommandContext& ctx) {
  int64_t db = 0;
  if (!StringToInt64(ctx.argv[1], &db)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  if (db < INT_MIN || db > INT_MAX) {  // Redis's getIntFromObjectOrReply
    ctx.reply.Error("ERR value is out of range, value must between -2147483648 and 2147483647");
    return;
  }
  if (db < 0 || db >= ctx.keyspace().databases()) {
    ctx.reply.Error(kErrDbIndex);
    return;
  }
  ctx.client.db = static_cast<int>(db);
  ctx.reply.Ok();
}

void AuthCommand(CommandContext& ctx) {
  if (ctx.argv.size() > 3) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  if (ctx.argv.size() == 2 && RequiredPassword(ctx).empty()) {
    ctx.reply.Error(kErrAuthNotConfigured);
    return;
  }
  const bool ok = ctx.argv.size() == 2 ? Authenticate(ctx, kDefaultUser, ctx.argv[1])
                                       : Authenticate(ctx, ctx.argv[1], ctx.argv[2]);
  if (ok) {
    ctx.reply.Ok();
  } else {
    ctx.reply.Error(kErrWrongPass);
  }
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
// Redis 7.0's order: the version first, then the options in the order given, each acting at
// once: AUTH authenticates and SETNAME names the client, so "HELLO 3 SETNAME web FOO" names
// the client "web" before it fails on FOO. Then the client must be authenticated (a client
// may name itself before it is); only then does the protocol change.
void HelloCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  int64_t protocol = 0;
  if (argv.size() >= 2) {
    if (!StringToInt64(argv[1], &protocol)) {
      ctx.reply.Error(kErrProtoNotInteger);
      return;
    }
    if (protocol < 2 || protocol > 3) {
      ctx.reply.Error(kErrNoProto);
      return;
    }
  }
  for (size_t i = 2; i < argv.size(); ++i) {
    const size_t more = argv.size() - 1 - i;
    if (EqualsIgnoreCase(argv[i], "auth") && more >= 2) {
      if (!Authenticate(ctx, argv[i + 1], argv[i + 2])) {
        ctx.reply.Error(kErrWrongPass);
        return;
      }
      i += 2;
    } else if (EqualsIgnoreCase(argv[i], "setname") && more >= 1) {
      if (!IsValidClientName(argv[i + 1])) {
        ctx.reply.Error(kErrClientName);
        return;
      }
      ctx.client.name = argv[i + 1];
      i += 1;
    } else {
      ctx.reply.Error("ERR Syntax error in HELLO option '" + argv[i] + "'");
      return;
    }
  }
  if (!IsAuthenticated(ctx)) {
    ctx.reply.Error(kErrHelloNoAuth);
    return;
  }
  if (protocol != 0) {
    ctx.client.resp = static_cast<int>(protocol);
    ctx.reply.set_protocol(ctx.client.resp);
  }
  ReplyHelloMap(ctx);
}

// Redis's clearClientConnectionState: the session returns to what a new connection has.
// Library name and version stay: they describe the client's code, not its session.
void ResetCommand(CommandContext& ctx) {
  ClientState& client = ctx.client;
  client.db = 0;
  client.resp = 2;
  client.authenticated = false;  // IsAuthenticated() is still true without requirepass
  client.name.clear();
  // REPLY OFF ends; a skip of RESET's own reply (after CLIENT REPLY SKIP) still holds.
  if (client.reply_mode == ClientState::ReplyMode::kOff) {
    client.reply_mode = ClientState::ReplyMode::kOn;
  }
  client.no_evict = false;
  client.no_touch = false;
  ctx.reply.set_protocol(2);
  ctx.reply.SimpleString("RESET");
}

void AddRedisConnectionCommands(RedisCommandTable& table) {
  constexpr uint32_t kSession = kCmdNoScript | kCmdLoading | kCmdStale | kCmdFast | kCmdNoAuth;
  table.Add(
      {"ping", -1, kCmdFast, 0, 0, 0, "connection", "1.0.0", "Ping the server", PingCommand, {}});
  table.Add({"echo",
             2,
             kCmdLoading | kCmdStale | kCmdFast,
             0,
             0,
             0,
             "connection",
             "1.0.0",
             "Echo the given string",
             EchoCommand,
             {}});
  table.Add({"quit",
             -1,
             kSession,
             0,
             0,
             0,
             "connection",
             "1.0.0",
             "Close the connection",
             QuitCommand,
             {}});
  table.Add({"select",
             2,
             kCmdLoading | kCmdStale | kCmdFast,
             0,
             0,
             0,
             "connection",
             "1.0.0",
             "Change the selected database for the current connection",
             SelectCommand,
             {}});
  table.Add({"auth",
             -2,
             kSession,
             0,
             0,
             0,
             "connection",
             "1.0.0",
             "Authenticate to the server",
             AuthCommand,
             {}});
  table.Add({"hello",
             -1,
             kSession,
             0,
             0,
             0,
             "connection",
             "6.0.0",
             "Handshake with Redis",
             HelloCommand,
             {}});
  table.Add({"reset",
             1,
             kSession,
             0,
             0,
             0,
             "connection",
             "6.2.0",
             "Reset the connection",
             ResetCommand,
             {}});
}

}  // namespace stepdb
