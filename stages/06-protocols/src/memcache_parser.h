// MemcacheParser: cuts a Memcached connection's bytes into requests of the text and meta
// protocols, and answers malformed ones exactly as memcached 1.6 does.
//
// THE GRAMMAR. A request is a line, and for storage commands a data block after it:
//
//   request   = line [ data ]
//   line      = token *( 1*SP token ) [CR] LF       ; spaces only separate; CR is optional
//   data      = <bytes octets, any values> CR LF    ; the line says how many; CR LF required
//
//   get|gets  1*(SP key)                       gat|gats  SP exptime *(SP key)
//   set|add|replace|append|prepend  SP key SP flags SP exptime SP bytes [SP "noreply"]  + data
//   cas       SP key SP flags SP exptime SP bytes SP cas-unique [SP "noreply"]          + data
//   incr|decr SP key SP delta [SP "noreply"]   touch     SP key SP exptime [SP "noreply"]
//   delete    SP key [SP "0"] [SP "noreply"]   flush_all [SP delay] [SP "noreply"]
//   verbosity SP level [SP "noreply"]          stats *(SP arg)     version     quit
//
//   mg|md|ma  SP key *(SP flag)                ms        SP key SP datalen *(SP flag)   + data
//   me        SP key [SP "b"]                  mn
//   flag      = one letter, then its token, as in "v", "q", "T30", "Oabc", "MS"
//
// Keys are at most 250 bytes (max_key_bytes) and may hold any byte but space, LF and NUL (a
// CR too, unless it is the one that ends the line). Numbers are read as memcached reads them
// (memcache_syntax.h). An unknown command is "ERROR", and so is a known one with too few or
// too many tokens. `version`, `quit` and `mn` ignore anything after the word; `stats` passes
// its arguments on.
//
// A WORKED EXAMPLE. Three requests arrive in one read; the data block holds a CR LF itself,
// which is fine, because the line said 4 bytes:
//
//   "set k 5 0 4\r\n"  "a\r\nb"  "\r\n"       "mg k v T30\n"  "quit\r\n"
//   bytes 0..12        13..16    17..18       19..29          30..35
//   the line           the data  its CR LF    a line          a line
//
//   Parse -> kRequest  kSet keys {"k"} flags 5 exptime 0 data "a\r\nb"         consumed() 19
//   Parse -> kRequest  kMetaGet keys {"k"} meta_flags {"v", "T30"} exptime 30  consumed() 11
//   Parse -> kRequest  kQuit                                                  consumed() 6
//
// Had the first read ended inside the data block, Parse would have said kNeedMore, and on the
// next call (same bytes plus more) gone on from where it stopped: the line is parsed once and
// a large block is never scanned.
//
// ERRORS, and what memcached does with the bytes around them. Parse returns kError with the
// exact reply (CLIENT_ERROR texts vary by command; the tests hold a table checked against
// memcached 1.6.18). After an error on a line, the next line is the next request: memcached
// does not skip a data block it never accepted the line for, so in
// "set k 0 abc 1\r\nx\r\n" the "x" line is parsed as a command too (and is "ERROR").
// Three cases differ:
//   - a storage line whose item is too large ("SERVER_ERROR object too large for cache"),
//     and an `ms` line refused after its datalen was read (a bad flag, say): the data block
//     is swallowed, exactly bytes + 2 octets, whatever they hold;
//   - a data block not followed by CR LF: "CLIENT_ERROR bad data chunk", and the bytes + 2
//     octets where the block and its CR LF should have been are dropped; parsing goes on
//     right after them;
//   - a line longer than max_line_bytes: memcached closes the connection without a reply.
//     `get` and `gets` lines (after at most 100 spaces) are exempt, since a multi-get of many
//     keys is legitimately long; they are bounded by max_get_line_bytes instead.
// No other error closes the connection.
//
// `noreply` silences errors too. memcached reads "noreply" (the last token) before it checks
// the rest of the line, and then suppresses whatever it would have answered, errors
// included: "incr k x noreply" answers nothing. Such an error is kError with an empty reply().
// Errors found before (a wrong token count, an unknown command) are always answered. Meta
// commands' q flag never hides an error.
//
// WHERE STEPDB DIFFERS FROM MEMCACHED, on purpose:
//   - memcached checks the line length only when a read leaves it without a newline, so a
//     long line that happens to arrive whole is served there. The parser must answer the same
//     however the bytes are split, so any line longer than the limit closes the connection.
//   - memcached counts its item header and the key toward its 1 MiB item limit (with a 1-byte
//     key it stores at most 1048516 bytes of data); max_item_bytes counts the data alone.
//   - memcached 1.6.18 answers a `get` with a key over the limit with the CLIENT_ERROR alone
//     and also drops the replies of requests read before it in the same read ("version\r\n"
//     "get <251 bytes>\r\n" gets only the error). The parser reports that line's error and
//     nothing else, so the replies before it stand.
//   - a line refused with a block to swallow (an item too large, an `ms` flag error) gets its
//     reply at once; memcached 1.6.18 was seen to send it only once the whole block had
//     arrived. The bytes on the wire are the same.
//   - memcached puts no bound of its own on a get line (one of 4 MB stalled 1.6.18);
//     max_get_line_bytes does, and closes the connection past it.
//   - commands StepDB does not serve (slabs, lru, lru_crawler, watch, cache_memlimit,
//     extstore) are unknown: "ERROR". `shutdown` answers as a memcached started without -A.
//
// `me` (meta debug) is not a debugging build's command: memcached 1.6.18 serves it as
// started by default, with "EN" for a miss and "ME <key> exp=.. la=.. cas=.. fetch=.. cls=..
// size=.." for a hit. The parser accepts it exactly as memcached does; what StepDB answers
// is the executor's choice.
//
// Thread safety: none; one parser belongs to one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepdb {

