// GetReplyLength: where the reply to one GET ends in the bytes a connection has received, in
// the two grammars that stepdb-bench-get-latency speaks, and whether it is a hit.
//
//   kText  stage 01's text protocol:  VALUE <value>\n       (a miss is NOT_FOUND\n)
//   kResp  RESP, a bulk string:       $<length>\r\n<value>\r\n  (a miss is $-1\r\n)
//
// The client sends one request at a time, so what it has received is the start of one reply:
// GetReplyLength returns that reply's length in bytes once it has all arrived, and 0 while it
// has not. A reply that is not a hit (a miss, an error reply, anything else) is Corruption,
// with the reply's first line escaped in the message: the benchmark times hits only, since a
// run that goes on after a miss measures the miss path. A text reply is a line, so its end
// is its newline; a RESP bulk may hold any byte, so its end comes from its length.
//
// A pure function: safe to call from any thread.
#pragma once

#include <cstddef>
#include <string_view>

#include "common/result.h"

namespace stepdb::bench {

enum class GetProtocol { kText, kResp };

Result<size_t> GetReplyLength(std::string_view received, GetProtocol protocol);

}  // namespace stepdb::bench
