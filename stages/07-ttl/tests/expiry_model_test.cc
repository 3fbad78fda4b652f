// A property test: random writes with and without expiries, deletes, reads, scans, moves of a
// manual clock, active cycles, full compactions (with the expiry filter), clean restarts and
// power losses, against a std::map model of what is live. Fixed seeds, so a failure replays.
#include <map>
#include <random>
#include <utility>

#include "common/testkit/status_matchers.h"
#include "expiring_keyspace.h"
#include "expiry_filter.h"
#include "leveled_test_util.h"
#include "manual_clock.h"

namespace stepdb {
namespace {

constexpr int64_t kStart = 1'700'000'000'000;

class ExpiryModel : public LeveledTest, public ::testing::WithParamInterface<uint32_t> {
 protected:
  ExpiryModel() { options_.filter = std::make_shared<ExpiredValueFilter>(dead_, &clock_); }

  void OpenAll() {
    ASSERT_OK_AND_ASSIGN(engine_, Open());
    ASSERT_OK_AND_ASSIGN(
        keyspace_, ExpiringKeyspace::Open(engine_.get(), dead_.get(), KeyspaceOptions(), &clock_));
  }
  void CloseAll() {
    expired_before_ += keyspace_->expired_keys();
    keyspace_.reset();
    engine_.reset();
  }

  bool Live(const std::string& key) const {
    auto it = model_.find(key);
    return it != model_.end() && !IsExpired(it->second.second, clock_.NowMs());
  }
  std::vector<std::string> LiveKeys() const {
    std::vector<std::string> keys;
    for (const auto& [key, value] : model_) {
      if (Live(key)) keys.push_back(key);
    }
    return keys;
  }

  void ExpectMatches(const std::string& key) {
    ASSERT_OK_AND_ASSIGN(std::optional<ValueEnvelope> got, keyspace_->Get(0, key));
    ASSERT_EQ(got.has_value(), Live(key)) << key << " at +" << clock_.NowMs() - kStart << " ms";
    if (got) {
      EXPECT_EQ(got->payload, model_[key].first) << key;
      EXPECT_EQ(got->expire_at_ms, model_[key].second) << key;
    }
  }
  void ExpectAllMatch() {
    std::vector<std::string> scanned;
    ASSERT_OK(keyspace_->Scan(0, "", SIZE_MAX, [&](std::string_view key, std::string_view) {
      scanned.emplace_back(key);
      return true;
    }));
    const std::vector<std::string> live = LiveKeys();
    ASSERT_EQ(scanned, live);
    EXPECT_EQ(keyspace_->KeyCount(0), live.size());
  }

  ManualClock clock_{kStart};
  std::shared_ptr<DeadDatabaseFilter> dead_ = std::make_shared<DeadDatabaseFilter>();
  std::unique_ptr<LeveledEngine> engine_;
  std::unique_ptr<ExpiringKeyspace> keyspace_;
  std::map<std::string, std::pair<std::string, int64_t>> model_;  // key -> (payload, expiry)
  uint64_t expired_before_ = 0;  // keys the keyspaces closed so far deleted for expiry
};

TEST_P(ExpiryModel, RandomOperationsMatchAModelOfLiveKeys) {
  std::mt19937 random(GetParam());
  OpenAll();
  size_t crashes = 0;
  size_t restarts = 0;
  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const std::string key = Key(static_cast<int>(random() % 200));
    const uint32_t dice = random() % 1000;
    if (dice < 450) {
      ValueEnvelope value;
      value.payload = std::to_string(step) + std::string(random() % 40, 'x');
      if (random() % 2 == 0) value.expire_at_ms = clock_.NowMs() + 1 + random() % 3000;
      ASSERT_OK(keyspace_->Put(0, key, value));
      model_[key] = {value.payload, value.expire_at_ms};
    } else if (dice < 550) {
      ASSERT_OK_AND_ASSIGN(bool deleted, keyspace_->Delete(0, key));
      EXPECT_EQ(deleted, Live(key)) << key;
      model_.erase(key);
    } else if (dice < 720) {
      ExpectMatches(key);
    } else if (dice < 880) {
      clock_.Advance(random() % 400);
    } else if (dice < 930) {
      ASSERT_OK(keyspace_->ExpireDue(1 + random() % 50).status());
    } else if (dice < 970) {
      ExpectAllMatch();
    } else if (dice < 980) {
      ASSERT_OK(engine_->CompactAll());
    } else if (dice < 990) {
      CloseAll();  // a clean restart
      OpenAll();
      ++restarts;
    } else {
      // A power loss: every write was synced (fsync always), so none may be lost, and no
      // expired key may come back.
      fs_.Freeze();
      fs_.DropUnsyncedData();
      CloseAll();
      fs_.ClearFaults();
      OpenAll();
      ++crashes;
    }
  }
  ExpectAllMatch();
  EXPECT_GT(expired_before_ + keyspace_->expired_keys(), 0u);
  EXPECT_GT(crashes + restarts, 0u) << "this seed never restarted; pick another";
}

INSTANTIATE_TEST_SUITE_P(Seeds, ExpiryModel, ::testing::Values(1u, 2u, 3u),
                         [](const auto& info) { return "Seed" + std::to_string(info.param); });

}  // namespace
}  // namespace stepdb
