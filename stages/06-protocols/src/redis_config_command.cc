#include "redis_config_command.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "redis_args.h"
#include "redis_subcommands.h"

namespace stepdb {
namespace {

bool IsGlobPattern(std::string_view text) {
  return text.find_first_of("[*?") != std::string_view::npos;
}

void ConfigGetCommand(CommandContext& ctx) {
  const ServerConfig& config = *ctx.server.config;
  std::vector<std::pair<std::string, std::string>> found;
  auto add = [&found](std::string_view name, const std::string& value) {
    for (const auto& [seen, unused] : found) {
      if (EqualsIgnoreCase(seen, name)) return;
    }
    found.emplace_back(std::string(name), value);
  };
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    const std::string& pattern = ctx.argv[i];
    if (!IsGlobPattern(pattern)) {
      if (const std::string* value = config.Get(pattern)) add(pattern, *value);
      continue;
    }
    for (const auto& [name, value] : config.Match(pattern)) add(name, value);
  }
  ctx.reply.MapHeader(found.size());
  for (const auto& [name, value] : found) {
    ctx.reply.Bulk(name);
    ctx.reply.Bulk(value);
  }
}

std::string ConfigSetFailed(std::string_view argument, std::string_view reason) {
  return "ERR CONFIG SET failed (possibly related to argument '" + std::string(argument) + "') - " +
         std::string(reason);
}

void ConfigSetCommand(CommandContext& ctx) {
  const std::vector<std::string>& argv = ctx.argv;
  if (argv.size() % 2 != 0) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  ServerConfig& config = *ctx.server.config;
  // Steps 2 and 3 of the header: the first name that is unknown, immutable or repeated is
  // the one reported.
  std::vector<const ServerConfig::Parameter*> parameters;
  for (size_t i = 2; i < argv.size(); i += 2) {
    const ServerConfig::Parameter* parameter = config.Lookup(argv[i]);
    if (parameter == nullptr) {
      ctx.reply.Error("ERR Unknown option or number of arguments for CONFIG SET - '" + argv[i] +
                      "'");
      return;
    }
    if (parameter->immutable) {
      ctx.reply.Error(ConfigSetFailed(argv[i], "can't set immutable config"));
      return;
    }
    if (std::find(parameters.begin(), parameters.end(), parameter) != parameters.end()) {
      ctx.reply.Error(ConfigSetFailed(argv[i], "duplicate parameter"));
      return;
    }
    parameters.push_back(parameter);
  }

  ServerConfig updated = config;
  for (size_t i = 0; i < parameters.size(); ++i) {
    const Status status = updated.Set(parameters[i]->name, argv[3 + 2 * i]);
    if (!status.ok()) {
      ctx.reply.Error(ConfigSetFailed(parameters[i]->name, status.message()));
      return;
    }
  }
  const bool password_was_empty = config.Get("requirepass")->empty();
  config = std::move(updated);
  if (password_was_empty && !config.Get("requirepass")->empty()) {
    for (ClientState* client : ctx.server.services->Clients()) client->authenticated = true;
  }
  ctx.reply.Ok();
}

void ConfigResetStatCommand(CommandContext& ctx) {
  // The counters INFO reports (Redis's resetServerStats); the start time, the clients
  // connected now and Memcached's own statistics (reset by its "stats reset") stay.
  ServerStats& stats = *ctx.server.stats;
  for (uint64_t* counter :
       {&stats.total_connections_received, &stats.rejected_connections,
        &stats.total_commands_processed, &stats.total_net_input_bytes,
        &stats.total_net_output_bytes, &stats.keyspace_hits, &stats.keyspace_misses,
        &stats.expired_keys, &stats.evicted_keys, &stats.total_error_replies,
        &stats.client_output_buffer_limit_disconnections,
        &stats.client_query_buffer_limit_disconnections, &stats.log_syncs}) {
    *counter = 0;
  }
  ctx.server.commands->ResetCounters();
  ctx.reply.Ok();
}

void ConfigRewriteCommand(CommandContext& ctx) {
  ctx.reply.Error("ERR The server is running without a config file");
}

void ConfigHelpCommand(CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "GET <pattern>",
      "    Return parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset statistics reported by the INFO command.",
      "REWRITE",
      "    Rewrite the configuration file.",
  };
  ReplyHelp(ctx, kLines);
}

constexpr Subcommand kConfigSubcommands[] = {
    {"get", -3, ConfigGetCommand},
    {"set", -4, ConfigSetCommand},
    {"resetstat", 2, ConfigResetStatCommand},
    {"rewrite", 2, ConfigRewriteCommand},
    {"help", 2, ConfigHelpCommand},
};

}  // namespace

void ConfigCommand(CommandContext& ctx) { DispatchSubcommand(ctx, kConfigSubcommands); }

void AddRedisConfigCommand(RedisCommandTable& table) {
  table.Add({"config", -2, kCmdAdmin | kCmdNoScript | kCmdLoading | kCmdStale, 0, 0, 0, "server",
             "2.0.0", "A container for server configuration commands", ConfigCommand,
             kConfigSubcommands});
}

}  // namespace stepdb
