// MemcacheParser: requests of memcached's text and meta protocols, cut from a byte stream, and
// memcached's own answers to malformed ones (memcache_parser.h has the grammar and the rules).
//
// Most tests feed bytes the way a connection does: append what arrived, call Parse until it
// needs more, drop consumed() bytes after every call. Each test feeds its bytes whole, one
// byte at a time, and cut in two at every point, and expects the same outcomes every time.
#include "memcache_parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/testkit/escape.h"

namespace stepdb {
namespace {

using Outcome = MemcacheParser::Outcome;
using testkit::Escape;

// In McCommand's order.
constexpr const char* kCommandNames[] = {
    "get",  "gets",   "gat",  "gats", "set",   "add",       "replace", "append",  "prepend",
    "cas",  "delete", "incr", "decr", "touch", "flush_all", "stats",   "version", "verbosity",
    "quit", "mg",     "ms",   "md",   "ma",    "mn",        "me"};

const char* CommandName(McCommand command) { return kCommandNames[static_cast<int>(command)]; }

// A request as "<command key...>", which is how the oracle table below writes a request that
// memcached served (its reply is the executor's business, not the parser's).
std::string Placeholder(const McRequest& request) {
  std::string text = "<";
  text += CommandName(request.command);
  for (const std::string& key : request.keys) text += " " + key;
  return text + ">";
}

// Every field of a request, for tests that check more than the command and keys.
std::string Describe(const McRequest& request) {
  std::string text = Placeholder(request);
  if (request.flags != 0) text += " flags=" + std::to_string(request.flags);
  if (request.exptime != 0) text += " exptime=" + std::to_string(request.exptime);
  if (request.cas_unique != 0) text += " cas=" + std::to_string(request.cas_unique);
  if (request.delta != 0) text += " delta=" + std::to_string(request.delta);
  if (request.noreply) text += " noreply";
  if (request.base64_key) text += " base64";
  if (!request.data.empty()) text += " data=\"" + Escape(request.data) + "\"";
  for (const std::string& arg : request.args) text += " arg=" + arg;
  for (const std::string& flag : request.meta_flags) text += " flag=" + flag;
  return text;
}

// Bytes as a failure message shows them: escaped, and cut short when long.
std::string Shown(std::string_view bytes) {
  constexpr size_t kMaxShown = 120;
  if (bytes.size() <= kMaxShown) return "\"" + Escape(bytes) + "\"";
  return "\"" + Escape(bytes.substr(0, kMaxShown)) + "\"... (" + std::to_string(bytes.size()) +
         " bytes)";
}

// What came of feeding a stream to a parser.
struct Fed {
  std::vector<McRequest> requests;
  // The stream of outcomes as memcached's reply would show it: an error's reply bytes, a
  // request as its Placeholder, and "<close>" where the connection is closed.
  std::string transcript;
  std::string details;  // each outcome on a line: Describe(request), or the reply
  size_t leftover = 0;  // bytes received and never consumed
};

// Feeds `stream` to a parser with `limits` in pieces that end at each of `cuts` (offsets into
// the stream, ascending) and at its end, as a connection would.
Fed Feed(std::string_view stream, const std::vector<size_t>& cuts,
         const MemcacheLimits& limits = {}) {
  MemcacheParser parser(limits);
  Fed fed;
  std::string buffer;
  size_t from = 0;
  std::vector<size_t> ends = cuts;
  ends.push_back(stream.size());
  for (size_t end : ends) {
    buffer.append(stream.substr(from, end - from));
    from = end;
    while (true) {
      McRequest request;
      const Outcome outcome = parser.Parse(buffer, &request);
      // consumed() never exceeds what was given.
      if (parser.consumed() > buffer.size()) {
        ADD_FAILURE() << "consumed " << parser.consumed() << " of " << buffer.size();
        return fed;
      }
      buffer.erase(0, parser.consumed());
      if (outcome == Outcome::kNeedMore) break;
      if (outcome == Outcome::kRequest) {
        fed.transcript += Placeholder(request);
        fed.details += Describe(request) + "\n";
        fed.requests.push_back(std::move(request));
        continue;
      }
      fed.transcript += parser.reply();
      fed.details += "error \"" + Escape(parser.reply()) + "\"\n";
      if (parser.close()) {
        fed.transcript += "<close>";
        fed.details += "close\n";
        fed.leftover = 0;
        return fed;
      }
    }
  }
  fed.leftover = buffer.size();
  return fed;
}

// Feeds `stream` whole, then one byte at a time, then cut in two at every offset (at most
// `max_cut_points` of them, spread over the stream), and checks that each way gives what the
// whole stream gave. Returns the result of the whole stream.
Fed FeedEveryWay(std::string_view stream, const MemcacheLimits& limits = {},
                 size_t max_cut_points = 4096) {
  const Fed whole = Feed(stream, {}, limits);
  auto expect_same = [&](const Fed& other, const std::string& how) {
    EXPECT_EQ(other.details, whole.details) << "fed " << how << ": " << Shown(stream);
    EXPECT_EQ(other.leftover, whole.leftover) << "fed " << how << ": " << Shown(stream);
  };
  std::vector<size_t> every_byte;
  for (size_t i = 1; i < stream.size(); ++i) every_byte.push_back(i);
  expect_same(Feed(stream, every_byte, limits), "one byte at a time");
  const size_t step = std::max<size_t>(1, stream.size() / max_cut_points);
  for (size_t cut = 1; cut < stream.size(); cut += step) {
    expect_same(Feed(stream, {cut}, limits), "cut at " + std::to_string(cut));
  }
  return whole;
}

// The transcript of `stream`, fed every way.
std::string Transcript(std::string_view stream, const MemcacheLimits& limits = {}) {
  return FeedEveryWay(stream, limits).transcript;
}

// Describe() of each request in `stream`, fed every way; an error fails the test.
std::vector<std::string> Requests(std::string_view stream, const MemcacheLimits& limits = {}) {
  const Fed fed = FeedEveryWay(stream, limits);
  std::vector<std::string> described;
  for (const McRequest& request : fed.requests) described.push_back(Describe(request));
  EXPECT_EQ(fed.requests.size(),
            static_cast<size_t>(std::count(fed.details.begin(), fed.details.end(), '\n')))
      << "sent " << Shown(stream) << ", got errors too:\n"
      << fed.details;
  EXPECT_EQ(fed.leftover, 0u) << "sent " << Shown(stream);
  return described;
}

std::string Repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) out += text;
  return out;
}

