#include "line_framer.h"

namespace stepdb {

Result<std::optional<std::string>> LineFramer::Next() {
  // BEGIN SOLUTION
  // STARTER: return Status::NotImplemented("stage 01: LineFramer::Next");
  const size_t newline = buffer_.find('\n', consumed_);
  if (newline == std::string::npos) {
    // Allow one byte more than the limit: it may be the "\r" of a line that is exactly full.
    if (buffered() > max_line_bytes_ + 1) {
      return Status::InvalidArgument("line too long (limit " + std::to_string(max_line_bytes_) +
                                     " bytes)");
    }
    // Compact once everything returned so far is a large share of the buffer.
    if (consumed_ > 0 && consumed_ >= buffer_.size() / 2) {
      buffer_.erase(0, consumed_);
      consumed_ = 0;
    }
    return std::optional<std::string>();
  }
  size_t end = newline;
  if (end > consumed_ && buffer_[end - 1] == '\r') --end;
  if (end - consumed_ > max_line_bytes_) {
    return Status::InvalidArgument("line too long (limit " + std::to_string(max_line_bytes_) +
                                   " bytes)");
  }
  std::string line = buffer_.substr(consumed_, end - consumed_);
  consumed_ = newline + 1;
  return std::optional<std::string>(std::move(line));
  // END SOLUTION
}

}  // namespace stepdb
