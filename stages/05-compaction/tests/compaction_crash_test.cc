// A crash at any point of a flush or a compaction: the file system fails every write after
// a byte budget, then the machine loses power. After a restart every acknowledged write is
// there, no deleted key is back, and no file is left that the tree does not use.
#include "common/testkit/status_matchers.h"
#include "leveled_test_util.h"

namespace stepdb {
namespace {

using CompactionCrash = LeveledTest;

TEST_F(CompactionCrash, EveryAcknowledgedWriteSurvivesACrashAnywhere) {
  size_t crashes_during_compaction = 0;
  for (uint64_t budget = 0; budget < 60000; budget += 1499) {
    SCOPED_TRACE("writes fail after " + std::to_string(budget) + " bytes");
    fs_.ClearFaults();
    dir_ = "/db" + std::to_string(budget);
    model_.clear();
    std::vector<std::string> probes;
    {
      ASSERT_OK_AND_ASSIGN(auto engine, Open());
      // Enough for several flushes and compactions; then a delete of every third key, whose
      // tombstones compactions must keep until nothing older is below them.
      for (int i = 0; i < 600; ++i) {
        Put(*engine, Key(i), std::string(40, 'a'));
        probes.push_back(Key(i));
      }
      for (int i = 0; i < 600; i += 3) Delete(*engine, Key(i));
      const uint64_t compactions_before = engine->lsm().manifest().bytes_compacted;
      fs_.FailWritesAfter(budget);
      for (int i = 0; i < 600; ++i) {
        const std::string key = Key(i % 2 == 0 ? i : 600 + i);
        probes.push_back(key);
        // A write after the fault may fail; the model keeps only acknowledged ones.
        Status status = i % 5 == 0 ? engine->Delete(key) : engine->Put(key, std::string(40, 'b'));
        if (!status.ok()) break;
        if (i % 5 == 0) {
          model_.erase(key);
        } else {
          model_[key] = std::string(40, 'b');
        }
      }
      (void)engine->WaitForCompactions();
      if (engine->lsm().manifest().bytes_compacted == compactions_before) {
        ++crashes_during_compaction;  // the fault came before any compaction finished
      }
      fs_.Freeze();  // nothing the dead engine still does reaches the disk
      fs_.DropUnsyncedData();
    }
    fs_.ClearFaults();
    ASSERT_OK_AND_ASSIGN(auto engine, Open());
    ExpectMatchesModel(*engine, probes);
    ASSERT_OK(engine->WaitForCompactions());
    ExpectTreeInvariants(*engine);
  }
  EXPECT_GT(crashes_during_compaction, 0u);
}

}  // namespace
}  // namespace stepdb
