#include "redis_command_introspection.h"

#include <algorithm>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "glob_match.h"
#include "redis_args.h"
#include "redis_subcommands.h"

namespace stepdb {
namespace {

// Redis's ACL categories in the order COMMAND INFO lists them (acl.c's ACLCommandCategories).
constexpr std::string_view kCategoryOrder[] = {
    "keyspace", "read",   "write",       "set",       "sortedset",  "list",        "hash",
    "string",   "bitmap", "hyperloglog", "geo",       "stream",     "pubsub",      "admin",
    "fast",     "slow",   "blocking",    "dangerous", "connection", "transaction", "scripting"};

// The category a command's doc group implies, or "" for none.
std::string_view GroupCategory(std::string_view group) {
  static constexpr std::pair<std::string_view, std::string_view> kGroups[] = {
      {"generic", "keyspace"},
      {"string", "string"},
      {"hash", "hash"},
      {"list", "list"},
      {"set", "set"},
      {"sorted-set", "sortedset"},
      {"bitmap", "bitmap"},
      {"hyperloglog", "hyperloglog"},
      {"geo", "geo"},
      {"stream", "stream"},
      {"pubsub", "pubsub"},
      {"connection", "connection"},
      {"scripting", "scripting"},
      {"transactions", "transaction"}};
  for (const auto& [name, category] : kGroups) {
    if (name == group) return category;
  }
  return "";
}

// "config|get" names a subcommand; the container and the subcommand, or nullptr.
struct Found {
  const RedisCommand* command = nullptr;
  const Subcommand* subcommand = nullptr;  // nullptr: the command itself
};

Found FindByFullName(const RedisCommandTable& table, std::string_view name) {
  const size_t bar = name.find('|');
  const RedisCommand* command = table.Find(name.substr(0, bar));
  if (command == nullptr || bar == std::string_view::npos) return {command, nullptr};
  const std::string_view sub = name.substr(bar + 1);
  for (const Subcommand& subcommand : command->subcommands) {
    if (EqualsIgnoreCase(subcommand.name, sub)) return {command, &subcommand};
  }
  return {};
}

void WriteStatusSet(RespWriter& reply, const std::vector<std::string>& items) {
  reply.SetHeader(items.size());
  for (const std::string& item : items) reply.SimpleString(item);
}

// The flags of a command's keys. Redis writes them per command; the table knows only whether
// the command reads or writes.
std::vector<std::string> KeySpecFlags(const RedisCommand& command) {
  if (command.flags & kCmdWrite) return {"RW", "update"};
  if (command.flags & kCmdReadOnly) return {"RO", "access"};
  return {};
}

// One range key spec from the legacy (first, last, step) triple, as Redis derives it for
// commands without hand-written specs (populateCommandLegacyRangeSpec).
void WriteKeySpecs(RespWriter& reply, const RedisCommand& command) {
  if (command.first_key == 0) {
    reply.SetHeader(0);
    return;
  }
  reply.SetHeader(1);
  reply.MapHeader(3);
  reply.Bulk("flags");
  WriteStatusSet(reply, KeySpecFlags(command));
  reply.Bulk("begin_search");
  reply.MapHeader(2);
  reply.Bulk("type");
  reply.Bulk("index");
  reply.Bulk("spec");
  reply.MapHeader(1);
  reply.Bulk("index");
  reply.Integer(command.first_key);
  reply.Bulk("find_keys");
  reply.MapHeader(2);
  reply.Bulk("type");
  reply.Bulk("range");
  reply.Bulk("spec");
  reply.MapHeader(3);
  reply.Bulk("lastkey");
  reply.Integer(command.last_key < 0 ? command.last_key : command.last_key - command.first_key);
  reply.Bulk("keystep");
  reply.Integer(command.key_step);
  reply.Bulk("limit");
  reply.Integer(0);
}

void WriteSubcommandInfo(RespWriter& reply, const RedisCommand& command,
                         const Subcommand& subcommand) {
  reply.ArrayHeader(10);
  reply.Bulk(command.name + "|" + std::string(subcommand.name));
  reply.Integer(subcommand.arity);
  WriteStatusSet(reply, CommandFlagNames(command.flags));
  reply.Integer(0);
  reply.Integer(0);
  reply.Integer(0);
  WriteStatusSet(reply, AclCategories(command));
  reply.SetHeader(0);  // tips
  reply.SetHeader(0);  // key specs
  reply.SetHeader(0);  // subcommands
}

void WriteCommandInfo(RespWriter& reply, const RedisCommand& command) {
  reply.ArrayHeader(10);
  reply.Bulk(command.name);
  reply.Integer(command.arity);
  WriteStatusSet(reply, CommandFlagNames(command.flags));
  reply.Integer(command.first_key);
  reply.Integer(command.last_key);
  reply.Integer(command.key_step);
  WriteStatusSet(reply, AclCategories(command));
  reply.SetHeader(0);  // tips
  WriteKeySpecs(reply, command);
  reply.SetHeader(command.subcommands.size());
  for (const Subcommand& subcommand : command.subcommands) {
    WriteSubcommandInfo(reply, command, subcommand);
  }
}

void WriteDocs(RespWriter& reply, const RedisCommand& command) {
  reply.MapHeader(3);
  reply.Bulk("summary");
  reply.Bulk(command.summary);
  reply.Bulk("since");
  reply.Bulk(command.since);
  reply.Bulk("group");
  reply.Bulk(command.group);
}

void ReplyAllInfos(CommandContext& ctx) {
  const std::vector<RedisCommand>& commands = ctx.server.commands->commands();
  ctx.reply.ArrayHeader(commands.size());
  for (const RedisCommand& command : commands) WriteCommandInfo(ctx.reply, command);
}

void CommandInfoCommand(CommandContext& ctx) {
  if (ctx.argv.size() == 2) {
    ReplyAllInfos(ctx);
    return;
  }
  ctx.reply.ArrayHeader(ctx.argv.size() - 2);
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const Found found = FindByFullName(*ctx.server.commands, ctx.argv[i]);
    if (found.command == nullptr) {
      ctx.reply.Null();
    } else if (found.subcommand != nullptr) {
      WriteSubcommandInfo(ctx.reply, *found.command, *found.subcommand);
    } else {
      WriteCommandInfo(ctx.reply, *found.command);
    }
  }
}

void CommandCountCommand(CommandContext& ctx) {
  ctx.reply.Integer(static_cast<int64_t>(ctx.server.commands->commands().size()));
}

// Names of unknown commands (and of subcommands, which have no docs here) are skipped.
void CommandDocsCommand(CommandContext& ctx) {
  std::vector<const RedisCommand*> found;
  if (ctx.argv.size() == 2) {
    for (const RedisCommand& command : ctx.server.commands->commands()) found.push_back(&command);
  } else {
    for (size_t i = 2; i < ctx.argv.size(); ++i) {
      const Found lookup = FindByFullName(*ctx.server.commands, ctx.argv[i]);
      if (lookup.command != nullptr && lookup.subcommand == nullptr) {
        found.push_back(lookup.command);
      }
    }
  }
  ctx.reply.MapHeader(found.size());
  for (const RedisCommand* command : found) {
    ctx.reply.Bulk(command->name);
    WriteDocs(ctx.reply, *command);
  }
}

// COMMAND LIST [FILTERBY MODULE name | ACLCAT category | PATTERN pattern]
void CommandListCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  enum class Filter { kNone, kModule, kAclCategory, kPattern } filter = Filter::kNone;
  std::string_view argument;
  if (argv.size() != 2) {
    if (argv.size() != 5 || !EqualsIgnoreCase(argv[2], "filterby")) {
      ctx.reply.Error(kErrSyntax);
      return;
    }
    if (EqualsIgnoreCase(argv[3], "module")) {
      filter = Filter::kModule;
    } else if (EqualsIgnoreCase(argv[3], "aclcat")) {
      filter = Filter::kAclCategory;
    } else if (EqualsIgnoreCase(argv[3], "pattern")) {
      filter = Filter::kPattern;
    } else {
      ctx.reply.Error(kErrSyntax);
      return;
    }
    argument = argv[4];
  }
  std::vector<std::string> names;
  for (const RedisCommand& command : ctx.server.commands->commands()) {
    std::vector<std::string> full_names = {command.name};
    for (const Subcommand& subcommand : command.subcommands) {
      full_names.push_back(command.name + "|" + std::string(subcommand.name));
    }
    for (const std::string& name : full_names) {
      bool keep = true;
      switch (filter) {
        case Filter::kNone:
          break;
        case Filter::kModule:
          keep = false;  // no modules
          break;
        case Filter::kAclCategory: {
          const std::vector<std::string> categories = AclCategories(command);
          keep = std::find(categories.begin(), categories.end(), "@" + std::string(argument)) !=
                 categories.end();
          break;
        }
        case Filter::kPattern:
          keep = GlobMatch(argument, name, /*nocase=*/true);
          break;
      }
      if (keep) names.push_back(name);
    }
  }
  ctx.reply.ArrayHeader(names.size());
  for (const std::string& name : names) ctx.reply.Bulk(name);
}

