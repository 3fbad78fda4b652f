// RedisCommandTable: the Redis commands this server knows, as data (the model is the command
// table of Redis's server.c and its JSON command docs).
//
// One record per command: its name, its arity, its flags, where its keys are, its group and a
// summary, and the handler that runs it. The table, not the handlers, finds the command
// (case-insensitively), rejects an unknown one, checks the arity, checks authentication, and
// counts calls for INFO commandstats; so every command reports those errors the same way, with
// Redis's texts. COMMAND (COUNT, INFO, DOCS, LIST) and the chapter's command list are read
// from the same records.
//
// Arity follows Redis: it counts the command name, and a negative arity -N means "at least N".
// GET is 2 (GET key), SET is -3 (SET key value [options...]), MSET is -3.
//
// Keys follow Redis's (first, last, step) triple, 1-based into argv: GET is (1, 1, 1), MSET
// is (1, -1, 2) ("every second argument from the first to the last"), PING is (0, 0, 0).
//
// Handlers are named after the command (GetCommand for GET), receive a CommandContext and
// write exactly one reply through ctx.reply (a command that must close the connection after
// its reply says so in ctx.client).
//
// Thread safety: Add() and Replace() only before serving; afterwards the table is read-only.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "command_context.h"

namespace stepdb {

// Command flags, as COMMAND INFO shows them (Redis's names in the comments).
enum CommandFlags : uint32_t {
  kCmdWrite = 1u << 0,     // "write": may change data
  kCmdReadOnly = 1u << 1,  // "readonly"
  kCmdAdmin = 1u << 2,     // "admin"
  kCmdFast = 1u << 3,      // "fast": O(1) or O(log N)
  kCmdNoAuth = 1u << 4,    // "no_auth": allowed before AUTH
  kCmdLoading = 1u << 5,   // "loading"
  kCmdStale = 1u << 6,     // "stale"
  kCmdDenyOom = 1u << 7,   // "denyoom": may use more memory
  kCmdNoScript = 1u << 8,  // "noscript"
  kCmdBlocking = 1u << 9,  // "blocking"
};

using RedisCommandHandler = void (*)(CommandContext& ctx);

// A subcommand of a container command (CONFIG GET, CLIENT LIST, ...): Redis treats it as a
// command of its own, with its own arity and its own name in errors ("config|get").
struct Subcommand {
  std::string_view name;  // lower case, e.g. "get"
  int arity;              // Redis's: CONFIG GET pattern is -3 ("at least three")
  RedisCommandHandler handler;
};

struct RedisCommand {
  std::string name;  // lower case, as COMMAND prints it
  int arity;
  uint32_t flags;
  int first_key;
  int last_key;
  int key_step;
  std::string group;    // Redis's doc group: "string", "generic", "connection", "server"
  std::string since;    // the Redis version that added it, e.g. "1.0.0"
  std::string summary;  // one line, for COMMAND DOCS and the chapter
  RedisCommandHandler handler;
  // A container's subcommands (a static table; empty for other commands). Execute checks
  // the subcommand's name and arity before authentication, as Redis does; the container's
  // handler runs it (DispatchSubcommand).
  std::span<const Subcommand> subcommands = {};
};

// Per-command counters, for INFO commandstats.
struct CommandCounters {
  uint64_t calls = 0;
  uint64_t usec = 0;
  uint64_t rejected_calls = 0;  // arity, auth
  uint64_t failed_calls = 0;    // replied with an error
};

class RedisCommandTable {
 public:
  // REQUIRES: no command of that name yet.
  void Add(RedisCommand command);
  // Puts `command` in the place of the command of the same name: how a later stage extends
  // one of an earlier stage's commands (stage 07's DEBUG SET-ACTIVE-EXPIRE).
  // REQUIRES: a command of that name.
  void Replace(RedisCommand command);

  // The command named `name` (any case), or nullptr.
  const RedisCommand* Find(std::string_view name) const;

  // Runs argv (argv[0] is the command name, argv non-empty) and writes one reply: the
  // handler's, or Redis's error for an unknown command, a wrong arity, or a missing AUTH.
  void Execute(CommandContext& ctx) const;

  // Every command, in the order they were added.
  const std::vector<RedisCommand>& commands() const { return commands_; }

  CommandCounters& counters(const RedisCommand& command) const;
  void ResetCounters() const;

 private:
  std::vector<RedisCommand> commands_;
  std::unordered_map<std::string, size_t> by_name_;
  mutable std::vector<CommandCounters> counters_;
};

// Redis's flag names for COMMAND INFO ("write", "readonly", ...), in a fixed order.
std::vector<std::string> CommandFlagNames(uint32_t flags);

}  // namespace stepdb
