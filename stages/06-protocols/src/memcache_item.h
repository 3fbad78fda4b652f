// Memcached's rules for an item's times and numbers, as pure functions: how an exptime becomes
// an instant, how much TTL is left, and what incr and decr do to the bytes of a value.
//
// EXPIRY (protocol.txt, "Expiration times"; memcached's realtime()). A client sends exptime as
// a signed number of seconds:
//
//   0                  never expires                         expire_at_ms = 0
//   1 .. 2592000       seconds from now (at most 30 days)    now + exptime s
//   > 2592000          an absolute unix time                 exptime s (perhaps already past)
//   < 0                expired at once                       2592001 s: memcached reads a
//                                                            negative exptime as that unix
//                                                            time, long past
//
// so "set k 0 60 1" at 1700000000.250 expires at 1700000060250 ms, and "set k 0 1700000100 1"
// at 1700000100000 ms. An item whose expiry is already due when it is written (a negative or a
// past absolute exptime) is stored by memcached and never served again: IsExpired
// (value_envelope.h) says so, and the commands delete such an item instead of storing it.
//
// INCR AND DECR (memcached's do_add_delta). The value must read as an unsigned 64-bit decimal
// the way strtoull reads it: leading white space, an optional sign, digits, then the end or a
// white-space byte ("12", " 12", "+12", "12 apples" are 12; "12apples", "", "-1" are not
// numbers). incr wraps at 2^64; decr stops at 0. When the new number is no longer than the old
// value, memcached rewrites the item in place and pads it with spaces to its old length:
//
//   "100" decr 1  -> "99 "        "007" incr 1 -> "8  "        "99" incr 1 -> "100"
//
// and a later `get` shows those spaces; StepDB stores the same bytes. The reply to incr and
// decr is the number alone.
//
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stepdb {

// The largest exptime read as seconds from now; anything larger is a unix time.
inline constexpr int64_t kMcMaxRelativeExptime = 60 * 60 * 24 * 30;

// The absolute expiry, in unix milliseconds, of an item given `exptime` at `now_ms`; 0 for
// "never" (see the table above).
int64_t McExpireAtMs(int64_t exptime, int64_t now_ms);

// What the meta t flag reports: -1 for an item that never expires, else the seconds left,
// rounded up (an item set with T30 reports t30 at once). memcached reports -1 for an item
// that is already due, too.
int64_t McTtlSeconds(int64_t expire_at_ms, int64_t now_ms);

// Applies incr (`incr` true) or decr of `delta` to an item's data. Returns false, changing
// nothing, iff the data is not a number memcached accepts. On success *data holds the item's
// new bytes (padded as described above) and *number the new number alone.
bool McApplyDelta(std::string* data, bool incr, uint64_t delta, std::string* number);

}  // namespace stepdb
