// A property test: random puts, overwrites, deletes, scans, full compactions, restarts and
// power losses against a std::map model, with fixed seeds so that a failure replays.
#include <random>

#include "common/testkit/status_matchers.h"
#include "leveled_test_util.h"

namespace stepdb {
namespace {

class LeveledModel : public LeveledTest, public ::testing::WithParamInterface<uint32_t> {};

TEST_P(LeveledModel, RandomOperationsMatchAMap) {
  std::mt19937 random(GetParam());
  ASSERT_OK_AND_ASSIGN(auto engine, Open());
  std::vector<std::string> probes;
  for (int i = 0; i < 300; ++i) probes.push_back(Key(i));
  size_t crashes = 0;
  for (int step = 0; step < 3000; ++step) {
    SCOPED_TRACE("step " + std::to_string(step));
    const std::string key = Key(static_cast<int>(random() % 300));
    const uint32_t dice = random() % 1000;
    if (dice < 600) {
      Put(*engine, key, std::to_string(step) + std::string(random() % 60, 'x'));
    } else if (dice < 850) {
      Delete(*engine, key);
    } else if (dice < 980) {
      // A bounded scan from a random key matches the model's range.
      const std::string end = Key(static_cast<int>(random() % 300));
      const size_t limit = 1 + random() % 20;
      std::vector<std::pair<std::string, std::string>> got, want;
      ASSERT_OK(engine->Scan(key, end, limit, [&](std::string_view k, std::string_view v) {
        got.emplace_back(k, v);
        return true;
      }));
      for (auto it = model_.lower_bound(key); it != model_.end() && want.size() < limit; ++it) {
        if (it->first >= end) break;
        want.emplace_back(it->first, it->second);
      }
      ASSERT_EQ(got, want) << "SCAN " << key << " " << end << " " << limit;
    } else if (dice < 986) {
      ASSERT_OK(engine->CompactAll());
    } else if (dice < 993) {
      engine.reset();  // a clean restart
      ASSERT_OK_AND_ASSIGN(engine, Open());
    } else {
      // A power loss: every write was synced (fsync always), so none may be lost.
      fs_.Freeze();  // nothing the dead engine still does reaches the disk
      fs_.DropUnsyncedData();
      engine.reset();
      fs_.ClearFaults();
      ASSERT_OK_AND_ASSIGN(engine, Open());
      ++crashes;
    }
    if (step % 500 == 499) {
      // A flush or compaction still running has written a table that the MANIFEST does not
      // name yet: let the background work finish before counting the files.
      ASSERT_OK(engine->lsm().Flush());
      ASSERT_OK(engine->WaitForCompactions());
      ExpectMatchesModel(*engine, probes);
      ExpectTreeInvariants(*engine);
    }
  }
  ASSERT_OK(engine->lsm().Flush());
  ASSERT_OK(engine->WaitForCompactions());
  ExpectMatchesModel(*engine, probes);
  ExpectTreeInvariants(*engine);
  EXPECT_GT(engine->lsm().manifest().bytes_compacted, 0u);
  EXPECT_GT(crashes, 0u) << "this seed never crashed; pick another";
}

INSTANTIATE_TEST_SUITE_P(Seeds, LeveledModel, ::testing::Values(1u, 2u, 3u),
                         [](const auto& info) { return "Seed" + std::to_string(info.param); });

}  // namespace
}  // namespace stepdb
