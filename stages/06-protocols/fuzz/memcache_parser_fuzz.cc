// libFuzzer target: the Memcached request parser on arbitrary bytes, fed whole and in pieces.
// It must never crash or read out of bounds, and a split must not change what is parsed.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "memcache_parser.h"

namespace {

// Parses everything; returns the requests and errors seen, as one comparable string.
std::string ParseAll(std::string_view input, size_t step) {
  stepdb::MemcacheLimits limits;
  limits.max_item_bytes = 4096;
  stepdb::MemcacheParser parser(limits);
  stepdb::McRequest request;
  std::string buffer;
  std::string seen;
  for (size_t at = 0; at < input.size(); at += step) {
    buffer.append(input.substr(at, step));
    while (true) {
      const auto outcome = parser.Parse(buffer, &request);
      const size_t consumed = parser.consumed();
      if (consumed > buffer.size()) __builtin_trap();
      buffer.erase(0, consumed);
      if (outcome == stepdb::MemcacheParser::Outcome::kNeedMore) break;
      if (outcome == stepdb::MemcacheParser::Outcome::kError) {
        seen += "E" + parser.reply();
        if (parser.close()) return seen;
        continue;
      }
      seen += "R" + std::to_string(static_cast<int>(request.command)) + ":" +
              std::to_string(request.keys.size()) + ":" + std::to_string(request.data.size());
    }
  }
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::string whole = ParseAll(input, input.size() + 1);
  // A split must not change what is parsed, unless an error was met: whether a line is too
  // long depends, as in memcached, on how much of it had arrived.
  for (size_t step : {size_t{1}, size_t{5}}) {
    const std::string split = ParseAll(input, step);
    if (split != whole && split.find('E') == std::string::npos &&
        whole.find('E') == std::string::npos) {
      __builtin_trap();
    }
  }
  return 0;
}
