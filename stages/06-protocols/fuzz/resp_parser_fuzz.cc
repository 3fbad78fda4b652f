// libFuzzer target: the RESP request parser on arbitrary bytes, fed whole and then in pieces.
// It must never crash, never read out of bounds, and always make progress: every call either
// consumes bytes, asks for more, or reports an error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "resp_parser.h"

namespace {

// Runs the parser over `input` delivered `step` bytes at a time; returns the requests parsed,
// or SIZE_MAX if it stopped at a protocol error.
size_t ParseAll(std::string_view input, size_t step) {
  stepdb::RespLimits limits;
  limits.max_inline_bytes = 1024;
  limits.max_multibulk_count = 1024;
  limits.max_bulk_bytes = 4096;
  stepdb::RespParser parser(limits);
  std::string buffer;
  std::vector<std::string> args;
  size_t requests = 0;
  for (size_t at = 0; at < input.size(); at += step) {
    buffer.append(input.substr(at, step));
    while (true) {
      const auto outcome = parser.Parse(buffer, &args);
      const size_t consumed = parser.consumed();
      if (consumed > buffer.size()) __builtin_trap();
      buffer.erase(0, consumed);
      if (outcome == stepdb::RespParser::Outcome::kError) return SIZE_MAX;
      if (outcome == stepdb::RespParser::Outcome::kNeedMore) break;
      if (args.empty()) __builtin_trap();  // a request has at least its command name
      ++requests;
    }
  }
  return requests;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t whole = ParseAll(input, input.size() + 1);
  // Splitting the bytes differently must not change how many requests they hold. (Where an
  // error is met, it may depend on the split, as in Redis: a long inline line is refused only
  // once the bytes read so far hold no newline.)
  for (size_t step : {size_t{1}, size_t{7}}) {
    const size_t split = ParseAll(input, step);
    if (whole != SIZE_MAX && split != SIZE_MAX && split != whole) __builtin_trap();
  }
  return 0;
}
