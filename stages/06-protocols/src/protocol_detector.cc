#include "protocol_detector.h"

#include <array>

namespace stepdb {
namespace {

constexpr std::array<std::string_view, 25> kMemcachedWords = {
    "get",  "gets",   "gat",  "gats", "set",   "add",       "replace", "append",  "prepend",
    "cas",  "delete", "incr", "decr", "touch", "flush_all", "stats",   "version", "verbosity",
    "quit", "mg",     "ms",   "md",   "ma",    "mn",        "me"};

bool IsSeparator(char c) { return c == ' ' || c == '\r' || c == '\n'; }

}  // namespace

Protocol DetectProtocol(std::string_view first_bytes) {
  bool could_grow = false;
  for (std::string_view word : kMemcachedWords) {
    if (first_bytes.size() <= word.size()) {
      // Everything seen is a prefix of the word (or the whole word): its separator may follow.
      if (word.starts_with(first_bytes)) could_grow = true;
    } else if (first_bytes.starts_with(word) && IsSeparator(first_bytes[word.size()])) {
      return Protocol::kMemcached;
    }
  }
  return could_grow ? Protocol::kUndecided : Protocol::kResp;
}

}  // namespace stepdb
