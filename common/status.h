// Status: the outcome of an operation that can fail, as a value.
//
// Everything under the engine reports errors this way instead of throwing, so a
// caller sees in the signature that a call can fail and the compiler ([[nodiscard]]) refuses
// to let the result be dropped. The model is LevelDB's Status and abseil's StatusOr.
//
// A Status is either ok, or a code plus a message meant for a human ("wal 000003.log: checksum
// mismatch at offset 4096"). Status values are cheap to copy and safe to share between threads
// once constructed.
#pragma once

#include <string>
#include <string_view>
#include <utility>

namespace stepdb {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kNotFound,
    kCorruption,
    kIOError,
    kInvalidArgument,
    kNotImplemented,
    kBusy,
  };

  Status() = default;  // ok

  static Status Ok() { return Status(); }
  static Status NotFound(std::string message) { return {Code::kNotFound, std::move(message)}; }
  static Status Corruption(std::string message) { return {Code::kCorruption, std::move(message)}; }
  static Status IOError(std::string message) { return {Code::kIOError, std::move(message)}; }
  static Status InvalidArgument(std::string message) {
    return {Code::kInvalidArgument, std::move(message)};
  }
  // What a student's stub returns until the task is done: "stage 02: WalWriter::AddRecord".
  static Status NotImplemented(std::string message) {
    return {Code::kNotImplemented, std::move(message)};
  }
  static Status Busy(std::string message) { return {Code::kBusy, std::move(message)}; }

  bool ok() const { return code_ == Code::kOk; }
  bool IsNotFound() const { return code_ == Code::kNotFound; }
  bool IsCorruption() const { return code_ == Code::kCorruption; }
  bool IsIOError() const { return code_ == Code::kIOError; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsNotImplemented() const { return code_ == Code::kNotImplemented; }
  bool IsBusy() const { return code_ == Code::kBusy; }

  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or the code's name, ": " and the message, e.g. "Corruption: bad block checksum".
  std::string ToString() const;

  // Marks a Status as deliberately ignored, with the reason in the call site's comment.
  void IgnoreError() const {}

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace stepdb

// Returns the Status of `expr` from the enclosing function unless it is ok.
#define STEPDB_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::stepdb::Status stepdb_status_ = (expr);        \
    if (!stepdb_status_.ok()) return stepdb_status_; \
  } while (0)
