#include "memcache_syntax.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>

namespace stepdb {
namespace {

// The shared tail of memcached's safe_strto* functions: the number must have at least one
// digit and be followed by the end of the token or by a white-space character.
bool EndsWell(const std::string& text, const char* end) {
  if (errno == ERANGE || end == text.c_str()) return false;
  return *end == '\0' || std::isspace(static_cast<unsigned char>(*end));
}

// What an unsigned read refuses: a result that is negative as a signed number and a '-'
// anywhere in the token ("-1" reads as ULONG_MAX, which memcached does not take).
bool NegativeUnsigned(const std::string& text, bool negative_as_signed) {
  return negative_as_signed && text.find('-') != std::string::npos;
}

}  // namespace

std::vector<std::string_view> SplitMcTokens(std::string_view line) {
  std::vector<std::string_view> tokens;
  size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ' ') {
      ++pos;
      continue;
    }
    size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    tokens.push_back(line.substr(pos, end - pos));
    pos = end;
  }
  return tokens;
}

// The copies below give strtoul and friends the NUL-terminated string they need; a token
// never holds a NUL (memcached ends a line at its first NUL, and so does the parser).
bool ReadMcUint32(std::string_view token, uint32_t* out) {
  const std::string text(token);
  char* end = nullptr;
  errno = 0;
  const unsigned long value = std::strtoul(text.c_str(), &end, 10);
  if (!EndsWell(text, end)) return false;
  if (NegativeUnsigned(text, static_cast<long>(value) < 0)) return false;
  *out = static_cast<uint32_t>(value);  // wraps, as memcached's assignment does
  return true;
}

bool ReadMcInt32(std::string_view token, int32_t* out) {
  const std::string text(token);
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (!EndsWell(text, end)) return false;
  *out = static_cast<int32_t>(value);  // wraps, as memcached's assignment does
  return true;
}

bool ReadMcUint64(std::string_view token, uint64_t* out) {
  const std::string text(token);
  char* end = nullptr;
  errno = 0;
  const unsigned long long value = std::strtoull(text.c_str(), &end, 10);
  if (!EndsWell(text, end)) return false;
  if (NegativeUnsigned(text, static_cast<long long>(value) < 0)) return false;
  *out = value;
  return true;
}

bool DecodeMcBase64(std::string_view text, std::string* out) {
  // 0..63 for the alphabet, 0 for the pad '=', -1 for every byte the decoder skips.
  auto value_of = [](unsigned char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    if (c == '=') return 0;
    return -1;
  };
  size_t count = 0;
  for (unsigned char c : text) {
    if (value_of(c) >= 0) ++count;
  }
  if (count == 0 || count % 4 != 0) return false;

  std::string decoded;
  int group[4];
  size_t in_group = 0;
  int pads = 0;
  for (unsigned char c : text) {
    const int value = value_of(c);
    if (value < 0) continue;
    if (c == '=') ++pads;
    group[in_group++] = value;
    if (in_group < 4) continue;
    decoded.push_back(static_cast<char>((group[0] << 2) | (group[1] >> 4)));
    decoded.push_back(static_cast<char>((group[1] << 4) | (group[2] >> 2)));
    decoded.push_back(static_cast<char>((group[2] << 6) | group[3]));
    in_group = 0;
    if (pads > 0) {
      // A padded group ends the key: one '=' drops one byte, two drop two.
      if (pads > 2) return false;
      for (int i = 0; i < pads; ++i) decoded.pop_back();
      break;
    }
  }
  *out = std::move(decoded);
  return true;
}

std::string EncodeMcBase64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const uint32_t group = static_cast<uint8_t>(bytes[i]) << 16 |
                           static_cast<uint8_t>(bytes[i + 1]) << 8 |
                           static_cast<uint8_t>(bytes[i + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(kAlphabet[(group >> shift) & 63]);
  }
  const size_t rest = bytes.size() - i;
  if (rest > 0) {
    uint32_t group = static_cast<uint8_t>(bytes[i]) << 16;
    if (rest == 2) group |= static_cast<uint8_t>(bytes[i + 1]) << 8;
    out.push_back(kAlphabet[(group >> 18) & 63]);
    out.push_back(kAlphabet[(group >> 12) & 63]);
    out.push_back(rest == 2 ? kAlphabet[(group >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

}  // namespace stepdb
