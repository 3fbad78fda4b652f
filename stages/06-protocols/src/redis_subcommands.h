// Container commands: CONFIG, CLIENT, COMMAND, SLOWLOG... take a subcommand as their first
// argument, and Redis treats each subcommand as a command of its own, with its own arity and
// its own name in errors and statistics ("config|get"). This file gives the handlers of such
// containers Redis's behaviour in one place:
//
//   CONFIG GET            -> "ERR wrong number of arguments for 'config|get' command"
//   CONFIG FOO            -> "ERR unknown subcommand 'FOO'. Try CONFIG HELP."
//   CONFIG HELP           -> "+CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
//                            then the container's lines, then "+HELP", "+    Prints this help."
//
// A container lists its subcommands as data (a name, an arity counted as Redis counts it —
// the container's name and the subcommand included — and a handler), registers that table
// as its RedisCommand::subcommands, and calls DispatchSubcommand. The command table checks
// the subcommand (FindSubcommand) before authentication, so a client that is not
// authenticated hears about an unknown subcommand or a wrong arity first, as from Redis.
//
// Thread safety: free functions; they touch only the context they are given.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

// Finds ctx.argv[1] (any case) in `subcommands` and checks its arity: the subcommand, or
// nullptr after replying Redis's unknown-subcommand or wrong-arity error.
// REQUIRES: ctx.argv.size() >= 2.
const Subcommand* FindSubcommand(CommandContext& ctx, std::span<const Subcommand> subcommands);

// FindSubcommand, then runs the subcommand after setting ctx.client.last_command to
// "<container>|<subcommand>" (CLIENT LIST's cmd=).
// REQUIRES: ctx.argv.size() >= 2.
void DispatchSubcommand(CommandContext& ctx, std::span<const Subcommand> subcommands);

// Replies Redis's help text (addReplyHelp): a header naming ctx.argv[0] upper-cased, one
// simple string per line of `lines`, then the HELP entry every container has.
void ReplyHelp(CommandContext& ctx, std::span<const std::string_view> lines);

// "ERR unknown subcommand or wrong number of arguments for 'SLEEP'. Try DEBUG HELP.": the
// error of containers that check their arguments themselves (DEBUG, SLOWLOG GET with more
// than one argument). The subcommand is ctx.argv[1] as sent.
void ReplySubcommandSyntaxError(CommandContext& ctx);

}  // namespace stepdb
