// What every command of the SCAN family shares: reading the cursor and the options the way
// Redis's scanGenericCommand reads them, and cutting one call's page out of an ordered walk.
//
//   SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]      (redis_key_commands.h)
//   HSCAN key cursor [MATCH pattern] [COUNT count]             (later stages: a collection's
//   SSCAN key cursor [MATCH pattern] [COUNT count]              elements; TYPE is SCAN's only)
//
// The rules, Redis 7.0's:
//   - the cursor is read as strtoul reads it: "+5" is 5, "" is 0, "-1" wraps around; a leading
//     space, bytes after the number, or a number past 2^64 - 1 are "ERR invalid cursor";
//   - options come in any order and may repeat (the last one counts); an unknown option, or
//     one without its value, is "ERR syntax error";
//   - COUNT is an integer ("ERR value is not an integer or out of range") of at least 1
//     ("ERR syntax error"), 10 by default; MATCH "*" takes everything without matching.
//
// A call walks its ordered range from the position after the cursor's, visits at most COUNT
// positions and replies [next cursor, items]. ScanPage counts the visits: the walk reads one
// position more than COUNT only to learn whether the iteration goes on, so the last call of an
// iteration already answers cursor "0" and no empty call follows. A cursor stands for the last
// position visited (scan_cursors.h); what a position is (a key, a collection's element) is
// the command's business.
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "command_context.h"

namespace stepdb {

// Reads a cursor's text into *cursor and returns true; replies "ERR invalid cursor" and
// returns false if it is not one.
[[nodiscard]] bool ParseScanCursorOrReply(CommandContext& ctx, const std::string& text,
                                          uint64_t* cursor);

struct ScanOptions {
  int64_t count = 10;
  const std::string* pattern = nullptr;  // nullptr: no filter (no MATCH, or MATCH "*")
  const std::string* type = nullptr;     // SCAN's TYPE; nullptr: any type
};

// Reads the options from ctx.argv[first] on into *options and returns true; on a bad option
// replies with Redis's error and returns false. TYPE is an option only if `with_type`.
// Pointers in *options point into ctx.argv.
[[nodiscard]] bool ParseScanOptionsOrReply(CommandContext& ctx, size_t first, bool with_type,
                                           ScanOptions* options);

// The position a cursor stands for, in *position, and true; cursor 0 (the start) leaves
// *position empty. An unknown cursor is replied "ERR invalid cursor" and gives false.
[[nodiscard]] bool FindScanPositionOrReply(CommandContext& ctx, uint64_t cursor,
                                           std::string* position);

// One call's share of a walk: at most `count` positions, then a cursor for the next call.
//
//   ScanPage page(options.count);
//   walk from the cursor's position, reading page.read_limit() positions, and at each:
//     if (!page.Visit(position)) stop;   ...else filter it and keep its items
//   page.Reply(ctx, items);
class ScanPage {
 public:
  // REQUIRES: count >= 1.
  explicit ScanPage(int64_t count) : count_(static_cast<size_t>(count)) {}

  // How many positions the walk should read: one more than it may visit.
  size_t read_limit() const { return count_ + 1; }

  // Counts the walk's next position and returns true, or returns false when `count` positions
  // were visited already: this one is left for the next call, and the walk must stop.
  bool Visit(std::string_view position);

  // Replies [cursor, items]: cursor "0" if the walk ran out before the page was full, else a
  // new cursor standing for the last position visited.
  void Reply(CommandContext& ctx, const std::vector<std::string>& items);

 private:
  size_t count_;
  size_t visited_ = 0;
  bool more_ = false;  // the walk found a position after the page
  std::string last_;   // the last position visited
};

}  // namespace stepdb
