// The assertions of common/testkit/status_matchers.h: they pass on ok, and a failure names
// the expression and carries the Status text. gtest-spi.h runs an assertion and checks the
// failure it records.
#include "common/testkit/status_matchers.h"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace stepdb {
namespace {

Status Succeed() { return Status::Ok(); }
Status FailWithIOError() { return Status::IOError("/db/000003.log: disk full"); }
Result<int> Seven() { return 7; }
Result<int> NoNumber() { return Status::NotFound("no number under \"k\""); }
Result<std::unique_ptr<std::string>> Boxed(std::string text) {
  return std::make_unique<std::string>(std::move(text));
}

TEST(StatusMatchers, PassOnOkStatusAndResult) {
  EXPECT_OK(Succeed());
  ASSERT_OK(Succeed());
  EXPECT_OK(Seven());
  ASSERT_OK(Seven());
}

TEST(StatusMatchers, ExpectOkPrintsTheExpressionAndTheStatus) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(FailWithIOError()),
                          "FailWithIOError() is not OK: IOError: /db/000003.log: disk full");
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(NoNumber()),
                          "NoNumber() is not OK: NotFound: no number under \"k\"");
}

TEST(StatusMatchers, ExpectOkCarriesStreamedContext) {
  EXPECT_NONFATAL_FAILURE(EXPECT_OK(FailWithIOError()) << "while writing key 42",
                          "while writing key 42");
}

TEST(StatusMatchers, ExpectOkLetsTheTestGoOn) {
  int reached = 0;
  EXPECT_NONFATAL_FAILURE(
      {
        EXPECT_OK(FailWithIOError());
        ++reached;
      },
      "IOError");
  EXPECT_EQ(reached, 1);
}

// EXPECT_FATAL_FAILURE runs its statement in a function of its own, so what it observes has
// to be static.
int after_assert_ok = 0;
int after_assert_ok_and_assign = 0;

TEST(StatusMatchers, AssertOkFailsFatallyWithTheStatus) {
  after_assert_ok = 0;
  EXPECT_FATAL_FAILURE(
      {
        ASSERT_OK(FailWithIOError()) << "first write";
        ++after_assert_ok;
      },
      "FailWithIOError() is not OK: IOError: /db/000003.log: disk full\nfirst write");
  EXPECT_EQ(after_assert_ok, 0) << "ASSERT_OK did not stop the function";
  EXPECT_FATAL_FAILURE(ASSERT_OK(NoNumber()), "NoNumber() is not OK: NotFound");
}

TEST(StatusMatchers, AssertOkAndAssignMovesTheValueOut) {
  ASSERT_OK_AND_ASSIGN(int seven, Seven());
  EXPECT_EQ(seven, 7);

  ASSERT_OK_AND_ASSIGN(auto boxed, Boxed("move-only"));
  ASSERT_NE(boxed, nullptr);
  EXPECT_EQ(*boxed, "move-only");

  std::unique_ptr<std::string> existing;
  ASSERT_OK_AND_ASSIGN(existing, Boxed("into a variable in scope"));
  ASSERT_NE(existing, nullptr);
  EXPECT_EQ(*existing, "into a variable in scope");
}

TEST(StatusMatchers, AssertOkAndAssignFailsFatallyNamingTheExpression) {
  after_assert_ok_and_assign = 0;
  EXPECT_FATAL_FAILURE(
      {
        ASSERT_OK_AND_ASSIGN(int number, NoNumber());
        after_assert_ok_and_assign = number;
      },
      "NoNumber() is not OK: NotFound: no number under \"k\"");
  EXPECT_EQ(after_assert_ok_and_assign, 0) << "ASSERT_OK_AND_ASSIGN did not stop the function";
}

}  // namespace
}  // namespace stepdb
