// Result<T>: a T, or the Status that explains why there is none.
//
// The value-returning twin of Status (abseil calls it StatusOr). A Result is never both: it
// is built either from a value or from a non-ok Status. Reading value() of a failed Result is
// a programming error and aborts, so check ok() first or use STEPDB_ASSIGN_OR_RETURN.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <utility>
#include <variant>

#include "common/status.h"

namespace stepdb {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  // REQUIRES: !status.ok()
  Result(Status status) : state_(std::in_place_index<1>, std::move(status)) {  // NOLINT
    if (std::get<1>(state_).ok()) {
      std::fputs("Result built from an ok Status without a value\n", stderr);
      std::abort();
    }
  }

  bool ok() const { return state_.index() == 0; }

  // The error, or an ok Status when there is a value.
  Status status() const { return ok() ? Status::Ok() : std::get<1>(state_); }

  // REQUIRES: ok()
  T& value() & { return std::get<0>(CheckOk()); }
  const T& value() const& { return std::get<0>(CheckOk()); }
  T&& value() && { return std::get<0>(std::move(CheckOk())); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  auto& CheckOk() {
    if (!ok()) Die();
    return state_;
  }
  const auto& CheckOk() const {
    if (!ok()) Die();
    return state_;
  }
  [[noreturn]] void Die() const {
    std::fprintf(stderr, "value() of a failed Result: %s\n",
                 std::get<1>(state_).ToString().c_str());
    std::abort();
  }

  std::variant<T, Status> state_;
};

}  // namespace stepdb

#define STEPDB_CONCAT_INNER_(a, b) a##b
#define STEPDB_CONCAT_(a, b) STEPDB_CONCAT_INNER_(a, b)

// STEPDB_ASSIGN_OR_RETURN(auto file, fs.Open(name));
// declares `file` from a successful Result, or returns its Status from the enclosing function.
#define STEPDB_ASSIGN_OR_RETURN(lhs, expr) \
  STEPDB_ASSIGN_OR_RETURN_IMPL_(STEPDB_CONCAT_(stepdb_result_, __LINE__), lhs, expr)
#define STEPDB_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                  \
  if (!result.ok()) return result.status();              \
  lhs = std::move(result).value()
