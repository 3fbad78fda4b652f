// LMOVE, RPOPLPUSH and LMPOP, and the blocking commands (Redis's t_list.c and blocked.c):
// each blocking handler reads its arguments, tries what its non-blocking form does
// (list_pop_move.h), and, when every list it names is empty, parks its client
// (BlockingService::Block) instead of replying. The server runs the handler again when a
// list is stored under one of those keys (blocked_clients.h), so the handler is written as
// if every call were the first.
#include "redis_blocking_list_commands.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "blocking_pop.h"
#include "list.h"
#include "list_pop_move.h"
#include "redis_args.h"

namespace stepdb {
namespace {

// LEFT or RIGHT (any case) into *end; false after replying a syntax error.
bool EndOrReply(CommandContext& ctx, std::string_view arg, List::End* end) {
  if (EqualsIgnoreCase(arg, "left")) {
    *end = List::End::kLeft;
  } else if (EqualsIgnoreCase(arg, "right")) {
    *end = List::End::kRight;
  } else {
    ctx.reply.Error(kErrSyntax);
    return false;
  }
  return true;
}

constexpr PopEndWords kListEnds = {"left", "right"};

// The end LMPOP and BLMPOP pop from.
List::End EndOf(const MultiPopArgs& args) {
  return args.second_end ? List::End::kRight : List::End::kLeft;
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT: the element moved, or nil if source is
// empty.
void LmoveCommand(CommandContext& ctx) {
  List::End from = List::End::kLeft;
  List::End to = List::End::kLeft;
  if (!EndOrReply(ctx, ctx.argv[3], &from) || !EndOrReply(ctx, ctx.argv[4], &to)) return;
  if (!MoveOrReply(ctx, ctx.argv[1], ctx.argv[2], from, to)) ctx.reply.Null();
}

// RPOPLPUSH source destination: LMOVE source destination RIGHT LEFT.
void RpoplpushCommand(CommandContext& ctx) {
  if (!MoveOrReply(ctx, ctx.argv[1], ctx.argv[2], List::End::kRight, List::End::kLeft)) {
    ctx.reply.Null();
  }
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]: [key, [elements...]] from the first
// list among keys that has elements, or a null array.
void LmpopCommand(CommandContext& ctx) {
  MultiPopArgs args;
  if (!MultiPopArgsOrReply(ctx, 1, kListEnds, &args)) return;
  if (!MultiPopOrReply(ctx, args.keys, EndOf(args), args.count)) ctx.reply.NullArray();
}

// BLPOP, BRPOP key [key ...] timeout: [key, element] from `end` of the first list among keys
// that has an element, or a wait for one.
void BlockingPopGeneric(CommandContext& ctx, List::End end) {
  int64_t timeout_ms = 0;
  if (!TimeoutOrReply(ctx, ctx.argv.back(), &timeout_ms)) return;
  const std::span<const std::string> keys(ctx.argv.begin() + 1, ctx.argv.end() - 1);
  // BEGIN SOLUTION
  // STARTER: (void)end;
  // STARTER: (void)keys;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 09: BLPOP and BRPOP");
  if (PopFirstOrReply(ctx, keys, end)) return;
  WaitOrReply(ctx, keys, ValueType::kList, timeout_ms);
  // END SOLUTION
}

void BlpopCommand(CommandContext& ctx) { BlockingPopGeneric(ctx, List::End::kLeft); }
void BrpopCommand(CommandContext& ctx) { BlockingPopGeneric(ctx, List::End::kRight); }

// BLMOVE's and BRPOPLPUSH's move, or a wait on source alone (a destination of another type
// is found out only when there is an element to move, as in Redis).
void BlockingMoveGeneric(CommandContext& ctx, List::End from, List::End to, int64_t timeout_ms) {
  if (MoveOrReply(ctx, ctx.argv[1], ctx.argv[2], from, to)) return;
  WaitOrReply(ctx, std::span<const std::string>(ctx.argv).subspan(1, 1), ValueType::kList,
              timeout_ms);
}

// BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout.
void BlmoveCommand(CommandContext& ctx) {
  List::End from = List::End::kLeft;
  List::End to = List::End::kLeft;
  if (!EndOrReply(ctx, ctx.argv[3], &from) || !EndOrReply(ctx, ctx.argv[4], &to)) return;
  int64_t timeout_ms = 0;
  if (!TimeoutOrReply(ctx, ctx.argv[5], &timeout_ms)) return;
  BlockingMoveGeneric(ctx, from, to, timeout_ms);
}

// BRPOPLPUSH source destination timeout: BLMOVE source destination RIGHT LEFT timeout.
void BrpoplpushCommand(CommandContext& ctx) {
  int64_t timeout_ms = 0;
  if (!TimeoutOrReply(ctx, ctx.argv[3], &timeout_ms)) return;
  BlockingMoveGeneric(ctx, List::End::kRight, List::End::kLeft, timeout_ms);
}

// BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count]: LMPOP, or a wait. Redis reads
// the timeout last.
void BlmpopCommand(CommandContext& ctx) {
  MultiPopArgs args;
  if (!MultiPopArgsOrReply(ctx, 2, kListEnds, &args)) return;
  int64_t timeout_ms = 0;
  if (!TimeoutOrReply(ctx, ctx.argv[1], &timeout_ms)) return;
  if (MultiPopOrReply(ctx, args.keys, EndOf(args), args.count)) return;
  WaitOrReply(ctx, args.keys, ValueType::kList, timeout_ms);
}

}  // namespace

void AddBlockingListCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler: Redis
  // 7.0's COMMAND INFO and COMMAND DOCS for each. LMPOP's and BLMPOP's keys follow their
  // numkeys argument, which (first, last, step) cannot say: Redis lists them as (0, 0, 0) too
  // and finds them with its key specs.
  constexpr uint32_t kGrow = kCmdWrite | kCmdDenyOom;
  constexpr uint32_t kBlocking = kCmdNoScript | kCmdBlocking;
  const std::string g = "list";
  const std::string kMoveSummary =
      "Pop an element from a list, push it to another list and return it";
  table.Add({"lmove", 5, kGrow, 1, 2, 1, g, "6.2.0", kMoveSummary, LmoveCommand, {}});
  table.Add({"rpoplpush",
             3,
             kGrow,
             1,
             2,
             1,
             g,
             "1.2.0",
             "Remove the last element in a list, prepend it to another list and return it",
             RpoplpushCommand,
             {}});
  table.Add(
      {"lmpop", -4, kCmdWrite, 0, 0, 0, g, "7.0.0", "Pop elements from a list", LmpopCommand, {}});
  table.Add({"blpop",
             -3,
             kCmdWrite | kBlocking,
             1,
             -2,
             1,
             g,
             "2.0.0",
             "Remove and get the first element in a list, or block until one is available",
             BlpopCommand,
             {}});
  table.Add({"brpop",
             -3,
             kCmdWrite | kBlocking,
             1,
             -2,
             1,
             g,
             "2.0.0",
             "Remove and get the last element in a list, or block until one is available",
             BrpopCommand,
             {}});
  table.Add({"blmove",
             6,
             kGrow | kBlocking,
             1,
             2,
             1,
             g,
             "6.2.0",
             kMoveSummary + "; or block until one is available",
             BlmoveCommand,
             {}});
  table.Add({"brpoplpush",
             4,
             kGrow | kBlocking,
             1,
             2,
             1,
             g,
             "2.2.0",
             kMoveSummary + "; or block until one is available",
             BrpoplpushCommand,
             {}});
  table.Add({"blmpop",
             -5,
             kCmdWrite | kCmdBlocking,
             0,
             0,
             0,
             g,
             "7.0.0",
             "Pop elements from a list, or block until one is available",
             BlmpopCommand,
             {}});
}

}  // namespace stepdb
