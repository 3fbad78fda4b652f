#include "resp_writer.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace stepdb {
namespace {

// Appends s with "\r" and "\n" shown as spaces, so it cannot end a reply line early.
void AppendOneLine(std::string* out, std::string_view s) {
  for (char c : s) out->push_back(c == '\r' || c == '\n' ? ' ' : c);
}

// What printf's "%.<max>s" prints of s: Redis passes its strings to printf as C strings.
std::string_view AsPrintfString(std::string_view s, size_t max) {
  return s.substr(0, std::min(s.find('\0'), max));
}

// The longest name, argument or subcommand Redis quotes in an error ("%.128s").
constexpr size_t kMaxQuoted = 128;

}  // namespace

RespWriter::RespWriter(std::string* out, int protocol) : out_(out) { set_protocol(protocol); }

void RespWriter::set_protocol(int protocol) {
  assert(protocol == 2 || protocol == 3);
  protocol_ = protocol;
}

void RespWriter::SimpleString(std::string_view s) {
  out_->push_back('+');
  AppendOneLine(out_, s);
  out_->append("\r\n");
}

void RespWriter::Ok() { out_->append("+OK\r\n"); }

void RespWriter::Error(std::string_view message) {
  out_->push_back('-');
  AppendOneLine(out_, message);
  out_->append("\r\n");
}

void RespWriter::Integer(int64_t v) { Header(':', v); }

void RespWriter::Bulk(std::string_view s) {
  Header('$', static_cast<int64_t>(s.size()));
  out_->append(s);
  out_->append("\r\n");
}

void RespWriter::Null() { out_->append(protocol_ == 3 ? "_\r\n" : "$-1\r\n"); }

void RespWriter::NullArray() { out_->append(protocol_ == 3 ? "_\r\n" : "*-1\r\n"); }

void RespWriter::ArrayHeader(size_t n) { Header('*', static_cast<int64_t>(n)); }

void RespWriter::MapHeader(size_t pairs) {
  if (protocol_ == 3) {
    Header('%', static_cast<int64_t>(pairs));
  } else {
    Header('*', static_cast<int64_t>(2 * pairs));
  }
}

void RespWriter::SetHeader(size_t n) {
  Header(protocol_ == 3 ? '~' : '*', static_cast<int64_t>(n));
}

void RespWriter::PushHeader(size_t n) {
  Header(protocol_ == 3 ? '>' : '*', static_cast<int64_t>(n));
}

std::string DoubleText(double d) {
  // Redis spells the infinities itself rather than trust each libc's printf.
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  char buffer[64];
  const int n = std::snprintf(buffer, sizeof(buffer), "%.17g", d);
  return std::string(buffer, static_cast<size_t>(n));
}

void RespWriter::Double(double d) {
  const std::string text = DoubleText(d);
  if (protocol_ == 3) {
    out_->push_back(',');
    out_->append(text);
    out_->append("\r\n");
  } else {
    Bulk(text);
  }
}

void RespWriter::Bool(bool b) {
  if (protocol_ == 3) {
    out_->append(b ? "#t\r\n" : "#f\r\n");
  } else {
    out_->append(b ? ":1\r\n" : ":0\r\n");
  }
}

void RespWriter::Verbatim(std::string_view text, std::string_view format) {
  if (protocol_ == 2) {
    Bulk(text);
    return;
  }
  Header('=', static_cast<int64_t>(text.size() + 4));
  for (size_t i = 0; i < 3; ++i) out_->push_back(i < format.size() ? format[i] : ' ');
  out_->push_back(':');
  out_->append(text);
  out_->append("\r\n");
}

void RespWriter::BigNumber(std::string_view digits) {
  if (protocol_ == 2) {
    Bulk(digits);
    return;
  }
  out_->push_back('(');
  out_->append(digits);
  out_->append("\r\n");
}

void RespWriter::Header(char type, int64_t n) {
  out_->push_back(type);
  out_->append(std::to_string(n));
  out_->append("\r\n");
}

std::string WrongArityError(std::string_view command_lowercase) {
  std::string error = "ERR wrong number of arguments for '";
  error.append(command_lowercase);
  error.append("' command");
  return error;
}

std::string UnknownCommandError(std::span<const std::string> request) {
  assert(!request.empty());
  // Redis 7.0's processCommand: args = sdscatprintf(args, "'%.*s' ", 128 - sdslen(args), arg)
  // while sdslen(args) < 128.
  std::string args;
  for (size_t i = 1; i < request.size() && args.size() < kMaxQuoted; ++i) {
    const size_t room = kMaxQuoted - args.size();
    args.push_back('\'');
    args.append(AsPrintfString(request[i], room));
    args.append("' ");
  }
  std::string error = "ERR unknown command '";
  AppendOneLine(&error, AsPrintfString(request[0], kMaxQuoted));
  error.append("', with args beginning with: ");
  AppendOneLine(&error, args);
  return error;
}

std::string UnknownSubcommandError(std::string_view command, std::string_view subcommand) {
  std::string error = "ERR unknown subcommand '";
  AppendOneLine(&error, AsPrintfString(subcommand, kMaxQuoted));
  error.append("'. Try ");
  for (char c : command)
    error.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  error.append(" HELP.");
  return error;
}

std::string InvalidExpireTimeError(std::string_view command_lowercase) {
  std::string error = "ERR invalid expire time in '";
  error.append(command_lowercase);
  error.append("' command");
  return error;
}

}  // namespace stepdb
