// The options of Redis's string writes, read as Redis reads them: one parser for SET's and
// GETEX's options (parseExtendedStringArgumentsOrReply in Redis's t_string.c) and one reader
// of the expiry they ask for (getExpireMillisecondsOrReply), which SETEX and PSETEX use too,
// so that the same argument gets the same answer from every command.
//
//   SET key value [NX | XX] [GET] [EX s | PX ms | EXAT unix-s | PXAT unix-ms | KEEPTTL]
//   GETEX key [EX s | PX ms | EXAT unix-s | PXAT unix-ms | PERSIST]
//
// Options are matched in any case and may repeat ("EX 1 EX 2" takes the last). NX and XX
// exclude each other; the four expiry options, KEEPTTL and PERSIST exclude each other; an
// option of the other command, an unknown word, or an expiry option without its time is
// "ERR syntax error".
//
// The expiry (ExpireAtOrReply), as an absolute unix time in milliseconds, the value
// envelope's expire_at_ms (value_envelope.h):
//
//   EX and PX are relative (now + the time); EXAT and PXAT are absolute
//   the time is not an integer (redis_args.h)     "ERR value is not an integer or out of range"
//   the time is <= 0, or seconds * 1000 or now + the time leaves int64
//                                                 "ERR invalid expire time in '<command>' command"
//
// An absolute time may already be past; what that does is the command's rule (SET stores a
// key that is due at once, GETEX deletes it). EXPIRE and its siblings have other rules (a
// time <= 0 is allowed) and read their time themselves (stage 07).
//
// Thread safety: on the server's loop thread only, like every handler.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "command_context.h"

namespace stepdb {

enum class ExpireOption { kNone, kEx, kPx, kExAt, kPxAt };

// Whose options: SET's follow its value (argv[3] on), GETEX's follow its key (argv[2] on).
enum class StringWriteCommand { kSet, kGetex };

struct StringWriteOptions {
  bool nx = false;        // SET
  bool xx = false;        // SET
  bool get = false;       // SET
  bool keep_ttl = false;  // SET
  bool persist = false;   // GETEX
  ExpireOption expiry = ExpireOption::kNone;
  const std::string* expire_time = nullptr;  // the argument after EX/PX/EXAT/PXAT, in ctx.argv
};

// Parses the options of `command` from ctx.argv into *options and returns true; replies
// "ERR syntax error" and returns false if they break the rules above.
[[nodiscard]] bool ParseStringWriteOptionsOrReply(CommandContext& ctx, StringWriteCommand command,
                                                  StringWriteOptions* options);

// Sets *expire_at_ms to the absolute unix time in milliseconds that `option` with argument
// `time` asks for, "now" read from ctx.NowMs(), and returns true. Otherwise replies with
// Redis's error, naming the command in lower case, and returns false.
// REQUIRES: option != ExpireOption::kNone.
[[nodiscard]] bool ExpireAtOrReply(CommandContext& ctx, ExpireOption option, std::string_view time,
                                   int64_t* expire_at_ms);

}  // namespace stepdb
