// Redis's list commands (Redis's t_list.c) on the positions layout: a list is its key's
// envelope (version, head, size) plus one record per element at position head + index
// (list_encoding.h), read and changed through one List object per command (list.h).
//
// Indexes. Redis's indexes are signed: 0 is the head, -1 the tail, -size the head again. A
// command turns them into List's unsigned ones before it reads anything:
//
//   one element (LINDEX, LSET)   index < 0 counts from the tail; beyond either end there is
//                                no element (nil, or "index out of range")
//   a range (LRANGE, LTRIM)      each bound < 0 counts from the tail; a start still < 0
//                                becomes 0, an end past the tail becomes the tail; start >
//                                end, or start past the tail, is the empty range
//
// With "a b c d e": LRANGE 1 -2 is "b c d", LRANGE -100 100 is all five, LRANGE 3 1 is empty,
// LINDEX -5 is "a" and LINDEX -6 is nil.
//
// What each command costs is List's (list.h): LLEN reads the envelope only, LINDEX and LSET
// one element record, pushes and pops only the records at the ends, LRANGE one ordered scan
// of the range it returns. The commands that search for an element walk the list in the
// direction Redis does and stop where Redis stops: LINSERT at the pivot, LPOS at its last
// match or MAXLEN, LREM after |count| matches; a negative RANK or count walks from the tail
// (List::ScanBackward), so a search near the tail never reads the head. Every command writes
// once: all the elements of one LPUSH, or all that LREM removes, go in one commit.
//
// The order of the checks is Redis's too, since it decides the reply when several things are
// wrong: LRANGE, LTRIM, LREM and LPOS read their numbers and options before the key (LRANGE
// of a string key with a bad index is "not an integer"), LINDEX and LSET look the key up
// first (LINDEX of a missing key is nil whatever the index), LINSERT checks BEFORE|AFTER
// first.
#include "redis_list_commands.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "blocking_pop.h"
#include "list.h"
#include "list_lookup.h"
#include "redis_args.h"

namespace stepdb {
namespace {

// Redis 7.0's texts for LPOS's own errors.
constexpr std::string_view kErrRankZero =
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or "
    "use negative to start from the end of the list";
constexpr std::string_view kErrCountNegative = "ERR COUNT can't be negative";
constexpr std::string_view kErrMaxlenNegative = "ERR MAXLEN can't be negative";

// The `last` of List::Scan and ScanBackward that means "the tail": they clamp it to size - 1.
constexpr uint64_t kTail = std::numeric_limits<uint64_t>::max();

// Reads an index or a count by Redis's integer rules; false after replying Redis's error for
// an argument that is not one.
bool IntegerOrReply(CommandContext& ctx, std::string_view arg, int64_t* value) {
  if (StringToInt64(arg, value)) return true;
  ctx.reply.Error(kErrNotInteger);
  return false;
}

// The index of the element that Redis's `index` names in a list of `size` elements (-1: the
// last), or nullopt if there is none.
std::optional<uint64_t> ElementIndex(int64_t index, uint64_t size) {
  if (index >= 0) {
    const auto from_head = static_cast<uint64_t>(index);
    if (from_head >= size) return std::nullopt;
    return from_head;
  }
  const uint64_t from_tail = 0 - static_cast<uint64_t>(index);  // |index|, even of INT64_MIN
  if (from_tail > size) return std::nullopt;
  return size - from_tail;
}

void ReplyElements(CommandContext& ctx, const std::vector<std::string>& elements) {
  ctx.reply.ArrayHeader(elements.size());
  for (const std::string& element : elements) ctx.reply.Bulk(element);
}

// LPUSH, RPUSH key element [element ...], and LPUSHX, RPUSHX, which push only onto a list
// that exists (else 0): the list's length after the pushes. The elements go one by one, so
// LPUSH k a b c leaves "c b a".
void PushGeneric(CommandContext& ctx, List::End end, bool only_if_exists) {
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &list)) return;
  if (only_if_exists && !list->exists()) {
    ctx.reply.Integer(0);
    return;
  }
  for (size_t i = 2; i < ctx.argv.size(); ++i) {
    if (!ListOkOrReply(ctx, list->Push(end, ctx.argv[i]))) return;
  }
  if (!CommitListOrReply(ctx, *list)) return;
  ctx.reply.Integer(static_cast<int64_t>(list->size()));
}

