#include "redis_args.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace stepdb {
namespace {

// std::tolower is a library call per byte that asks the locale; the server never sets one, so
// in the "C" locale it lowers A-Z and nothing else, which this does inline for the name of
// every command.
char LowerAsciiChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = LowerAsciiChar(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (LowerAsciiChar(a[i]) != LowerAsciiChar(b[i])) return false;
  }
  return true;
}

bool StringToInt64(std::string_view text, int64_t* value) {
  if (text.empty()) return false;
  if (text == "0") {
    *value = 0;
    return true;
  }
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  // "0" was handled above, so a first digit of 0 ("01", "-0") is refused here.
  if (text.empty() || text.front() < '1' || text.front() > '9') return false;
  uint64_t magnitude = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    const auto digit = static_cast<uint64_t>(c - '0');
    if (magnitude > (std::numeric_limits<uint64_t>::max() - digit) / 10) return false;
    magnitude = magnitude * 10 + digit;
  }
  constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (negative) {
    if (magnitude > kMax + 1) return false;
    // -(kMax + 1) is INT64_MIN, which has no positive twin to negate.
    *value = magnitude == kMax + 1 ? std::numeric_limits<int64_t>::min()
                                   : -static_cast<int64_t>(magnitude);
  } else {
    if (magnitude > kMax) return false;
    *value = static_cast<int64_t>(magnitude);
  }
  return true;
}

bool StringToLongDouble(std::string_view text, long double* value) {
  // Redis copies the argument into a buffer of MAX_LONG_DOUBLE_CHARS (5 KiB) and refuses
  // anything that does not fit.
  constexpr size_t kMaxChars = 5 * 1024;
  if (text.empty() || text.size() >= kMaxChars) return false;
  const std::string buffer(text);  // strtold needs a terminating NUL
  if (std::isspace(static_cast<unsigned char>(buffer[0]))) return false;
  char* end = nullptr;
  errno = 0;
  const long double parsed = std::strtold(buffer.c_str(), &end);
  if (static_cast<size_t>(end - buffer.c_str()) != buffer.size()) return false;
  if (errno == ERANGE && (parsed == HUGE_VALL || parsed == -HUGE_VALL || parsed == 0)) {
    return false;
  }
  if (errno == EINVAL || std::isnan(parsed)) return false;
  *value = parsed;
  return true;
}

std::string LongDoubleToString(long double value) {
  // The widest finite long double (about 1.19e4932) needs 4933 digits before the point.
  char buffer[5 * 1024];
  int length = std::snprintf(buffer, sizeof(buffer), "%.17Lf", value);
  if (length < 0 || static_cast<size_t>(length) >= sizeof(buffer)) return "0";
  std::string text(buffer, static_cast<size_t>(length));
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
  }
  if (text == "-0") text = "0";
  return text;
}

}  // namespace stepdb
