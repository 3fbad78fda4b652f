#include "string_write_options.h"

#include <limits>
#include <vector>

#include "redis_args.h"

namespace stepdb {
namespace {

ExpireOption ExpireOptionNamed(std::string_view name) {
  if (EqualsIgnoreCase(name, "ex")) return ExpireOption::kEx;
  if (EqualsIgnoreCase(name, "px")) return ExpireOption::kPx;
  if (EqualsIgnoreCase(name, "exat")) return ExpireOption::kExAt;
  if (EqualsIgnoreCase(name, "pxat")) return ExpireOption::kPxAt;
  return ExpireOption::kNone;
}

}  // namespace

bool ParseStringWriteOptionsOrReply(CommandContext& ctx, StringWriteCommand command,
                                    StringWriteOptions* options) {
  const std::vector<std::string>& argv = ctx.argv;
  const bool set = command == StringWriteCommand::kSet;
  for (size_t j = set ? 3 : 2; j < argv.size(); ++j) {
    const std::string& option = argv[j];
    const bool has_time = j + 1 < argv.size();
    const ExpireOption expiry = ExpireOptionNamed(option);
    const bool no_expiry = options->expiry == ExpireOption::kNone;
    if (set && EqualsIgnoreCase(option, "nx") && !options->xx) {
      options->nx = true;
    } else if (set && EqualsIgnoreCase(option, "xx") && !options->nx) {
      options->xx = true;
    } else if (set && EqualsIgnoreCase(option, "get")) {
      options->get = true;
    } else if (set && EqualsIgnoreCase(option, "keepttl") && no_expiry) {
      options->keep_ttl = true;
    } else if (!set && EqualsIgnoreCase(option, "persist") && no_expiry) {
      options->persist = true;
    } else if (expiry != ExpireOption::kNone && !options->keep_ttl && !options->persist &&
               has_time && (no_expiry || options->expiry == expiry)) {
      options->expiry = expiry;
      options->expire_time = &argv[++j];
    } else {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
  }
  return true;
}

bool ExpireAtOrReply(CommandContext& ctx, ExpireOption option, std::string_view time,
                     int64_t* expire_at_ms) {
  constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
  int64_t when = 0;
  if (!StringToInt64(time, &when)) {
    ctx.reply.Error(kErrNotInteger);
    return false;
  }
  const bool seconds = option == ExpireOption::kEx || option == ExpireOption::kExAt;
  const bool relative = option == ExpireOption::kEx || option == ExpireOption::kPx;
  const std::string command = AsciiLower(ctx.argv[0]);
  if (when <= 0 || (seconds && when > kInt64Max / 1000)) {
    ctx.reply.Error(InvalidExpireTimeError(command));
    return false;
  }
  if (seconds) when *= 1000;
  if (relative) {
    const int64_t now = ctx.NowMs();
    if (when > kInt64Max - now) {
      ctx.reply.Error(InvalidExpireTimeError(command));
      return false;
    }
    when += now;
  }
  *expire_at_ms = when;
  return true;
}

}  // namespace stepdb