void LpushCommand(CommandContext& ctx) { PushGeneric(ctx, List::End::kLeft, false); }
void RpushCommand(CommandContext& ctx) { PushGeneric(ctx, List::End::kRight, false); }
void LpushxCommand(CommandContext& ctx) { PushGeneric(ctx, List::End::kLeft, true); }
void RpushxCommand(CommandContext& ctx) { PushGeneric(ctx, List::End::kRight, true); }

// LPOP, RPOP key [count]. Without a count: the element popped, or nil for a missing key. With
// one: an array of up to count elements in the order they were popped (RPOP's from the tail
// inwards), an empty array for count 0, and a null array for a missing key (RESP3: null).
// Redis reads the count before the key, and any count that is not a non-negative integer is
// "out of range"; the arity allows any number of arguments, so the handler refuses a fourth.
void PopGeneric(CommandContext& ctx, List::End end) {
  if (ctx.argv.size() > 3) {
    ctx.reply.Error(WrongArityError(AsciiLower(ctx.argv[0])));
    return;
  }
  bool has_count = false;
  uint64_t count = 1;
  if (!PopCountOrReply(ctx, &has_count, &count)) return;
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &list)) return;
  if (!list->exists()) {
    if (has_count) {
      ctx.reply.NullArray();
    } else {
      ctx.reply.Null();
    }
    return;
  }
  if (count == 0) {
    ctx.reply.ArrayHeader(0);
    return;
  }
  const Result<std::vector<std::string>> popped = list->Pop(end, count);
  if (!ListOkOrReply(ctx, popped.status())) return;
  if (!CommitListOrReply(ctx, *list)) return;
  if (has_count) {
    ReplyElements(ctx, *popped);
  } else {
    ctx.reply.Bulk(popped->front());
  }
}

void LpopCommand(CommandContext& ctx) { PopGeneric(ctx, List::End::kLeft); }
void RpopCommand(CommandContext& ctx) { PopGeneric(ctx, List::End::kRight); }

// LLEN key: 0 for a missing key.
void LlenCommand(CommandContext& ctx) {
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &list)) return;
  ctx.reply.Integer(static_cast<int64_t>(list->size()));
}

// LRANGE key start stop: the elements from index start to index stop, both included (the
// range rules of the top of this file); an empty array for a missing key.
void LrangeCommand(CommandContext& ctx) {
  int64_t start = 0;
  int64_t stop = 0;
  if (!IntegerOrReply(ctx, ctx.argv[2], &start) || !IntegerOrReply(ctx, ctx.argv[3], &stop)) {
    return;
  }
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &list)) return;
  // BEGIN SOLUTION
  // STARTER: (void)start;
  // STARTER: (void)stop;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 09: LRANGE");
  const auto size = static_cast<int64_t>(list->size());
  if (start < 0) start = std::max<int64_t>(size + start, 0);
  if (stop < 0) stop += size;
  if (start > stop || start >= size) {
    ctx.reply.ArrayHeader(0);
    return;
  }
  stop = std::min(stop, size - 1);
  // The elements go from the engine's scan straight into the reply; should the scan fail, the
  // error replaces what was written of the array.
  const size_t reply_start = ctx.reply.out()->size();
  ctx.reply.ArrayHeader(static_cast<size_t>(stop - start + 1));
  const Status read = list->Range(static_cast<uint64_t>(start), static_cast<uint64_t>(stop),
                                  [&](std::string_view element) { ctx.reply.Bulk(element); });
  if (!read.ok()) {
    ctx.reply.out()->resize(reply_start);
    ctx.ReplyStorageError(read);
  }
  // END SOLUTION
}

