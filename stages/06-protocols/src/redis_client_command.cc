#include "redis_client_command.h"

#include <chrono>
#include <string>
#include <vector>

#include "redis_args.h"
#include "redis_subcommands.h"

namespace stepdb {
namespace {

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Redis's client types (getClientTypeByName). Every client of this server is "normal": there
// are no replicas, no master and no pub/sub yet.
enum class ClientType { kNormal, kOther, kUnknown };

ClientType ClientTypeByName(std::string_view name) {
  if (EqualsIgnoreCase(name, "normal")) return ClientType::kNormal;
  for (std::string_view other : {"slave", "replica", "pubsub", "master"}) {
    if (EqualsIgnoreCase(name, other)) return ClientType::kOther;
  }
  return ClientType::kUnknown;
}

std::string UnknownClientTypeError(std::string_view name) {
  return "ERR Unknown client type '" + std::string(name) + "'";
}

// `on_word` or `off_word` (any case) into *on; false for anything else.
bool ParseSwitch(std::string_view text, std::string_view on_word, std::string_view off_word,
                 bool* on) {
  if (EqualsIgnoreCase(text, on_word)) {
    *on = true;
  } else if (EqualsIgnoreCase(text, off_word)) {
    *on = false;
  } else {
    return false;
  }
  return true;
}

void ClientIdCommand(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.client.id));
}

void ClientGetNameCommand(CommandContext& ctx) {
  if (ctx.client.name.empty()) {
    ctx.reply.Null();
  } else {
    ctx.reply.Bulk(ctx.client.name);
  }
}

void ClientSetNameCommand(CommandContext& ctx) {
  if (!IsValidClientName(ctx.argv[2])) {
    ctx.reply.Error(kErrClientName);
    return;
  }
  ctx.client.name = ctx.argv[2];
  ctx.reply.Ok();
}

// CLIENT INFO and CLIENT LIST are verbatim text in RESP3, a bulk string in RESP2.
void ClientInfoCommand(CommandContext& ctx) {
  ctx.reply.Verbatim(ClientInfoLine(ctx.client, NowMs()) + "\n");
}

// CLIENT LIST [TYPE type] | [ID id [id ...]]: one filter at most, as in Redis 7.0.
void ClientListCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  const int64_t now_ms = NowMs();
  std::vector<ClientState*> clients = ctx.server.services->Clients();
  std::string lines;
  if (argv.size() == 4 && EqualsIgnoreCase(argv[2], "type")) {
    const ClientType type = ClientTypeByName(argv[3]);
    if (type == ClientType::kUnknown) {
      ctx.reply.Error(UnknownClientTypeError(argv[3]));
      return;
    }
    if (type == ClientType::kNormal) {
      for (const ClientState* client : clients) lines += ClientInfoLine(*client, now_ms) + "\n";
    }
  } else if (argv.size() > 3 && EqualsIgnoreCase(argv[2], "id")) {
    // In the order asked for; an id that is not connected is skipped.
    for (size_t i = 3; i < argv.size(); ++i) {
      int64_t id = 0;
      if (!StringToInt64(argv[i], &id)) {
        ctx.reply.Error("ERR Invalid client ID");
        return;
      }
      for (const ClientState* client : clients) {
        if (static_cast<int64_t>(client->id) == id) lines += ClientInfoLine(*client, now_ms) + "\n";
      }
    }
  } else if (argv.size() != 2) {
    ctx.reply.Error(kErrSyntax);
    return;
  } else {
    for (const ClientState* client : clients) lines += ClientInfoLine(*client, now_ms) + "\n";
  }
  ctx.reply.Verbatim(lines);
}

