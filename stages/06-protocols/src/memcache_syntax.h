// The lexical rules of memcached's text protocol: how a request line splits into tokens, how a
// token reads as a number, and how a meta command's base64 key decodes.
//
// They are memcached 1.6's rules, reproduced so that StepDB accepts and refuses exactly the
// lines memcached does. Some look lenient, and each leniency has a cause in memcached's C:
//
//  - Tokens are separated by spaces only. A tab or a '\r' inside a line is part of a token,
//    and runs of spaces (leading, trailing, doubled) separate nothing.
//  - Numbers are read by strtoul, strtol and strtoull (memcached's safe_strtoul, safe_strtol
//    and safe_strtoull in util.c). So leading white space and a sign are allowed ("+5"),
//    anything after a white-space character is ignored ("5\tx" reads as 5), and a value too
//    wide for the 32-bit variable memcached stores it in wraps: flags "4294967296" read as 0,
//    exptime "4294967296" as 0, bytes "4294967297" as 1. An unsigned number refuses a '-'
//    only when the result would be negative as a signed number, so "-0" reads as 0.
//  - A base64 key (a meta command's 'b' flag) is decoded by memcached's base64.c (Jouni
//    Malinen's decoder): bytes outside the alphabet are skipped, the alphabet's characters
//    must come in groups of four (at least one group), '=' pads, decoding stops after the
//    first padded group, and a group with three or four '=' is a failure.
//
//   line "set  k\t 7 +0 3 \r"   tokens "set", "k\t", "7", "+0", "3", "\r"
//   ReadMcUint32("7")  -> 7       ReadMcInt32("-1") -> -1      ReadMcUint64("-1") -> refused
//   DecodeMcBase64("a2V5") -> "key"   DecodeMcBase64("a2U=") -> "ke"   "!!!!" -> refused
//
// Thread safety: pure functions; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stepdb {

// The tokens of a request line (without its "\r\n"): the runs of bytes between spaces.
std::vector<std::string_view> SplitMcTokens(std::string_view line);

// A token as memcached's safe_strtoul reads a 32-bit unsigned number (flags, a verbosity
// level). Returns true and sets *out iff memcached accepts the token.
bool ReadMcUint32(std::string_view token, uint32_t* out);

// A token as memcached's safe_strtol reads a 32-bit signed number (exptime, bytes).
bool ReadMcInt32(std::string_view token, int32_t* out);

// A token as memcached's safe_strtoull reads a 64-bit unsigned number (cas unique, delta).
bool ReadMcUint64(std::string_view token, uint64_t* out);

// Decodes `text` as memcached decodes a base64 key. Returns true and sets *out to the decoded
// bytes (at least one), or returns false where memcached fails to decode the key.
bool DecodeMcBase64(std::string_view text, std::string* out);

// Standard base64 with '=' padding, as memcached writes a binary key back (the k flag of a
// meta command with the b flag): DecodeMcBase64(EncodeMcBase64(key)) is key.
std::string EncodeMcBase64(std::string_view bytes);

}  // namespace stepdb