// LINDEX key index: the element, or nil if there is none (or no key, whatever the index).
void LindexCommand(CommandContext& ctx) {
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &list)) return;
  if (!list->exists()) {
    ctx.reply.Null();
    return;
  }
  int64_t index = 0;
  if (!IntegerOrReply(ctx, ctx.argv[2], &index)) return;
  const std::optional<uint64_t> at = ElementIndex(index, list->size());
  if (!at) {
    ctx.reply.Null();
    return;
  }
  const Result<std::optional<std::string>> element = list->At(*at);
  if (!ListOkOrReply(ctx, element.status())) return;
  if (*element) {
    ctx.reply.Bulk(**element);
  } else {
    ctx.reply.Null();
  }
}

// LSET key index element: +OK, or "no such key", or "index out of range".
void LsetCommand(CommandContext& ctx) {
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &list)) return;
  if (!list->exists()) {
    ctx.reply.Error(kErrNoSuchKey);
    return;
  }
  int64_t index = 0;
  if (!IntegerOrReply(ctx, ctx.argv[2], &index)) return;
  const std::optional<uint64_t> at = ElementIndex(index, list->size());
  if (!at) {
    ctx.reply.Error(kErrIndexOutOfRange);
    return;
  }
  if (!ListOkOrReply(ctx, list->Set(*at, ctx.argv[3]))) return;
  if (!CommitListOrReply(ctx, *list)) return;
  ctx.reply.Ok();
}

// LINSERT key BEFORE|AFTER pivot element: inserts element next to the first element equal to
// pivot, from the head; the list's new length, -1 if no element is the pivot, 0 if the key is
// missing.
void LinsertCommand(CommandContext& ctx) {
  bool after = false;
  if (EqualsIgnoreCase(ctx.argv[2], "after")) {
    after = true;
  } else if (!EqualsIgnoreCase(ctx.argv[2], "before")) {
    ctx.reply.Error(kErrSyntax);
    return;
  }
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &list)) return;
  // BEGIN SOLUTION
  // STARTER: (void)after;
  // STARTER: ctx.reply.Error("ERR NotImplemented: stage 09: LINSERT");
  if (!list->exists()) {
    ctx.reply.Integer(0);
    return;
  }
  const std::string& pivot = ctx.argv[3];
  std::optional<uint64_t> pivot_index;
  const Status walked = list->Scan(0, kTail, [&](uint64_t index, std::string_view element) {
    if (element != pivot) return true;
    pivot_index = index;
    return false;
  });
  if (!ListOkOrReply(ctx, walked)) return;
  if (!pivot_index) {
    ctx.reply.Integer(-1);
    return;
  }
  const uint64_t index = after ? *pivot_index + 1 : *pivot_index;
  if (!ListOkOrReply(ctx, list->Insert(index, ctx.argv[4]))) return;
  if (!CommitListOrReply(ctx, *list)) return;
  ctx.reply.Integer(static_cast<int64_t>(list->size()));
  // END SOLUTION
}

// LREM key count element: removes the first |count| elements equal to element, from the head
// if count > 0, from the tail if count < 0, every one if count is 0; how many it removed.
void LremCommand(CommandContext& ctx) {
  int64_t count = 0;
  if (!IntegerOrReply(ctx, ctx.argv[2], &count)) return;
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &list)) return;
  if (!list->exists()) {
    ctx.reply.Integer(0);
    return;
  }
  const std::string& element = ctx.argv[3];
  // |count|; that of INT64_MIN is more than any list holds, so it removes every match, as
  // Redis's (whose negation of it overflows) does.
  const uint64_t limit =
      count < 0 ? 0 - static_cast<uint64_t>(count) : static_cast<uint64_t>(count);
  std::vector<uint64_t> doomed;
  const List::ElementVisitor visit = [&](uint64_t index, std::string_view candidate) {
    if (candidate == element) doomed.push_back(index);
    return limit == 0 || doomed.size() < limit;
  };
  const Status walked =
      count < 0 ? list->ScanBackward(kTail, 0, visit) : list->Scan(0, kTail, visit);
  if (!ListOkOrReply(ctx, walked)) return;
  if (count < 0) std::reverse(doomed.begin(), doomed.end());  // Remove takes them ascending
  if (doomed.size() == list->size()) {
    list->Clear();  // every element: the key goes with one write, whatever the size
  } else if (!ListOkOrReply(ctx, list->Remove(doomed))) {
    return;
  }
  if (!CommitListOrReply(ctx, *list)) return;
  ctx.reply.Integer(static_cast<int64_t>(doomed.size()));
}