// The key arguments of request = {command, args...} by the command's (first, last, step), or
// nullptr after replying Redis's error for an unknown command, one without keys, or a wrong
// number of arguments.
const RedisCommand* KeysOf(CommandContext& ctx, std::vector<std::string_view>* keys) {
  const std::span<const std::string> request(ctx.argv.begin() + 2, ctx.argv.end());
  const RedisCommand* command = ctx.server.commands->Find(request[0]);
  if (command == nullptr) {
    ctx.reply.Error("ERR Invalid command specified");
    return nullptr;
  }
  if (command->first_key == 0) {
    ctx.reply.Error("ERR The command has no key arguments");
    return nullptr;
  }
  const auto argc = static_cast<int>(request.size());
  if ((command->arity > 0 && argc != command->arity) ||
      (command->arity < 0 && argc < -command->arity)) {
    ctx.reply.Error("ERR Invalid number of arguments specified for command");
    return nullptr;
  }
  const int last = command->last_key < 0 ? argc + command->last_key : command->last_key;
  for (int i = command->first_key; i <= last && i < argc; i += command->key_step) {
    keys->push_back(request[static_cast<size_t>(i)]);
  }
  return command;
}

void CommandGetKeysCommand(CommandContext& ctx) {
  std::vector<std::string_view> keys;
  if (KeysOf(ctx, &keys) == nullptr) return;
  ctx.reply.ArrayHeader(keys.size());
  for (std::string_view key : keys) ctx.reply.Bulk(key);
}