// CLIENT KILL, both forms (Redis 7.0's clientCommand "kill"). The old form may kill the
// calling client; the new form skips it unless SKIPME no. A client that kills itself gets
// its reply first (the server closes it after the reply).
void ClientKillCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  const bool old_form = argv.size() == 3;
  const std::string* addr = old_form ? &argv[2] : nullptr;
  const std::string* laddr = nullptr;
  uint64_t id = 0;
  bool other_type = false;  // TYPE master, replica or pubsub: no client of this server is one
  bool skip_me = !old_form;
  for (size_t i = 2; !old_form && i < argv.size(); i += 2) {
    const bool has_value = i + 1 < argv.size();
    const std::string& option = argv[i];
    if (EqualsIgnoreCase(option, "id") && has_value) {
      int64_t value = 0;
      if (!StringToInt64(argv[i + 1], &value) || value < 1) {
        ctx.reply.Error("ERR client-id should be greater than 0");
        return;
      }
      id = static_cast<uint64_t>(value);
    } else if (EqualsIgnoreCase(option, "type") && has_value) {
      const ClientType type = ClientTypeByName(argv[i + 1]);
      if (type == ClientType::kUnknown) {
        ctx.reply.Error(UnknownClientTypeError(argv[i + 1]));
        return;
      }
      other_type = type == ClientType::kOther;
    } else if (EqualsIgnoreCase(option, "addr") && has_value) {
      addr = &argv[i + 1];
    } else if (EqualsIgnoreCase(option, "laddr") && has_value) {
      laddr = &argv[i + 1];
    } else if (EqualsIgnoreCase(option, "user") && has_value) {
      if (argv[i + 1] != "default") {
        ctx.reply.Error("ERR No such user '" + argv[i + 1] + "'");
        return;
      }
    } else if (EqualsIgnoreCase(option, "skipme") && has_value) {
      if (!ParseSwitch(argv[i + 1], "yes", "no", &skip_me)) {
        ctx.reply.Error(kErrSyntax);
        return;
      }
    } else {
      ctx.reply.Error(kErrSyntax);
      return;
    }
  }

  // Choose first, then close: closing a connection must not disturb the list being walked.
  std::vector<ClientState*> victims;
  for (ClientState* client : ctx.server.services->Clients()) {
    if (addr != nullptr && client->addr != *addr) continue;
    if (laddr != nullptr && client->laddr != *laddr) continue;
    if (other_type) continue;
    if (id != 0 && client->id != id) continue;
    if (skip_me && client == &ctx.client) continue;
    victims.push_back(client);
  }
  for (ClientState* victim : victims) ctx.server.services->KillClient(*victim);

  if (!old_form) {
    ctx.reply.Integer(static_cast<int64_t>(victims.size()));
  } else if (victims.empty()) {
    ctx.reply.Error("ERR No such client");
  } else {
    ctx.reply.Ok();
  }
}

void ClientReplyCommand(CommandContext& ctx) {
  const std::string& mode = ctx.argv[2];
  if (EqualsIgnoreCase(mode, "on")) {
    ctx.client.reply_mode = ClientState::ReplyMode::kOn;  // also ends a skip of this reply
    ctx.reply.Ok();
  } else if (EqualsIgnoreCase(mode, "off")) {
    ctx.client.reply_mode = ClientState::ReplyMode::kOff;
  } else if (EqualsIgnoreCase(mode, "skip")) {
    if (ctx.client.reply_mode != ClientState::ReplyMode::kOff) ctx.client.skip_next_reply = true;
  } else {
    ctx.reply.Error(kErrSyntax);
  }
}

// CLIENT UNBLOCK id [TIMEOUT|ERROR]: ends the wait of a client that a blocking command
// parked, with the command's timeout reply (TIMEOUT, the default) or an error; 1 if the client
// was blocked, 0 otherwise (also where no command blocks).
void ClientUnblockCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  if (argv.size() > 4) {
    ReplySubcommandSyntaxError(ctx);
    return;
  }
  bool with_error = false;  // Redis reads the reason before the id
  if (argv.size() == 4 && !ParseSwitch(argv[3], "error", "timeout", &with_error)) {
    ctx.reply.Error("ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
    return;
  }
  int64_t id = 0;
  if (!StringToInt64(argv[2], &id)) {
    ctx.reply.Error(kErrNotInteger);
    return;
  }
  BlockingService* blocking = ctx.server.blocking;
  const bool unblocked =
      id > 0 && blocking != nullptr && blocking->Unblock(static_cast<uint64_t>(id), with_error);
  ctx.reply.Integer(unblocked ? 1 : 0);
}

void ClientNoEvictCommand(CommandContext& ctx) {
  if (!ParseSwitch(ctx.argv[2], "on", "off", &ctx.client.no_evict)) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  ctx.reply.Ok();
}

void ClientNoTouchCommand(CommandContext& ctx) {
  if (!ParseSwitch(ctx.argv[2], "on", "off", &ctx.client.no_touch)) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  ctx.reply.Ok();
}

