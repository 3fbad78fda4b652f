// Reading a command's arguments the way Redis reads them, and printing its numbers back.
//
// A client learns a server's rules from what it accepts: if Redis takes "0x10" as a float but
// refuses "+1" as an integer, so must this server, or a program that works against one fails
// against the other. These are Redis 7.0's own rules (util.c), byte for byte:
//
//   Integers (string2ll): an optional "-" and decimal digits, without a leading zero, filling
//   the whole argument, within int64:
//     accepted  "0"  "-5"  "9223372036854775807"  "-9223372036854775808"
//     refused   "+1"  " 1"  "1 "  "01"  "-0"  ""  "1.0"  "0x10"  "9223372036854775808"
//
//   Floats (string2ld): whatever strtold takes (decimals, exponents, hex "0x1p3", "inf"),
//   provided it fills the whole argument, does not start with a space, is not NaN, does not
//   overflow, and does not underflow to zero:
//     accepted  "1.5"  ".5"  "5."  "1e3"  "0x10"  "inf"  "-0.0"  "1e-400"
//     refused   "nan"  " 1"  "1 "  ""  "1e"  "1e5000"  "1e-5000"  "1\0abc"
//   Values are long doubles (80 bits on x86-64), as in Redis, so INCRBYFLOAT rounds as it does.
//
//   Printing a float (ld2string, "human" mode): "%.17Lf", then trailing zeros and a trailing
//   point are cut, and "-0" becomes "0":
//     1.5 -> "1.5"   3.0 -> "3"   1.6L + 1000 -> "1001.59999999999999998"   -0.0 -> "0"
//   Seventeen digits after the point show the long double's rounding, as Redis shows it.
//
// Thread safety: free functions without shared state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stepdb {

// True iff a and b are equal ignoring ASCII case ("nx" and "NX"), as Redis's strcasecmp.
bool EqualsIgnoreCase(std::string_view a, std::string_view b);

// text with ASCII letters in lower case (command, subcommand and config parameter names).
std::string AsciiLower(std::string_view text);

// True iff text is an integer by Redis's string2ll rules; then *value holds it.
bool StringToInt64(std::string_view text, int64_t* value);

// True iff number + increment does not fit in an int64, the case in which Redis's INCRBY
// and HINCRBY refuse with "increment or decrement would overflow".
inline bool AddWouldOverflow(int64_t number, int64_t increment) {
  int64_t sum = 0;
  return __builtin_add_overflow(number, increment, &sum);
}

// True iff text is a float by Redis's string2ld rules; then *value holds it.
bool StringToLongDouble(std::string_view text, long double* value);

// Redis's human-friendly text of a long double (ld2string with LD_STR_HUMAN).
// REQUIRES: value is finite.
std::string LongDoubleToString(long double value);

}  // namespace stepdb
