#include "bench/server/get_reply.h"

#include <string>

#include "common/escape_bytes.h"

namespace stepdb::bench {
namespace {

Status NotAHit(std::string_view expected, std::string_view line) {
  return Status::Corruption("expected " + std::string(expected) + ", got \"" + EscapeBytes(line) +
                            "\"");
}

}  // namespace

Result<size_t> GetReplyLength(std::string_view received, GetProtocol protocol) {
  const size_t newline = received.find('\n');
  if (newline == std::string_view::npos) return size_t{0};
  const std::string_view line = received.substr(0, newline + 1);
  if (protocol == GetProtocol::kText) {
    if (!line.starts_with("VALUE ")) return NotAHit("VALUE <value>\\n", line);
    return line.size();
  }
  // "$" digits "\r\n"; "$-1\r\n" (a miss) has a sign, so it fails the digit test.
  constexpr std::string_view kExpected = "a bulk string $<length>\\r\\n";
  const std::string_view digits = line.substr(1, line.size() - 3);
  if (line.size() < 4 || line[0] != '$' || line[line.size() - 2] != '\r' ||
      digits.find_first_not_of("0123456789") != std::string_view::npos || digits.size() > 18) {
    return NotAHit(kExpected, line);
  }
  size_t length = 0;
  for (const char digit : digits) length = length * 10 + static_cast<size_t>(digit - '0');
  const size_t total = line.size() + length + 2;
  if (received.size() < total) return size_t{0};
  if (received.substr(total - 2, 2) != "\r\n") return NotAHit(kExpected, line);
  return total;
}

}  // namespace stepdb::bench
