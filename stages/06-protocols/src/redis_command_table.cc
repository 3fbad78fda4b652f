#include "redis_command_table.h"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "redis_args.h"
#include "redis_subcommands.h"

namespace stepdb {

void RedisCommandTable::Add(RedisCommand command) {
  by_name_.emplace(command.name, commands_.size());
  commands_.push_back(std::move(command));
  counters_.emplace_back();
}

void RedisCommandTable::Replace(RedisCommand command) {
  commands_[by_name_.at(command.name)] = std::move(command);
}

const RedisCommand* RedisCommandTable::Find(std::string_view name) const {
  auto it = by_name_.find(AsciiLower(name));
  return it == by_name_.end() ? nullptr : &commands_[it->second];
}

CommandCounters& RedisCommandTable::counters(const RedisCommand& command) const {
  return counters_[static_cast<size_t>(&command - commands_.data())];
}

void RedisCommandTable::ResetCounters() const {
  std::fill(counters_.begin(), counters_.end(), CommandCounters{});
}

void RedisCommandTable::Execute(CommandContext& ctx) const {
  const std::vector<std::string>& argv = ctx.argv;
  const RedisCommand* command = Find(argv[0]);
  if (command == nullptr) {
    ctx.reply.Error(UnknownCommandError(argv));
    return;
  }
  ctx.client.last_command = command->name;
  CommandCounters& counters = this->counters(*command);
  const auto argc = static_cast<int>(argv.size());
  if ((command->arity > 0 && argc != command->arity) ||
      (command->arity < 0 && argc < -command->arity)) {
    ++counters.rejected_calls;
    ctx.reply.Error(WrongArityError(command->name));
    return;
  }
  // COMMAND alone is a command too (its arity is -1): a subcommand is checked only if named.
  if (!command->subcommands.empty() && argc >= 2 &&
      FindSubcommand(ctx, command->subcommands) == nullptr) {
    ++counters.rejected_calls;
    return;
  }
  const std::string* password = ctx.server.config->Get("requirepass");
  if (!ctx.client.authenticated && password != nullptr && !password->empty() &&
      !(command->flags & kCmdNoAuth)) {
    ++counters.rejected_calls;
    ctx.reply.Error(kErrNoAuth);
    return;
  }
  const size_t reply_start = ctx.reply.out()->size();
  const auto start = std::chrono::steady_clock::now();
  command->handler(ctx);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ++counters.calls;
  counters.usec +=
      static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count());
  ++ctx.server.stats->total_commands_processed;
  const std::string& out = *ctx.reply.out();
  if (out.size() > reply_start && out[reply_start] == '-') ++counters.failed_calls;
}

std::vector<std::string> CommandFlagNames(uint32_t flags) {
  static const std::pair<uint32_t, const char*> kNames[] = {
      {kCmdWrite, "write"},     {kCmdReadOnly, "readonly"}, {kCmdDenyOom, "denyoom"},
      {kCmdAdmin, "admin"},     {kCmdNoScript, "noscript"}, {kCmdBlocking, "blocking"},
      {kCmdLoading, "loading"}, {kCmdStale, "stale"},       {kCmdNoAuth, "no_auth"},
      {kCmdFast, "fast"}};
  std::vector<std::string> names;
  for (const auto& [bit, name] : kNames) {
    if (flags & bit) names.emplace_back(name);
  }
  return names;
}

void CommandContext::ReplyStorageError(const Status& status) const {
  reply.Error("ERR " + status.ToString());
}

}  // namespace stepdb