// LTRIM key start stop: keeps the elements from index start to index stop (LRANGE's range)
// and removes the others; an empty range removes the key. Always +OK.
void LtrimCommand(CommandContext& ctx) {
  int64_t start = 0;
  int64_t stop = 0;
  if (!IntegerOrReply(ctx, ctx.argv[2], &start) || !IntegerOrReply(ctx, ctx.argv[3], &stop)) {
    return;
  }
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kWrite, &list)) return;
  if (!list->exists()) {
    ctx.reply.Ok();
    return;
  }
  const auto size = static_cast<int64_t>(list->size());
  if (start < 0) start = std::max<int64_t>(size + start, 0);
  if (stop < 0) stop += size;
  if (start > stop || start >= size) {
    list->Clear();
  } else if (!ListOkOrReply(
                 ctx, list->Trim(static_cast<uint64_t>(start), static_cast<uint64_t>(stop)))) {
    return;
  }
  if (!CommitListOrReply(ctx, *list)) return;
  ctx.reply.Ok();
}

// LPOS's options, once read.
struct LposOptions {
  List::End from = List::End::kLeft;  // a negative RANK walks from the tail
  uint64_t rank = 1;                  // the first match reported is the rank-th met
  std::optional<uint64_t> count;      // COUNT: an array of up to count matches (0: all)
  uint64_t maxlen = 0;                // compare at most this many elements (0: all)
};

// Reads LPOS's options, RANK r | COUNT n | MAXLEN m in any order (a repeated one: the last
// wins). False after replying the first error, in argument order, as Redis.
bool LposOptionsOrReply(CommandContext& ctx, LposOptions* options) {
  int64_t rank = 1;
  for (size_t i = 3; i < ctx.argv.size(); i += 2) {
    const std::string& option = ctx.argv[i];
    if (i + 1 == ctx.argv.size()) {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
    int64_t value = 0;
    const bool is_integer = StringToInt64(ctx.argv[i + 1], &value);
    if (EqualsIgnoreCase(option, "rank")) {
      if (!is_integer) {
        ctx.reply.Error(kErrNotInteger);
        return false;
      }
      if (value == 0) {
        ctx.reply.Error(kErrRankZero);
        return false;
      }
      rank = value;
    } else if (EqualsIgnoreCase(option, "count")) {
      if (!is_integer || value < 0) {
        ctx.reply.Error(kErrCountNegative);
        return false;
      }
      options->count = static_cast<uint64_t>(value);
    } else if (EqualsIgnoreCase(option, "maxlen")) {
      if (!is_integer || value < 0) {
        ctx.reply.Error(kErrMaxlenNegative);
        return false;
      }
      options->maxlen = static_cast<uint64_t>(value);
    } else {
      ctx.reply.Error(kErrSyntax);
      return false;
    }
  }
  options->from = rank < 0 ? List::End::kRight : List::End::kLeft;
  options->rank = rank < 0 ? 0 - static_cast<uint64_t>(rank) : static_cast<uint64_t>(rank);
  if (rank == std::numeric_limits<int64_t>::min()) {
    // Redis 7.0 negates RANK unchecked, and -9223372036854775808 stays negative: every match
    // from the tail then ranks, and COUNT never ends the walk.
    options->rank = 1;
    if (options->count) options->count = 0;
  }
  return true;
}

// The indexes of the matches of `element` that LPOS reports, in the order of its walk.
Result<std::vector<uint64_t>> LposMatches(const List& list, std::string_view element,
                                          const LposOptions& options) {
  std::vector<uint64_t> reported;
  const uint64_t wanted = options.count.value_or(1);  // 0: all
  uint64_t matches = 0;
  const List::ElementVisitor visit = [&](uint64_t index, std::string_view candidate) {
    if (candidate != element || ++matches < options.rank) return true;
    reported.push_back(index);
    return wanted == 0 || reported.size() < wanted;
  };
  const uint64_t size = list.size();
  const uint64_t walked = options.maxlen == 0 ? size : std::min(options.maxlen, size);
  if (walked == 0) return reported;
  if (options.from == List::End::kLeft) {
    STEPDB_RETURN_IF_ERROR(list.Scan(0, walked - 1, visit));
  } else {
    STEPDB_RETURN_IF_ERROR(list.ScanBackward(size - 1, size - walked, visit));
  }
  return reported;
}

// LPOS key element [RANK rank] [COUNT count] [MAXLEN len]: the index of the rank-th element
// equal to element (nil if none); with COUNT, an array of up to count such indexes. A missing
// key is an empty list.
void LposCommand(CommandContext& ctx) {
  LposOptions options;
  if (!LposOptionsOrReply(ctx, &options)) return;
  std::optional<List> list;
  if (!LoadListOrReply(ctx, ctx.argv[1], KeyAccess::kRead, &list)) return;
  const Result<std::vector<uint64_t>> matches = LposMatches(*list, ctx.argv[2], options);
  if (!ListOkOrReply(ctx, matches.status())) return;
  if (options.count) {
    ctx.reply.ArrayHeader(matches->size());
    for (const uint64_t index : *matches) ctx.reply.Integer(static_cast<int64_t>(index));
  } else if (matches->empty()) {
    ctx.reply.Null();
  } else {
    ctx.reply.Integer(static_cast<int64_t>(matches->front()));
  }
}

}  // namespace

