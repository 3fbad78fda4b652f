#include "memcache_parser.h"

#include <algorithm>
#include <climits>
#include <limits>

#include "memcache_meta.h"
#include "memcache_syntax.h"

namespace stepdb {
namespace {

constexpr std::string_view kBadFormat = "CLIENT_ERROR bad command line format";
constexpr std::string_view kBadExptime = "CLIENT_ERROR invalid exptime argument";
constexpr size_t kAnyCount = std::numeric_limits<size_t>::max();

// One text command: its word and how many tokens (the word included) memcached lets through
// to the command itself; any other count is "ERROR" (its WANT_TOKENS checks).
struct TextCommand {
  std::string_view word;
  McCommand command;
  size_t min_tokens;
  size_t max_tokens;
};

constexpr TextCommand kTextCommands[] = {
    {"get", McCommand::kGet, 2, kAnyCount},
    {"bget", McCommand::kGet, 2, kAnyCount},  // an ancient alias of get, still served
    {"gets", McCommand::kGets, 2, kAnyCount},
    {"gat", McCommand::kGat, 2, kAnyCount},
    {"gats", McCommand::kGats, 2, kAnyCount},
    {"set", McCommand::kSet, 5, 6},
    {"add", McCommand::kAdd, 5, 6},
    {"replace", McCommand::kReplace, 5, 6},
    {"append", McCommand::kAppend, 5, 6},
    {"prepend", McCommand::kPrepend, 5, 6},
    {"cas", McCommand::kCas, 6, 7},
    {"incr", McCommand::kIncr, 3, 4},
    {"decr", McCommand::kDecr, 3, 4},
    {"delete", McCommand::kDelete, 2, 4},
    {"touch", McCommand::kTouch, 3, 4},
    {"flush_all", McCommand::kFlushAll, 1, 3},
    {"verbosity", McCommand::kVerbosity, 2, 3},
    {"stats", McCommand::kStats, 1, kAnyCount},
    {"version", McCommand::kVersion, 1, kAnyCount},
    {"quit", McCommand::kQuit, 1, kAnyCount},
    {"mg", McCommand::kMetaGet, 2, kAnyCount},
    {"ms", McCommand::kMetaSet, 2, kAnyCount},
    {"md", McCommand::kMetaDelete, 2, kAnyCount},
    {"ma", McCommand::kMetaArithmetic, 2, kAnyCount},
    {"me", McCommand::kMetaDebug, 1, kAnyCount},  // answers a missing key itself
    {"mn", McCommand::kMetaNoop, 1, kAnyCount},
};

const TextCommand* FindCommand(std::string_view word) {
  for (const TextCommand& command : kTextCommands) {
    if (command.word == word) return &command;
  }
  return nullptr;
}

// Whether a line starting with `start` is a multi-get, which memcached lets grow past its line
// limit: at most 100 spaces, then "get " or "gets ". kMaybe while `start` is too short to say.
enum class MultiGet { kNo, kMaybe, kYes };

MultiGet ClassifyMultiGet(std::string_view start) {
  const size_t spaces = std::min(start.find_first_not_of(' '), start.size());
  if (spaces > 100) return MultiGet::kNo;
  const std::string_view rest = start.substr(spaces);
  for (std::string_view prefix : {std::string_view("get "), std::string_view("gets ")}) {
    if (rest.starts_with(prefix)) return MultiGet::kYes;
    if (prefix.starts_with(rest)) return MultiGet::kMaybe;
  }
  return MultiGet::kNo;
}

}  // namespace

bool IsMetaCommand(McCommand command) {
  switch (command) {
    case McCommand::kMetaGet:
    case McCommand::kMetaSet:
    case McCommand::kMetaDelete:
    case McCommand::kMetaArithmetic:
    case McCommand::kMetaNoop:
    case McCommand::kMetaDebug:
      return true;
    default:
      return false;
  }
}

MemcacheParser::MemcacheParser(const MemcacheLimits& limits) : limits_(limits) {}

MemcacheParser::Outcome MemcacheParser::Parse(std::string_view input, McRequest* request) {
  consumed_ = 0;
  reply_.clear();
  close_ = false;
  if (swallowing_ > 0) {
    const size_t dropped = std::min(swallowing_, input.size());
    swallowing_ -= dropped;
    consumed_ = dropped;
    input.remove_prefix(dropped);
    if (swallowing_ > 0) return Outcome::kNeedMore;
  }

  if (!awaiting_data_) {
    const size_t newline = input.find('\n', scanned_);
    if (newline == std::string_view::npos) {
      scanned_ = input.size();
      if (LineTooLong(input, input.size(), /*complete=*/false)) {
        close_ = true;
        return Finish(Outcome::kError, input.size());
      }
      return Outcome::kNeedMore;
    }
    if (LineTooLong(input.substr(0, newline), newline, /*complete=*/true)) {
      close_ = true;
      return Finish(Outcome::kError, input.size());
    }
    line_bytes_ = newline + 1;
    // memcached drops the CR before the LF unless it is the line's only byte, and then reads
    // the line as a C string: it ends at the first NUL.
    std::string_view line = input.substr(0, newline);
    if (line.size() > 1 && line.back() == '\r') line.remove_suffix(1);
    line = line.substr(0, line.find('\0'));

    pending_ = McRequest();
    to_swallow_ = 0;
    switch (ParseLine(line)) {
      case LineResult::kRequest:
        *request = std::move(pending_);
        return Finish(Outcome::kRequest, line_bytes_);
      case LineResult::kError: {
        const size_t swallowed = std::min(to_swallow_, input.size() - line_bytes_);
        swallowing_ = to_swallow_ - swallowed;
        return Finish(Outcome::kError, line_bytes_ + swallowed);
      }
      case LineResult::kData:
        awaiting_data_ = true;
        break;
    }
  }
  return TakeDataBlock(input, request);
}

MemcacheParser::Outcome MemcacheParser::TakeDataBlock(std::string_view input, McRequest* request) {
  const size_t block_bytes = data_bytes_ + 2;
  if (input.size() - line_bytes_ < block_bytes) return Outcome::kNeedMore;
  const std::string_view block = input.substr(line_bytes_, block_bytes);
  if (!block.ends_with("\r\n")) {
    // A meta set always reports it; a text storage command stays silent under noreply.
    const bool quiet = pending_.noreply && pending_.command != McCommand::kMetaSet;
    if (!quiet) reply_ = "CLIENT_ERROR bad data chunk\r\n";
    return Finish(Outcome::kError, line_bytes_ + block_bytes);
  }
  pending_.data.assign(block.substr(0, data_bytes_));
  *request = std::move(pending_);
  return Finish(Outcome::kRequest, line_bytes_ + block_bytes);
}

MemcacheParser::Outcome MemcacheParser::Finish(Outcome outcome, size_t bytes) {
  consumed_ += bytes;
  scanned_ = 0;
  awaiting_data_ = false;
  return outcome;
}

bool MemcacheParser::LineTooLong(std::string_view start, size_t length, bool complete) const {
  if (length <= limits_.max_line_bytes) return false;
  switch (ClassifyMultiGet(start)) {
    case MultiGet::kYes:
      return length > limits_.max_get_line_bytes;
    case MultiGet::kMaybe:
      // Only with a tiny max_line_bytes can the start be too short to tell; a whole line that
      // is still only a prefix of "get " is not a multi-get.
      return complete;
    case MultiGet::kNo:
      break;
  }
  return true;
}

MemcacheParser::LineResult MemcacheParser::Fail(std::string_view text, bool quiet, size_t swallow) {
  if (!quiet) {
    reply_.assign(text);
    reply_ += "\r\n";
  }
  to_swallow_ = swallow;
  return LineResult::kError;
}

MemcacheParser::LineResult MemcacheParser::ParseLine(std::string_view line) {
  const std::vector<std::string_view> tokens = SplitMcTokens(line);
  if (tokens.empty()) return Fail("ERROR", false);
  const TextCommand* command = FindCommand(tokens[0]);
  if (command == nullptr) {
    // memcached started without -A (enable shutdown) answers this; StepDB never shuts down
    // from a client's line either.
    if (tokens[0] == "shutdown") return Fail("ERROR: shutdown not enabled", false);
    return Fail("ERROR", false);
  }
  if (tokens.size() < command->min_tokens || tokens.size() > command->max_tokens) {
    return Fail("ERROR", false);
  }
  pending_.command = command->command;

  if (IsMetaCommand(command->command)) {
    const MetaCheck check = CheckMetaLine(tokens, limits_, &pending_, &data_bytes_);
    if (!check.error.empty()) return Fail(check.error, false, check.swallow ? data_bytes_ + 2 : 0);
    if (pending_.command != McCommand::kMetaSet) return LineResult::kRequest;
    if (data_bytes_ > limits_.max_item_bytes) {
      return Fail("SERVER_ERROR object too large for cache", false, data_bytes_ + 2);
    }
    return LineResult::kData;
  }
  return ParseTextCommand(tokens);
}

MemcacheParser::LineResult MemcacheParser::ParseTextCommand(
    const std::vector<std::string_view>& tokens) {
  McRequest& request = pending_;
  // memcached reads "noreply" (always the last token) before anything else on these lines,
  // so even their errors go unanswered under it.
  const bool noreply = tokens.size() > 1 && tokens.back() == "noreply";
  auto key_too_long = [this](std::string_view key) { return key.size() > limits_.max_key_bytes; };

  switch (request.command) {
    case McCommand::kGet:
    case McCommand::kGets:
    case McCommand::kGat:
    case McCommand::kGats: {
      size_t first_key = 1;
      if (request.command == McCommand::kGat || request.command == McCommand::kGats) {
        int32_t exptime = 0;
        if (!ReadMcInt32(tokens[1], &exptime)) return Fail(kBadExptime, false);
        request.exptime = exptime;
        first_key = 2;
      }
      for (size_t i = first_key; i < tokens.size(); ++i) {
        if (key_too_long(tokens[i])) return Fail(kBadFormat, false);
        request.keys.emplace_back(tokens[i]);
      }
      return LineResult::kRequest;
    }

    case McCommand::kSet:
    case McCommand::kAdd:
    case McCommand::kReplace:
    case McCommand::kAppend:
    case McCommand::kPrepend:
    case McCommand::kCas: {
      request.noreply = noreply;
      if (key_too_long(tokens[1])) return Fail(kBadFormat, noreply);
      request.keys.emplace_back(tokens[1]);
      int32_t exptime = 0;
      int32_t bytes = 0;
      if (!ReadMcUint32(tokens[2], &request.flags) || !ReadMcInt32(tokens[3], &exptime) ||
          !ReadMcInt32(tokens[4], &bytes)) {
        return Fail(kBadFormat, noreply);
      }
      request.exptime = exptime;
      if (request.command == McCommand::kCas && !ReadMcUint64(tokens[5], &request.cas_unique)) {
        return Fail(kBadFormat, noreply);
      }
      if (bytes < 0 || bytes > INT_MAX - 2) return Fail(kBadFormat, noreply);
      data_bytes_ = static_cast<size_t>(bytes);
      if (data_bytes_ > limits_.max_item_bytes) {
        return Fail("SERVER_ERROR object too large for cache", noreply, data_bytes_ + 2);
      }
      return LineResult::kData;
    }

    case McCommand::kIncr:
    case McCommand::kDecr:
      request.noreply = noreply;
      if (key_too_long(tokens[1])) return Fail(kBadFormat, noreply);
      request.keys.emplace_back(tokens[1]);
      if (!ReadMcUint64(tokens[2], &request.delta)) {
        return Fail("CLIENT_ERROR invalid numeric delta argument", noreply);
      }
      return LineResult::kRequest;

    case McCommand::kDelete:
      if (tokens.size() > 2) {
        // The only extra tokens memcached takes: a hold time of "0" (a relic), and noreply.
        const bool hold_is_zero = tokens[2] == "0";
        const bool valid = (tokens.size() == 3 && (hold_is_zero || noreply)) ||
                           (tokens.size() == 4 && hold_is_zero && noreply);
        request.noreply = noreply;
        if (!valid) {
          return Fail("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]",
                      noreply);
        }
      }
      if (key_too_long(tokens[1])) return Fail(kBadFormat, request.noreply);
      request.keys.emplace_back(tokens[1]);
      return LineResult::kRequest;

    case McCommand::kTouch: {
      request.noreply = noreply;
      if (key_too_long(tokens[1])) return Fail(kBadFormat, noreply);
      request.keys.emplace_back(tokens[1]);
      int32_t exptime = 0;
      if (!ReadMcInt32(tokens[2], &exptime)) return Fail(kBadExptime, noreply);
      request.exptime = exptime;
      return LineResult::kRequest;
    }

    case McCommand::kFlushAll:
      request.noreply = noreply;
      // A delay is read unless the line is "flush_all" or "flush_all noreply"; in
      // "flush_all 10 20" the 20 is ignored.
      if (tokens.size() != (noreply ? 2u : 1u)) {
        int32_t delay = 0;
        if (!ReadMcInt32(tokens[1], &delay)) return Fail(kBadExptime, noreply);
        request.exptime = delay;
        request.args.emplace_back(tokens[1]);
      }
      return LineResult::kRequest;

    case McCommand::kVerbosity: {
      request.noreply = noreply;
      uint32_t level = 0;
      if (!ReadMcUint32(tokens[1], &level)) return Fail(kBadFormat, noreply);
      request.args.emplace_back(tokens[1]);
      return LineResult::kRequest;
    }

    case McCommand::kStats:
      for (size_t i = 1; i < tokens.size(); ++i) request.args.emplace_back(tokens[i]);
      return LineResult::kRequest;

    default:  // version and quit ignore whatever follows them
      return LineResult::kRequest;
  }
}

}  // namespace stepdb