// CLIENT SETINFO LIB-NAME|LIB-VER value, as Redis 7.2 answers it.
void ClientSetInfoCommand(CommandContext& ctx) {
  const std::string& attribute = ctx.argv[2];
  std::string* field = nullptr;
  if (EqualsIgnoreCase(attribute, "lib-name")) {
    field = &ctx.client.lib_name;
  } else if (EqualsIgnoreCase(attribute, "lib-ver")) {
    field = &ctx.client.lib_ver;
  } else {
    ctx.reply.Error("ERR Unrecognized option '" + attribute + "'");
    return;
  }
  if (!IsValidClientName(ctx.argv[3])) {
    ctx.reply.Error("ERR " + attribute + " cannot contain spaces, newlines or special characters.");
    return;
  }
  *field = ctx.argv[3];
  ctx.reply.Ok();
}

void ClientHelpCommand(CommandContext& ctx) {
  // Redis 7.0's lines for the subcommands this server has, then 7.2's for SETINFO and
  // NO-TOUCH.
  static constexpr std::string_view kLines[] = {
      "GETNAME",
      "    Return the name of the current connection.",
      "ID",
      "    Return the ID of the current connection.",
      "INFO",
      "    Return information about the current client connection.",
      "KILL <ip:port>",
      "    Kill connection made from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill connections. Options are:",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made from the specified address",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "      Kill connections made to specified local address",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Kill connections by type.",
      "    * USER <username>",
      "      Kill connections authenticated by <username>.",
      "    * SKIPME (YES|NO)",
      "      Skip killing current connection (default: yes).",
      "LIST [options ...]",
      "    Return information about client connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "      Return clients of specified type.",
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to the current connection.",
      "SETNAME <name>",
      "    Assign the name <name> to the current connection.",
      "UNBLOCK <clientid> [TIMEOUT|ERROR]",
      "    Unblock the specified blocked client.",
      "SETINFO <option> <value>",
      "    Set client meta attr. Options are:",
      "    * LIB-NAME: the client lib name.",
      "    * LIB-VER: the client lib version.",
      "NO-EVICT (ON|OFF)",
      "    Protect current client connection from eviction.",
      "NO-TOUCH (ON|OFF)",
      "    Will not touch LRU/LFU stats when this mode is on.",
  };
  ReplyHelp(ctx, kLines);
}

constexpr Subcommand kClientSubcommands[] = {
    {"id", 2, ClientIdCommand},
    {"getname", 2, ClientGetNameCommand},
    {"setname", 3, ClientSetNameCommand},
    {"info", 2, ClientInfoCommand},
    {"list", -2, ClientListCommand},
    {"kill", -3, ClientKillCommand},
    {"reply", 3, ClientReplyCommand},
    {"unblock", -3, ClientUnblockCommand},
    {"no-evict", 3, ClientNoEvictCommand},
    {"no-touch", 3, ClientNoTouchCommand},
    {"setinfo", 4, ClientSetInfoCommand},
    {"help", 2, ClientHelpCommand},
};

}  // namespace

bool IsValidClientName(std::string_view name) {
  for (char c : name) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

std::string ClientInfoLine(const ClientState& client, int64_t now_ms) {
  std::string flags;
  if (client.blocked) flags += 'b';
  if (client.close_after_reply) flags += 'c';
  if (client.no_evict) flags += 'e';
  if (client.no_touch) flags += 'T';
  if (flags.empty()) flags = "N";
  const uint64_t qbuf = client.input_buffer_bytes;
  const uint64_t omem = client.output_buffer_bytes;
  auto n = [](auto value) { return std::to_string(value); };
  return "id=" + n(client.id) + " addr=" + client.addr + " laddr=" + client.laddr +
         " fd=" + n(client.fd) + " name=" + client.name +
         " age=" + n((now_ms - client.created_ms) / 1000) +
         " idle=" + n((now_ms - client.last_interaction_ms) / 1000) + " flags=" + flags +
         " db=" + n(client.db) + " sub=0 psub=0 ssub=0 multi=-1 qbuf=" + n(qbuf) +
         " qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0 oll=0 omem=" + n(omem) +
         " tot-mem=" + n(qbuf + omem) + " events=" + (omem > 0 ? "rw" : "r") +
         " cmd=" + (client.last_command.empty() ? "NULL" : client.last_command) +
         " user=default redir=-1 resp=" + n(client.resp) + " lib-name=" + client.lib_name +
         " lib-ver=" + client.lib_ver;
}

void ClientCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kClientSubcommands); }

void AddRedisClientCommand(RedisCommandTable& table) {
  table.Add({"client", -2, kCmdNoScript | kCmdLoading | kCmdStale, 0, 0, 0, "connection", "2.4.0",
             "A container for client connection commands", ClientCommand, kClientSubcommands});
}

}  // namespace stepdb
