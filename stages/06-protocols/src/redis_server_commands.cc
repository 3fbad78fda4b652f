#include "redis_server_commands.h"

#include <sys/time.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <string>
#include <thread>

#include "leveled_engine.h"
#include "redis_args.h"
#include "redis_client_command.h"
#include "redis_command_introspection.h"
#include "redis_config_command.h"
#include "redis_connection_commands.h"
#include "redis_info_command.h"
#include "redis_subcommands.h"
#include "redis_tool_commands.h"

namespace stepdb {
namespace {

// FLUSHDB and FLUSHALL take nothing, ASYNC or SYNC (Redis's getFlushCommandFlags). Both
// modes are the same O(1) remapping here; false after replying a syntax error.
bool CheckFlushMode(CommandContext& ctx) {
  if (ctx.argv.size() == 1) return true;
  if (ctx.argv.size() == 2 &&
      (EqualsIgnoreCase(ctx.argv[1], "async") || EqualsIgnoreCase(ctx.argv[1], "sync"))) {
    return true;
  }
  ctx.reply.Error(kErrSyntax);
  return false;
}

// A database index for SWAPDB: an int (else `not_integer`), then within 0..databases-1.
bool ParseDbIndex(CommandContext& ctx, const std::string& text, std::string_view not_integer,
                  int* db) {
  int64_t value = 0;
  if (!StringToInt64(text, &value) || value < INT_MIN || value > INT_MAX) {
    ctx.reply.Error(not_integer);
    return false;
  }
  *db = static_cast<int>(value);
  return true;
}

void DebugSleep(CommandContext& ctx) {
  // Redis reads the seconds with strtod and ignores what does not parse ("x" sleeps 0).
  // A sleep of more than 68 years is cut to that, so that the duration cannot overflow.
  constexpr double kLongestSleep = INT32_MAX;
  const double seconds = std::strtod(ctx.argv[2].c_str(), nullptr);
  if (seconds > 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(seconds, kLongestSleep)));
  }
  ctx.reply.Ok();
}

void DebugCompact(CommandContext& ctx) {
  LeveledEngine* engine = ctx.server.services->engine();
  if (engine == nullptr) {
    ctx.reply.Error("ERR DEBUG COMPACT needs the leveled engine");
    return;
  }
  if (const Status status = engine->CompactAll(); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.Ok();
}

void DebugHelp(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "COMPACT",
      "    Flush the memtable and merge every level into one sorted run, dropping",
      "    overwritten values, deleted keys and flushed databases.",
      "SLEEP <seconds>",
      "    Stop the server for <seconds>. Decimals allowed.",
  };
  ReplyHelp(ctx, kLines);
}

}  // namespace

void DbSizeCommand(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.keyspace().KeyCount(ctx.db())));
}

