// RespWriter: appends Redis replies to a connection's output, in RESP2 or RESP3.
//
// Every reply starts with a type byte and ends its header with "\r\n". RESP2 has five types;
// RESP3 (which a connection asks for with HELLO 3) adds types that say what a value means,
// so a client need not know the command to decode it. For each RESP3 type there is a RESP2
// spelling, and the writer picks the one the connection speaks:
//
//   reply        RESP3                           RESP2
//   simple       "+" text CRLF                   same
//   error        "-" CODE " " text CRLF          same
//   integer      ":" digits CRLF                 same
//   bulk         "$" length CRLF bytes CRLF      same
//   array        "*" n CRLF, then n replies      same
//   null         "_" CRLF                        "$-1" CRLF (null array: "*-1" CRLF)
//   map          "%" n CRLF, then 2n replies     "*" 2n CRLF, then 2n replies
//   set          "~" n CRLF, then n replies      "*" n CRLF, ...
//   push         ">" n CRLF, then n replies      "*" n CRLF, ...
//   double       "," %.17g CRLF                  bulk of %.17g
//   boolean      "#t" or "#f" CRLF               ":1" or ":0"
//   verbatim     "=" length CRLF "txt:" text CRLF    bulk of text
//   big number   "(" digits CRLF                 bulk of digits
//
// A worked example: a map {"a": 1.5} written as MapHeader(1), Bulk("a"), Double(1.5):
//
//   RESP3:  % 1 \r \n $ 1 \r \n a \r \n , 1 . 5 \r \n
//   RESP2:  * 2 \r \n $ 1 \r \n a \r \n $ 3 \r \n 1 . 5 \r \n
//
// Headers only announce a count; the caller writes exactly that many replies after them.
// The writer appends and never fails. The error texts the commands share are below, each
// checked against redis-server 7.0, byte for byte.
//
// Thread safety: none; a writer belongs to one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace stepdb {

// The text of a double as Redis 7.0 writes it (addReplyDouble, and ZSCAN's scores): printf's
// "%.17g" (3.0 -> "3", 0.1 -> "0.10000000000000001", -0.0 -> "-0"), infinities as "inf" and
// "-inf", and NaN as glibc prints it ("nan" or "-nan"; Redis never stores one).
std::string DoubleText(double d);

class RespWriter {
 public:
  // Appends to *out, which must outlive the writer.
  // REQUIRES: protocol is 2 or 3.
  RespWriter(std::string* out, int protocol);

  int protocol() const { return protocol_; }
  // HELLO switches a connection's protocol between requests.
  // REQUIRES: protocol is 2 or 3.
  void set_protocol(int protocol);
  std::string* out() { return out_; }

  // "+<s>\r\n". A "\r" or "\n" in s becomes a space, as in Redis's addReplyStatusFormat: a
  // status line cannot hold a line break.
  void SimpleString(std::string_view s);
  // "+OK\r\n", the reply of most writes.
  void Ok();
  // "-<message>\r\n". The message starts with its own code ("ERR syntax error", "WRONGTYPE
  // ..."); a "\r" or "\n" in it becomes a space, as Redis's addReplyErrorFormat does.
  void Error(std::string_view message);
  void Integer(int64_t v);
  void Bulk(std::string_view s);
  // A missing value (GET of an absent key): RESP2 "$-1\r\n", RESP3 "_\r\n".
  void Null();
  // A missing array (BLPOP timing out, LPOP key count of an absent key): RESP2 "*-1\r\n",
  // RESP3 "_\r\n".
  void NullArray();
  void ArrayHeader(size_t n);
  // Announces `pairs` keys each followed by its value.
  void MapHeader(size_t pairs);
  void SetHeader(size_t n);
  void PushHeader(size_t n);
  // Exactly Redis 7.0's addReplyDouble: DoubleText's text, as a RESP3 double or a RESP2 bulk.
  void Double(double d);
  void Bool(bool b);
  // RESP3 "=<len+4>\r\n<format>:<text>\r\n"; RESP2 a bulk of text. format is three bytes
  // ("txt", "mkd"): as in Redis, a shorter one is padded with spaces, a longer one cut.
  void Verbatim(std::string_view text, std::string_view format = "txt");
  // REQUIRES: digits is an optional "-" and decimal digits.
  void BigNumber(std::string_view digits);

