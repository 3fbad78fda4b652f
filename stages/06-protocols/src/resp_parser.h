// RespParser: cuts a connection's bytes into Redis requests, exactly as Redis 7.0 does.
//
// A Redis client sends each request in one of two forms, and the first byte of the request
// tells which:
//
//   request   := multibulk | inline
//   multibulk := "*" count CR LF { "$" length CR LF bytes CR LF }     (count times)
//   inline    := line LF                                              (first byte is not "*")
//
// Multibulk is what client libraries send. Every argument carries its length, so arguments
// may hold any byte, "\r\n" and "\0" included, and the parser never looks inside them:
//
//   bytes:  * 2 \r \n $ 3 \r \n G E T \r \n $ 1 \r \n k \r \n
//           |------| |------| |--------| |------| |-----|
//           count 2  length 3  "GET"      length 1  "k"       -> args {"GET", "k"}
//
// Inline is what a person types into netcat: "GET k\r\n". The line ends at "\n" (a "\r"
// just before it is dropped) and is split into words as redis-cli would, by
// SplitInlineArgs below: "SET k \"a b\"\n" -> args {"SET", "k", "a b"}.
//
// The rules, matched byte for byte against redis-server 7.0 (its processMultibulkBuffer and
// processInlineBuffer in networking.c):
//   1. A header line (the "*count" line or a "$length" line) ends at its first "\r"; the one
//      byte after the "\r" is skipped unread (it should be "\n"; Redis never checks).
//   2. count and length are Redis integers (string2ll): an optional "-", digits, no "+", no
//      spaces, no leading zero ("0" alone is fine, "-0" and "01" are not).
//   3. count <= 0 ("*0", "*-1") is an empty request: skipped, no reply.
//      count not an integer or above max_multibulk_count -> "invalid multibulk length".
//   4. A bulk header must start with "$", else "expected '$', got 'X'" with X the raw byte
//      (a "\r" or "\n" shows as a space, as in every Redis error). The check waits for the
//      whole header line, like Redis.
//   5. length not an integer, negative, or above max_bulk_bytes -> "invalid bulk length".
//   6. After the length bytes of data, two bytes are skipped unread (normally "\r\n").
//   7. An inline line that splits into no words (empty or blank) is skipped, no reply.
//      Unbalanced quotes -> "unbalanced quotes in request".
//   8. More than max_inline_bytes unconsumed bytes and still no end of line: "too big inline
//      request", "too big mbulk count string" or "too big bulk count string". The limit is
//      on bytes waiting without a line end, so a longer line that arrives whole is accepted,
//      as in Redis.
//   9. A "\0" hides the rest of the input from the search for a line's end (rules 1, 7 and
//      8): Redis searches with strchr on a C string. A line with a "\0" before its end thus
//      never completes, and the connection waits until rule 8 ends it.
// Every error is Redis's text after "-ERR ": "Protocol error: invalid bulk length". The
// connection replies "-ERR <error>\r\n" and closes, as Redis does; requests before the error
// in the same input are served first, since they were returned first.
//
// Work is linear in the input: the parser remembers how far it searched a header line, and it
// copies each argument out of the input once, when the whole argument has arrived. A large
// request fed a few KiB at a time is never rescanned (bytes_examined() shows it).
//
// Thread safety: none; one parser belongs to one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepdb {

struct RespLimits {
  // Redis's PROTO_INLINE_MAX_SIZE: how many bytes may wait without the end of an inline line
  // or of a "*"/"$" header line (rule 8).
  size_t max_inline_bytes = 64 * 1024;
  // Redis 7.0 accepts any count up to INT_MAX (6.x stopped at 1024 * 1024). A large count
  // costs nothing until its arguments arrive: argument storage grows as they do.
  int64_t max_multibulk_count = 2147483647;
  // Redis's proto-max-bulk-len.
  int64_t max_bulk_bytes = 512LL * 1024 * 1024;
};

class RespParser {
 public:
  enum class Outcome {
    kRequest,   // *args holds the next request
    kNeedMore,  // no complete request yet
    kError,     // a protocol error; error() says which
  };

