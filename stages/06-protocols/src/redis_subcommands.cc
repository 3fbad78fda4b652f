#include "redis_subcommands.h"

#include <algorithm>
#include <cctype>

#include "redis_args.h"

namespace stepdb {
namespace {

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

void DispatchSubcommand(CommandContext& ctx, std::span<const Subcommand> subcommands) {
  const std::string& name = ctx.argv[1];
  const auto found = std::find_if(subcommands.begin(), subcommands.end(), [&](const Subcommand& s) {
    return EqualsIgnoreCase(s.name, name);
  });
  if (found == subcommands.end()) {
    ctx.reply.Error(UnknownSubcommandError(ctx.argv[0], name));
    return;
  }
  const std::string full_name = Lower(ctx.argv[0]) + "|" + std::string(found->name);
  const auto argc = static_cast<int>(ctx.argv.size());
  if ((found->arity > 0 && argc != found->arity) || (found->arity < 0 && argc < -found->arity)) {
    ctx.reply.Error(WrongArityError(full_name));
    return;
  }
  ctx.client.last_command = full_name;
  found->handler(ctx);
}

std::vector<std::string> SubcommandNames(std::span<const Subcommand> subcommands) {
  std::vector<std::string> names;
  for (const Subcommand& subcommand : subcommands) names.emplace_back(subcommand.name);
  return names;
}

void ReplyHelp(CommandContext& ctx, std::span<const std::string_view> lines) {
  ctx.reply.ArrayHeader(lines.size() + 3);
  ctx.reply.SimpleString(Upper(ctx.argv[0]) +
                         " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:");
  for (std::string_view line : lines) ctx.reply.SimpleString(line);
  ctx.reply.SimpleString("HELP");
  ctx.reply.SimpleString("    Prints this help.");
}

void ReplySubcommandSyntaxError(CommandContext& ctx) {
  // Redis prints the subcommand with "%.128s".
  const std::string_view subcommand = std::string_view(ctx.argv[1]).substr(0, 128);
  ctx.reply.Error("ERR unknown subcommand or wrong number of arguments for '" +
                  std::string(subcommand) + "'. Try " + Upper(ctx.argv[0]) + " HELP.");
}

}  // namespace stepdb
