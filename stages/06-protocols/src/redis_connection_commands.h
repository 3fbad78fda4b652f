// The commands of Redis's "connection" group that shape one client's session: PING, ECHO,
// QUIT, SELECT, AUTH, HELLO and RESET (CLIENT has a file of its own, redis_client_command.h).
//
// A session is the ClientState the connection keeps (command_context.h): the database it
// SELECTed, the protocol it speaks (2, or 3 after HELLO 3), whether it has authenticated, its
// name. These commands only change that state; none of them touches the keyspace.
//
// Authentication follows Redis 7.0 with one user, "default", whose password is requirepass:
//
//   requirepass empty   every client is authenticated from its first byte. AUTH <password>
//                       is an error (there is nothing to check it against), but AUTH default
//                       <anything> succeeds, as for a Redis user without a password.
//   requirepass set     a new client may run only the commands flagged no_auth (AUTH, HELLO,
//                       QUIT, RESET); the command table answers every other command with
//                       NOAUTH. AUTH <password>, AUTH default <password> and HELLO <proto>
//                       AUTH default <password> authenticate; a wrong password is WRONGPASS
//                       and leaves an authenticated client authenticated.
//
// Setting requirepass with CONFIG SET does not log out the clients already connected (they
// authenticated, implicitly, when no password was needed); RESET does, as in Redis.
//
// HELLO switches the protocol before it replies, so the reply to HELLO 3 is already a RESP3
// map: a client learns the server's version and its own id in the protocol it asked for. As
// in Redis 7.0, HELLO's options act as they are read: in HELLO 3 AUTH default pw SETNAME "a b"
// the client is authenticated before the bad name is refused, and in HELLO 3 SETNAME web FOO
// it is named before FOO is refused; only the protocol waits until every check passed.
//
// Thread safety: the handlers run on the server's loop thread (command_context.h).
#pragma once

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

// True iff the client may run any command: it authenticated, or no password is required.
bool IsAuthenticated(const CommandContext& ctx);

void PingCommand(CommandContext& ctx);
void EchoCommand(CommandContext& ctx);
void QuitCommand(CommandContext& ctx);
void SelectCommand(CommandContext& ctx);
void AuthCommand(CommandContext& ctx);
void HelloCommand(CommandContext& ctx);
void ResetCommand(CommandContext& ctx);

// Adds PING, ECHO, QUIT, SELECT, AUTH, HELLO and RESET.
void AddRedisConnectionCommands(RedisCommandTable& table);

}  // namespace stepdb