  explicit RespParser(const RespLimits& limits = {});
  RespParser(const RespParser&) = delete;
  RespParser& operator=(const RespParser&) = delete;

  // Parses the next request at the front of `input`, the connection's unconsumed bytes.
  // After every call the caller drops the first consumed() bytes of input, whatever the
  // outcome, and calls again with the bytes that are left plus any that arrived since.
  //
  //  kRequest:  *args holds the request's arguments; args[0] is the command name as sent.
  //             Empty requests before it (rules 3 and 7) were skipped.
  //  kNeedMore: no complete request yet. consumed() counts skipped empty requests and the
  //             arguments of the unfinished request already copied into the parser, which
  //             keeps its place, so a 1M-argument or 512 MB request is never rescanned.
  //  kError:    error() holds the message (without "-ERR "). The parser stays failed: later
  //             calls return kError again. consumed() is of no further use.
  // *args is written only on kRequest; its old contents are discarded.
  Outcome Parse(std::string_view input, std::vector<std::string>* args);

  // The bytes of input the last Parse call finished with.
  size_t consumed() const { return consumed_; }
  // After kError: Redis's message, e.g. "Protocol error: invalid multibulk length".
  const std::string& error() const { return error_; }
  // True iff the parser is in the middle of a request: it has seen some of its bytes.
  bool in_request() const;
  // How many input bytes the parser has looked at since it was made, searching lines and
  // copying arguments: at most twice the bytes parsed plus one per call, however the input
  // was cut. Tests use it to show that the work is linear.
  uint64_t bytes_examined() const { return bytes_examined_; }

 private:
  enum class State {
    kStart,           // between requests
    kInline,          // waiting for the "\n" of an inline request
    kMultibulkCount,  // waiting for the "\r" of the "*count" line
    kBulkHeader,      // waiting for the "\r" of a "$length" line
    kBulkData,        // waiting for bulk_length_ bytes and the two after them
    kFailed,          // a protocol error was reported
  };

  // The outcome of looking for the end of the line at the front of `rest`.
  enum class LineEnd { kFound, kNotYet, kTooLong };
  // Looks for `terminator` in rest from where the last search stopped (rule 9: a "\0" ends
  // the search for good). kFound sets *end to its offset in rest. kTooLong: not found and
  // more than max_inline_bytes are waiting (rule 8).
  LineEnd FindLineEnd(std::string_view rest, char terminator, size_t* end);
  // Hands the finished request in args_ to the caller.
  Outcome TakeRequest(std::vector<std::string>* args);
  Outcome Fail(std::string error);
  // Enters `state`, whose line starts at the front of the unconsumed bytes.
  void StartLine(State state);

  RespLimits limits_;
  State state_ = State::kStart;
  size_t consumed_ = 0;
  std::string error_;
  uint64_t bytes_examined_ = 0;

  // The line being searched: bytes [0, searched_) of it hold no terminator; if hit_nul_,
  // one of them is a "\0" and the line can never end (rule 9).
  size_t searched_ = 0;
  bool hit_nul_ = false;
  // The multibulk request being read: arguments still to come, the length of the current
  // one (kBulkData), and the arguments read so far.
  int64_t bulks_left_ = 0;
  int64_t bulk_length_ = 0;
  std::vector<std::string> args_;
};

// Splits an inline request line into arguments as Redis's sdssplitargs does (redis-cli
// splits what you type the same way). Returns false iff the quotes are unbalanced.
//  - Words are separated by spaces, tabs, "\r" and "\n". "\v" and "\f" are skipped
//    before a word but are part of it inside one ("a\vb" is one word), as in Redis.
//  - "double quotes" take the escapes \n \r \t \b \a \xHH (two hex digits); a backslash
//    before any other byte stands for that byte (\" \\ \q -> " \ q).
//  - 'single quotes' take \' only; every other byte, backslash included, is literal.
//  - A quote may open in the middle of a word (ab"c d" -> abc d), but a closing quote must be
//    followed by a space or the end of the line (otherwise: unbalanced). "" is an empty word.
//  - The line ends at a "\0", as a C string would.
// *args is replaced; on false its contents are unspecified.
bool SplitInlineArgs(std::string_view line, std::vector<std::string>* args);

}  // namespace stepdb
