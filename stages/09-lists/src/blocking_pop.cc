#include "blocking_pop.h"

#include <cmath>
#include <vector>

#include "redis_args.h"

namespace stepdb {
namespace {

constexpr std::string_view kErrTimeoutNotFloat = "ERR timeout is not a float or out of range";
constexpr std::string_view kErrTimeoutNegative = "ERR timeout is negative";
constexpr std::string_view kErrNumkeys = "ERR numkeys should be greater than 0";
constexpr std::string_view kErrCount = "ERR count should be greater than 0";

}  // namespace

bool PopCountOrReply(CommandContext& ctx, bool* has_count, uint64_t* count) {
  *has_count = ctx.argv.size() == 3;
  *count = 1;
  if (!*has_count) return true;
  int64_t parsed = 0;
  if (!StringToInt64(ctx.argv[2], &parsed) || parsed < 0) {
    ctx.reply.Error(kErrNotPositive);
    return false;
  }
  *count = static_cast<uint64_t>(parsed);
  return true;
}

// Redis converts the milliseconds to an integer as the processor does, which makes a value
// beyond the 64-bit range the most negative one: hence "negative" for inf.
bool TimeoutOrReply(CommandContext& ctx, std::string_view arg, int64_t* timeout_ms) {
  long double seconds = 0;
  if (!StringToLongDouble(arg, &seconds)) {
    ctx.reply.Error(kErrTimeoutNotFloat);
    return false;
  }
  const long double ms = std::ceil(seconds * 1000.0);
  if (ms < 0 || ms >= 0x1p63L) {
    ctx.reply.Error(kErrTimeoutNegative);
    return false;
  }
  *timeout_ms = static_cast<int64_t>(ms);
  return true;
}

bool MultiPopArgsOrReply(CommandContext& ctx, size_t first, PopEndWords ends, MultiPopArgs* args) {
  const std::vector<std::string>& argv = ctx.argv;
  int64_t numkeys = 0;
  if (!StringToInt64(argv[first], &numkeys) || numkeys < 1) {
    ctx.reply.Error(kErrNumkeys);
    return false;
  }
  // The keys and then the end word must fit in what follows numkeys.
  if (static_cast<uint64_t>(numkeys) >= argv.size() - first - 1) {
    ctx.reply.Error(kErrSyntax);
    return false;
  }
  const size_t end_at = first + 1 + static_cast<size_t>(numkeys);
  if (EqualsIgnoreCase(argv[end_at], ends.first)) {
    args->second_end = false;
  } else if (EqualsIgnoreCase(argv[end_at], ends.second)) {
    args->second_end = true;
  } else {
    ctx.reply.Error(kErrSyntax);
    return false;
  }
  bool counted = false;
  for (size_t i = end_at + 1; i < argv.size(); ++i) {
    if (counted || !EqualsIgnoreCase(argv[i], "count") || i + 1 == argv.size()) {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
    int64_t count = 0;
    if (!StringToInt64(argv[++i], &count) || count < 1) {
      ctx.reply.Error(kErrCount);
      return false;
    }
    args->count = static_cast<uint64_t>(count);
    counted = true;
  }
  args->keys = std::span<const std::string>(argv).subspan(first + 1, end_at - first - 1);
  return true;
}

void WaitOrReply(CommandContext& ctx, std::span<const std::string> keys, ValueType type,
                 int64_t timeout_ms) {
  if (ctx.server.blocking == nullptr) {
    ctx.reply.NullArray();
    return;
  }
  ctx.server.blocking->Block(ctx, keys, type, timeout_ms);
}

}  // namespace stepdb
