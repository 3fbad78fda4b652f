// COMMAND: the command table (redis_command_table.h) describing itself to clients, as Redis's
// COMMAND does. Clients use it to learn what a server supports (redis-cli's hints and help,
// cluster clients' key positions); nothing here is written by hand per command: every reply
// is built from the RedisCommand records.
//
//   COMMAND                          the info of every command
//   COMMAND INFO [name ...]          the info of each name (null for an unknown one)
//   COMMAND COUNT                    how many commands (containers count once)
//   COMMAND LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p]   names, subcommands included
//   COMMAND DOCS [name ...]          a map of name to {summary, since, group}
//   COMMAND GETKEYS cmd arg ...      the key arguments of a full command
//   COMMAND GETKEYSANDFLAGS cmd arg ...   the same, each with its key spec's flags
//   COMMAND HELP
//
// A command's info is Redis 7.0's ten fields:
//
//   1) name   2) arity   3) flags (a set: "readonly", "fast", ...)
//   4) first key   5) last key   6) key step            Redis's legacy (first, last, step)
//   7) ACL categories (a set: "@read", "@string", "@fast", ...)
//   8) tips (an empty set)
//   9) key specifications (a set of maps; one range spec per command that has keys)
//   10) subcommands (a set of infos, each named "container|subcommand")
//
// Where Redis keeps a hand-written fact the table does not have, it is derived, and the
// derivation is the difference to Redis:
//   - ACL categories come from the flags (write -> @write, readonly -> @read, admin ->
//     @admin and @dangerous, fast -> @fast, else @slow, blocking -> @blocking) and the
//     group (string -> @string, generic -> @keyspace, connection -> @connection, ...), in
//     Redis's order of categories. Redis also lists hand-picked extras (@keyspace for
//     DBSIZE) that a table record cannot know.
//   - A key spec's flags are RO and access for a readonly command, RW and update for a
//     write; Redis distinguishes OW, RM, insert and delete per command.
//   - A subcommand's flags are its container's: the table knows a subcommand's name, arity
//     and handler only.
//   - COMMAND DOCS has no complexity, arguments or history, and no docs of subcommands.
//
// Thread safety: the handler runs on the server's loop thread (command_context.h).
#pragma once

#include <string>
#include <vector>

#include "command_context.h"
#include "redis_command_table.h"

namespace stepdb {

// The ACL categories of `command`, as COMMAND INFO lists them ("@read", "@string", "@fast").
std::vector<std::string> AclCategories(const RedisCommand& command);

void CommandCommand(CommandContext& ctx);

// Adds COMMAND.
void AddRedisCommandIntrospection(RedisCommandTable& table);

}  // namespace stepdb
