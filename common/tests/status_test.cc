#include "common/status.h"

#include <gtest/gtest.h>

#include "common/result.h"
#include "common/testkit/status_matchers.h"

namespace stepdb {
namespace {

TEST(Status, OkAndErrorsPrint) {
  EXPECT_TRUE(Status::Ok().ok());
  EXPECT_EQ(Status::Ok().ToString(), "OK");
  Status s = Status::Corruption("wal 000001.log: checksum mismatch at offset 42");
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsCorruption());
  EXPECT_EQ(s.ToString(), "Corruption: wal 000001.log: checksum mismatch at offset 42");
}

Status FailsWhenNegative(int x) {
  if (x < 0) return Status::InvalidArgument("negative");
  return Status::Ok();
}

Status Chain(int x) {
  STEPDB_RETURN_IF_ERROR(FailsWhenNegative(x));
  return Status::NotFound("reached the end");
}

TEST(Status, ReturnIfErrorStopsAtTheFirstError) {
  EXPECT_TRUE(Chain(-1).IsInvalidArgument());
  EXPECT_TRUE(Chain(1).IsNotFound());
}

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidArgument("odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  STEPDB_ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(Result, HoldsAValueOrAStatus) {
  ASSERT_OK_AND_ASSIGN(int quarter, Quarter(8));
  EXPECT_EQ(quarter, 2);
  EXPECT_TRUE(Quarter(6).status().IsInvalidArgument());
}

TEST(ResultDeathTest, ValueOfAFailureAborts) {
  Result<int> r = Status::NotFound("nothing");
  EXPECT_DEATH((void)r.value(), "value\\(\\) of a failed Result");
}

}  // namespace
}  // namespace stepdb