// ---------------------------------------------------------------------------------------------
// The oracle table. Every row was sent to memcached 1.6.18 (Debian 12, default options) on a
// fresh connection, and `reply` is what memcached answered, with the reply to each request it
// served written as <command keys> instead. "<close>" marks where memcached closed the
// connection. Before each row, memcached held k as the 1-byte item "a", and no x.

struct OracleCase {
  std::string sent;
  std::string reply;
};

std::string Key(size_t length) { return std::string(length, 'k'); }

std::vector<OracleCase> OracleCases() {
  const std::string k250 = Key(250);
  const std::string k251 = Key(251);
  return {
      // Unknown commands, empty lines, wrong token counts: "ERROR".
      {"foo\r\n", "ERROR\r\n"},
      {"\r\n", "ERROR\r\n"},
      {"\n", "ERROR\r\n"},
      {"g\r\n", "ERROR\r\n"},
      {"GET k\r\n", "ERROR\r\n"},
      {"get\r\n", "ERROR\r\n"},
      {"get \r\n", "ERROR\r\n"},
      {"gets\r\n", "ERROR\r\n"},
      {"gat\r\n", "ERROR\r\n"},
      {"set k 0 0\r\na\r\n", "ERROR\r\nERROR\r\n"},
      {"set k 0 0 1 noreply extra\r\na\r\n", "ERROR\r\nERROR\r\n"},
      {"cas k 0 0 1\r\na\r\n", "ERROR\r\nERROR\r\n"},
      {"incr k\r\n", "ERROR\r\n"},
      {"delete\r\n", "ERROR\r\n"},
      {"delete k 0 noreply x\r\nversion\r\n", "ERROR\r\n<version>"},
      {"touch k\r\n", "ERROR\r\n"},
      {"touch k 1 noreply x\r\n", "ERROR\r\n"},
      {"flush_all 1 2 3\r\n", "ERROR\r\n"},
      {"verbosity\r\n", "ERROR\r\n"},
      {"verbosity 1 2 3\r\n", "ERROR\r\n"},
      {"slabs\r\n", "ERROR\r\n"},
      {"shutdown\r\n", "ERROR: shutdown not enabled\r\n"},
      {"mz\r\n", "ERROR\r\n"},
      {"mg\r\n", "ERROR\r\n"},
      {"ms\r\n", "ERROR\r\n"},
      {"md\r\n", "ERROR\r\n"},
      {"ma\r\n", "ERROR\r\n"},
      {std::string("mg\0 k\r\n", 7), "ERROR\r\n"},  // the line ends at its NUL

      // Requests memcached serves, some with odd spacing and numbers.
      {"get k\r\n", "<get k>"},
      {"get k\n", "<get k>"},
      {"get  k\r\n", "<get k>"},
      {std::string("get k\0junk\r\n", 12), "<get k>"},
      {"gat 10\r\n", "<gat>"},
      {"gat 10 \r\n", "<gat>"},
      {"set k 0 0 1\r\na\r\n", "<set k>"},
      {" set k 0 0 1\r\na\r\n", "<set k>"},
      {"set  k 0 0 1\r\na\r\n", "<set k>"},
      {"set k 0 0 1 \r\na\r\n", "<set k>"},
      {"set k 0 0 1\r\r\na\r\n", "<set k>"},
      {"set k 0 0 1\t\r\na\r\n", "<set k>"},
      {"set k 0 0 01\r\na\r\n", "<set k>"},
      {"set k 0 0 +1\r\na\r\n", "<set k>"},
      {"set k +1 0 1\r\na\r\n", "<set k>"},
      {"set k -0 0 1\r\na\r\n", "<set k>"},
      {"set k 0 0 1 extra\r\na\r\n", "<set k>"},
      {"set k 4294967296 0 1\r\na\r\n", "<set k>"},
      {"set k 0 -5 1\r\na\r\n", "<set k>"},
      {"set k 0 2147483648 1\r\na\r\n", "<set k>"},
      {"set k 0 0 4294967297\r\na\r\n", "<set k>"},
      {"set " + k250 + " 0 0 1\r\na\r\n", "<set " + k250 + ">"},
      {"cas k 0 0 1 5\r\na\r\n", "<cas k>"},
      {"cas k 0 0 1 1 2\r\na\r\n", "<cas k>"},
      {"incr k 1 2\r\n", "<incr k>"},
      {"touch k 1 2\r\n", "<touch k>"},
      {"delete k\r\n", "<delete k>"},
      {"delete k 0\r\n", "<delete k>"},
      {"delete noreply\r\n", "<delete noreply>"},
      {"flush_all 10 20\r\n", "<flush_all>"},
      {"flush_all -1\r\n", "<flush_all>"},
      {"verbosity 1 x\r\n", "<verbosity>"},
      {"verbosity 1\t\r\n", "<verbosity>"},
      {"version x\r\n", "<version>"},
      {"quit x\r\n", "<quit>"},
      {"stats  \r\n", "<stats>"},
      {"bget k\r\n", "<get k>"},
      {"mn\r\nmn\r\n", "<mn><mn>"},
      {"mn x\r\n", "<mn>"},
      {"me k x\r\n", "<me k>"},
      {"me  k\r\n", "<me k>"},
      {"mg  k  v \r\n", "<mg k>"},
      {"mg k s t c f k l h O1 q u v N1 R1 T1 P L\r\n", "<mg k>"},
      {"mg k O1234567890123456789012345678901\r\n", "<mg k>"},
      {"mg k C1\r\n", "<mg k>"},
      {"mg a2V5! b k\r\n", "<mg key>"},
      {"mg a2U=a2V5 b k\r\n", "<mg ke>"},
      {"ms k 1\r\na\r\n", "<ms k>"},
      {"ms k 0\r\n\r\n", "<ms k>"},
      {"ms k 4294967297\r\na\r\n", "<ms k>"},
      {"ms k 1 ME\r\na\r\n", "<ms k>"},
      {"md k v\r\n", "<md k>"},
      {"ma k MD\r\n", "<ma k>"},
      {"ma k M+\r\n", "<ma k>"},

      // Keys over 250 bytes.
      {"get " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"get k k " + k251 + " k\r\nversion\r\n",
       "CLIENT_ERROR bad command line format\r\n<version>"},
      {"gat 0 " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"gat abc " + k251 + "\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"set " + k251 + " 0 0 1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set " + k251 + " 0 0 1 noreply\r\na\r\n", "ERROR\r\n"},
      {"touch " + k251 + " 0\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"incr " + k251 + " 1\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"delete " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"delete " + k251 + " noreply\r\nversion\r\n", "<version>"},
      {"mg " + k251 + " v\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"ms " + k251 + " 1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"md " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"ma " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"me " + k251 + "\r\n", "CLIENT_ERROR bad command line format\r\n"},

      // Bad numbers. The data line of a refused storage line is read as a command.
      {"set k abc 0 1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set k 0 abc 1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set k 0 0 abc\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set k -1 0 1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set k 0 0 0x1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set k 0 0 -1\r\nab\r\nget k\r\n",
       "CLIENT_ERROR bad command line format\r\nERROR\r\n<get k>"},
      {"set k 0 0 2147483648\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"set k 0 0 2147483646\r\naaaaaaaaaa\r\nversion\r\n",
       "CLIENT_ERROR bad command line format\r\nERROR\r\n<version>"},
      {"cas k 0 0 1 abc\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"cas k 0 0 1 -1\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"incr k abc\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n"},
      {"incr k -1\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n"},
      {"incr k 18446744073709551616\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n"},
      {"decr k abc\r\n", "CLIENT_ERROR invalid numeric delta argument\r\n"},
      {"touch k abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"gat abc k\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"flush_all abc\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"flush_all x y\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"flush_all noreply 20\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
      {"verbosity abc\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"verbosity -1\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"delete k 1\r\n",
       "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"},
      {"delete k x y\r\n",
       "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"},
      {"delete k noreply x\r\n",
       "CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n"},

      // noreply silences what is found after it was read, errors included.
      {"set k 0 0 1 noreply\r\na\r\n", "<set k>"},
      {"set k abc 0 1 noreply\r\na\r\n", "ERROR\r\n"},
      {"cas k 0 0 1 abc noreply\r\na\r\nversion\r\n", "ERROR\r\n<version>"},
      {"incr k noreply\r\n", ""},
      {"decr k abc noreply\r\n", ""},
      {"touch k abc noreply\r\nversion\r\n", "<version>"},
      {"flush_all abc noreply\r\nversion\r\n", "<version>"},
      {"verbosity noreply\r\nversion\r\n", "<version>"},
      {"verbosity x noreply\r\nversion\r\n", "<version>"},
      {"delete k 1 noreply\r\nversion\r\n", "<version>"},
      {"set k 0 0 1 noreply\r\nab\r\nget k\r\n", "ERROR\r\n<get k>"},
      {"set k 0 0 1 noreply\r\nabc", ""},

      // Data blocks of the wrong length: bytes + 2 octets are taken, whatever they are.
      {"set k 0 0 1\r\nab\r\nget k\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n<get k>"},
      {"set k 0 0 1\r\nabcdef\r\nget k\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n<get k>"},
      {"set k 0 0 3\r\nab\r\nget k\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n"},
      {"set k 0 0 1\na\n", ""},  // waits for a third octet
      {"set k 0 0 1\r\na\nX", "CLIENT_ERROR bad data chunk\r\n"},
      {"ms k 1 q\r\nab\r\nversion\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n<version>"},
      {"ms k 2 q\r\na\r\nmn\r\n", "CLIENT_ERROR bad data chunk\r\nERROR\r\n"},

      // Meta flags.
      {"me\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"me k b c\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"me !!!! b\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"mg k zz\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"mg k v v\r\n", "CLIENT_ERROR duplicate flag\r\n"},
      {"mg k v O1 O2\r\n", "CLIENT_ERROR duplicate flag\r\n"},
      {"mg k k k\r\n", "CLIENT_ERROR duplicate flag\r\n"},
      {"mg k \xff\r\n", "CLIENT_ERROR duplicate flag\r\n"},
      {"md k \xff\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"mg k T\r\n", "CLIENT_ERROR bad token in command line format\r\n"},
      {"mg k Tabc\r\n", "CLIENT_ERROR bad token in command line format\r\n"},
      {"mg k v Fx\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"mg k v Fx T\r\n", "CLIENT_ERROR bad token in command line format\r\n"},
      {"mg k v T Fx\r\n", "CLIENT_ERROR bad token in command line format\r\n"},
      {"mg k v T zz\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"mg k v zz T\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"mg k Mxx Dx\r\n", "CLIENT_ERROR invalid numeric delta value\r\n"},
      {"mg k Dx Mxx\r\n", "CLIENT_ERROR incorrect length for M token\r\n"},
      {"mg k Jx\r\n", "CLIENT_ERROR invalid numeric initial value\r\n"},
      {"mg k O12345678901234567890123456789012\r\n", "CLIENT_ERROR opaque token too long\r\n"},
      {"mg k O123456789012345678901234567890123 zz\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"mg k a b c d e f g h i j k l m n o p q\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"mg k v a b c d e f g h i j k l m n o p q\r\n",
       "CLIENT_ERROR options flags are too long\r\n"},
      {"mg !!!! b\r\n", "CLIENT_ERROR error decoding key\r\n"},
      {"mg a2V b\r\n", "CLIENT_ERROR error decoding key\r\n"},
      {"mg ==== b k\r\n", "CLIENT_ERROR error decoding key\r\n"},
      {"mg A=== b k\r\n", "CLIENT_ERROR error decoding key\r\n"},
      {"mg k s t c f k l h O1 q u v N1 R1 T1 P L b\r\n", "CLIENT_ERROR error decoding key\r\n"},
      {"mg k s t c f k l h O1 q u v N1 R1 T1 P L E\r\n", "CLIENT_ERROR invalid flag\r\n"},
      {"ms k\r\n", "CLIENT_ERROR bad command line format\r\n"},
      {"ms k abc\r\na\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n"},
      {"ms k -1\r\na\r\nversion\r\n", "CLIENT_ERROR bad command line format\r\nERROR\r\n<version>"},
      {"ms k 1 zz\r\na\r\nversion\r\n", "CLIENT_ERROR invalid flag\r\n<version>"},
      {"ms k 1 1\r\na\r\nversion\r\n", "CLIENT_ERROR invalid flag\r\n<version>"},
      {"ms k 1 S1\r\na\r\nversion\r\n", "CLIENT_ERROR invalid flag\r\n<version>"},
      {"ms k 1 MX\r\na\r\nversion\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n<version>"},
      {"ms k 1 M\r\na\r\nversion\r\n", "CLIENT_ERROR incorrect length for M token\r\n<version>"},
      {"ms k 1 MEE\r\na\r\nversion\r\n", "CLIENT_ERROR incorrect length for M token\r\n<version>"},
      {"ms k 1 Fabc\r\na\r\nversion\r\n", "CLIENT_ERROR bad command line format\r\n<version>"},
      {"ms k 1 T\r\na\r\nversion\r\n",
       "CLIENT_ERROR bad token in command line format\r\n<version>"},
      {"ms k 1 Cabc\r\na\r\nversion\r\n",
       "CLIENT_ERROR bad token in command line format\r\n<version>"},
      {"ms k 1 T1 T2\r\na\r\nversion\r\n", "CLIENT_ERROR duplicate flag\r\n<version>"},
      {"ms k 1 b\r\na\r\nversion\r\n", "CLIENT_ERROR error decoding key\r\n<version>"},
      {"ms !!!! 1 b\r\na\r\nversion\r\n", "CLIENT_ERROR error decoding key\r\n<version>"},
      {"ms a2V5 1 b b\r\na\r\nversion\r\n", "CLIENT_ERROR duplicate flag\r\n<version>"},
      {"ms k 1 O123456789012345678901234567890123\r\na\r\nversion\r\n",
       "CLIENT_ERROR opaque token too long\r\n<version>"},
      {"ms k 1 MX O123456789012345678901234567890123\r\na\r\nversion\r\n",
       "CLIENT_ERROR invalid mode for ms M token\r\n<version>"},
      {"ms k 1 c k O1 q I T1 F1 C1 MS P L Mx\r\na\r\nversion\r\n",
       "CLIENT_ERROR duplicate flag\r\n<version>"},
      {"ms k 1 a b c d e f g h i j k l m n o p\r\na\r\nversion\r\n",
       "CLIENT_ERROR invalid flag\r\n<version>"},
      {"ms k 1 a b c d e f g h i j k l m n o p q\r\na\r\nversion\r\n",
       "CLIENT_ERROR options flags too long\r\nERROR\r\n<version>"},
      {"md k zz\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"md k q q\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"md k b\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"md k Cx\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"md k O123456789012345678901234567890123\r\n", "CLIENT_ERROR opaque token too long\r\n"},
      {"md k a b c d e f g h i j k l m n o p q r\r\n", "CLIENT_ERROR options flags too long\r\n"},
      {"ma k zz\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"ma k Dabc\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"ma k D-1\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"ma k Jabc\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"ma k D1 D2\r\n", "CLIENT_ERROR invalid or duplicate flag\r\n"},
      {"ma k MX\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n"},
      {"ma k MX O123456789012345678901234567890123\r\n",
       "CLIENT_ERROR invalid mode for ma M token\r\n"},
      {"ma x O123456789012345678901234567890123\r\n", "CLIENT_ERROR opaque token too long\r\n"},
      {"ma k a b c d e f g h i j k l m n o p q r\r\n", "CLIENT_ERROR options flags too long\r\n"},

      // Long lines: memcached closes without a word past 2048 bytes, except for get and gets.
      {Repeat("x", 2048), ""},
      {Repeat("x", 2049), "<close>"},
      {"gat 0 " + Repeat("x", 3000), "<close>"},
      {"get " + Repeat("x", 3000), ""},
      {"gets " + Repeat("x", 3000), ""},
      {Repeat(" ", 100) + "get " + Repeat("x", 3000), ""},
      {Repeat(" ", 101) + "get " + Repeat("x", 3000), "<close>"},
      {"get " + Repeat("k ", 2000) + "\r\n", "<get " + Repeat("k ", 1999) + "k>"},
  };
}

TEST(MemcacheParser, AnswersAsMemcachedDoes) {
  for (const OracleCase& oracle : OracleCases()) {
    // Long lines are fed whole and cut at a spread of points; the rest every way.
    const Fed fed = FeedEveryWay(oracle.sent, {}, oracle.sent.size() > 1000 ? 64 : 4096);
    EXPECT_EQ(Escape(fed.transcript), Escape(oracle.reply)) << "sent " << Shown(oracle.sent);
  }
}

// ---------------------------------------------------------------------------------------------
// Requests and their fields.

TEST(MemcacheParser, StorageCommandsCarryTheirNumbersAndData) {
  EXPECT_EQ(Requests("set k 5 100 3\r\nabc\r\n"),
            std::vector<std::string>{"<set k> flags=5 exptime=100 data=\"abc\""});
  EXPECT_EQ(Requests("add k 0 0 1\r\na\r\nreplace k 0 0 1\r\nb\r\n"
                     "append k 0 0 1\r\nc\r\nprepend k 0 0 1\r\nd\r\n"),
            (std::vector<std::string>{"<add k> data=\"a\"", "<replace k> data=\"b\"",
                                      "<append k> data=\"c\"", "<prepend k> data=\"d\""}));
  EXPECT_EQ(
      Requests("cas k 7 -1 2 12345678901234567890\r\nhi\r\n"),
      std::vector<std::string>{"<cas k> flags=7 exptime=-1 cas=12345678901234567890 data=\"hi\""});
  EXPECT_EQ(Requests("set k 4294967295 0 0\r\n\r\n"),
            std::vector<std::string>{"<set k> flags=4294967295"});
}

// memcached reads flags, exptime and bytes into 32-bit variables, and so does the parser.
TEST(MemcacheParser, ReadsNumbersAsMemcachedDoes) {
  EXPECT_EQ(Requests("set k 4294967296 4294967296 4294967297\r\na\r\n"),
            std::vector<std::string>{"<set k> data=\"a\""});
  EXPECT_EQ(Requests("set k 18446744073709551615 2147483648 1\r\na\r\n"),
            std::vector<std::string>{"<set k> flags=4294967295 exptime=-2147483648 data=\"a\""});
  EXPECT_EQ(Requests("set k +3 -0 +1\r\na\r\n"),
            std::vector<std::string>{"<set k> flags=3 data=\"a\""});
  EXPECT_EQ(Requests("incr k 18446744073709551615\r\n"),
            std::vector<std::string>{"<incr k> delta=18446744073709551615"});
}

TEST(MemcacheParser, DataBlocksMayHoldAnyBytes) {
  std::string data;
  for (int c = 0; c < 256; ++c) data.push_back(static_cast<char>(c));
  data += "\r\nget x\r\n\n\r";
  const std::string stream =
      "set k 0 0 " + std::to_string(data.size()) + "\r\n" + data + "\r\nget k\r\n";
  const Fed fed = FeedEveryWay(stream);
  ASSERT_EQ(fed.requests.size(), 2u) << fed.details;
  EXPECT_EQ(fed.requests[0].data, data);
  EXPECT_EQ(Describe(fed.requests[1]), "<get k>");
}

TEST(MemcacheParser, RetrievalTakesEveryKey) {
  std::string line = "get";
  std::string expected = "<get";
  for (int i = 0; i < 100; ++i) {
    line += " key" + std::to_string(i);
    expected += " key" + std::to_string(i);
  }
  EXPECT_EQ(Requests(line + "\r\n"), std::vector<std::string>{expected + ">"});
  EXPECT_EQ(Requests("gets a b\r\n"), std::vector<std::string>{"<gets a b>"});
  EXPECT_EQ(Requests("gat 30 a b\r\ngats -1 c\r\n"),
            (std::vector<std::string>{"<gat a b> exptime=30", "<gats c> exptime=-1"}));
  // "noreply" is just a key to get, which takes no noreply.
  EXPECT_EQ(Requests("get noreply\r\n"), std::vector<std::string>{"<get noreply>"});
}

TEST(MemcacheParser, OtherTextCommands) {
  EXPECT_EQ(Requests("incr k 5\r\ndecr k 0\r\ntouch k 60\r\ndelete k\r\ndelete k 0\r\n"),
            (std::vector<std::string>{"<incr k> delta=5", "<decr k>", "<touch k> exptime=60",
                                      "<delete k>", "<delete k>"}));
  EXPECT_EQ(Requests("flush_all\r\nflush_all 10\r\nflush_all 10 20\r\n"),
            (std::vector<std::string>{"<flush_all>", "<flush_all> exptime=10 arg=10",
                                      "<flush_all> exptime=10 arg=10"}));
  EXPECT_EQ(
      Requests("stats\r\nstats slabs\r\nstats detail on\r\n"),
      (std::vector<std::string>{"<stats>", "<stats> arg=slabs", "<stats> arg=detail arg=on"}));
  EXPECT_EQ(Requests("verbosity 1\r\nversion\r\nquit\r\n"),
            (std::vector<std::string>{"<verbosity> arg=1", "<version>", "<quit>"}));
}

TEST(MemcacheParser, NoreplyOnEveryCommandThatTakesIt) {
  EXPECT_EQ(Requests("set k 0 0 1 noreply\r\na\r\nadd k 0 0 1 noreply\r\na\r\n"
                     "replace k 0 0 1 noreply\r\na\r\nappend k 0 0 1 noreply\r\na\r\n"
                     "prepend k 0 0 1 noreply\r\na\r\ncas k 0 0 1 9 noreply\r\na\r\n"
                     "incr k 1 noreply\r\ndecr k 1 noreply\r\ndelete k noreply\r\n"
                     "delete k 0 noreply\r\ntouch k 1 noreply\r\nflush_all noreply\r\n"
                     "flush_all 5 noreply\r\nverbosity 1 noreply\r\n"),
            (std::vector<std::string>{
                "<set k> noreply data=\"a\"", "<add k> noreply data=\"a\"",
                "<replace k> noreply data=\"a\"", "<append k> noreply data=\"a\"",
                "<prepend k> noreply data=\"a\"", "<cas k> cas=9 noreply data=\"a\"",
                "<incr k> delta=1 noreply", "<decr k> delta=1 noreply", "<delete k> noreply",
                "<delete k> noreply", "<touch k> exptime=1 noreply", "<flush_all> noreply",
                "<flush_all> exptime=5 noreply arg=5", "<verbosity> noreply arg=1"}));
  // Only the exact token counts.
  EXPECT_EQ(Requests("set k 0 0 1 NOREPLY\r\na\r\nincr k 1 noreplyx\r\n"),
            (std::vector<std::string>{"<set k> data=\"a\"", "<incr k> delta=1"}));
}

TEST(MemcacheParser, AnLfAloneEndsALine) {
  EXPECT_EQ(Requests("get a\nget b\r\nset k 0 0 1\na\r\n"),
            (std::vector<std::string>{"<get a>", "<get b>", "<set k> data=\"a\""}));
  // Inside a line, a CR is part of a token; only the one before the LF is dropped.
  EXPECT_EQ(Requests("get a\rb\r\r\n"), std::vector<std::string>{"<get a\rb\r>"});
}

TEST(MemcacheParser, APipelineIsParsedInOrder) {
  std::string stream;
  std::vector<std::string> expected;
  for (int i = 0; i < 12; ++i) {
    const std::string key = "k" + std::to_string(i);
    stream += "set " + key + " 0 0 3\r\nv\r\n\r\n" + "get " + key + "\r\n" + "mg " + key + " v\n";
    expected.push_back("<set " + key + "> data=\"v\\r\\n\"");
    expected.push_back("<get " + key + ">");
    expected.push_back("<mg " + key + "> flag=v");
  }
  EXPECT_EQ(Requests(stream, {}), expected);
}

TEST(MemcacheParser, ARequestObjectIsFilledAfresh) {
  MemcacheParser parser;
  McRequest request;
  const std::string set = "set k 5 10 1 noreply\r\na\r\n";
  ASSERT_EQ(parser.Parse(set, &request), Outcome::kRequest);
  ASSERT_EQ(parser.Parse("mg j v\r\n", &request), Outcome::kRequest);
  EXPECT_EQ(Describe(request), "<mg j> flag=v");
}

// ---------------------------------------------------------------------------------------------
// Meta commands.

TEST(MemcacheParser, MetaCommandsKeepTheirFlags) {
  EXPECT_EQ(Requests("mg k v t T30 Oreq7 q\r\n"),
            std::vector<std::string>{
                "<mg k> exptime=30 noreply flag=v flag=t flag=T30 flag=Oreq7 flag=q"});
  EXPECT_EQ(Requests("ms k 2 F5 T-1 C99 MA I\r\nhi\r\n"),
            std::vector<std::string>{"<ms k> flags=5 exptime=-1 cas=99 data=\"hi\" flag=F5 "
                                     "flag=T-1 flag=C99 flag=MA flag=I"});
  EXPECT_EQ(Requests("md k q C3\r\n"),
            std::vector<std::string>{"<md k> cas=3 noreply flag=q flag=C3"});
  EXPECT_EQ(Requests("ma k\r\nma k D7 MD N0 J5\r\n"),
            (std::vector<std::string>{"<ma k> delta=1",
                                      "<ma k> delta=7 flag=D7 flag=MD flag=N0 flag=J5"}));
  EXPECT_EQ(Requests("mn\r\nme k\r\n"), (std::vector<std::string>{"<mn>", "<me k>"}));
  EXPECT_EQ(Requests("ms k 0\r\n\r\n"), std::vector<std::string>{"<ms k>"});
}

TEST(MemcacheParser, MetaBase64KeysAreDecoded) {
  EXPECT_EQ(Requests("mg a2V5 b v\r\n"), std::vector<std::string>{"<mg key> base64 flag=b flag=v"});
  EXPECT_EQ(Requests("ms a2U= 1 b\r\nx\r\n"),
            std::vector<std::string>{"<ms ke> base64 data=\"x\" flag=b"});
  EXPECT_EQ(Requests("me a2V5 b\r\n"), std::vector<std::string>{"<me key> base64"});
  const Fed binary = FeedEveryWay("md AP8K b\r\n");  // bytes 00 ff 0a
  ASSERT_EQ(binary.requests.size(), 1u) << binary.details;
  EXPECT_EQ(binary.requests[0].keys[0], std::string("\x00\xff\x0a", 3));
  // The limit applies to the key as sent: 252 base64 bytes decode to 189, still too long.
  EXPECT_EQ(Transcript("mg " + Repeat("AAAA", 63) + " b\r\n"),
            "CLIENT_ERROR bad command line format\r\n");
}

// ---------------------------------------------------------------------------------------------
// Limits, with small ones so the tests stay small.

MemcacheLimits SmallLimits() {
  MemcacheLimits limits;
  limits.max_key_bytes = 4;
  limits.max_item_bytes = 8;
  limits.max_line_bytes = 20;
  limits.max_get_line_bytes = 40;
  return limits;
}

TEST(MemcacheParser, KeysUpToTheLimit) {
  EXPECT_EQ(Transcript("get abcd\r\n", SmallLimits()), "<get abcd>");
  EXPECT_EQ(Transcript("get abcde\r\n", SmallLimits()), "CLIENT_ERROR bad command line format\r\n");
  EXPECT_EQ(Transcript("mg abcde v\r\n", SmallLimits()),
            "CLIENT_ERROR bad command line format\r\n");
}

TEST(MemcacheParser, AnItemOverTheLimitIsRefusedAndItsDataSwallowed) {
  EXPECT_EQ(Transcript("set k 0 0 8\r\n12345678\r\n", SmallLimits()), "<set k>");
  // The data holds what looks like commands: swallowed, never run.
  EXPECT_EQ(Transcript("set k 0 0 9\r\nget a\r\nbc\r\nget k\r\n", SmallLimits()),
            "SERVER_ERROR object too large for cache\r\n<get k>");
  EXPECT_EQ(Transcript("set k 0 0 9 noreply\r\nget a\r\nbc\r\nget k\r\n", SmallLimits()),
            "<get k>");
  // Exactly bytes + 2 octets go, whatever they are.
  EXPECT_EQ(Transcript("set k 0 0 9\r\n123456789XYget k\r\n", SmallLimits()),
            "SERVER_ERROR object too large for cache\r\n<get k>");
  // A meta set's q flag does not hide it.
  EXPECT_EQ(Transcript("ms k 9 q\r\n123456789\r\nmn\r\n", SmallLimits()),
            "SERVER_ERROR object too large for cache\r\n<mn>");
}

TEST(MemcacheParser, ASwallowedBlockIsDroppedAsItArrives) {
  MemcacheParser parser(SmallLimits());
  McRequest request;
  const std::string line = "set k 0 0 100\r\n";
  ASSERT_EQ(parser.Parse(line + "0123456789", &request), Outcome::kError);
  EXPECT_EQ(parser.reply(), "SERVER_ERROR object too large for cache\r\n");
  EXPECT_FALSE(parser.close());
  EXPECT_EQ(parser.consumed(), line.size() + 10);  // the block so far goes with the line
  ASSERT_EQ(parser.Parse(std::string(50, 'x'), &request), Outcome::kNeedMore);
  EXPECT_EQ(parser.consumed(), 50u);
  ASSERT_EQ(parser.Parse(std::string(40, 'x') + "\r\nget", &request), Outcome::kNeedMore);
  EXPECT_EQ(parser.consumed(), 42u);  // the rest of the block, not the next line's start
  ASSERT_EQ(parser.Parse("get k\r\n", &request), Outcome::kRequest);
  EXPECT_EQ(Describe(request), "<get k>");
}

TEST(MemcacheParser, ADataBlockIsAwaitedWithoutConsumingIt) {
  MemcacheParser parser;
  McRequest request;
  const std::string stream = "set k 0 0 5\r\nhello\r\n";
  for (size_t length = 0; length < stream.size(); ++length) {
    ASSERT_EQ(parser.Parse(std::string_view(stream).substr(0, length), &request),
              Outcome::kNeedMore)
        << "after " << length << " bytes";
    EXPECT_EQ(parser.consumed(), 0u);
  }
  ASSERT_EQ(parser.Parse(stream, &request), Outcome::kRequest);
  EXPECT_EQ(parser.consumed(), stream.size());
  EXPECT_EQ(request.data, "hello");
}

TEST(MemcacheParser, ALineOverTheLimitClosesTheConnection) {
  const MemcacheLimits limits = SmallLimits();                            // 20 bytes before the LF
  EXPECT_EQ(Transcript("version 12345678901\r\n", limits), "<version>");  // 20 with the CR
  EXPECT_EQ(Transcript("version 123456789012\r\n", limits), "<close>");   // 21
  EXPECT_EQ(Transcript("version 1234567890123", limits), "<close>");      // no LF yet
  EXPECT_EQ(Transcript("version 123456789012", limits), "");              // may still end
  EXPECT_EQ(Transcript("get k\r\nversion 123456789012\r\nget k\r\n", limits), "<get k><close>");
  // Silently: the reply is empty and close() is set.
  MemcacheParser parser(limits);
  McRequest request;
  ASSERT_EQ(parser.Parse(Repeat("x", 21), &request), Outcome::kError);
  EXPECT_EQ(parser.reply(), "");
  EXPECT_TRUE(parser.close());
}

TEST(MemcacheParser, GetLinesMayBeLongerUpToTheirOwnLimit) {
  const MemcacheLimits limits = SmallLimits();  // get lines: 40 bytes before the LF
  // 4 + 34 + 1 bytes and the CR: 40.
  EXPECT_EQ(Transcript("get " + Repeat("k ", 17) + "k\r\n", limits),
            "<get" + Repeat(" k", 18) + ">");
  EXPECT_EQ(Transcript("get " + Repeat("k ", 17) + "kk\r\n", limits), "<close>");
  EXPECT_EQ(Transcript("gets " + Repeat("k ", 12) + "\r\n", limits),
            "<gets" + Repeat(" k", 12) + ">");
  EXPECT_EQ(Transcript("   get " + Repeat("k ", 12) + "\r\n", limits),
            "<get" + Repeat(" k", 12) + ">");
  EXPECT_EQ(Transcript("gat 0 " + Repeat("k ", 10) + "\r\n", limits), "<close>");
  // A line that is only spaces so far may still become a get; one that is whole is not.
  EXPECT_EQ(Transcript(Repeat(" ", 30), limits), "");
  EXPECT_EQ(Transcript(Repeat(" ", 30) + "\n", limits), "<close>");
}

TEST(MemcacheParser, ItsDefaultsAreMemcachedsLimits) {
  const MemcacheLimits limits;
  EXPECT_EQ(limits.max_key_bytes, 250u);
  EXPECT_EQ(limits.max_line_bytes, 2048u);
  EXPECT_EQ(limits.max_item_bytes, 1024u * 1024u);
  const std::string max_item(limits.max_item_bytes, 'v');
  const std::string stream = "set k 0 0 " + std::to_string(max_item.size()) + "\r\n" + max_item +
                             "\r\nset k 0 0 " + std::to_string(max_item.size() + 1) + "\r\n" +
                             max_item + "v\r\nversion\r\n";
  const Fed fed = Feed(stream, {100, 5000, 600000});
  EXPECT_EQ(fed.transcript.substr(0, 7), "<set k>");
  EXPECT_EQ(fed.transcript.substr(7), "SERVER_ERROR object too large for cache\r\n<version>");
  ASSERT_FALSE(fed.requests.empty());
  EXPECT_EQ(fed.requests[0].data.size(), max_item.size());
}

}  // namespace
}  // namespace stepdb
