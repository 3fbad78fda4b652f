#include "memcache_meta.h"

#include <array>
#include <climits>
#include <string>

#include "memcache_syntax.h"

namespace stepdb {
namespace {

constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";
constexpr std::string_view kBadToken = "CLIENT_ERROR bad token in command line format";

// memcached counts the command, the key, the flags and one terminating slot, and refuses
// more than 20 (MFLAG_MAX_OPT_LENGTH).
constexpr size_t kMaxTokensWithEnd = 20;
constexpr size_t kMaxOpaqueBytes = 32;  // MFLAG_MAX_OPAQUE_LENGTH, the O included

// The flags of one line, read as memcached's _meta_flag_preparse reads them.
struct FlagReading {
  std::string_view error;  // the last error seen; empty if none
  bool failed = false;     // some flag was wrong (F fails without an error text of its own)
  char mode = 0;           // the M flag's character, 0 without one
};

// Reads the flags tokens[first...] into `request` (meta_flags, noreply, the numbers, the
// decoded key). Returns the reading; on failure, `error` is what mg and ms answer.
FlagReading ReadFlags(const std::vector<std::string_view>& tokens, size_t first,
                      McRequest* request) {
  FlagReading reading;
  std::array<bool, 128> seen{};
  for (size_t i = first; i < tokens.size(); ++i) {
    const std::string_view token = tokens[i];
    const auto code = static_cast<unsigned char>(token[0]);
    if (code >= 127 || seen[code]) {
      reading.error = "CLIENT_ERROR duplicate flag";
      reading.failed = true;
      return reading;
    }
    seen[code] = true;
    request->meta_flags.emplace_back(token);
    const std::string_view value = token.substr(1);
    int32_t ttl = 0;       // N and R: checked here, read again by whoever acts on them
    uint64_t initial = 0;  // J: likewise
    auto fail = [&reading](std::string_view error) {
      if (!error.empty()) reading.error = error;
      reading.failed = true;
    };
    switch (code) {
      case 'b': {
        request->base64_key = true;
        const std::string encoded = request->keys[0];
        if (!DecodeMcBase64(encoded, &request->keys[0])) fail("CLIENT_ERROR error decoding key");
        break;
      }
      case 'N':
      case 'R':
        if (!ReadMcInt32(value, &ttl)) fail(kBadToken);
        break;
      case 'T':
        if (ReadMcInt32(value, &ttl)) {
          request->exptime = ttl;
        } else {
          fail(kBadToken);
        }
        break;
      case 'F':
        if (!ReadMcUint32(value, &request->flags)) fail("");
        break;
      case 'C':
        if (!ReadMcUint64(value, &request->cas_unique)) fail(kBadToken);
        break;
      case 'M':
        if (token.size() == 2) {
          reading.mode = token[1];
        } else {
          fail("CLIENT_ERROR incorrect length for M token");
        }
        break;
      case 'J':
        if (!ReadMcUint64(value, &initial)) fail("CLIENT_ERROR invalid numeric initial value");
        break;
      case 'D':
        if (!ReadMcUint64(value, &request->delta)) {
          fail("CLIENT_ERROR invalid numeric delta value");
        }
        break;
      case 'q':
        request->noreply = true;
        break;
      case 'c':  // these take no token, or one memcached does not check
      case 'f':
      case 'h':
      case 'k':
      case 'l':
      case 'O':  // its length is checked once all flags are read
      case 'P':
      case 'L':
      case 's':
      case 't':
      case 'u':
      case 'v':
      case 'I':
        break;
      default:
        reading.error = "CLIENT_ERROR invalid flag";
        reading.failed = true;
        return reading;
    }
  }
  if (reading.failed && reading.error.empty()) reading.error = kBadFormat;
  return reading;
}

bool OpaqueTooLong(const std::vector<std::string_view>& tokens, size_t first) {
  for (size_t i = first; i < tokens.size(); ++i) {
    if (tokens[i][0] == 'O' && tokens[i].size() > kMaxOpaqueBytes) return true;
  }
  return false;
}

MetaCheck Error(std::string_view error, bool swallow = false) { return {error, swallow}; }

MetaCheck CheckDebug(const std::vector<std::string_view>& tokens, const MemcacheLimits& limits,
                     McRequest* request) {
  if (tokens.size() < 2 || tokens[1].size() > limits.max_key_bytes) return Error(kBadFormat);
  request->keys.emplace_back(tokens[1]);
  if (tokens.size() >= 3 && tokens[2] == "b") {
    request->base64_key = true;
    if (!DecodeMcBase64(tokens[1], &request->keys[0])) return Error(kBadFormat);
  }
  return {};
}

}  // namespace

MetaCheck CheckMetaLine(const std::vector<std::string_view>& tokens, const MemcacheLimits& limits,
                        McRequest* request, size_t* data_bytes) {
  const char letter = tokens[0][1];
  if (letter == 'n') {
    request->command = McCommand::kMetaNoop;
    return {};
  }
  if (letter == 'e') {
    request->command = McCommand::kMetaDebug;
    return CheckDebug(tokens, limits, request);
  }
  const bool is_set = letter == 's';
  request->command = letter == 'g'   ? McCommand::kMetaGet
                     : is_set        ? McCommand::kMetaSet
                     : letter == 'd' ? McCommand::kMetaDelete
                                     : McCommand::kMetaArithmetic;
  if (request->command == McCommand::kMetaArithmetic) request->delta = 1;

  if (tokens[1].size() > limits.max_key_bytes) return Error(kBadFormat);
  request->keys.emplace_back(tokens[1]);
  if (is_set && tokens.size() == 2) return Error(kBadFormat);
  if (tokens.size() + 1 > kMaxTokensWithEnd) {
    return Error(letter == 'g' ? "CLIENT_ERROR options flags are too long"
                               : "CLIENT_ERROR options flags too long");
  }
  size_t first_flag = 2;
  if (is_set) {
    int32_t length = 0;
    if (!ReadMcInt32(tokens[2], &length) || length < 0 || length > INT_MAX - 2) {
      return Error(kBadFormat);
    }
    *data_bytes = static_cast<size_t>(length);
    first_flag = 3;
  }

  const FlagReading reading = ReadFlags(tokens, first_flag, request);
  if (reading.failed) {
    const bool own_text = letter == 'g' || is_set;
    return Error(own_text ? reading.error : "CLIENT_ERROR invalid or duplicate flag", is_set);
  }
  if (is_set && reading.mode != 0 &&
      std::string_view("EAPRS").find(reading.mode) == std::string_view::npos) {
    return Error("CLIENT_ERROR invalid mode for ms M token", true);
  }
  if (request->command == McCommand::kMetaArithmetic && reading.mode != 0 &&
      std::string_view("I+D-").find(reading.mode) == std::string_view::npos) {
    return Error("CLIENT_ERROR invalid mode for ma M token");
  }
  if (OpaqueTooLong(tokens, first_flag)) {
    return Error("CLIENT_ERROR opaque token too long", is_set);
  }
  return {};
}

}  // namespace stepdb