void FlushDbCommand(CommandContext& ctx) {
  if (!CheckFlushMode(ctx)) return;
  if (const Status status = ctx.keyspace().FlushDb(ctx.db()); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.Ok();
}

void FlushAllCommand(CommandContext& ctx) {
  if (!CheckFlushMode(ctx)) return;
  if (const Status status = ctx.keyspace().FlushAll(); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.Ok();
}

void SwapDbCommand(CommandContext& ctx) {
  int a = 0;
  int b = 0;
  if (!ParseDbIndex(ctx, ctx.argv[1], kErrInvalidFirstDbIndex, &a) ||
      !ParseDbIndex(ctx, ctx.argv[2], kErrInvalidSecondDbIndex, &b)) {
    return;
  }
  const int databases = ctx.keyspace().databases();
  if (a < 0 || a >= databases || b < 0 || b >= databases) {
    ctx.reply.Error(kErrDbIndex);
    return;
  }
  if (const Status status = ctx.keyspace().SwapDb(a, b); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.Ok();
}

void TimeCommand(CommandContext& ctx) {
  timeval now{};
  gettimeofday(&now, nullptr);
  ctx.reply.ArrayHeader(2);
  ctx.reply.Bulk(std::to_string(now.tv_sec));
  ctx.reply.Bulk(std::to_string(now.tv_usec));
}

void LastSaveCommand(CommandContext& ctx) {
  ctx.reply.Integer(ctx.server.services->last_save_unix());
}

void SaveCommand(CommandContext& ctx) {
  if (const Status status = ctx.server.services->Save(); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.Ok();
}

void BgSaveCommand(CommandContext& ctx) {
  if (ctx.argv.size() > 2 || (ctx.argv.size() == 2 && !EqualsIgnoreCase(ctx.argv[1], "schedule"))) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  if (const Status status = ctx.server.services->Save(); !status.ok()) {
    ctx.ReplyStorageError(status);
    return;
  }
  ctx.reply.SimpleString("Background saving started");
}

// Redis 7.0's shutdownCommand: the flags may come in any order and repeat, but NOSAVE with
// SAVE, and ABORT with anything, are syntax errors.
void ShutdownCommand(CommandContext& ctx) {
  bool save = false;
  bool nosave = false;
  bool other = false;  // NOW, FORCE
  bool abort = false;
  for (size_t i = 1; i < ctx.argv.size(); ++i) {
    const std::string& flag = ctx.argv[i];
    if (EqualsIgnoreCase(flag, "nosave")) {
      nosave = true;
    } else if (EqualsIgnoreCase(flag, "save")) {
      save = true;
    } else if (EqualsIgnoreCase(flag, "now") || EqualsIgnoreCase(flag, "force")) {
      other = true;
    } else if (EqualsIgnoreCase(flag, "abort")) {
      abort = true;
    } else {
      ctx.reply.Error(kErrSyntax);
      return;
    }
  }
  if ((abort && (save || nosave || other)) || (save && nosave)) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  if (abort) {
    ctx.reply.Error("ERR No shutdown in progress.");
    return;
  }
  // No reply: the client learns of the shutdown when the connection closes. Nothing after
  // SHUTDOWN in a pipeline runs.
  ctx.client.close_after_reply = true;
  ctx.server.services->RequestShutdown();
}

void DebugCommand(CommandContext& ctx) {
  const std::string& subcommand = ctx.argv[1];
  const size_t argc = ctx.argv.size();
  if (EqualsIgnoreCase(subcommand, "sleep") && argc == 3) {
    DebugSleep(ctx);
  } else if (EqualsIgnoreCase(subcommand, "compact") && argc == 2) {
    DebugCompact(ctx);
  } else if (EqualsIgnoreCase(subcommand, "help") && argc == 2) {
    DebugHelp(ctx);
  } else {
    ReplySubcommandSyntaxError(ctx);
  }
}

void AddRedisServerCommands(RedisCommandTable& table) {
  AddRedisConnectionCommands(table);
  AddRedisClientCommand(table);
  AddRedisConfigCommand(table);
  AddRedisInfoCommand(table);
  AddRedisCommandIntrospection(table);
  AddRedisToolCommands(table);

  constexpr uint32_t kAdmin = kCmdAdmin | kCmdNoScript;
  table.Add({"dbsize",
             1,
             kCmdReadOnly | kCmdFast,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Return the number of keys in the selected database",
             DbSizeCommand,
             {}});
  table.Add({"flushdb",
             -1,
             kCmdWrite,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Remove all keys from the current database",
             FlushDbCommand,
             {}});
  table.Add({"flushall",
             -1,
             kCmdWrite,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Remove all keys from all databases",
             FlushAllCommand,
             {}});
  table.Add({"swapdb",
             3,
             kCmdWrite | kCmdFast,
             0,
             0,
             0,
             "server",
             "4.0.0",
             "Swaps two Redis databases",
             SwapDbCommand,
             {}});
  table.Add({"time",
             1,
             kCmdLoading | kCmdStale | kCmdFast,
             0,
             0,
             0,
             "server",
             "2.6.0",
             "Return the current server time",
             TimeCommand,
             {}});
  table.Add({"lastsave",
             1,
             kCmdLoading | kCmdStale | kCmdFast,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Get the UNIX time stamp of the last successful save to disk",
             LastSaveCommand,
             {}});
  table.Add({"save",
             1,
             kAdmin,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Synchronously save the dataset to disk",
             SaveCommand,
             {}});
  table.Add({"bgsave",
             -1,
             kAdmin,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Asynchronously save the dataset to disk",
             BgSaveCommand,
             {}});
  table.Add({"shutdown",
             -1,
             kAdmin | kCmdLoading | kCmdStale,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "Synchronously save the dataset to disk and then shut down the server",
             ShutdownCommand,
             {}});
  table.Add({"debug",
             -2,
             kAdmin | kCmdLoading | kCmdStale,
             0,
             0,
             0,
             "server",
             "1.0.0",
             "A container for debugging commands",
             DebugCommand,
             {}});
}

}  // namespace stepdb
