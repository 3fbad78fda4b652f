// CLIENT: a client looking at itself and at the other connections.
//
//   CLIENT ID | GETNAME | SETNAME name | INFO          this connection
//   CLIENT LIST [TYPE normal|master|replica|pubsub] | [ID id ...]
//   CLIENT KILL ip:port                                the old form: +OK, or "No such client"
//   CLIENT KILL [ID id] [ADDR ip:port] [LADDR ip:port] [TYPE type] [USER name] [SKIPME yes|no]
//                                                      the new form: how many were closed
//   CLIENT REPLY ON|OFF|SKIP                           drop this client's replies
//   CLIENT NO-EVICT ON|OFF, CLIENT NO-TOUCH ON|OFF     stored and shown (no eviction, no LRU)
//   CLIENT SETINFO LIB-NAME|LIB-VER value              shown in CLIENT LIST
//   CLIENT HELP
//
// Each connection is one line of CLIENT LIST, in Redis 7.0's format, so tools that parse it
// (redis-cli, monitoring scripts) work unchanged:
//
//   id=7 addr=127.0.0.1:51000 laddr=127.0.0.1:6380 fd=9 name=web age=12 idle=0 flags=N db=0
//   sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=0 argv-mem=0 multi-mem=0 rbs=0 rbp=0 obl=0
//   oll=0 omem=0 tot-mem=0 events=r cmd=client|list user=default redir=-1 resp=2 lib-name=
//   lib-ver=
//
// (one line, ending in "\n"). The fields this server has no counterpart for are fixed:
// there is no pub/sub, no MULTI, no per-client allocator accounting, so sub, psub, ssub are
// 0, multi is -1, qbuf-free, argv-mem, multi-mem, rbs, rbp, obl and oll are 0; qbuf is the
// unparsed input, omem the replies waiting to be sent, tot-mem their sum. flags is N, or the
// letters of the modes set (c: closes after this reply, e: no-evict, T: no-touch). The
// trailing lib-name and lib-ver are Redis 7.2's: Redis 7.0 does not know CLIENT SETINFO and
// NO-TOUCH, but clients written for 7.2 send SETINFO on connect, and accepting it costs
// nothing. Memcached connections are clients too (they count toward maxclients), and are
// listed with cmd=NULL.
//
// REPLY OFF and SKIP are carried out by the connection (connection.cc), which drops the
// replies of a client whose reply mode is not on: OFF sets the mode until ON; SKIP marks the
// next command, which then runs in mode kSkip. OFF and SKIP are not answered (their own reply
// is the first dropped); ON is answered +OK, even when it is the skipped command, as in Redis.
//
// Thread safety: the handler runs on the server's loop thread (command_context.h).
#pragma once

#include <string_view>

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

inline constexpr std::string_view kErrClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";

// True iff `name` may be a client's name: every byte is printable ASCII other than the space
// ('!'..'~'), so that CLIENT LIST's lines still split at spaces. The empty name clears it.
bool IsValidClientName(std::string_view name);

// One line of CLIENT LIST (without the "\n") for `client`, at unix time now_ms.
std::string ClientInfoLine(const ClientState& client, int64_t now_ms);

void ClientCommand(CommandContext& ctx);

// Adds CLIENT.
void AddRedisClientCommand(RedisCommandTable& table);

}  // namespace stepdb
