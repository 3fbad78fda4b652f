// LineFramer: cuts the byte stream of a connection into request lines.
//
// TCP delivers bytes, not messages: one recv() may hold half a line or three lines. The
// framer buffers what has arrived (Append) and hands out complete lines (Next), without
// their "\n" and without a "\r" just before it, so "GET k\r\n" and "GET k\n" are the same
// request.
//
//   bytes in:   "SET a 1\nGE"  then  "T a\r\n"
//   lines out:  "SET a 1",  "GET a"
//
// A line longer than max_line_bytes (not counting its "\n" or "\r\n") is an error, and the
// caller closes the connection. Next() returns InvalidArgument when such a line is complete,
// or earlier, as soon as the buffer holds more than max_line_bytes + 1 bytes without a newline,
// so a client cannot make the server buffer without bound. The one byte of grace is the "\r"
// of a line that is exactly max_line_bytes long and whose "\n" has not arrived yet.
//
// Thread safety: none; one framer belongs to one connection.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/result.h"

namespace stepdb {

class LineFramer {
 public:
  explicit LineFramer(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  void Append(std::string_view bytes) { buffer_.append(bytes); }

  // The next complete line, std::nullopt if no full line has arrived yet, or InvalidArgument
  // if the line is over the limit, with exactly the message "line too long (limit
  // <max_line_bytes> bytes)" (the server sends it to the client after "ERROR ").
  Result<std::optional<std::string>> Next();

  // Bytes received but not yet returned as a line.
  size_t buffered() const { return buffer_.size() - consumed_; }

 private:
  size_t max_line_bytes_;
  std::string buffer_;
  size_t consumed_ = 0;  // buffer_[0, consumed_) was already returned
};

}  // namespace stepdb
