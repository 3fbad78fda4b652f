// The pops and moves that the blocking commands share with their non-blocking forms.
//
// BLPOP is LPOP of the first non-empty list among its keys, or a wait; BLMOVE is LMOVE, or a
// wait; BLMPOP is LMPOP, or a wait. Each function below does the non-blocking part and says
// whether it replied: false means every source list was empty (or missing) and nothing was
// written, so the caller either replies nil (LMOVE, LMPOP) or parks the client
// (blocked_clients.h) until a key it names is pushed to.
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "command_context.h"
#include "list.h"

namespace stepdb {

// BLPOP and BRPOP: pops one element from `end` of the first non-empty list among keys and
// replies [key, element]. WRONGTYPE (replied, true) if a key before it holds another type.
[[nodiscard]] bool PopFirstOrReply(CommandContext& ctx, std::span<const std::string> keys,
                                   List::End end);

// LMOVE and BLMOVE (and RPOPLPUSH, BRPOPLPUSH): pops from `from` of source, pushes at `to` of
// destination in one atomic write and replies with the element. WRONGTYPE (replied, true) if
// source holds another type, or if it has an element and destination holds another type (as
// in Redis, an empty source is false whatever destination holds). Source may be destination:
// the list then turns (LMOVE k k LEFT RIGHT moves the head to the tail).
[[nodiscard]] bool MoveOrReply(CommandContext& ctx, std::string_view source,
                               std::string_view destination, List::End from, List::End to);

// LMPOP and BLMPOP: pops up to `count` elements from `end` of the first non-empty list among
// keys and replies [key, [elements...]] (from the right: the tail first). WRONGTYPE (replied,
// true) as PopFirstOrReply. REQUIRES: count > 0.
[[nodiscard]] bool MultiPopOrReply(CommandContext& ctx, std::span<const std::string> keys,
                                   List::End end, uint64_t count);

}  // namespace stepdb
