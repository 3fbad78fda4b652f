#include "resp_parser.h"

#include <algorithm>
#include <charconv>
#include <utility>

namespace stepdb {
namespace {

// Redis's string2ll, which reads every count and length (rule 2): std::from_chars accepts
// leading zeros and "-0", Redis does not.
bool ParseRedisInteger(std::string_view text, int64_t* value) {
  const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
  if (digits.empty() || (digits[0] == '0' && text.size() != 1)) return false;
  const char* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, *value);
  return error == std::errc() && stop == end;
}

// C's isspace in the "C" locale, the one Redis splits inline requests in.
bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

// The byte a backslash escape stands for inside double quotes.
char Unescape(char c) {
  switch (c) {
    case 'n':
      return '\n';
    case 'r':
      return '\r';
    case 't':
      return '\t';
    case 'b':
      return '\b';
    case 'a':
      return '\a';
    default:
      return c;
  }
}

}  // namespace

RespParser::RespParser(const RespLimits& limits) : limits_(limits) {}

bool RespParser::in_request() const { return state_ != State::kStart && state_ != State::kFailed; }

RespParser::Outcome RespParser::Parse(std::string_view input, std::vector<std::string>* args) {
  consumed_ = 0;
  if (state_ == State::kFailed) return Outcome::kError;
  while (true) {
    // Offsets below are relative to rest, the bytes this parser has not finished with; the
    // line-search state (searched_) is too, so it stays valid when the caller drops
    // consumed() bytes between calls.
    const std::string_view rest = input.substr(consumed_);
    size_t end = 0;
    switch (state_) {
      case State::kStart:
        if (rest.empty()) return Outcome::kNeedMore;
        StartLine(rest[0] == '*' ? State::kMultibulkCount : State::kInline);
        break;

      case State::kInline: {
        const LineEnd line_end = FindLineEnd(rest, '\n', &end);
        if (line_end == LineEnd::kNotYet) return Outcome::kNeedMore;
        if (line_end == LineEnd::kTooLong) return Fail("Protocol error: too big inline request");
        std::string_view line = rest.substr(0, end);
        if (line.ends_with('\r')) line.remove_suffix(1);
        bytes_examined_ += line.size();
        if (!SplitInlineArgs(line, &args_)) {
          return Fail("Protocol error: unbalanced quotes in request");
        }
        consumed_ += end + 1;
        state_ = State::kStart;
        if (!args_.empty()) return TakeRequest(args);
        break;  // a blank line: skipped (rule 7)
      }

      case State::kMultibulkCount: {
        const LineEnd line_end = FindLineEnd(rest, '\r', &end);
        if (line_end == LineEnd::kNotYet) return Outcome::kNeedMore;
        if (line_end == LineEnd::kTooLong)
          return Fail("Protocol error: too big mbulk count string");
        if (end + 2 > rest.size()) return Outcome::kNeedMore;  // the byte after "\r" (rule 1)
        int64_t count = 0;
        if (!ParseRedisInteger(rest.substr(1, end - 1), &count) ||
            count > limits_.max_multibulk_count) {
          return Fail("Protocol error: invalid multibulk length");
        }
        consumed_ += end + 2;
        if (count <= 0) {
          state_ = State::kStart;  // an empty request: skipped (rule 3)
          break;
        }
        bulks_left_ = count;
        args_.clear();
        // Like Redis, trust the count only so far: a client may announce a million
        // arguments and send none.
        args_.reserve(static_cast<size_t>(std::min<int64_t>(count, 1024)));
        StartLine(State::kBulkHeader);
        break;
      }

      case State::kBulkHeader: {
        const LineEnd line_end = FindLineEnd(rest, '\r', &end);
        if (line_end == LineEnd::kNotYet) return Outcome::kNeedMore;
        if (line_end == LineEnd::kTooLong) return Fail("Protocol error: too big bulk count string");
        if (end + 2 > rest.size()) return Outcome::kNeedMore;
        // Checked before the length is read, so end >= 1 below.
        if (rest[0] != '$') {
          const char shown = (rest[0] == '\r' || rest[0] == '\n') ? ' ' : rest[0];
          return Fail(std::string("Protocol error: expected '$', got '") + shown + "'");
        }
        int64_t length = 0;
        if (!ParseRedisInteger(rest.substr(1, end - 1), &length) || length < 0 ||
            length > limits_.max_bulk_bytes) {
          return Fail("Protocol error: invalid bulk length");
        }
        consumed_ += end + 2;
        bulk_length_ = length;
        state_ = State::kBulkData;
        break;
      }

      case State::kBulkData: {
        const size_t length = static_cast<size_t>(bulk_length_);
        if (rest.size() < length + 2) return Outcome::kNeedMore;
        args_.emplace_back(rest.substr(0, length));
        bytes_examined_ += length;
        consumed_ += length + 2;  // the two bytes after the data are not checked (rule 6)
        if (--bulks_left_ == 0) {
          state_ = State::kStart;
          return TakeRequest(args);
        }
        StartLine(State::kBulkHeader);
        break;
      }

      case State::kFailed:
        return Outcome::kError;
    }
  }
}

