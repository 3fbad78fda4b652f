// Assertions on Status and Result<T> that say which call failed and why.
//
// A bare ASSERT_TRUE(s.ok()) fails with "Value of: s.ok()  Actual: false": the test knows
// that something failed and keeps the reason to itself. These print the expression and the
// Status it produced:
//
//   ASSERT_OK(engine->Put("k", "v"));
//   EXPECT_OK(fs.SyncDir("/db")) << "after renaming the MANIFEST";
//   ASSERT_OK_AND_ASSIGN(std::string value, engine->Get("k"));
//
//   engine->Put("k", "v") is not OK: IOError: /db/000003.log: No space left on device
//
// EXPECT_OK(expr) and ASSERT_OK(expr) take a Status or a Result<T> and pass iff it is ok;
// on failure EXPECT_OK records a failure and the test goes on, ASSERT_OK records it and
// returns from the enclosing function. Both accept `<< context` like any gtest assertion.
//
// ASSERT_OK_AND_ASSIGN(lhs, expr) evaluates expr, a Result<T>, once: if it holds a value, the
// value is moved into lhs (a declaration such as `auto file`, or a variable in scope, so
// move-only values work); otherwise it fails as ASSERT_OK does. It expands to more than one
// statement, so it needs braces under an `if` or a loop, and takes no `<< context`.
//
// REQUIRES (ASSERT_*): the enclosing function returns void, as for every gtest ASSERT; a
// helper that asserts is called under ASSERT_NO_FATAL_FAILURE so that its caller stops too.
//
// The macros only read the value they are given: safe wherever gtest's own assertions are.
#pragma once

#include <gtest/gtest.h>

#include <utility>

#include "common/result.h"
#include "common/status.h"

namespace stepdb::testkit::internal {

inline const Status& StatusOf(const Status& status) { return status; }
template <typename T>
Status StatusOf(const Result<T>& result) {
  return result.status();
}

// The predicate formatter behind the macros: success iff ok, otherwise a failure that names
// the expression and prints its Status.
template <typename StatusOrResult>
::testing::AssertionResult IsOk(const char* expression, const StatusOrResult& value) {
  const Status status = StatusOf(value);
  if (status.ok()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << expression << " is not OK: " << status.ToString();
}

}  // namespace stepdb::testkit::internal

#define EXPECT_OK(expr) EXPECT_PRED_FORMAT1(::stepdb::testkit::internal::IsOk, expr)
#define ASSERT_OK(expr) ASSERT_PRED_FORMAT1(::stepdb::testkit::internal::IsOk, expr)

#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  STEPDB_ASSERT_OK_AND_ASSIGN_IMPL_(STEPDB_CONCAT_(stepdb_asserted_, __LINE__), lhs, expr, #expr)
// GTEST_ASSERT_ is what gtest's ASSERT_PRED_FORMAT1 expands to; it is used directly so that
// the failure names expr as written rather than the temporary that holds its Result.
#define STEPDB_ASSERT_OK_AND_ASSIGN_IMPL_(result, lhs, expr, text)                      \
  auto result = (expr);                                                                 \
  GTEST_ASSERT_(::stepdb::testkit::internal::IsOk(text, result), GTEST_FATAL_FAILURE_); \
  lhs = std::move(result).value()
