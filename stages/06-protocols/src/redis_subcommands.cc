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

}  // namespace

const Subcommand* FindSubcommand(CommandContext& ctx, std::span<const Subcommand> subcommands) {
  const std::string& name = ctx.argv[1];
  const auto found = std::find_if(subcommands.begin(), subcommands.end(), [&](const Subcommand& s) {
    return EqualsIgnoreCase(s.name, name);
  });
  if (found == subcommands.end()) {
    ctx.reply.Error(UnknownSubcommandError(ctx.argv[0], name));
    return nullptr;
  }
  const auto argc = static_cast<int>(ctx.argv.size());
  if ((found->arity > 0 && argc != found->arity) || (found->arity < 0 && argc < -found->arity)) {
    ctx.reply.Error(WrongArityError(AsciiLower(ctx.argv[0]) + "|" + std::string(found->name)));
    return nullptr;
  }
  return &*found;
}

void DispatchSubcommand(CommandContext& ctx, std::span<const Subcommand> subcommands) {
  const Subcommand* found = FindSubcommand(ctx, subcommands);
  if (found == nullptr) return;
  ctx.client.last_command = AsciiLower(ctx.argv[0]) + "|" + std::string(found->name);
  found->handler(ctx);
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