RespParser::LineEnd RespParser::FindLineEnd(std::string_view rest, char terminator, size_t* end) {
  // The search resumes where it stopped; when the terminator was found but the byte after it
  // had not arrived, searched_ rests on the terminator, which is looked at once more.
  for (; !hit_nul_ && searched_ < rest.size(); ++searched_) {
    ++bytes_examined_;
    if (rest[searched_] == terminator) {
      *end = searched_;
      return LineEnd::kFound;
    }
    hit_nul_ = rest[searched_] == '\0';  // strchr stops here for good (rule 9)
  }
  return rest.size() > limits_.max_inline_bytes ? LineEnd::kTooLong : LineEnd::kNotYet;
}

RespParser::Outcome RespParser::TakeRequest(std::vector<std::string>* args) {
  args->swap(args_);
  args_.clear();
  return Outcome::kRequest;
}

RespParser::Outcome RespParser::Fail(std::string error) {
  state_ = State::kFailed;
  error_ = std::move(error);
  return Outcome::kError;
}

void RespParser::StartLine(State state) {
  state_ = state;
  searched_ = 0;
  hit_nul_ = false;
}

bool SplitInlineArgs(std::string_view line, std::vector<std::string>* args) {
  args->clear();
  line = line.substr(0, line.find('\0'));
  // Past the end, at() reads the C string's terminating "\0", so the rules below may look
  // ahead without bounds checks, exactly as sdssplitargs does.
  const auto at = [line](size_t i) { return i < line.size() ? line[i] : '\0'; };
  size_t i = 0;
  while (true) {
    while (IsSpace(at(i))) ++i;
    if (at(i) == '\0') return true;
    std::string word;
    char quote = 0;  // '"' or '\'' while inside quotes
    while (true) {
      const char c = at(i);
      if (quote == '"' && c == '\\' && at(i + 1) == 'x' && IsHexDigit(at(i + 2)) &&
          IsHexDigit(at(i + 3))) {
        word.push_back(static_cast<char>(HexValue(at(i + 2)) * 16 + HexValue(at(i + 3))));
        i += 4;
      } else if (quote == '"' && c == '\\' && at(i + 1) != '\0') {
        word.push_back(Unescape(at(i + 1)));
        i += 2;
      } else if (quote == '\'' && c == '\\' && at(i + 1) == '\'') {
        word.push_back('\'');
        i += 2;
      } else if (quote != 0 && c == quote) {
        if (at(i + 1) != '\0' && !IsSpace(at(i + 1))) return false;  // "ab"c
        ++i;
        break;
      } else if (quote != 0) {
        if (c == '\0') return false;  // the line ended inside quotes
        word.push_back(c);
        ++i;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0') {
        break;
      } else {
        if (c == '"' || c == '\'') {
          quote = c;
        } else {
          word.push_back(c);
        }
        ++i;
      }
    }
    args->push_back(std::move(word));
  }
}

}  // namespace stepdb
