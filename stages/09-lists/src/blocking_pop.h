// What the pops of every type share, blocking or not: the count of a one-key pop, the timeout
// of a blocking command, the numkeys form of the multi-key pops, and the wait itself.
//
//   LPOP key [count]                                  ZPOPMIN key [count]
//   BLPOP key [key ...] timeout                       BZPOPMIN key [key ...] timeout
//   LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT n]  ZMPOP numkeys key [key ...] MIN|MAX [COUNT n]
//   BLMPOP timeout numkeys ...                        BZMPOP timeout numkeys ...
//
// Redis 7.0 reads these arguments the same way for lists and sorted sets (blocked.c's
// getTimeoutFromObjectOrReply; t_list.c's and t_zset.c's numkeys parsing), with the same
// errors, and times every blocking command out with the same null array; only the two words
// after the keys differ. The rules, in the order Redis checks them:
//
//   count     an integer >= 0, else "ERR value is out of range, must be positive"; read before
//             the key.
//   timeout   seconds, fractions allowed, read as a float by Redis's rules (redis_args.h), in
//             milliseconds rounded up (so 0.0001 waits a millisecond, -0.0001 is 0); 0 waits
//             forever. Not a float: "ERR timeout is not a float or out of range"; negative,
//             or milliseconds beyond 64 bits (inf, 1e16): "ERR timeout is negative".
//   numkeys   an integer >= 1, else "ERR numkeys should be greater than 0"; the keys and the
//             end word must fit in what follows it, else "ERR syntax error".
//   end word  one of the command's two words, any case, else "ERR syntax error".
//   COUNT n   at most once, n an integer >= 1, else "ERR count should be greater than 0";
//             anything else after the end word, or COUNT without n: "ERR syntax error".
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "command_context.h"
#include "value_envelope.h"

namespace stepdb {

// The optional count of a one-key pop (LPOP, RPOP, ZPOPMIN, ZPOPMAX key [count]), at
// ctx.argv[2], into *count; without one, *count is 1 and *has_count false. False after
// replying the error. REQUIRES: ctx.argv.size() is 2 or 3.
[[nodiscard]] bool PopCountOrReply(CommandContext& ctx, bool* has_count, uint64_t* count);

// A blocking command's timeout `arg` into *timeout_ms (0: wait forever), as above. False
// after replying the error.
[[nodiscard]] bool TimeoutOrReply(CommandContext& ctx, std::string_view arg, int64_t* timeout_ms);

// The two words that may follow the keys of a multi-key pop, lower case: {"left", "right"}
// for lists, {"min", "max"} for sorted sets.
struct PopEndWords {
  std::string_view first;
  std::string_view second;
};

// A multi-key pop's arguments from numkeys on.
struct MultiPopArgs {
  std::span<const std::string> keys;  // views into ctx.argv
  bool second_end = false;            // the end word was the second one (RIGHT, MAX)
  uint64_t count = 1;
};

// Reads them with numkeys at ctx.argv[first], in Redis's order (numkeys, the end word, then
// COUNT). False after replying the error. REQUIRES: ctx.argv.size() >= first + 3.
[[nodiscard]] bool MultiPopArgsOrReply(CommandContext& ctx, size_t first, PopEndWords ends,
                                       MultiPopArgs* args);

// Parks the client on keys until a value of `type` is stored under one of them or
// timeout_ms passes (0: never) (BlockingService::Block). Where no command can block (a server
// without a blocking service), replies as a timeout would, at once, as Redis answers a
// blocking command that may not block.
void WaitOrReply(CommandContext& ctx, std::span<const std::string> keys, ValueType type,
                 int64_t timeout_ms);

}  // namespace stepdb