void AddRedisListCommands(RedisCommandTable& table) {
  // name, arity, flags, first key, last key, key step, group, since, summary, handler:
  // Redis 7.0's COMMAND INFO and COMMAND DOCS for each.
  constexpr uint32_t kGrowFast = kCmdWrite | kCmdDenyOom | kCmdFast;
  constexpr uint32_t kGrow = kCmdWrite | kCmdDenyOom;
  const std::string g = "list";
  table.Add({"lpush",
             -3,
             kGrowFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Prepend one or multiple elements to a list",
             LpushCommand,
             {}});
  table.Add({"rpush",
             -3,
             kGrowFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Append one or multiple elements to a list",
             RpushCommand,
             {}});
  table.Add({"lpushx",
             -3,
             kGrowFast,
             1,
             1,
             1,
             g,
             "2.2.0",
             "Prepend an element to a list, only if the list exists",
             LpushxCommand,
             {}});
  table.Add({"rpushx",
             -3,
             kGrowFast,
             1,
             1,
             1,
             g,
             "2.2.0",
             "Append an element to a list, only if the list exists",
             RpushxCommand,
             {}});
  table.Add({"lpop",
             -2,
             kCmdWrite | kCmdFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Remove and get the first elements in a list",
             LpopCommand,
             {}});
  table.Add({"rpop",
             -2,
             kCmdWrite | kCmdFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Remove and get the last elements in a list",
             RpopCommand,
             {}});
  table.Add({"llen",
             2,
             kCmdReadOnly | kCmdFast,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get the length of a list",
             LlenCommand,
             {}});
  table.Add({"lrange",
             4,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get a range of elements from a list",
             LrangeCommand,
             {}});
  table.Add({"lindex",
             3,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Get an element from a list by its index",
             LindexCommand,
             {}});
  table.Add({"lset",
             4,
             kGrow,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Set the value of an element in a list by its index",
             LsetCommand,
             {}});
  table.Add({"linsert",
             5,
             kGrow,
             1,
             1,
             1,
             g,
             "2.2.0",
             "Insert an element before or after another element in a list",
             LinsertCommand,
             {}});
  table.Add(
      {"lrem", 4, kCmdWrite, 1, 1, 1, g, "1.0.0", "Remove elements from a list", LremCommand, {}});
  table.Add({"ltrim",
             4,
             kCmdWrite,
             1,
             1,
             1,
             g,
             "1.0.0",
             "Trim a list to the specified range",
             LtrimCommand,
             {}});
  table.Add({"lpos",
             -3,
             kCmdReadOnly,
             1,
             1,
             1,
             g,
             "6.0.6",
             "Return the index of matching elements on a list",
             LposCommand,
             {}});
}

}  // namespace stepdb
