// The active cycle: it deletes due keys that nobody reads, within its budget, commits the log
// once per cycle that deleted something, goes on at once while more is due, and does nothing
// while DEBUG SET-ACTIVE-EXPIRE 0 has turned it off.
#include "active_expiry.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/testkit/status_matchers.h"
#include "manual_clock.h"
#include "memtable_engine.h"

namespace stepdb {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

class ActiveExpiryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = ExpiringKeyspace::Open(&engine_, nullptr, KeyspaceOptions(), &clock_);
    ASSERT_OK(opened);
    keyspace_ = std::move(*opened);
  }
  void PutExpiring(int count, int64_t expire_at_ms) {
    for (int i = 0; i < count; ++i) {
      ValueEnvelope value;
      value.payload = "v";
      value.expire_at_ms = expire_at_ms;
      ASSERT_OK(keyspace_->Put(0, "k" + std::to_string(i), value));
    }
  }
  std::unique_ptr<stepdb::ActiveExpiry> Cycle(ActiveExpiryOptions options) {
    return std::make_unique<stepdb::ActiveExpiry>(
        io_, keyspace_.get(),
        [this] {
          ++commits_;
          return Status::Ok();
        },
        options);
  }

  ManualClock clock_{kStart};
  MemTableEngine engine_;
  std::unique_ptr<ExpiringKeyspace> keyspace_;
  boost::asio::io_context io_;
  int commits_ = 0;
};

// The suite is named after the class it tests; the fixture's name hides the class below.
class ActiveExpiry : public ActiveExpiryTest {};

TEST_F(ActiveExpiry, ACycleWithinItsBudgetDeletesEveryDueKeyAndCommitsOnce) {
  ASSERT_NO_FATAL_FAILURE(PutExpiring(1000, kStart + 10));
  ASSERT_OK(keyspace_->Put(0, "forever", ValueEnvelope{}));
  ActiveExpiryOptions options;
  options.budget = std::chrono::seconds(60);  // enough for every batch, however slow the build
  auto cycle = Cycle(options);
  ASSERT_OK_AND_ASSIGN(size_t deleted, cycle->RunCycle());
  EXPECT_EQ(deleted, 0u);  // nothing due yet
  EXPECT_EQ(commits_, 0);
  clock_.Advance(10);
  ASSERT_OK_AND_ASSIGN(deleted, cycle->RunCycle());
  EXPECT_EQ(deleted, 1000u);
  EXPECT_EQ(commits_, 1);
  EXPECT_EQ(keyspace_->expired_keys(), 1000u);
  EXPECT_EQ(keyspace_->KeyCount(0), 1u);
  EXPECT_TRUE(engine_.Get(Keyspace::EngineKey(1, "k7")).status().IsNotFound());
}

TEST_F(ActiveExpiry, ACycleStopsAtItsBudgetAndTheNextGoesOn) {
  ASSERT_NO_FATAL_FAILURE(PutExpiring(1000, kStart));
  ActiveExpiryOptions options;
  options.budget = std::chrono::microseconds(0);  // one batch per cycle
  options.batch = 100;
  auto cycle = Cycle(options);
  ASSERT_OK_AND_ASSIGN(size_t deleted, cycle->RunCycle());
  EXPECT_EQ(deleted, 100u);
  size_t total = deleted;
  for (int i = 0; i < 20 && deleted > 0; ++i) {
    ASSERT_OK_AND_ASSIGN(deleted, cycle->RunCycle());
    total += deleted;
  }
  EXPECT_EQ(total, 1000u);
}

TEST_F(ActiveExpiry, TurnedOffItDeletesNothing) {
  ASSERT_NO_FATAL_FAILURE(PutExpiring(10, kStart));
  keyspace_->set_active_expire_enabled(false);
  auto cycle = Cycle({});
  ASSERT_OK_AND_ASSIGN(size_t deleted, cycle->RunCycle());
  EXPECT_EQ(deleted, 0u);
  EXPECT_EQ(keyspace_->expired_keys(), 0u);
  EXPECT_EQ(keyspace_->KeyCount(0), 0u);  // still never counted
}

// On the loop: started, the timer's cycles purge a large due set without anyone calling
// RunCycle, a batch at a time, re-posting while more is due.
TEST_F(ActiveExpiry, TheTimerPurgesWithoutReads) {
  ASSERT_NO_FATAL_FAILURE(PutExpiring(3000, kStart));
  ActiveExpiryOptions options;
  options.period = std::chrono::milliseconds(10);
  options.budget = std::chrono::microseconds(0);
  options.batch = 100;
  auto cycle = Cycle(options);
  cycle->Start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (keyspace_->expired_keys() < 3000 && std::chrono::steady_clock::now() < deadline) {
    io_.run_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(keyspace_->expired_keys(), 3000u);
  EXPECT_GE(commits_, 30);  // one per cycle: thirty cycles of one batch each
  cycle->Stop();
  io_.run_for(std::chrono::milliseconds(20));
}

}  // namespace
}  // namespace stepdb