struct MemcacheLimits {
  size_t max_key_bytes = 250;           // memcached's KEY_MAX_LENGTH
  size_t max_item_bytes = 1024 * 1024;  // --memcached-max-item-size: the data of one item
  size_t max_line_bytes = 2048;         // memcached closes a connection past this
  size_t max_get_line_bytes = 1 << 20;  // a get/gets line: ~4000 keys of 250 bytes
};

enum class McCommand {
  // The text protocol.
  kGet,
  kGets,
  kGat,
  kGats,
  kSet,
  kAdd,
  kReplace,
  kAppend,
  kPrepend,
  kCas,
  kDelete,
  kIncr,
  kDecr,
  kTouch,
  kFlushAll,
  kStats,
  kVersion,
  kVerbosity,
  kQuit,
  // The meta protocol: mg ms md ma mn me.
  kMetaGet,
  kMetaSet,
  kMetaDelete,
  kMetaArithmetic,
  kMetaNoop,
  kMetaDebug
};

// True iff `command` is one of the meta protocol's (mg ms md ma mn me).
bool IsMetaCommand(McCommand command);

// One request, with its numbers read and checked. The fields a command does not use keep
// their defaults.
struct McRequest {
  McCommand command = McCommand::kVersion;
  // Retrieval: every key, in order (gat with no key at all is valid: memcached answers END).
  // Others: the one key, base64-decoded for a meta command with the b flag; mn: none.
  std::vector<std::string> keys;
  uint32_t flags = 0;  // storage commands' client flags; ms: its F flag
  // storage, touch, gat, gats; flush_all's delay; meta: the T flag. A 32-bit number, as
  // memcached reads it: "4294967296" is 0.
  int64_t exptime = 0;
  uint64_t cas_unique = 0;  // cas; meta: the C flag
  uint64_t delta = 0;       // incr, decr; ma: the D flag, 1 without it
  // The client asked for no reply: the noreply token; for a meta command, the q flag (which
  // hides only the nominal reply: EN for mg, HD for ms, md and ma).
  bool noreply = false;
  std::string data;               // storage commands and ms: the data block without its CR LF
  std::vector<std::string> args;  // stats: its arguments; verbosity: the level; flush_all:
                                  // the delay token, if one was read
  // Meta commands: every flag token as sent ("v", "T30", "Oabc", "q", "MS"), in order. Each
  // has passed memcached's checks (known flag, no duplicate, a number where one is due).
  std::vector<std::string> meta_flags;
  bool base64_key = false;  // meta: keys[0] was sent base64-encoded (the b flag)
};

class MemcacheParser {
 public:
  enum class Outcome {
    kRequest,   // *request holds the next request; its bytes are the first consumed()
    kNeedMore,  // no whole request yet
    kError,     // reply() is memcached's answer; the first consumed() bytes are refused
  };

  explicit MemcacheParser(const MemcacheLimits& limits = {});
  MemcacheParser(const MemcacheParser&) = delete;
  MemcacheParser& operator=(const MemcacheParser&) = delete;

  // Parses the next request at the front of `input`, the connection's unconsumed bytes.
  // After every call, whatever the outcome, the caller drops the first consumed() bytes and
  // calls again with the rest plus whatever arrives. consumed() is 0 after kNeedMore except
  // while a refused data block is being swallowed, whose bytes are dropped as they come.
  // kError: send reply() (it may be empty: an error on a noreply line is silent), then close
  // the connection iff close(); otherwise carry on parsing.
  // REQUIRES: after kNeedMore, `input` starts with the same bytes as before (minus consumed()).
  Outcome Parse(std::string_view input, McRequest* request);

  size_t consumed() const { return consumed_; }
  // After kError: the reply line(s), each ending in "\r\n"; possibly empty.
  const std::string& reply() const { return reply_; }
  // After kError: true iff memcached would close the connection after sending reply().
  bool close() const { return close_; }

 private:
  enum class LineResult { kRequest, kData, kError };

  // After the line of pending_ (line_bytes_ long) at the front of `input`: its data block.
  Outcome TakeDataBlock(std::string_view input, McRequest* request);
  // Reads a request line into pending_; kData if a data block of data_bytes_ must follow.
  LineResult ParseLine(std::string_view line);
  LineResult ParseTextCommand(const std::vector<std::string_view>& tokens);
  // True iff a line of `length` bytes (not counting its LF) is over the limit for a line
  // that starts with `start`; `complete` says whether the LF has arrived.
  bool LineTooLong(std::string_view start, size_t length, bool complete) const;
  // Records an error reply (nothing if `quiet`) and how many data bytes follow to swallow.
  LineResult Fail(std::string_view text, bool quiet, size_t swallow = 0);
  // Finishes the call: consumed_ grows by `bytes`, and the parser awaits a new line.
  Outcome Finish(Outcome outcome, size_t bytes);

  MemcacheLimits limits_;
  size_t consumed_ = 0;
  std::string reply_;
  bool close_ = false;

  size_t scanned_ = 0;  // input[0, scanned_) is known to hold no LF
  bool awaiting_data_ = false;
  McRequest pending_;      // the line parsed, while its data block is awaited
  size_t line_bytes_ = 0;  // that line's length with its LF
  size_t data_bytes_ = 0;  // the data block's length, without its CR LF
  size_t to_swallow_ = 0;  // after kError: octets of a refused data block to swallow
  size_t swallowing_ = 0;  // octets still to drop from the front of the input
};

}  // namespace stepdb
