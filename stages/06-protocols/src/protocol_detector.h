// DetectProtocol: decides from the first bytes of a connection whether it speaks Redis (RESP)
// or Memcached.
//
// One port serves both protocols, and neither protocol greets: the server learns which one a
// client speaks only from that client's first request. The rule is one line long:
//
//   Memcached  iff the connection starts with one of memcached's command words, exactly as
//              memcached spells it (lower case), followed by ' ', '\r' or '\n';
//   RESP       otherwise.
//
// The words are the text protocol's
//   get gets gat gats set add replace append prepend cas delete incr decr touch
//   flush_all stats version verbosity quit
// and the meta protocol's
//   mg ms md ma mn me
//
// While the bytes seen so far could still grow into such a word and its separator ("g",
// "ge", "get", "stat", "flush_"), the answer is kUndecided and the caller waits for more.
// That wait is short and bounded: the longest undecided prefix is "flush_all", 9 bytes. The
// empty input is kUndecided too, so a client that connects and sends nothing gets nothing,
// which is what both real servers do (each waits for a request).
//
//   bytes seen           answer        why
//   "*1\r\n$4\r\nPING"   kResp         multibulk: what every Redis client library sends
//   "PING\r\n"           kResp         an inline command (Redis accepts these for telnet)
//   "GET k\r\n"          kResp         upper case: memcached's words are case-sensitive
//   "get k\r\n"          kMemcached
//   "gets"               kUndecided    "gets" needs its separator yet
//   "getrange k 0 1\n"   kResp         "get" not followed by a separator: a Redis command
//   "settings\n"         kResp         likewise
//   "mn\r\n"             kMemcached    the meta no-op
//   "\x16\x03\x01..."    kResp         anything else, binary garbage included
//
// The ambiguities, and why they fall the way they do:
//  - Redis commands are case-insensitive, so "get k" typed into nc is a valid Redis inline
//    command too. It goes to Memcached: a Redis user at a terminal types GET (the Redis docs
//    spell commands in upper case), and redis-cli and every client library send multibulk
//    ("*..."), never inline text. Someone who wants Redis from nc types upper case.
//  - "quit", "stats", "version" and the other words read the same way: lower-case "quit"
//    answers as memcached does (the connection closes without a reply), where Redis would
//    first have said +OK.
//  - A word counts only with its separator: "getrange", "settings", "decrby", "incrbyfloat"
//    and "append_x" start with a memcached word but are not one, so they are RESP.
//  - A connection that starts with a space (" get k") is RESP: the word must come first.
//    Memcached itself would skip the spaces; the detector does not, so that it never waits
//    on an unbounded run of them.
//
// The decision is made once per connection; everything after it goes to the chosen parser.
//
// Thread safety: a pure function; safe from any thread.
#pragma once

#include <string_view>

namespace stepdb {

enum class Protocol { kUndecided, kResp, kMemcached };

// The protocol of a connection that has received `first_bytes` so far. kUndecided iff more
// bytes are needed to tell; once the answer is kResp or kMemcached, more bytes never change it.
Protocol DetectProtocol(std::string_view first_bytes);

}  // namespace stepdb