 private:
  // "<type><n>\r\n"
  void Header(char type, int64_t n);

  std::string* out_;
  int protocol_;
};

// Redis 7.0's error texts shared by many commands, without the "-" and the "\r\n".
inline constexpr std::string_view kErrSyntax = "ERR syntax error";
inline constexpr std::string_view kErrNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kErrNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kErrNotPositive = "ERR value is out of range, must be positive";
inline constexpr std::string_view kErrWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";
inline constexpr std::string_view kErrNoSuchKey = "ERR no such key";
inline constexpr std::string_view kErrSameObject =
    "ERR source and destination objects are the same";
inline constexpr std::string_view kErrBusyKey = "BUSYKEY Target key name already exists.";
inline constexpr std::string_view kErrIndexOutOfRange = "ERR index out of range";
inline constexpr std::string_view kErrInvalidCursor = "ERR invalid cursor";
// INCR, INCRBY, DECR; DECRBY LLONG_MIN gets kErrDecrementOverflow.
inline constexpr std::string_view kErrOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kErrDecrementOverflow = "ERR decrement would overflow";
inline constexpr std::string_view kErrNanOrInfinity = "ERR increment would produce NaN or Infinity";
// APPEND and SETRANGE past proto-max-bulk-len.
inline constexpr std::string_view kErrStringTooLong =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kErrOffsetOutOfRange = "ERR offset is out of range";
// SELECT and MOVE: a number outside 0..databases-1 (a non-number gets kErrNotInteger).
inline constexpr std::string_view kErrDbIndex = "ERR DB index is out of range";
// SWAPDB: an index that is not a number.
inline constexpr std::string_view kErrInvalidFirstDbIndex = "ERR invalid first DB index";
inline constexpr std::string_view kErrInvalidSecondDbIndex = "ERR invalid second DB index";
inline constexpr std::string_view kErrNoAuth = "NOAUTH Authentication required.";
inline constexpr std::string_view kErrWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
// AUTH <password> when no password is set.
inline constexpr std::string_view kErrAuthNotConfigured =
    "ERR AUTH <password> called without any password configured for the default user. Are "
    "you sure your configuration is correct?";
// HELLO <protover>: not a number, or a number other than 2 and 3.
inline constexpr std::string_view kErrProtoNotInteger =
    "ERR Protocol version is not an integer or out of range";
inline constexpr std::string_view kErrNoProto = "NOPROTO unsupported protocol version";

// "ERR wrong number of arguments for 'get' command". Subcommands are named with a bar:
// "config|get".
std::string WrongArityError(std::string_view command_lowercase);

// Redis 7.0's reply to a command it does not know, for request = {name, args...}:
//   "ERR unknown command 'FOO', with args beginning with: 'a' 'b' "
// The name as sent, cut at 128 bytes. Then, while the list of arguments so far is shorter
// than 128 bytes, the next argument in single quotes and a space, the argument cut to the
// bytes left of those 128. Without arguments the text ends in ": ". Redis formats these with
// printf's "%s", so a name or argument ends at its first "\0"; "\r" and "\n" show as spaces.
// REQUIRES: !request.empty()
std::string UnknownCommandError(std::span<const std::string> request);

// "ERR unknown subcommand 'foo'. Try CONFIG HELP." for CONFIG FOO: the subcommand as sent
// (cut at 128 bytes and at a "\0", line breaks shown as spaces), the command upper-cased.
std::string UnknownSubcommandError(std::string_view command, std::string_view subcommand);

// "ERR invalid expire time in 'set' command" (EX/PX/EXAT/PXAT out of range, EXPIRE overflow).
std::string InvalidExpireTimeError(std::string_view command_lowercase);

}  // namespace stepdb