void CommandGetKeysAndFlagsCommand(CommandContext& ctx) {
  std::vector<std::string_view> keys;
  const RedisCommand* command = KeysOf(ctx, &keys);
  if (command == nullptr) return;
  const std::vector<std::string> flags = KeySpecFlags(*command);
  ctx.reply.ArrayHeader(keys.size());
  for (std::string_view key : keys) {
    ctx.reply.ArrayHeader(2);
    ctx.reply.Bulk(key);
    WriteStatusSet(ctx.reply, flags);
  }
}

void CommandHelpCommand(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "(no subcommand)",
      "    Return details about all Redis commands.",
      "COUNT",
      "    Return the total number of commands in this Redis server.",
      "LIST",
      "    Return a list of all commands in this Redis server.",
      "INFO [<command-name> ...]",
      "    Return details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "DOCS [<command-name> ...]",
      "    Return documentation details about multiple Redis commands.",
      "    If no command names are given, documentation details for all",
      "    commands are returned.",
      "GETKEYS <full-command>",
      "    Return the keys from a full Redis command.",
      "GETKEYSANDFLAGS <full-command>",
      "    Return the keys and the access flags from a full Redis command.",
  };
  ReplyHelp(ctx, kLines);
}

constexpr Subcommand kCommandSubcommands[] = {
    {"count", 2, CommandCountCommand},      {"docs", -2, CommandDocsCommand},
    {"getkeys", -4, CommandGetKeysCommand}, {"getkeysandflags", -4, CommandGetKeysAndFlagsCommand},
    {"info", -2, CommandInfoCommand},       {"list", -2, CommandListCommand},
    {"help", 2, CommandHelpCommand},
};

}  // namespace

std::vector<std::string> AclCategories(const RedisCommand& command) {
  std::vector<std::string_view> mine;
  if (command.flags & kCmdWrite) mine.push_back("write");
  if (command.flags & kCmdReadOnly) mine.push_back("read");
  if (command.flags & kCmdAdmin) {
    mine.push_back("admin");
    mine.push_back("dangerous");
  }
  mine.push_back(command.flags & kCmdFast ? "fast" : "slow");
  if (command.flags & kCmdBlocking) mine.push_back("blocking");
  if (std::string_view group = GroupCategory(command.group); !group.empty()) {
    mine.push_back(group);
  }
  std::vector<std::string> ordered;
  for (std::string_view category : kCategoryOrder) {
    if (std::find(mine.begin(), mine.end(), category) != mine.end()) {
      ordered.push_back("@" + std::string(category));
    }
  }
  return ordered;
}

void CommandCommand(CommandContext& ctx) {
  if (ctx.argv.size() == 1) {
    ReplyAllInfos(ctx);
    return;
  }
  DispatchSubcommand(ctx, kCommandSubcommands);
}

void AddRedisCommandIntrospection(RedisCommandTable& table) {
  table.Add({"command", -1, kCmdLoading | kCmdStale, 0, 0, 0, "server", "2.8.13",
             "Get array of Redis command details", CommandCommand, kCommandSubcommands});
}

}  // namespace stepdb
